package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// sideRow is one line of the sidebar: a section heading, a control, or a
// system beneath a per-system control.
type sideRow struct {
	kind     rowKind
	section  *model.Section
	control  *model.Control
	subject  string
	system   *model.System
	subjects []string // a per-system control row: its systems' subjects
	vi       int      // first visible item of the row
}

type rowKind int

const (
	rowSection rowKind = iota
	rowControl
	rowSystem
)

// buildRows derives the sidebar rows from the visible items.
func (s *walkScreen) buildRows() {
	if s.rowsRev == s.visRev && s.rowsFor == s.visFilter && s.rows != nil {
		return
	}
	items := s.c.Session.Items()
	s.rows = s.rows[:0]
	var lastSec, lastCtl, lastSubj string
	ctlRow := -1
	for vi, i := range s.visible {
		it := items[i]
		if it.Section.ID != lastSec {
			s.rows = append(s.rows, sideRow{kind: rowSection, section: it.Section, vi: vi})
			lastSec, lastCtl = it.Section.ID, ""
		}
		if it.Control.ID != lastCtl {
			s.rows = append(s.rows, sideRow{kind: rowControl, control: it.Control, subject: it.Subject, vi: vi})
			ctlRow = len(s.rows) - 1
			lastCtl, lastSubj = it.Control.ID, ""
		}
		if it.System != nil && it.Subject != lastSubj {
			s.rows = append(s.rows, sideRow{kind: rowSystem, control: it.Control, subject: it.Subject, system: it.System, vi: vi})
			s.rows[ctlRow].subjects = append(s.rows[ctlRow].subjects, it.Subject)
		}
		lastSubj = it.Subject
	}
	s.rowsRev, s.rowsFor = s.visRev, s.visFilter
}

// refreshPane rebuilds the right pane for the current item and returns a
// guidance render command when the glamour output is not cached yet.
func (s *walkScreen) refreshPane() tea.Cmd {
	if s.w == 0 {
		return nil
	}
	s.refreshVisible()
	s.buildRows()
	s.vp.SetWidth(s.paneW)
	s.vp.SetHeight(max(s.h-2, 1))
	it, ok := s.current()
	if !ok && s.mine {
		s.vp.SetContent(s.c.Styles.Muted.Render("Nothing here is assigned to " + model.CleanLine(s.c.Actor) + ". M shows every question."))
		return nil
	}
	if !ok {
		s.vp.SetContent(s.c.Styles.Muted.Render("No questions match. Controls asked per AI system need in-scope systems in the inventory. esc clears the filter."))
		return nil
	}
	body, cmd := s.paneContent(it, max(s.paneW-2, 10))
	s.vp.SetContent(body)
	at := fmt.Sprint(it.Key(), s.mode)
	if at != s.paneFor {
		s.vp.GotoTop()
		s.paneFor = at
	}
	return cmd
}

// View implements Screen.
func (s *walkScreen) View() string {
	if s.w == 0 || s.h == 0 {
		return ""
	}
	// Both columns are cut to exact size, so joining line by line is safe
	// and much cheaper than measuring every line again.
	side := strings.Split(fit(strings.Join(s.sidebarLines(), "\n"), s.sideW, s.h), "\n")
	pane := strings.Split(fit(s.paneHeader()+"\n"+s.vp.View(), s.paneW, s.h), "\n")
	sep := s.c.Styles.BarEmpty.Render("│")
	var b strings.Builder
	for i := range s.h {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(side[i])
		b.WriteString(sep)
		b.WriteString(pane[i])
	}
	return b.String()
}

func (s *walkScreen) sidebarLines() []string {
	st := s.c.Styles
	var lines []string
	h := s.h
	if s.mode == modeFilter {
		lines = append(lines, " "+s.input.View())
		h--
	} else if s.filter != "" {
		lines = append(lines, st.Accent.Render(ansi.Truncate(" filter: "+model.CleanLine(s.filter), s.sideW, "…")))
		h--
	}
	if l, ok := s.mineLine(); ok {
		lines = append(lines, l)
		h--
	}
	cur := s.currentRow()
	start := min(max(cur-h/2, 0), max(len(s.rows)-h, 0))
	for r := start; r < len(s.rows) && r < start+h; r++ {
		lines = append(lines, s.rowLine(s.rows[r], r == cur))
	}
	if len(s.rows) == 0 {
		lines = append(lines, st.Muted.Render(" no matching questions"))
	}
	return lines
}

