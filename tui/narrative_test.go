package tui

import (
	"strings"
	"testing"
)

func TestNarrativeEditSavesMarksEditedAndReverts(t *testing.T) {
	fa := newFakeAudit()
	a := newAuditApp(t, fa, 100, 30)
	press(t, a, "2", "w")
	s, ok := a.top().(*narrativeScreen)
	if !ok || s.ctl.ID != "AC-1" || s.subject != "org" {
		t.Fatalf("w opened %T", a.top())
	}
	requireContains(t, a, "generated from the answers (not edited)", "Are API keys kept in a vault? Yes.")
	press(t, a, "e")
	typeText(t, a, " Keys rotate every 90 days.")
	press(t, a, "ctrl+s")
	if len(fa.saves) != 1 {
		t.Fatalf("saves %+v", fa.saves)
	}
	got := fa.saves[0]
	if !strings.HasSuffix(got.Text, "Keys rotate every 90 days.") || !strings.HasPrefix(got.Generated, "Are API keys kept in a vault? Yes.") ||
		strings.Contains(got.Generated, "rotate every 90") || got.EditedBy != "tester" {
		t.Fatalf("saved %+v", got)
	}
	if s.edited == nil {
		t.Fatal("not marked edited after the store saved it")
	}
	requireContains(t, a, "[edited]", "Generated narrative", "{+Keys rotate every 90 days.+}", "Narrative AC-1 saved as edited")
	press(t, a, "R", "y")
	if len(fa.deletes) != 1 || fa.deletes[0] != "AC-1@org" || s.edited != nil {
		t.Fatalf("revert: deletes %v edited %v", fa.deletes, s.edited)
	}
	requireContains(t, a, "not edited", "reverted to the generated text")
}

func TestNarrativeEditCancelSavesNothing(t *testing.T) {
	fa := newFakeAudit()
	a := newAuditApp(t, fa, 100, 30)
	press(t, a, "2", "w", "e")
	typeText(t, a, "q?12") // typed into the editor, not quit/help/tabs
	press(t, a, "esc")
	if len(fa.saves) != 0 || a.top().ID() != ScreenNarrative {
		t.Fatalf("saves %v top %v", fa.saves, a.top().ID())
	}
}

func TestNarrativeListMarksEditedAndOpensOne(t *testing.T) {
	fa := newFakeAudit()
	a := newAuditApp(t, fa, 100, 30)
	press(t, a, "2", "w", "e")
	typeText(t, a, " More.")
	press(t, a, "ctrl+s", "esc", "g", "x", "n")
	requireContains(t, a, "4 walked, 1 edited", "[edited]")
	press(t, a, "j", "enter")
	if s, ok := a.top().(*narrativeScreen); !ok || s.ctl.ID != "AC-2" {
		t.Fatalf("enter opened %T", a.top())
	}
}

func TestWordDiffMarksAddedAndRemovedWords(t *testing.T) {
	ops, ok := wordDiff("keys are kept in a vault", "keys are kept in HashiCorp Vault")
	if !ok {
		t.Fatal("not diffed")
	}
	got := renderDiff(ops, 8, noStyle(), noStyle())
	if got != "keys are kept in [-a vault-] {+HashiCorp Vault+}" {
		t.Fatalf("diff %q", got)
	}
	rem, add := diffStats(ops)
	if rem != 2 || add != 2 {
		t.Fatalf("stats %d %d", rem, add)
	}
}
