package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// ScreenTriage is the exception triage queue's tab id.
const ScreenTriage ScreenID = "triage"

// triageScreen is the triage queue: exceptions that need work, worst and
// oldest first (model.SortQueue), with counts in the header and a filter.
// It is always live (a tab), so it is also where save results are folded
// into the shared triageState.
type triageScreen struct {
	c    *Common
	keys triageKeys
	w, h int

	filter  queueFilter
	bar     textinput.Model
	editing bool

	// rows are indices into Triage.list passing the filter; rebuilt only
	// when the data or the filter change.
	rows      []int
	rowsRev   int
	rowsFor   string
	counts    model.ExceptionCounts
	countsRev int

	cursor, offset int
	curID          int64
	// cache holds rendered rows by exception id for the current data,
	// width and theme, so moving the cursor renders two rows, not forty.
	cache    map[int64]string
	cacheKey [3]any
}

type triageKeys struct {
	listNavKeys
	Open, New, Filter, ClearFilter key.Binding
	Status, Kind, MyTasks, Reload  key.Binding
}

func defaultTriageKeys() triageKeys {
	return triageKeys{
		listNavKeys: defaultListNavKeys("next", "prev"),
		Open:        binding([]string{"enter"}, "enter", "open"),
		New:         binding([]string{"n"}, "n", "new"),
		Filter:      binding([]string{"/"}, "/", "filter"),
		ClearFilter: binding([]string{"esc"}, "esc", "clear filter"),
		Status:      binding([]string{"s"}, "s", "status"),
		Kind:        binding([]string{"K"}, "K", "kind"),
		MyTasks:     binding([]string{"m"}, "m", "my tasks"),
		Reload:      binding([]string{"r"}, "r", "reload"),
	}
}

func newTriageScreen(c *Common) *triageScreen {
	s := &triageScreen{c: c, keys: defaultTriageKeys(), filter: defaultQueueFilter(), rowsRev: -1, countsRev: -1}
	s.bar = textinput.New()
	s.bar.Prompt = "/ "
	s.bar.CharLimit = 300
	return s
}

// ID implements Screen.
func (s *triageScreen) ID() ScreenID { return ScreenTriage }

// Title implements Screen.
func (s *triageScreen) Title() string { return "Exception triage" }

// Init implements Screen: (re)load exceptions and tasks each time the queue
// is shown, so findings from an import or a detection run appear.
func (s *triageScreen) Init() tea.Cmd { return s.c.loadTriage() }

// Resize implements Screen.
func (s *triageScreen) Resize(w, h int) tea.Cmd {
	s.w, s.h = w, h
	s.bar.SetWidth(max(w-4, 10))
	st := textinput.DefaultStyles(s.c.Styles.IsDark)
	st.Cursor.Blink = false
	s.bar.SetStyles(st)
	return nil
}

// Captures implements Screen: the filter bar takes every key; esc clears a
// filter before it can mean "back".
func (s *triageScreen) Captures(msg tea.KeyPressMsg) bool {
	return s.editing || (key.Matches(msg, s.keys.ClearFilter) && !s.filter.isDefault())
}

// ShortHelp implements help.KeyMap.
func (s *triageScreen) ShortHelp() []key.Binding {
	k := s.keys
	if s.editing {
		return []key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		}
	}
	out := append([]key.Binding{k.Open, k.New}, s.c.detectHelp()...)
	out = append(out, k.Filter, k.Status, k.Kind, k.MyTasks)
	if !s.filter.isDefault() {
		out = append(out, k.ClearFilter)
	}
	return append(out, k.Down, k.Up)
}

// FullHelp implements help.KeyMap.
func (s *triageScreen) FullHelp() [][]key.Binding {
	if s.editing {
		return [][]key.Binding{s.ShortHelp()}
	}
	k := s.keys
	clearF := k.ClearFilter
	clearF.SetEnabled(!s.filter.isDefault())
	return [][]key.Binding{
		append([]key.Binding{k.Open, k.New, k.MyTasks, k.Reload}, s.c.detectHelp()...),
		{k.Filter, k.Status, k.Kind, clearF},
		{k.Down, k.Up, k.PageDown, k.PageUp, k.Top, k.Bottom},
	}
}

// Update implements Screen.
func (s *triageScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	t := s.c.Triage
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		return s, s.handleKey(m)
	case tea.PasteMsg:
		if s.editing {
			var cmd tea.Cmd
			s.bar, cmd = s.bar.Update(tea.PasteMsg{Content: model.CleanLine(m.Content)})
			return s, cmd
		}
	case triageLoadedMsg:
		if t.applyLoad(m, s.c.Now()) && m.err != nil && m.seq == t.appliedSeq {
			return s, ShowStatus("Exceptions not loaded: "+m.err.Error(), true)
		}
	case ExceptionSavedMsg:
		return s, s.applyException(m)
	case TaskSavedMsg:
		return s, s.applyTask(m)
	}
	return s, nil
}

// applyException folds a save result into the shared state, reports it and
// reloads, so other changes (a detection run, expiry) show too.
func (s *triageScreen) applyException(m ExceptionSavedMsg) tea.Cmd {
	if m.Err != nil {
		return ShowStatus("Exception NOT saved: "+m.Err.Error(), true)
	}
	s.c.Triage.putException(m.Saved)
	text := m.Saved.Ref() + " " + string(m.Op)
	if m.Op == opMove {
		text = m.Saved.Ref() + " → " + string(m.Saved.Status)
	}
	return tea.Batch(ShowStatus(text, false), s.c.loadTriage())
}

