package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"auditwalk/model"
	"auditwalk/questionnaires"
)

func newPackCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pack",
		Short: "List or validate questionnaire packs",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usageError{fmt.Errorf("pack needs a subcommand: list or validate PATH")}
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "list",
		Short: "List the built-in packs and those in --packs DIR",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			packs, err := env.availablePacks()
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tVERSION\tCONTROLS\tQUESTIONS\tTITLE\tSOURCE")
			for _, p := range packs {
				i := questionnaires.Describe(p)
				fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\n", i.ID, i.Version, i.Controls, i.Questions, model.CleanLine(i.Title), i.Source)
			}
			return tw.Flush()
		},
	})
	cmd.AddCommand(&cobra.Command{
		Use:   "validate PATH",
		Short: "Check a pack file (or every pack in a directory); errors as file:line: message",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return validatePacks(env, args[0])
		},
	})
	return cmd
}

// validatePacks checks a pack file, or every *.yaml/*.yml in a directory,
// printing each problem as file:line: message. Any problem exits 1.
func validatePacks(env *cliEnv, path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	files := []string{path}
	if info.IsDir() {
		files = nil
		for _, pat := range []string{"*.yaml", "*.yml"} {
			m, _ := filepath.Glob(filepath.Join(path, pat))
			files = append(files, m...)
		}
		sort.Strings(files)
		if len(files) == 0 {
			return fmt.Errorf("%s: no .yaml pack files here", path)
		}
	}
	bad := 0
	for _, f := range files {
		problems := questionnaires.Validate(f)
		for _, p := range problems {
			fmt.Fprintln(env.stderr, oneLine(p))
		}
		if len(problems) > 0 {
			bad++
			continue
		}
		fmt.Fprintf(env.stdout, "%s: ok\n", f)
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d pack files have problems", bad, len(files))
	}
	return nil
}
