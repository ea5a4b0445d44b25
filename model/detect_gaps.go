package model

import "strings"

// RuleChangeNoTicket flags a privileged change seen in the logs that the
// imported change log does not record. Never rename it: it is part of its
// findings' fingerprints.
const RuleChangeNoTicket = "change-no-ticket"

// changeSlackDays is how many days a change record's date may fall outside
// the First..Last days of a change seen in the logs and still cover it.
// Days, not hours: change logs carry the approval or deploy time, often
// only a date, not the API call's.
const changeSlackDays = 1

// logChangeRule decides what a privileged change seen in the logs (one that
// privilegedAction files under RulePrivilegedChange) raises, looking at the
// change records of the systems its resource ties to:
//   - "" (nothing) when a change record with a ticket is dated within
//     changeSlackDays of its window: the change went through change management;
//   - RuleChangeNoTicket when change records were imported for such a system
//     but none lies near: the change bypassed the change log;
//   - RulePrivilegedChange otherwise (no change log for the system, or only
//     an unticketed record near it, which RuleChangeUnapproved flags too).
func (d *detector) logChangeRule(a AccessSummary) string {
	recorded, near := false, false
	from, to := DateOf(a.First.AddDate(0, 0, -changeSlackDays)), DateOf(a.Last.AddDate(0, 0, changeSlackDays))
	for _, i := range d.match.systemsFor(a.Resource) {
		for _, c := range d.systemChanges()[i] {
			recorded = true
			ch := d.in.Changes[c]
			if day := DateOf(ch.Time); day < from || day > to {
				continue
			}
			if strings.TrimSpace(ch.Ticket) != "" {
				return ""
			}
			near = true
		}
	}
	if recorded && !near {
		return RuleChangeNoTicket
	}
	return RulePrivilegedChange
}

// logChangeNote is the sentence a change-no-ticket finding adds to the
// privileged-change detail ("" for other rules).
func logChangeNote(rule string) string {
	if rule != RuleChangeNoTicket {
		return ""
	}
	return " The system's imported change log has no record of a change within a day of this activity."
}

// systemChanges lists, per system index, the change records tied to it
// (by name or a single identity match), built on first use.
func (d *detector) systemChanges() [][]int {
	if d.changesBySystem != nil {
		return d.changesBySystem
	}
	d.changesBySystem = make([][]int, len(d.in.Systems))
	names := d.systemNames()
	for j, c := range d.in.Changes {
		if i, ok := d.systemByLogName(c.System, names); ok {
			d.changesBySystem[i] = append(d.changesBySystem[i], j)
		}
	}
	return d.changesBySystem
}
