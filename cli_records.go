package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"auditwalk/data"
	"auditwalk/data/ingest/records"
	"auditwalk/model"
)

// parseMapFlag reads --map field=column,... (a usage error when malformed).
func parseMapFlag(spec string) (map[string]string, error) {
	m, err := records.ParseMapping(spec)
	if err != nil {
		return nil, usageError{err}
	}
	return m, nil
}

// recordsImportMode is how `import access-log|changes|reviews` runs.
type recordsImportMode struct {
	dryRun   bool // parse and count, write nothing
	noDetect bool // leave detection to a later `auditwalk detect`
}

// importRecords imports access logs, change records or review records
// (kind access-log, changes or reviews), each file in its own
// all-or-nothing transaction, in order, stopping at the first that fails
// (the files before it stay imported and say so). Detection then runs once
// over the engagement, unless mode.noDetect: importing thirty daily
// CloudTrail files should not run it thirty times. A dry run parses and
// counts, writing nothing.
func importRecords(cmd *cobra.Command, env *cliEnv, kind string, paths []string, format string, mapping map[string]string, mode recordsImportMode) error {
	ctx := cmd.Context()
	f, err := records.ParseFormat(format)
	if err != nil {
		return usageError{err}
	}
	if mode.dryRun {
		for _, path := range paths {
			if err := env.importRecordsFile(ctx, nil, kind, path, f, mapping); err != nil {
				return err
			}
		}
		return nil
	}
	st, err := env.createStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	for i, path := range paths {
		if err := env.importRecordsFile(ctx, st, kind, path, f, mapping); err != nil {
			if i > 0 {
				fmt.Fprintf(env.stderr, "%d of %d files were imported before this one\n", i, len(paths))
			}
			return err
		}
	}
	if mode.noDetect {
		fmt.Fprintln(env.stdout, "detection not run (--no-detect): run `auditwalk detect` when the last file is in")
		return nil
	}
	return env.detect(ctx, st)
}

// importRecordsFile imports one records file in one transaction into st,
// or, with st nil, dry-runs it: parses and counts, writing nothing.
func (e *cliEnv) importRecordsFile(ctx context.Context, st *data.Store, kind, path string, f records.Format, mapping map[string]string) error {
	name := model.CleanLine(path)
	in, closeIn, err := openImport(path)
	if err != nil {
		return err
	}
	defer closeIn()
	if st == nil {
		res, err := e.dryRunRecords(ctx, kind, name, in, f, mapping)
		if err != nil {
			return importFailure(e, name, err)
		}
		fmt.Fprintf(e.stdout, "dry run: %s (%s): %s; nothing was written\n", name, res.Format, importCounts(res))
		return nil
	}
	res, err := st.ImportRecords(ctx, kind, name, in, f, records.ColumnMapping(mapping), false)
	if err != nil {
		return importFailure(e, name, err)
	}
	fmt.Fprintf(e.stdout, "imported %s (%s): %s\n", name, res.Format, importCounts(res))
	return nil
}

// dryRunRecords counts against the engagement file when there is one, else
// against nothing (every record is new).
func (e *cliEnv) dryRunRecords(ctx context.Context, kind, name string, in io.Reader, f records.Format, mapping map[string]string) (data.ImportResult, error) {
	if _, err := os.Stat(e.dbPath()); errors.Is(err, os.ErrNotExist) {
		return data.DryRunRecords(kind, name, in, f, records.ColumnMapping(mapping))
	}
	st, err := e.openStore(ctx, true)
	if err != nil {
		return data.ImportResult{}, err
	}
	defer st.Close()
	return st.ImportRecords(ctx, kind, name, in, f, records.ColumnMapping(mapping), true)
}

// importFailure prints every row error on its own line and returns a
// one-line summary; a single error is returned as it is.
func importFailure(env *cliEnv, name string, err error) error {
	var many records.RowErrors
	if !errors.As(err, &many) {
		return err
	}
	for _, re := range many {
		fmt.Fprintln(env.stderr, oneLine(re.Error()))
	}
	return fmt.Errorf("%s: %s; nothing imported", name, countErrors(len(many)))
}

func importCounts(res data.ImportResult) string {
	s := fmt.Sprintf("%d records: %d new, %d already present", res.Rows, res.New, res.Present)
	if res.Skipped > 0 {
		s += fmt.Sprintf("; %d entries skipped (not AI activity)", res.Skipped)
	}
	return s
}

