package tui

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// answerKey handles the answering keys of normal mode for the current item.
func (s *walkScreen) answerKey(m tea.KeyPressMsg) tea.Cmd {
	it, ok := s.current()
	if !ok {
		return nil
	}
	k := s.keys
	q := it.Question
	switch {
	case key.Matches(m, k.Flag):
		a := s.base(it)
		a.Flagged = !a.Flagged
		return s.save(it, a, false)
	case key.Matches(m, k.Source):
		a := s.base(it)
		a.Source = nextSource(a.Source)
		return s.save(it, a, false)
	case key.Matches(m, k.Note):
		a := s.base(it)
		s.note.SetValue(model.CleanText(a.Note))
		s.note.MoveToEnd()
		s.mode = modeNote
		return s.note.Focus()
	}
	switch q.Kind {
	case model.KindYesNo:
		return s.yesNoKey(m, it)
	case model.KindChoice, model.KindMulti:
		if key.Matches(m, k.Pick) {
			n, _ := strconv.Atoi(m.String())
			return s.pickNumber(it, n-1)
		}
		if key.Matches(m, k.Edit) {
			return s.openOptions(it)
		}
	case model.KindText, model.KindNumber, model.KindDate:
		if key.Matches(m, k.Edit) {
			return s.openText(it)
		}
	}
	return nil
}

func (s *walkScreen) yesNoKey(m tea.KeyPressMsg, it model.Item) tea.Cmd {
	k := s.keys
	v := ""
	switch {
	case key.Matches(m, k.Yes):
		v = model.AnswerYes
	case key.Matches(m, k.No):
		v = model.AnswerNo
	case key.Matches(m, k.Partial):
		v = model.AnswerPartial
	case key.Matches(m, k.Unknown):
		v = model.AnswerUnknown
	case key.Matches(m, k.NA):
		return s.openJustify(it)
	case key.Matches(m, k.Edit):
		return s.openOptions(it)
	default:
		return nil
	}
	a := s.base(it)
	a.Value, a.Choices, a.Justification = v, nil, ""
	return s.save(it, a, true)
}

// base is the answer shown for it, or a fresh one, ready to change.
func (s *walkScreen) base(it model.Item) model.Answer {
	a, _, _, ok := s.c.Session.Answer(it.Key())
	if !ok {
		a = model.Answer{QuestionID: it.Question.ID, Subject: it.Subject}
	}
	a.Choices = slices.Clone(a.Choices)
	return a
}

// save validates a, queues its write and, for a new value, moves on to the
// next question (after re-walking, so a follow-up it unlocked comes next).
func (s *walkScreen) save(it model.Item, a model.Answer, advance bool) tea.Cmd {
	if err := a.Validate(it.Question); err != nil {
		s.inputErr = err.Error()
		return ShowStatus(err.Error(), true)
	}
	s.inputErr = ""
	a.UpdatedAt = s.c.Now()
	a.UpdatedBy = s.c.Actor
	cmd := s.c.saveAnswer(a)
	s.refreshVisible()
	if advance {
		return tea.Batch(cmd, s.moveTo(s.curIdx+1))
	}
	return cmd
}

func nextSource(cur model.Source) model.Source {
	srcs := model.Sources()
	i := slices.Index(srcs, cur)
	return srcs[(i+1)%len(srcs)]
}

// options lists the picker entries of a question: its options, or the five
// yes/no answers.
func options(q *model.Question) []model.Option {
	if q.Kind != model.KindYesNo {
		return q.Options
	}
	return []model.Option{
		{Value: model.AnswerYes, Label: "Yes"}, {Value: model.AnswerNo, Label: "No"},
		{Value: model.AnswerPartial, Label: "Partially"}, {Value: model.AnswerNA, Label: "N/A (needs a justification)"},
		{Value: model.AnswerUnknown, Label: "Don't know"},
	}
}

func (s *walkScreen) pickNumber(it model.Item, i int) tea.Cmd {
	opts := options(it.Question)
	if i < 0 || i >= len(opts) {
		return nil
	}
	if it.Question.Kind == model.KindMulti {
		cmd := s.openOptions(it)
		s.toggle(opts[i].Value)
		s.optCursor = i
		return cmd
	}
	a := s.base(it)
	a.Value, a.Choices, a.Justification = opts[i].Value, nil, ""
	return s.save(it, a, true)
}

func (s *walkScreen) openOptions(it model.Item) tea.Cmd {
	a := s.base(it)
	s.mode = modeOptions
	s.optDraft = slices.Clone(a.Choices)
	s.optCursor = 0
	for i, o := range options(it.Question) {
		if o.Value == a.Value {
			s.optCursor = i
		}
	}
	return nil
}

func (s *walkScreen) toggle(v string) {
	if i := slices.Index(s.optDraft, v); i >= 0 {
		s.optDraft = slices.Delete(s.optDraft, i, i+1)
		return
	}
	s.optDraft = append(s.optDraft, v)
}

func (s *walkScreen) openJustify(it model.Item) tea.Cmd {
	a := s.base(it)
	s.mode = modeJustify
	s.inputErr = ""
	s.input.Placeholder = "why does this not apply?"
	s.input.SetValue(model.CleanLine(a.Justification))
	s.input.CursorEnd()
	return s.input.Focus()
}

