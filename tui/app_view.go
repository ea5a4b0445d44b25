package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// View draws header, the top screen's body, status line and help bar. The
// alt screen and window title are set here, every frame, as v2 expects.
func (a *App) View() tea.View {
	v := tea.NewView("")
	v.AltScreen = true
	v.WindowTitle = "auditwalk — " + a.top().Title()
	switch {
	case a.width == 0 || a.height == 0:
		return v
	case a.width < minWidth || a.height < minHeight:
		msg := fmt.Sprintf("terminal too small (need %dx%d)", minWidth, minHeight)
		v.SetContent(lipgloss.Place(a.width, a.height, lipgloss.Center, lipgloss.Center,
			ansi.Truncate(msg, a.width, "…")))
		return v
	}
	parts := []string{
		a.headerView(),
		fit(a.top().View(), a.bodyW, a.bodyH),
		a.statusView(),
		a.helpView(),
	}
	v.SetContent(strings.Join(parts, "\n"))
	return v
}

func (a *App) headerView() string {
	s := a.com.Styles
	sess := a.com.Session
	e := sess.Engagement
	left := " auditwalk"
	if e.IsSetUp() {
		name := model.CleanLine(e.Name)
		if name == "" {
			name = "engagement"
		}
		left += " · " + name + " — " + model.CleanLine(e.Client)
	} else {
		left += " · new engagement"
	}
	right := ""
	if p := sess.Pack; p != nil {
		right = model.CleanLine(p.ID) + " v" + model.CleanLine(p.Version)
	}
	sum := sess.Summary()
	right += fmt.Sprintf(" · %d%% answered ", int(sum.Overall.Progress()*100+0.5))
	return spread(s.Header, s.HeaderDim, left, right, a.width)
}

func (a *App) statusView() string {
	s := a.com.Styles
	left := ""
	switch a.status.Kind {
	case statusError:
		left = s.StatusError.Render("✗ " + model.CleanLine(a.status.Text))
	case statusSuccess:
		left = s.StatusSuccess.Render("✓ " + model.CleanLine(a.status.Text))
	default:
		left = s.StatusInfo.Render(model.CleanLine(a.status.Text))
	}
	var right []string
	if !a.com.Writes.idle() {
		right = append(right, s.Warning.Render("saving…"))
	}
	if n := a.com.Session.Unsaved(); n > 0 {
		right = append(right, s.Danger.Render(fmt.Sprintf("%d unsaved", n)))
	}
	if a.cfg.DBPath != "" {
		right = append(right, a.pathFitting(left, right))
	}
	r := strings.Join(right, s.Muted.Render(" · "))
	gap := a.width - lipgloss.Width(r) - 1
	left = ansi.Truncate(" "+left, max(gap, 0), "…")
	pad := max(a.width-lipgloss.Width(left)-lipgloss.Width(r), 0)
	return ansi.Truncate(left+strings.Repeat(" ", pad)+r, a.width, "")
}

// pathFitting is the file path for the status line, cut from its start to
// what the message (up to two thirds of the line) and the indicators leave:
// a long path would otherwise push an error out of sight.
func (a *App) pathFitting(msg string, indicators []string) string {
	s := a.com.Styles
	path := model.CleanLine(a.cfg.DBPath)
	room := a.width - min(lipgloss.Width(" "+msg), a.width-a.width/3) - 1
	for _, in := range indicators {
		room -= lipgloss.Width(in) + 3 // " · "
	}
	if w := lipgloss.Width(path); w > room {
		path = ansi.TruncateLeft(path, w-max(room, 1)+1, "…")
	}
	return s.Muted.Render(path)
}

// helpView renders the top screen's bindings followed by the global ones.
func (a *App) helpView() string {
	top := a.top()
	globals := a.globalBindings(top)
	if !a.fullHelp {
		// ? comes first so the way to the full list survives truncation.
		var bs []key.Binding
		if !top.Captures(tea.KeyPressMsg{Code: '?', Text: "?"}) {
			bs = append(bs, a.keys.Help)
		}
		bs = append(append(bs, top.ShortHelp()...), globals...)
		return ansi.Truncate(a.help.ShortHelpView(bs), a.width, "…")
	}
	groups := append(top.FullHelp(), append([]key.Binding{a.keys.Help}, globals...))
	return fit(a.help.FullHelpView(groups), a.width, fullHelpLines)
}

// globalBindings lists the global keys the top screen leaves to the App.
func (a *App) globalBindings(top Screen) []key.Binding {
	if top.Captures(tea.KeyPressMsg{Code: 'q', Text: "q"}) {
		return []key.Binding{a.keys.ForceQuit}
	}
	var out []key.Binding
	if len(a.stack) > 1 {
		out = append(out, a.keys.Back)
	}
	for _, t := range a.tabList {
		if len(t.key.Keys()) == 0 {
			continue // chord-only (g r, g c): listed under g
		}
		if top.ID() != t.id && !top.Captures(tea.KeyPressMsg{Code: rune(t.key.Keys()[0][0]), Text: t.key.Keys()[0]}) {
			out = append(out, t.key)
		}
	}
	return append(out, a.keys.GoPrefix, a.keys.Quit)
}

// fit cuts or pads s to exactly w columns by h lines, so a screen can never
// push the status and help bars off the terminal.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	var b strings.Builder
	for i := 0; i < h; i++ {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i >= len(lines) {
			b.WriteString(strings.Repeat(" ", w))
			continue
		}
		l := lines[i]
		lw := lipgloss.Width(l)
		if lw > w {
			l = ansi.Truncate(l, w, "")
			lw = lipgloss.Width(l)
		}
		b.WriteString(l)
		b.WriteString(strings.Repeat(" ", max(w-lw, 0)))
	}
	return b.String()
}

// spread renders left and right text on one full-width line, left bold.
func spread(strong, plain lipgloss.Style, left, right string, w int) string {
	rw := lipgloss.Width(right)
	left = ansi.Truncate(left, max(w-rw-1, 1), "…")
	pad := max(w-lipgloss.Width(left)-rw, 0)
	return ansi.Truncate(strong.Render(left)+plain.Render(strings.Repeat(" ", pad)+right), w, "")
}
