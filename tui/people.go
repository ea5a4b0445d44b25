package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// peopleScreen lists the engagement's people with their roles and what
// they own, and the selected person's progress over what they own. It is
// tab 8 (g p).
type peopleScreen struct {
	c    *Common
	keys peopleKeys
	cur  int
	w, h int
}

type peopleKeys struct {
	Down, Up, Add, Edit, Identity, Reload key.Binding
}

func defaultPeopleKeys() peopleKeys {
	return peopleKeys{
		Down:     binding([]string{"j", "down"}, "j/↓", "next"),
		Up:       binding([]string{"k", "up"}, "k/↑", "prev"),
		Add:      binding([]string{"n"}, "n", "add person"),
		Edit:     binding([]string{"e", "enter"}, "e", "edit"),
		Identity: binding([]string{"I"}, "I", "I am…"),
		Reload:   binding([]string{"r"}, "r", "reload"),
	}
}

func newPeopleScreen(c *Common) *peopleScreen {
	return &peopleScreen{c: c, keys: defaultPeopleKeys()}
}

// ID implements Screen.
func (s *peopleScreen) ID() ScreenID { return ScreenPeople }

// Title implements Screen.
func (s *peopleScreen) Title() string { return "People" }

// Init implements Screen: every visit reloads, so merges and other
// laptops' packets show.
func (s *peopleScreen) Init() tea.Cmd { return s.c.loadAcct() }

// Resize implements Screen.
func (s *peopleScreen) Resize(w, h int) tea.Cmd { s.w, s.h = w, h; return nil }

// Captures implements Screen.
func (s *peopleScreen) Captures(tea.KeyPressMsg) bool { return false }

// ShortHelp implements help.KeyMap.
func (s *peopleScreen) ShortHelp() []key.Binding {
	k := s.keys
	return []key.Binding{k.Add, k.Edit, k.Identity, k.Down, k.Up, k.Reload}
}

// FullHelp implements help.KeyMap.
func (s *peopleScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// Update implements Screen.
func (s *peopleScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch m := msg.(type) {
	case acctLoadedMsg:
		s.cur = min(s.cur, max(len(s.c.Acct.people)-1, 0))
	case tea.KeyPressMsg:
		return s, s.handleKey(m)
	}
	return s, nil
}

func (s *peopleScreen) handleKey(m tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	n := len(s.c.Acct.people)
	switch {
	case !s.c.Acct.available():
		return nil
	case key.Matches(m, k.Down):
		s.cur = min(s.cur+1, max(n-1, 0))
	case key.Matches(m, k.Up):
		s.cur = max(s.cur-1, 0)
	case key.Matches(m, k.Add):
		return Navigate(NavigateMsg{Push: newPersonForm(s.c, model.Person{}, false)})
	case key.Matches(m, k.Edit):
		if n == 0 {
			return Navigate(NavigateMsg{Push: newPersonForm(s.c, model.Person{}, false)})
		}
		return Navigate(NavigateMsg{Push: newPersonForm(s.c, s.c.Acct.people[s.cur], true)})
	case key.Matches(m, k.Identity):
		return Navigate(NavigateMsg{Push: newIdentityScreen(s.c)})
	case key.Matches(m, k.Reload):
		return s.c.loadAcct()
	}
	return nil
}

// View implements Screen.
func (s *peopleScreen) View() string {
	st := s.c.Styles
	w := s.w
	t := s.c.Acct
	lines := []string{st.Title.Render(ansi.Truncate(" People · you are "+s.c.meLabel(), w, "…"))}
	switch {
	case !t.available():
		return strings.Join(append(lines, st.Muted.Render(" No engagement store: people are not available here.")), "\n")
	case t.loadErr != nil:
		lines = append(lines, st.Danger.Render(ansi.Truncate(" Could not load people: "+model.CleanLine(t.loadErr.Error()), w, "…")))
	case len(t.people) == 0:
		lines = append(lines, "",
			st.Muted.Render(ansi.Truncate(" No people yet. Press n to add the first assessor (you, probably), then owners and reviewers.", w, "…")))
		return strings.Join(lines, "\n")
	}
	nameW, roleW := min(max(w/5, 12), 24), min(max(w/4, 16), 36)
	ownW := max(w-nameW-roleW-4, 8)
	lines = append(lines, st.Muted.Render(" "+pad("NAME", nameW)+" "+pad("ROLES", roleW)+" "+pad("OWNS", ownW)))
	listH := max(min(len(t.people), s.h/2-2), 1)
	start := min(max(s.cur-listH/2, 0), max(len(t.people)-listH, 0))
	for i := start; i < len(t.people) && i < start+listH; i++ {
		p := t.people[i]
		owns := strings.Join(s.c.ownsLabel(p.Name), ", ")
		row := pad(model.CleanLine(p.Name), nameW) + " " + pad(orText(p.RoleList(), "—"), roleW) + " " +
			ansi.Truncate(orText(owns, "—"), ownW, "…")
		if i == s.cur {
			lines = append(lines, st.Selected.Render("▸"+pad(row, w-1)))
		} else {
			lines = append(lines, " "+row)
		}
	}
	lines = append(lines, "")
	if s.cur < len(t.people) {
		lines = append(lines, s.detailLines(t.people[s.cur], s.h-len(lines))...)
	}
	return strings.Join(lines, "\n")
}

// detailLines are the selected person's email and progress per owned
// control (model.OwnerItems / OwnerProgress).
func (s *peopleScreen) detailLines(p model.Person, room int) []string {
	st := s.c.Styles
	w := s.w
	head := " " + model.CleanLine(p.Name)
	if p.Email != "" {
		head += " · " + model.CleanLine(p.Email)
	}
	items := model.OwnerItems(s.c.Session.Items(), s.c.Acct.assign, p.Name)
	lines := []string{st.Subtitle.Render(ansi.Truncate(head, w, "…"))}
	if len(items) == 0 {
		hint := " Owns nothing yet."
		if p.Has(model.RoleControlOwner) {
			hint += " Assign controls from the walkthrough: O on a control."
		}
		return append(lines, st.Muted.Render(ansi.Truncate(hint, w, "…")))
	}
	prog := model.OwnerProgress(items, s.c.Session.answers)
	lines = append(lines, " "+progressBar(st, min(20, max(w/6, 6)), float64(prog.Percent())/100)+" "+progressLabel(prog))
	for i, cp := range prog.Controls {
		if len(lines) >= room {
			lines = append(lines[:len(lines)-1], st.Muted.Render(fmt.Sprintf("   … %d more", len(prog.Controls)-i+1)))
			break
		}
		label := model.CleanLine(cp.Control.ID)
		if cp.System != nil {
			label += " · " + model.CleanLine(cp.System.Name)
		}
		text := fmt.Sprintf("   %-5s %s  %s", fmt.Sprintf("%d/%d", cp.Answered, cp.Asked), label, st.Muted.Render(model.CleanLine(cp.Control.Title)))
		lines = append(lines, ansi.Truncate(text, w, "…"))
	}
	return lines
}
