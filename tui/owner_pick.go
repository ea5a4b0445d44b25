package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// ownerPicker gives a control (or, on a per-system question, the AI
// system) to one of the engagement's control owners, or takes it away.
// Opened from the walkthrough with O.
type ownerPicker struct {
	c       *Common
	keys    pickKeys
	targets []assignTarget
	tgt     int
	cur     int // 0 is "nobody"; i>0 is owners()[i-1]
	w, h    int
}

type pickKeys struct {
	Down, Up, Target, Choose, Cancel key.Binding
}

func defaultPickKeys() pickKeys {
	return pickKeys{
		Down:   binding([]string{"j", "down"}, "j/↓", "next"),
		Up:     binding([]string{"k", "up"}, "k/↑", "prev"),
		Target: binding([]string{"tab"}, "tab", "control/system"),
		Choose: binding([]string{"enter"}, "enter", "assign"),
		Cancel: binding([]string{"esc"}, "esc", "cancel"),
	}
}

func newOwnerPicker(c *Common, targets []assignTarget) *ownerPicker {
	p := &ownerPicker{c: c, keys: defaultPickKeys(), targets: targets}
	p.selectCurrent()
	return p
}

// owners are the people who may own controls and systems.
func (p *ownerPicker) owners() []model.Person {
	var out []model.Person
	for _, x := range p.c.Acct.people {
		if x.Has(model.RoleControlOwner) {
			out = append(out, x)
		}
	}
	return out
}

// selectCurrent puts the cursor on the target's current owner.
func (p *ownerPicker) selectCurrent() {
	p.cur = 0
	cur := p.c.ownerOf(p.targets[p.tgt])
	for i, o := range p.owners() {
		if strings.EqualFold(o.Name, cur) {
			p.cur = i + 1
		}
	}
}

// ID implements Screen.
func (p *ownerPicker) ID() ScreenID { return "owner-picker" }

// Title implements Screen.
func (p *ownerPicker) Title() string { return "Assign an owner" }

// Init implements Screen.
func (p *ownerPicker) Init() tea.Cmd { return nil }

// Resize implements Screen.
func (p *ownerPicker) Resize(w, h int) tea.Cmd { p.w, p.h = w, h; return nil }

// Captures implements Screen: tab and digits belong to the picker.
func (p *ownerPicker) Captures(m tea.KeyPressMsg) bool { return m.String() != "esc" }

// ShortHelp implements help.KeyMap.
func (p *ownerPicker) ShortHelp() []key.Binding {
	k := p.keys
	k.Target.SetEnabled(len(p.targets) > 1)
	return []key.Binding{k.Choose, k.Down, k.Up, k.Target, k.Cancel}
}

// FullHelp implements help.KeyMap.
func (p *ownerPicker) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

// Update implements Screen.
func (p *ownerPicker) Update(msg tea.Msg) (Screen, tea.Cmd) {
	m, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return p, nil
	}
	k := p.keys
	switch {
	case key.Matches(m, k.Cancel):
		return p, Navigate(NavigateMsg{Pop: true})
	case key.Matches(m, k.Down):
		p.cur = min(p.cur+1, len(p.owners()))
	case key.Matches(m, k.Up):
		p.cur = max(p.cur-1, 0)
	case key.Matches(m, k.Target):
		p.tgt = (p.tgt + 1) % len(p.targets)
		p.selectCurrent()
	case key.Matches(m, k.Choose):
		return p, p.choose()
	}
	return p, nil
}

// choose checks the actor may assign (an assessor) and queues it.
func (p *ownerPicker) choose() tea.Cmd {
	t := p.targets[p.tgt]
	if _, err := p.c.Acct.people.Require(p.c.Actor, model.RoleAssessor, "assign owners"); err != nil {
		return ShowStatus(err.Error(), true)
	}
	owner := ""
	if p.cur > 0 {
		owner = p.owners()[p.cur-1].Name
	}
	if strings.EqualFold(owner, p.c.ownerOf(t)) {
		return Navigate(NavigateMsg{Pop: true})
	}
	return tea.Batch(p.c.assignOwner(t, owner), Navigate(NavigateMsg{Pop: true}))
}

// View implements Screen.
func (p *ownerPicker) View() string {
	st := p.c.Styles
	w := p.w
	t := p.targets[p.tgt]
	lines := []string{st.Title.Render(ansi.Truncate(" Owner of "+t.label, w, "…"))}
	if len(p.targets) > 1 {
		var names []string
		for i, x := range p.targets {
			if i == p.tgt {
				names = append(names, st.Accent.Render("["+model.CleanLine(x.label)+"]"))
			} else {
				names = append(names, st.Muted.Render(model.CleanLine(x.label)))
			}
		}
		lines = append(lines, " "+strings.Join(names, "  ")+st.Muted.Render("  (tab switches)"))
	}
	cur := p.c.ownerOf(t)
	lines = append(lines, st.Muted.Render(" now: "+orText(model.CleanLine(cur), "nobody")), "")
	opts := []string{"nobody (remove the owner)"}
	for _, o := range p.owners() {
		opts = append(opts, model.CleanLine(o.Name)+"  "+st.Muted.Render(strings.Join(p.c.ownsLabel(o.Name), ", ")))
	}
	for i, o := range opts {
		row := "   " + o
		if i == p.cur {
			row = st.Selected.Render(" ▸ " + ansi.Strip(o))
		}
		lines = append(lines, ansi.Truncate(row, w, "…"))
	}
	if len(opts) == 1 {
		lines = append(lines, "", st.Muted.Render(ansi.Truncate(" Nobody has the control-owner role yet: add owners on the people screen (8, n).", w, "…")))
	}
	return strings.Join(lines, "\n")
}
