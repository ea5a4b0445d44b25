package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// jumpToMsg asks the walkthrough to put its cursor on a question (sent with
// a NavigateMsg when a cited answer is followed).
type jumpToMsg struct{ key model.AnswerKey }

// answerRef reads an answer citation's "question@subject".
func answerRef(ref string) (model.AnswerKey, bool) {
	q, subj, ok := strings.Cut(ref, "@")
	if !ok || q == "" || subj == "" {
		return model.AnswerKey{}, false
	}
	return model.AnswerKey{QuestionID: q, Subject: subj}, true
}

// View implements Screen.
func (d *exceptionDetail) View() string {
	e, ok := d.exception()
	if !ok {
		if !d.c.Triage.loaded {
			return d.c.Styles.Muted.Render(" Loading…")
		}
		return d.c.Styles.Danger.Render(fmt.Sprintf(" EX-%d is not in this engagement.", d.id))
	}
	d.build(e)
	d.clampOffset()
	end := min(d.offset+d.h, len(d.lines))
	out := append([]string(nil), d.lines[d.offset:end]...)
	if more := len(d.lines) - end; more > 0 && len(out) > 1 {
		out[len(out)-1] = d.c.Styles.Muted.Render(fmt.Sprintf(" ↓ %d more lines (ctrl+d, j/k)", more))
	}
	return strings.Join(out, "\n")
}

// build lays the page out again when the data, width, theme or selection
// changed; otherwise View reuses the lines.
func (d *exceptionDetail) build(e model.Exception) {
	k := [4]any{d.c.Triage.rev, d.w, d.c.Styles, d.sel}
	if d.lines != nil && d.builtAt == k {
		return
	}
	now := d.c.Now()
	w := max(d.w, 20)
	top := &pageBuilder{st: d.c.Styles, w: w, sel: d.sel}
	d.header(top, e, now)
	// From 140 columns the page is two columns: the finding on the left,
	// what is being done about it on the right.
	lw, rw := w, w
	if w >= 140 {
		lw = (w - 1) / 2
		rw = w - 1 - lw
	}
	left := &pageBuilder{st: d.c.Styles, w: lw, sel: d.sel}
	d.findings(left, e)
	d.affected(left, e)
	right := &pageBuilder{st: d.c.Styles, w: rw, sel: d.sel - len(left.items)}
	d.decision(right, e, now)
	d.response(right, e)
	d.tasks(right, e, now)
	d.history(right, e)
	d.lines, d.items = top.lines, nil
	if w >= 140 {
		d.lines = append(d.lines, sideBySide(left.lines, right.lines, lw)...)
		d.items = append(d.items, shiftItems(left.items, len(top.lines))...)
		d.items = append(d.items, shiftItems(right.items, len(top.lines))...)
	} else {
		d.lines = append(d.lines, left.lines...)
		d.lines = append(d.lines, right.lines...)
		d.items = append(d.items, shiftItems(left.items, len(top.lines))...)
		d.items = append(d.items, shiftItems(right.items, len(top.lines)+len(left.lines))...)
	}
	if d.sel >= len(d.items) {
		d.sel = max(len(d.items)-1, 0)
	}
	// The selection mark is drawn by the builder; rebuild with it when the
	// clamp moved it.
	d.builtAt = [4]any{d.c.Triage.rev, d.w, d.c.Styles, d.sel}
	if d.builtAt != k {
		d.lines = nil
		d.build(e)
	}
}

// sideBySide joins two columns line by line, the left padded to lw.
func sideBySide(left, right []string, lw int) []string {
	n := max(len(left), len(right))
	out := make([]string, n)
	for i := range n {
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out[i] = l + strings.Repeat(" ", max(lw-lipgloss.Width(l), 0)) + " " + r
	}
	return out
}

// shiftItems moves items down by n lines.
func shiftItems(items []detailItem, n int) []detailItem {
	for i := range items {
		items[i].line += n
	}
	return items
}

// pageBuilder collects styled lines and the selectable items among them.
type pageBuilder struct {
	st    *Styles
	w     int
	lines []string
	items []detailItem
	sel   int
}

func (b *pageBuilder) add(s string) { b.lines = append(b.lines, ansi.Truncate(s, b.w, "…")) }

func (b *pageBuilder) heading(s string) {
	b.lines = append(b.lines, "", b.st.SectionHead.Render(" "+s))
}

// field adds "label: value", the value wrapped under itself.
func (b *pageBuilder) field(label, value string) {
	value = cleanBlock(value)
	lw := 16
	head := "   " + pad(label, lw) + " "
	wrapped := strings.Split(ansi.Wordwrap(value, max(b.w-lw-5, 10), " "), "\n")
	for i, l := range wrapped {
		if i == 0 {
			b.add(b.st.Muted.Render(head) + l)
		} else {
			b.add(strings.Repeat(" ", lw+4) + l)
		}
	}
}

