package model

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"
)

func attestFixture(t *testing.T) (AttestationInput, Answers) {
	t.Helper()
	items := Walk(ownerPack(), Answers{}, ownerSystems())
	as := Assignments{{Kind: AssignControl, Target: "c-org", Owner: "bob"}, {Kind: AssignSystem, Target: "2", Owner: "bob"}}
	answers := Answers{
		{"q1", "org"}:      {QuestionID: "q1", Subject: "org", Value: "yes", Note: "policy v3", UpdatedBy: "bob"},
		{"s1", "system:2"}: {QuestionID: "s1", Subject: "system:2", Value: "no", Justification: "", UpdatedBy: "bob"},
		{"s1", "system:1"}: {QuestionID: "s1", Subject: "system:1", Value: "yes", UpdatedBy: "carol"},
	}
	in := AttestationInput{UID: "u-1", Engagement: Engagement{Client: "Acme", Name: "FY26"},
		Person:    Person{Name: "bob", Email: "bob@acme.example", Roles: []Role{RoleControlOwner}},
		Statement: "These are accurate.", Controls: []string{"c-sys", "c-org"},
		Items: OwnerItems(items, as, "bob"), Answers: answers, At: time.Date(2026, 3, 1, 9, 0, 0, 500, time.UTC)}
	return in, answers
}

func TestAttestationCoversExactlyTheOwnersAnswersOfItsControls(t *testing.T) {
	in, _ := attestFixture(t)
	a, err := NewAttestation(in)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, x := range a.Answers {
		keys = append(keys, ReviewKey(x.Key.QuestionID, x.Key.Subject))
	}
	// Sorted by question then subject; carol's system:1 is not bob's; q2
	// is unanswered and still covered (answering it later supersedes).
	if got := strings.Join(keys, " "); got != "q1@org q2@org s1@system:2" {
		t.Fatalf("covered %s", got)
	}
	if a.Answers[1].Canonical != `{"question_id":"q2","subject":"org","value":"","choices":[],"justification":"","source":"","note":""}` {
		t.Fatalf("canonical of unanswered: %s", a.Answers[1].Canonical)
	}
	var block string
	for _, x := range a.Answers {
		block += x.Canonical + "\n"
	}
	sum := sha256.Sum256([]byte(block))
	if a.AnswersSHA256 != hex.EncodeToString(sum[:]) {
		t.Fatal("answers hash is not sha256 of the canonical lines")
	}
	want := "auditwalk attestation v1\nid: u-1\nengagement: Acme / FY26\nperson: bob\nemail: bob@acme.example\nrole: control-owner\n" +
		"at: 2026-03-01T09:00:00Z\ncontrols: c-org,c-sys\nstatement: \"These are accurate.\"\nanswers: 3\nanswers-sha256: " + a.AnswersSHA256 + "\n\n" + block
	if a.Payload != want {
		t.Fatalf("payload:\n%s\nwant:\n%s", a.Payload, want)
	}
}

func TestAttestationIsSupersededByAnyChangeToItsAnswers(t *testing.T) {
	in, answers := attestFixture(t)
	a, err := NewAttestation(in)
	if err != nil {
		t.Fatal(err)
	}
	if c := a.Check(answers); c.Status != AttestValid || len(c.Changed) != 0 {
		t.Fatalf("fresh attestation: %+v", c)
	}
	// A change stamp or the assessor's flag is not content.
	restamped := clone(answers)
	q1 := restamped[AnswerKey{"q1", "org"}]
	q1.UpdatedBy, q1.Flagged = "alice", true
	restamped[q1.Key()] = q1
	if c := a.Check(restamped); c.Status != AttestValid {
		t.Fatalf("restamp superseded: %+v", c)
	}
	// An answer outside the attestation does not matter.
	other := clone(answers)
	other[AnswerKey{"s1", "system:1"}] = Answer{QuestionID: "s1", Subject: "system:1", Value: "no"}
	if c := a.Check(other); c.Status != AttestValid {
		t.Fatalf("other owner's change superseded: %+v", c)
	}
	for name, change := range map[string]func(Answers){
		"value":      func(x Answers) { v := x[AnswerKey{"q1", "org"}]; v.Value = "partial"; x[v.Key()] = v },
		"note":       func(x Answers) { v := x[AnswerKey{"q1", "org"}]; v.Note = "policy v4"; x[v.Key()] = v },
		"answered":   func(x Answers) { x[AnswerKey{"q2", "org"}] = Answer{QuestionID: "q2", Subject: "org", Value: "text"} },
		"system one": func(x Answers) { v := x[AnswerKey{"s1", "system:2"}]; v.Justification = "j"; x[v.Key()] = v },
	} {
		changed := clone(answers)
		change(changed)
		c := a.Check(changed)
		if c.Status != AttestSuperseded || len(c.Changed) != 1 {
			t.Fatalf("%s: %+v", name, c)
		}
	}
	tampered := a
	tampered.Statement = "Something else."
	if c := tampered.Check(answers); c.Status != AttestInvalid {
		t.Fatalf("edited statement: %+v", c)
	}
}

func TestAttestationRefusals(t *testing.T) {
	in, _ := attestFixture(t)
	for name, mod := range map[string]func(*AttestationInput){
		"not an owner": func(i *AttestationInput) { i.Person.Roles = []Role{RoleReviewer} },
		"no statement": func(i *AttestationInput) { i.Statement = " \x1b[2J " },
		"no controls":  func(i *AttestationInput) { i.Controls = nil },
		"not theirs":   func(i *AttestationInput) { i.Controls = []string{"c-org", "c-other"} },
	} {
		x := in
		mod(&x)
		if _, err := NewAttestation(x); err == nil {
			t.Fatalf("%s: accepted", name)
		}
	}
}

func clone(a Answers) Answers {
	out := Answers{}
	for k, v := range a {
		out[k] = v
	}
	return out
}
