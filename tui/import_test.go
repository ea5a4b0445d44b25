package tui

import (
	"os"
	"path/filepath"
	"testing"
)

const fixtures = "../data/ingest/testdata/"

// readPreview types path into the import dialog and waits for the preview.
func readPreview(t *testing.T, a *App, path string) *importScreen {
	t.Helper()
	typeText(t, a, path)
	press(t, a, "enter")
	s, ok := a.top().(*importScreen)
	if !ok {
		t.Fatalf("top screen is %T", a.top())
	}
	return s
}

func TestImportPreviewThenConfirmWritesEverything(t *testing.T) {
	st := newInvStore(invSystems(), testVendors())
	a := newInvApp(t, st, 100, 30)
	press(t, a, "3", "i")
	s := readPreview(t, a, fixtures+"inventory_excel.csv")
	if s.step != stepPreview {
		t.Fatalf("step %d, err %q", s.step, s.err)
	}
	c, u, _, _ := s.plan.Counts()
	if c == 0 || st.imports != 0 {
		t.Fatalf("plan creates %d, updates %d; store imports %d before confirm", c, u, st.imports)
	}
	requireContains(t, a, "to create", "create system", "warning:", "y or enter imports")
	press(t, a, "y")
	if st.imports != 1 {
		t.Fatalf("store imports %d", st.imports)
	}
	if a.top().ID() != ScreenInventory {
		t.Fatalf("dialog still open: %T", a.top())
	}
	if n := len(a.com.Session.Systems); n != len(invSystems())+c {
		t.Fatalf("session has %d systems, want %d", n, len(invSystems())+c)
	}
	requireContains(t, a, "Imported")
}

func TestImportWithRowErrorsIsRefused(t *testing.T) {
	st := newInvStore(invSystems(), testVendors())
	a := newInvApp(t, st, 100, 30)
	press(t, a, "3", "i")
	readPreview(t, a, fixtures+"inventory_bad.csv")
	requireContains(t, a, "error: ", "inventory_bad.csv:3", "nothing will be imported")
	press(t, a, "y")
	if st.imports != 0 {
		t.Fatal("a file with errors was imported")
	}
}

func TestImportOfAMissingFileSaysSo(t *testing.T) {
	a := newInvApp(t, newInvStore(invSystems(), testVendors()), 100, 30)
	press(t, a, "3", "i")
	s := readPreview(t, a, "/nonexistent/inv.csv")
	if s.step != stepPath {
		t.Fatalf("step %d", s.step)
	}
	requireContains(t, a, "no such file")
}

func TestImportVendorsFromTheVendorScreen(t *testing.T) {
	st := newInvStore(invSystems(), testVendors())
	a := newInvApp(t, st, 100, 30)
	press(t, a, "4", "i")
	readPreview(t, a, fixtures+"vendors_messy.csv")
	requireContains(t, a, "update vendor \"OpenAI\"")
	press(t, a, "enter")
	if st.imports != 1 {
		t.Fatal("vendors not imported")
	}
}

func TestTabCompletesThePath(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"inventory-2025.csv", "inventory-2026.csv", "vendors.csv"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("Name\nx\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	a := newInvApp(t, newInvStore(nil, nil), 100, 30)
	press(t, a, "3", "i")
	typeText(t, a, dir+"/in")
	press(t, a, "tab")
	s := a.top().(*importScreen)
	if got := s.input.Value(); got != dir+"/inventory-202" {
		t.Fatalf("completed to %q", got)
	}
	requireContains(t, a, "inventory-2025.csv  inventory-2026.csv")
	typeText(t, a, "6")
	press(t, a, "tab")
	if got := s.input.Value(); got != dir+"/inventory-2026.csv" {
		t.Fatalf("completed to %q", got)
	}
}
