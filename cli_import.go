package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"auditwalk/data"
	"auditwalk/data/ingest"
	"auditwalk/model"
)

// importKindsHelp lists what `auditwalk import` understands, in help order.
const importKindsHelp = "inventory | vendors | access-log | changes | reviews"

func newImportCmd(env *cliEnv) *cobra.Command {
	var format string
	var dryRun, noDetect bool
	var mapSpec string
	cmd := &cobra.Command{
		Use:   "import KIND PATH...",
		Short: "Import a client file (inventory, vendors, ...) into the engagement",
		Long: "Import a CSV or JSON file into the engagement file. KIND: " + importKindsHelp + ".\n" +
			"CSV may be comma, semicolon or tab separated, with or without a byte-order mark, with title rows\n" +
			"above the header and notes below the data; headers and values are matched leniently.\n" +
			"The import is all-or-nothing: any rejected row writes nothing and is listed as file:line: reason.\n" +
			"Re-importing the same file changes nothing. --dry-run prints exactly what would change.\n" +
			"PATH - reads standard input. Records (access-log, changes, reviews) take several files, each\n" +
			"imported all-or-nothing in turn, then run detection once (--no-detect leaves that to `detect`).",
		Args: usageArgs(cobra.MinimumNArgs(2)),
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, paths := args[0], args[1:]
			// Each kind plugs in here: a reader/planner pair over the store.
			switch kind {
			case "inventory", "vendors":
				if len(paths) > 1 {
					return usageError{fmt.Errorf("import %s takes one file, got %d", kind, len(paths))}
				}
				return env.importTable(cmd.Context(), kind, paths[0], format, dryRun)
			case "access-log", "changes", "reviews":
				mapping, err := parseMapFlag(mapSpec)
				if err != nil {
					return err
				}
				return importRecords(cmd, env, kind, paths, format, mapping, recordsImportMode{dryRun: dryRun, noDetect: noDetect})
			}
			return usageError{fmt.Errorf("unknown import kind %q (use %s)", kind, importKindsHelp)}
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "file format: csv, tsv or json; access logs also cloudtrail, bedrock-invocation, openai-audit, azure-openai, gcp-vertex (default: detect from the content)")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print what would change and write nothing")
	cmd.Flags().StringVar(&mapSpec, "map", "", "records only: field=column,... for columns or keys with unusual names")
	cmd.Flags().BoolVar(&noDetect, "no-detect", false, "records only: do not run detection after the import (run `auditwalk detect` when the last file is in)")
	return cmd
}

// importTable imports an inventory or vendor file: read, plan against the
// engagement, then apply the plan in one transaction (unless dry-run).
func (e *cliEnv) importTable(ctx context.Context, kind, path, format string, dryRun bool) error {
	name := model.CleanLine(path)
	in, closeIn, err := openImport(path)
	if err != nil {
		return err
	}
	defer closeIn()
	var inv *ingest.InventoryFile
	var vf *ingest.VendorFile
	if kind == "inventory" {
		inv, err = ingest.ReadInventory(name, in, format)
	} else {
		vf, err = ingest.ReadVendors(name, in, format)
	}
	if err != nil {
		return err
	}
	snap, closeStore, st, err := e.importSnapshot(ctx, dryRun)
	if err != nil {
		return err
	}
	defer closeStore()
	var plan ingest.Plan
	if kind == "inventory" {
		plan = ingest.PlanInventory(snap.Systems, snap.Vendors, inv)
	} else {
		plan = ingest.PlanVendors(snap.Vendors, vf)
	}
	if dryRun {
		if err := plan.Describe(e.stdout); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, "dry run: nothing was written")
		if !plan.OK() {
			return fmt.Errorf("%s: %s; the import would be refused", name, countErrors(len(plan.Errors)))
		}
		return nil
	}
	for _, w := range plan.Warnings {
		fmt.Fprintln(e.stderr, "warning: "+oneLine(w.String()))
	}
	if !plan.OK() {
		for _, is := range plan.Errors {
			fmt.Fprintln(e.stderr, oneLine(is.String()))
		}
		return fmt.Errorf("%s: %s; nothing imported", name, countErrors(len(plan.Errors)))
	}
	if len(plan.Systems)+len(plan.Vendors) > 0 {
		systems, vendors := plan.Records()
		if _, _, err := st.ImportInventory(ctx, systems, vendors, name); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "imported %s: %s\n", name, plan.Summary())
	return nil
}

// importStore is what importing needs of the engagement file.
type importStore interface {
	ImportInventory(ctx context.Context, systems []model.System, vendors []model.Vendor, source string) (created, updated int, err error)
}

// importSnapshot loads the engagement's systems and vendors. A dry run opens
// the file read-only, and plans against an empty engagement when the file
// does not exist yet (a real import creates it).
func (e *cliEnv) importSnapshot(ctx context.Context, dryRun bool) (model.Snapshot, func(), importStore, error) {
	if dryRun {
		if _, err := os.Stat(e.dbPath()); errors.Is(err, os.ErrNotExist) {
			return model.Snapshot{}, func() {}, nil, nil
		}
	}
	open := e.createStore
	if dryRun {
		open = func(ctx context.Context) (*data.Store, error) { return e.openStore(ctx, true) }
	}
	st, err := open(ctx)
	if err != nil {
		return model.Snapshot{}, nil, nil, err
	}
	snap, err := st.Load(ctx)
	if err != nil {
		st.Close()
		return model.Snapshot{}, nil, nil, err
	}
	return snap, func() { st.Close() }, st, nil
}

// openImport opens the file to import; "-" is standard input.
func openImport(path string) (io.Reader, func(), error) {
	if path == "-" {
		return os.Stdin, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		f.Close()
		return nil, nil, fmt.Errorf("%s: is a directory, not a file", path)
	}
	return f, func() { f.Close() }, nil
}

func countErrors(n int) string {
	if n == 1 {
		return "1 error"
	}
	return fmt.Sprintf("%d errors", n)
}
