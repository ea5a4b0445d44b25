package ingest

import (
	"slices"
	"strings"

	"auditwalk/model"
)

// inventoryPlanner holds the indexes one PlanInventory call builds.
type inventoryPlanner struct {
	sc        *schema[model.System]
	existing  []model.System
	byKey     map[string]int   // foldKey(name) + "\x00" + foldKey(vendor) → existing index
	byName    map[string][]int // foldKey(name) → existing indexes
	vendors   map[string]model.Vendor
	newVendor map[string]int // foldKey(name) → index in plan.Vendors
	matched   map[int64]int  // existing system ID → line that updates it
	created   map[string]int // foldKey(name) → line that creates it
	p         *Plan
	errs      issues
	warns     issues
}

func systemKey(name, vendor string) string { return foldKey(name) + "\x00" + foldKey(vendor) }

// PlanInventory plans importing an inventory file. Rows match existing
// systems by name and vendor, case-insensitively, and otherwise by name
// alone (names are unique in an engagement, so a new vendor for a known
// name is an update, with a warning); rows of the file with the same name
// and vendor are merged when they agree. Vendors the file
// names that are not in the register are planned as new vendors. Fields the
// file leaves blank never overwrite stored values, so re-importing a file
// plans no changes.
func PlanInventory(existing []model.System, existingVendors []model.Vendor, file *InventoryFile) Plan {
	ip := &inventoryPlanner{
		sc: inventorySchema(), existing: existing,
		byKey: make(map[string]int, len(existing)), byName: make(map[string][]int, len(existing)),
		vendors: make(map[string]model.Vendor, len(existingVendors)), newVendor: map[string]int{},
		matched: map[int64]int{}, created: map[string]int{},
		p:    &Plan{Source: file.Name, Kind: "inventory"},
		errs: issues{file: file.Name}, warns: issues{file: file.Name},
	}
	for i, s := range existing {
		k := systemKey(s.Name, s.VendorName)
		if _, dup := ip.byKey[k]; !dup {
			ip.byKey[k] = i
		}
		ip.byName[foldKey(s.Name)] = append(ip.byName[foldKey(s.Name)], i)
	}
	for _, v := range existingVendors {
		ip.vendors[foldKey(v.Name)] = v
	}
	rows := make([]row[model.System], len(file.Rows))
	for i, r := range file.Rows {
		rows[i] = row[model.System]{line: r.Line, v: r.System, set: r.set}
		ip.resolveVendor(&rows[i])
	}
	key := func(s *model.System) string { return systemKey(s.Name, s.VendorName) }
	defaulted := 0
	for _, r := range dedupe(ip.sc, rows, 1<<sysName|1<<sysVendor, key, &ip.errs, &ip.warns) {
		if ip.planRow(r) {
			defaulted++
		}
	}
	if defaulted > 0 {
		ip.warns.add(0, "%d new system(s) have no approval status and will be recorded as pending", defaulted)
	}
	ip.p.Errors = append(slices.Clone(file.Errors), ip.errs.list("errors")...)
	ip.p.Warnings = append(slices.Clone(file.Warnings), ip.warns.list("warnings")...)
	return *ip.p
}

// resolveVendor points a row at a register vendor (by ID, with the
// register's spelling) or at a vendor the plan creates.
func (ip *inventoryPlanner) resolveVendor(r *row[model.System]) {
	name := r.v.VendorName
	if !r.set.has(sysVendor) || name == "" {
		return
	}
	k := foldKey(name)
	if v, ok := ip.vendors[k]; ok {
		r.v.VendorID, r.v.VendorName = v.ID, v.Name
		return
	}
	if i, ok := ip.newVendor[k]; ok {
		r.v.VendorName = ip.p.Vendors[i].Vendor.Name
		return
	}
	ip.newVendor[k] = len(ip.p.Vendors)
	ip.p.Vendors = append(ip.p.Vendors, VendorChange{Line: r.line, Vendor: model.Vendor{Name: name}, Implied: true})
}

// target finds the existing system a row updates, or -1 (create), or -2
// (the row is in error). The store keeps system names unique, so a row whose
// name matches a system with another vendor updates that system's vendor
// (with a warning) rather than adding a second system of the same name.
func (ip *inventoryPlanner) target(r *row[model.System]) int {
	if r.set.has(sysVendor) {
		if i, ok := ip.byKey[systemKey(r.v.Name, r.v.VendorName)]; ok {
			return i
		}
	}
	switch c := ip.byName[foldKey(r.v.Name)]; len(c) {
	case 0:
		return -1
	case 1:
		if r.set.has(sysVendor) {
			ip.warns.add(r.line, "system %q is recorded with vendor %q; this row changes it to %q",
				short(r.v.Name), short(vendorOrNone(ip.existing[c[0]].VendorName)), short(vendorOrNone(r.v.VendorName)))
		}
		return c[0]
	default:
		var vs []string
		for _, i := range c {
			vs = append(vs, vendorOrNone(ip.existing[i].VendorName))
		}
		ip.errs.add(r.line, "%d systems are named %q (vendors %s); give this row one of those vendors", len(c), short(r.v.Name), strings.Join(vs, ", "))
		return -2
	}
}

func vendorOrNone(v string) string {
	if v == "" {
		return "none"
	}
	return v
}

// planRow adds the create or update for one merged row, and reports whether
// it created a system without an approval status.
func (ip *inventoryPlanner) planRow(r row[model.System]) (defaulted bool) {
	i := ip.target(&r)
	if i == -2 {
		return false
	}
	if i < 0 {
		if prev, dup := ip.created[foldKey(r.v.Name)]; dup {
			ip.errs.add(r.line, "row %d already adds a system named %q with another vendor; system names must be unique", prev, short(r.v.Name))
			return false
		}
		ip.created[foldKey(r.v.Name)] = r.line
		s := r.v
		if s.Approval == "" {
			s.Approval, defaulted = model.ApprovalPending, true
		}
		ip.check(r.line, &s)
		ip.p.Systems = append(ip.p.Systems, SystemChange{Line: r.line, System: s})
		return defaulted
	}
	before := ip.existing[i]
	if prev, dup := ip.matched[before.ID]; dup {
		ip.errs.add(r.line, "updates the same system as row %d (%q)", prev, short(before.Name))
		return false
	}
	ip.matched[before.ID] = r.line
	after := before
	apply(ip.sc, &after, &r, 1<<sysName)
	ip.check(r.line, &after)
	if ch := diff(ip.sc, &before, &after); len(ch) > 0 {
		ip.p.Systems = append(ip.p.Systems, SystemChange{Line: r.line, System: after, Changes: ch})
	} else {
		ip.p.UnchangedSystems++
	}
	return false
}

// check settles the scope override and validates the system as it would be
// saved.
func (ip *inventoryPlanner) check(line int, s *model.System) {
	if err := settleScope(s); err != nil {
		ip.errs.add(line, "%v", err)
		return
	}
	if err := s.Validate(); err != nil {
		ip.errs.add(line, "%v", err)
	}
}
