package tui

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"auditwalk/data/export"
	"auditwalk/model"
)

// fakeAudit backs the export, narrative and trail screens in tests and
// records every call.
type fakeAudit struct {
	mu         sync.Mutex
	narratives map[string]model.Narrative
	saves      []model.Narrative
	deletes    []string
	writes     []fakeWrite
	writeErr   error
	nonEmpty   map[string]bool // dirs that refuse a write without force
	trail      []model.Activity
	filters    []TrailFilter
	verify     VerifyResult
}

type fakeWrite struct {
	dir     string
	formats []string
	force   bool
}

func newFakeAudit() *fakeAudit {
	f := &fakeAudit{narratives: map[string]model.Narrative{}, nonEmpty: map[string]bool{}}
	base := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	actors := []string{"sam", "alice"}
	entities := []string{"answer", "system", "narrative"}
	for i := 1; i <= 450; i++ {
		f.trail = append(f.trail, model.Activity{Seq: int64(i), At: base.Add(time.Duration(i) * time.Hour),
			Actor: actors[i%2], Action: "update", Entity: entities[i%3], EntityID: "id-" + itoa(i),
			Before: "not json \x1b[31mred", After: `{"value":"yes"}`, Hash: strings.Repeat("a", 64)})
	}
	f.verify = VerifyResult{OK: true, Records: 450}
	return f
}

func (f *fakeAudit) Narratives(context.Context) ([]model.Narrative, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []model.Narrative
	for _, n := range f.narratives {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	return out, nil
}

func (f *fakeAudit) SaveNarrative(_ context.Context, n model.Narrative) (model.Narrative, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n.EditedAt = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	f.saves = append(f.saves, n)
	f.narratives[n.Key()] = n
	return n, nil
}

func (f *fakeAudit) DeleteNarrative(_ context.Context, id, subject string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	k := model.ReviewKey(id, subject)
	if _, ok := f.narratives[k]; !ok {
		return errors.New("not edited")
	}
	delete(f.narratives, k)
	f.deletes = append(f.deletes, k)
	return nil
}

func (f *fakeAudit) bundle(context.Context) (export.Bundle, error) {
	snap := goldenSnapshot()
	b := export.Bundle{Engagement: snap.Engagement, Pack: testPack(), Answers: snap.Answers, Systems: testSystems(),
		AsOf: "2026-03-01", Narratives: map[export.NarrativeKey]export.Narrative{}}
	list, _ := f.Narratives(context.Background())
	for _, n := range list {
		b.Narratives[export.NarrativeKey{ControlID: n.ControlID, Subject: n.Subject}] = export.Narrative{
			Text: n.Text, Generated: n.Generated, EditedBy: n.EditedBy, EditedAt: n.EditedAt}
	}
	return b, nil
}

func (f *fakeAudit) write(dir string, _ export.Bundle, formats []string, force bool) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes = append(f.writes, fakeWrite{dir, formats, force})
	if f.writeErr != nil {
		return nil, f.writeErr
	}
	if f.nonEmpty[dir] && !force {
		return nil, &export.NotEmptyError{Dir: dir}
	}
	return []string{"README.md", "control-narratives.md", "MANIFEST.sha256"}, nil
}

func (f *fakeAudit) trailFn(_ context.Context, flt TrailFilter) ([]model.Activity, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.filters = append(f.filters, flt)
	var out []model.Activity
	for i := len(f.trail) - 1; i >= 0; i-- {
		r := f.trail[i]
		switch {
		case flt.Actor != "" && r.Actor != flt.Actor,
			flt.Entity != "" && r.Entity != flt.Entity,
			!flt.Since.IsZero() && r.At.Before(flt.Since),
			!flt.Until.IsZero() && !r.At.Before(flt.Until),
			flt.BeforeSeq > 0 && r.Seq >= flt.BeforeSeq:
			continue
		}
		out = append(out, r)
		if flt.Limit > 0 && len(out) == flt.Limit {
			break
		}
	}
	return out, nil
}

func (f *fakeAudit) config() AuditConfig {
	return AuditConfig{ExportBundle: f.bundle, WriteExport: f.write, Narratives: f, Trail: f.trailFn,
		Verify: func(context.Context) (VerifyResult, error) { return f.verify, nil }}
}

// newAuditApp is newTestApp with the audit screens backed by fa.
func newAuditApp(t testing.TB, fa *fakeAudit, w, h int) *App {
	t.Helper()
	snap := goldenSnapshot()
	snap.Systems = testSystems()
	a := New(Config{Store: &fakeStore{}, Pack: testPack(), Snapshot: snap, DBPath: "test.db", Actor: "tester",
		Now: func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }, Audit: fa.config()})
	if a.walk != nil {
		a.walk.debounce = 0
	}
	pump(t, a, a.Init())
	send(t, a, tea.WindowSizeMsg{Width: w, Height: h})
	return a
}

func exportOf(a *App) *exportScreen { return a.tabs[ScreenExport].(*exportScreen) }

// settleExport renders the pending previews synchronously, so tests do not
// depend on how fast glamour ran.
func settleExport(t *testing.T, a *App) {
	t.Helper()
	s := exportOf(a)
	for range 5 {
		if s.loading {
			// The harness drops commands slower than 100 ms (timers), and
			// on a loaded machine building the bundle can be one of them.
			send(t, a, s.load()())
			continue
		}
		if len(s.pending) == 0 {
			return
		}
		for k := range s.pending {
			for _, d := range s.docs {
				if d.Name == k.doc {
					send(t, a, renderPreviewCmd(k, model.CleanText(string(d.Content)))())
				}
			}
		}
	}
}

func noStyle() lipgloss.Style { return lipgloss.NewStyle() }

func containsRaw(s, sub string) bool { return strings.Contains(s, sub) }
