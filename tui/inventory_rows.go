package tui

import (
	"cmp"
	"slices"
	"strings"

	"auditwalk/model"
)

// invRow is one system with everything the table shows or sorts by,
// derived once when the system list changes so View and key presses never
// re-run scoping, tiering or sanitising over the whole inventory.
type invRow struct {
	sys model.System
	// Display text, already cleaned of terminal escapes.
	name, vendor, bizOwner, techOwner string
	inScope, override                 bool
	scopeWhy                          string
	tier                              model.Tier
	tierWhy                           []string
	// hay is the lower-cased text the / filter searches.
	hay string
	// Lower-cased sort keys.
	kName, kVendor, kOwner string
}

func newInvRow(sys model.System) invRow {
	r := invRow{sys: sys,
		name: model.CleanLine(sys.Name), vendor: model.CleanLine(sys.VendorName),
		bizOwner: model.CleanLine(sys.BusinessOwner), techOwner: model.CleanLine(sys.TechnicalOwner),
		override: sys.ScopeOverride != nil,
	}
	r.inScope, r.scopeWhy = sys.InScope()
	r.scopeWhy = model.CleanLine(r.scopeWhy)
	r.tier, r.tierWhy = sys.RiskTier()
	r.kName, r.kVendor = strings.ToLower(r.name), strings.ToLower(r.vendor)
	r.kOwner = strings.ToLower(r.bizOwner)
	r.hay = strings.ToLower(strings.Join([]string{r.name, r.vendor, r.bizOwner, r.techOwner,
		model.CleanLine(sys.Purpose), string(sys.Approval), string(sys.Deployment),
		strings.Join(sys.Models, " "), strings.Join(sys.Identities, " ")}, "\x00"))
	return r
}

// owners is "business / technical", or one of them.
func (r *invRow) owners() string {
	switch {
	case r.techOwner == "" || r.techOwner == r.bizOwner:
		return r.bizOwner
	case r.bizOwner == "":
		return r.techOwner
	}
	return r.bizOwner + " / " + r.techOwner
}

// scopeText is "in" or "out", with * when overridden.
func (r *invRow) scopeText() string {
	s := "out"
	if r.inScope {
		s = "in"
	}
	if r.override {
		s += "*"
	}
	return s
}

// invSort is a sortable column of the inventory table.
type invSort int

const (
	sortName invSort = iota
	sortVendor
	sortApproval
	sortScope
	sortTier
	sortOwner
	sortReviewed
	sortCount
)

func (s invSort) String() string {
	return [...]string{"name", "vendor", "approval", "scope", "tier", "owner", "last reviewed"}[s]
}

func tierRank(t model.Tier) int {
	switch t {
	case model.TierHigh:
		return 0
	case model.TierMedium:
		return 1
	}
	return 2
}

// compareRows orders two rows by col, then by name so the order is total.
func compareRows(col invSort, a, b *invRow) int {
	c := 0
	switch col {
	case sortVendor:
		c = cmp.Compare(a.kVendor, b.kVendor)
	case sortApproval:
		c = cmp.Compare(a.sys.Approval, b.sys.Approval)
	case sortScope:
		c = -cmpBool(a.inScope, b.inScope)
	case sortTier:
		c = cmp.Compare(tierRank(a.tier), tierRank(b.tier))
	case sortOwner:
		c = cmp.Compare(a.kOwner, b.kOwner)
	case sortReviewed:
		c = cmp.Compare(a.sys.LastReviewed, b.sys.LastReviewed)
	}
	if c != 0 {
		return c
	}
	if c = cmp.Compare(a.kName, b.kName); c != 0 {
		return c
	}
	return cmp.Compare(a.sys.ID, b.sys.ID)
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// scopeFilter narrows the table to in- or out-of-scope systems.
type scopeFilter int

const (
	scopeAll scopeFilter = iota
	scopeIn
	scopeOut
)

// invFilter is everything that narrows the inventory table.
type invFilter struct {
	text     string // lower-cased
	scope    scopeFilter
	approval model.Approval
	owner    string // matches business or technical owner
	vendor   string // display name; "-" means no vendor
	hasVend  bool
}

func (f invFilter) active() bool {
	return f.text != "" || f.scope != scopeAll || f.approval != "" || f.owner != "" || f.hasVend
}

func (f invFilter) match(r *invRow) bool {
	switch {
	case f.scope == scopeIn && !r.inScope, f.scope == scopeOut && r.inScope:
		return false
	case f.approval != "" && r.sys.Approval != f.approval:
		return false
	case f.owner != "" && r.bizOwner != f.owner && r.techOwner != f.owner:
		return false
	case f.hasVend && r.vendor != f.vendor:
		return false
	case f.text != "" && !strings.Contains(r.hay, f.text):
		return false
	}
	return true
}

// describe lists the active filters for the header.
func (f invFilter) describe() string {
	var parts []string
	if f.text != "" {
		parts = append(parts, "/"+f.text)
	}
	switch f.scope {
	case scopeIn:
		parts = append(parts, "in scope")
	case scopeOut:
		parts = append(parts, "out of scope")
	}
	if f.approval != "" {
		parts = append(parts, string(f.approval))
	}
	if f.owner != "" {
		parts = append(parts, "owner "+f.owner)
	}
	if f.hasVend {
		v := f.vendor
		if v == "" {
			v = "(none)"
		}
		parts = append(parts, "vendor "+v)
	}
	return strings.Join(parts, " · ")
}

// invCounts are the header's totals over the whole inventory.
type invCounts struct {
	total, inScope, high, shadow int
}

// invTable holds the derived rows and the current sorted, filtered view.
type invTable struct {
	rows   []invRow
	counts invCounts
	// order is rows sorted by the current column (indices into rows);
	// view is order narrowed by the filter.
	order   []int
	view    []int
	sortCol invSort
	desc    bool
	filter  invFilter
}

// load derives rows from systems (the expensive step, once per change).
func (t *invTable) load(systems []model.System) {
	t.rows = make([]invRow, len(systems))
	t.counts = invCounts{total: len(systems)}
	for i := range systems {
		t.rows[i] = newInvRow(systems[i])
		r := &t.rows[i]
		if r.inScope {
			t.counts.inScope++
		}
		if r.tier == model.TierHigh {
			t.counts.high++
		}
		if r.sys.Approval == model.ApprovalShadow {
			t.counts.shadow++
		}
	}
	t.resort()
}

// resort orders rows by the sort column, then re-applies the filter.
func (t *invTable) resort() {
	t.order = make([]int, len(t.rows))
	for i := range t.order {
		t.order[i] = i
	}
	col, desc := t.sortCol, t.desc
	slices.SortFunc(t.order, func(a, b int) int {
		c := compareRows(col, &t.rows[a], &t.rows[b])
		if desc {
			return -c
		}
		return c
	})
	t.refilter()
}

// refilter narrows order by the filter.
func (t *invTable) refilter() {
	t.view = t.view[:0]
	if !t.filter.active() {
		t.view = append(t.view, t.order...)
		return
	}
	for _, i := range t.order {
		if t.filter.match(&t.rows[i]) {
			t.view = append(t.view, i)
		}
	}
}

// indexOf returns the view position of system id, or -1.
func (t *invTable) indexOf(id int64) int {
	for vi, i := range t.view {
		if t.rows[i].sys.ID == id {
			return vi
		}
	}
	return -1
}
