package ingest

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"auditwalk/model"
)

// FieldChange is one field an update changes, rendered as text.
type FieldChange struct {
	Field string
	Old   string
	New   string
}

// SystemChange is a system the plan creates (System.ID == 0) or updates.
type SystemChange struct {
	// Line is the file line of the row (the first, for merged duplicates).
	Line   int
	System model.System
	// Changes lists the fields an update changes; empty for a create.
	Changes []FieldChange
}

// VendorChange is a vendor the plan creates (Vendor.ID == 0) or updates.
type VendorChange struct {
	Line    int
	Vendor  model.Vendor
	Changes []FieldChange
	// Implied is set for a vendor created because an inventory row names
	// it; Line is then the first row that does.
	Implied bool
}

// Plan is what an import would change, computed without I/O. It is applied
// only when Errors is empty, and then in one transaction.
type Plan struct {
	Source string // file name as given
	Kind   string // "inventory" or "vendors"
	// Systems and Vendors are the records to write, in file order.
	Systems          []SystemChange
	Vendors          []VendorChange
	UnchangedSystems int
	UnchangedVendors int
	Errors           []Issue
	Warnings         []Issue
}

// OK reports whether the plan may be applied.
func (p Plan) OK() bool { return len(p.Errors) == 0 }

// Records returns the values to hand to the store: new records have ID 0,
// systems name new vendors by VendorName with VendorID 0.
func (p Plan) Records() ([]model.System, []model.Vendor) {
	systems := make([]model.System, len(p.Systems))
	for i, c := range p.Systems {
		systems[i] = c.System
	}
	vendors := make([]model.Vendor, len(p.Vendors))
	for i, c := range p.Vendors {
		vendors[i] = c.Vendor
	}
	return systems, vendors
}

// Counts returns created, updated and unchanged records of the plan's kind
// (systems for an inventory, vendors for a vendor file), and the vendors an
// inventory creates on the side.
func (p Plan) Counts() (created, updated, unchanged, impliedVendors int) {
	if p.Kind == "inventory" {
		for _, c := range p.Systems {
			if c.System.ID == 0 {
				created++
			} else {
				updated++
			}
		}
		return created, updated, p.UnchangedSystems, len(p.Vendors)
	}
	for _, c := range p.Vendors {
		if c.Vendor.ID == 0 {
			created++
		} else {
			updated++
		}
	}
	return created, updated, p.UnchangedVendors, 0
}

// Summary is "12 created, 3 updated, 40 unchanged", with the vendors an
// inventory creates appended ("; 2 new vendors").
func (p Plan) Summary() string {
	c, u, n, v := p.Counts()
	s := fmt.Sprintf("%d created, %d updated, %d unchanged", c, u, n)
	switch v {
	case 0:
	case 1:
		s += "; 1 new vendor"
	default:
		s += fmt.Sprintf("; %d new vendors", v)
	}
	return s
}

// settleScope drops a scope override that agrees with the derived scope
// (spreadsheets often carry an "In scope" column for every row) and rejects
// one that disagrees without a justification.
func settleScope(s *model.System) error {
	if s.ScopeOverride == nil || strings.TrimSpace(s.ScopeJustification) != "" {
		return nil
	}
	derived, why := s.DerivedScope()
	if *s.ScopeOverride == derived {
		s.ScopeOverride = nil
		return nil
	}
	return fmt.Errorf("scope override %q needs a justification (the facts say %s: %s)", scopeWord(*s.ScopeOverride), scopeWord(derived), why)
}

func scopeWord(in bool) string {
	if in {
		return "in scope"
	}
	return "out of scope"
}

// foldKey is the case-insensitive matching key of a name.
func foldKey(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// dedupe merges rows with the same key: blanks of the first are filled from
// the later one; a field both state differently rejects the later row. The
// key fields (equal but for case) keep the first row's spelling.
func dedupe[T any](sc *schema[T], rows []row[T], keyFields fieldSet, key func(*T) string, errs, warns *issues) []row[T] {
	idx := make(map[string]int, len(rows))
	out := make([]row[T], 0, len(rows))
	for _, r := range rows {
		k := key(&r.v)
		i, dup := idx[k]
		if !dup {
			idx[k] = len(out)
			out = append(out, r)
			continue
		}
		first := &out[i]
		conflict := ""
		for f := range sc.fields {
			if keyFields.has(f) {
				continue
			}
			if r.set.has(f) && first.set.has(f) && sc.fields[f].get(&r.v) != sc.fields[f].get(&first.v) {
				conflict = sc.fields[f].key
				break
			}
		}
		if conflict != "" {
			errs.add(r.line, "duplicate of row %d with different %s", first.line, conflict)
			continue
		}
		for f := range sc.fields {
			if r.set.has(f) && !first.set.has(f) && !keyFields.has(f) {
				sc.fields[f].copy(&first.v, &r.v)
				first.set.add(f)
			}
		}
		warns.add(r.line, "duplicate of row %d merged into it", first.line)
	}
	return out
}

// apply copies the fields r states onto after. Key fields that differ only
// in case keep the stored spelling: they matched, so they are not a change.
func apply[T any](sc *schema[T], after *T, r *row[T], keyFields fieldSet) {
	for f := range sc.fields {
		if keyFields.has(f) && foldKey(sc.fields[f].get(after)) == foldKey(sc.fields[f].get(&r.v)) {
			continue
		}
		if r.set.has(f) {
			sc.fields[f].copy(after, &r.v)
		}
	}
}

// diff lists the fields that differ between before and after.
func diff[T any](sc *schema[T], before, after *T) []FieldChange {
	var out []FieldChange
	for _, f := range sc.fields {
		if o, n := f.get(before), f.get(after); o != n {
			out = append(out, FieldChange{Field: f.key, Old: o, New: n})
		}
	}
	return out
}

// PlanVendors plans importing a vendor file: rows match existing vendors by
// name, case-insensitively.
func PlanVendors(existing []model.Vendor, file *VendorFile) Plan {
	sc := vendorSchema()
	p := Plan{Source: file.Name, Kind: "vendors"}
	errs, warns := issues{file: file.Name}, issues{file: file.Name}
	byName := make(map[string]int, len(existing))
	for i, v := range existing {
		if _, dup := byName[foldKey(v.Name)]; !dup {
			byName[foldKey(v.Name)] = i
		}
	}
	rows := make([]row[model.Vendor], len(file.Rows))
	for i, r := range file.Rows {
		rows[i] = row[model.Vendor]{line: r.Line, v: r.Vendor, set: r.set}
	}
	for _, r := range dedupe(sc, rows, 1<<sc.name, func(v *model.Vendor) string { return foldKey(v.Name) }, &errs, &warns) {
		i, found := byName[foldKey(r.v.Name)]
		if !found {
			if err := r.v.Validate(); err != nil {
				errs.add(r.line, "%v", err)
			}
			p.Vendors = append(p.Vendors, VendorChange{Line: r.line, Vendor: r.v})
			continue
		}
		before := existing[i]
		after := before
		after.Scores = maps.Clone(before.Scores)
		apply(sc, &after, &r, 1<<sc.name)
		if err := after.Validate(); err != nil {
			errs.add(r.line, "%v", err)
		}
		if ch := diff(sc, &before, &after); len(ch) > 0 {
			p.Vendors = append(p.Vendors, VendorChange{Line: r.line, Vendor: after, Changes: ch})
		} else {
			p.UnchangedVendors++
		}
	}
	p.Errors = append(slices.Clone(file.Errors), errs.list("errors")...)
	p.Warnings = append(slices.Clone(file.Warnings), warns.list("warnings")...)
	return p
}
