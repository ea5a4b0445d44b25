// Command auditwalk runs SOC 2 audit-readiness walkthroughs of AI systems in
// the terminal. This file only wires the CLI: flags → open the engagement
// file → run the TUI or a subcommand.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Exit codes of the CLI contract.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// softMemoryLimit keeps the footprint small on a laptop with a large
// engagement (a million log records, thousands of systems): near it the
// garbage collector works harder, but it never fails an allocation.
// GOMEMLIMIT, when set, wins. At 128 MiB, detection after a 1M-line import
// (about 60 MB live) let the heap grow to the limit and the process peak at
// 157-182 MB; at 96 MiB it peaks at 131-135 MB (issue 8: at most 150).
const softMemoryLimit = 96 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
	stop, err := startProfile()
	if err != nil {
		fmt.Fprintln(os.Stderr, "auditwalk: "+err.Error())
		os.Exit(exitFailure)
	}
	code := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the CLI and returns the process exit code. Errors are printed
// to stderr as one line.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	env := newCLIEnv(stdout, stderr)
	root := newRootCmd(env)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "auditwalk: "+oneLine(err.Error()))
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFailure
}

func newRootCmd(env *cliEnv) *cobra.Command {
	root := &cobra.Command{
		Use:   "auditwalk",
		Short: "SOC 2 audit-readiness walkthroughs of AI systems",
		Long: "auditwalk guides a SOC 2 readiness walkthrough of an organisation's AI systems: control\n" +
			"questionnaires, AI inventory and vendors, evidence and exceptions, exports.\n" +
			"Everything lives in one local SQLite engagement file. No network, ever.",
		Args:          usageArgs(cobra.NoArgs),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return env.runTUI(cmd.Context())
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	env.bindGlobalFlags(root)
	root.AddCommand(
		newStatusCmd(env),
		newPackCmd(env),
		newVerifyCmd(env),
	)
	addLaterCommands(root, env)
	return root
}

// usageError marks errors that should exit with code 2.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// usageArgs wraps a cobra argument validator so its errors exit with code 2.
func usageArgs(v cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := v(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}

func oneLine(s string) string {
	out := []rune{}
	for _, r := range s {
		if r == '\n' || r == '\r' {
			r = ' '
		}
		out = append(out, r)
	}
	return string(out)
}
