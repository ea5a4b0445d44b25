package model

import (
	"fmt"
	"slices"
	"strings"
)

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

// RuleLogGap flags an in-scope system whose logged activity stops for
// longer than MaxLogGapDays. Never rename it: it is part of its findings'
// fingerprints.
const RuleLogGap = "log-gap"

// MaxLogGapDays is the longest run of days without any logged activity
// tolerated between two active days of an in-scope system. A week covers
// weekends and public holidays of a system used on working days; a longer
// silence suggests logging stopped or the export is incomplete, which an
// auditor sampling the period would find.
const MaxLogGapDays = 7

// logGap is the longest silence of one system.
type logGap struct {
	after, before Date // the active days around it
	days          int  // silent days between them
	over          int  // how many silences exceed MaxLogGapDays
}

// detectLogGaps flags in-scope systems whose longest silence between two
// consecutive active days (tied through their identities, as for other
// activity) exceeds MaxLogGapDays. Days count within the observation
// period, or all imported days when the engagement has none (Type 1).
// Silence before the first or after the last active day is not counted: a
// system may start or retire mid-period, and a system with no activity at
// all is RuleNoActivity's concern.
func (d *detector) detectLogGaps() {
	from, to := d.in.Engagement.PeriodStart, d.in.Engagement.PeriodEnd
	if from == "" || to == "" {
		from, to = "", "9999-12-31"
	}
	days := make([]map[Date]bool, len(d.in.Systems))
	for i, tied := range d.systemActivity {
		for _, j := range tied {
			for _, day := range d.in.Access[j].Days {
				if day < from || day > to {
					continue
				}
				if days[i] == nil {
					days[i] = map[Date]bool{}
				}
				days[i][day] = true
			}
		}
	}
	for i, s := range d.in.Systems {
		if !d.inScope[i] || s.Approval == ApprovalRetired {
			continue
		}
		g, ok := longestGap(days[i])
		if !ok || g.days <= MaxLogGapDays {
			continue
		}
		f := Exception{
			Title: CleanLine(fmt.Sprintf("%d days without logged activity for %s", g.days, s.Name)),
			Detail: CleanLine(fmt.Sprintf("%s has logged activity on %d days in %s, but none between %s and %s "+
				"(%d days; %d silence(s) longer than %d days). Show that the system was not used then, "+
				"or that its logs for those days were kept.", s.Name, len(days[i]), d.periodLabel(),
				g.after, g.before, g.days, g.over, MaxLogGapDays)),
			SystemIDs: []int64{s.ID}, Citations: []Citation{systemCitation(s)},
		}
		d.citeAccess(&f, d.systemActivity[i])
		d.add(RuleLogGap, []string{idKey(s.ID)}, d.tiers[i], f)
	}
}

// longestGap finds the longest silence between consecutive active days
// (the earliest on ties); false with fewer than two valid days.
func longestGap(active map[Date]bool) (logGap, bool) {
	days := make([]Date, 0, len(active))
	for day := range active {
		if _, ok := day.Time(); ok {
			days = append(days, day)
		}
	}
	if len(days) < 2 {
		return logGap{}, false
	}
	slices.Sort(days)
	var g logGap
	for k := 1; k < len(days); k++ {
		a, _ := days[k-1].Time()
		b, _ := days[k].Time()
		silent := int(b.Sub(a).Hours()/24) - 1
		if silent > MaxLogGapDays {
			g.over++
		}
		if silent > g.days {
			g.after, g.before, g.days = days[k-1], days[k], silent
		}
	}
	return g, true
}
