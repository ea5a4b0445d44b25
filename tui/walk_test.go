package tui

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

func walkApp(t *testing.T, st *fakeStore, snap model.Snapshot) *App {
	t.Helper()
	if !snap.Engagement.IsSetUp() {
		snap.Engagement = setUpEngagement()
	}
	a := newTestApp(t, st, snap, 100, 30)
	press(t, a, "2")
	if a.top().ID() != ScreenWalkthrough {
		t.Fatalf("2 did not open the walkthrough; top is %s", a.top().ID())
	}
	return a
}

func TestAnswerShowsSavedOnlyAfterStoreConfirms(t *testing.T) {
	st := &fakeStore{}
	a := walkApp(t, st, model.Snapshot{})
	_, cmd := a.Update(keyMsg("y"))
	// The key press moved on; go back to look at the answered question.
	if got := currentQ(a); got != "ac1.rotate@org" {
		t.Fatalf("after y the cursor is on %s, want the follow-up ac1.rotate@org", got)
	}
	a.walk.curIdx = 0
	a.walk.cur = model.AnswerKey{QuestionID: "ac1.vault", Subject: model.SubjectOrg}
	a.walk.paneFor = ""
	a.walk.refreshPane()
	requireContains(t, a, "Answer: Yes  saving…")
	msgs := run(cmd)
	var saved bool
	for _, m := range msgs {
		if _, ok := m.(AnswerSavedMsg); ok {
			saved = true
		}
	}
	if !saved {
		t.Fatalf("the command did not produce an AnswerSavedMsg: %#v", msgs)
	}
	if got := st.lastAnswer(t); got.QuestionID != "ac1.vault" || got.Value != model.AnswerYes || got.UpdatedBy != "tester" {
		t.Fatalf("store got %+v", got)
	}
	if strings.Contains(screen(a), "✓ saved") {
		t.Fatal("screen says saved before the SavedMsg arrived")
	}
	for _, m := range msgs {
		_, next := a.Update(m)
		pump(t, a, next)
	}
	requireContains(t, a, "Answer: Yes  ✓ saved", "Saved ac1.vault")
}

func TestNAIsRefusedWithoutJustification(t *testing.T) {
	st := &fakeStore{}
	a := walkApp(t, st, model.Snapshot{})
	press(t, a, "a", "enter")
	requireContains(t, a, "N/A needs a justification")
	if len(st.answers) != 0 {
		t.Fatalf("store got %+v for an N/A without justification", st.answers)
	}
	typeText(t, a, "no keys: local model only")
	press(t, a, "enter")
	got := st.lastAnswer(t)
	if got.Value != model.AnswerNA || got.Justification != "no keys: local model only" {
		t.Fatalf("store got %+v", got)
	}
}

func TestFailingStoreKeepsAnswerUnsavedAndShowsError(t *testing.T) {
	st := &fakeStore{fail: errors.New("disk I/O error")}
	a := walkApp(t, st, model.Snapshot{})
	press(t, a, "n") // "no" unlocks nothing: the cursor moves to ac1.review
	press(t, a, "k")
	requireContains(t, a, "NOT SAVED", "disk I/O error", "1 unsaved")
	if s := screen(a); strings.Contains(s, "✓ saved") {
		t.Fatalf("failed answer shown as saved:\n%s", s)
	}
	// The dashboard counts only durable answers.
	if got := a.com.Session.Summary().Overall.Answered; got != 0 {
		t.Fatalf("summary counts %d answered after a failed save", got)
	}
}

func TestResumeRestoresCursorFromSnapshot(t *testing.T) {
	st := &fakeStore{}
	cur := encodeCursor(model.AnswerKey{QuestionID: "pr1.optout", Subject: model.SystemSubject(2)})
	a := walkApp(t, st, model.Snapshot{UI: map[string]string{uiCursorKey: cur}})
	if got := currentQ(a); got != "pr1.optout@system:2" {
		t.Fatalf("resumed at %s", got)
	}
	requireContains(t, a, "system: Code helper")
}