// para adds wrapped text.
func (b *pageBuilder) para(text string, style lipgloss.Style) {
	for _, l := range strings.Split(ansi.Wordwrap(cleanBlock(text), max(b.w-4, 10), " "), "\n") {
		b.add(style.Render("   " + l))
	}
}

// item adds a selectable line.
func (b *pageBuilder) item(it detailItem, text string) {
	it.line = len(b.lines)
	selected := len(b.items) == b.sel
	b.items = append(b.items, it)
	if selected {
		line := " ▸ " + ansi.Truncate(text, b.w-3, "…")
		b.lines = append(b.lines, b.st.Selected.Render(line+strings.Repeat(" ", max(b.w-lipgloss.Width(line), 0))))
		return
	}
	b.add("   " + text)
}

func (d *exceptionDetail) header(b *pageBuilder, e model.Exception, now time.Time) {
	st := d.c.Styles
	status, expired := statusLabel(e, now)
	statusText := status
	if expired {
		statusText = st.Danger.Bold(true).Render(strings.ToUpper(status))
	}
	b.add(st.Title.Render(" "+e.Ref()+" ") + sevStyle(st, e.Severity).Render(sevBadge(e.Severity)) + "  " +
		statusText + st.Muted.Render("  "+string(e.Kind)))
	for _, l := range strings.Split(ansi.Wordwrap(model.CleanLine(e.Title), max(b.w-2, 10), " "), "\n") {
		b.add(st.Bold.Render(" " + l))
	}
	raised := fmt.Sprintf("raised by %s on %s (%s ago)", model.CleanLine(e.RaisedBy), model.DateOf(e.RaisedAt), age(e.RaisedAt, now))
	if e.Automatic() {
		raised = "found automatically on " + string(model.DateOf(e.RaisedAt)) + " (" + age(e.RaisedAt, now) + " ago)"
	}
	b.add(st.Muted.Render(" " + raised + " · owner " + orNone(model.CleanLine(e.Owner))))
	sev := string(e.Severity)
	if e.SuggestedSeverity != "" && e.SuggestedSeverity != e.Severity {
		sev += fmt.Sprintf(" (suggested %s; %s)", e.SuggestedSeverity, model.CleanLine(e.SeverityReason))
	} else if e.SuggestedSeverity != "" {
		sev += " (as suggested)"
	}
	b.add(st.Muted.Render(" severity " + sev))
}

func (d *exceptionDetail) findings(b *pageBuilder, e model.Exception) {
	st := d.c.Styles
	b.heading("What was found")
	if strings.TrimSpace(e.Detail) == "" {
		b.para("(no detail given)", st.Muted)
	} else {
		b.para(e.Detail, lipgloss.NewStyle())
	}
	b.heading("Why")
	if r, ok := model.RuleByID(e.Rule); ok {
		b.field("rule", r.ID+" — "+r.Title)
		b.field("checks", r.Description)
	} else if e.Rule != "" {
		b.field("rule", e.Rule)
	} else {
		b.field("raised by hand", model.CleanLine(e.RaisedBy))
	}
	if len(e.Citations) == 0 {
		return
	}
	b.heading(fmt.Sprintf("Cited (%d)", len(e.Citations)))
	for i := range e.Citations {
		c := &e.Citations[i]
		text := "[" + string(c.Type) + "] " + model.CleanLine(orNone(c.Label))
		switch c.Type {
		case model.CiteAnswer:
			text = "[answer ↵] " + model.CleanLine(orNone(c.Label))
		case model.CiteSystem, model.CiteVendor:
		default:
			if !strings.Contains(c.Label, model.CleanLine(c.Ref)) && len(c.Ref) < 40 {
				text += " (" + model.CleanLine(c.Ref) + ")"
			}
		}
		b.item(detailItem{cite: c}, text)
	}
}

