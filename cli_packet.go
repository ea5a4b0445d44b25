package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"auditwalk/data"
	"auditwalk/model"
)

func newPacketCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "packet",
		Short: "Export an owner's packet, or merge one back",
		Long: "An owner's packet is a new engagement file holding only what that owner needs. The owner\n" +
			"opens it with this same binary (auditwalk --db packet.db --as NAME), answers and attests;\n" +
			"packet merge brings it back without overwriting answers the assessor changed meanwhile.",
		Args: usageArgs(cobra.NoArgs),
	}
	var owner, out string
	export := &cobra.Command{
		Use:   "export --owner NAME --out FILE",
		Short: "Write a new engagement file with only the owner's controls and systems",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if owner == "" || out == "" {
				return usageError{errors.New("give --owner NAME and --out FILE")}
			}
			return exportPacket(cmd.Context(), env, owner, out)
		},
	}
	export.Flags().StringVar(&owner, "owner", "", "the control owner the packet is for")
	export.Flags().StringVar(&out, "out", "", "the packet file to create (must not exist)")
	merge := &cobra.Command{
		Use:   "merge FILE",
		Short: "Bring an owner's packet back (idempotent; conflicts are listed, never overwritten)",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE:  func(cmd *cobra.Command, args []string) error { return mergePacket(cmd.Context(), env, args[0]) },
	}
	cmd.AddCommand(export, merge)
	return cmd
}

func exportPacket(ctx context.Context, env *cliEnv, owner, out string) error {
	st, err := env.openStore(ctx, false)
	if err != nil {
		return err
	}
	defer st.Close()
	w, err := loadWalkState(ctx, env, st, true)
	if err != nil {
		return err
	}
	spec := packetSpec(w, owner)
	if len(spec.Keys) == 0 {
		return fmt.Errorf("%s owns no questions in %s (assign controls or systems first: auditwalk assign)", owner, env.dbPath())
	}
	p, err := st.ExportPacket(ctx, out, spec)
	if err != nil {
		return err
	}
	answered := 0
	for _, k := range spec.Keys {
		if p.Base[model.ReviewKey(k.QuestionID, k.Subject)] != "" {
			answered++
		}
	}
	followUps := ""
	if n := len(spec.Scope); n > 0 {
		followUps = fmt.Sprintf(" and %d follow-ups if their conditions are met", n)
	}
	fmt.Fprintf(env.stdout, "packet %s for %s: %d questions (%d answered)%s, %d systems -> %s\n",
		p.ID, p.Owner, len(spec.Keys), answered, followUps, len(p.Systems), out)
	fmt.Fprintf(env.stdout, "%s opens it with: auditwalk --db %s --as %s\n", p.Owner, out, p.Owner)
	return nil
}

// packetSpec works out an owner's packet: their items, the rest of their
// controls' questions (follow-ups not asked yet), the answers their
// questions' conditions read, and the systems of their items.
func packetSpec(w walkState, owner string) data.PacketSpec {
	spec := data.PacketSpec{Owner: owner}
	if p, ok := w.people.Find(owner); ok {
		spec.Owner = p.Name
	}
	items := model.OwnerItems(w.items, w.assign, owner)
	own := map[model.AnswerKey]bool{}
	for _, it := range items {
		own[it.Key()] = true
		spec.Keys = append(spec.Keys, it.Key())
		if it.System != nil && !slices.Contains(spec.Systems, it.System.ID) {
			spec.Systems = append(spec.Systems, it.System.ID)
		}
	}
	for _, a := range w.assign.Of(owner) {
		if id, err := strconv.ParseInt(a.Target, 10, 64); err == nil && a.Kind == model.AssignSystem && !slices.Contains(spec.Systems, id) {
			spec.Systems = append(spec.Systems, id)
		}
	}
	spec.Scope = ownerScope(w.pack, w.assign, spec.Owner, spec.Systems, own)
	for _, k := range spec.Scope {
		own[k] = true
	}
	for _, it := range items {
		c := it.Question.When
		if c == nil || c.Question == "" {
			continue
		}
		_, parent, ok := w.pack.Question(c.Question)
		if !ok {
			continue
		}
		k := model.AnswerKey{QuestionID: c.Question, Subject: model.SubjectOrg}
		if parent.Applies == model.AppliesPerSystem {
			k.Subject = it.Subject
		}
		if !own[k] && !slices.Contains(spec.Context, k) {
			spec.Context = append(spec.Context, k)
		}
	}
	return spec
}

