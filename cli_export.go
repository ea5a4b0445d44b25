package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"auditwalk/data"
	"auditwalk/data/export"
	"auditwalk/model"
	"auditwalk/questionnaires"
)

func newExportCmd(env *cliEnv) *cobra.Command {
	var out, asOf string
	var formats []string
	var force bool
	cmd := &cobra.Command{
		Use:   "export --out DIR",
		Short: "Write audit-ready Markdown, CSV, JSON and OSCAL files plus a SHA-256 manifest",
		Long: "Write the engagement's documents to DIR: Markdown (readiness report, control narratives,\n" +
			"registers, remediation plan, evidence index, crosswalk), CSV and JSON registers, OSCAL\n" +
			"assessment results and POA&M, TRAIL-HEAD and MANIFEST.sha256 (check with sha256sum -c).\n" +
			"The same engagement always exports byte-identical files.",
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usageError{errors.New("export needs --out DIR")}
			}
			fs, err := export.ParseFormats(formats)
			if err != nil {
				return usageError{err}
			}
			ctx := cmd.Context()
			st, err := env.openStore(ctx, true)
			if err != nil {
				return err
			}
			defer st.Close()
			// A second read-only handle, so that the two halves of the
			// reading (see loadBundle) run at once.
			aux, err := env.openStore(ctx, true)
			if err != nil {
				return err
			}
			defer aux.Close()
			b, err := loadBundle(ctx, st, aux, func() (*model.Pack, error) { return env.storedPack(ctx, aux) },
				model.Date(asOf), time.Now)
			if err != nil {
				return err
			}
			written, err := export.Write(out, b, fs, force)
			if err != nil {
				return err
			}
			shown := b.AsOf // the date the documents carry: --as-of, else the engagement's
			if shown == "" {
				shown = b.Engagement.AsOf
			}
			fmt.Fprintf(env.stdout, "exported %d files to %s (as of %s); check with: cd %s && sha256sum -c MANIFEST.sha256\n",
				len(written), out, shown, out)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&out, "out", "", "output directory (must be empty unless --force)")
	f.StringSliceVar(&formats, "format", nil, "comma-separated: markdown,csv,json,oscal (default all)")
	f.StringVar(&asOf, "as-of", "", "date stamped on the documents (default the engagement's as-of date, else today)")
	f.BoolVar(&force, "force", false, "overwrite a previous export in a non-empty directory")
	return cmd
}

// buildBundle reads everything an export needs from the store. The export
// itself never reads the clock; the as-of date falls back to the
// engagement's, then to today.
func buildBundle(ctx context.Context, st *data.Store, pack *model.Pack, asOf model.Date, now func() time.Time) (export.Bundle, error) {
	return loadBundle(ctx, st, st, func() (*model.Pack, error) { return pack, nil }, asOf, now)
}

// loadBundle is buildBundle reading through two handles of the same file:
// the exceptions (about half the reading: their lists and history are
// decoded from JSON) through aux, everything else through st, both at once
// when they are different handles (each handle has one connection).
// loadPack returns the pack.
func loadBundle(ctx context.Context, st, aux *data.Store, loadPack func() (*model.Pack, error), asOf model.Date,
	now func() time.Time) (export.Bundle, error) {
	if asOf != "" {
		d, err := model.ParseDate(string(asOf))
		if err != nil {
			return export.Bundle{}, usageError{fmt.Errorf("--as-of: %w", err)}
		}
		asOf = d
	}
	var b export.Bundle
	var snap model.Snapshot
	var pack *model.Pack
	mainHalf := func() (err error) {
		if snap, err = st.Load(ctx); err != nil {
			return err
		}
		b.Engagement, b.Answers, b.Systems, b.Vendors = snap.Engagement, snap.Answers, snap.Systems, snap.Vendors
		if err := fillBundleRecords(ctx, st, &b); err != nil {
			return err
		}
		if b.Tasks, err = st.Tasks(ctx); err != nil {
			return err
		}
		pack, err = loadPack()
		return err
	}
	auxHalf := func() (err error) {
		b.Exceptions, err = aux.Exceptions(ctx)
		return err
	}
	if err := both(st != aux, mainHalf, auxHalf); err != nil {
		return export.Bundle{}, err
	}
	b.Pack, b.AsOf = pack, asOf
	if b.AsOf == "" && b.Engagement.AsOf == "" {
		b.AsOf = model.DateOf(now())
	}
	b.Narrator = narrator(pack, snap)
	return b, nil
}

