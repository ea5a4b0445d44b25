package export

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"auditwalk/model"
)

// Document file names, in the order they are listed.
const (
	docIndex       = "README.md"
	docReadiness   = "readiness-report.md"
	docNarratives  = "control-narratives.md"
	docInventory   = "ai-inventory.md"
	docRisk        = "ai-risk-assessment.md"
	docVendors     = "vendor-assessments.md"
	docExceptions  = "exception-register.md"
	docRemediation = "remediation-plan.md"
	docReviews     = "review-records.md"
	docEvidence    = "evidence-index.md"
	docCrosswalk   = "crosswalk.md"
)

// topRisks is how many active exceptions the readiness report lists.
const topRisks = 10

// statusLabel renders a control status for people.
func statusLabel(s model.Status) string {
	switch s {
	case model.StatusMet:
		return "Met"
	case model.StatusPartial:
		return "Partially met"
	case model.StatusNotMet:
		return "Not met"
	case model.StatusNA:
		return "Not applicable"
	case model.StatusUnanswered:
		return "Incomplete"
	case model.StatusUnknown:
		return "Unknown"
	case model.StatusInfo:
		return "Recorded"
	}
	return string(s)
}

// readinessLabel renders the readiness type.
func readinessLabel(t model.ReadinessType) string {
	switch t {
	case model.Type1:
		return "SOC 2 Type 1 (design as of a date)"
	case model.Type2:
		return "SOC 2 Type 2 (design and operation over a period)"
	}
	return "not set"
}

