package main

import (
	"context"
	"os"
	"time"

	"auditwalk/data"
	"auditwalk/data/export"
	"auditwalk/model"
	"auditwalk/tui"
)

// The TUI's accountability screens use the store directly.
var _ model.AccountabilityStore = (*data.Store)(nil)

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
		Triage: st, Importer: st, Audit: auditConfig(st, pack), Accountability: e.accountability(st),
		Evidence: evidenceConfig(st), Detect: detectFunc(st, pack)}) // cli_tui_evidence.go
}

// accountability wires the people, review, attestation and conflict
// screens to the store, and the identity prompt to the file `whoami --set`
// writes. The prompt shows only when nothing said who runs auditwalk: no
// --as, no $AUDITWALK_AS, no saved identity (the login name is a guess).
func (e *cliEnv) accountability(st *data.Store) tui.AccountabilityConfig {
	return tui.AccountabilityConfig{
		Store:       st,
		AskIdentity: e.actor == "" && os.Getenv("AUDITWALK_AS") == "" && savedIdentity() == "",
		SaveIdentity: func(_ context.Context, name string) (string, error) {
			// The store records the new name from the next write on,
			// whether or not the file can be written.
			st.SetActor(name)
			return writeIdentity(name)
		},
		Sign: data.SignPayload,
	}
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
