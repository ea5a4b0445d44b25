package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/data/export"
	"auditwalk/model"
)

// View implements Screen: the document list on the left, the preview on
// the right, the write form or its result at the bottom.
func (s *exportScreen) View() string {
	st := s.c.Styles
	if s.c.Audit.ExportBundle == nil {
		return st.Muted.Render(" Export preview needs an engagement file.")
	}
	pw, ph := s.previewSize()
	lw := s.listWidth()
	list := s.listView(lw, ph+2)
	pane := st.PaneFocused.Width(pw + 2).Height(ph + 2).Render(s.previewBody(pw, ph))
	top := lipgloss.JoinHorizontal(lipgloss.Top, list, " ", pane)
	title := s.titleLine()
	out := title + "\n" + top
	if f := s.formView(); f != "" {
		out += "\n" + f
	}
	return out
}

func (s *exportScreen) titleLine() string {
	st := s.c.Styles
	left := st.Title.Render(" Export preview")
	var right string
	switch {
	case s.loading:
		right = st.Muted.Render("building export…")
	case s.loadErr != nil:
		right = st.Danger.Render("✗ " + model.CleanLine(s.loadErr.Error()))
	case len(s.docs) > 0:
		right = st.Muted.Render(itoa(len(s.docs)) + " documents · as of " + model.CleanLine(string(s.asOf())))
	}
	return ansi.Truncate(left+"  "+right, s.w, "…")
}

func (s *exportScreen) asOf() model.Date {
	if s.bundle.AsOf != "" {
		return s.bundle.AsOf
	}
	return s.bundle.Engagement.AsOf
}

// listView renders the documents, the selected one highlighted.
func (s *exportScreen) listView(w, h int) string {
	st := s.c.Styles
	lines := []string{st.SectionHead.Render(" Documents")}
	if len(s.docs) == 0 && !s.loading {
		lines = append(lines, st.Muted.Render(" none"))
	}
	for i, d := range s.docs {
		label := audCell(" "+model.CleanLine(d.Title), w)
		if i == s.cur {
			label = st.Selected.Render(audCell("▸"+model.CleanLine(d.Title), w))
		}
		lines = append(lines, label)
		if h >= 2*len(s.docs)+3 {
			lines = append(lines, st.Muted.Render(audCell("   "+model.CleanLine(d.Name), w)))
		}
	}
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, strings.Repeat(" ", w))
	}
	return strings.Join(lines, "\n")
}

func (s *exportScreen) previewBody(w, h int) string {
	st := s.c.Styles
	switch {
	case s.loadErr != nil && len(s.docs) == 0:
		return st.Danger.Render(ansi.Wordwrap("Cannot build the export: "+model.CleanLine(s.loadErr.Error()), w, " "))
	case len(s.docs) == 0:
		return st.Muted.Render("Building the export…")
	}
	body := s.vp.View()
	if pct := s.vp.ScrollPercent(); s.vp.TotalLineCount() > h {
		lines := strings.Split(body, "\n")
		if len(lines) > 0 {
			lines[len(lines)-1] = ansi.Truncate(lines[len(lines)-1], max(w-6, 0), "") // room for the %
			lines[len(lines)-1] = audPadRight(lines[len(lines)-1], w-5) + st.Muted.Render(audPadLeft(itoa(int(pct*100+0.5))+"%", 5))
		}
		body = strings.Join(lines, "\n")
	}
	return body
}

// formView renders the write form, the overwrite question or the result.
func (s *exportScreen) formView() string {
	st := s.c.Styles
	switch s.mode {
	case exportForm, exportWriting:
		path := s.path.View()
		if s.focus != 0 {
			path = st.Muted.Render(s.path.Value())
		}
		var fs []string
		for i, f := range export.Formats() {
			box := "[ ] "
			if s.formats[i] {
				box = "[x] "
			}
			item := box + f
			if s.focus == i+1 {
				item = st.Selected.Render(item)
			}
			fs = append(fs, item)
		}
		state := st.Muted.Render("enter writes · tab moves · space toggles · esc cancels")
		if s.mode == exportWriting {
			state = st.Warning.Render("writing…")
		}
		return strings.Join([]string{
			st.SectionHead.Render(" Write export"),
			" Directory: " + path,
			" Formats:   " + strings.Join(fs, "  "),
			" " + state,
		}, "\n")
	case exportConfirm:
		dir := model.CleanLine(strings.TrimSpace(s.path.Value()))
		return strings.Join([]string{
			st.Warning.Render(" " + dir + " is not empty."),
			" Overwrite the export there? Old export files this one no longer produces are",
			" removed (as its manifest lists them); nothing else is touched.",
			" " + st.Bold.Render("y") + " overwrite   " + st.Bold.Render("n/esc") + " choose another directory",
		}, "\n")
	}
	if len(s.result) == 0 {
		return ""
	}
	style := st.Success
	if s.failed {
		style = st.Danger
	}
	lines := []string{style.Render(ansi.Truncate(" "+s.result[0], s.w, "…"))}
	for _, l := range s.result[1:] {
		for _, wl := range strings.Split(ansi.Wordwrap(l, max(s.w-2, 10), " ,"), "\n") {
			lines = append(lines, st.Muted.Render(ansi.Truncate(" "+strings.TrimSpace(wl), s.w, "…")))
		}
	}
	if len(lines) > 3 {
		lines = append(lines[:2], st.Muted.Render(ansi.Truncate(" "+strings.TrimSpace(lines[2]), s.w-1, "")+"…"))
	}
	return strings.Join(lines, "\n")
}

// ShortHelp implements help.KeyMap.
func (s *exportScreen) ShortHelp() []key.Binding {
	k := s.keys
	switch s.mode {
	case exportForm:
		return []key.Binding{k.Submit, k.Next, k.Toggle, k.Cancel}
	case exportConfirm:
		return []key.Binding{k.Yes, k.No}
	}
	return []key.Binding{k.Down, k.Up, k.PageDown, k.Write, k.Narratives, k.Refresh}
}

// FullHelp implements help.KeyMap.
func (s *exportScreen) FullHelp() [][]key.Binding {
	k := s.keys
	if s.mode != exportBrowse {
		return [][]key.Binding{s.ShortHelp()}
	}
	return [][]key.Binding{{k.Down, k.Up}, {k.PageDown, k.PageUp, k.Top}, {k.Write, k.Narratives, k.Refresh}}
}

// audCell truncates or pads plain text to exactly w columns.
func audCell(s string, w int) string {
	s = ansi.Truncate(s, w, "…")
	return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
}

// audPadRight pads styled text to w columns.
func audPadRight(s string, w int) string {
	return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
}

// audPadLeft right-aligns styled text in w columns.
func audPadLeft(s string, w int) string {
	return strings.Repeat(" ", max(w-ansi.StringWidth(s), 0)) + s
}