func TestQuitSavesCursorBeforeQuitting(t *testing.T) {
	st := &fakeStore{}
	a := walkApp(t, st, model.Snapshot{})
	a.walk.debounce = 1 << 40 // nothing saved until quit
	press(t, a, "j", "j")
	if len(st.ui) != 0 {
		t.Fatalf("cursor saved before the debounce: %v", st.ui)
	}
	if !press(t, a, "q") {
		t.Fatal("q did not quit")
	}
	want := encodeCursor(model.AnswerKey{QuestionID: "ac2.how", Subject: model.SubjectOrg})
	if len(st.ui) == 0 || st.ui[len(st.ui)-1] != [2]string{uiCursorKey, want} {
		t.Fatalf("store ui = %v, want cursor %s", st.ui, want)
	}
}

func TestConditionalFollowUpAppearsAfterAnswer(t *testing.T) {
	st := &fakeStore{}
	a := walkApp(t, st, model.Snapshot{})
	if strings.Contains(screen(a), "Are vault keys rotated?") {
		t.Fatal("follow-up shown before its parent is answered")
	}
	press(t, a, "y")
	if got := currentQ(a); got != "ac1.rotate@org" {
		t.Fatalf("after yes the cursor is on %s, want ac1.rotate@org", got)
	}
	requireContains(t, a, "Are vault keys rotated?")
	press(t, a, "k", "n")
	if s := screen(a); strings.Contains(s, "Are vault keys rotated?") {
		t.Fatalf("follow-up still shown after no:\n%s", s)
	}
}

func TestFilterNarrowsSidebarToMatchingControls(t *testing.T) {
	a := walkApp(t, &fakeStore{}, model.Snapshot{})
	press(t, a, "/")
	typeText(t, a, "cc8")
	press(t, a, "enter")
	if got := currentQ(a); !strings.HasPrefix(got, "ac2.") {
		t.Fatalf("filter cc8 put the cursor on %s", got)
	}
	s := screen(a)
	if strings.Contains(s, "Access to model keys") || !strings.Contains(s, "filter: cc8") {
		t.Fatalf("sidebar not filtered:\n%s", s)
	}
	press(t, a, "esc")
	requireContains(t, a, "Access to model keys")
	if a.top().ID() != ScreenWalkthrough {
		t.Fatal("esc clearing the filter also left the walkthrough")
	}
}

func TestNextUnansweredAndNextFlagged(t *testing.T) {
	st := &fakeStore{}
	snap := model.Snapshot{Answers: model.Answers{
		{QuestionID: "ac1.vault", Subject: "org"}:       {QuestionID: "ac1.vault", Subject: "org", Value: "no"},
		{QuestionID: "ac1.review", Subject: "org"}:      {QuestionID: "ac1.review", Subject: "org", Value: "yes"},
		{QuestionID: "ac2.owner", Subject: "org"}:       {QuestionID: "ac2.owner", Subject: "org", Flagged: true},
		{QuestionID: "pr1.optout", Subject: "system:1"}: {QuestionID: "pr1.optout", Subject: "system:1", Value: "yes", Flagged: true},
	}}
	a := walkApp(t, st, snap)
	press(t, a, "N")
	if got := currentQ(a); got != "ac2.how@org" {
		t.Fatalf("N went to %s", got)
	}
	press(t, a, "F")
	if got := currentQ(a); got != "ac2.owner@org" {
		t.Fatalf("F went to %s", got)
	}
	press(t, a, "F")
	if got := currentQ(a); got != "pr1.optout@system:1" {
		t.Fatalf("second F went to %s", got)
	}
	press(t, a, "]")
	if got := currentQ(a); got != "pr1.optout@system:2" {
		t.Fatalf("] went to %s", got)
	}
	press(t, a, "[", "[")
	if got := currentQ(a); got != "ac2.how@org" {
		t.Fatalf("[ [ went to %s", got)
	}
}

