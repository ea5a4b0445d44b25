package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// headerLines is how many lines sit above the column header.
func (s *trailScreen) headerLines() int {
	n := 2 // title, filter summary
	if s.editing {
		n += trailFieldCount + 1
	}
	return n + len(s.verifyLines())
}

// verifyLines summarise the last verify run (at most four lines).
func (s *trailScreen) verifyLines() []string {
	st := s.c.Styles
	switch {
	case s.verifying:
		return []string{st.Muted.Render(" Verifying the file and the trail…")}
	case s.verifyErr != nil:
		return []string{st.Danger.Render(ansi.Truncate(" ✗ verify failed: "+model.CleanLine(s.verifyErr.Error()), s.w, "…"))}
	case s.verify == nil:
		return nil
	case s.verify.OK:
		return []string{st.Success.Render(ansi.Truncate(" ✓ Verified: integrity ok · "+itoa(s.verify.Records)+
			" records chain · every row matches the trail", s.w, "…"))}
	}
	p := s.verify.Problems
	out := []string{st.Danger.Render(" ✗ Verify FAILED: " + itoa(len(p)) + " problem(s) in " + itoa(s.verify.Records) + " records")}
	for i, l := range p {
		if i == 3 {
			out[len(out)-1] = st.Danger.Render(ansi.Truncate("   "+model.CleanLine(p[i-1]), s.w-12, "…") + " (+" + itoa(len(p)-i+1) + " more)")
			break
		}
		out = append(out, st.Danger.Render(ansi.Truncate("   "+model.CleanLine(l), s.w, "…")))
	}
	return out
}

// filterSummary says which filter is applied.
func (s *trailScreen) filterSummary() string {
	f := s.filter
	var parts []string
	if f.Actor != "" {
		parts = append(parts, "person "+model.CleanLine(f.Actor))
	}
	if f.Entity != "" {
		e := "entity " + model.CleanLine(f.Entity)
		if f.EntityID != "" {
			e += " " + model.CleanLine(f.EntityID)
		}
		parts = append(parts, e)
	}
	if !f.Since.IsZero() {
		parts = append(parts, "from "+dateText(f.Since))
	}
	if !f.Until.IsZero() {
		parts = append(parts, "to "+dateText(f.Until.AddDate(0, 0, -1)))
	}
	if len(parts) == 0 {
		return " All records, newest first (times UTC) · / filters"
	}
	return " Filter: " + strings.Join(parts, " · ") + " · c clears"
}

// trailColumns are the widths of seq, time, actor, action and entity; the
// entity id gets the rest.
func (s *trailScreen) trailColumns() [5]int {
	actor := 12
	if s.w >= 120 {
		actor = 20
	}
	return [5]int{7, 17, actor, 9, 12}
}

func (s *trailScreen) row(a model.Activity) string {
	c := s.trailColumns()
	used := 0
	for _, w := range c {
		used += w
	}
	return audCell(itoa64(a.Seq), c[0]) + audCell(a.At.UTC().Format("2006-01-02 15:04"), c[1]) +
		audCell(model.CleanLine(a.Actor), c[2]) + audCell(model.CleanLine(a.Action), c[3]) +
		audCell(model.CleanLine(a.Entity), c[4]) + audCell(model.CleanLine(a.EntityID), max(s.w-used-1, 4))
}

// View implements Screen.
func (s *trailScreen) View() string {
	st := s.c.Styles
	if s.c.Audit.Trail == nil {
		return st.Muted.Render(" The activity trail needs an engagement file.")
	}
	title := st.Title.Render(" Activity trail")
	if s.loading {
		title += st.Muted.Render("  loading…")
	}
	lines := []string{title, st.Muted.Render(ansi.Truncate(s.filterSummary(), s.w, "…"))}
	if s.editing {
		lines = append(lines, s.formLines()...)
	}
	lines = append(lines, s.verifyLines()...)
	c := s.trailColumns()
	head := " " + audCell("seq", c[0]) + audCell("time (UTC)", c[1]) + audCell("person", c[2]) + audCell("action", c[3]) +
		audCell("entity", c[4]) + "id"
	lines = append(lines, st.SectionHead.Render(ansi.Truncate(head, s.w, "")))
	switch {
	case s.loadErr != nil:
		lines = append(lines, st.Danger.Render(ansi.Truncate(" "+model.CleanLine(s.loadErr.Error()), s.w, "…")))
	case len(s.records) == 0 && !s.loading:
		lines = append(lines, st.Muted.Render(" No records match."))
	}
	rows := s.listRows()
	for i := s.top; i < len(s.records) && i < s.top+rows; i++ {
		r := " " + s.row(s.records[i])
		if i == s.cur {
			r = st.Selected.Render(audCell(r, s.w))
		}
		lines = append(lines, r)
	}
	for len(lines) < s.h-1 {
		lines = append(lines, "")
	}
	foot := itoa(len(s.records)) + " shown"
	if s.more {
		foot += " · older records load as you scroll"
	}
	if len(s.records) > 0 {
		foot = itoa(s.cur+1) + "/" + foot
	}
	lines = append(lines, st.Muted.Render(" "+foot))
	return strings.Join(lines, "\n")
}

func (s *trailScreen) formLines() []string {
	st := s.c.Styles
	out := []string{st.Accent.Render(" Filter (tab moves, enter applies, esc cancels)")}
	for i := range s.inputs {
		out = append(out, "  "+s.inputs[i].View())
	}
	if s.formErr != "" {
		out[0] = st.Danger.Render(" " + s.formErr)
	}
	return out
}

// ShortHelp implements help.KeyMap.
func (s *trailScreen) ShortHelp() []key.Binding {
	k := s.keys
	if s.editing {
		return []key.Binding{k.Apply, k.Next, k.Cancel}
	}
	return []key.Binding{k.Down, k.Up, k.Open, k.Filter, k.Clear, k.Verify}
}

// FullHelp implements help.KeyMap.
func (s *trailScreen) FullHelp() [][]key.Binding {
	k := s.keys
	if s.editing {
		return [][]key.Binding{s.ShortHelp()}
	}
	return [][]key.Binding{{k.Down, k.Up, k.PageDown, k.PageUp}, {k.Open, k.Filter, k.Clear}, {k.Verify, k.Refresh}}
}

func itoa64(n int64) string { return itoa(int(n)) }
