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

// TestEndToEndTriageDecideAddTaskAndQuit drives the real program: open the
// queue, open the worst exception, decide to remediate, add a task, quit;
// then checks what reached the store and the final frame.
func TestEndToEndTriageDecideAddTaskAndQuit(t *testing.T) {
	ft := seededTriage()
	snap := goldenSnapshot()
	snap.Systems = testSystems()
	a := New(Config{Store: &fakeStore{}, Triage: ft, Pack: testPack(), Snapshot: snap, Actor: "tester", Now: triageNow})
	tm := teatest.NewTestModel(t, a, teatest.WithInitialTermSize(160, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	waitFor(t, tm, "What to do next")
	tm.Type("5")
	waitFor(t, tm, "Bedrock calls by an unknown")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor(t, tm, "AI activity not tied to the inventory")
	tm.Type("r")
	waitFor(t, tm, "EX-1: remediate")
	tm.Type("block app-x")
	tm.Send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	waitFor(t, tm, "EX-1 → in-remediation")
	tm.Type("n")
	waitFor(t, tm, "new remediation task")
	tm.Type("Allow-list the gateway")
	tm.Send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	waitFor(t, tm, "T-4 task saved")
	tm.Type("q")
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*App)
	ft.mu.Lock()
	calls := append([]triageCall(nil), ft.calls...)
	ft.mu.Unlock()
	if len(calls) != 2 || calls[0].op != "move" || calls[0].to != string(model.StatusInRemediation) ||
		calls[1].op != "task" || calls[1].task.Title != "Allow-list the gateway" || calls[1].task.ExceptionID != 1 {
		t.Fatalf("store calls %+v", calls)
	}
	v := ansi.Strip(fm.View().Content)
	for _, want := range []string{"in-remediation", "Allow-list the gateway"} {
		if !bytes.Contains([]byte(v), []byte(want)) {
			t.Fatalf("final view lacks %q:\n%s", want, v)
		}
	}
}
