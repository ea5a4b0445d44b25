package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// Layout constants of the inventory screen.
const (
	invHeadLines   = 2   // counts line, filter/sort line
	invStripLines  = 5   // detail strip below a narrow table
	invWideAt      = 130 // from this width the detail pane sits beside the table
	invWideColumns = 110 // table width from which the extra columns show
)

// invColumn is one table column: a fixed width (0 = takes the rest) and
// the cell text and style of a row.
type invColumn struct {
	title string
	width int
	cell  func(r *invRow) string
	style func(st *Styles, r *invRow) *lipgloss.Style
}

// plainStyle marks a cell drawn without a style: Render is not free, and
// the table draws every visible cell on every frame.
func plainStyle(*Styles, *invRow) *lipgloss.Style { return nil }

// styled renders text in style, or leaves it plain for nil.
func styled(style *lipgloss.Style, text string) string {
	if style == nil {
		return text
	}
	return style.Render(text)
}

// invColumns returns the columns for a table w wide: a narrow set, plus
// technical owner, logging and oversight when there is room.
func invColumns(w int) []invColumn {
	cols := []invColumn{
		{title: "Name", cell: func(r *invRow) string { return r.name }, style: func(st *Styles, _ *invRow) *lipgloss.Style { return &st.Bold }},
		{title: "Vendor", width: 12, cell: func(r *invRow) string { return r.vendor }, style: plainStyle},
		{title: "Approval", width: 9, cell: func(r *invRow) string { return string(r.sys.Approval) }, style: approvalStyle},
		{title: "Scope", width: 5, cell: (*invRow).scopeText, style: func(st *Styles, r *invRow) *lipgloss.Style {
			if r.inScope {
				return &st.Accent
			}
			return &st.Muted
		}},
		{title: "Tier", width: 6, cell: func(r *invRow) string { return string(r.tier) }, style: tierStyle},
	}
	if w < invWideColumns {
		return append(cols, invColumn{title: "Owner", width: 14, cell: func(r *invRow) string { return r.bizOwner }, style: plainStyle})
	}
	cols[1].width = 14
	return append(cols,
		invColumn{title: "Owners (business / technical)", width: 26, cell: (*invRow).owners, style: plainStyle},
		invColumn{title: "Logging", width: 8, cell: func(r *invRow) string { return orDash(string(r.sys.Logging)) }, style: func(st *Styles, r *invRow) *lipgloss.Style {
			if r.sys.Logging == model.LoggingNone {
				return &st.Warning
			}
			return nil
		}},
		invColumn{title: "Oversight", width: 14, cell: func(r *invRow) string { return orDash(string(r.sys.Oversight)) }, style: plainStyle},
	)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func approvalStyle(st *Styles, r *invRow) *lipgloss.Style {
	switch r.sys.Approval {
	case model.ApprovalShadow:
		return &st.Danger
	case model.ApprovalPending:
		return &st.Warning
	case model.ApprovalRetired:
		return &st.Muted
	}
	return nil
}

func tierStyle(st *Styles, r *invRow) *lipgloss.Style {
	switch r.tier {
	case model.TierHigh:
		return &st.Danger
	case model.TierMedium:
		return &st.Warning
	}
	return &st.Success
}

// textWidth is ansi.StringWidth with a fast path for plain ASCII, which
// most cells are; the table measures every visible cell on every frame.
func textWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// cellText cuts or pads s to exactly w columns.
func cellText(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if sw := textWidth(s); sw <= w {
		return s + strings.Repeat(" ", w-sw)
	}
	s = ansi.Truncate(s, w, "…")
	return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
}

// layout returns the table width and the detail pane width (0: strip below).
func (s *inventoryScreen) layout() (tableW, paneW int) {
	if s.w >= invWideAt {
		paneW = min(max(s.w*3/10, 40), 60)
		return s.w - paneW - 1, paneW
	}
	return s.w, 0
}

// tableRows is how many system rows fit.
func (s *inventoryScreen) tableRows() int {
	h := s.h - invHeadLines - 1
	if _, pane := s.layout(); pane == 0 {
		h -= invStripLines + 1
	}
	return max(h, 1)
}

// View implements Screen.
func (s *inventoryScreen) View() string {
	if s.w == 0 || s.h == 0 {
		return ""
	}
	s.refresh()
	tw, pw := s.layout()
	left := append(s.headLines(tw), s.tableLines(tw)...)
	row, ok := s.selected()
	if pw == 0 {
		left = append(left, s.c.Styles.BarEmpty.Render(strings.Repeat("─", s.w)))
		if ok {
			left = append(left, s.stripLines(row, s.w)...)
		}
		return strings.Join(left, "\n")
	}
	lcol := padLines(left, tw, s.h)
	var pane []string
	if ok {
		pane = systemDetailLines(s.c, row, pw-1)
	} else {
		pane = []string{s.c.Styles.Muted.Render(" No system selected.")}
	}
	rcol := strings.Split(fit(strings.Join(pane, "\n"), pw, s.h), "\n")
	sep := s.c.Styles.BarEmpty.Render("│")
	var b strings.Builder
	for i := range s.h {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(lcol[i])
		b.WriteString(sep)
		b.WriteString(rcol[i])
	}
	return b.String()
}

// padLines makes lines exactly w wide and h high. Table rows are already
// cut to at most w, so only padding is needed, measured cheaply.
func padLines(lines []string, w, h int) []string {
	out := make([]string, h)
	for i := range out {
		if i >= len(lines) {
			out[i] = strings.Repeat(" ", w)
			continue
		}
		l := lines[i]
		lw := lipgloss.Width(l)
		if lw > w {
			l, lw = ansi.Truncate(l, w, ""), w
		}
		out[i] = l + strings.Repeat(" ", w-lw)
	}
	return out
}

// headLines are the counts and the filter/sort line.
func (s *inventoryScreen) headLines(w int) []string {
	st := s.c.Styles
	c := s.tbl.counts
	counts := fmt.Sprintf(" %d systems · %d in scope · %d high risk · %d shadow", c.total, c.inScope, c.high, c.shadow)
	if s.tbl.filter.active() {
		counts = fmt.Sprintf(" %d of", len(s.tbl.view)) + counts
	}
	dir := "↑"
	if s.tbl.desc {
		dir = "↓"
	}
	sortTxt := "sort: " + s.tbl.sortCol.String() + " " + dir
	var second string
	switch {
	case s.filtering:
		second = " " + s.input.View()
	case s.tbl.filter.active():
		second = st.Accent.Render(" filter: "+model.CleanLine(s.tbl.filter.describe())) + st.Muted.Render("  (esc/c clears)")
	default:
		second = st.Muted.Render(" / filter · f scope · p approval · o owner · v vendor")
	}
	gap := max(w-lipgloss.Width(second)-len(sortTxt)-1, 1)
	return []string{
		ansi.Truncate(st.Title.Render(" AI inventory")+st.Muted.Render(counts), w, "…"),
		ansi.Truncate(second+strings.Repeat(" ", gap)+st.Muted.Render(sortTxt), w, ""),
	}
}

// tableLines renders the column header and only the visible rows.
func (s *inventoryScreen) tableLines(w int) []string {
	st := s.c.Styles
	cols := invColumns(w)
	fixed := 2
	for _, c := range cols {
		fixed += c.width + 1
	}
	flex := max(w-fixed, 8)
	widthOf := func(c invColumn) int {
		if c.width == 0 {
			return flex
		}
		return c.width
	}
	var hb strings.Builder
	hb.WriteString("  ")
	for _, c := range cols {
		hb.WriteString(cellText(c.title, widthOf(c)) + " ")
	}
	out := []string{st.SectionHead.Render(ansi.Truncate(hb.String(), w, ""))}
	if len(s.tbl.view) == 0 {
		msg := " No AI systems yet: a adds one, i imports a spreadsheet."
		if s.tbl.filter.active() {
			msg = " No system matches the filter (esc or c clears it)."
		}
		return append(out, st.Muted.Render(msg))
	}
	end := min(s.offset+s.tableRows(), len(s.tbl.view))
	for vi := s.offset; vi < end; vi++ {
		r := &s.tbl.rows[s.tbl.view[vi]]
		var b strings.Builder
		if vi == s.cursor {
			b.WriteString("▸ ")
			for _, c := range cols {
				b.WriteString(cellText(c.cell(r), widthOf(c)) + " ")
			}
			out = append(out, st.Selected.Render(ansi.Truncate(b.String(), w, "")))
			continue
		}
		b.WriteString("  ")
		for _, c := range cols {
			b.WriteString(styled(c.style(st, r), cellText(c.cell(r), widthOf(c))) + " ")
		}
		out = append(out, b.String())
	}
	return out
}

// stripLines is the short detail under a narrow table: purpose, scope with
// its reason, tier with its reasons; space opens every field.
func (s *inventoryScreen) stripLines(r *invRow, w int) []string {
	st := s.c.Styles
	scope := "out of scope"
	if r.inScope {
		scope = "in scope"
	}
	if r.override {
		scope += " (override)"
	}
	lines := []string{
		st.Bold.Render(" "+r.name) + st.Muted.Render("  "+model.CleanLine(r.sys.Purpose)),
		" " + st.Subtitle.Render("Scope") + " " + scope + st.Muted.Render(" — "+r.scopeWhy),
		" " + st.Subtitle.Render("Tier") + " " + styled(tierStyle(st, r), string(r.tier)) + st.Muted.Render(" — "+model.CleanLine(strings.Join(r.tierWhy, "; "))),
		" " + st.Muted.Render("Owners: "+orDash(r.owners())+" · vendor: "+orDash(r.vendor)+" · logging: "+orDash(string(r.sys.Logging))+" · oversight: "+orDash(string(r.sys.Oversight))),
		st.Muted.Render(" space: every field · e: edit"),
	}
	for i := range lines {
		lines[i] = ansi.Truncate(lines[i], w, "…")
	}
	return lines
}
