package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// ScreenEvidenceAttach is the id of the attach form.
const ScreenEvidenceAttach ScreenID = "evidence-attach"

// The attach form's fields, in order.
const (
	attachPath = iota
	attachEffective
	attachRetention
	attachRefOnly
	attachNote
	attachFields
)

// evidenceForm attaches a file to one target: an answer, a system, a vendor
// or an exception. The path completes with tab (completePathCmd, shared with
// import). The attach runs in a queued command, since hashing a large file
// takes a while; the form stays open until the store answers, so a refusal
// shows under the fields and the user can fix the path and retry.
type evidenceForm struct {
	c       *Common
	target  string // as model.ParseEvidenceTarget reads it
	label   string // for people
	inputs  [attachFields]textinput.Model
	refOnly bool
	focus   int
	hint    string
	err     string
	saving  bool
	token   int
	w, h    int
	keys    evidenceFormKeys
}

type evidenceFormKeys struct {
	Complete, Next, Prev, Toggle, Submit, Save, Cancel key.Binding
}

func newEvidenceForm(c *Common, target, label string) *evidenceForm {
	f := &evidenceForm{c: c, target: target, label: label, keys: evidenceFormKeys{
		Complete: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete path")),
		Next:     key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("↓/tab", "next")),
		Prev:     key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("↑", "prev")),
		Toggle:   key.NewBinding(key.WithKeys("space", "left", "right"), key.WithHelp("space", "toggle")),
		Submit:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next")),
		Save:     key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "attach")),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}}
	placeholders := [attachFields]string{
		attachPath: "path/to/file (tab completes)", attachEffective: "YYYY-MM-DD (optional)",
		attachRetention: "YYYY-MM-DD (optional)", attachNote: "what it shows (optional)",
	}
	st := textinput.DefaultStyles(c.Styles.IsDark)
	st.Cursor.Blink = false
	for i := range f.inputs {
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = placeholders[i]
		in.CharLimit = 4096
		in.SetStyles(st)
		f.inputs[i] = in
	}
	return f
}

// attachTo opens the attach form for target, or says why it cannot.
func (c *Common) attachTo(target model.EvidenceTarget) tea.Cmd {
	if !c.Evidence.canAttach() {
		return ShowStatus("Evidence needs an engagement file (or use auditwalk evidence attach).", true)
	}
	return push(newEvidenceForm(c, target.String(), c.evidenceTargetLabel(target)))
}

// ID implements Screen.
func (f *evidenceForm) ID() ScreenID { return ScreenEvidenceAttach }

// Title implements Screen.
func (f *evidenceForm) Title() string { return "Attach evidence" }

// Init implements Screen.
func (f *evidenceForm) Init() tea.Cmd { return f.setFocus(f.focus) }

// Resize implements Screen.
func (f *evidenceForm) Resize(w, h int) tea.Cmd {
	f.w, f.h = w, h
	for i := range f.inputs {
		f.inputs[i].SetWidth(max(w-formLabelW-8, 10))
	}
	return nil
}

// Captures implements Screen: the form has text inputs.
func (f *evidenceForm) Captures(tea.KeyPressMsg) bool { return true }

// ShortHelp implements help.KeyMap.
func (f *evidenceForm) ShortHelp() []key.Binding {
	k := f.keys
	out := []key.Binding{k.Save, k.Cancel}
	next := k.Next
	switch f.focus {
	case attachPath:
		// tab completes here, so only ↓ moves on.
		out = append(out, k.Complete)
		next.SetHelp("↓", "next")
	case attachRefOnly:
		out = append(out, k.Toggle)
	}
	return append(out, k.Submit, next, k.Prev)
}

// FullHelp implements help.KeyMap.
func (f *evidenceForm) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

func (f *evidenceForm) setFocus(i int) tea.Cmd {
	f.focus = (i%attachFields + attachFields) % attachFields
	var cmd tea.Cmd
	for j := range f.inputs {
		if j == f.focus && j != attachRefOnly {
			cmd = f.inputs[j].Focus()
		} else {
			f.inputs[j].Blur()
		}
	}
	return cmd
}

// Update implements Screen.
func (f *evidenceForm) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		return f, f.handleKey(m)
	case tea.PasteMsg:
		if f.focus != attachRefOnly && !f.saving {
			var cmd tea.Cmd
			f.inputs[f.focus], cmd = f.inputs[f.focus].Update(tea.PasteMsg{Content: model.CleanLine(m.Content)})
			return f, cmd
		}
	case pathCompletedMsg:
		if in := &f.inputs[attachPath]; m.from == in.Value() {
			in.SetValue(m.to)
			in.CursorEnd()
			f.hint = model.CleanLine(m.hint)
		}
	case EvidenceAttachedMsg:
		if !f.saving || m.Token != f.token {
			return f, nil
		}
		f.saving = false
		if m.Err != nil {
			f.err = "Not attached: " + oneLine(m.Err)
			return f, nil
		}
		return f, Navigate(NavigateMsg{Pop: true})
	}
	return f, nil
}

