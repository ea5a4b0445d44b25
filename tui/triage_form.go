package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// ScreenForm is the id of the triage forms (decisions, tasks, responses).
const ScreenForm ScreenID = "form"

// formField is one labelled field: a single-line text input, or a choice
// among fixed options cycled with ←/→.
type formField struct {
	id      string
	label   string
	hint    string
	input   textinput.Model
	options []string // a choice field when non-nil
	choice  int
}

func (f *formField) value() string {
	if f.options != nil {
		return f.options[f.choice]
	}
	return strings.TrimSpace(f.input.Value())
}

// formValues are the submitted values by field id.
type formValues map[string]string

// submitFunc validates the values in memory (pure model calls) and returns
// either the message to show beside the form, or the save command. token
// identifies the save's result message.
type submitFunc func(v formValues, token int) (tea.Cmd, string)

// doneFunc runs when the save this form started succeeded (after the form
// is popped); it may return a follow-up command, such as opening the saved
// exception.
type doneFunc func(triageResult) tea.Cmd

// formScreen is a small pushed form used by every triage edit. It stays open
// until the store confirms the save, so nothing typed is lost on an error:
// the store's message shows under the fields and the user can fix and retry.
type formScreen struct {
	c      *Common
	title  string
	intro  []string
	fields []formField
	focus  int
	err    string
	submit submitFunc
	done   doneFunc
	keys   formKeys

	saving bool
	token  int
	w, h   int
}

type formKeys struct {
	Next, Prev, Choice, Submit, Save, Cancel key.Binding
}

func defaultFormKeys() formKeys {
	return formKeys{
		Next:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", "prev")),
		Choice: key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "choose")),
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next")),
		Save:   key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

func newForm(c *Common, title string, submit submitFunc) *formScreen {
	return &formScreen{c: c, title: title, submit: submit, keys: defaultFormKeys()}
}

// text adds a text field with an initial value (stored text, cleaned: a
// textinput renders its value as is).
func (f *formScreen) text(id, label, value, hint string) *formScreen {
	in := textinput.New()
	in.SetValue(model.CleanLine(value))
	in.CharLimit = 2000
	st := textinput.DefaultStyles(f.c.Styles.IsDark)
	st.Cursor.Blink = false
	in.SetStyles(st)
	f.fields = append(f.fields, formField{id: id, label: label, hint: hint, input: in})
	return f
}

// choice adds a choice field with value selected (the first option when
// value is not among them).
func (f *formScreen) choice(id, label string, options []string, value, hint string) *formScreen {
	i := max(slices.Index(options, value), 0)
	f.fields = append(f.fields, formField{id: id, label: label, hint: hint, options: options, choice: i})
	return f
}

// note adds lines of context shown above the fields.
func (f *formScreen) note(lines ...string) *formScreen {
	f.intro = append(f.intro, lines...)
	return f
}

// then sets what happens once the save succeeded.
func (f *formScreen) then(d doneFunc) *formScreen { f.done = d; return f }

// ID implements Screen.
func (f *formScreen) ID() ScreenID { return ScreenForm }

// Title implements Screen.
func (f *formScreen) Title() string { return f.title }

// Init implements Screen: focus the first field.
func (f *formScreen) Init() tea.Cmd { return f.setFocus(f.focus) }

// Resize implements Screen.
func (f *formScreen) Resize(w, h int) tea.Cmd {
	f.w, f.h = w, h
	for i := range f.fields {
		f.fields[i].input.SetWidth(max(w-formLabelW-6, 10))
	}
	return nil
}

// formLabelW is the label column's width.
const formLabelW = 22

// Captures implements Screen: a form takes every key (it has text inputs).
func (f *formScreen) Captures(tea.KeyPressMsg) bool { return true }

// ShortHelp implements help.KeyMap.
func (f *formScreen) ShortHelp() []key.Binding {
	k := f.keys
	out := []key.Binding{k.Save, k.Cancel}
	if f.focus < len(f.fields) && f.fields[f.focus].options != nil {
		out = append(out, k.Choice)
	}
	return append(out, k.Submit, k.Next, k.Prev)
}

// FullHelp implements help.KeyMap.
func (f *formScreen) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

func (f *formScreen) setFocus(i int) tea.Cmd {
	if len(f.fields) == 0 {
		return nil
	}
	f.focus = (i%len(f.fields) + len(f.fields)) % len(f.fields)
	var cmd tea.Cmd
	for j := range f.fields {
		if j == f.focus && f.fields[j].options == nil {
			cmd = f.fields[j].input.Focus()
		} else {
			f.fields[j].input.Blur()
		}
	}
	return cmd
}