func (s *walkScreen) openText(it model.Item) tea.Cmd {
	a := s.base(it)
	s.mode = modeText
	s.inputErr = ""
	switch it.Question.Kind {
	case model.KindDate:
		s.input.Placeholder = "YYYY-MM-DD"
	case model.KindNumber:
		s.input.Placeholder = "a number"
	default:
		s.input.Placeholder = "answer"
	}
	s.input.SetValue(model.CleanLine(a.Value))
	s.input.CursorEnd()
	return s.input.Focus()
}

func (s *walkScreen) openFilter() tea.Cmd {
	s.mode = modeFilter
	s.input.Placeholder = "control id, title or criterion"
	s.input.SetValue(s.filter)
	s.input.CursorEnd()
	return s.input.Focus()
}

func (s *walkScreen) closeInput() {
	s.mode = modeNormal
	s.inputErr = ""
	s.input.Blur()
	s.note.Blur()
}

// handleInputKey drives whichever input is open.
func (s *walkScreen) handleInputKey(m tea.KeyPressMsg) tea.Cmd {
	ik := s.ikeys
	if s.mode == modeFilter {
		switch {
		case key.Matches(m, ik.Cancel):
			s.filter = ""
			s.closeInput()
			return nil
		case key.Matches(m, ik.Submit):
			s.closeInput()
			return s.moveTo(s.curIdx)
		}
		var cmd tea.Cmd
		s.input, cmd = s.input.Update(m)
		s.filter = s.input.Value()
		s.refreshVisible()
		return cmd
	}
	if key.Matches(m, ik.Cancel) {
		s.closeInput()
		return nil
	}
	it, ok := s.current()
	if !ok {
		s.closeInput()
		return nil
	}
	switch s.mode {
	case modeNote:
		if key.Matches(m, ik.Save) {
			a := s.base(it)
			a.Note = s.note.Value()
			s.closeInput()
			return s.save(it, a, false)
		}
		var cmd tea.Cmd
		s.note, cmd = s.note.Update(m)
		return cmd
	case modeOptions:
		return s.optionsKey(m, it)
	}
	if key.Matches(m, ik.Submit) {
		return s.submitText(it)
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(m)
	return cmd
}

// submitText saves the N/A justification or the typed answer, refusing
// values that do not parse.
func (s *walkScreen) submitText(it model.Item) tea.Cmd {
	a := s.base(it)
	v := strings.TrimSpace(s.input.Value())
	if s.mode == modeJustify {
		if v == "" {
			s.inputErr = "N/A needs a justification (esc cancels)"
			return nil
		}
		a.Value, a.Choices, a.Justification = model.AnswerNA, nil, v
	} else {
		switch it.Question.Kind {
		case model.KindDate:
			d, err := model.ParseDate(v)
			if err != nil || d == "" {
				s.inputErr = "use a date like 2026-03-31"
				return nil
			}
			v = string(d)
		case model.KindNumber:
			if _, err := strconv.ParseFloat(v, 64); err != nil {
				s.inputErr = "not a number"
				return nil
			}
		}
		if v == "" {
			s.inputErr = "type an answer (esc cancels)"
			return nil
		}
		a.Value, a.Choices = v, nil
	}
	s.closeInput()
	return s.save(it, a, true)
}

func (s *walkScreen) optionsKey(m tea.KeyPressMsg, it model.Item) tea.Cmd {
	ik := s.ikeys
	opts := options(it.Question)
	multi := it.Question.Kind == model.KindMulti
	switch {
	case key.Matches(m, ik.Down):
		s.optCursor = min(s.optCursor+1, len(opts)-1)
	case key.Matches(m, ik.Up):
		s.optCursor = max(s.optCursor-1, 0)
	case multi && key.Matches(m, ik.Toggle) && len(opts) > 0:
		s.toggle(opts[s.optCursor].Value)
	case multi && key.Matches(m, s.keys.Pick):
		if n, _ := strconv.Atoi(m.String()); n >= 1 && n <= len(opts) {
			s.optCursor = n - 1
			s.toggle(opts[n-1].Value)
		}
	case key.Matches(m, ik.Submit) && len(opts) > 0:
		a := s.base(it)
		if multi {
			// Keep the pack's option order, not the order of toggling.
			a.Value, a.Choices = "", nil
			for _, o := range opts {
				if slices.Contains(s.optDraft, o.Value) {
					a.Choices = append(a.Choices, o.Value)
				}
			}
		} else {
			v := opts[s.optCursor].Value
			if v == model.AnswerNA {
				return s.openJustify(it)
			}
			a.Value, a.Choices, a.Justification = v, nil, ""
		}
		s.closeInput()
		return s.save(it, a, true)
	case !multi && key.Matches(m, s.keys.Pick):
		s.closeInput()
		n, _ := strconv.Atoi(m.String())
		if it.Question.Kind == model.KindYesNo {
			return nil
		}
		return s.pickNumber(it, n-1)
	}
	return nil
}

// handlePaste sends pasted text to the open input; newlines are kept only in
// the note editor.
func (s *walkScreen) handlePaste(m tea.PasteMsg) tea.Cmd {
	var cmd tea.Cmd
	switch s.mode {
	case modeNote:
		s.note, cmd = s.note.Update(m)
	case modeJustify, modeText, modeFilter:
		s.input, cmd = s.input.Update(m)
		if s.mode == modeFilter {
			s.filter = s.input.Value()
		}
	}
	return cmd
}
