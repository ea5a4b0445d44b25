package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

func idKey(id int64) string { return strconv.FormatInt(id, 10) }

// detectLogging flags in-scope systems whose logging is recorded as none or
// partial. An unset logging level is an incomplete inventory entry, not a
// finding.
func (d *detector) detectLogging() {
	for i, s := range d.in.Systems {
		if !d.inScope[i] {
			continue
		}
		rule, what := "", ""
		switch s.Logging {
		case LoggingNone:
			rule, what = RuleLoggingNone, "are not logged"
		case LoggingPartial:
			rule, what = RuleLoggingPartial, "are only partly logged"
		default:
			continue
		}
		_, why := s.InScope()
		d.add(rule, []string{idKey(s.ID)}, d.tiers[i], Exception{
			Title: CleanLine(fmt.Sprintf("%s: AI interactions %s", s.Name, what)),
			Detail: CleanLine(fmt.Sprintf("The inventory records that %s's AI interactions %s, yet it is in scope (%s); "+
				"prompts, outputs, model and user should be logged and kept.", s.Name, what, why)),
			SystemIDs: []int64{s.ID}, Citations: []Citation{systemCitation(s)},
		})
	}
}

// detectOwnership flags in-scope systems with a missing or non-personal
// business or technical owner.
func (d *detector) detectOwnership() {
	for i, s := range d.in.Systems {
		if !d.inScope[i] {
			continue
		}
		var problems []string
		for _, o := range []struct{ role, who string }{{"business", s.BusinessOwner}, {"technical", s.TechnicalOwner}} {
			switch {
			case strings.TrimSpace(o.who) == "":
				problems = append(problems, "no "+o.role+" owner")
			case !looksLikePerson(o.who):
				problems = append(problems, fmt.Sprintf("%s owner %q is not a named person", o.role, strings.TrimSpace(o.who)))
			}
		}
		if len(problems) == 0 {
			continue
		}
		d.add(RuleOwnership, []string{idKey(s.ID)}, d.tiers[i], Exception{
			Title: CleanLine("Unclear ownership of " + s.Name),
			Detail: CleanLine(fmt.Sprintf("%s is in scope but has %s; an accountable person must own it after launch.",
				s.Name, strings.Join(problems, " and "))),
			SystemIDs: []int64{s.ID}, Citations: []Citation{systemCitation(s)},
		})
	}
}

// looksLikePerson tells a named person (or their e-mail) from a team,
// function or placeholder. It is a heuristic: "Priya Shah", "p.shah@x.com"
// and "Priya" pass; "TBD", "IT", "Data team" and "Engineering" do not.
func looksLikePerson(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 'a' && r <= 'z' || r > 0x7f }) {
		return false
	}
	words := strings.Fields(strings.NewReplacer("-", " ", "_", " ", "/", " ").Replace(s))
	nonPerson := []string{"tbd", "tba", "tbc", "unknown", "n/a", "na", "none", "todo", "unassigned", "nobody",
		"owner", "admin", "admins", "team", "teams", "department", "dept", "group", "squad", "unit", "committee",
		"it", "engineering", "security", "legal", "finance", "marketing", "sales", "support", "product", "data",
		"ml", "ai", "platform", "operations", "ops", "devops", "hr", "compliance", "infra", "infrastructure", "everyone", "all"}
	if strings.Contains(s, "@") {
		local := strings.Fields(strings.NewReplacer(".", " ", "-", " ", "_", " ").Replace(strings.SplitN(s, "@", 2)[0]))
		return len(local) > 0 && !slices.Contains(nonPerson, local[len(local)-1])
	}
	if slices.Contains(nonPerson, s) || len(words) == 0 || slices.Contains(nonPerson, words[len(words)-1]) || slices.Contains(nonPerson, words[0]) {
		return false
	}
	return true
}

// detectVendors checks the vendors of in-scope systems: assurance coverage
// and report age.
func (d *detector) detectVendors() {
	linked := d.inScopeByVendor()
	for _, v := range d.in.Vendors {
		idx := linked[v.ID]
		if len(idx) == 0 {
			continue
		}
		f := Exception{VendorIDs: []int64{v.ID}, Citations: []Citation{vendorCitation(v)}}
		var names []string
		var tierVals []Tier
		for _, i := range idx {
			s := d.in.Systems[i]
			f.SystemIDs = append(f.SystemIDs, s.ID)
			f.Citations = append(f.Citations, systemCitation(s))
			names = append(names, s.Name)
			tierVals = append(tierVals, d.tiers[i])
		}
		tier := worstTier(tierVals...)
		used := strings.Join(names, ", ")
		if gap, why := v.CoverageGap(); gap {
			g := f
			g.Title = CleanLine(fmt.Sprintf("%s: %s", v.Name, why))
			g.Detail = CleanLine(fmt.Sprintf("%s provides %s for in-scope %s, but its assurance has a gap: %s. %s",
				v.Name, orDash(v.Service), used, why, orDash(v.CoversNote)))
			d.add(RuleVendorCoverage, []string{idKey(v.ID)}, tier, g)
		}
		if stale, why := d.vendorReportStale(v); stale {
			g := f
			g.Title = CleanLine(fmt.Sprintf("%s: SOC 2 report out of date", v.Name))
			g.Detail = CleanLine(fmt.Sprintf("%s (used by %s): %s.", v.Name, used, why))
			d.add(RuleVendorStale, []string{idKey(v.ID)}, tier, g)
		}
	}
}

