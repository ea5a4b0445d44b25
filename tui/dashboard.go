package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// dashboard is the home screen: progress and readiness per Trust Services
// Category and per section, and what to do next.
type dashboard struct {
	c    *Common
	keys dashKeys
	w, h int
}

type dashKeys struct {
	Continue, NextUnanswered, NextFlagged, Edit key.Binding
}

func defaultDashKeys() dashKeys {
	return dashKeys{
		Continue:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "walkthrough")),
		NextUnanswered: key.NewBinding(key.WithKeys("N", "tab"), key.WithHelp("N", "unanswered")),
		NextFlagged:    key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "flagged")),
		Edit:           key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "engagement")),
	}
}

func newDashboard(c *Common) *dashboard { return &dashboard{c: c, keys: defaultDashKeys()} }

// ID implements Screen.
func (d *dashboard) ID() ScreenID { return ScreenDashboard }

// Title implements Screen.
func (d *dashboard) Title() string { return "Dashboard" }

// Init implements Screen.
func (d *dashboard) Init() tea.Cmd { return nil }

// Resize implements Screen.
func (d *dashboard) Resize(w, h int) tea.Cmd { d.w, d.h = w, h; return nil }

// Captures implements Screen: enter and 2 both open the walkthrough here.
func (d *dashboard) Captures(tea.KeyPressMsg) bool { return false }

// ShortHelp implements help.KeyMap.
func (d *dashboard) ShortHelp() []key.Binding {
	k := d.keys
	// Open merge conflicts come first: they block the report.
	return append(acctDashBindings(d.c), k.Continue, k.NextUnanswered, k.NextFlagged, k.Edit)
}

// FullHelp implements help.KeyMap.
func (d *dashboard) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

// Update implements Screen.
func (d *dashboard) Update(msg tea.Msg) (Screen, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return d, nil
	}
	open := Navigate(NavigateMsg{Tab: ScreenWalkthrough})
	jump := func(k jumpKind) tea.Cmd { return func() tea.Msg { return jumpMsg{kind: k} } }
	switch {
	case key.Matches(km, d.keys.Continue):
		return d, open
	case key.Matches(km, d.keys.NextUnanswered):
		return d, tea.Batch(open, jump(jumpUnanswered))
	case key.Matches(km, d.keys.NextFlagged):
		return d, tea.Batch(open, jump(jumpFlagged))
	case key.Matches(km, d.keys.Edit):
		return d, Navigate(NavigateMsg{Push: newSetupScreen(d.c, false)})
	}
	if cmd, ok := acctDashKey(d.c, km); ok { // C: merge conflicts (people_dash.go)
		return d, cmd
	}
	return d, nil
}

// View implements Screen.
func (d *dashboard) View() string {
	if d.w >= 120 {
		lw := d.w/2 - 1
		left := strings.Join(append(d.categoryLines(lw), append([]string{""}, d.nextLines(lw)...)...), "\n")
		right := strings.Join(d.sectionLines(d.w-lw-2, d.h), "\n")
		return lipgloss.JoinHorizontal(lipgloss.Top, fit(left, lw, d.h), "  ", right)
	}
	lines := d.categoryLines(d.w)
	lines = append(lines, "")
	lines = append(lines, d.nextLines(d.w)...)
	lines = append(lines, "")
	lines = append(lines, d.sectionLines(d.w, d.h-len(lines))...)
	return strings.Join(lines, "\n")
}

// tallyLine renders one row: name, bar, answered/asked, readiness, gaps.
func (d *dashboard) tallyLine(name string, t model.Tally, w int) string {
	s := d.c.Styles
	nameW := min(max(w/4, 22), 34)
	stats := fmt.Sprintf(" %4d/%-4d", t.Answered, t.Asked)
	if r, ok := t.Readiness(); ok {
		stats += readinessStyle(s, r).Render(fmt.Sprintf(" ready %3d%%", pct(r)))
	} else {
		stats += s.Muted.Render(" ready   —")
	}
	if t.Gaps > 0 {
		stats += s.Danger.Render(fmt.Sprintf(" %d gap%s", t.Gaps, plural(t.Gaps)))
	}
	// Fixed columns keep the bars aligned whatever the stats say.
	const statsW = 28
	stats += strings.Repeat(" ", max(statsW-lipgloss.Width(stats), 0))
	barW := min(max(w-nameW-statsW-2, 6), 30)
	n := ansi.Truncate(name, nameW-2, "…")
	return " " + n + strings.Repeat(" ", max(nameW-lipgloss.Width(n)-1, 0)) +
		progressBar(s, barW, t.Progress()) + stats
}

func (d *dashboard) categoryLines(w int) []string {
	s := d.c.Styles
	sum := d.c.Session.Summary()
	lines := []string{s.Title.Render(" Readiness by Trust Services Category")}
	for _, c := range model.Categories() {
		t := sum.ByCategory[c]
		if t == nil || t.Controls == 0 {
			why := " not covered by this pack"
			if perSystemControls(d.c.Session.Pack, c) > 0 {
				why = " asked per AI system: add in-scope systems in the inventory (3)"
			}
			lines = append(lines, " "+c.Title()+strings.Repeat(" ", max(21-len(c.Title()), 0))+
				s.Muted.Render(why))
			continue
		}
		lines = append(lines, d.tallyLine(c.Title(), *t, w))
	}
	o := sum.Overall
	lines = append(lines, d.tallyLine("Overall", o, w))
	flag := fmt.Sprintf(" %d flagged · %d gap%s · %d/%d controls complete",
		o.Flagged, o.Gaps, plural(o.Gaps), o.Complete, o.Controls)
	return append(lines, s.Muted.Render(flag))
}