// detect re-runs detection on an open writable store and prints counts.
func (e *cliEnv) detect(ctx context.Context, st *data.Store) error {
	pack, err := e.storedPack(ctx, st)
	if err != nil {
		return err
	}
	sum, err := st.RunDetection(ctx, pack, time.Time{})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s\n", plural(sum.New, "new exception", "new exceptions"))
	if sum.Updated+sum.Reopened+sum.Closed+sum.Expired > 0 {
		fmt.Fprintf(e.stdout, "%d updated, %d reopened, %d closed (no longer detected), %d risk acceptances expired\n",
			sum.Updated, sum.Reopened, sum.Closed, sum.Expired)
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func newDetectCmd(env *cliEnv) *cobra.Command {
	return &cobra.Command{
		Use:   "detect",
		Short: "Re-run exception detection over the engagement's data",
		Long: "Run every detection rule over answers, inventory, vendors and imported records, and reconcile\n" +
			"the findings with the exception queue: new findings are added, fixed ones closed with a note,\n" +
			"expired risk acceptances reopened. Running it twice changes nothing.",
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := env.openStore(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer st.Close()
			return env.detect(cmd.Context(), st)
		},
	}
}

func newExceptionsCmd(env *cliEnv) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "exceptions",
		Short: "List the exception queue (needing work first, worst first)",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := env.openStore(ctx, true)
			if err != nil {
				return err
			}
			defer st.Close()
			list, err := st.Exceptions(ctx)
			if err != nil {
				return err
			}
			model.SortQueue(list)
			if asJSON {
				if list == nil {
					list = []model.Exception{}
				}
				return writeJSON(env.stdout, list)
			}
			tasks, err := st.Tasks(ctx)
			if err != nil {
				return err
			}
			writeExceptions(env.stdout, list, tasks)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the queue as JSON")
	return cmd
}

func writeExceptions(w io.Writer, list []model.Exception, tasks []model.RemediationTask) {
	c := model.CountExceptions(list, tasks, time.Now())
	fmt.Fprintf(w, "%d exceptions, %d needing work (%s), %s\n", c.Total, c.Active,
		severityLine(c.BySeverity), plural(c.OverdueTasks, "overdue task", "overdue tasks"))
	for _, e := range list {
		fmt.Fprintf(w, "%-6s %-8s %-14s %-19s %s\n", e.Ref(), e.Severity, e.Status, e.Kind, model.CleanLine(e.Title))
	}
}

func severityLine(m map[model.Severity]int) string {
	parts := make([]string, 0, 4)
	for _, s := range model.Severities() {
		parts = append(parts, fmt.Sprintf("%d %s", m[s], s))
	}
	return strings.Join(parts, ", ")
}

// exceptionStatus is the exceptions object of `status --json`.
func exceptionStatus(ctx context.Context, st *data.Store) (model.ExceptionCounts, error) {
	list, err := st.Exceptions(ctx)
	if err != nil {
		return model.ExceptionCounts{}, err
	}
	tasks, err := st.Tasks(ctx)
	if err != nil {
		return model.ExceptionCounts{}, err
	}
	return model.CountExceptions(list, tasks, time.Now()), nil
}

func newEvidenceCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "evidence",
		Short: "Attach, list, check and extract evidence files",
		Args:  usageArgs(cobra.NoArgs),
	}
	cmd.AddCommand(newEvidenceAttachCmd(env), newEvidenceListCmd(env), newEvidenceCheckCmd(env), newEvidenceExtractCmd(env))
	return cmd
}

