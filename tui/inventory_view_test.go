package tui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"auditwalk/model"
)

func TestGoldenInventoryViews(t *testing.T) {
	sizes := []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"160x48", 160, 48}}
	cases := []struct {
		name string
		keys []string
	}{
		{"inventory", []string{"3"}},
		{"inventory_filtered", []string{"3", "f", "s", "s", "s", "s"}},
		{"inventory_confirm", []string{"3", "x"}},
		{"system_detail", []string{"3", "G", "space"}},
		{"system_form", []string{"3", "a"}},
		{"vendors", []string{"4", "j"}},
		{"vendor_scorecard", []string{"4", "j", "s"}},
		{"import_path", []string{"3", "i"}},
	}
	for _, sz := range sizes {
		for _, c := range cases {
			t.Run(c.name+"_"+sz.name, func(t *testing.T) {
				a := newInvApp(t, newInvStore(invSystems(), testVendors()), sz.w, sz.h)
				press(t, a, c.keys...)
				golden.RequireEqual(t, screen(a))
			})
		}
		t.Run("import_preview_"+sz.name, func(t *testing.T) {
			a := newInvApp(t, newInvStore(invSystems(), testVendors()), sz.w, sz.h)
			press(t, a, "3", "i")
			readPreview(t, a, fixtures+"inventory_bad.csv")
			golden.RequireEqual(t, screen(a))
		})
	}
}

// bigInventory is n systems with varied owners, vendors, data and scope.
func bigInventory(n int) ([]model.System, []model.Vendor) {
	vendors := make([]model.Vendor, 20)
	for i := range vendors {
		vendors[i] = model.Vendor{ID: int64(i + 1), Name: fmt.Sprintf("Vendor %02d", i)}
	}
	cats := model.DataCategories()
	systems := make([]model.System, n)
	for i := range systems {
		v := vendors[i%len(vendors)]
		systems[i] = model.System{ID: int64(i + 1), Name: fmt.Sprintf("System %05d", (i*7919)%n),
			Purpose: "Summarises tickets for the support team", BusinessOwner: fmt.Sprintf("owner%03d@acme.test", i%300),
			TechnicalOwner: fmt.Sprintf("eng%02d@acme.test", i%40), VendorID: v.ID, VendorName: v.Name,
			Approval: model.Approvals()[i%4], DataCategories: []model.DataCategory{cats[i%len(cats)]},
			AffectsService: i%3 == 0, Consequential: i%5 == 0, Oversight: model.Oversights()[i%3],
			Logging: model.Loggings()[i%3], Models: []string{"gpt-4o"}}
	}
	return systems, vendors
}

func benchInventoryApp(b *testing.B) *App {
	systems, vendors := bigInventory(10000)
	st := newInvStore(systems, vendors)
	a := New(Config{Store: st, Pack: testPack(), Snapshot: model.Snapshot{Engagement: setUpEngagement(), Systems: systems, Vendors: vendors}})
	a.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	a.Update(keyMsg("3"))
	return a
}

// BenchmarkInventoryKeypress is one j or k on a 10,000-system inventory:
// Update and View, as the program does per key.
func BenchmarkInventoryKeypress(b *testing.B) {
	a := benchInventoryApp(b)
	j, k := keyMsg("j"), keyMsg("k")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		key := j
		if (i/500)%2 == 1 {
			key = k
		}
		i++
		a.Update(key)
		_ = a.View()
	}
}

// BenchmarkInventorySortKeypress is s (next sort column) on 10,000 systems:
// a full re-sort and re-filter, then the frame.
func BenchmarkInventorySortKeypress(b *testing.B) {
	a := benchInventoryApp(b)
	s := keyMsg("s")
	b.ReportAllocs()
	for b.Loop() {
		a.Update(s)
		_ = a.View()
	}
}

// BenchmarkInventoryFilterKeypress types one character into the / filter
// and deletes it again, each followed by a frame.
func BenchmarkInventoryFilterKeypress(b *testing.B) {
	a := benchInventoryApp(b)
	a.Update(keyMsg("/"))
	typed, del := keyMsg("7"), keyMsg("backspace")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		key := typed
		if i%2 == 1 {
			key = del
		}
		i++
		a.Update(key)
		_ = a.View()
	}
}

// BenchmarkInventoryLoad derives the rows of 10,000 systems, which happens
// once per save, delete or import.
func BenchmarkInventoryLoad(b *testing.B) {
	systems, _ := bigInventory(10000)
	var t invTable
	b.ReportAllocs()
	for b.Loop() {
		t.load(systems)
	}
}
