package main

import (
	"context"

	"auditwalk/tui"
)

// runTUI opens (creating if needed) the engagement file and runs the
// walkthrough. Everything the screens show is loaded here, before the
// program starts, so the TUI never does I/O in Update or View.
func (e *cliEnv) runTUI(ctx context.Context) error {
	st, err := e.createStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	pack, err := e.engagementPack(ctx, st)
	if err != nil {
		return err
	}
	snap, err := st.Load(ctx)
	if err != nil {
		return err
	}
	return tui.Run(ctx, tui.Config{Store: st, Pack: pack, Snapshot: snap, DBPath: e.dbPath(), Actor: e.actorName()})
}
