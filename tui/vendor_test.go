package tui

import (
	"slices"
	"strings"
	"testing"

	"auditwalk/model"
)

func topVendorForm(t *testing.T, a *App) *vendorForm {
	t.Helper()
	f, ok := a.top().(*vendorForm)
	if !ok {
		t.Fatalf("top screen is %T, want the vendor form:\n%s", a.top(), screen(a))
	}
	return f
}

func TestAddVendorLandsInStoreAfterTheReply(t *testing.T) {
	st := newInvStore(invSystems(), testVendors())
	a := newInvApp(t, st, 100, 30)
	press(t, a, "4", "a")
	topVendorForm(t, a)
	typeText(t, a, "Anthropic")
	_, cmd := a.Update(keyMsg("ctrl+s"))
	requireContains(t, a, "Saving…")
	if len(st.vendors) != 2 {
		t.Fatal("store has the vendor before the command ran")
	}
	pump(t, a, cmd)
	if len(st.vendors) != 3 || st.vendors[2].Name != "Anthropic" || st.vendors[2].Report != model.ReportNone {
		t.Fatalf("store vendors: %+v", st.vendors)
	}
	requireContains(t, a, "Saved vendor Anthropic", "3 vendors")
	if a.top().ID() != ScreenVendors {
		t.Fatalf("form still open: %T", a.top())
	}
}

func TestVendorScorecardEditorSavesScoresAndNotes(t *testing.T) {
	st := newInvStore(invSystems(), testVendors())
	a := newInvApp(t, st, 100, 30)
	press(t, a, "4", "j", "s") // sorted: Acme AI, OpenAI
	f := topVendorForm(t, a)
	if !f.scoreOnly || f.base.ID != 7 {
		t.Fatalf("scorecard of %q (scoreOnly %v)", f.base.Name, f.scoreOnly)
	}
	requireContains(t, a, "Scorecard of OpenAI", "Data access")
	f.vals.scores[0], f.vals.scoreNotes[0] = 2, "reads all tickets"
	press(t, a, "ctrl+s")
	got := st.vendors[0].Scores
	if got[model.ScoreDataAccess] != (model.Score{Value: 2, Note: "reads all tickets"}) || got[model.ScoreAuditLogs].Value != 4 {
		t.Fatalf("scores: %+v", got)
	}
	requireContains(t, a, "3.0") // average of 2 and 4
}

func TestEditVendorRenamesItOnLinkedSystems(t *testing.T) {
	st := newInvStore(invSystems(), testVendors())
	a := newInvApp(t, st, 100, 30)
	press(t, a, "4", "e") // Acme AI
	f := topVendorForm(t, a)
	typeText(t, a, " Intelligence")
	f.vals.cuecs = "Review prompts weekly\nRotate keys"
	press(t, a, "ctrl+s")
	if v := st.vendors[1]; v.Name != "Acme AI Intelligence" || !slices.Equal(v.CUECs, []string{"Review prompts weekly", "Rotate keys"}) {
		t.Fatalf("store vendor: %+v", v)
	}
	press(t, a, "3")
	requireContains(t, a, "vendor: Acme AI Intelligence")
}

func TestDeleteVendorSaysLinkedSystemsAreUnlinked(t *testing.T) {
	st := newInvStore(invSystems(), testVendors())
	a := newInvApp(t, st, 100, 30)
	press(t, a, "4", "j", "x")
	requireContains(t, a, "Delete vendor OpenAI?", "1 system linked to it will be unlinked")
	press(t, a, "y")
	if !slices.Equal(st.deleted, []int64{7}) {
		t.Fatalf("deleted %v", st.deleted)
	}
	for _, s := range a.com.Session.Systems {
		if s.VendorID == 7 || s.VendorName == "OpenAI" {
			t.Fatalf("session still links %q to the deleted vendor", s.Name)
		}
	}
	requireContains(t, a, "Deleted vendor OpenAI", "1 vendors")
}

func TestVendorTableMarksCoverageGaps(t *testing.T) {
	a := newInvApp(t, newInvStore(invSystems(), testVendors()), 100, 30)
	press(t, a, "4")
	s := screen(a)
	if !strings.Contains(s, "1 with a coverage gap") || !strings.Contains(s, "! no SOC 2 report") {
		t.Fatalf("gap not shown:\n%s", s)
	}
}