func (d *exceptionDetail) affected(b *pageBuilder, e model.Exception) {
	b.heading("Affects")
	var systems []string
	for _, id := range e.SystemIDs {
		systems = append(systems, d.systemName(id))
	}
	b.field("systems", orNone(strings.Join(systems, ", ")))
	if len(e.VendorIDs) > 0 {
		var vs []string
		for _, id := range e.VendorIDs {
			vs = append(vs, "vendor "+strconv.FormatInt(id, 10))
		}
		b.field("vendors", strings.Join(vs, ", "))
	}
	var ctls []string
	for _, id := range e.ControlIDs {
		name := id
		if p := d.c.Session.Pack; p != nil {
			if c, ok := p.Control(id); ok {
				name += " " + model.CleanLine(c.Title)
			}
		}
		ctls = append(ctls, name)
	}
	b.field("controls", orNone(strings.Join(ctls, "; ")))
	var crit []string
	for _, id := range e.Criteria {
		if c, ok := model.LookupCriterion(id); ok {
			crit = append(crit, id+" "+c.Title)
		} else {
			crit = append(crit, id)
		}
	}
	b.field("TSC criteria", orNone(strings.Join(crit, "; ")))
}

func (d *exceptionDetail) systemName(id int64) string {
	for _, s := range d.c.Session.Systems {
		if s.ID == id {
			return model.CleanLine(s.Name)
		}
	}
	return "system " + strconv.FormatInt(id, 10)
}

func (d *exceptionDetail) decision(b *pageBuilder, e model.Exception, now time.Time) {
	st := d.c.Styles
	b.heading("Decision")
	dec := e.Decision
	if dec.Kind == model.DecisionNone {
		b.para("none yet — r remediate, a accept risk, f false positive, d duplicate", st.Muted)
		return
	}
	b.field(string(dec.Kind), fmt.Sprintf("by %s on %s", model.CleanLine(dec.Actor), dec.At.UTC().Format("2006-01-02 15:04")))
	if dec.Rationale != "" {
		b.field("rationale", dec.Rationale)
	}
	if dec.Kind == model.DecisionAcceptRisk {
		b.field("approver", dec.Approver)
		b.field("compensating", dec.CompensatingControls)
		exp := string(dec.Expiry)
		if _, expired := statusLabel(e, now); expired {
			exp = st.Danger.Bold(true).Render(exp + " — EXPIRED: decide again")
		}
		b.field("expires", exp)
	}
	if dec.Kind == model.DecisionDuplicate {
		b.field("duplicate of", fmt.Sprintf("EX-%d", dec.DuplicateOf))
	}
}

func (d *exceptionDetail) response(b *pageBuilder, e model.Exception) {
	b.heading("Management response")
	r := e.ManagementResponse
	if r.IsZero() {
		b.para("none yet — m writes it (cause, remediation, target date)", d.c.Styles.Muted)
		return
	}
	b.field("cause", orNone(r.Cause))
	b.field("remediation", orNone(r.Remediation))
	b.field("target date", orNone(string(r.TargetDate)))
}

func (d *exceptionDetail) tasks(b *pageBuilder, e model.Exception, now time.Time) {
	st := d.c.Styles
	list := d.c.Triage.tasksOf(e.ID, now)
	b.heading(fmt.Sprintf("Remediation tasks (%d)", len(list)))
	if len(list) == 0 {
		b.para("none yet — n adds one", st.Muted)
		return
	}
	for _, t := range list {
		b.item(detailItem{task: t.ID}, taskLine(st, t, now, b.w-4, true))
	}
}

// taskLine is one task as a line: ref, status, due (OVERDUE marked), owner
// (unless withOwner is false: the "my tasks" page is all one owner's), title
// and tracker reference.
func taskLine(st *Styles, t model.RemediationTask, now time.Time, w int, withOwner bool) string {
	due := "no due date"
	if t.Due != "" {
		due = "due " + string(t.Due)
	}
	if t.Overdue(now) {
		due = st.Danger.Bold(true).Render("OVERDUE " + string(t.Due))
	}
	s := pad(t.Ref(), 6) + " " + pad(t.Status.Title(), 11) + " " + due + " · "
	if withOwner {
		s += orNone(model.CleanLine(t.Owner)) + " · "
	}
	s += model.CleanLine(t.Title)
	if t.TrackerRef != "" {
		s += " [" + model.CleanLine(t.TrackerRef) + "]"
	}
	return ansi.Truncate(s, max(w, 10), "…")
}

func (d *exceptionDetail) history(b *pageBuilder, e model.Exception) {
	b.heading("History")
	if len(e.History) == 0 {
		b.para(fmt.Sprintf("%s raised by %s", model.DateOf(e.RaisedAt), model.CleanLine(e.RaisedBy)), d.c.Styles.Muted)
		return
	}
	for _, h := range e.History {
		move := string(h.From) + " → " + string(h.To)
		if h.From == h.To {
			move = string(h.To)
		}
		line := h.At.UTC().Format("2006-01-02 15:04") + "  " + model.CleanLine(h.Actor) + "  " + move
		if h.Note != "" {
			line += ": " + model.CleanLine(h.Note)
		}
		b.para(line, lipgloss.NewStyle())
	}
}
