package tui

import (
	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// raiseFromQuestion opens the raise form pre-filled from the question under
// the cursor (model.ExceptionFromItem: its control, criteria, system and a
// citation of the answer); once saved, the exception opens.
func (s *walkScreen) raiseFromQuestion() tea.Cmd {
	if !s.c.Triage.available() {
		return ShowStatus("Exceptions need an engagement file.", true)
	}
	it, ok := s.current()
	if !ok {
		return nil
	}
	e := model.ExceptionFromItem(it, s.base(it), s.c.actor(), s.c.Now())
	return push(newRaiseForm(s.c, e))
}

// jumpTo puts the cursor on the question with key k (a cited answer being
// followed), clearing a filter that hides it.
func (s *walkScreen) jumpTo(k model.AnswerKey) tea.Cmd {
	find := func() int {
		s.refreshVisible()
		items := s.c.Session.Items()
		for vi, i := range s.visible {
			if items[i].Key() == k {
				return vi
			}
		}
		return -1
	}
	vi := find()
	if vi < 0 && s.filter != "" {
		s.filter = ""
		vi = find()
	}
	if vi < 0 {
		return ShowStatus("Question "+model.CleanLine(k.QuestionID)+" is not asked now (a condition or the scope hides it).", true)
	}
	return s.moveTo(vi)
}
