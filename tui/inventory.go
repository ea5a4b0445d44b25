package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// invKeys are the inventory screen's bindings.
type invKeys struct {
	listNavKeys
	Add, Edit, Delete, Detail, Import      key.Binding
	Filter, Scope, Approval, Owner, Vendor key.Binding
	Clear, Sort, Reverse                   key.Binding
	Apply, Cancel                          key.Binding
}

func defaultInvKeys() invKeys {
	return invKeys{
		listNavKeys: defaultListNavKeys("down", "up"),
		Add:         binding([]string{"a"}, "a", "add"),
		Edit:        binding([]string{"e", "enter"}, "e/enter", "edit"),
		Delete:      binding([]string{"x", "d"}, "x/d", "delete"),
		Detail:      binding([]string{"space"}, "space", "details"),
		Import:      binding([]string{"i"}, "i", "import"),
		Filter:      binding([]string{"/"}, "/", "filter"),
		Scope:       binding([]string{"f"}, "f", "scope in/out"),
		Approval:    binding([]string{"p"}, "p", "approval"),
		Owner:       binding([]string{"o"}, "o", "this owner"),
		Vendor:      binding([]string{"v"}, "v", "this vendor"),
		Clear:       binding([]string{"c"}, "c", "clear filters"),
		Sort:        binding([]string{"s"}, "s", "sort column"),
		Reverse:     binding([]string{"S"}, "S", "reverse"),
		Apply:       binding([]string{"enter"}, "enter", "keep filter"),
		Cancel:      binding([]string{"esc"}, "esc", "clear filter"),
	}
}

// inventoryScreen is the AI inventory: a sortable, filterable table of
// systems with a detail pane (beside it when wide, below when narrow).
type inventoryScreen struct {
	c    *Common
	keys invKeys
	w, h int

	tbl       invTable
	loadedRev int
	cursor    int // index into tbl.view
	offset    int // first visible row
	selID     int64

	filtering bool
	input     textinput.Model
}

func newInventoryScreen(c *Common) *inventoryScreen {
	s := &inventoryScreen{c: c, keys: defaultInvKeys(), loadedRev: -1}
	s.input = textinput.New()
	s.input.Prompt = "/"
	s.input.CharLimit = 80
	s.refresh()
	return s
}

// refresh re-derives the rows when the session's systems changed, keeping
// the cursor on the same system.
func (s *inventoryScreen) refresh() {
	if s.loadedRev == s.c.Session.sysRev {
		return
	}
	s.loadedRev = s.c.Session.sysRev
	s.tbl.load(s.c.Session.Systems)
	s.follow()
}

// follow puts the cursor back on the selected system after the view
// changed, or clamps it when that system is gone.
func (s *inventoryScreen) follow() {
	if vi := s.tbl.indexOf(s.selID); vi >= 0 {
		s.cursor = vi
	}
	s.moveTo(s.cursor)
}

func (s *inventoryScreen) moveTo(vi int) {
	n := len(s.tbl.view)
	s.cursor = min(max(vi, 0), max(n-1, 0))
	if n > 0 {
		s.selID = s.tbl.rows[s.tbl.view[s.cursor]].sys.ID
	}
	rows := s.tableRows()
	if s.cursor < s.offset {
		s.offset = s.cursor
	} else if s.cursor >= s.offset+rows {
		s.offset = s.cursor - rows + 1
	}
	s.offset = min(max(s.offset, 0), max(n-rows, 0))
}

// selected returns the row under the cursor.
func (s *inventoryScreen) selected() (*invRow, bool) {
	if len(s.tbl.view) == 0 {
		return nil, false
	}
	return &s.tbl.rows[s.tbl.view[s.cursor]], true
}

// ID implements Screen.
func (s *inventoryScreen) ID() ScreenID { return ScreenInventory }

// Title implements Screen.
func (s *inventoryScreen) Title() string { return "Inventory" }

// Init implements Screen.
func (s *inventoryScreen) Init() tea.Cmd { return nil }

// Resize implements Screen.
func (s *inventoryScreen) Resize(w, h int) tea.Cmd {
	s.w, s.h = w, h
	s.input.SetWidth(max(w/3, 20))
	s.moveTo(s.cursor)
	return nil
}

// Captures implements Screen: the filter input takes every key; esc clears
// an active filter before it would leave the screen.
func (s *inventoryScreen) Captures(msg tea.KeyPressMsg) bool {
	return s.filtering || (s.tbl.filter.active() && key.Matches(msg, s.keys.Cancel))
}

// ShortHelp implements help.KeyMap.
func (s *inventoryScreen) ShortHelp() []key.Binding {
	k := s.keys
	if s.filtering {
		return []key.Binding{k.Apply, k.Cancel}
	}
	return []key.Binding{k.Add, k.Edit, k.Delete, k.Filter, k.Scope, k.Sort, k.Import}
}

// FullHelp implements help.KeyMap.
func (s *inventoryScreen) FullHelp() [][]key.Binding {
	k := s.keys
	if s.filtering {
		return [][]key.Binding{{k.Apply, k.Cancel}}
	}
	return [][]key.Binding{
		{k.Down, k.Up, k.PageDown, k.PageUp, k.Top, k.Bottom},
		{k.Add, k.Edit, k.Delete, k.Detail, k.Import},
		{k.Filter, k.Scope, k.Approval, k.Owner, k.Vendor, k.Clear},
		{k.Sort, k.Reverse},
	}
}