func (d *dashboard) sectionLines(w, h int) []string {
	s := d.c.Styles
	sum := d.c.Session.Summary()
	lines := []string{s.Title.Render(" Sections")}
	p := d.c.Session.Pack
	if p == nil {
		return lines
	}
	room := h - 1
	for i, sec := range p.Sections {
		if len(lines) >= room && i < len(p.Sections) {
			lines = append(lines, s.Muted.Render(fmt.Sprintf(" … %d more in the walkthrough", len(p.Sections)-i)))
			break
		}
		t := sum.BySection[sec.ID]
		if t == nil {
			t = &model.Tally{}
		}
		lines = append(lines, d.tallyLine(model.CleanLine(sec.Title), *t, w))
	}
	return lines
}

// nextLines suggests what to do next: continue, flagged items, weakest
// sections.
func (d *dashboard) nextLines(w int) []string {
	s := d.c.Styles
	sess := d.c.Session
	lines := []string{s.Title.Render(" What to do next")}
	items := sess.Items()
	marks := sess.marks()
	next, flagged := marks.next, marks.flagged
	bullet := func(text, keyHint string) string {
		text = ansi.Truncate(text, max(w-lipgloss.Width(keyHint)-6, 10), "…")
		return " " + s.Accent.Render("▸") + " " + text + "  " + s.HelpKey.Render(keyHint)
	}
	switch {
	case len(items) == 0:
		lines = append(lines, bullet("No questions apply yet.", ""))
	case next < 0:
		lines = append(lines, bullet("Every question is answered — review gaps and flags.", "enter"))
	default:
		it := items[next]
		lines = append(lines, bullet(fmt.Sprintf("Next unanswered: %s %s",
			model.CleanLine(it.Control.ID), model.CleanLine(it.Question.Prompt)), "N"))
	}
	if flagged > 0 {
		lines = append(lines, bullet(fmt.Sprintf("%d question%s flagged to come back to", flagged, plural(flagged)), "F"))
	}
	if n := perSystemControls(sess.Pack, ""); n > 0 && !anyInScope(sess.Systems) {
		lines = append(lines, bullet(fmt.Sprintf("Record the AI systems: %d controls are asked once per in-scope system", n), "3"))
	}
	lines = append(lines, acctDashLines(d.c, bullet)...)
	if low := d.weakestSections(2); len(low) > 0 {
		lines = append(lines, bullet("Lowest readiness: "+strings.Join(low, ", "), ""))
	}
	return lines
}

func (d *dashboard) weakestSections(n int) []string {
	sum := d.c.Session.Summary()
	type sr struct {
		title string
		r     float64
	}
	var rs []sr
	for _, sec := range d.c.Session.Pack.Sections {
		if t := sum.BySection[sec.ID]; t != nil {
			if r, ok := t.Readiness(); ok && r < 1 {
				rs = append(rs, sr{model.CleanLine(sec.Title), r})
			}
		}
	}
	slices.SortStableFunc(rs, func(a, b sr) int { return cmp.Compare(a.r, b.r) })
	var out []string
	for i := 0; i < len(rs) && i < n; i++ {
		out = append(out, fmt.Sprintf("%s (%d%%)", rs[i].title, pct(rs[i].r)))
	}
	return out
}

// progressBar draws a w-cell bar filled to frac; it reads without colour.
func progressBar(s *Styles, w int, frac float64) string {
	full := int(frac*float64(w) + 0.5)
	full = min(max(full, 0), w)
	return s.BarFull.Render(strings.Repeat("█", full)) + s.BarEmpty.Render(strings.Repeat("░", w-full))
}

func readinessStyle(s *Styles, r float64) lipgloss.Style {
	switch {
	case r >= 0.8:
		return s.Success
	case r >= 0.5:
		return s.Warning
	}
	return s.Danger
}

func pct(f float64) int { return int(f*100 + 0.5) }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// perSystemControls counts the pack's per-system controls, those touching
// category c when c is set. They are asked only once systems are in scope,
// so the dashboard points there instead of reading as "not covered".
func perSystemControls(p *model.Pack, c model.Category) int {
	if p == nil {
		return 0
	}
	n := 0
	for _, ctl := range p.Controls() {
		if ctl.Applies != model.AppliesPerSystem {
			continue
		}
		if c == "" {
			n++
			continue
		}
		for _, id := range ctl.Criteria {
			if model.CategoryOf(id) == c {
				n++
				break
			}
		}
	}
	return n
}

// anyInScope stops at the first in-scope system.
func anyInScope(systems []model.System) bool {
	for _, sys := range systems {
		if in, _ := sys.InScope(); in {
			return true
		}
	}
	return false
}