// ownerScope lists the owner's questions that are not asked now (not in
// asked): every question of a control they own, for the organisation or
// for each of the packet's systems, and of the per-system controls of
// systems they own. Conditions are ignored on purpose: an answer in the
// packet that opens a follow-up must bring the follow-up's answer back too.
func ownerScope(p *model.Pack, as model.Assignments, owner string, systems []int64, asked map[model.AnswerKey]bool) []model.AnswerKey {
	var out []model.AnswerKey
	add := func(ctl *model.Control, subject string, sys *model.System) {
		if !as.Owns(owner, model.Item{Control: ctl, System: sys}) {
			return
		}
		for _, q := range ctl.Questions {
			if k := (model.AnswerKey{QuestionID: q.ID, Subject: subject}); !asked[k] {
				out = append(out, k)
			}
		}
	}
	for si := range p.Sections {
		for ci := range p.Sections[si].Controls {
			ctl := &p.Sections[si].Controls[ci]
			if ctl.Applies != model.AppliesPerSystem {
				add(ctl, model.SubjectOrg, nil)
				continue
			}
			for _, id := range systems {
				add(ctl, model.SystemSubject(id), &model.System{ID: id})
			}
		}
	}
	return out
}

func mergePacket(ctx context.Context, env *cliEnv, path string) error {
	st, err := env.openStore(ctx, false)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := st.MergePacket(ctx, path)
	if err != nil {
		return err
	}
	if !res.Changed() {
		fmt.Fprintf(env.stdout, "packet %s from %s: nothing new to merge (already merged)\n", res.PacketID, res.Owner)
		return nil
	}
	fmt.Fprintf(env.stdout, "packet %s from %s: %d applied, %d already the same, %d conflicts, %d attestations\n",
		res.PacketID, res.Owner, len(res.Applied), len(res.Same), len(res.Conflicts), res.Attestations)
	for _, id := range res.Conflicts {
		fmt.Fprintf(env.stdout, "conflict %d: resolve with auditwalk conflicts resolve %d --take ours|theirs\n", id, id)
	}
	return nil
}

func newConflictsCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "conflicts",
		Short: "List or resolve answers changed both here and in an owner's packet",
		Args:  usageArgs(cobra.NoArgs),
	}
	var all bool
	list := &cobra.Command{
		Use:   "list [--all]",
		Short: "List open conflicts (--all: resolved ones too)",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			status := model.ConflictOpen
			if all {
				status = ""
			}
			return listConflicts(cmd.Context(), env, status)
		},
	}
	list.Flags().BoolVar(&all, "all", false, "include resolved conflicts")
	var take string
	resolve := &cobra.Command{
		Use:   "resolve ID --take ours|theirs",
		Short: "Resolve a conflict by keeping ours or taking the packet's answer",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return usageError{fmt.Errorf("conflict id %q is not a number", args[0])}
			}
			if take != "ours" && take != "theirs" {
				return usageError{errors.New("give --take ours or --take theirs")}
			}
			st, err := env.openStore(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer st.Close()
			c, err := st.ResolveConflict(cmd.Context(), id, take)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "conflict %d (%s): resolved, took %s\n", c.ID, model.ReviewKey(c.Key.QuestionID, c.Key.Subject), c.Resolution)
			return nil
		},
	}
	resolve.Flags().StringVar(&take, "take", "", "ours (keep this file's answer) or theirs (the packet's)")
	cmd.AddCommand(list, resolve)
	return cmd
}

