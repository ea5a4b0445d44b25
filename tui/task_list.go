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

// ScreenMyTasks is the "my tasks" page's id.
const ScreenMyTasks ScreenID = "my-tasks"

// myTasksScreen lists the remediation tasks owned by the current actor,
// open and overdue first (model.MyTasks); overdue ones are marked OVERDUE
// as well as coloured, so the mark survives NO_COLOR.
type myTasksScreen struct {
	c    *Common
	keys myTasksKeys
	w, h int

	list   []model.RemediationTask
	rev    int
	cursor int
	offset int
}

type myTasksKeys struct {
	Down, Up, Open, Edit, Status key.Binding
}

func defaultMyTasksKeys() myTasksKeys {
	return myTasksKeys{
		Down:   key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("j/↓", "next")),
		Up:     key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("k/↑", "prev")),
		Open:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open exception")),
		Edit:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit task")),
		Status: key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "task status")),
	}
}

func newMyTasksScreen(c *Common) *myTasksScreen {
	return &myTasksScreen{c: c, keys: defaultMyTasksKeys(), rev: -1}
}

// ID implements Screen.
func (s *myTasksScreen) ID() ScreenID { return ScreenMyTasks }

// Title implements Screen.
func (s *myTasksScreen) Title() string { return "My tasks" }

// Init implements Screen.
func (s *myTasksScreen) Init() tea.Cmd {
	if !s.c.Triage.loaded {
		return s.c.loadTriage()
	}
	return nil
}

// Resize implements Screen.
func (s *myTasksScreen) Resize(w, h int) tea.Cmd { s.w, s.h = w, h; return nil }

// Captures implements Screen.
func (s *myTasksScreen) Captures(tea.KeyPressMsg) bool { return false }

// ShortHelp implements help.KeyMap.
func (s *myTasksScreen) ShortHelp() []key.Binding {
	k := s.keys
	return []key.Binding{k.Open, k.Edit, k.Status, k.Down, k.Up}
}

// FullHelp implements help.KeyMap.
func (s *myTasksScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *myTasksScreen) refresh() {
	t := s.c.Triage
	if s.rev == t.rev {
		return
	}
	s.list = model.MyTasks(t.tasks, s.c.actor(), s.c.Now())
	s.rev = t.rev
	s.cursor = min(s.cursor, max(len(s.list)-1, 0))
}

// Update implements Screen.
func (s *myTasksScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	m, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	s.refresh()
	k := s.keys
	switch {
	case key.Matches(m, k.Down):
		s.cursor = min(s.cursor+1, max(len(s.list)-1, 0))
	case key.Matches(m, k.Up):
		s.cursor = max(s.cursor-1, 0)
	case len(s.list) == 0:
	case key.Matches(m, k.Open):
		return s, push(newExceptionDetail(s.c, s.list[s.cursor].ExceptionID))
	case key.Matches(m, k.Edit):
		t := s.list[s.cursor]
		e, _ := s.c.Triage.exception(t.ExceptionID)
		return s, push(newTaskForm(s.c, e, t))
	case key.Matches(m, k.Status):
		return s, push(newTaskStatusForm(s.c, s.list[s.cursor]))
	}
	return s, nil
}

// View implements Screen.
func (s *myTasksScreen) View() string {
	st := s.c.Styles
	s.refresh()
	now := s.c.Now()
	open, overdue := 0, 0
	for _, t := range s.list {
		if t.Status.Open() {
			open++
		}
		if t.Overdue(now) {
			overdue++
		}
	}
	head := st.Title.Render(" My tasks") + st.Muted.Render(fmt.Sprintf(" — %s: %d open", model.CleanLine(s.c.actor()), open))
	if overdue > 0 {
		head += st.Muted.Render(", ") + st.Danger.Bold(true).Render(fmt.Sprintf("%d overdue", overdue))
	}
	lines := []string{ansi.Truncate(head, s.w, "…"), ""}
	if len(s.list) == 0 {
		lines = append(lines, st.Muted.Render(" No tasks are assigned to "+model.CleanLine(s.c.actor())+"."))
		return strings.Join(lines, "\n")
	}
	h := max(s.h-2, 1)
	if s.cursor < s.offset {
		s.offset = s.cursor
	}
	if s.cursor >= s.offset+h {
		s.offset = s.cursor - h + 1
	}
	for i := s.offset; i < len(s.list) && i < s.offset+h; i++ {
		lines = append(lines, s.row(s.list[i], i == s.cursor))
	}
	return strings.Join(lines, "\n")
}

func (s *myTasksScreen) row(t model.RemediationTask, selected bool) string {
	st := s.c.Styles
	ex := pad(fmt.Sprintf("EX-%d", t.ExceptionID), 8)
	if e, ok := s.c.Triage.exception(t.ExceptionID); ok {
		ex += " " + sevBadge(e.Severity)
	}
	line := pad(ex, 13) + " " + taskLine(st, t, s.c.Now(), s.w-16, false)
	if !t.Status.Open() {
		line = st.Muted.Render(ansi.Strip(line))
	}
	if selected {
		l := "▸ " + ansi.Strip(line)
		if t.Overdue(s.c.Now()) {
			l = "▸ " + line // keep the overdue colour on the selection
		}
		return st.Selected.Render(ansi.Truncate(l, s.w, "") + strings.Repeat(" ", max(s.w-lipgloss.Width(l), 0)))
	}
	return ansi.Truncate("  "+line, s.w, "")
}
