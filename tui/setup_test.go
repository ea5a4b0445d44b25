package tui

import (
	"strings"
	"testing"

	"auditwalk/model"
)

func TestFirstRunSetupSavesEngagementThenShowsDashboard(t *testing.T) {
	st := &fakeStore{}
	a := newTestApp(t, st, model.Snapshot{}, 100, 30)
	if a.top().ID() != ScreenSetup {
		t.Fatalf("first run opened %s, want setup", a.top().ID())
	}
	press(t, a, "esc")
	requireContains(t, a, "Set up the engagement first")
	if a.top().ID() != ScreenSetup {
		t.Fatal("esc dismissed the first-run setup")
	}
	typeText(t, a, "FY26")
	press(t, a, "enter")
	press(t, a, "enter") // empty client is refused
	requireContains(t, a, "client organisation is required")
	typeText(t, a, "Acme Ltd")
	press(t, a, "enter")
	typeText(t, a, "Sam")
	press(t, a, "enter")
	press(t, a, "down", "enter") // Type 2
	typeText(t, a, "2026-01-01")
	press(t, a, "enter")
	typeText(t, a, "2026-06-30")
	press(t, a, "enter")
	typeText(t, a, "weekdays 9-5")
	press(t, a, "enter") // a window the parser refuses is not saved
	if len(st.engagements) != 0 {
		t.Fatalf("saved with an invalid change window:\n%s", screen(a))
	}
	requireContains(t, a, "change window days")
	press(t, a, "ctrl+u")
	typeText(t, a, "mon-fri 09:00-17:00 Europe/London")
	press(t, a, "enter")
	if len(st.engagements) != 1 {
		t.Fatalf("store got %d engagements:\n%s", len(st.engagements), screen(a))
	}
	e := st.engagements[0]
	if e.Name != "FY26" || e.Client != "Acme Ltd" || e.Assessor != "Sam" || e.Readiness != model.Type2 ||
		e.PeriodStart != "2026-01-01" || e.PeriodEnd != "2026-06-30" || e.PackID != "test-pack" ||
		e.ChangeWindow.String() != "mon-fri 09:00-17:00 Europe/London" {
		t.Fatalf("saved %+v", e)
	}
	if a.top().ID() != ScreenDashboard {
		t.Fatalf("after saving the top screen is %s", a.top().ID())
	}
	requireContains(t, a, "FY26 — Acme Ltd", "Engagement saved")
}

func TestEditEngagementFromDashboardCanBeCancelled(t *testing.T) {
	st := &fakeStore{}
	a := newTestApp(t, st, model.Snapshot{Engagement: setUpEngagement()}, 100, 30)
	press(t, a, "e")
	if a.top().ID() != ScreenSetup {
		t.Fatalf("e opened %s", a.top().ID())
	}
	requireContains(t, a, "Edit engagement")
	press(t, a, "esc")
	if a.top().ID() != ScreenDashboard || len(st.engagements) != 0 {
		t.Fatalf("esc: top %s, saves %d", a.top().ID(), len(st.engagements))
	}
}

func TestDashboardShowsProgressReadinessAndNextSteps(t *testing.T) {
	snap := model.Snapshot{Engagement: setUpEngagement(), Answers: model.Answers{
		{QuestionID: "ac1.vault", Subject: "org"}:  {QuestionID: "ac1.vault", Subject: "org", Value: "no", Flagged: true},
		{QuestionID: "ac1.review", Subject: "org"}: {QuestionID: "ac1.review", Subject: "org", Value: "yes"},
	}}
	a := newTestApp(t, &fakeStore{}, snap, 100, 30)
	requireContains(t, a, "Security", "2/7", "ready   0%", "1 gap", "1 flagged",
		"Next unanswered: AC-2", "1 question flagged", "Availability", "not covered")
	press(t, a, "F")
	if a.top().ID() != ScreenWalkthrough || currentQ(a) != "ac1.vault@org" {
		t.Fatalf("F from the dashboard: top %s at %s", a.top().ID(), currentQ(a))
	}
	press(t, a, "g", "h")
	if a.top().ID() != ScreenDashboard {
		t.Fatalf("g h went to %s", a.top().ID())
	}
	if s := screen(a); !strings.Contains(s, "Sections") {
		t.Fatalf("dashboard lacks sections:\n%s", s)
	}
}