// vendorReportStale reports a SOC 2 report whose period ended more than 12
// months before now with no bridge letter dated after the period end.
// Vendors without a report are the coverage rule's concern.
func (d *detector) vendorReportStale(v Vendor) (bool, string) {
	if v.Report != ReportType1 && v.Report != ReportType2 {
		return false, ""
	}
	if v.PeriodEnd == "" {
		return true, "the report's period end is not recorded"
	}
	cutoff := DateOf(d.in.Now.AddDate(-1, 0, 0))
	if v.PeriodEnd >= cutoff {
		return false, ""
	}
	if v.BridgeLetter != "" && v.BridgeLetter > v.PeriodEnd {
		return false, ""
	}
	return true, fmt.Sprintf("the report period ended %s, more than 12 months ago, and there is no later bridge letter", v.PeriodEnd)
}

// detectStaleInventory flags in-scope systems whose inventory entry was
// last reviewed more than 12 months ago. Never-reviewed entries are not
// flagged: a new inventory would drown the queue.
func (d *detector) detectStaleInventory() {
	cutoff := DateOf(d.in.Now.AddDate(-1, 0, 0))
	for i, s := range d.in.Systems {
		if !d.inScope[i] || s.LastReviewed == "" || s.LastReviewed >= cutoff {
			continue
		}
		d.add(RuleInventoryStale, []string{idKey(s.ID)}, d.tiers[i], Exception{
			Title: CleanLine(fmt.Sprintf("%s not reviewed since %s", s.Name, s.LastReviewed)),
			Detail: CleanLine(fmt.Sprintf("The inventory entry for %s was last reviewed on %s, more than 12 months ago; "+
				"review its purpose, data, owners and scope.", s.Name, s.LastReviewed)),
			SystemIDs: []int64{s.ID}, Citations: []Citation{systemCitation(s)},
		})
	}
}

// detectControlGaps raises one finding per control and subject scored not
// met, citing the answers that fail it.
func (d *detector) detectControlGaps() {
	if d.in.Pack == nil {
		return
	}
	items := Walk(d.in.Pack, d.in.Answers, d.in.Systems)
	byResult := map[[2]string][]Item{}
	for _, it := range items {
		a, ok := d.in.Answers[it.Key()]
		if ItemStatus(it.Question, a, ok) == StatusNotMet {
			k := [2]string{it.Control.ID, it.Subject}
			byResult[k] = append(byResult[k], it)
		}
	}
	sysIdx := map[int64]int{}
	for i, s := range d.in.Systems {
		sysIdx[s.ID] = i
	}
	for _, r := range Assess(items, d.in.Answers) {
		if r.Status != StatusNotMet {
			continue
		}
		f := Exception{ControlIDs: []string{r.Control.ID}, Criteria: slices.Clone(r.Control.Criteria)}
		title, tier := r.Control.Title, Tier("")
		if id, ok := SubjectSystemID(r.Subject); ok {
			f.SystemIDs = []int64{id}
			if i, ok := sysIdx[id]; ok {
				title += " — " + d.in.Systems[i].Name
				tier = d.tiers[i]
			}
		}
		var prompts []string
		for _, it := range byResult[[2]string{r.Control.ID, r.Subject}] {
			f.Citations = append(f.Citations, answerCitation(it, d.in.Answers[it.Key()]))
			prompts = append(prompts, it.Question.ID)
		}
		f.Title = CleanLine(fmt.Sprintf("Control %s not met: %s", r.Control.ID, title))
		f.Detail = CleanLine(fmt.Sprintf("Control %s (%s) is not met for %s: %d of %d answers fail it (%s).",
			r.Control.ID, r.Control.Title, r.Subject, r.NotMet, r.Asked, strings.Join(prompts, ", ")))
		d.add(RuleControlGap, []string{r.Control.ID, r.Subject}, tier, f)
	}
}

// inScopeByVendor lists, per vendor id, the indexes of the in-scope
// systems that use it.
func (d *detector) inScopeByVendor() map[int64][]int {
	linked := map[int64][]int{}
	for i, s := range d.in.Systems {
		if d.inScope[i] && s.VendorID != 0 {
			linked[s.VendorID] = append(linked[s.VendorID], i)
		}
	}
	return linked
}