func (s *walkScreen) currentRow() int {
	it, ok := s.current()
	if !ok {
		return -1
	}
	want := rowControl
	if it.System != nil {
		want = rowSystem
	}
	for r, row := range s.rows {
		if row.kind == want && row.control == it.Control && (want == rowControl || row.subject == it.Subject) {
			return r
		}
	}
	return -1
}

// rowLine renders a sidebar row with its completion mark.
func (s *walkScreen) rowLine(row sideRow, current bool) string {
	st := s.c.Styles
	w := s.sideW
	var text, mark string
	switch row.kind {
	case rowSection:
		return st.SectionHead.Render(ansi.Truncate(" "+model.CleanLine(row.section.Title), w, "…"))
	case rowControl:
		var rs []model.ControlResult
		if len(row.subjects) > 0 {
			for _, subj := range row.subjects {
				rs = append(rs, s.c.Session.Result(row.control.ID, subj))
			}
		} else {
			rs = append(rs, s.c.Session.Result(row.control.ID, row.subject))
		}
		mark = s.markFor(rs...)
		// A narrow sidebar shows titles only: the id is in the pane header,
		// and "gov-policy Respons…" reads worse than the whole title.
		text = model.CleanLine(row.control.Title)
		if s.sideW >= 40 {
			text = model.CleanLine(row.control.ID) + " " + text
		}
	case rowSystem:
		mark = s.markFor(s.c.Session.Result(row.control.ID, row.subject))
		text = "  ↳ " + model.CleanLine(row.system.Name)
	}
	prefix := "  "
	if current {
		prefix = "▸ "
	}
	line := prefix + mark + " " + ansi.Truncate(text, max(w-lipgloss.Width(prefix+mark)-1, 1), "…")
	if current {
		return st.Selected.Render(line + strings.Repeat(" ", max(w-lipgloss.Width(line), 0)))
	}
	return line
}

// markFor is the sidebar mark of one or more control results (a control
// asked per system aggregates its systems): ✓ complete, ◐ partly answered
// or partly met, ✗ a gap, · not started, with ⚑ when anything is flagged.
func (s *walkScreen) markFor(rs ...model.ControlResult) string {
	st := s.c.Styles
	var asked, answered, flagged int
	gap, partial := false, false
	for _, r := range rs {
		asked += r.Asked
		answered += r.Answered
		flagged += r.Flagged
		gap = gap || r.Status == model.StatusNotMet
		partial = partial || r.Status == model.StatusPartial
	}
	var m string
	switch {
	case gap:
		m = st.Danger.Render("✗")
	case answered == 0:
		m = st.Muted.Render("·")
	case answered < asked || partial:
		m = st.Warning.Render("◐")
	default:
		m = st.Success.Render("✓")
	}
	if flagged > 0 {
		return m + st.Warning.Render("⚑")
	}
	return m + " "
}

// paneHeader is the control id and title and, per system, the system name.
func (s *walkScreen) paneHeader() string {
	st := s.c.Styles
	it, ok := s.current()
	if !ok {
		return st.Muted.Render(" (nothing to show)") + "\n"
	}
	title := " " + model.CleanLine(it.Control.ID) + " · " + model.CleanLine(it.Control.Title)
	right := ""
	if it.System != nil {
		right = " system: " + model.CleanLine(it.System.Name) + " "
	}
	right = ansi.Truncate(right, s.paneW/2, "… ")
	title = ansi.Truncate(title, max(s.paneW-lipgloss.Width(right)-1, 1), "…")
	pad := strings.Repeat(" ", max(s.paneW-lipgloss.Width(title)-lipgloss.Width(right), 0))
	lo, hi := s.groupBounds(s.curIdx)
	pos := fmt.Sprintf(" question %d of %d here · %d of %d overall", s.curIdx-lo+1, hi-lo, s.curIdx+1, len(s.visible))
	head := st.Title.Render(title) + pad + st.Accent.Render(right)
	return head + "\n" + st.Muted.Render(ansi.Truncate(pos, s.paneW, "…"))
}
