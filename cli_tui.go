package main

import (
	"context"
	"time"

	"auditwalk/data"
	"auditwalk/data/export"
	"auditwalk/model"
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
	return tui.Run(ctx, tui.Config{Store: st, Pack: pack, Snapshot: snap, DBPath: e.dbPath(), Actor: e.actorName(),
		Audit: auditConfig(st, pack)})
}

// auditConfig wires the export, narrative and trail screens to the store.
// The TUI calls each func inside a command, never on its event loop.
func auditConfig(st *data.Store, pack *model.Pack) tui.AuditConfig {
	return tui.AuditConfig{
		ExportBundle: func(ctx context.Context) (export.Bundle, error) {
			return buildBundle(ctx, st, pack, "", time.Now)
		},
		WriteExport: export.Write,
		Narratives:  st,
		Trail: func(ctx context.Context, f tui.TrailFilter) ([]model.Activity, error) {
			return st.Activity(ctx, data.ActivityFilter{Actor: f.Actor, Entity: f.Entity, EntityID: f.EntityID,
				Since: f.Since, Until: f.Until, BeforeSeq: f.BeforeSeq, Limit: f.Limit})
		},
		Verify: func(ctx context.Context) (tui.VerifyResult, error) {
			rep, err := st.Verify(ctx)
			if err != nil {
				return tui.VerifyResult{}, err
			}
			return tui.VerifyResult{OK: rep.OK(), Records: rep.Records, Problems: rep.Problems()}, nil
		},
	}
}
