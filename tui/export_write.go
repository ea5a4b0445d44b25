package tui

import (
	"errors"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"

	"auditwalk/data/export"
)

// formKey drives the write form: the path input, then one toggle per
// format; enter writes from anywhere, esc cancels.
func (s *exportScreen) formKey(m tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(m, k.Cancel):
		s.mode = exportBrowse
		s.path.Blur()
		return s.Resize(s.w, s.h)
	case key.Matches(m, k.Submit):
		if strings.TrimSpace(s.path.Value()) == "" {
			return ShowStatus("Type a directory to write the export to.", true)
		}
		if len(s.selectedFormats()) == 0 {
			return ShowStatus("Pick at least one format (space toggles).", true)
		}
		if len(s.docs) == 0 {
			return ShowStatus("Nothing to write yet: the export has not loaded.", true)
		}
		s.path.Blur()
		return s.writeCmd(false)
	case key.Matches(m, k.Next):
		return s.setFocus(s.focus + 1)
	case key.Matches(m, k.Prev):
		return s.setFocus(s.focus - 1)
	case s.focus > 0 && key.Matches(m, k.Toggle):
		s.formats[s.focus-1] = !s.formats[s.focus-1]
		return nil
	case s.focus > 0:
		return nil
	}
	var cmd tea.Cmd
	s.path, cmd = s.path.Update(m)
	return cmd
}

// setFocus moves between the path (0) and the format toggles (1..n),
// wrapping around.
func (s *exportScreen) setFocus(f int) tea.Cmd {
	n := len(s.formats) + 1
	s.focus = ((f % n) + n) % n
	if s.focus == 0 {
		return s.path.Focus()
	}
	s.path.Blur()
	return nil
}

// confirmKey answers the overwrite question for a non-empty directory.
func (s *exportScreen) confirmKey(m tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(m, s.keys.Yes):
		return s.writeCmd(true)
	case key.Matches(m, s.keys.No):
		s.mode = exportForm
		s.focus = 0
		return tea.Batch(s.path.Focus(), ShowStatus("Not overwritten: choose another directory.", false))
	}
	return nil
}

// asNotEmpty reports whether err says the output directory is not empty.
func asNotEmpty(err error, target **export.NotEmptyError) bool {
	return err != nil && errors.As(err, target)
}

func itoa(n int) string { return strconv.Itoa(n) }

// renderMarkdown renders Markdown with glamour at width in the given
// standard style. Callers strip terminal escapes first.
func renderMarkdown(markdown string, width int, style string) (string, error) {
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(max(width-2, 10)))
	if err != nil {
		return "", err
	}
	out, err := r.Render(markdown)
	return strings.Trim(out, "\n"), err
}
