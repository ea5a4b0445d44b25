package model

import (
	"strings"
	"testing"
)

// ownerPack has a once control (c-org: q1, q2) and a per-system control
// (c-sys: s1), for ownership and attestation tests.
func ownerPack() *Pack {
	p := &Pack{ID: "t", Sections: []Section{{ID: "s", Controls: []Control{
		{ID: "c-org", Applies: AppliesOnce, Questions: []Question{{ID: "q1", Kind: KindYesNo}, {ID: "q2", Kind: KindText}}},
		{ID: "c-sys", Applies: AppliesPerSystem, Questions: []Question{{ID: "s1", Kind: KindYesNo}}},
	}}}}
	for si := range p.Sections {
		for ci := range p.Sections[si].Controls {
			c := &p.Sections[si].Controls[ci]
			for qi := range c.Questions {
				c.Questions[qi].ControlID = c.ID
			}
		}
	}
	return p
}

func ownerSystems() []System {
	in := true
	return []System{{ID: 1, Name: "Bot", ScopeOverride: &in, ScopeJustification: "x"}, {ID: 2, Name: "Scorer", ScopeOverride: &in, ScopeJustification: "x"}}
}

func TestOwnerItemsAreTheirControlsAndTheirSystemsItems(t *testing.T) {
	items := Walk(ownerPack(), Answers{}, ownerSystems())
	as := Assignments{{Kind: AssignControl, Target: "c-org", Owner: "Bob"}, {Kind: AssignSystem, Target: "2", Owner: "bob"}, {Kind: AssignSystem, Target: "1", Owner: "carol"}}
	var keys []string
	for _, it := range OwnerItems(items, as, "bob") {
		keys = append(keys, ReviewKey(it.Question.ID, it.Subject))
	}
	if got := strings.Join(keys, " "); got != "q1@org q2@org s1@system:2" {
		t.Fatalf("bob's items: %s", got)
	}
	if got := OwnerItems(items, as, "dave"); len(got) != 0 {
		t.Fatalf("someone with nothing assigned sees %d items", len(got))
	}
	// A per-system control assigned to a person covers every system.
	all := OwnerItems(items, Assignments{{Kind: AssignControl, Target: "c-sys", Owner: "erin"}}, "erin")
	if len(all) != 2 {
		t.Fatalf("control owner of a per-system control sees %d items, want 2", len(all))
	}
}

func TestOwnerProgressCountsPerControlAndSubject(t *testing.T) {
	items := Walk(ownerPack(), Answers{}, ownerSystems())
	as := Assignments{{Kind: AssignControl, Target: "c-org", Owner: "bob"}, {Kind: AssignSystem, Target: "2", Owner: "bob"}}
	answers := Answers{{"q1", "org"}: {QuestionID: "q1", Subject: "org", Value: "yes"}, {"q2", "org"}: {QuestionID: "q2", Subject: "org", Note: "only a note"}}
	p := OwnerProgress(OwnerItems(items, as, "bob"), answers)
	if p.Asked != 3 || p.Answered != 1 || p.Percent() != 33 || len(p.Controls) != 2 {
		t.Fatalf("progress %+v", p)
	}
	if c := p.Controls[1]; c.Control.ID != "c-sys" || c.Subject != "system:2" || c.System.Name != "Scorer" || c.Asked != 1 || c.Answered != 0 {
		t.Fatalf("per-system progress %+v", c)
	}
	if (Progress{}).Percent() != 100 {
		t.Fatal("nothing asked should read as complete")
	}
}

func TestRoleRules(t *testing.T) {
	people := People{
		{Name: "Alice", Roles: []Role{RoleAssessor, RoleReviewer}},
		{Name: "bob", Roles: []Role{RoleControlOwner}},
	}
	if _, err := people.Require("alice", RoleReviewer, "review"); err != nil {
		t.Fatalf("a person may hold several roles: %v", err)
	}
	if _, err := people.Require("bob", RoleReviewer, "review"); err == nil || !strings.Contains(err.Error(), "needs the reviewer role (bob holds: control-owner)") {
		t.Fatalf("owner reviewing: %v", err)
	}
	if _, err := people.Require("mallory x", RoleAssessor, "assign owners"); err == nil || !strings.Contains(err.Error(), "auditwalk people add 'mallory x' --role assessor") {
		t.Fatalf("stranger: %v", err)
	}
	if err := people.CanManagePeople("bob"); err == nil {
		t.Fatal("a control owner may not manage people once there is an assessor")
	}
	if err := (People{{Name: "bob", Roles: []Role{RoleControlOwner}}}).CanManagePeople("anyone"); err != nil {
		t.Fatalf("before any assessor exists anyone bootstraps: %v", err)
	}
}

func TestParseRolesAndValidatePerson(t *testing.T) {
	rs, err := ParseRoles("reviewer, owner,assessor,reviewer")
	if err != nil || len(rs) != 3 || rs[0] != RoleAssessor || rs[1] != RoleControlOwner || rs[2] != RoleReviewer {
		t.Fatalf("%v %v", rs, err)
	}
	if _, err := ParseRoles("auditor"); err == nil {
		t.Fatal("unknown role accepted")
	}
	bad := []Person{
		{Name: "", Roles: rs}, {Name: " bob", Roles: rs}, {Name: "bob@x", Roles: rs}, {Name: "a\x1b[31m", Roles: rs},
		{Name: "bob"}, {Name: "bob", Roles: rs, Email: "Bob <bob@x.example>"}, {Name: "bob", Roles: []Role{"boss"}},
	}
	for _, p := range bad {
		if p.Validate() == nil {
			t.Fatalf("%+v accepted", p)
		}
	}
	if err := (Person{Name: "Bob Smith", Email: "bob@x.example", Roles: rs}).Validate(); err != nil {
		t.Fatal(err)
	}
}