func (s *triageScreen) applyTask(m TaskSavedMsg) tea.Cmd {
	if m.Err != nil {
		return ShowStatus("Task NOT saved: "+m.Err.Error(), true)
	}
	s.c.Triage.putTask(m.Saved)
	return tea.Batch(ShowStatus(m.Saved.Ref()+" "+string(m.Op), false), s.c.loadTriage())
}

func (s *triageScreen) handleKey(m tea.KeyPressMsg) tea.Cmd {
	if s.editing {
		return s.barKey(m)
	}
	k := s.keys
	s.refreshRows()
	switch {
	case key.Matches(m, k.ClearFilter):
		s.setFilter(defaultQueueFilter())
	case key.Matches(m, k.Filter):
		s.editing = true
		s.bar.SetValue(s.filter.String() + " ")
		s.bar.CursorEnd()
		return s.bar.Focus()
	case key.Matches(m, k.Status):
		s.setFilter(s.filter.cycleStatus())
	case key.Matches(m, k.Kind):
		s.setFilter(s.filter.cycleKind())
	case key.Matches(m, k.New):
		return s.raise()
	case key.Matches(m, k.MyTasks):
		return Navigate(NavigateMsg{Push: newMyTasksScreen(s.c)})
	case key.Matches(m, k.Reload):
		return s.c.loadTriage()
	case key.Matches(m, detectKey()):
		return s.c.runDetection() // evidence_state.go; the result reloads
	case key.Matches(m, k.Open):
		if s.cursor < len(s.rows) {
			e := s.c.Triage.list[s.rows[s.cursor]]
			return Navigate(NavigateMsg{Push: newExceptionDetail(s.c, e.ID)})
		}
	default:
		s.moveKey(m)
	}
	return nil
}

func (s *triageScreen) moveKey(m tea.KeyPressMsg) {
	k := s.keys
	page := max(s.listHeight()-1, 1)
	switch {
	case key.Matches(m, k.Down):
		s.moveTo(s.cursor + 1)
	case key.Matches(m, k.Up):
		s.moveTo(s.cursor - 1)
	case key.Matches(m, k.PageDown):
		s.moveTo(s.cursor + page)
	case key.Matches(m, k.PageUp):
		s.moveTo(s.cursor - page)
	case key.Matches(m, k.Top):
		s.moveTo(0)
	case key.Matches(m, k.Bottom):
		s.moveTo(len(s.rows) - 1)
	}
}

func (s *triageScreen) raise() tea.Cmd {
	if !s.c.Triage.available() {
		return ShowStatus("Exceptions need an engagement file.", true)
	}
	e := model.NewManualException(model.ExKindManual, "", "", model.SeverityMedium, s.c.Actor, s.c.Now())
	return Navigate(NavigateMsg{Push: newRaiseForm(s.c, e)})
}

func (s *triageScreen) barKey(m tea.KeyPressMsg) tea.Cmd {
	switch m.String() {
	case "esc":
		s.editing = false
		s.bar.Blur()
		return nil
	case "enter":
		f, err := parseQueueFilter(s.bar.Value(), s.c.Session.Systems)
		if err != nil {
			return ShowStatus(err.Error(), true)
		}
		s.editing = false
		s.bar.Blur()
		s.setFilter(f)
		return nil
	}
	var cmd tea.Cmd
	s.bar, cmd = s.bar.Update(m)
	return cmd
}

func (s *triageScreen) setFilter(f queueFilter) {
	s.filter = f
	s.refreshRows()
}

func (s *triageScreen) moveTo(i int) {
	if len(s.rows) == 0 {
		return
	}
	s.cursor = min(max(i, 0), len(s.rows)-1)
	s.curID = s.c.Triage.list[s.rows[s.cursor]].ID
}

// refreshRows re-filters after the data or the filter changed, keeping the
// cursor on the same exception when it is still listed.
func (s *triageScreen) refreshRows() {
	t := s.c.Triage
	key := s.filter.String()
	if s.rowsRev == t.rev && s.rowsFor == key {
		return
	}
	filterChanged := s.rowsFor != key
	s.rows = s.rows[:0]
	for i := range t.list {
		if s.filter.match(&t.list[i]) {
			s.rows = append(s.rows, i)
		}
	}
	s.rowsRev, s.rowsFor = t.rev, key
	if filterChanged {
		s.cursor, s.offset = 0, 0
	} else {
		for ri, i := range s.rows {
			if t.list[i].ID == s.curID {
				s.cursor = ri
				break
			}
		}
	}
	s.cursor = min(max(s.cursor, 0), max(len(s.rows)-1, 0))
	if len(s.rows) > 0 {
		s.curID = t.list[s.rows[s.cursor]].ID
	}
}

// refreshCounts recomputes the header counts when the data changed.
func (s *triageScreen) refreshCounts() {
	t := s.c.Triage
	if s.countsRev == t.rev {
		return
	}
	s.counts = model.CountExceptions(t.list, t.tasks, s.c.Now())
	s.countsRev = t.rev
}
