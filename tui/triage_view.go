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

// triageHeaderLines is the height above the rows: counts (2), the filter
// line and the column header.
const triageHeaderLines = 4

func (s *triageScreen) listHeight() int { return max(s.h-triageHeaderLines, 1) }

// View implements Screen. Only the visible rows are rendered, and those
// from a cache, so a keypress costs the same with 10 or 10,000 exceptions.
func (s *triageScreen) View() string {
	st := s.c.Styles
	t := s.c.Triage
	switch {
	case !t.available():
		return st.Muted.Render(" Exception triage needs an engagement file (run auditwalk with --db).")
	case !t.loaded && t.loadErr == nil:
		return st.Muted.Render(" Loading exceptions…")
	case !t.loaded:
		return st.Danger.Render(" Exceptions not loaded: "+model.CleanLine(t.loadErr.Error())) + "\n" +
			st.Muted.Render(" r tries again.")
	}
	s.refreshRows()
	s.refreshCounts()
	lines := append(s.headerLines(), s.filterLine())
	if s.editing {
		lines = append(lines, st.Muted.Render(ansi.Truncate(
			" terms: kind: status:(active|all|…) sev: system: control: owner: and words · enter applies", s.w, "…")))
	} else {
		lines = append(lines, s.columnHeader())
	}
	lines = append(lines, s.rowLines()...)
	return strings.Join(lines, "\n")
}

func (s *triageScreen) headerLines() []string {
	st := s.c.Styles
	c := s.counts
	first := st.Title.Render(" Exceptions") + st.Muted.Render(fmt.Sprintf("  %d active of %d", c.Active, c.Total))
	for _, sev := range model.Severities() {
		first += st.Muted.Render(" · ") + sevStyle(st, sev).Render(fmt.Sprintf("%s %d", sev, c.BySeverity[sev]))
	}
	var parts []string
	for _, status := range model.ExceptionStatuses() {
		if n := c.ByStatus[status]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", status, n))
		}
	}
	second := " " + strings.Join(parts, " · ")
	if len(parts) == 0 {
		second = " no exceptions yet"
	}
	second = st.Muted.Render(second)
	if c.OverdueTasks > 0 {
		second += st.Muted.Render(" · ") + st.Danger.Render(fmt.Sprintf("%d overdue task%s", c.OverdueTasks, plural(c.OverdueTasks)))
	}
	return []string{ansi.Truncate(first, s.w, "…"), ansi.Truncate(second, s.w, "…")}
}

func (s *triageScreen) filterLine() string {
	st := s.c.Styles
	if s.editing {
		return " " + s.bar.View()
	}
	shown := fmt.Sprintf("  %d shown", len(s.rows))
	line := " " + st.Accent.Render("filter ") + model.CleanLine(s.filter.String()) + st.Muted.Render(shown)
	return ansi.Truncate(line, s.w, "…")
}

// triageCols is the column layout at a width; kind and control columns
// appear from 120 columns.
type triageCols struct{ owner, kind, control, title int }

func (s *triageScreen) cols() triageCols {
	c := triageCols{owner: 12}
	fixed := 2 + 8 + 1 + 4 + 1 + 14 + 1 + 5 + 1 + c.owner + 1
	if s.w >= 120 {
		c.kind, c.control = 19, 16
		c.owner = 14
		fixed += c.kind + 1 + c.control + 1 + 4
	}
	c.title = max(s.w-fixed, 10)
	return c
}

func (s *triageScreen) columnHeader() string {
	c := s.cols()
	h := "  " + pad("ref", 8) + " " + pad("sev", 4) + " " + pad("status", 14) + " " + pad("age", 5) + " "
	if c.kind > 0 {
		h += pad("kind", c.kind) + " "
	}
	h += pad("owner", c.owner) + " "
	if c.control > 0 {
		h += pad("control", c.control) + " "
	}
	return s.c.Styles.Muted.Render(ansi.Truncate(h+"title", s.w, ""))
}