// when renders a timestamp as UTC minutes; zero is a dash.
func when(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// disclaimer is the first paragraph of every document.
func (v *view) disclaimer(what string) string {
	e := v.b.Engagement
	return fmt.Sprintf("%s for **%s** (%s), as of **%s**. Prepared with auditwalk as a readiness assessment: "+
		"a pre-audit gap assessment that carries no audit opinion.",
		what, Inline(orDash(e.Client)), Inline(orDash(e.Name)), v.asOf)
}

// renderReadiness builds the readiness report.
func (v *view) renderReadiness() *mdDoc {
	e := v.b.Engagement
	d := newDoc("SOC 2 readiness report — "+orDash(model.CleanLine(e.Client)), 2)
	d.preamble(v.disclaimer("Readiness report"))
	d.h(2, "Engagement")
	period := "–"
	if e.PeriodStart != "" || e.PeriodEnd != "" {
		period = Cell(string(e.PeriodStart)) + " to " + Cell(string(e.PeriodEnd))
	}
	packLine := Cell(v.pack.Title)
	if v.pack.ID != "" {
		packLine += " (" + Cell(v.pack.ID+" "+v.pack.Version) + ")"
	}
	d.facts([][2]string{
		{"Service organization", Cell(e.Client)},
		{"Engagement", Cell(e.Name)},
		{"Assessor", Cell(e.Assessor)},
		{"Report prepared for", readinessLabel(e.Readiness)},
		{"Observation period", period},
		{"Approved change window", Cell(firstNonEmpty(e.ChangeWindow.String(), "none set"))},
		{"As of", string(v.asOf)},
		{"Questionnaire pack", packLine},
		{"Pack content hash (SHA-256)", CodeCell(orDash(firstNonEmpty(v.pack.Hash, e.PackHash)))},
		{"Activity-trail head", CodeCell(orDash(v.b.TrailHead))},
	})
	v.readinessScope(d)
	v.readinessSummary(d)
	v.readinessControls(d)
	v.readinessRisks(d)
	v.readinessBeforeFieldwork(d)
	d.h(2, "Documents in this package")
	d.list(documentLinks())
	return d
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// categoriesInScope lists the TSC categories the pack's controls touch,
// Security first (it is always in scope).
func (v *view) categoriesInScope() []model.Category {
	seen := map[model.Category]bool{model.CategorySecurity: true}
	for _, c := range v.pack.Controls() {
		for _, id := range c.Criteria {
			seen[model.CategoryOf(id)] = true
		}
	}
	var out []model.Category
	for _, c := range model.Categories() {
		if seen[c] {
			out = append(out, c)
		}
	}
	return out
}

func (v *view) readinessScope(d *mdDoc) {
	d.h(2, "Scope and system boundary")
	cats := v.categoriesInScope()
	names := make([]string, len(cats))
	for i, c := range cats {
		names[i] = c.Title()
	}
	d.p("Trust Services Categories assessed: " + strings.Join(names, ", ") + ".")
	var in, out [][]string
	for _, s := range v.systems {
		ok, why := s.InScope()
		tier, _ := s.RiskTier()
		row := []string{Cell(s.Name), Cell(why), Cell(string(tier)), Cell(v.vendorLabel(s))}
		if ok {
			in = append(in, row)
		} else {
			out = append(out, row)
		}
	}
	d.p(fmt.Sprintf("AI systems inside the boundary (%d). AI that touches service delivery, customer, confidential or "+
		"regulated data is in scope; overrides carry their recorded reason.", len(in)))
	if len(in) > 0 {
		d.table([]string{"System", "Why in scope", "Risk tier", "Vendor"}, in)
	}
	d.p(fmt.Sprintf("AI systems outside the boundary (%d).", len(out)))
	if len(out) > 0 {
		d.table([]string{"System", "Why out of scope", "Risk tier", "Vendor"}, out)
	}
	if len(v.vendors) > 0 {
		d.p("AI vendors are subservice organizations; the usual treatment is the carve-out method, with the " +
			"organisation monitoring each vendor's SOC 2 report (see " + link("Vendor assessments", docVendors) + ").")
	}
	if len(v.pack.Covered) > 0 {
		rows := make([][]string, len(v.pack.Covered))
		for i, c := range v.pack.Covered {
			rows[i] = []string{Cell(c.Criterion), Cell(c.Reason)}
		}
		d.p("Criteria left to the organisation's general SOC 2 programme:")
		d.table([]string{"Criterion", "Reason"}, rows)
	}
}

func (v *view) vendorLabel(s model.System) string {
	if s.VendorID != 0 {
		return v.vendorName(s.VendorID)
	}
	if s.VendorName != "" {
		return s.VendorName
	}
	return "in-house"
}

// tallyCells renders a tally's columns for the summary tables.
func tallyCells(t *model.Tally) []string {
	ready := "not yet assessed"
	if r, ok := t.Readiness(); ok {
		ready = pct(r)
	}
	return []string{strconv.Itoa(t.Controls), strconv.Itoa(t.Complete), strconv.Itoa(t.Gaps),
		fmt.Sprintf("%d of %d (%s)", t.Answered, t.Asked, pct(t.Progress())), ready}
}

func (v *view) readinessSummary(d *mdDoc) {
	d.h(2, "Readiness by Trust Services Category")
	d.p("Readiness is the mean score of the assessed controls (met 1, partially met ½, not met 0); controls still " +
		"incomplete or not applicable do not count. A control counts towards every category its criteria touch.")
	header := []string{"Category", "Controls", "Complete", "Not met", "Questions answered", "Readiness"}
	rows := [][]string{append([]string{"**Overall**"}, tallyCells(&v.summary.Overall)...)}
	for _, c := range v.categoriesInScope() {
		t := v.summary.ByCategory[c]
		if t == nil {
			t = &model.Tally{}
		}
		rows = append(rows, append([]string{c.Title()}, tallyCells(t)...))
	}
	d.table(header, rows)
}

func (v *view) readinessControls(d *mdDoc) {
	d.h(2, "Readiness by control")
	if len(v.summary.Results) == 0 {
		d.p("No controls were walked.")
		return
	}
	rows := make([][]string, 0, len(v.summary.Results))
	for _, r := range v.summary.Results {
		rows = append(rows, []string{Cell(r.Control.ID), Cell(r.Control.Title), Cell(strings.Join(r.Control.Criteria, ", ")),
			Cell(v.subjectName(r.Subject)), statusLabel(r.Status), fmt.Sprintf("%d of %d", r.Answered, r.Asked),
			strconv.Itoa(r.Flagged)})
	}
	d.table([]string{"Control", "Title", "Criteria", "Subject", "Status", "Answered", "Flagged"}, rows)
}

func (v *view) readinessRisks(d *mdDoc) {
	d.h(2, "Top risks")
	active := v.activeExceptions()
	if len(active) == 0 {
		d.p("No open exceptions.")
	} else {
		n := min(len(active), topRisks)
		rows := make([][]string, n)
		for i, e := range active[:n] {
			rows[i] = []string{v.exLink(*e), Cell(string(e.Severity)), Cell(e.Title), Cell(strings.Join(e.Criteria, ", ")),
				Cell(string(e.Status)), Cell(e.Owner)}
		}
		d.p(fmt.Sprintf("The %d most severe of %d open exceptions:", n, len(active)))
		d.table([]string{"Exception", "Severity", "Title", "Criteria", "Status", "Owner"}, rows)
	}
	d.h(2, "Open exceptions by severity")
	counts := map[model.Severity]int{}
	for _, e := range active {
		counts[e.Severity]++
	}
	var rows [][]string
	for _, s := range model.Severities() {
		rows = append(rows, []string{string(s), strconv.Itoa(counts[s])})
	}
	d.table([]string{"Severity", "Open"}, rows)
	d.p("Every exception, with its decision and management response, is in " + link("the exception register", docExceptions) + ".")
}

// exLink links an exception reference to its entry in the register.
func (v *view) exLink(e model.Exception) string {
	if a, ok := v.exAnchor[e.ID]; ok {
		return "[" + e.Ref() + "](" + docExceptions + "#" + a + ")"
	}
	return e.Ref()
}

// beforeFieldwork lists what must happen before the auditor arrives, each
// item already escaped.
func (v *view) beforeFieldwork() []string {
	var out []string
	var incomplete, notMet, flagged []string
	for _, r := range v.summary.Results {
		label := Inline(r.Control.ID) + " (" + Inline(v.subjectName(r.Subject)) + ")"
		switch r.Status {
		case model.StatusUnanswered:
			incomplete = append(incomplete, label)
		case model.StatusNotMet:
			notMet = append(notMet, label)
		}
		if r.Flagged > 0 {
			flagged = append(flagged, label)
		}
	}
	add := func(what string, items []string) {
		if len(items) > 0 {
			out = append(out, fmt.Sprintf("%s (%d): %s.", what, len(items), joinLimited(items, 12)))
		}
	}
	add("Finish the walkthrough for incomplete controls", incomplete)
	add("Design or fix controls that are not met", notMet)
	add("Resolve flagged answers", flagged)
	var undecided, expiring []string
	for _, e := range v.activeExceptions() {
		if e.Decision.Kind == model.DecisionNone && e.Severity.Rank() <= model.SeverityHigh.Rank() {
			undecided = append(undecided, e.Ref())
		}
		if e.Status == model.StatusExpired {
			expiring = append(expiring, e.Ref()+" (expired "+Inline(string(e.Decision.Expiry))+")")
		}
	}
	for _, e := range v.exceptions {
		if e.Status == model.StatusAccepted && e.Decision.Expiry != "" && v.b.Engagement.PeriodEnd != "" &&
			e.Decision.Expiry <= v.b.Engagement.PeriodEnd {
			expiring = append(expiring, e.Ref()+" (expires "+Inline(string(e.Decision.Expiry))+", inside the period)")
		}
	}
	add("Decide critical and high exceptions (remediate, accept the risk, or mark a false positive)", undecided)
	add("Renew or re-decide risk acceptances", expiring)
	var vendorGaps []string
	for _, x := range v.vendors {
		if gap, why := x.CoverageGap(); gap {
			vendorGaps = append(vendorGaps, Inline(x.Name)+" ("+Inline(why)+")")
		}
	}
	add("Obtain vendor assurance that covers the AI service used", vendorGaps)
	var shadow, noOwner []string
	for _, s := range v.systems {
		if in, _ := s.InScope(); !in {
			continue
		}
		if s.Approval == model.ApprovalShadow || s.Approval == model.ApprovalPending {
			shadow = append(shadow, Inline(s.Name))
		}
		if strings.TrimSpace(s.BusinessOwner) == "" || strings.TrimSpace(s.TechnicalOwner) == "" {
			noOwner = append(noOwner, Inline(s.Name))
		}
	}
	add("Approve or retire in-scope AI systems that are shadow or pending", shadow)
	add("Name a business and a technical owner for", noOwner)
	var noEvidence []string
	for _, r := range v.summary.Results {
		if r.Status != model.StatusNA && len(v.evidenceFor(r.Control, r.Subject)) == 0 {
			noEvidence = append(noEvidence, Inline(r.Control.ID)+" ("+Inline(v.subjectName(r.Subject))+")")
		}
	}
	add("Attach evidence to", noEvidence)
	if open := v.openTasks(); open > 0 {
		out = append(out, fmt.Sprintf("Complete %d open remediation tasks (see %s).", open, link("the remediation plan", docRemediation)))
	}
	return out
}

func (v *view) openTasks() int {
	n := 0
	for _, t := range v.tasks {
		if t.Status.Open() {
			n++
		}
	}
	return n
}

// joinLimited joins items, naming at most n and counting the rest.
func joinLimited(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + fmt.Sprintf(" and %d more", len(items)-n)
}

func (v *view) readinessBeforeFieldwork(d *mdDoc) {
	d.h(2, "What is needed before fieldwork")
	items := v.beforeFieldwork()
	if len(items) == 0 {
		d.p("Nothing outstanding: every control is answered, met and evidenced, and no exception needs a decision.")
		return
	}
	d.list(items)
}

// documentLinks lists the Markdown documents with a line on each.
func documentLinks() []string {
	docs := []struct{ name, title, what string }{
		{docReadiness, "Readiness report", "scope, readiness and what is needed before fieldwork"},
		{docNarratives, "Control narratives", "how each control works, the criteria it evidences, evidence and gaps"},
		{docInventory, "AI inventory register", "every AI system and its facts"},
		{docRisk, "AI risk assessment", "scope, risk tier and reasons per system"},
		{docVendors, "Vendor assessments", "report coverage, CUECs and scorecards"},
		{docExceptions, "Exception register", "findings with decisions and management responses"},
		{docRemediation, "Remediation plan", "tasks, owners and due dates"},
		{docReviews, "Review records", "prompt/output reviews, model changes, approvals and attestations"},
		{docEvidence, "Evidence index", "every evidence file with its SHA-256"},
		{docCrosswalk, "Crosswalk appendix", "TSC, NIST AI RMF and ISO/IEC 42001 for what was assessed"},
	}
	out := make([]string, len(docs))
	for i, x := range docs {
		out[i] = link(x.title, x.name) + " — " + x.what
	}
	return out
}

// sortedKeys returns a map's keys sorted.
func sortedKeys[K ~string, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
