package export

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"auditwalk/model"
)

// exceptionsSpec describes the exception register: counts, then every
// exception grouped by severity with its decision, management response,
// tasks and history. When anchors is not nil, rendering records each
// exception's anchor in it. The register is streamed (see writeStreamed);
// its outline is made once, by index, which takes the anchors the other
// documents link to from it.
func (v *view) exceptionsSpec(anchors map[int64]string) mdSpec {
	return mdSpec{title: v.exceptionsTitle(), tocDepth: 2, headings: len(v.exceptions) + 8,
		render: func(d *mdDoc) error {
			v.renderExceptions(d, anchors)
			return nil
		}}
}

// renderExceptions renders the exception register into d.
func (v *view) renderExceptions(d *mdDoc, anchors map[int64]string) {
	d.preamble(v.disclaimer("Exception register"))
	d.preamble("An exception is a finding that a control did not, or may not, operate as described. The management " +
		"response is management's own reply (cause, remediation and date); in a SOC 2 report it belongs to the " +
		"\"other information\" section and is not covered by the auditor's opinion.")
	d.h(2, "Summary")
	if len(v.exceptions) == 0 {
		d.p("No exceptions were raised.")
		return
	}
	if !d.outline {
		d.table(append([]string{"Status"}, severityTitles()...), v.exceptionCounts())
	}
	for _, g := range v.exceptionGroups() {
		d.h(2, g.title)
		for _, e := range g.list {
			a := v.exceptionSection(d, *e)
			if anchors != nil {
				anchors[e.ID] = a
			}
		}
	}
}

func (v *view) exceptionsTitle() string {
	return "Exception register — " + orDash(model.CleanLine(v.b.Engagement.Client))
}

// exceptionHeading is the plain text of an exception's heading.
func exceptionHeading(e model.Exception) string { return e.Ref() + " " + model.CleanLine(e.Title) }

// exceptionGroup is one severity section of the exception register.
type exceptionGroup struct {
	title string
	list  []*model.Exception // pointing into the view
}

// exceptionGroups splits the exceptions by severity, known severities
// first in scale order, then any unknown ones, empty sections left out.
func (v *view) exceptionGroups() []exceptionGroup {
	bySev := map[model.Severity][]*model.Exception{}
	for i := range v.exceptions {
		e := &v.exceptions[i]
		bySev[e.Severity] = append(bySev[e.Severity], e)
	}
	var out []exceptionGroup
	for _, s := range append(model.Severities(), sortedUnknownSeverities(bySev)...) {
		if list := bySev[s]; len(list) > 0 {
			out = append(out, exceptionGroup{title: severityTitle(s) + " severity", list: list})
		}
	}
	return out
}

func severityTitle(s model.Severity) string {
	if s == "" {
		return "Unrated"
	}
	str := string(s)
	return strings.ToUpper(str[:1]) + str[1:]
}

func severityTitles() []string {
	out := make([]string, 0, 4)
	for _, s := range model.Severities() {
		out = append(out, severityTitle(s))
	}
	return out
}

// sortedUnknownSeverities returns severities outside the known scale, so
// bad data still appears in the register instead of vanishing.
func sortedUnknownSeverities(m map[model.Severity][]*model.Exception) []model.Severity {
	var out []model.Severity
	for _, k := range sortedKeys(m) {
		if !k.Valid() {
			out = append(out, k)
		}
	}
	return out
}

// exceptionCounts is a status × severity count table.
func (v *view) exceptionCounts() [][]string {
	counts := map[model.ExceptionStatus]map[model.Severity]int{}
	for _, e := range v.exceptions {
		if counts[e.Status] == nil {
			counts[e.Status] = map[model.Severity]int{}
		}
		counts[e.Status][e.Severity]++
	}
	var rows [][]string
	for _, st := range model.ExceptionStatuses() {
		if counts[st] == nil {
			continue
		}
		row := []string{string(st)}
		for _, s := range model.Severities() {
			row = append(row, strconv.Itoa(counts[st][s]))
		}
		rows = append(rows, row)
	}
	return rows
}

