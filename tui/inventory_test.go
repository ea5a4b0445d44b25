package tui

import (
	"slices"
	"strings"
	"testing"

	"auditwalk/model"
)

func topForm(t *testing.T, a *App) *systemForm {
	t.Helper()
	f, ok := a.top().(*systemForm)
	if !ok {
		t.Fatalf("top screen is %T, want the system form:\n%s", a.top(), screen(a))
	}
	return f
}

func TestAddSystemIsShownSavedOnlyAfterTheStoreReplies(t *testing.T) {
	st := newInvStore(invSystems(), testVendors())
	a := newInvApp(t, st, 100, 30)
	press(t, a, "3", "a")
	topForm(t, a)
	typeText(t, a, "Resume screener")
	_, cmd := a.Update(keyMsg("ctrl+s"))
	if _, ok := st.system(101); ok {
		t.Fatal("store has the system before the command ran")
	}
	requireContains(t, a, "Saving…")
	if strings.Contains(screen(a), "Saved system") {
		t.Fatal("status says saved before the store replied")
	}
	pump(t, a, cmd)
	got, ok := st.system(101)
	if !ok || got.Name != "Resume screener" || got.Approval != model.ApprovalPending {
		t.Fatalf("store has %+v (found %v)", got, ok)
	}
	if a.top().ID() != ScreenInventory {
		t.Fatalf("form still open: %T", a.top())
	}
	requireContains(t, a, "Saved system Resume screener", "4 systems")
	if row, _ := invScreen(a).selected(); row.sys.ID != 101 {
		t.Fatalf("cursor on %q, want the new system", row.sys.Name)
	}
}

func TestEditSystemUpdatesStoreAndTable(t *testing.T) {
	st := newInvStore(invSystems(), testVendors())
	a := newInvApp(t, st, 100, 30)
	press(t, a, "3", "j") // sorted by name: Code helper, Slide maker, Support bot
	press(t, a, "e")
	f := topForm(t, a)
	if f.base.ID != 3 {
		t.Fatalf("editing %q, want Slide maker", f.base.Name)
	}
	typeText(t, a, " v2")
	press(t, a, "ctrl+s")
	got, _ := st.system(3)
	if got.Name != "Slide maker v2" || got.Approval != model.ApprovalShadow || got.BusinessOwner != "carol" {
		t.Fatalf("store has %+v", got)
	}
	requireContains(t, a, "Slide maker v2")
}

func TestSaveFailureKeepsTheFormOpenWithTheError(t *testing.T) {
	st := newInvStore(invSystems(), testVendors())
	a := newInvApp(t, st, 100, 30)
	press(t, a, "3", "a")
	typeText(t, a, "Doomed")
	st.failInv = errString("disk full")
	press(t, a, "ctrl+s")
	topForm(t, a)
	requireContains(t, a, "Not saved: disk full", "System Doomed NOT saved")
}

func TestScopeOverrideWithoutJustificationIsRefused(t *testing.T) {
	st := newInvStore(invSystems(), testVendors())
	a := newInvApp(t, st, 100, 30)
	press(t, a, "3", "G", "e") // Support bot
	f := topForm(t, a)
	f.vals.scope = scopeOutNow
	press(t, a, "ctrl+s")
	requireContains(t, a, "a scope override needs a written justification")
	if st.lastSave.ID != 0 {
		t.Fatalf("store got %+v", st.lastSave)
	}
	f = topForm(t, a)
	f.vals.justification = "pilot only, no production traffic"
	press(t, a, "ctrl+s")
	got, _ := st.system(1)
	if got.ScopeOverride == nil || *got.ScopeOverride || got.ScopeJustification == "" {
		t.Fatalf("override not saved: %+v", got)
	}
	requireContains(t, a, "out*")
}