// both runs f and g, at once when concurrent is set, and returns the
// first error (f's when both fail).
func both(concurrent bool, f, g func() error) error {
	if !concurrent {
		if err := f(); err != nil {
			return err
		}
		return g()
	}
	errs := make(chan error, 1)
	go func() { errs <- g() }()
	ferr := f()
	gerr := <-errs
	if ferr != nil {
		return ferr
	}
	return gerr
}

// fillBundleRecords adds the registers kept outside the snapshot, except
// the exceptions and tasks (see loadBundle).
func fillBundleRecords(ctx context.Context, st *data.Store, b *export.Bundle) error {
	var err error
	if b.Reviews, err = st.Reviews(ctx); err != nil {
		return err
	}
	if b.Changes, err = st.Changes(ctx); err != nil {
		return err
	}
	ev, err := st.ListEvidence(ctx)
	if err != nil {
		return err
	}
	b.Evidence = export.EvidenceFromModel(ev)
	reviews, err := st.ReviewStates(ctx)
	if err != nil {
		return err
	}
	b.Approvals = export.ApprovalsFromModel(reviews, answerAuthor(b.Answers))
	att, err := st.Attestations(ctx)
	if err != nil {
		return err
	}
	b.Attestations = export.AttestationsFromModel(att, b.Answers)
	if err := fillNarratives(ctx, st, b); err != nil {
		return err
	}
	return trailIdentity(ctx, st, b)
}

// fillNarratives adds the narratives edited in the app, so the export
// marks them edited and keeps the generated text beside them.
func fillNarratives(ctx context.Context, st *data.Store, b *export.Bundle) error {
	list, err := st.Narratives(ctx)
	if err != nil {
		return err
	}
	b.Narratives = make(map[export.NarrativeKey]export.Narrative, len(list))
	for _, n := range list {
		b.Narratives[export.NarrativeKey{ControlID: n.ControlID, Subject: n.Subject}] = export.Narrative{
			Text: n.Text, Generated: n.Generated, EditedBy: n.EditedBy, EditedAt: n.EditedAt}
	}
	return nil
}

// trailIdentity sets the trail head and the engagement id. The id is the
// hash of the file's first trail record: unique per file, never changing
// for its lifetime (the chain makes any change detectable), so OSCAL UUIDs
// stay stable across re-exports even if the client is renamed.
func trailIdentity(ctx context.Context, st *data.Store, b *export.Bundle) error {
	head, err := st.Activity(ctx, data.ActivityFilter{Limit: 1})
	if err != nil {
		return err
	}
	if len(head) > 0 {
		b.TrailHead = head[0].Hash
	}
	first, err := st.Activity(ctx, data.ActivityFilter{Oldest: true, Limit: 1})
	if err != nil || len(first) == 0 {
		return err
	}
	b.EngagementID = first[0].Hash
	return nil
}

func answerAuthor(answers model.Answers) func(model.ReviewKind, string) string {
	return func(kind model.ReviewKind, key string) string {
		if kind != model.ReviewAnswer {
			return ""
		}
		q, subj, _ := strings.Cut(key, "@")
		if subj == "" {
			subj = model.SubjectOrg
		}
		return answers[model.AnswerKey{QuestionID: q, Subject: subj}].UpdatedBy
	}
}

// narrator renders a control's narrative template for a subject from the
// snapshot's answers. Each control's template is parsed once per export,
// not once per subject.
func narrator(pack *model.Pack, snap model.Snapshot) export.Narrator {
	r := questionnaires.NewNarrativeRenderer()
	systems := map[int64]*model.System{}
	for i := range snap.Systems {
		systems[snap.Systems[i].ID] = &snap.Systems[i]
	}
	return func(ctl *model.Control, subject string) (string, error) {
		d := questionnaires.NarrativeData{Pack: pack, Engagement: snap.Engagement, Subject: subject, Answers: snap.Answers}
		if id, ok := model.SubjectSystemID(subject); ok {
			d.System = systems[id]
		}
		return r.Render(ctl, d)
	}
}