// exceptionSection writes one exception and returns its anchor.
func (v *view) exceptionSection(d *mdDoc, e model.Exception) string {
	anchor := d.h(3, exceptionHeading(e))
	if d.outline {
		return anchor
	}
	sev := Cell(string(e.Severity))
	if e.SuggestedSeverity != "" && e.SuggestedSeverity != e.Severity {
		sev += " (suggested " + Cell(string(e.SuggestedSeverity)) + "; reason: " + Cell(e.SeverityReason) + ")"
	}
	systems := make([]string, len(e.SystemIDs))
	for i, id := range e.SystemIDs {
		systems[i] = v.systemName(id)
	}
	vendors := make([]string, len(e.VendorIDs))
	for i, id := range e.VendorIDs {
		vendors[i] = v.vendorName(id)
	}
	source := "raised by hand"
	if e.Automatic() {
		source = "detected automatically (rule " + e.Rule + ")"
	}
	d.facts([][2]string{
		{"Kind", Cell(string(e.Kind))},
		{"Severity", sev},
		{"Status", Cell(string(e.Status))},
		{"Owner", Cell(e.Owner)},
		{"Controls", Cell(joinClean(e.ControlIDs))},
		{"Criteria", Cell(v.criteriaLabel(e.Criteria))},
		{"AI systems", Cell(joinClean(systems))},
		{"Vendors", Cell(joinClean(vendors))},
		{"Raised", Cell(source) + ", by " + Cell(e.RaisedBy) + ", " + when(e.RaisedAt)},
	})
	if b := Block(e.Detail); b != "" {
		d.p(b)
	}
	if len(e.Citations) > 0 {
		d.p("**Supporting records:**")
		items := make([]string, len(e.Citations))
		for i, c := range e.Citations {
			items[i] = Inline(string(c.Type)) + " " + Code(c.Ref)
			if c.Label != "" {
				items[i] += " — " + Inline(c.Label)
			}
		}
		d.list(items)
	}
	v.decisionBlock(d, e)
	v.responseBlock(d, e)
	if tasks := v.tasksByEx[e.ID]; len(tasks) > 0 {
		d.p("**Remediation tasks:**")
		d.table([]string{"Task", "Title", "Owner", "Due", "Status"}, taskRows(tasks))
	}
	if len(e.History) > 0 {
		d.p("**History:**")
		rows := make([][]string, len(e.History))
		for i, h := range e.History {
			rows[i] = []string{when(h.At), Cell(h.Actor), Cell(string(h.From)) + " → " + Cell(string(h.To)), Cell(h.Note)}
		}
		d.table([]string{"When", "Who", "Change", "Note"}, rows)
	}
	return anchor
}

func (v *view) decisionBlock(d *mdDoc, e model.Exception) {
	x := e.Decision
	if x.Kind == model.DecisionNone {
		d.p("**Decision:** none yet.")
		return
	}
	pairs := [][2]string{
		{"Decision", Cell(string(x.Kind))},
		{"Decided by", Cell(x.Actor) + ", " + when(x.At)},
		{"Rationale", Cell(x.Rationale)},
	}
	switch x.Kind {
	case model.DecisionAcceptRisk:
		pairs = append(pairs, [2]string{"Approver", Cell(x.Approver)},
			[2]string{"Compensating controls", Cell(x.CompensatingControls)},
			[2]string{"Acceptance expires", Cell(string(x.Expiry))})
	case model.DecisionDuplicate:
		dup := "EX-" + strconv.FormatInt(x.DuplicateOf, 10)
		if o := v.exByID[x.DuplicateOf]; o != nil {
			dup = o.Ref()
		}
		pairs = append(pairs, [2]string{"Duplicate of", dup})
	}
	d.p("**Decision:**")
	d.facts(pairs)
}

func (v *view) responseBlock(d *mdDoc, e model.Exception) {
	m := e.ManagementResponse
	if m.IsZero() {
		d.p("**Management response:** none recorded.")
		return
	}
	d.p("**Management response:**")
	d.facts([][2]string{
		{"Cause", Cell(m.Cause)},
		{"Remediation", Cell(m.Remediation)},
		{"Target date", Cell(string(m.TargetDate))},
	})
}

func taskRows(tasks []model.RemediationTask) [][]string {
	rows := make([][]string, len(tasks))
	for i, t := range tasks {
		rows[i] = []string{t.Ref(), Cell(t.Title), Cell(t.Owner), Cell(string(t.Due)), t.Status.Title()}
	}
	return rows
}

