package tui

import (
	"context"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"auditwalk/data"
	"auditwalk/data/export"
	"auditwalk/model"
)

// faultApp builds the App over the fixture as cli_tui.go wires it (the
// export bundle without narratives' templates) for actor, sized w×h, with
// every start-up load settled.
func faultApp(t testing.TB, f *faultEngagement, actor, dbPath string, w, h int) *App {
	t.Helper()
	ctx := context.Background()
	st := f.st
	st.SetActor(actor)
	snap, err := st.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a := New(Config{Store: st, Pack: f.pack, Snapshot: snap, DBPath: dbPath, Actor: actor, Now: faultClock,
		Triage: st, Importer: st, Audit: faultAudit(st, f.pack), Accountability: AccountabilityConfig{Store: st},
		Evidence: EvidenceConfig{Store: st}})
	a.walk.debounce = 0
	a.com.ctx = ctx
	drive(a, a.Init())
	drive(a, func() tea.Msg { return tea.WindowSizeMsg{Width: w, Height: h} })
	return a
}

// faultAudit wires the export, narrative and trail screens to the store.
func faultAudit(st *data.Store, pack *model.Pack) AuditConfig {
	return AuditConfig{
		ExportBundle: func(ctx context.Context) (export.Bundle, error) { return faultBundle(ctx, st, pack) },
		WriteExport:  func(string, export.Bundle, []string, bool) ([]string, error) { return nil, nil },
		Narratives:   st,
		Trail: func(ctx context.Context, f TrailFilter) ([]model.Activity, error) {
			return st.Activity(ctx, data.ActivityFilter{Actor: f.Actor, Entity: f.Entity, EntityID: f.EntityID,
				Since: f.Since, Until: f.Until, BeforeSeq: f.BeforeSeq, Limit: f.Limit})
		},
		Verify: func(ctx context.Context) (VerifyResult, error) {
			rep, err := st.Verify(ctx)
			if err != nil {
				return VerifyResult{}, err
			}
			return VerifyResult{OK: rep.OK(), Records: rep.Records, Problems: rep.Problems()}, nil
		},
	}
}

// faultBundle is the export bundle of the file's registers.
func faultBundle(ctx context.Context, st *data.Store, pack *model.Pack) (export.Bundle, error) {
	snap, err := st.Load(ctx)
	if err != nil {
		return export.Bundle{}, err
	}
	b := export.Bundle{Engagement: snap.Engagement, Pack: pack, Answers: snap.Answers, Systems: snap.Systems,
		Vendors: snap.Vendors, AsOf: "2026-03-20"}
	if b.Exceptions, err = st.Exceptions(ctx); err != nil {
		return b, err
	}
	if b.Tasks, err = st.Tasks(ctx); err != nil {
		return b, err
	}
	if b.Reviews, err = st.Reviews(ctx); err != nil {
		return b, err
	}
	if b.Changes, err = st.Changes(ctx); err != nil {
		return b, err
	}
	ev, err := st.ListEvidence(ctx)
	b.Evidence = export.EvidenceFromModel(ev)
	return b, err
}

// drive runs cmd and everything it leads to, feeding each message back
// into a as the program would, until nothing is left but timers. A load
// is waited for however long it takes (up to loadWait), so what a key
// leads to never depends on how busy the machine is; a timer (a status
// line's, a cursor blink) is given timerWait, which only a zero delay (the
// walkthrough's position save, debounce 0 in tests) meets.
func drive(a *App, cmd tea.Cmd) {
	for depth := 0; cmd != nil && depth < 32; depth++ {
		var next []tea.Cmd
		for _, m := range runSettled(cmd) {
			if _, quit := m.(tea.QuitMsg); quit {
				continue
			}
			_, c := a.Update(m)
			next = append(next, c)
		}
		cmd = tea.Batch(next...)
	}
}

const (
	loadWait  = 30 * time.Second
	timerWait = 20 * time.Millisecond
)

// runSettled runs cmd and the commands its batches and sequences hold,
// concurrently, and returns the messages they yield once each has
// returned or run out of its wait.
func runSettled(cmd tea.Cmd) []tea.Msg {
	var (
		mu  sync.Mutex
		out []tea.Msg
		wg  sync.WaitGroup
	)
	var start func(tea.Cmd)
	start = func(c tea.Cmd) {
		if c == nil {
			return
		}
		wait := loadWait
		if isTimer(c) {
			wait = timerWait
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := make(chan tea.Msg, 1)
			go func() { res <- c() }()
			var m tea.Msg
			select {
			case m = <-res:
			case <-time.After(wait):
				return
			}
			if b, ok := m.(tea.BatchMsg); ok {
				for _, c := range b {
					start(c)
				}
				return
			}
			if v := reflect.ValueOf(m); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
				for i := range v.Len() { // a sequence, run as a batch
					start(v.Index(i).Interface().(tea.Cmd))
				}
				return
			}
			if m != nil {
				mu.Lock()
				out = append(out, m)
				mu.Unlock()
			}
		}()
	}
	start(cmd)
	wg.Wait()
	return out
}

// isTimer reports whether cmd waits on a clock rather than doing work: a
// tea.Tick or tea.Every, or a cursor blink.
func isTimer(cmd tea.Cmd) bool {
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	return strings.HasPrefix(name, "charm.land/bubbletea/v2.Tick.") ||
		strings.HasPrefix(name, "charm.land/bubbletea/v2.Every.") ||
		strings.HasPrefix(name, "charm.land/bubbles/v2/cursor.")
}

// pressAll presses each key (names as keyMsg takes them) and drives what it
// causes.
func pressAll(a *App, ks ...string) {
	for _, k := range ks {
		drive(a, func() tea.Msg { return keyMsg(k) })
	}
}
