package tui

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// fakeAcct is an in-memory AccountabilityStore: it keeps what was saved
// so the reload after every write reads it back, and records calls.
type fakeAcct struct {
	mu        sync.Mutex
	people    model.People
	assign    model.Assignments
	reviews   map[model.AnswerKey]model.Review
	atts      []model.Attestation
	conflicts []model.Conflict
	// answers stand in for the file's answers when a review hashes one.
	answers model.Answers

	saved    []model.Person
	assigned []model.Assignment
	reviewed []string // "key action comment"
	resolved []string // "id take"
}

func newFakeAcct() *fakeAcct {
	return &fakeAcct{
		people: model.People{
			{Name: "Sam", Roles: []model.Role{model.RoleAssessor, model.RoleReviewer}},
			{Name: "Olu", Email: "olu@example.com", Roles: []model.Role{model.RoleControlOwner}},
			{Name: "Rita", Roles: []model.Role{model.RoleReviewer}},
		},
		reviews: map[model.AnswerKey]model.Review{},
	}
}

func (f *fakeAcct) People(context.Context) (model.People, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append(model.People(nil), f.people...), nil
}

func (f *fakeAcct) SavePerson(_ context.Context, p model.Person) (model.Person, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.saved = append(f.saved, p)
	f.people = append(f.people, p)
	return p, nil
}

func (f *fakeAcct) Assignments(context.Context) (model.Assignments, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append(model.Assignments(nil), f.assign...), nil
}

func (f *fakeAcct) Assign(_ context.Context, kind model.AssignKind, target, owner string) (model.Assignment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a := model.Assignment{Kind: kind, Target: target, Owner: owner}
	f.assigned = append(f.assigned, a)
	var keep model.Assignments
	for _, x := range f.assign {
		if x.Kind != kind || x.Target != target {
			keep = append(keep, x)
		}
	}
	if owner != "" {
		keep = append(keep, a)
	}
	f.assign = keep
	return a, nil
}

func (f *fakeAcct) AnswerReviews(_ context.Context, answers model.Answers) (map[model.AnswerKey]model.Review, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[model.AnswerKey]model.Review{}
	for k, r := range f.reviews {
		a, ok := answers[k]
		out[k] = r.Current(model.AnswerContentSHA256(k, a, ok))
	}
	return out, nil
}

func (f *fakeAcct) ReviewAnswer(_ context.Context, k model.AnswerKey, action model.ReviewAction, comment string) (model.Review, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reviewed = append(f.reviewed, strings.TrimSpace(fmt.Sprintf("%s %s %s", model.ReviewKey(k.QuestionID, k.Subject), action, comment)))
	state := map[model.ReviewAction]model.ReviewState{model.ReviewApprove: model.ReviewApproved,
		model.ReviewMarkReviewed: model.ReviewReviewed, model.ReviewRequestChanges: model.ReviewChangesRequested}[action]
	r := model.Review{Kind: model.ReviewAnswer, Key: model.ReviewKey(k.QuestionID, k.Subject), State: state, Comment: comment, Reviewer: "Rita"}
	a, ok := f.answers[k]
	r.ContentSHA256 = model.AnswerContentSHA256(k, a, ok)
	f.reviews[k] = r
	return r, nil
}

func (f *fakeAcct) Attest(_ context.Context, a model.Attestation) (model.Attestation, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a.ID = int64(len(f.atts) + 1)
	f.atts = append(f.atts, a)
	return a, nil
}

func (f *fakeAcct) Attestations(context.Context) ([]model.Attestation, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]model.Attestation(nil), f.atts...), nil
}

func (f *fakeAcct) Conflicts(context.Context, model.ConflictStatus) ([]model.Conflict, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]model.Conflict(nil), f.conflicts...), nil
}

func (f *fakeAcct) ResolveConflict(_ context.Context, id int64, take string) (model.Conflict, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.resolved = append(f.resolved, fmt.Sprintf("%d %s", id, take))
	for i := range f.conflicts {
		if f.conflicts[i].ID == id {
			f.conflicts[i].Status, f.conflicts[i].Resolution, f.conflicts[i].ResolvedBy = model.ConflictResolved, take, "Sam"
			return f.conflicts[i], nil
		}
	}
	return model.Conflict{}, fmt.Errorf("conflict %d: not found", id)
}

// identityLog records SaveIdentity calls.
type identityLog struct {
	mu    sync.Mutex
	names []string
}

func (l *identityLog) save(_ context.Context, name string) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.names = append(l.names, name)
	return "/cfg/auditwalk/identity", nil
}

// newAcctApp is newTestApp with an accountability store and actor.
func newAcctApp(t testing.TB, st *fakeStore, acct *fakeAcct, snap model.Snapshot, actor string, ask *identityLog, w, h int) *App {
	t.Helper()
	if snap.Systems == nil {
		snap.Systems = testSystems()
	}
	cfg := AccountabilityConfig{Store: acct,
		Sign: func(context.Context, string, string, io.Writer) (string, string, error) { return "", "", nil }}
	if ask != nil {
		cfg.AskIdentity, cfg.SaveIdentity = true, ask.save
	}
	a := New(Config{Store: st, Pack: testPack(), Snapshot: snap, DBPath: "test.db", Actor: actor,
		Now:            func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) },
		Accountability: cfg})
	a.walk.debounce = 0
	pump(t, a, a.Init())
	send(t, a, tea.WindowSizeMsg{Width: w, Height: h})
	// Load again synchronously: run drops commands slower than its wait,
	// and a busy test machine must not change what the screens show.
	pump(t, a, a.com.loadAcct())
	return a
}

// acctSnapshot is goldenSnapshot with authors on the answers.
func acctSnapshot() model.Snapshot {
	s := goldenSnapshot()
	for k, a := range s.Answers {
		a.UpdatedBy = "Olu"
		a.UpdatedAt = time.Date(2026, 2, 27, 15, 4, 0, 0, time.UTC)
		s.Answers[k] = a
	}
	return s
}

func (f *fakeAcct) calls() (reviewed, resolved []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.reviewed...), append([]string(nil), f.resolved...)
}
