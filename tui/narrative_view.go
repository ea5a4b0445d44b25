package tui

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// errNoNarratives is shown when the app runs without an engagement store.
var errNoNarratives = errors.New("narrative editing needs an engagement file")

// refresh rebuilds the viewport's text from the loaded state.
func (s *narrativeScreen) refresh() {
	if s.w == 0 {
		return
	}
	off := s.vp.YOffset()
	s.vp.SetContent(s.body(max(s.w-1, 10)))
	s.vp.SetYOffset(off)
}

// body is the scrollable text: the narrative in force, the generated text
// kept for comparison and the word diff between them.
func (s *narrativeScreen) body(w int) string {
	st := s.c.Styles
	wrap := func(text string) []string {
		text = strings.TrimSpace(text)
		if text == "" {
			return []string{st.Muted.Render(" —")}
		}
		var out []string
		for _, l := range strings.Split(ansi.Wordwrap(text, max(w-2, 10), " "), "\n") {
			out = append(out, " "+l)
		}
		return out
	}
	var lines []string
	if s.edited == nil {
		lines = append(lines, st.SectionHead.Render(" Narrative")+st.Muted.Render(" — generated from the answers (not edited)"))
		lines = append(lines, wrap(s.generated)...)
		return strings.Join(lines, "\n")
	}
	e := s.edited
	lines = append(lines, st.SectionHead.Render(" Narrative")+" "+st.Warning.Render("[edited]")+
		st.Muted.Render(" by "+model.CleanLine(audDash(e.EditedBy))+", "+e.EditedAt.UTC().Format("2006-01-02 15:04")+" UTC"))
	lines = append(lines, wrap(cleanBlock(e.Text))...)
	gen := cleanBlock(e.Generated)
	if strings.TrimSpace(gen) == "" {
		gen = s.generated
	}
	lines = append(lines, "", st.SectionHead.Render(" Generated narrative")+st.Muted.Render(" (kept for comparison)"))
	lines = append(lines, wrap(gen)...)
	if strings.TrimSpace(e.Generated) != "" && strings.TrimSpace(e.Generated) != strings.TrimSpace(s.generated) {
		lines = append(lines, "", st.Warning.Render(" The answers changed since this edit: the generated narrative is now:"))
		lines = append(lines, wrap(s.generated)...)
	}
	ops, ok := wordDiff(gen, cleanBlock(e.Text))
	lines = append(lines, "")
	if !ok {
		lines = append(lines, st.Muted.Render(" Too long to compare word by word."))
	} else {
		rem, add := diffStats(ops)
		lines = append(lines, st.SectionHead.Render(" Changes")+st.Muted.Render(" ([-removed-] {+added+}: "+itoa(rem)+" words removed, "+itoa(add)+" added)"))
		lines = append(lines, wrap(renderDiff(ops, diffContext, st.Danger, st.Success))...)
	}
	return strings.Join(lines, "\n")
}

func audDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// View implements Screen.
func (s *narrativeScreen) View() string {
	st := s.c.Styles
	state := ""
	switch {
	case s.saving:
		state = st.Warning.Render(" saving…")
	case s.edited != nil:
		state = st.Warning.Render(" [edited]")
	}
	head := st.Title.Render(" "+model.CleanLine(s.ctl.ID)+" · "+s.subjectName()) + state +
		st.Muted.Render(" — "+model.CleanLine(s.ctl.Title))
	lines := []string{ansi.Truncate(head, s.w, "…"), ""}
	switch {
	case s.loadErr != nil:
		lines = append(lines, st.Danger.Render(" "+model.CleanLine(s.loadErr.Error())))
	case s.loading:
		lines = append(lines, st.Muted.Render(" Rendering the narrative…"))
	case s.mode == narrEdit:
		lines[1] = st.Accent.Render(" Editing — ctrl+s saves, esc cancels; the generated text is kept.")
		lines = append(lines, indentBlock(s.ta.View(), " "))
	case s.mode == narrConfirmRevert:
		lines = append(lines, st.Warning.Render(" Revert to the generated narrative? The edited text stays in the activity trail."),
			" "+st.Bold.Render("y")+" revert   "+st.Bold.Render("n/esc")+" keep the edit", "")
		lines = append(lines, s.vp.View())
	default:
		lines = append(lines[:1], s.vp.View())
	}
	return strings.Join(lines, "\n")
}

// ShortHelp implements help.KeyMap.
func (s *narrativeScreen) ShortHelp() []key.Binding {
	k := s.keys
	switch s.mode {
	case narrEdit:
		return []key.Binding{k.Save, k.Cancel}
	case narrConfirmRevert:
		return []key.Binding{k.Yes, k.No}
	}
	rev := k.Revert
	rev.SetEnabled(s.edited != nil)
	return []key.Binding{k.Edit, rev, k.Down, k.PageDown}
}

// FullHelp implements help.KeyMap.
func (s *narrativeScreen) FullHelp() [][]key.Binding {
	k := s.keys
	if s.mode != narrView {
		return [][]key.Binding{s.ShortHelp()}
	}
	rev := k.Revert
	rev.SetEnabled(s.edited != nil)
	return [][]key.Binding{{k.Edit, rev}, {k.Down, k.Up, k.PageDown, k.PageUp}}
}
