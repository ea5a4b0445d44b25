package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// ScreenConfirm is a yes/no question pushed over another screen.
const ScreenConfirm ScreenID = "confirm"

// confirmScreen asks one yes/no question. onYes runs only when the user
// confirms (it queues the write then, not when the dialog opens).
type confirmScreen struct {
	c      *Common
	title  string
	body   []string
	onYes  func() tea.Cmd
	w, h   int
	yes    key.Binding
	cancel key.Binding
}

func newConfirm(c *Common, title string, body []string, onYes func() tea.Cmd) *confirmScreen {
	return &confirmScreen{c: c, title: title, body: body, onYes: onYes,
		yes:    key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes, do it")),
		cancel: key.NewBinding(key.WithKeys("n", "N", "esc", "q"), key.WithHelp("n/esc", "cancel")),
	}
}

// ID implements Screen.
func (d *confirmScreen) ID() ScreenID { return ScreenConfirm }

// Title implements Screen.
func (d *confirmScreen) Title() string { return "Confirm" }

// Init implements Screen.
func (d *confirmScreen) Init() tea.Cmd { return nil }

// Resize implements Screen.
func (d *confirmScreen) Resize(w, h int) tea.Cmd { d.w, d.h = w, h; return nil }

// Captures implements Screen: a dialog takes every key, so a stray digit
// or q cannot navigate away with the question open.
func (d *confirmScreen) Captures(tea.KeyPressMsg) bool { return true }

// ShortHelp implements help.KeyMap.
func (d *confirmScreen) ShortHelp() []key.Binding { return []key.Binding{d.yes, d.cancel} }

// FullHelp implements help.KeyMap.
func (d *confirmScreen) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

// Update implements Screen.
func (d *confirmScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	m, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return d, nil
	}
	switch {
	case key.Matches(m, d.yes):
		return d, tea.Batch(Navigate(NavigateMsg{Pop: true}), d.onYes())
	case key.Matches(m, d.cancel):
		return d, Navigate(NavigateMsg{Pop: true})
	}
	return d, nil
}

// View implements Screen: a bordered box in the middle of the body.
func (d *confirmScreen) View() string {
	st := d.c.Styles
	inner := min(max(d.w-8, 20), 70)
	lines := []string{st.Danger.Bold(true).Render(ansi.Truncate(d.title, inner, "…")), ""}
	for _, l := range d.body {
		lines = append(lines, ansi.Wrap(model.CleanText(l), inner, " "))
	}
	lines = append(lines, "", st.Bold.Render("y")+st.Muted.Render(" yes   ")+st.Bold.Render("n")+st.Muted.Render("/esc no"))
	box := st.PaneFocused.Padding(0, 1).Width(inner + 4).Render(strings.Join(lines, "\n"))
	return lipgloss.Place(d.w, d.h, lipgloss.Center, lipgloss.Center, box)
}
