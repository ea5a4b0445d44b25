package data

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"auditwalk/model"
)

// openAs opens path as actor and closes it at cleanup (or earlier, by the
// returned func), so a test can play several people in turn.
func openAs(t *testing.T, path, actor string) (*Store, func()) {
	t.Helper()
	s, err := Open(context.Background(), path, Options{Actor: actor, Now: clock()})
	if err != nil {
		t.Fatalf("Open(%s) as %s: %v", path, actor, err)
	}
	closed := false
	done := func() {
		if !closed {
			closed = true
			s.Close()
		}
	}
	t.Cleanup(done)
	return s, done
}

// teamFile is an engagement with a pack, one system (id 1) and alice
// (assessor, reviewer), bob (control owner) and rita (reviewer); bob owns
// control c-org and system 1.
func teamFile(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "team.db")
	s, done := openAs(t, path, "alice")
	defer done()
	must(t, s.StartEngagement(ctx, "soc2-ai", "1", "h", []byte("pack source")))
	_, err := s.SaveEngagement(ctx, model.Engagement{Client: "Acme", Readiness: model.Type1, PackID: "soc2-ai", PackVersion: "1", PackHash: "h"})
	must(t, err)
	_, err = s.SaveSystem(ctx, sampleSystem("Bot"))
	must(t, err)
	for _, p := range []model.Person{
		{Name: "alice", Email: "alice@acme.example", Roles: []model.Role{model.RoleAssessor, model.RoleReviewer}},
		{Name: "bob", Email: "bob@acme.example", Roles: []model.Role{model.RoleControlOwner}},
		{Name: "rita", Roles: []model.Role{model.RoleReviewer}},
	} {
		_, err := s.SavePerson(ctx, p)
		must(t, err)
	}
	_, err = s.Assign(ctx, model.AssignControl, "c-org", "bob")
	must(t, err)
	_, err = s.Assign(ctx, model.AssignSystem, "1", "bob")
	must(t, err)
	return path
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestPeopleAndAssignmentsFollowTheRoleRules(t *testing.T) {
	ctx := context.Background()
	path := teamFile(t)
	bob, done := openAs(t, path, "bob")
	if _, err := bob.SavePerson(ctx, model.Person{Name: "eve", Roles: []model.Role{model.RoleAssessor}}); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("owner adding people: %v", err)
	}
	if _, err := bob.Assign(ctx, model.AssignControl, "c-x", "bob"); !errors.Is(err, ErrNotAllowed) || !strings.Contains(err.Error(), "needs the assessor role") {
		t.Fatalf("owner assigning: %v", err)
	}
	done()
	alice, _ := openAs(t, path, "alice")
	if _, err := alice.Assign(ctx, model.AssignControl, "c-x", "rita"); !errors.Is(err, ErrNotAllowed) || !strings.Contains(err.Error(), "rita cannot own controls or systems") {
		t.Fatalf("assigning to a non-owner: %v", err)
	}
	if _, err := alice.Assign(ctx, model.AssignSystem, "9", "bob"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("assigning a missing system: %v", err)
	}
	// Changing roles keeps the stored spelling; unchanged saves write nothing.
	p, err := alice.SavePerson(ctx, model.Person{Name: "RITA", Roles: []model.Role{model.RoleReviewer, model.RoleControlOwner}})
	if err != nil || p.Name != "rita" || !p.Has(model.RoleControlOwner) {
		t.Fatalf("update: %+v %v", p, err)
	}
	n := activityCount(t, alice)
	if _, err := alice.SavePerson(ctx, p); err != nil || activityCount(t, alice) != n {
		t.Fatalf("unchanged save wrote: %v", err)
	}
	if _, err := alice.Assign(ctx, model.AssignControl, "c-org", ""); err != nil {
		t.Fatal(err)
	}
	as, err := alice.Assignments(ctx)
	if err != nil || len(as) != 1 || as.SystemOwner(1) != "bob" || as.ControlOwner("c-org") != "" {
		t.Fatalf("assignments after unassign: %+v %v", as, err)
	}
	people, err := alice.People(ctx)
	if err != nil || len(people) != 3 || people[2].Name != "rita" || people[2].RoleList() != "control-owner, reviewer" {
		t.Fatalf("people: %+v %v", people, err)
	}
	rep, err := alice.Verify(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", rep.Problems(), err)
	}
}

func TestFirstPersonBootstrapsTheEngagement(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	if _, err := s.SavePerson(ctx, model.Person{Name: "alice", Roles: []model.Role{model.RoleAssessor}}); err != nil {
		t.Fatalf("first assessor: %v", err)
	}
	if _, err := s.SavePerson(ctx, model.Person{Name: "bob", Roles: nil}); err == nil {
		t.Fatal("a person without roles was accepted")
	}
}
