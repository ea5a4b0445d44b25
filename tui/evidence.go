package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// ScreenEvidence is the evidence list's tab id (g e).
const ScreenEvidence ScreenID = "evidence"

// evidenceScreen lists every evidence file with what it supports, its hash,
// dates and how it is kept; c re-hashes them all, x deletes one (after a
// confirmation), enter shows one in full. It is a tab, so it is always
// live; the list itself lives in Common.Evidence.
type evidenceScreen struct {
	c    *Common
	keys evidenceKeys
	w, h int

	cursor, offset int
	curID          int64
}

type evidenceKeys struct {
	listNavKeys
	Open, Check, Delete, Reload key.Binding
}

func defaultEvidenceKeys() evidenceKeys {
	return evidenceKeys{
		listNavKeys: defaultListNavKeys("next", "prev"),
		Open:        binding([]string{"enter"}, "enter", "details"),
		Check:       binding([]string{"c"}, "c", "check hashes"),
		Delete:      binding([]string{"x"}, "x", "delete"),
		Reload:      binding([]string{"r"}, "r", "reload"),
	}
}

func newEvidenceScreen(c *Common) *evidenceScreen {
	return &evidenceScreen{c: c, keys: defaultEvidenceKeys()}
}

// ID implements Screen.
func (s *evidenceScreen) ID() ScreenID { return ScreenEvidence }

// Title implements Screen.
func (s *evidenceScreen) Title() string { return "Evidence" }

// Init implements Screen: reload each time the list is shown, so files
// attached from the command line appear.
func (s *evidenceScreen) Init() tea.Cmd { return s.c.loadEvidence() }

// Resize implements Screen.
func (s *evidenceScreen) Resize(w, h int) tea.Cmd {
	s.w, s.h = w, h
	s.clamp()
	return nil
}

// Captures implements Screen: no inputs here.
func (s *evidenceScreen) Captures(tea.KeyPressMsg) bool { return false }

// ShortHelp implements help.KeyMap.
func (s *evidenceScreen) ShortHelp() []key.Binding {
	k := s.keys
	return []key.Binding{k.Open, k.Check, k.Delete, k.Down, k.Up}
}

// FullHelp implements help.KeyMap.
func (s *evidenceScreen) FullHelp() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{
		{k.Open, k.Check, k.Delete, k.Reload},
		{k.Down, k.Up, k.PageDown, k.PageUp, k.Top, k.Bottom},
	}
}

// Update implements Screen.
func (s *evidenceScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		return s, s.handleKey(m)
	case evidenceLoadedMsg:
		s.follow()
	}
	return s, nil
}

func (s *evidenceScreen) handleKey(m tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	e := s.c.Evidence
	if !e.available() {
		return nil
	}
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
		s.moveTo(len(e.list) - 1)
	case key.Matches(m, k.Reload):
		return s.c.loadEvidence()
	case key.Matches(m, k.Check):
		if len(e.list) == 0 {
			return ShowStatus("No evidence to check.", false)
		}
		return s.c.checkEvidence()
	case key.Matches(m, k.Open):
		if ev, ok := s.selected(); ok {
			return push(newEvidenceDetail(s.c, ev.ID))
		}
	case key.Matches(m, k.Delete):
		if ev, ok := s.selected(); ok {
			return push(s.confirmDelete(ev))
		}
	}
	return nil
}

// confirmDelete asks before deleting; the delete is queued only on yes.
func (s *evidenceScreen) confirmDelete(ev model.Evidence) *confirmScreen {
	id, name := ev.ID, ev.Name
	body := []string{
		model.CleanLine(name) + " · " + s.c.evidenceTargetLabel(ev.Target),
		"The file and its stored bytes leave the engagement; the activity trail keeps its record and SHA-256.",
	}
	return newConfirm(s.c, "Delete evidence "+ev.Ref()+"?", body,
		func() tea.Cmd { return s.c.deleteEvidence(id, name) })
}

func (s *evidenceScreen) selected() (model.Evidence, bool) {
	list := s.c.Evidence.list
	if s.cursor < 0 || s.cursor >= len(list) {
		return model.Evidence{}, false
	}
	return list[s.cursor], true
}

func (s *evidenceScreen) moveTo(i int) {
	s.cursor = i
	s.clamp()
}

// follow keeps the cursor on the same file after a reload.
func (s *evidenceScreen) follow() {
	for i, ev := range s.c.Evidence.list {
		if ev.ID == s.curID {
			s.cursor = i
			break
		}
	}
	s.clamp()
}

// clamp keeps the cursor on a row and the row on screen.
func (s *evidenceScreen) clamp() {
	list := s.c.Evidence.list
	s.cursor = min(max(s.cursor, 0), max(len(list)-1, 0))
	if len(list) > 0 {
		s.curID = list[s.cursor].ID
	}
	n := max(s.listHeight(), 1)
	if s.cursor < s.offset {
		s.offset = s.cursor
	} else if s.cursor >= s.offset+n {
		s.offset = s.cursor - n + 1
	}
	s.offset = min(max(s.offset, 0), max(len(list)-n, 0))
}
