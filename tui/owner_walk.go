package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// mineKey identifies what the owner view ("mine", M) filters by: "" when
// off, else the actor and the assignments' revision, so the walkthrough
// re-filters when either changes.
func (s *walkScreen) mineKey() string {
	if !s.mine {
		return ""
	}
	return fmt.Sprintf("%s\x00%d", s.c.Actor, s.c.Acct.rev)
}

// mineShows reports whether the owner view keeps it (always, when off).
func (s *walkScreen) mineShows(it model.Item) bool {
	return !s.mine || s.c.Acct.assign.Owns(s.c.Actor, it)
}

// toggleMine switches the owner view: only what is assigned to the person
// at the keyboard (model.OwnerItems), with their progress in the sidebar.
func (s *walkScreen) toggleMine() tea.Cmd {
	if !s.c.Acct.available() {
		return ShowStatus("Owner view needs people and assignments (not available here).", true)
	}
	s.mine = !s.mine
	s.refreshVisible()
	if !s.mine {
		return ShowStatus("Showing every question.", false)
	}
	if len(s.visible) == 0 {
		return ShowStatus(model.CleanLine(s.c.Actor)+" owns nothing here yet (an assessor assigns with O). M shows everything again.", false)
	}
	return ShowStatus("Showing only what "+model.CleanLine(s.c.Actor)+" owns. M shows everything again.", false)
}

// mineLine is the sidebar heading of the owner view: whose items and
// their progress (model.OwnerProgress over the answers shown).
func (s *walkScreen) mineLine() (string, bool) {
	if !s.mine {
		return "", false
	}
	items := model.OwnerItems(s.c.Session.Items(), s.c.Acct.assign, s.c.Actor)
	p := model.OwnerProgress(items, s.c.Session.viewAnswers())
	text := fmt.Sprintf(" mine · %d/%d answered %d%%", p.Answered, p.Asked, p.Percent())
	if p.Asked == 0 {
		text = " mine · nothing assigned"
	}
	return s.c.Styles.Accent.Render(ansi.Truncate(text, s.sideW, "…")), true
}

// assignCurrent opens the owner picker for the current control and, on a
// per-system question, its AI system.
func (s *walkScreen) assignCurrent() tea.Cmd {
	it, ok := s.current()
	if !ok || !s.c.Acct.available() {
		return nil
	}
	targets := []assignTarget{controlTarget(it.Control)}
	if it.System != nil {
		targets = append(targets, systemTarget(it.System))
	}
	return Navigate(NavigateMsg{Push: newOwnerPicker(s.c, targets)})
}