func listConflicts(ctx context.Context, env *cliEnv, status model.ConflictStatus) error {
	st, err := env.openStore(ctx, true)
	if err != nil {
		return err
	}
	defer st.Close()
	pack, err := env.storedPack(ctx, st)
	if err != nil {
		return err
	}
	cs, err := st.Conflicts(ctx, status)
	if err != nil {
		return err
	}
	if len(cs) == 0 {
		fmt.Fprintln(env.stdout, "no conflicts")
		return nil
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tANSWER\tOURS\tTHEIRS\tPACKET")
	for _, c := range cs {
		q, _, _ := pack.Question(c.Key.QuestionID)
		st := string(c.Status)
		if c.Resolution != "" {
			st += " (" + c.Resolution + ", " + model.CleanLine(c.ResolvedBy) + ")"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", c.ID, st, model.ReviewKey(c.Key.QuestionID, c.Key.Subject),
			sideLabel(q, c.Ours, c.OursOK), sideLabel(q, c.Theirs, c.TheirsOK), c.PacketID)
	}
	return tw.Flush()
}

func sideLabel(q *model.Question, a model.Answer, ok bool) string {
	if !ok {
		return "(none)"
	}
	s := model.CleanLine(a.Display(q))
	if a.Note != "" {
		s += " — " + truncateStr(model.CleanLine(a.Note), 30)
	}
	return s + " [" + model.CleanLine(a.UpdatedBy) + "]"
}

func truncateStr(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func newAnswerCmd(env *cliEnv) *cobra.Command {
	var a model.Answer
	var choices, source string
	cmd := &cobra.Command{
		Use:   "answer QID[@subject] [VALUE] [--choices a,b] [--justification J] [--note N]",
		Short: "Record an answer from the command line (as the TUI would)",
		Long:  "For scripts and owners' packets. Yes/no values: yes, no, partial, na (needs --justification), unknown.",
		Args:  usageArgs(cobra.RangeArgs(1, 2)),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, subject, err := model.ParseReviewKey(args[0])
			if err != nil {
				return usageError{err}
			}
			a.QuestionID, a.Subject, a.Source, a.Choices = id, subject, model.Source(source), splitIDs(choices)
			if len(args) == 2 {
				a.Value = args[1]
			}
			return saveAnswer(cmd.Context(), env, a)
		},
	}
	cmd.Flags().StringVar(&choices, "choices", "", "selected options of a multiple-choice question")
	cmd.Flags().StringVar(&a.Justification, "justification", "", "why N/A")
	cmd.Flags().StringVar(&a.Note, "note", "", "a note")
	cmd.Flags().StringVar(&source, "source", "", "interview, document, observation or system-record")
	return cmd
}

func saveAnswer(ctx context.Context, env *cliEnv, a model.Answer) error {
	st, err := env.openStore(ctx, false)
	if err != nil {
		return err
	}
	defer st.Close()
	w, err := loadWalkState(ctx, env, st, true)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(w.items, func(it model.Item) bool { return it.Key() == a.Key() })
	if i < 0 {
		return usageError{fmt.Errorf("%s is not asked in %s (unknown question, wrong subject, or its condition is not met)", model.ReviewKey(a.QuestionID, a.Subject), env.dbPath())}
	}
	if !slices.Contains(model.Sources(), a.Source) {
		return usageError{fmt.Errorf("--source %q: use interview, document, observation or system-record", a.Source)}
	}
	if err := a.Validate(w.items[i].Question); err != nil {
		return usageError{fmt.Errorf("%s: %w", model.ReviewKey(a.QuestionID, a.Subject), err)}
	}
	before, err := st.AnswerReviews(ctx, w.snap.Answers)
	if err != nil {
		return err
	}
	saved, err := st.SaveAnswer(ctx, a)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%s: %s\n", model.ReviewKey(a.QuestionID, a.Subject), model.CleanLine(saved.Display(w.items[i].Question)))
	after, err := st.AnswerReviews(ctx, model.Answers{saved.Key(): saved})
	if err != nil {
		return err
	}
	// Say so when this save sent a reviewed or approved answer back.
	if r := after[saved.Key()]; r.Reset != "" && r.Reset != before[saved.Key()].Reset {
		fmt.Fprintf(env.stdout, "review: back to not-reviewed: %s\n", model.CleanLine(r.Reset))
	}
	return nil
}
