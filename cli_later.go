package main

import "github.com/spf13/cobra"

// addLaterCommands registers the subcommands of later features.
func addLaterCommands(root *cobra.Command, env *cliEnv) {
	root.AddCommand(newImportCmd(env))
}
