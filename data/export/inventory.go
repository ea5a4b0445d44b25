package export

import (
	"fmt"
	"strconv"
	"strings"

	"auditwalk/model"
)

// joinClean joins user strings for one cell.
func joinClean[S ~string](items []S) string {
	parts := make([]string, 0, len(items))
	for _, s := range items {
		if t := strings.TrimSpace(model.CleanLine(string(s))); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, ", ")
}

// scopeLabel renders a system's effective scope with its reason.
func scopeLabel(s model.System) (string, string) {
	in, why := s.InScope()
	label := "Out of scope"
	if in {
		label = "In scope"
	}
	if s.ScopeOverride != nil {
		label += " (override)"
	}
	return label, why
}

// renderInventory builds the AI inventory register: a summary table, then
// every system's full record.
func (v *view) renderInventory() *mdDoc {
	d := newDoc("AI inventory register — "+orDash(model.CleanLine(v.b.Engagement.Client)), 2)
	d.preamble(v.disclaimer("AI inventory register"))
	d.h(2, "Summary")
	if len(v.systems) == 0 {
		d.p("No AI systems are recorded.")
		return d
	}
	rows := make([][]string, len(v.systems))
	for i, s := range v.systems {
		scope, _ := scopeLabel(s)
		rows[i] = []string{strconv.FormatInt(s.ID, 10), Cell(s.Name), Cell(s.Purpose), Cell(v.vendorLabel(s)),
			Cell(string(s.Approval)), scope}
	}
	d.table([]string{"ID", "System", "Purpose", "Vendor", "Approval", "Scope"}, rows)
	d.h(2, "Systems")
	for _, s := range v.systems {
		d.h(3, "AI-"+strconv.FormatInt(s.ID, 10)+" "+model.CleanLine(s.Name))
		scope, why := scopeLabel(s)
		d.facts([][2]string{
			{"Purpose", Cell(s.Purpose)},
			{"Business owner", Cell(s.BusinessOwner)},
			{"Technical owner", Cell(s.TechnicalOwner)},
			{"Vendor", Cell(v.vendorLabel(s))},
			{"Models", Cell(joinClean(s.Models))},
			{"Identities in logs", Cell(joinClean(s.Identities))},
			{"Deployment", Cell(string(s.Deployment))},
			{"Data processed", Cell(joinClean(s.DataCategories))},
			{"Affects service delivery", yesNo(s.AffectsService)},
			{"Makes or supports consequential decisions", yesNo(s.Consequential)},
			{"Human oversight", Cell(string(s.Oversight))},
			{"Logging", Cell(string(s.Logging))},
			{"Log retention", Cell(s.LogRetention)},
			{"Access control", Cell(joinClean(s.AccessControl))},
			{"Approval status", Cell(string(s.Approval))},
			{"Last reviewed", Cell(string(s.LastReviewed))},
			{"Scope", scope + ": " + Cell(why)},
		})
		if b := Block(s.Notes); b != "" {
			d.p("**Notes:**")
			d.p(b)
		}
	}
	return d
}

// renderRisk builds the AI risk assessment: systems grouped by derived risk
// tier, each with the reasons for its tier and its scope decision.
func (v *view) renderRisk() *mdDoc {
	d := newDoc("AI risk assessment — "+orDash(model.CleanLine(v.b.Engagement.Client)), 2)
	d.preamble(v.disclaimer("AI risk assessment"))
	d.preamble("The risk tier follows from recorded facts: data sensitivity, consequential use, human oversight, " +
		"customer exposure, approval status and logging. The reasons column lists the facts that drove each tier.")
	openBySystem := map[int64]int{}
	for _, e := range v.activeExceptions() {
		for _, id := range e.SystemIDs {
			openBySystem[id]++
		}
	}
	tiers := []model.Tier{model.TierHigh, model.TierMedium, model.TierLow}
	groups := map[model.Tier][][]string{}
	for _, s := range v.systems {
		tier, why := s.RiskTier()
		scope, scopeWhy := scopeLabel(s)
		groups[tier] = append(groups[tier], []string{Cell(s.Name), Cell(strings.Join(why, "; ")),
			scope, Cell(scopeWhy), strconv.Itoa(openBySystem[s.ID])})
	}
	d.h(2, "Summary")
	sum := make([][]string, len(tiers))
	for i, t := range tiers {
		sum[i] = []string{tierTitle(t), strconv.Itoa(len(groups[t]))}
	}
	d.table([]string{"Risk tier", "Systems"}, sum)
	for _, t := range tiers {
		d.h(2, tierTitle(t)+" risk")
		if len(groups[t]) == 0 {
			d.p(fmt.Sprintf("No %s-risk systems.", t))
			continue
		}
		d.table([]string{"System", "Reasons for the tier", "Scope", "Scope reason", "Open exceptions"}, groups[t])
	}
	return d
}