// Update implements Screen.
func (f *formScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		return f, f.handleKey(m)
	case tea.PasteMsg:
		if fl := &f.fields[f.focus]; fl.options == nil && !f.saving {
			var cmd tea.Cmd
			fl.input, cmd = fl.input.Update(tea.PasteMsg{Content: model.CleanLine(m.Content)})
			return f, cmd
		}
	case triageResult:
		if !f.saving || m.resultToken() != f.token {
			return f, nil
		}
		f.saving = false
		if err := m.resultErr(); err != nil {
			f.err = "Not saved: " + err.Error()
			return f, nil
		}
		cmds := []tea.Cmd{Navigate(NavigateMsg{Pop: true})}
		if f.done != nil {
			cmds = append(cmds, f.done(m))
		}
		return f, tea.Sequence(cmds...)
	}
	return f, nil
}

func (f *formScreen) handleKey(m tea.KeyPressMsg) tea.Cmd {
	k := f.keys
	if key.Matches(m, k.Cancel) {
		return Navigate(NavigateMsg{Pop: true})
	}
	if f.saving || len(f.fields) == 0 {
		return nil
	}
	fl := &f.fields[f.focus]
	switch {
	case key.Matches(m, k.Save):
		return f.trySubmit()
	case key.Matches(m, k.Submit):
		if f.focus == len(f.fields)-1 {
			return f.trySubmit()
		}
		return f.setFocus(f.focus + 1)
	case key.Matches(m, k.Next):
		return f.setFocus(f.focus + 1)
	case key.Matches(m, k.Prev):
		return f.setFocus(f.focus - 1)
	case fl.options != nil:
		switch m.String() {
		case "left":
			fl.choice = (fl.choice + len(fl.options) - 1) % len(fl.options)
		case "right", "space":
			fl.choice = (fl.choice + 1) % len(fl.options)
		default:
			fl.choice = jumpToLetter(fl.options, fl.choice, m.Text)
		}
		return nil
	}
	var cmd tea.Cmd
	fl.input, cmd = fl.input.Update(m)
	return cmd
}

func (f *formScreen) trySubmit() tea.Cmd {
	v := formValues{}
	for i := range f.fields {
		v[f.fields[i].id] = f.fields[i].value()
	}
	token := f.c.Triage.nextToken()
	cmd, problem := f.submit(v, token)
	if problem != "" {
		f.err = problem
		return nil
	}
	f.err, f.saving, f.token = "", true, token
	return cmd
}

// View implements Screen.
func (f *formScreen) View() string {
	st := f.c.Styles
	w := f.w
	lines := []string{st.Title.Render(" " + ansi.Truncate(model.CleanLine(f.title), max(w-2, 1), "…")), ""}
	for _, l := range f.intro {
		lines = append(lines, wrapLines(model.CleanLine(l), w, st.Muted)...)
	}
	if len(f.intro) > 0 {
		lines = append(lines, "")
	}
	for i := range f.fields {
		lines = append(lines, f.fieldLine(i))
		if fl := f.fields[i]; fl.hint != "" && i == f.focus {
			lines = append(lines, st.Muted.Render(ansi.Truncate(strings.Repeat(" ", formLabelW+4)+fl.hint, w, "…")))
		}
	}
	lines = append(lines, "")
	switch {
	case f.saving:
		lines = append(lines, st.Warning.Render(" saving…"))
	case f.err != "":
		lines = append(lines, wrapLines("✗ "+model.CleanLine(f.err), w, st.Danger)...)
	}
	return strings.Join(lines, "\n")
}

func (f *formScreen) fieldLine(i int) string {
	st := f.c.Styles
	fl := f.fields[i]
	label := ansi.Truncate(fl.label, formLabelW, "…")
	label += strings.Repeat(" ", max(formLabelW-lipgloss.Width(label), 0))
	mark := "  "
	if i == f.focus {
		mark = st.Accent.Render("▸ ")
		label = st.Bold.Render(label)
	} else {
		label = st.Muted.Render(label)
	}
	var val string
	if fl.options != nil {
		val = "‹ " + fl.options[fl.choice] + " ›"
		if i == f.focus {
			val = st.Selected.Render(val)
		}
	} else {
		val = fl.input.View()
	}
	return " " + mark + label + " " + val
}

// wrapLines word-wraps text to width w, indents every line by one column
// and styles it.
func wrapLines(text string, w int, style lipgloss.Style) []string {
	wrapped := ansi.Wordwrap(strings.TrimSpace(text), max(w-2, 10), " ")
	out := strings.Split(wrapped, "\n")
	for i, l := range out {
		out[i] = style.Render(ansi.Truncate(" "+l, w, "…"))
	}
	return out
}

// jumpToLetter returns the next option after cur starting with text (a
// typed letter), or cur when none does.
func jumpToLetter(options []string, cur int, text string) int {
	if text == "" {
		return cur
	}
	for d := 1; d <= len(options); d++ {
		i := (cur + d) % len(options)
		if strings.HasPrefix(strings.ToLower(options[i]), strings.ToLower(text)) {
			return i
		}
	}
	return cur
}
