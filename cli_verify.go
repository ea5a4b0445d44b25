package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"auditwalk/data"
)

func newVerifyCmd(env *cliEnv) *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Check file integrity and the hash-chained activity trail",
		Long: "Run SQLite's integrity check, recompute the activity trail's hash chain, and compare every\n" +
			"answer, system and vendor row with its last trail record. Exits 1 naming the first problem.",
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := env.openStore(ctx, true)
			if err != nil {
				return err
			}
			defer st.Close()
			rep, err := st.Verify(ctx)
			if err != nil {
				return err
			}
			return printVerify(env, rep)
		},
	}
}

func printVerify(env *cliEnv, rep data.Report) error {
	if rep.OK() {
		fmt.Fprintf(env.stdout, "%s: ok (integrity ok, %d trail records chained, every row matches the trail)\n", env.dbPath(), rep.Records)
		return nil
	}
	problems := rep.Problems()
	for _, p := range problems {
		fmt.Fprintln(env.stderr, env.dbPath()+": "+oneLine(p))
	}
	return fmt.Errorf("%s: verification failed (%d problems; the first is listed first)", env.dbPath(), len(problems))
}