func tierTitle(t model.Tier) string {
	switch t {
	case model.TierHigh:
		return "High"
	case model.TierMedium:
		return "Medium"
	case model.TierLow:
		return "Low"
	}
	return string(t)
}

// renderVendors builds the vendor assessments.
func (v *view) renderVendors() *mdDoc {
	d := newDoc("Vendor assessments — "+orDash(model.CleanLine(v.b.Engagement.Client)), 2)
	d.preamble(v.disclaimer("Vendor assessments"))
	d.preamble("AI vendors are subservice organizations. Under the carve-out method their controls stay out of the " +
		"examination, and the organisation shows it monitors them: it reviews each SOC 2 report, checks that the report " +
		"covers the AI service actually used, and runs the complementary user entity controls (CUECs) the vendor expects.")
	if len(v.vendors) == 0 {
		d.h(2, "Vendors")
		d.p("No vendors are recorded.")
		return d
	}
	d.h(2, "Summary")
	rows := make([][]string, len(v.vendors))
	for i, x := range v.vendors {
		cov := "Covered"
		if gap, why := x.CoverageGap(); gap {
			cov = "Gap: " + why
		}
		rows[i] = []string{Cell(x.Name), Cell(string(x.Report)), Cell(string(x.PeriodEnd)), Cell(cov), scoreAvg(x)}
	}
	d.table([]string{"Vendor", "SOC 2 report", "Period end", "Coverage of the AI service", "Scorecard"}, rows)
	for _, x := range v.vendors {
		v.vendorSection(d, x)
	}
	return d
}

func scoreAvg(x model.Vendor) string {
	if a := x.ScoreAverage(); a > 0 {
		return strconv.FormatFloat(a, 'f', 1, 64) + " / 5"
	}
	return "not scored"
}

func (v *view) vendorSection(d *mdDoc, x model.Vendor) {
	d.h(2, "V-"+strconv.FormatInt(x.ID, 10)+" "+model.CleanLine(x.Name))
	var users []string
	for _, s := range v.systems {
		if s.VendorID == x.ID {
			users = append(users, s.Name)
		}
	}
	cov := "The SOC 2 report covers the AI service used."
	if gap, why := x.CoverageGap(); gap {
		cov = "Gap: " + why + "."
	}
	d.facts([][2]string{
		{"Service used", Cell(x.Service)},
		{"SOC 2 report", Cell(string(x.Report))},
		{"Report period end", Cell(string(x.PeriodEnd))},
		{"Opinion", Cell(x.Opinion)},
		{"Covers the AI workflow", Cell(string(x.Covers))},
		{"Coverage note", Cell(x.CoversNote)},
		{"Coverage", Cell(cov)},
		{"Carved-out subservice organizations", Cell(joinClean(x.CarveOuts))},
		{"Bridge letter", Cell(string(x.BridgeLetter))},
		{"DPA signed", Cell(string(x.DPASigned))},
		{"Trains on customer data", Cell(string(x.Training))},
		{"Retention terms", Cell(x.Retention)},
		{"Subprocessors", Cell(joinClean(x.Subprocessors))},
		{"AI systems using this vendor", Cell(joinClean(users))},
	})
	if len(x.CUECs) == 0 {
		d.p("**Complementary user entity controls (CUECs):** none recorded.")
	} else {
		d.p("**Complementary user entity controls (CUECs):**")
		items := make([]string, len(x.CUECs))
		for i, c := range x.CUECs {
			items[i] = Inline(c)
		}
		d.list(items)
	}
	d.p("**Scorecard** (1 poor to 5 strong; average " + scoreAvg(x) + "):")
	rows := make([][]string, 0, len(model.ScoreDimensions()))
	for _, dim := range model.ScoreDimensions() {
		sc := x.Scores[dim]
		val := "not scored"
		if sc.Value > 0 {
			val = strconv.Itoa(sc.Value)
		}
		rows = append(rows, []string{dim.Title(), val, Cell(sc.Note)})
	}
	d.table([]string{"Dimension", "Score", "Note"}, rows)
	if b := Block(x.Notes); b != "" {
		d.p("**Notes:**")
		d.p(b)
	}
}