func (f *evidenceForm) handleKey(m tea.KeyPressMsg) tea.Cmd {
	k := f.keys
	if key.Matches(m, k.Cancel) {
		return Navigate(NavigateMsg{Pop: true})
	}
	if f.saving {
		return nil
	}
	switch {
	case key.Matches(m, k.Save):
		return f.submit()
	case f.focus == attachPath && key.Matches(m, k.Complete):
		if v := f.inputs[attachPath].Value(); v != "" {
			return completePathCmd(v)
		}
		return nil
	case key.Matches(m, k.Submit):
		if f.focus == attachFields-1 {
			return f.submit()
		}
		return f.setFocus(f.focus + 1)
	case key.Matches(m, k.Next):
		return f.setFocus(f.focus + 1)
	case key.Matches(m, k.Prev):
		return f.setFocus(f.focus - 1)
	case f.focus == attachRefOnly:
		switch m.String() {
		case "space", "left", "right", "y", "n":
			f.refOnly = m.String() == "y" || (m.String() != "n" && !f.refOnly)
		}
		return nil
	}
	if f.focus == attachPath {
		f.hint = ""
	}
	var cmd tea.Cmd
	f.inputs[f.focus], cmd = f.inputs[f.focus].Update(m)
	return cmd
}

// submit checks the form in memory and queues the attach.
func (f *evidenceForm) submit() tea.Cmd {
	path := strings.TrimSpace(f.inputs[attachPath].Value())
	if path == "" {
		f.err = "Name the file to attach."
		return f.setFocus(attachPath)
	}
	var dates [2]model.Date
	for i, fi := range []int{attachEffective, attachRetention} {
		d, err := model.ParseDate(f.inputs[fi].Value())
		if err != nil {
			f.err = err.Error()
			return f.setFocus(fi)
		}
		dates[i] = d
	}
	if err := (model.Evidence{EffectiveDate: dates[0], RetentionDate: dates[1]}).Validate(); err != nil {
		f.err = err.Error()
		return nil
	}
	opts := EvidenceAttachOptions{EffectiveDate: dates[0], Retention: dates[1], ReferenceOnly: f.refOnly,
		Note: strings.TrimSpace(f.inputs[attachNote].Value())}
	f.c.Evidence.token++
	f.token, f.saving, f.err = f.c.Evidence.token, true, ""
	return f.c.attachEvidence(f.token, f.target, path, opts)
}

// View implements Screen.
func (f *evidenceForm) View() string {
	st := f.c.Styles
	w := f.w
	lines := []string{st.Title.Render(ansi.Truncate(" Attach evidence to "+model.CleanLine(f.label), max(w, 1), "…")), ""}
	lines = append(lines, wrapLines("Files up to 25 MB are stored in the engagement file, so it travels as one package; "+
		"larger files, or reference-only ones (evidence that may not leave the client's site), keep the path and SHA-256.",
		w, st.Muted)...)
	lines = append(lines, "")
	labels := [attachFields]string{"File", "Effective date", "Retain until", "Reference only", "Note"}
	hints := [attachFields]string{
		attachEffective: "the date it speaks for (may differ from when it was collected)",
		attachRetention: "when it may be deleted",
		attachRefOnly:   "space toggles: keep only the path and hash",
	}
	for i := range attachFields {
		lines = append(lines, f.fieldLine(i, labels[i]))
		hint, show := hints[i], i == f.focus
		if i == attachPath {
			hint, show = f.hint, true // completion candidates stay listed
		}
		if show && hint != "" {
			lines = append(lines, st.Muted.Render(ansi.Truncate(strings.Repeat(" ", formLabelW+4)+hint, w, "…")))
		}
	}
	lines = append(lines, "")
	switch {
	case f.saving:
		lines = append(lines, st.Warning.Render(" hashing and attaching…"))
	case f.err != "":
		lines = append(lines, wrapLines("✗ "+model.CleanLine(f.err), w, st.Danger)...)
	}
	return strings.Join(lines, "\n")
}

func (f *evidenceForm) fieldLine(i int, label string) string {
	st := f.c.Styles
	label += strings.Repeat(" ", max(formLabelW-lipgloss.Width(label), 0))
	mark := "  "
	if i == f.focus {
		mark = st.Accent.Render("▸ ")
		label = st.Bold.Render(label)
	} else {
		label = st.Muted.Render(label)
	}
	val := f.inputs[i].View()
	if i == attachRefOnly {
		val = "‹ no ›"
		if f.refOnly {
			val = "‹ yes ›"
		}
		if i == f.focus {
			val = st.Selected.Render(val)
		}
	}
	return " " + mark + label + " " + val
}