// Update implements Screen.
func (s *inventoryScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	s.refresh()
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		if s.filtering {
			return s, s.filterKey(m)
		}
		return s, s.handleKey(m)
	case tea.PasteMsg:
		if s.filtering {
			var cmd tea.Cmd
			s.input, cmd = s.input.Update(m)
			s.setText(s.input.Value())
			return s, cmd
		}
	case SystemSavedMsg:
		if m.Err == nil && m.Sent.ID == 0 {
			// A new system: show it, even if the filter would hide it.
			s.selID = m.Saved.ID
			if s.tbl.indexOf(m.Saved.ID) < 0 && s.tbl.filter.active() {
				s.tbl.filter = invFilter{}
				s.tbl.refilter()
			}
			s.follow()
		}
	}
	return s, nil
}

func (s *inventoryScreen) filterKey(m tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(m, s.keys.Apply):
		s.filtering = false
		s.input.Blur()
		return nil
	case key.Matches(m, s.keys.Cancel):
		s.filtering = false
		s.input.Blur()
		s.input.SetValue("")
		s.setText("")
		return nil
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(m)
	s.setText(s.input.Value())
	return cmd
}

func (s *inventoryScreen) setText(v string) {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == s.tbl.filter.text {
		return
	}
	s.tbl.filter.text = v
	s.refilterKeep()
}

// refilterKeep re-applies the filter; a new filter starts at its first
// match unless the selected system still matches.
func (s *inventoryScreen) refilterKeep() {
	s.tbl.refilter()
	if vi := s.tbl.indexOf(s.selID); vi >= 0 {
		s.cursor = vi
	} else {
		s.cursor, s.offset = 0, 0
	}
	s.moveTo(s.cursor)
}

func (s *inventoryScreen) handleKey(m tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	page := max(s.tableRows()-1, 1)
	switch {
	case key.Matches(m, k.Cancel):
		s.tbl.filter = invFilter{}
		s.input.SetValue("")
		s.refilterKeep()
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
		s.moveTo(len(s.tbl.view) - 1)
	case key.Matches(m, k.Sort):
		s.tbl.sortCol = (s.tbl.sortCol + 1) % sortCount
		s.tbl.resort()
		s.follow()
	case key.Matches(m, k.Reverse):
		s.tbl.desc = !s.tbl.desc
		s.tbl.resort()
		s.follow()
	case key.Matches(m, k.Filter):
		s.filtering = true
		s.input.SetValue(s.tbl.filter.text)
		s.input.CursorEnd()
		return s.input.Focus()
	default:
		return s.quickFilter(m)
	}
	return nil
}

// quickFilter handles the one-key filters and the actions on a row.
func (s *inventoryScreen) quickFilter(m tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	f := &s.tbl.filter
	row, ok := s.selected()
	switch {
	case key.Matches(m, k.Scope):
		f.scope = (f.scope + 1) % 3
	case key.Matches(m, k.Approval):
		f.approval = nextApproval(f.approval)
	case key.Matches(m, k.Owner):
		switch {
		case f.owner != "":
			f.owner = ""
		case ok && row.bizOwner != "":
			f.owner = row.bizOwner
		case ok:
			f.owner = row.techOwner
		}
	case key.Matches(m, k.Vendor):
		if f.hasVend {
			f.hasVend, f.vendor = false, ""
		} else if ok {
			f.hasVend, f.vendor = true, row.vendor
		}
	case key.Matches(m, k.Clear):
		*f = invFilter{}
		s.input.SetValue("")
	default:
		return s.rowAction(m)
	}
	s.refilterKeep()
	return nil
}

func nextApproval(a model.Approval) model.Approval {
	all := model.Approvals()
	i := slices.Index(all, a)
	if i == len(all)-1 {
		return ""
	}
	return all[i+1]
}

// rowAction opens the form, the detail page, the delete confirmation or
// the import dialog.
func (s *inventoryScreen) rowAction(m tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	if key.Matches(m, k.Add) {
		return Navigate(NavigateMsg{Push: newSystemForm(s.c, model.System{Approval: model.ApprovalPending})})
	}
	if key.Matches(m, k.Import) {
		if s.c.Importer == nil {
			return ShowStatus("Import is not available in this session (use auditwalk import inventory FILE).", true)
		}
		return Navigate(NavigateMsg{Push: newImportScreen(s.c, importInventory)})
	}
	row, ok := s.selected()
	if !ok {
		return nil
	}
	switch {
	case key.Matches(m, k.Edit):
		return Navigate(NavigateMsg{Push: newSystemForm(s.c, row.sys)})
	case key.Matches(m, k.Detail):
		return Navigate(NavigateMsg{Push: newSystemDetail(s.c, row.sys)})
	case key.Matches(m, k.Delete):
		id, name := row.sys.ID, row.sys.Name
		return Navigate(NavigateMsg{Push: newConfirm(s.c, "Delete system "+model.CleanLine(name)+"?",
			[]string{"It leaves the inventory; its record stays in the activity trail.",
				"Answers given about it are kept in the engagement file."},
			func() tea.Cmd { return s.c.deleteSystem(id, name) })})
	}
	return nil
}
