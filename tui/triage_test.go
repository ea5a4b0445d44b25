package tui

import (
	"slices"
	"strings"
	"testing"

	"auditwalk/model"
)

// lineWith returns the first screen line containing s ("" when none).
func lineWith(a *App, s string) string {
	for _, l := range strings.Split(screen(a), "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

// openEx opens exception ref ("EX-2") from the queue through the filter bar.
func openEx(t *testing.T, a *App, ref string) {
	t.Helper()
	press(t, a, "5", "/", "ctrl+u")
	typeText(t, a, "status:all "+ref)
	press(t, a, "enter", "enter")
	if topID(a) != ScreenException {
		t.Fatalf("could not open %s: top is %s", ref, topID(a))
	}
}

func TestTriageQueueListsActiveWorstFirstWithCounts(t *testing.T) {
	a := newTriageApp(t, seededTriage(), 100, 30)
	press(t, a, "5")
	if topID(a) != ScreenTriage {
		t.Fatalf("top is %s", topID(a))
	}
	s := screen(a)
	i1, i2, i3 := strings.Index(s, "EX-1 "), strings.Index(s, "EX-2 "), strings.Index(s, "EX-3 ")
	if i1 < 0 || i2 < 0 || i3 < 0 || i1 > i2 {
		t.Fatalf("want EX-1 (high) before EX-2 (medium), all active shown:\n%s", s)
	}
	if strings.Contains(s, "EX-4 ") {
		t.Fatalf("closed EX-4 listed under the default active filter:\n%s", s)
	}
	requireContains(t, a, "3 active of 4", "high 1", "medium 2", "closed 1", "1 overdue task")
	if l := lineWith(a, "EX-3 "); !strings.Contains(l, "expired") {
		t.Fatalf("accepted risk past expiry should read expired: %q", l)
	}
}

func TestTriageChordGTOpensQueue(t *testing.T) {
	a := newTriageApp(t, seededTriage(), 100, 30)
	press(t, a, "g", "t")
	if topID(a) != ScreenTriage {
		t.Fatalf("g t opened %s", topID(a))
	}
}

func TestTriageWithoutStoreSaysSo(t *testing.T) {
	a := newTriageApp(t, nil, 100, 30)
	press(t, a, "5", "n")
	requireContains(t, a, "needs an engagement file")
}

func TestTriageFilterBarNarrowsByKindAndRejectsTypos(t *testing.T) {
	a := newTriageApp(t, seededTriage(), 100, 30)
	press(t, a, "5", "/")
	press(t, a, "ctrl+u") // textinput: delete to start
	typeText(t, a, "kind:control-gap owner:TEST")
	press(t, a, "enter")
	s := screen(a)
	if !strings.Contains(s, "EX-2 ") || strings.Contains(s, "EX-1 ") || strings.Contains(s, "EX-3 ") {
		t.Fatalf("filter kind:control-gap owner:tester:\n%s", s)
	}
	press(t, a, "esc")
	requireContains(t, a, "EX-1 ", "EX-3 ")
	press(t, a, "/", "ctrl+u")
	typeText(t, a, "kind:shadow")
	press(t, a, "enter")
	requireContains(t, a, `unknown kind "shadow"`)
}

func TestTriageStatusCycleShowsClosed(t *testing.T) {
	a := newTriageApp(t, seededTriage(), 100, 30)
	press(t, a, "5", "s") // active → all
	requireContains(t, a, "EX-4 ", "status:all")
}

func TestTriageOpenShowsRuleCitationsAndTasks(t *testing.T) {
	a := newTriageApp(t, seededTriage(), 120, 40)
	press(t, a, "5", "enter")
	if topID(a) != ScreenException {
		t.Fatalf("enter opened %s", topID(a))
	}
	requireContains(t, a, "EX-1", "AI activity not tied to the inventory", "logs/cloudtrail.json:12",
		"Support bot", "CC6.1", "Add app-x to the inventory")
}

func TestTriageRemediateRecordsDecision(t *testing.T) {
	ft := seededTriage()
	a := newTriageApp(t, ft, 100, 30)
	press(t, a, "5", "enter", "r")
	typeText(t, a, "patch the gateway")
	press(t, a, "ctrl+s")
	c := ft.lastCall(t)
	if c.op != "move" || c.id != 1 || c.to != string(model.StatusInRemediation) || c.dec.Rationale != "patch the gateway" {
		t.Fatalf("call %+v", c)
	}
	if topID(a) != ScreenException {
		t.Fatalf("after saving, top is %s", topID(a))
	}
	requireContains(t, a, "in-remediation", "remediate", "by tester")
}

func TestTriageAddTask(t *testing.T) {
	ft := seededTriage()
	a := newTriageApp(t, ft, 160, 48)
	press(t, a, "5", "enter", "n")
	typeText(t, a, "Block app-x at the gateway")
	press(t, a, "tab", "tab", "tab")
	typeText(t, a, "2026-03-15")
	press(t, a, "tab", "tab")
	typeText(t, a, "SEC-42")
	press(t, a, "ctrl+s")
	c := ft.lastCall(t)
	want := model.RemediationTask{ID: 3 + 1, ExceptionID: 1, Title: "Block app-x at the gateway", Due: "2026-03-15",
		Status: model.TaskTodo, TrackerRef: "SEC-42"}
	if c.op != "task" || c.task.ExceptionID != want.ExceptionID || c.task.Title != want.Title || c.task.Due != want.Due ||
		c.task.TrackerRef != want.TrackerRef || c.task.Status != want.Status {
		t.Fatalf("task %+v", c.task)
	}
	requireContains(t, a, "T-4", "Block app-x at the gateway", "[SEC-42]")
}

func TestTriageAcceptRiskWithApprover(t *testing.T) {
	ft := seededTriage()
	a := newTriageApp(t, ft, 160, 48)
	press(t, a, "5", "enter", "a")
	typeText(t, a, "cfo")
	press(t, a, "tab")
	typeText(t, a, "low volume")
	press(t, a, "tab")
	typeText(t, a, "weekly log review")
	press(t, a, "tab")
	typeText(t, a, "2026-06-30")
	press(t, a, "enter")
	c := ft.lastCall(t)
	if c.op != "move" || c.to != string(model.StatusAccepted) || c.dec.Approver != "cfo" || c.dec.Expiry != "2026-06-30" ||
		c.dec.CompensatingControls != "weekly log review" {
		t.Fatalf("call %+v", c)
	}
	requireContains(t, a, "accepted", "cfo", "2026-06-30")
}

// acceptForm opens EX-2 (raised by tester) and starts accepting its risk.
func acceptForm(t *testing.T, ft *fakeTriage) *App {
	t.Helper()
	a := newTriageApp(t, ft, 100, 30)
	openEx(t, a, "EX-2")
	press(t, a, "a")
	if topID(a) != ScreenForm {
		t.Fatalf("a opened %s", topID(a))
	}
	return a
}

func TestTriageAcceptRiskRefusedWhenApproverRaisedIt(t *testing.T) {
	ft := seededTriage()
	a := acceptForm(t, ft)
	typeText(t, a, "Tester")
	press(t, a, "tab")
	typeText(t, a, "why")
	press(t, a, "tab")
	typeText(t, a, "comp")
	press(t, a, "tab")
	typeText(t, a, "2026-06-30")
	press(t, a, "ctrl+s")
	requireContains(t, a, "someone else must approve the risk")
	if n := ft.callCount(); n != 0 {
		t.Fatalf("store written %d times", n)
	}
	if topID(a) != ScreenForm {
		t.Fatal("refused form closed; what was typed is lost")
	}
}

func TestTriageAcceptRiskRefusedWithoutExpiry(t *testing.T) {
	ft := seededTriage()
	a := acceptForm(t, ft)
	typeText(t, a, "cfo")
	press(t, a, "tab")
	typeText(t, a, "why")
	press(t, a, "tab")
	typeText(t, a, "comp")
	press(t, a, "ctrl+s")
	requireContains(t, a, "accepting a risk needs an expiry date")
	if n := ft.callCount(); n != 0 {
		t.Fatalf("store written %d times", n)
	}
}

func TestTriageFalsePositiveNeedsReason(t *testing.T) {
	ft := seededTriage()
	a := newTriageApp(t, ft, 100, 30)
	press(t, a, "5", "enter", "f", "ctrl+s")
	requireContains(t, a, "a false positive needs a reason")
	if ft.callCount() != 0 {
		t.Fatal("saved without a reason")
	}
	typeText(t, a, "app-x is the vendor's test harness")
	press(t, a, "ctrl+s")
	if c := ft.lastCall(t); c.to != string(model.StatusFalsePositive) || c.dec.Rationale == "" {
		t.Fatalf("call %+v", c)
	}
}

func TestTriageInvalidTransitionShowsModelMessage(t *testing.T) {
	ft := seededTriage()
	a := newTriageApp(t, ft, 120, 30)
	openEx(t, a, "EX-4")
	press(t, a, "r")
	requireContains(t, a, "cannot move exception 4 from closed to in-remediation: allowed from closed are open")
	if topID(a) != ScreenException || ft.callCount() != 0 {
		t.Fatal("an invalid move opened a form or wrote")
	}
}

func TestTriageSeverityChangeNeedsReasonAwayFromSuggestion(t *testing.T) {
	ft := seededTriage()
	a := newTriageApp(t, ft, 100, 30)
	press(t, a, "5", "enter", "v", "c", "ctrl+s")
	requireContains(t, a, "needs a reason", "Suggested severity: high")
	press(t, a, "tab")
	typeText(t, a, "customer data involved")
	press(t, a, "ctrl+s")
	if c := ft.lastCall(t); c.op != "severity" || c.to != "critical" || c.text != "customer data involved" {
		t.Fatalf("call %+v", c)
	}
	requireContains(t, a, "CRIT", "suggested high; customer data involved")
}

func TestTriageManagementResponseSaved(t *testing.T) {
	ft := seededTriage()
	a := newTriageApp(t, ft, 100, 30)
	press(t, a, "5", "enter", "m")
	typeText(t, a, "no inventory check")
	press(t, a, "tab")
	typeText(t, a, "gateway allow-list")
	press(t, a, "tab")
	typeText(t, a, "2026-13-01")
	press(t, a, "ctrl+s")
	requireContains(t, a, "target date:")
	press(t, a, "backspace", "backspace", "backspace", "backspace", "backspace")
	typeText(t, a, "04-30")
	press(t, a, "ctrl+s")
	if c := ft.lastCall(t); c.op != "response" || c.text != "no inventory check|gateway allow-list|2026-04-30" {
		t.Fatalf("call %+v", c)
	}
}

func TestTriageTaskStatusChangeUsesTransitionTask(t *testing.T) {
	ft := seededTriage()
	a := newTriageApp(t, ft, 100, 30)
	// EX-1's page: the citation is item 0, its task item 1.
	press(t, a, "5", "enter", "j", "T")
	if topID(a) != ScreenForm {
		t.Fatalf("T opened %s", topID(a))
	}
	press(t, a, "w", "ctrl+s") // won't do needs a note
	requireContains(t, a, "give a reason")
	press(t, a, "tab")
	typeText(t, a, "superseded")
	press(t, a, "ctrl+s")
	if c := ft.lastCall(t); c.op != "task-move" || c.id != 2 || c.to != string(model.TaskWontDo) {
		t.Fatalf("call %+v", c)
	}
}

func TestRaiseFromWalkthroughQuestionIsPrefilledAndOpens(t *testing.T) {
	ft := seededTriage()
	a := newTriageApp(t, ft, 120, 40)
	press(t, a, "2")
	if q := currentQ(a); q == "" {
		t.Fatal("no current question")
	}
	q := currentQ(a)
	press(t, a, "!")
	requireContains(t, a, "Raise an exception", "Access to model keys", "AC-1", "CC6.1", "control-gap")
	press(t, a, "ctrl+s")
	c := ft.lastCall(t)
	if c.op != "raise" || !slices.Equal(c.ex.ControlIDs, []string{"AC-1"}) || !slices.Equal(c.ex.Criteria, []string{"CC6.1"}) ||
		len(c.ex.Citations) != 1 || c.ex.Citations[0].Ref != q || c.ex.RaisedBy != "tester" {
		t.Fatalf("raised %+v", c.ex)
	}
	if topID(a) != ScreenException {
		t.Fatalf("after raising, top is %s", topID(a))
	}
	requireContains(t, a, "EX-5", "Access to model keys")
}

func TestCitedAnswerJumpsToItsQuestion(t *testing.T) {
	a := newTriageApp(t, seededTriage(), 100, 30)
	openEx(t, a, "EX-2") // its first item cites ac1.review@org
	press(t, a, "enter")
	if topID(a) != ScreenWalkthrough {
		t.Fatalf("top is %s", topID(a))
	}
	if q := currentQ(a); q != "ac1.review@org" {
		t.Fatalf("walkthrough on %s", q)
	}
}

func TestMyTasksListsMineOverdueFirstAndMarked(t *testing.T) {
	a := newTriageApp(t, seededTriage(), 100, 30)
	press(t, a, "5", "m")
	s := screen(a)
	i1, i2 := strings.Index(s, "T-1 "), strings.Index(s, "T-2 ")
	if i1 < 0 || i2 < 0 || i1 > i2 {
		t.Fatalf("want overdue T-1 before T-2:\n%s", s)
	}
	if strings.Contains(s, "Someone else's task") {
		t.Fatalf("another person's task listed:\n%s", s)
	}
	if l := lineWith(a, "T-1 "); !strings.Contains(l, "OVERDUE 2026-02-20") {
		t.Fatalf("overdue task not marked: %q", l)
	}
	if l := lineWith(a, "T-2 "); strings.Contains(l, "OVERDUE") {
		t.Fatalf("task due later marked overdue: %q", l)
	}
	requireContains(t, a, "1 overdue")
	press(t, a, "enter")
	requireContains(t, a, "Access reviews are not quarterly")
}

func TestTriageHostileTextIsCleaned(t *testing.T) {
	ft := seededTriage()
	ft.ex[0].Title = "evil\x1b]52;c;AAAA\x07title\x1b[2J"
	a := newTriageApp(t, ft, 100, 30)
	press(t, a, "5")
	if v := a.View().Content; strings.Contains(v, "\x1b]52") || strings.Contains(v, "\x1b[2J") {
		t.Fatal("escape sequence from an exception title reached the terminal")
	}
	requireContains(t, a, "eviltitle")
}

func TestTriageDuplicateNeedsAnExistingException(t *testing.T) {
	ft := seededTriage()
	a := newTriageApp(t, ft, 100, 30)
	press(t, a, "5", "enter", "d")
	typeText(t, a, "EX-99")
	press(t, a, "ctrl+s")
	requireContains(t, a, "there is no EX-99")
	for range 5 {
		press(t, a, "backspace")
	}
	typeText(t, a, "EX-2")
	press(t, a, "ctrl+s")
	if c := ft.lastCall(t); c.to != string(model.StatusDuplicate) || c.dec.DuplicateOf != 2 {
		t.Fatalf("call %+v", c)
	}
	requireContains(t, a, "duplicate of", "EX-2")
}

func TestOverdueTaskIsStyledAsWellAsMarked(t *testing.T) {
	a := newTriageApp(t, seededTriage(), 100, 30)
	press(t, a, "5", "m", "j") // cursor off the overdue row, so its own style shows
	danger := a.com.Styles.Danger.Bold(true).Render("OVERDUE 2026-02-20")
	if !strings.Contains(a.View().Content, danger) {
		t.Fatalf("overdue due date not in the danger style:\n%q", a.View().Content)
	}
	if strings.Contains(a.View().Content, a.com.Styles.Danger.Bold(true).Render("due 2026-04-01")) {
		t.Fatal("a task due later is styled as overdue")
	}
}

func TestTriageFormCleansStoredTextItShowsForEditing(t *testing.T) {
	ft := seededTriage()
	ft.tasks[1].Title = "Add\x1b[2J app-x"
	a := newTriageApp(t, ft, 120, 40)
	press(t, a, "5", "enter", "j", "e")
	if topID(a) != ScreenForm {
		t.Fatalf("e opened %s", topID(a))
	}
	if strings.Contains(a.View().Content, "\x1b[2J") {
		t.Fatal("a stored task title's escape sequence reached the terminal through the edit form")
	}
}
