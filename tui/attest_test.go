package tui

import (
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"auditwalk/model"
)

func TestAttestCoversTheShownAnswersThenShowsSupersededAfterAChange(t *testing.T) {
	acct := newFakeAcct()
	acct.assign = model.Assignments{{Kind: model.AssignControl, Target: "AC-1", Owner: "Olu"}}
	a := newAcctApp(t, &fakeStore{}, acct, acctSnapshot(), "Olu", nil, 160, 48)
	press(t, a, "9")
	requireContains(t, a, "Your controls", "[ ] AC-1")
	press(t, a, "space")
	requireContains(t, a, "Covered: 3 answers of AC-1", "ac1.vault@org", "ac1.rotate@org", "ac1.review@org")
	press(t, a, "enter")
	typeText(t, a, "These answers are true.")
	press(t, a, "ctrl+s")
	if len(acct.atts) != 1 {
		t.Fatalf("Attest calls = %d, want 1", len(acct.atts))
	}
	att := acct.atts[0]
	var keys []string
	for _, x := range att.Answers {
		keys = append(keys, model.ReviewKey(x.Key.QuestionID, x.Key.Subject))
	}
	if want := "ac1.review@org ac1.rotate@org ac1.vault@org"; joinSp(keys) != want {
		t.Fatalf("attested %s, want %s", joinSp(keys), want)
	}
	if att.Person != "Olu" || att.Statement != "These answers are true." || att.UID == "" {
		t.Fatalf("attestation %+v", att)
	}
	requireContains(t, a, "Attested AC-1: 3 answers", "#1   ✓ valid")
	press(t, a, "2", "n") // change ac1.vault
	press(t, a, "9")
	requireContains(t, a, "✗ superseded", "changed since: ac1.vault@org")
}

func TestAttestNeedsAStatement(t *testing.T) {
	acct := newFakeAcct()
	acct.assign = model.Assignments{{Kind: model.AssignControl, Target: "AC-1", Owner: "Olu"}}
	a := newAcctApp(t, &fakeStore{}, acct, acctSnapshot(), "Olu", nil, 80, 24)
	press(t, a, "9", "enter", "ctrl+s")
	if len(acct.atts) != 0 {
		t.Fatal("attested without a statement")
	}
	requireContains(t, a, "an attestation needs a statement")
}

func TestResolveConflictTakingTheirsUpdatesTheAnswer(t *testing.T) {
	acct := newFakeAcct()
	k := model.AnswerKey{QuestionID: "ac2.how", Subject: "org"}
	at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	acct.conflicts = []model.Conflict{{ID: 7, PacketID: "5b2c9e10-aaaa", Key: k, Status: model.ConflictOpen,
		Ours:   model.Answer{QuestionID: "ac2.how", Subject: "org", Value: "none", UpdatedBy: "Sam", UpdatedAt: at},
		Theirs: model.Answer{QuestionID: "ac2.how", Subject: "org", Value: "ticket", Note: "Jira CAB", UpdatedBy: "Olu", UpdatedAt: at},
		OursOK: true, TheirsOK: true}}
	a := newAcctApp(t, &fakeStore{}, acct, acctSnapshot(), "Sam", nil, 80, 24)
	requireContains(t, a, "1 merge conflict to resolve")
	press(t, a, "C")
	requireContains(t, a, "Merge conflicts · 1 open", "Ours (this file)", "Theirs (packet 5b2c9e10)", "Not approved", "Ticket", "note:  Jira CAB")
	press(t, a, "t")
	if _, res := acct.calls(); len(res) != 1 || res[0] != "7 theirs" {
		t.Fatalf("resolve calls = %v", res)
	}
	if got, _, _, _ := a.com.Session.Answer(k); got.Value != "ticket" {
		t.Fatalf("answer after taking theirs = %q, want ticket", got.Value)
	}
	requireContains(t, a, "Conflict 7 on ac2.how@org resolved: took theirs", "No open conflicts")
}

func TestResolveConflictRefusedForANonAssessor(t *testing.T) {
	acct := newFakeAcct()
	acct.conflicts = []model.Conflict{{ID: 1, Key: model.AnswerKey{QuestionID: "ac2.how", Subject: "org"}, Status: model.ConflictOpen}}
	a := newAcctApp(t, &fakeStore{}, acct, acctSnapshot(), "Olu", nil, 80, 24)
	press(t, a, "g", "c", "o")
	if _, res := acct.calls(); len(res) != 0 {
		t.Fatalf("resolved by an owner: %v", res)
	}
	requireContains(t, a, "Olu cannot resolve conflicts")
}

func joinSp(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}

func TestAccountabilityGoldenViews(t *testing.T) {
	sizes := []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"160x48", 160, 48}}
	fixture := func() *fakeAcct {
		acct := newFakeAcct()
		acct.assign = model.Assignments{{Kind: model.AssignControl, Target: "AC-1", Owner: "Olu"},
			{Kind: model.AssignSystem, Target: "1", Owner: "Olu"}}
		k := model.AnswerKey{QuestionID: "ac2.how", Subject: "org"}
		acct.conflicts = []model.Conflict{{ID: 3, PacketID: "5b2c9e10-aaaa", Key: k, Status: model.ConflictOpen,
			Ours:   model.Answer{QuestionID: "ac2.how", Subject: "org", Value: "none", UpdatedBy: "Sam"},
			Theirs: model.Answer{QuestionID: "ac2.how", Subject: "org", Value: "ticket", UpdatedBy: "Olu"},
			OursOK: true, TheirsOK: true}}
		return acct
	}
	for _, sz := range sizes {
		views := map[string]func(a *App){
			"people":    func(a *App) { press(t, a, "8") },
			"walk_mine": func(a *App) { press(t, a, "2", "M") },
			"review":    func(a *App) { press(t, a, "g", "r") },
			"attest":    func(a *App) { press(t, a, "9", "space") },
			"compose":   func(a *App) { press(t, a, "9", "space", "enter"); typeText(t, a, "True and complete.") },
			"conflicts": func(a *App) { press(t, a, "g", "c") },
			"dashboard": func(a *App) {},
		}
		for name, do := range views {
			t.Run(name+"_"+sz.name, func(t *testing.T) {
				actor := "Olu"
				if name == "review" || name == "conflicts" || name == "dashboard" {
					actor = "Sam"
				}
				a := newAcctApp(t, &fakeStore{}, fixture(), acctSnapshot(), actor, nil, sz.w, sz.h)
				do(a)
				settleGuides(t, a)
				golden.RequireEqual(t, screen(a))
			})
		}
		t.Run("identity_"+sz.name, func(t *testing.T) {
			a := newAcctApp(t, &fakeStore{}, fixture(), acctSnapshot(), "guess", &identityLog{}, sz.w, sz.h)
			golden.RequireEqual(t, screen(a))
		})
	}
}
