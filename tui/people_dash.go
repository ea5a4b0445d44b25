package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// conflictsKey opens the conflict screen from the dashboard; it is enabled
// only while merge conflicts are open.
func conflictsKey(c *Common) key.Binding {
	b := key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "conflicts"))
	b.SetEnabled(c.Acct.available() && c.Acct.openConflicts() > 0)
	return b
}

// acctDashBindings are the dashboard's accountability keys, for its help.
func acctDashBindings(c *Common) []key.Binding {
	if b := conflictsKey(c); b.Enabled() {
		return []key.Binding{b}
	}
	return nil
}

// acctDashKey handles the dashboard's accountability keys.
func acctDashKey(c *Common, m tea.KeyPressMsg) (tea.Cmd, bool) {
	if b := conflictsKey(c); b.Enabled() && key.Matches(m, b) {
		return Navigate(NavigateMsg{Tab: ScreenConflicts}), true
	}
	return nil, false
}

// acctDashLines add the accountability items to "What to do next": open
// merge conflicts, answers awaiting the actor's review, the actor's own
// progress. bullet renders one line with its key hint.
func acctDashLines(c *Common, bullet func(text, keyHint string) string) []string {
	t := c.Acct
	if !t.available() || !t.loaded {
		return nil
	}
	var out []string
	if n := t.openConflicts(); n > 0 {
		out = append(out, bullet(fmt.Sprintf("%d merge conflict%s to resolve (ours or theirs)", n, plural(n)), "C"))
	}
	me, ok := c.me()
	if !ok {
		if len(t.people) > 0 {
			out = append(out, bullet(model.CleanLine(c.Actor)+" is not a person of this engagement", "g p"))
		}
		return out
	}
	if me.Has(model.RoleReviewer) {
		if n := awaitingReviewBy(c, me.Name); n > 0 {
			out = append(out, bullet(fmt.Sprintf("%d answer%s await your review", n, plural(n)), "g r"))
		}
	}
	if items := model.OwnerItems(c.Session.Items(), t.assign, me.Name); len(items) > 0 {
		p := model.OwnerProgress(items, c.Session.answers)
		out = append(out, bullet("You own "+progressLabel(p)+"; sign off when done", "g s"))
	}
	return out
}

// awaitingReviewBy counts answered questions someone else wrote that are
// not approved: what reviewer could act on.
func awaitingReviewBy(c *Common, reviewer string) int {
	n := 0
	for _, it := range c.Session.Items() {
		a, ok := c.Session.answers[it.Key()]
		if !ok || !a.IsAnswered() || strings.EqualFold(a.UpdatedBy, reviewer) {
			continue
		}
		if c.reviewOf(it.Key()).StateOrDefault() != model.ReviewApproved {
			n++
		}
	}
	return n
}
