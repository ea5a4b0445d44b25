package tui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// attachCall is one attach the fake evidence store received.
type attachCall struct {
	target, path string
	opts         EvidenceAttachOptions
}

// fakeEvidence is an in-memory evidence store: attaches append a file with
// a made-up hash, checks return what the test set.
type fakeEvidence struct {
	mu       sync.Mutex
	list     []model.Evidence
	attaches []attachCall
	deletes  []int64
	checks   []EvidenceCheck
	fail     error
	loads    int
	nextID   int64
}

func (f *fakeEvidence) ListEvidence(context.Context) ([]model.Evidence, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.loads++
	return append([]model.Evidence(nil), f.list...), nil
}

func (f *fakeEvidence) DeleteEvidence(_ context.Context, id int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, ev := range f.list {
		if ev.ID == id {
			f.list = append(f.list[:i], f.list[i+1:]...)
			f.deletes = append(f.deletes, id)
			return nil
		}
	}
	return fmt.Errorf("evidence EV-%d: not found", id)
}

func (f *fakeEvidence) attach(_ context.Context, target, path string, o EvidenceAttachOptions) (model.Evidence, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return model.Evidence{}, f.fail
	}
	tgt, err := model.ParseEvidenceTarget(target)
	if err != nil {
		return model.Evidence{}, err
	}
	f.attaches = append(f.attaches, attachCall{target: target, path: path, opts: o})
	f.nextID = max(f.nextID, int64(len(f.list))) + 1
	ev := model.Evidence{ID: f.nextID, Target: tgt, Path: path, Name: filepath.Base(path), Size: 2048,
		SHA256: "feedfacecafebeef0123456789abcdef0123456789abcdef0123456789abcdef", AttachedBy: "tester",
		AttachedAt: triageNow(), EffectiveDate: o.EffectiveDate, RetentionDate: o.Retention, Stored: !o.ReferenceOnly, Note: o.Note}
	f.list = append(f.list, ev)
	return ev, nil
}

func (f *fakeEvidence) check(context.Context) ([]EvidenceCheck, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]EvidenceCheck(nil), f.checks...), nil
}

func (f *fakeEvidence) config() EvidenceConfig {
	return EvidenceConfig{Store: f, Attach: f.attach, Check: f.check}
}

func (f *fakeEvidence) lastAttach(t *testing.T) attachCall {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.attaches) == 0 {
		t.Fatal("evidence store got no attach")
	}
	return f.attaches[len(f.attaches)-1]
}

// seededEvidence holds three files: a stored policy on ac1.vault@org, a
// reference-only log export on system 1, and a vendor report dated before
// a Type 2 period starting 2026-01-01.
func seededEvidence() *fakeEvidence {
	at := time.Date(2026, 2, 20, 14, 30, 0, 0, time.UTC)
	return &fakeEvidence{list: []model.Evidence{
		{ID: 1, Target: model.EvidenceTarget{Type: model.TargetAnswer, Key: "ac1.vault@org"}, Path: "/work/acme/vault-policy.pdf",
			Name: "vault-policy.pdf", Size: 184320, SHA256: "3fa1b2c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80",
			AttachedBy: "sam", AttachedAt: at, EffectiveDate: "2026-02-01", RetentionDate: "2033-02-01", Stored: true,
			Note: "Signed by the CISO"},
		{ID: 2, Target: model.EvidenceTarget{Type: model.TargetSystem, Key: "1"}, Path: "/mnt/acme/bot-logs-2026-q1.jsonl",
			Name: "bot-logs-2026-q1.jsonl", Size: 734003200, SHA256: "9b8a7c6d5e4f30211203f4e5d6c7b8a99b8a7c6d5e4f30211203f4e5d6c7b8a9",
			AttachedBy: "dana", AttachedAt: at, EffectiveDate: "2026-03-31"},
		{ID: 3, Target: model.EvidenceTarget{Type: model.TargetException, Key: "1"}, Path: "/work/acme/soc2-report-2025.pdf",
			Name: "soc2-report-2025.pdf", Size: 912, SHA256: "00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff",
			AttachedBy: "sam", AttachedAt: at, EffectiveDate: "2025-11-15", Stored: true},
	}, nextID: 3}
}

// type2Snapshot is goldenSnapshot for a Type 2 engagement observed in the
// first half of 2026.
func type2Snapshot() model.Snapshot {
	snap := goldenSnapshot()
	snap.Engagement.Readiness = model.Type2
	snap.Engagement.PeriodStart, snap.Engagement.PeriodEnd = "2026-01-01", "2026-06-30"
	return snap
}

// newEvidenceApp builds an App backed by fe (and the seeded triage store,
// so exception pages open) at w×h, on the dashboard.
func newEvidenceApp(t testing.TB, fe *fakeEvidence, snap model.Snapshot, detect DetectFunc, w, h int) *App {
	t.Helper()
	snap.Systems = testSystems()
	a := New(Config{Store: &fakeStore{}, Triage: seededTriage(), Evidence: fe.config(), Detect: detect,
		Pack: testPack(), Snapshot: snap, DBPath: "test.db", Actor: "tester", Now: triageNow})
	if a.walk != nil {
		a.walk.debounce = 0
	}
	pump(t, a, a.Init())
	send(t, a, tea.WindowSizeMsg{Width: w, Height: h})
	return a
}

// errNoFile is what the real store says about a path that is not there.
func errNoFile() error { return errors.New("/nope/missing.pdf: no such file or directory") }