func (s *triageScreen) rowLines() []string {
	st := s.c.Styles
	if len(s.rows) == 0 {
		if len(s.c.Triage.list) == 0 {
			return []string{st.Muted.Render(" No exceptions yet. n raises one by hand; ! raises one from a question in the walkthrough.")}
		}
		return []string{st.Muted.Render(" No exceptions match the filter. esc clears it; s cycles the status.")}
	}
	h := s.listHeight()
	// Keep the cursor inside the window, moving the window only when it
	// would leave it.
	if s.cursor < s.offset {
		s.offset = s.cursor
	}
	if s.cursor >= s.offset+h {
		s.offset = s.cursor - h + 1
	}
	s.offset = min(max(s.offset, 0), max(len(s.rows)-h, 0))
	s.checkCache()
	out := make([]string, 0, h)
	now := s.c.Now()
	for r := s.offset; r < len(s.rows) && r < s.offset+h; r++ {
		e := &s.c.Triage.list[s.rows[r]]
		if r == s.cursor {
			out = append(out, s.rowLine(e, now, true))
			continue
		}
		line, ok := s.cache[e.ID]
		if !ok {
			line = s.rowLine(e, now, false)
			s.cache[e.ID] = line
		}
		out = append(out, line)
	}
	return out
}

// checkCache drops rendered rows when what they depend on changed.
func (s *triageScreen) checkCache() {
	k := [3]any{s.c.Triage.rev, s.w, s.c.Styles}
	if s.cache == nil || s.cacheKey != k {
		s.cache = make(map[int64]string, 64)
		s.cacheKey = k
	}
}

func (s *triageScreen) rowLine(e *model.Exception, now time.Time, selected bool) string {
	st := s.c.Styles
	c := s.cols()
	status, expired := statusLabel(*e, now)
	var b strings.Builder
	b.WriteString(pad(e.Ref(), 8) + " ")
	sev := sevBadge(e.Severity)
	if selected {
		b.WriteString(sev)
	} else {
		b.WriteString(sevStyle(st, e.Severity).Render(sev))
	}
	b.WriteString(" ")
	switch {
	case selected:
		b.WriteString(pad(status, 14))
	case expired:
		b.WriteString(st.Danger.Render(pad(status, 14)))
	case !e.Status.Active():
		b.WriteString(st.Muted.Render(pad(status, 14)))
	default:
		b.WriteString(pad(status, 14))
	}
	b.WriteString(" " + pad(age(e.RaisedAt, now), 5) + " ")
	if c.kind > 0 {
		b.WriteString(pad(string(e.Kind), c.kind) + " ")
	}
	b.WriteString(pad(orNone(model.CleanLine(e.Owner)), c.owner) + " ")
	if c.control > 0 {
		b.WriteString(pad(strings.Join(e.ControlIDs, ","), c.control) + " ")
	}
	b.WriteString(ansi.Truncate(model.CleanLine(e.Title), c.title, "…"))
	if selected {
		line := "▸ " + b.String()
		line += strings.Repeat(" ", max(s.w-lipgloss.Width(line), 0))
		return st.Selected.Render(ansi.Truncate(line, s.w, ""))
	}
	return ansi.Truncate("  "+b.String(), s.w, "")
}

// statusLabel is the status as shown: an accepted risk past its expiry
// reads "expired" before the store has moved it there.
func statusLabel(e model.Exception, now time.Time) (string, bool) {
	if model.AcceptanceExpired(e, now) || e.Status == model.StatusExpired {
		return string(model.StatusExpired), true
	}
	return string(e.Status), false
}

// sevBadge is a four-column severity label.
func sevBadge(s model.Severity) string {
	switch s {
	case model.SeverityCritical:
		return "CRIT"
	case model.SeverityHigh:
		return "HIGH"
	case model.SeverityMedium:
		return "MED "
	case model.SeverityLow:
		return "LOW "
	}
	return "?   "
}

func sevStyle(st *Styles, s model.Severity) lipgloss.Style {
	switch s {
	case model.SeverityCritical:
		return st.Danger.Bold(true)
	case model.SeverityHigh:
		return st.Danger
	case model.SeverityMedium:
		return st.Warning
	}
	return st.Muted
}

// age is how long ago t was, in days ("today" under a day).
func age(t, now time.Time) string {
	if t.IsZero() {
		return "-"
	}
	d := int(now.Sub(t).Hours() / 24)
	switch {
	case d < 1:
		return "<1d"
	case d > 9999:
		return "9999d"
	}
	return strconv.Itoa(d) + "d"
}

// pad truncates or pads plain text to exactly w columns.
func pad(s string, w int) string {
	s = ansi.Truncate(s, w, "…")
	return s + strings.Repeat(" ", max(w-lipgloss.Width(s), 0))
}

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
