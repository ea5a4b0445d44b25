package tui

import (
	"bytes"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"auditwalk/model"
)

func startProgram(t *testing.T, st *fakeStore, snap model.Snapshot, w, h int) *teatest.TestModel {
	t.Helper()
	if snap.Systems == nil {
		snap.Systems = testSystems()
	}
	a := New(Config{Store: st, Pack: testPack(), Snapshot: snap, Actor: "e2e"})
	return teatest.NewTestModel(t, a, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
}

func waitFor(t *testing.T, tm *teatest.TestModel, s string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

func TestEndToEndAnswerThenQuitPersistsAnswerAndPosition(t *testing.T) {
	st := &fakeStore{}
	tm := startProgram(t, st, model.Snapshot{Engagement: setUpEngagement()}, 80, 24)
	waitFor(t, tm, "What to do next")
	tm.Type("2")
	waitFor(t, tm, "Are API keys kept")
	tm.Type("y")
	waitFor(t, tm, "Saved ac1.vault")
	tm.Type("q")
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*App)
	if got := st.lastAnswer(t); got.Value != model.AnswerYes || got.UpdatedBy != "e2e" {
		t.Fatalf("store got %+v", got)
	}
	want := encodeCursor(model.AnswerKey{QuestionID: "ac1.rotate", Subject: model.SubjectOrg})
	if len(st.ui) == 0 || st.ui[len(st.ui)-1][1] != want {
		t.Fatalf("position saved %v, want %s", st.ui, want)
	}
	if v := ansi.Strip(fm.View().Content); !bytes.Contains([]byte(v), []byte("Are vault keys rotated?")) {
		t.Fatalf("final view:\n%s", v)
	}
}

func TestEndToEndFirstRunSetup(t *testing.T) {
	st := &fakeStore{}
	tm := startProgram(t, st, model.Snapshot{}, 100, 30)
	waitFor(t, tm, "Set up the engagement")
	// huh moves focus with a command, so keys sent in the same instant as
	// enter would still reach the old field; a person types slower than this.
	step := func(f func()) { f(); time.Sleep(150 * time.Millisecond) }
	step(func() { tm.Type("Pilot") })
	step(func() { tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter}) })
	step(func() { tm.Type("Globex") })
	step(func() { tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter}) })
	step(func() { tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter}) })
	step(func() { tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter}) })
	step(func() { tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter}) }) // no change window
	waitFor(t, tm, "Engagement saved")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.engagements) != 1 || st.engagements[0].Client != "Globex" || st.engagements[0].Readiness != model.Type1 {
		t.Fatalf("engagements %+v", st.engagements)
	}
}

func TestEndToEndTooSmallThenResize(t *testing.T) {
	tm := startProgram(t, &fakeStore{}, model.Snapshot{Engagement: setUpEngagement()}, 40, 10)
	waitFor(t, tm, "terminal too small")
	tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	waitFor(t, tm, "What to do next")
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}
