package main

import "github.com/spf13/cobra"

// addLaterCommands registers the subcommands of later features.
func addLaterCommands(root *cobra.Command, env *cliEnv) {
	root.AddCommand(newImportCmd(env), newExportCmd(env))
	root.AddCommand(newWhoamiCmd(env), newPeopleCmd(env), newAssignCmd(env), newMineCmd(env), newAnswerCmd(env),
		newReviewCmd(env), newAttestCmd(env), newPacketCmd(env), newConflictsCmd(env))
	root.AddCommand(newEvidenceCmd(env), newDetectCmd(env), newExceptionsCmd(env))
}
