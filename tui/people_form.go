package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// personForm adds a person or changes one's email and roles. It checks
// the person (model.Person.Validate, ParseRoles) and the actor's right to
// manage people before queuing the save; the store checks again.
type personForm struct {
	c      *Common
	keys   personFormKeys
	inputs [3]textinput.Model
	focus  int
	edit   bool
	err    string
	w, h   int
}

const (
	fieldName = iota
	fieldEmail
	fieldRoles
)

type personFormKeys struct {
	Next, Prev, Save, Cancel key.Binding
}

func defaultPersonFormKeys() personFormKeys {
	return personFormKeys{
		Next:   key.NewBinding(key.WithKeys("tab", "down", "enter"), key.WithHelp("tab", "next field")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", "prev")),
		Save:   key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

func newPersonForm(c *Common, p model.Person, edit bool) *personForm {
	f := &personForm{c: c, keys: defaultPersonFormKeys(), edit: edit}
	ph := []string{"name (no commas or @)", "name@example.com (optional)", "assessor, control-owner, reviewer"}
	vals := []string{p.Name, p.Email, p.RoleList()}
	is := textinput.DefaultStyles(c.Styles.IsDark)
	is.Cursor.Blink = false
	for i := range f.inputs {
		in := textinput.New()
		in.Placeholder = ph[i]
		in.CharLimit = 120
		in.SetStyles(is)
		in.SetValue(vals[i])
		f.inputs[i] = in
	}
	if edit {
		f.focus = fieldEmail
	}
	f.inputs[f.focus].Focus()
	return f
}

// ID implements Screen.
func (f *personForm) ID() ScreenID { return "person-form" }

// Title implements Screen.
func (f *personForm) Title() string { return "Person" }

// Init implements Screen.
func (f *personForm) Init() tea.Cmd { return nil }

// Resize implements Screen.
func (f *personForm) Resize(w, h int) tea.Cmd {
	f.w, f.h = w, h
	for i := range f.inputs {
		f.inputs[i].SetWidth(min(max(w-20, 10), 60))
	}
	return nil
}

// Captures implements Screen: the inputs take every key.
func (f *personForm) Captures(tea.KeyPressMsg) bool { return true }

// ShortHelp implements help.KeyMap.
func (f *personForm) ShortHelp() []key.Binding {
	return []key.Binding{f.keys.Save, f.keys.Next, f.keys.Prev, f.keys.Cancel}
}

// FullHelp implements help.KeyMap.
func (f *personForm) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

// Update implements Screen.
func (f *personForm) Update(msg tea.Msg) (Screen, tea.Cmd) {
	var cmd tea.Cmd
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(m, f.keys.Cancel):
			return f, Navigate(NavigateMsg{Pop: true})
		case key.Matches(m, f.keys.Save), m.String() == "enter" && f.focus == fieldRoles:
			return f, f.save()
		case key.Matches(m, f.keys.Next):
			f.move(1)
			return f, nil
		case key.Matches(m, f.keys.Prev):
			f.move(-1)
			return f, nil
		}
		f.inputs[f.focus], cmd = f.inputs[f.focus].Update(m)
		f.err = ""
	case tea.PasteMsg:
		f.inputs[f.focus], cmd = f.inputs[f.focus].Update(m)
	}
	return f, cmd
}

func (f *personForm) move(d int) {
	f.inputs[f.focus].Blur()
	lo := 0
	if f.edit {
		lo = fieldEmail // a person's name is their key
	}
	f.focus = min(max(f.focus+d, lo), fieldRoles)
	f.inputs[f.focus].Focus()
}

// person reads the form into a Person and checks it.
func (f *personForm) person() (model.Person, error) {
	roles, err := model.ParseRoles(f.inputs[fieldRoles].Value())
	if err != nil {
		return model.Person{}, err
	}
	p := model.Person{Name: strings.TrimSpace(f.inputs[fieldName].Value()),
		Email: strings.TrimSpace(f.inputs[fieldEmail].Value()), Roles: roles}
	if err := p.Validate(); err != nil {
		return p, err
	}
	return p, f.c.Acct.people.CanManagePeople(f.c.Actor)
}

func (f *personForm) save() tea.Cmd {
	p, err := f.person()
	if err != nil {
		f.err = err.Error()
		return nil
	}
	return tea.Batch(f.c.savePerson(p), Navigate(NavigateMsg{Pop: true}))
}

// View implements Screen.
func (f *personForm) View() string {
	st := f.c.Styles
	title := " Add a person"
	if f.edit {
		title = " Change " + model.CleanLine(f.inputs[fieldName].Value())
	}
	labels := []string{"Name", "Email", "Roles"}
	lines := []string{st.Title.Render(title), ""}
	for i, in := range f.inputs {
		label := pad(" "+labels[i], 9)
		if i == f.focus {
			label = st.Accent.Render(label)
		}
		lines = append(lines, label+" "+in.View())
	}
	lines = append(lines, "",
		st.Muted.Render(ansi.Truncate(" Roles: assessor (runs the engagement, adds people, assigns), control-owner", f.w, "…")),
		st.Muted.Render(ansi.Truncate(" (answers and attests to what they own), reviewer (approves others' answers).", f.w, "…")))
	if f.err != "" {
		lines = append(lines, "", st.Danger.Render(ansi.Truncate(" "+model.CleanLine(f.err), f.w, "…")))
	}
	return strings.Join(lines, "\n")
}
