package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"auditwalk/data"
	"auditwalk/model"
	"auditwalk/tui"
)

// TestTUIReviewAndAttestLandInSQLite drives the real store through the TUI:
// the identity prompt names the reviewer, who approves an owner's answer;
// switching identity (people screen, I) to the owner, who attests to their
// control. The file then holds the approval by the reviewer and a valid
// attestation by the owner over exactly that control's answers.
func TestTUIReviewAndAttestLandInSQLite(t *testing.T) {
	path, p := newEngagement(t)
	ctx := context.Background()
	st, err := data.Open(ctx, path, data.Options{Actor: "Sam"})
	if err != nil {
		t.Fatal(err)
	}
	first := model.Walk(p, nil, nil)[0]
	for _, person := range []model.Person{
		{Name: "Sam", Roles: []model.Role{model.RoleAssessor, model.RoleReviewer}},
		{Name: "Olu", Roles: []model.Role{model.RoleControlOwner}},
	} {
		if _, err := st.SavePerson(ctx, person); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.Assign(ctx, model.AssignControl, first.Control.ID, "Olu"); err != nil {
		t.Fatal(err)
	}
	st.SetActor("Olu")
	if _, err := st.SaveAnswer(ctx, model.Answer{QuestionID: first.Question.ID, Subject: first.Subject, Value: model.AnswerYes}); err != nil {
		t.Fatal(err)
	}
	st.SetActor("login-guess")
	snap, err := st.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	acct := tui.AccountabilityConfig{Store: st, AskIdentity: true,
		SaveIdentity: func(_ context.Context, name string) (string, error) { st.SetActor(name); return "", nil }}
	app := tui.New(tui.Config{Store: st, Pack: p, Snapshot: snap, DBPath: path, Actor: "login-guess", Accountability: acct})
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	wait := func(s string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
			teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	wait("assessor, reviewer") // the prompt lists the engagement's people
	tm.Type("Sam")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	wait("You are Sam")
	tm.Type("2")
	wait("answered by Olu")
	tm.Type("A")
	wait("approved by Sam")

	tm.Type("8")
	wait("People · you are Sam")
	tm.Type("I")
	wait("Who are you?")
	tm.Type("Olu")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	wait("You are Olu")
	tm.Type("9")
	wait("Your controls")
	tm.Send(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
	wait("Covered:")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	wait("Statement")
	tm.Type("These answers describe the control as it operates.")
	tm.Send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	wait("Attested " + first.Control.ID)
	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	st.Close()

	st, err = data.Open(ctx, path, data.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := st.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	reviews, err := st.AnswerReviews(ctx, got.Answers)
	if err != nil {
		t.Fatal(err)
	}
	if r := reviews[first.Key()]; r.State != model.ReviewApproved || r.Reviewer != "Sam" {
		t.Fatalf("review in file: %+v", r)
	}
	atts, err := st.Attestations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(atts) != 1 || atts[0].Person != "Olu" || len(atts[0].Controls) != 1 || atts[0].Controls[0] != first.Control.ID {
		t.Fatalf("attestations in file: %+v", atts)
	}
	if c := atts[0].Check(got.Answers); c.Status != model.AttestValid {
		t.Fatalf("attestation status %s (changed %v)", c.Status, c.Changed)
	}
	if _, err := st.Verify(ctx); err != nil {
		t.Fatal(err)
	}
}
