package ingest

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"auditwalk/model"
)

// The seed corpus lives in testdata/fuzz/Fuzz*/ (messy CSV and JSON shapes);
// the fixtures are added too.
func addFixtureSeeds(f *testing.F, names ...string) {
	for _, n := range names {
		b, err := testdataFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func FuzzReadInventory(f *testing.F) {
	addFixtureSeeds(f, "inventory_excel.csv", "inventory_semicolon.csv", "inventory_tab.tsv", "inventory_bad.csv", "inventory.json", "inventory_object.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		inv, err := ReadInventory("fuzz.csv", bytes.NewReader(data), "")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.csv") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error does not name the file on one line: %q", err)
			}
			return
		}
		for _, r := range inv.Rows {
			if r.Line < 1 || strings.TrimSpace(r.System.Name) == "" || !utf8.ValidString(r.System.Name+r.System.Purpose+r.System.Notes) {
				t.Fatalf("bad row %+v", r)
			}
			if model.CleanText(r.System.Purpose) != r.System.Purpose || strings.ContainsAny(r.System.Name, "\n\x1b") {
				t.Fatalf("unclean text in %+v", r.System)
			}
		}
		for _, is := range append(inv.Errors, inv.Warnings...) {
			if is.Line < 0 || strings.Contains(is.String(), "\n") {
				t.Fatalf("issue is not one line: %q", is.String())
			}
		}
		// Planning what was read never panics, and applying it then
		// re-planning changes nothing.
		p := PlanInventory(nil, nil, inv)
		if p.OK() {
			systems, vendors := fakeApply(t, p, nil, nil)
			if again := PlanInventory(systems, vendors, inv); len(again.Systems)+len(again.Vendors) != 0 {
				t.Fatalf("re-import plans changes: %s", again.Summary())
			}
		}
		var out bytes.Buffer
		if err := p.Describe(&out); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzReadVendors(f *testing.F) {
	addFixtureSeeds(f, "vendors_messy.csv", "vendors.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		vf, err := ReadVendors("fuzz.csv", bytes.NewReader(data), "")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.csv") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error does not name the file on one line: %q", err)
			}
			return
		}
		for _, r := range vf.Rows {
			if r.Line < 1 || strings.TrimSpace(r.Vendor.Name) == "" {
				t.Fatalf("bad row %+v", r)
			}
			for d, s := range r.Vendor.Scores {
				if s.Value < 0 || s.Value > 5 {
					t.Fatalf("score %s = %d", d, s.Value)
				}
			}
		}
		p := PlanVendors(nil, vf)
		if p.OK() {
			_, vendors := fakeApply(t, p, nil, nil)
			if again := PlanVendors(vendors, vf); len(again.Vendors) != 0 {
				t.Fatalf("re-import plans changes: %s", again.Summary())
			}
		}
	})
}