func TestChoiceMultiTextDateAndNumberAnswers(t *testing.T) {
	st := &fakeStore{}
	a := walkApp(t, st, model.Snapshot{})
	press(t, a, "]") // AC-2
	press(t, a, "1")
	if got := st.lastAnswer(t); got.QuestionID != "ac2.how" || got.Value != "ticket" {
		t.Fatalf("choice saved %+v", got)
	}
	press(t, a, "enter", "space", "j", "space", "enter")
	if got := st.lastAnswer(t); got.QuestionID != "ac2.where" || strings.Join(got.Choices, ",") != "prod,stage" {
		t.Fatalf("multi saved %+v", got)
	}
	press(t, a, "enter")
	typeText(t, a, "Head of ML")
	press(t, a, "enter")
	if got := st.lastAnswer(t); got.QuestionID != "ac2.owner" || got.Value != "Head of ML" {
		t.Fatalf("text saved %+v", got)
	}
	press(t, a, "enter")
	typeText(t, a, "31/13/2026")
	press(t, a, "enter")
	requireContains(t, a, "use a date like")
	for range 10 {
		press(t, a, "backspace")
	}
	typeText(t, a, "2026-01-31")
	press(t, a, "enter")
	if got := st.lastAnswer(t); got.QuestionID != "ac2.last" || got.Value != "2026-01-31" {
		t.Fatalf("date saved %+v", got)
	}
	press(t, a, "enter")
	typeText(t, a, "twelve")
	press(t, a, "enter")
	requireContains(t, a, "not a number")
	press(t, a, "esc")
	if len(st.answers) != 4 {
		t.Fatalf("store got %d answers, want 4 (bad number refused)", len(st.answers))
	}
}

func TestFlagSourceAndNoteAreSaved(t *testing.T) {
	st := &fakeStore{}
	a := walkApp(t, st, model.Snapshot{})
	press(t, a, "f")
	if got := st.lastAnswer(t); !got.Flagged || got.IsAnswered() {
		t.Fatalf("flag saved %+v", got)
	}
	press(t, a, "s", "s")
	if got := st.lastAnswer(t); got.Source != model.SourceDocument || !got.Flagged {
		t.Fatalf("source saved %+v", got)
	}
	press(t, a, "o")
	typeText(t, a, "Ask Priya")
	press(t, a, "enter")
	typeText(t, a, "for the vault export")
	press(t, a, "ctrl+s")
	if got := st.lastAnswer(t); got.Note != "Ask Priya\nfor the vault export" {
		t.Fatalf("note saved %q", got.Note)
	}
	requireContains(t, a, "Note: Ask Priya", "⚑ flagged", "Source: document")
}

func TestQIsTypedNotQuitWhileInputOpen(t *testing.T) {
	st := &fakeStore{}
	a := walkApp(t, st, model.Snapshot{})
	press(t, a, "a")
	if press(t, a, "q") {
		t.Fatal("q quit while the justification input was focused")
	}
	press(t, a, "enter")
	if got := st.lastAnswer(t); got.Justification != "q" {
		t.Fatalf("justification %q", got.Justification)
	}
}

func TestTooSmallTerminalShowsNotice(t *testing.T) {
	a := newTestApp(t, &fakeStore{}, model.Snapshot{Engagement: setUpEngagement()}, 59, 20)
	requireContains(t, a, "terminal too small (need 60x16)")
	send(t, a, tea.WindowSizeMsg{Width: 80, Height: 15})
	requireContains(t, a, "terminal too small")
	send(t, a, tea.WindowSizeMsg{Width: 60, Height: 16})
	if strings.Contains(screen(a), "too small") {
		t.Fatal("60x16 still reported too small")
	}
}

func TestHostileStringsNeverReachTheTerminal(t *testing.T) {
	st := &fakeStore{}
	p := testPack()
	p.Sections[0].Controls[0].Title = "Keys\x1b]0;pwned\x07 \x1b[2Jcleared"
	p.Sections[0].Controls[0].Questions[0].Prompt = "Vault?\x1b[31m red"
	snap := model.Snapshot{Engagement: setUpEngagement(), Systems: testSystems(), Answers: model.Answers{
		{QuestionID: "ac1.vault", Subject: "org"}: {QuestionID: "ac1.vault", Subject: "org", Value: "yes",
			Note: "see \x1b]8;;http://evil\x07link\x1b]8;;\x07 and \x1b[H\x1b[2J"},
	}}
	snap.Engagement.Client = "Acme\x1b[5m"
	snap.Systems[0].Name = "Bot\x9b2J"
	a := New(Config{Store: st, Pack: p, Snapshot: snap})
	a.walk.debounce = 0
	send(t, a, tea.WindowSizeMsg{Width: 160, Height: 48})
	for _, keys := range [][]string{nil, {"2"}, {"]", "]"}} {
		press(t, a, keys...)
		raw := a.View().Content
		for _, bad := range []string{"\x1b]0;", "\x1b[2J", "\x1b]8;;http://evil", "\x1b[H", "\x1b[5m", "\x9b"} {
			if strings.Contains(raw, bad) {
				t.Fatalf("view contains raw %q after %v", bad, keys)
			}
		}
	}
}
