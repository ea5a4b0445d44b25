package model

import (
	"fmt"
	"strings"
)

// RuleChangeWindow finds change records deployed outside the engagement's
// approved change window that are not declared emergency changes.
const RuleChangeWindow = "change-outside-window"

// changeWindowRule is the catalogue entry of RuleChangeWindow (kept here so
// Rules() needs one line for it).
func changeWindowRule() Rule {
	return Rule{RuleChangeWindow, ExKindUnapprovedChange, "AI change outside the approved change window",
		"A model change record whose time falls outside the engagement's approved change window (weekdays and hours), " +
			"unless its ticket or description marks it as an emergency change or hotfix.",
		[]string{"CC8.1"}, SeverityMedium}
}

// detectChangeWindow raises one finding per change record outside the
// approved window. Emergency changes are exempt; whether they were approved
// is the change-unapproved rule's concern. No window set, no findings.
func (d *detector) detectChangeWindow() {
	w := d.in.Engagement.ChangeWindow
	if w.IsZero() || w.Validate() != nil {
		return
	}
	loc, _ := w.location()
	names := d.systemNames()
	for _, c := range d.in.Changes {
		if c.Time.IsZero() || w.Contains(c.Time) || IsEmergencyChange(c) {
			continue
		}
		fp, f, tier := d.changeFinding(c, names)
		at := c.Time.In(loc)
		f.Title = CleanLine(fmt.Sprintf("%s change to %s outside the approved change window", c.ChangeType, c.System))
		f.Detail = CleanLine(fmt.Sprintf("The %s change to %s (%s) was made %s %s, outside the approved window %s, "+
			"and is not marked as an emergency change.",
			c.ChangeType, c.System, orDash(strings.TrimSpace(c.Ticket)), at.Format("Mon 2006-01-02 15:04"),
			loc.String(), w.String()))
		d.add(RuleChangeWindow, []string{fp}, tier, f)
	}
}
