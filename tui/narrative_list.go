package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// ScreenNarratives is the list of control narratives (pushed from export).
const ScreenNarratives ScreenID = "narratives"

// openNarrative opens the narrative of the control under the walkthrough's
// cursor, for the subject being walked.
func (s *walkScreen) openNarrative() tea.Cmd {
	if s.c.Audit.Narratives == nil || s.c.Audit.ExportBundle == nil {
		return ShowStatus("Narrative editing needs an engagement file.", true)
	}
	it, ok := s.current()
	if !ok {
		return nil
	}
	return push(newNarrativeScreen(s.c, it.Control, it.Subject))
}

// narrativeRef is one control narrative for one subject.
type narrativeRef struct {
	ctl     *model.Control
	subject string
}

// narrativesLoadedMsg carries which narratives are edited.
type narrativesLoadedMsg struct {
	to     *narrativeList
	edited map[string]bool // model.ReviewKey(control, subject)
	err    error
}

// narrativeList lists every control narrative the export holds (each
// control for each subject walked), marking the edited ones; enter opens
// one in the narrative screen.
type narrativeList struct {
	c      *Common
	keys   narrativeListKeys
	w, h   int
	refs   []narrativeRef
	cur    int
	top    int
	edited map[string]bool
	err    error
	idW    int // width of the control id column
}

type narrativeListKeys struct{ Down, Up, Open key.Binding }

func newNarrativeList(c *Common) *narrativeList {
	l := &narrativeList{c: c, edited: map[string]bool{}, keys: narrativeListKeys{
		Down: key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("j/↓", "next")),
		Up:   key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("k/↑", "prev")),
		Open: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
	}}
	for _, r := range c.Session.Summary().Results {
		l.refs = append(l.refs, narrativeRef{ctl: r.Control, subject: r.Subject})
		l.idW = max(l.idW, min(len(model.CleanLine(r.Control.ID))+2, 26))
	}
	return l
}

// ID implements Screen.
func (l *narrativeList) ID() ScreenID { return ScreenNarratives }

// Title implements Screen.
func (l *narrativeList) Title() string { return "Control narratives" }

// Init implements Screen: re-read which narratives are edited each time
// the list is shown (an edit may have just been saved or reverted).
func (l *narrativeList) Init() tea.Cmd {
	store := l.c.Audit.Narratives
	if store == nil {
		return nil
	}
	to, ctxf := l, l.c.storeCtx
	return func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		list, err := store.Narratives(ctx)
		m := narrativesLoadedMsg{to: to, edited: map[string]bool{}, err: err}
		for _, n := range list {
			m.edited[n.Key()] = true
		}
		return m
	}
}

// Resize implements Screen.
func (l *narrativeList) Resize(w, h int) tea.Cmd { l.w, l.h = w, h; return nil }

// Captures implements Screen.
func (l *narrativeList) Captures(tea.KeyPressMsg) bool { return false }

// Update implements Screen.
func (l *narrativeList) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch m := msg.(type) {
	case narrativesLoadedMsg:
		if m.to == l {
			l.edited, l.err = m.edited, m.err
		}
	case narrativeSavedMsg:
		if m.err == nil {
			l.edited[model.ReviewKey(m.key.ControlID, m.key.Subject)] = !m.reverted
		}
	case tea.KeyPressMsg:
		switch {
		case len(l.refs) == 0:
		case key.Matches(m, l.keys.Down):
			l.cur = min(l.cur+1, len(l.refs)-1)
		case key.Matches(m, l.keys.Up):
			l.cur = max(l.cur-1, 0)
		case key.Matches(m, l.keys.Open):
			r := l.refs[l.cur]
			return l, push(newNarrativeScreen(l.c, r.ctl, r.subject))
		}
	}
	l.scroll()
	return l, nil
}

// scroll keeps the cursor among the rows shown under the title.
func (l *narrativeList) scroll() {
	rows := max(l.h-2, 1)
	if l.cur < l.top {
		l.top = l.cur
	} else if l.cur >= l.top+rows {
		l.top = l.cur - rows + 1
	}
}

// View implements Screen.
func (l *narrativeList) View() string {
	st := l.c.Styles
	n := 0
	for _, e := range l.edited {
		if e {
			n++
		}
	}
	lines := []string{st.Title.Render(" Control narratives") + st.Muted.Render(" — "+itoa(len(l.refs))+" walked, "+itoa(n)+" edited · enter opens")}
	if l.err != nil {
		lines = append(lines, st.Danger.Render(" "+model.CleanLine(l.err.Error())))
	}
	if len(l.refs) == 0 {
		lines = append(lines, st.Muted.Render(" No controls walked yet."))
	}
	rows := max(l.h-len(lines), 1)
	for i := l.top; i < len(l.refs) && i < l.top+rows; i++ {
		r := l.refs[i]
		mark := "          "
		if l.edited[model.ReviewKey(r.ctl.ID, r.subject)] {
			mark = " [edited] "
		}
		text := " " + audCell(model.CleanLine(r.ctl.ID), l.idW) + audCell(narrativeSubjectName(l.c.Session, r.subject), 18) +
			mark + model.CleanLine(r.ctl.Title)
		text = audCell(text, l.w)
		switch {
		case i == l.cur:
			text = st.Selected.Render(text)
		case strings.Contains(mark, "edited"):
			text = st.Warning.Render(text)
		}
		lines = append(lines, text)
	}
	return strings.Join(lines, "\n")
}

// ShortHelp implements help.KeyMap.
func (l *narrativeList) ShortHelp() []key.Binding {
	return []key.Binding{l.keys.Down, l.keys.Up, l.keys.Open}
}

// FullHelp implements help.KeyMap.
func (l *narrativeList) FullHelp() [][]key.Binding { return [][]key.Binding{l.ShortHelp()} }