func TestDescopingDropsPerSystemQuestionsAndKeepsAnswers(t *testing.T) {
	st := newInvStore(invSystems(), testVendors())
	snapAns := model.Answer{QuestionID: "pr1.optout", Subject: "system:1", Value: "yes"}
	a := newInvApp(t, st, 100, 30)
	a.com.Session.answers[snapAns.Key()] = snapAns
	if got := subjects(a); !slices.Contains(got, "system:1") || !slices.Contains(got, "system:2") {
		t.Fatalf("walk subjects before: %v", got)
	}
	total := a.com.Session.Summary().Overall
	press(t, a, "3", "G", "e")
	f := topForm(t, a)
	f.vals.scope, f.vals.justification = scopeOutNow, "internal pilot"
	press(t, a, "ctrl+s")
	if got := subjects(a); slices.Contains(got, "system:1") || !slices.Contains(got, "system:2") {
		t.Fatalf("walk subjects after descoping: %v", got)
	}
	if _, ok := a.com.Session.answers[snapAns.Key()]; !ok {
		t.Fatal("the descoped system's answer was dropped")
	}
	if after := a.com.Session.Summary().Overall; after == total {
		t.Fatalf("summary did not change: %+v", after)
	}
	press(t, a, "2")
	if strings.Contains(screen(a), "↳ Support bot") {
		t.Fatalf("walkthrough still shows the descoped system:\n%s", screen(a))
	}
	// Scope follows the facts again: the question and its answer are back.
	press(t, a, "3", "e")
	f = topForm(t, a)
	f.vals.scope = scopeDerived
	press(t, a, "ctrl+s")
	if got := subjects(a); !slices.Contains(got, "system:1") {
		t.Fatalf("walk subjects after re-scoping: %v", got)
	}
}

func TestDeleteSystemAsksFirst(t *testing.T) {
	st := newInvStore(invSystems(), testVendors())
	a := newInvApp(t, st, 100, 30)
	press(t, a, "3", "x")
	requireContains(t, a, "Delete system Code helper?", "activity trail")
	press(t, a, "n")
	if len(st.deleted) != 0 || a.top().ID() != ScreenInventory {
		t.Fatalf("cancel deleted %v / top %T", st.deleted, a.top())
	}
	press(t, a, "d", "y")
	if !slices.Equal(st.deleted, []int64{2}) {
		t.Fatalf("deleted %v", st.deleted)
	}
	if got := visibleNames(a); slices.Contains(got, "Code helper") {
		t.Fatalf("row still shown: %v", got)
	}
	requireContains(t, a, "Deleted system Code helper", "2 systems")
	if slices.Contains(subjects(a), "system:2") {
		t.Fatal("walk still asks about the deleted system")
	}
}

func TestInventoryFiltersAndSorts(t *testing.T) {
	a := newInvApp(t, newInvStore(invSystems(), testVendors()), 100, 30)
	press(t, a, "3")
	check := func(what string, want ...string) {
		t.Helper()
		if got := visibleNames(a); !slices.Equal(got, want) {
			t.Fatalf("%s: %v, want %v", what, got, want)
		}
	}
	check("start", "Code helper", "Slide maker", "Support bot")
	press(t, a, "/")
	typeText(t, a, "BOT")
	check("text", "Support bot")
	press(t, a, "enter")
	requireContains(t, a, "1 of 3 systems", "filter: /bot")
	press(t, a, "esc")
	check("esc clears", "Code helper", "Slide maker", "Support bot")
	press(t, a, "f")
	check("in scope", "Code helper", "Support bot")
	press(t, a, "f")
	check("out of scope", "Slide maker")
	press(t, a, "c", "p")
	check("approved", "Support bot")
	press(t, a, "p", "p")
	check("shadow", "Slide maker")
	press(t, a, "c", "G", "k", "o")
	check("owner of the row", "Slide maker")
	press(t, a, "o", "k", "v")
	check("vendor of the row", "Code helper")
	press(t, a, "c", "s")
	check("by vendor", "Slide maker", "Code helper", "Support bot")
	press(t, a, "S")
	check("by vendor, reversed", "Support bot", "Code helper", "Slide maker")
	press(t, a, "s", "s", "S")
	check("by scope", "Code helper", "Support bot", "Slide maker")
	requireContains(t, a, "sort: scope")
}

func TestDetailPageShowsReasons(t *testing.T) {
	a := newInvApp(t, newInvStore(invSystems(), testVendors()), 80, 24)
	press(t, a, "3", "G", "space")
	requireContains(t, a, "IN scope", "affects service delivery", "Risk tier", "personal data", "Approval: approved")
}

func TestHostileTextIsCleanedInTheTable(t *testing.T) {
	sys := invSystems()
	sys[0].Name = "Evil\x1b]0;pwned\x07 bot\x1b[2J"
	a := newInvApp(t, newInvStore(sys, testVendors()), 160, 48)
	press(t, a, "3")
	if v := a.View().Content; strings.Contains(v, "pwned\x07") || strings.Contains(v, "\x1b[2J") {
		t.Fatalf("escape sequence reached the terminal: %q", v)
	}
}