// renderRemediation builds the remediation plan: open work first (overdue
// as of the export date), by severity of the exception and due date; then
// accepted risks and their expiry; then finished work.
func (v *view) renderRemediation() *mdDoc {
	d := newDoc("Remediation plan — "+orDash(model.CleanLine(v.b.Engagement.Client)), 2)
	d.preamble(v.disclaimer("Remediation plan"))
	asOf, _ := v.asOf.Time()
	var open, closed []model.RemediationTask
	for _, t := range v.tasks {
		if t.Status.Open() {
			open = append(open, t)
		} else {
			closed = append(closed, t)
		}
	}
	v.sortOpenTasks(open, asOf)
	d.h(2, "Open tasks")
	if len(open) == 0 {
		d.p("No open remediation tasks.")
	} else {
		rows := make([][]string, len(open))
		for i, t := range open {
			due := Cell(string(t.Due))
			if t.Overdue(asOf) {
				due += " **overdue**"
			}
			rows[i] = []string{t.Ref(), Cell(t.Title), v.taskException(t), Cell(t.Owner), due, t.Status.Title(), Cell(t.TrackerRef)}
		}
		d.table([]string{"Task", "Title", "Exception", "Owner", "Due", "Status", "Tracker"}, rows)
	}
	d.h(2, "Exceptions to remediate without a task")
	var bare []string
	for _, e := range v.activeExceptions() {
		if e.Decision.Kind == model.DecisionRemediate && len(v.tasksByEx[e.ID]) == 0 {
			bare = append(bare, v.exLink(*e)+" ("+Inline(string(e.Severity))+") "+Inline(e.Title))
		}
	}
	if len(bare) == 0 {
		d.p("None: every exception being remediated has at least one task.")
	} else {
		d.list(bare)
	}
	v.acceptedRisks(d)
	d.h(2, "Finished tasks")
	if len(closed) == 0 {
		d.p("None yet.")
	} else {
		rows := make([][]string, len(closed))
		for i, t := range closed {
			rows[i] = []string{t.Ref(), Cell(t.Title), v.taskException(t), Cell(t.Owner), t.Status.Title(), Cell(t.Note)}
		}
		d.table([]string{"Task", "Title", "Exception", "Owner", "Status", "Note"}, rows)
	}
	return d
}

// sortOpenTasks orders open tasks overdue first, then by the severity of
// their exception, due date and id. The keys are computed once per task,
// not once per comparison.
func (v *view) sortOpenTasks(open []model.RemediationTask, asOf time.Time) {
	type keyed struct {
		t       model.RemediationTask
		overdue bool
		rank    int
	}
	ks := make([]keyed, len(open))
	for i, t := range open {
		ks[i] = keyed{t: t, overdue: t.Overdue(asOf), rank: len(model.Severities())}
		if e := v.exByID[t.ExceptionID]; e != nil {
			ks[i].rank = e.Severity.Rank()
		}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		return cmp.Or(-cmpBool(a.overdue, b.overdue), cmp.Compare(a.rank, b.rank), cmpDue(a.t.Due, b.t.Due),
			cmp.Compare(a.t.ID, b.t.ID))
	})
	for i, k := range ks {
		open[i] = k.t
	}
}

func (v *view) taskException(t model.RemediationTask) string {
	if e := v.exByID[t.ExceptionID]; e != nil {
		return v.exLink(*e) + " (" + Cell(string(e.Severity)) + ")"
	}
	return "EX-" + strconv.FormatInt(t.ExceptionID, 10)
}

func (v *view) acceptedRisks(d *mdDoc) {
	d.h(2, "Accepted risks")
	var rows [][]string
	for _, e := range v.exceptions {
		if e.Status != model.StatusAccepted && e.Status != model.StatusExpired {
			continue
		}
		rows = append(rows, []string{v.exLink(e), Cell(e.Title), Cell(e.Decision.Approver),
			Cell(e.Decision.CompensatingControls), Cell(string(e.Decision.Expiry)), Cell(string(e.Status))})
	}
	if len(rows) == 0 {
		d.p("No risks are accepted.")
		return
	}
	d.table([]string{"Exception", "Title", "Approver", "Compensating controls", "Expires", "Status"}, rows)
}

// cmpDue orders dated before undated, then by date.
func cmpDue(a, b model.Date) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	return cmp.Compare(a, b)
}

// cmpBool orders false before true (callers negate for true first).
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// exceptionLabel is a one-line reference for registers.
func exceptionLabel(e model.Exception) string {
	return fmt.Sprintf("%s %s", e.Ref(), model.CleanLine(e.Title))
}