func newEvidenceAttachCmd(env *cliEnv) *cobra.Command {
	var to, effective, retain, note string
	var refOnly bool
	var maxMB int64
	cmd := &cobra.Command{
		Use:   "attach --to TARGET PATH",
		Short: "Attach a file (hashed; stored in the engagement file unless large or --reference-only)",
		Long: "Attach a file to TARGET: answer:QID[@subject] (subject org or system:NAME), system:NAME,\n" +
			"vendor:NAME or exception:ID. The file's SHA-256, size, who and when are recorded. Files up to\n" +
			"--max-stored-mb are stored inside the engagement file so it travels as one package; larger ones,\n" +
			"or any with --reference-only, keep only the path and hash (check them later with evidence check).",
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if to == "" {
				return usageError{errors.New("evidence attach: --to is required")}
			}
			opts := data.AttachOptions{ReferenceOnly: refOnly, MaxStoredBytes: maxMB << 20, Note: note}
			var err error
			if opts.EffectiveDate, err = model.ParseDate(effective); err != nil {
				return usageError{fmt.Errorf("--effective: %w", err)}
			}
			if opts.Retention, err = model.ParseDate(retain); err != nil {
				return usageError{fmt.Errorf("--retain-until: %w", err)}
			}
			tgt, err := model.ParseEvidenceTarget(to)
			if err != nil {
				return usageError{err}
			}
			return env.attachEvidence(cmd.Context(), tgt, args[0], opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&to, "to", "", "what the file supports: answer:QID[@subject] | system:NAME | vendor:NAME | exception:ID")
	f.StringVar(&effective, "effective", "", "the date the evidence speaks for (YYYY-MM-DD)")
	f.StringVar(&retain, "retain-until", "", "keep the evidence until this date (YYYY-MM-DD)")
	f.BoolVar(&refOnly, "reference-only", false, "keep only the path and hash (the file may not leave the site)")
	f.Int64Var(&maxMB, "max-stored-mb", data.DefaultMaxStoredBytes>>20, "largest file stored in the engagement file, in MiB")
	f.StringVar(&note, "note", "", "a short description")
	return cmd
}

func (e *cliEnv) attachEvidence(ctx context.Context, tgt model.EvidenceTarget, path string, opts data.AttachOptions) error {
	st, err := e.openStore(ctx, false)
	if err != nil {
		return err
	}
	defer st.Close()
	if tgt.Type == model.TargetAnswer {
		pack, err := e.storedPack(ctx, st)
		if err != nil {
			return err
		}
		q, _, _ := strings.Cut(tgt.Key, "@")
		if _, _, ok := pack.Question(q); !ok {
			return usageError{fmt.Errorf("evidence attach: pack %s has no question %q", pack.ID, q)}
		}
	}
	ev, err := st.AttachEvidence(ctx, tgt.String(), path, opts)
	if err != nil {
		return err
	}
	how := "stored in the engagement file"
	if !ev.Stored {
		how = "kept by reference only"
	}
	fmt.Fprintf(e.stdout, "attached %s %s (%d bytes, sha256 %s) to %s: %s\n", ev.Ref(), model.CleanLine(ev.Name), ev.Size, ev.SHA256, ev.Target, how)
	return nil
}

func newEvidenceListCmd(env *cliEnv) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List evidence files with their hashes",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := env.openStore(ctx, true)
			if err != nil {
				return err
			}
			defer st.Close()
			list, err := st.ListEvidence(ctx)
			if err != nil {
				return err
			}
			snap, err := st.Load(ctx)
			if err != nil {
				return err
			}
			if asJSON {
				if list == nil {
					list = []model.Evidence{}
				}
				return writeJSON(env.stdout, list)
			}
			for _, ev := range list {
				writeEvidenceLine(env.stdout, ev, snap.Engagement)
			}
			fmt.Fprintln(env.stdout, plural(len(list), "evidence file", "evidence files"))
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the list as JSON")
	return cmd
}

func writeEvidenceLine(w io.Writer, ev model.Evidence, eng model.Engagement) {
	kept := "stored"
	if !ev.Stored {
		kept = "reference"
	}
	line := fmt.Sprintf("%-6s %-24s %-30s %10d  %s  %-9s", ev.Ref(), truncate(ev.Target.String(), 24),
		truncate(model.CleanLine(ev.Name), 30), ev.Size, ev.SHA256[:16], kept)
	if ev.EffectiveDate != "" {
		line += " effective " + string(ev.EffectiveDate)
	}
	if out, why := model.EvidenceOutsidePeriod(ev, eng); out {
		line += " [outside period: " + why + "]"
	}
	fmt.Fprintln(w, line)
}

func newEvidenceCheckCmd(env *cliEnv) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Re-hash every evidence file; exit 1 if any changed or is missing",
		Long: "Re-hash stored evidence against its stored bytes and referenced evidence against the file at its\n" +
			"path. Evidence dated outside a Type 2 observation period is flagged (a warning, not a failure).",
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := env.openStore(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer st.Close()
			checks, err := st.RehashEvidence(cmd.Context())
			if err != nil {
				return err
			}
			failed := 0
			for _, c := range checks {
				if c.Failed() {
					failed++
					fmt.Fprintf(env.stdout, "%s %s: %s: %s\n", c.Evidence.Ref(), model.CleanLine(c.Evidence.Name), c.Status, model.CleanLine(c.Detail))
				}
				if c.OutsidePeriod {
					fmt.Fprintf(env.stdout, "%s %s: warning: %s\n", c.Evidence.Ref(), model.CleanLine(c.Evidence.Name), c.PeriodNote)
				}
			}
			fmt.Fprintf(env.stdout, "%s checked: %d ok, %d changed or missing\n", plural(len(checks), "evidence file", "evidence files"), len(checks)-failed, failed)
			if failed > 0 {
				return fmt.Errorf("evidence check: %d of %d files changed or missing", failed, len(checks))
			}
			return nil
		},
	}
}

func newEvidenceExtractCmd(env *cliEnv) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "extract EV-ID [--out FILE]",
		Short: "Write a stored evidence file's bytes to FILE (default standard output)",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(strings.TrimPrefix(strings.ToUpper(args[0]), "EV-"), 10, 64)
			if err != nil {
				return usageError{fmt.Errorf("evidence extract: %q is not an evidence id (EV-3 or 3)", args[0])}
			}
			st, err := env.openStore(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer st.Close()
			if out == "" {
				return st.ExtractEvidence(cmd.Context(), id, env.stdout)
			}
			f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
			if err != nil {
				return err
			}
			if err := st.ExtractEvidence(cmd.Context(), id, f); err != nil {
				f.Close()
				os.Remove(out)
				return err
			}
			return f.Close()
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "file to write (must not exist)")
	return cmd
}
