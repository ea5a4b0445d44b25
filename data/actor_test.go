package data

import (
	"context"
	"testing"

	"auditwalk/model"
)

func TestSetActorStampsLaterChangesWithTheNewName(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	s.SetActor("Dana")
	if _, err := s.SavePerson(ctx, model.Person{Name: "Dana", Roles: []model.Role{model.RoleAssessor}}); err != nil {
		t.Fatal(err)
	}
	acts, err := s.Activity(ctx, ActivityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) == 0 || acts[len(acts)-1].Actor != "Dana" {
		t.Fatalf("last activity actor = %+v, want Dana", acts)
	}
	s.SetActor("  ")
	if got := s.currentActor(); got != "unknown" {
		t.Fatalf("blank actor = %q, want unknown", got)
	}
}
