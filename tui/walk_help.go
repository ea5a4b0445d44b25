package tui

import (
	"charm.land/bubbles/v2/key"

	"auditwalk/model"
)

// ShortHelp implements help.KeyMap: the keys that make sense for the open
// input, or for answering the current question's kind.
func (s *walkScreen) ShortHelp() []key.Binding {
	k, ik := s.keys, s.ikeys
	switch s.mode {
	case modeNote:
		return []key.Binding{ik.Save, ik.Cancel}
	case modeOptions:
		if it, ok := s.current(); ok && it.Question.Kind == model.KindMulti {
			return []key.Binding{ik.Down, ik.Up, ik.Toggle, ik.Submit, ik.Cancel}
		}
		return []key.Binding{ik.Down, ik.Up, ik.Submit, ik.Cancel}
	case modeFilter:
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear"))}
	case modeJustify, modeText:
		return []key.Binding{ik.Submit, ik.Cancel}
	}
	out := s.answerBindings()
	out = append(out, k.Down, k.Up, k.NextUnanswered, k.NextCtl, k.Filter)
	if s.filter != "" {
		out = append(out, k.ClearFilter)
	}
	return out
}

func (s *walkScreen) answerBindings() []key.Binding {
	k := s.keys
	it, ok := s.current()
	if !ok {
		return nil
	}
	switch it.Question.Kind {
	case model.KindYesNo:
		return []key.Binding{k.Yes, k.No, k.Partial, k.NA, k.Unknown, k.Flag}
	case model.KindChoice, model.KindMulti:
		return []key.Binding{k.Pick, k.Edit, k.Flag}
	}
	return []key.Binding{k.Edit, k.Flag}
}

// FullHelp implements help.KeyMap.
func (s *walkScreen) FullHelp() [][]key.Binding {
	if s.mode != modeNormal {
		return [][]key.Binding{s.ShortHelp()}
	}
	k := s.keys
	clearF := k.ClearFilter
	clearF.SetEnabled(s.filter != "")
	return [][]key.Binding{
		{k.Yes, k.No, k.Partial, k.NA, k.Unknown, k.Pick, k.Edit},
		{k.Down, k.Up, k.NextCtl, k.PrevCtl, k.NextUnanswered, k.NextFlagged},
		{k.Flag, k.Source, k.Note, k.Raise, k.Narrative, k.Filter, clearF, k.PageDown, k.PageUp},
		append(s.acctBindings(), s.evidenceBindings()...),
	}
}
