package model

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// recordRef is the citation Ref of an imported record: its fingerprint
// (the store's key for it), else its location.
func recordRef(fingerprint, file string, line int) string {
	if fingerprint != "" {
		return fingerprint
	}
	return recordLocation(file, line)
}

// recordLocation is "file:line", or "" when the record has no location.
func recordLocation(file string, line int) string {
	if file == "" {
		return ""
	}
	return file + ":" + strconv.Itoa(line)
}

// systemByLogName finds the inventory system a change or review log names:
// by name (case ignored), else by a single identity match.
func (d *detector) systemByLogName(name string, names map[string]int) (int, bool) {
	key := strings.ToLower(strings.TrimSpace(name))
	if i, ok := names[key]; ok {
		return i, true
	}
	if m := d.match.systemsFor(key); len(m) == 1 {
		return m[0], true
	}
	return -1, false
}

func (d *detector) systemNames() map[string]int {
	names := map[string]int{}
	for i, s := range d.in.Systems {
		k := strings.ToLower(strings.TrimSpace(s.Name))
		if _, dup := names[k]; !dup {
			names[k] = i
		}
	}
	return names
}

func changeCitation(c ChangeRecord) Citation {
	label := fmt.Sprintf("%s %s change to %s", DateOf(c.Time), c.ChangeType, c.System)
	if c.Ticket != "" {
		label += " (" + c.Ticket + ")"
	}
	if loc := recordLocation(c.SourceFile, c.Line); loc != "" {
		label = loc + ": " + label
	}
	fp := c.Fingerprint
	if fp == "" {
		fp = c.ComputeFingerprint()
	}
	return Citation{Type: CiteChange, Ref: recordRef(fp, c.SourceFile, c.Line), Label: CleanLine(label)}
}

// detectChanges checks each model change record for approval, segregation
// of duties and testing. Each failing record is its own finding, as each is
// a deviation an auditor would count.
func (d *detector) detectChanges() {
	names := d.systemNames()
	for _, c := range d.in.Changes {
		fp, base, tier := d.changeFinding(c, names)
		what := fmt.Sprintf("The %s change to %s on %s (%s)", c.ChangeType, c.System, DateOf(c.Time), orDash(c.Ticket))
		var missing []string
		if strings.TrimSpace(c.ApprovedBy) == "" {
			missing = append(missing, "no approver")
		}
		if strings.TrimSpace(c.Ticket) == "" {
			missing = append(missing, "no ticket")
		}
		if len(missing) > 0 {
			f := base
			f.Title = CleanLine(fmt.Sprintf("Unapproved %s change to %s", c.ChangeType, c.System))
			f.Detail = CleanLine(fmt.Sprintf("%s has %s.", what, strings.Join(missing, " and ")))
			d.add(RuleChangeUnapproved, []string{fp}, tier, f)
		}
		if who := sodConflict(c); who != "" {
			f := base
			f.Title = CleanLine(fmt.Sprintf("%s change to %s approved by its %s", c.ChangeType, c.System, who))
			f.Detail = CleanLine(fmt.Sprintf("%s was approved by %s, who also %s it: no segregation of duties.",
				what, c.ApprovedBy, map[string]string{"requester": "requested", "deployer": "deployed"}[who]))
			d.add(RuleChangeSoD, []string{fp}, tier, f)
		}
		if c.Tested != TriYes {
			f := base
			f.Title = CleanLine(fmt.Sprintf("Untested %s change to %s", c.ChangeType, c.System))
			f.Detail = CleanLine(what + " is marked as not tested before release.")
			if c.Tested != TriNo {
				f.Detail = CleanLine(what + " has no record of testing before release.")
			}
			d.add(RuleChangeUntested, []string{fp}, tier, f)
		}
	}
}

// sodConflict names the role the approver also held ("requester" or
// "deployer"), or "" when duties were separated (or nobody approved).
func sodConflict(c ChangeRecord) string {
	a := strings.TrimSpace(c.ApprovedBy)
	switch {
	case a == "":
		return ""
	case strings.EqualFold(a, strings.TrimSpace(c.RequestedBy)):
		return "requester"
	case strings.EqualFold(a, strings.TrimSpace(c.DeployedBy)):
		return "deployer"
	}
	return ""
}

func reviewCitation(r ReviewRecord) Citation {
	label := fmt.Sprintf("%s sample %s of %s: %s by %s", r.Date, r.SampleID, r.System, r.Verdict, orDash(r.Reviewer))
	if r.IssueCategory != "" {
		label += " (" + r.IssueCategory + ")"
	}
	if loc := recordLocation(r.SourceFile, r.Line); loc != "" {
		label = loc + ": " + label
	}
	fp := r.Fingerprint
	if fp == "" {
		fp = r.ComputeFingerprint()
	}
	return Citation{Type: CiteReview, Ref: recordRef(fp, r.SourceFile, r.Line), Label: CleanLine(label)}
}

// detectReviews raises a finding for each sampled output whose latest
// review (by date, later rows winning ties) failed or needs follow-up: a
// later pass of the same sample resolves it.
func (d *detector) detectReviews() {
	type sample struct {
		key  [2]string
		rows []int
	}
	bySample := map[[2]string]*sample{}
	var order []*sample
	for j, r := range d.in.Reviews {
		k := [2]string{strings.ToLower(strings.TrimSpace(r.System)), strings.ToLower(strings.TrimSpace(r.SampleID))}
		s := bySample[k]
		if s == nil {
			s = &sample{key: k}
			bySample[k] = s
			order = append(order, s)
		}
		s.rows = append(s.rows, j)
	}
	names := d.systemNames()
	for _, s := range order {
		rows := slices.Clone(s.rows)
		slices.SortStableFunc(rows, func(a, b int) int { return cmp.Compare(d.in.Reviews[a].Date, d.in.Reviews[b].Date) })
		last := d.in.Reviews[rows[len(rows)-1]]
		rule := ""
		switch last.Verdict {
		case VerdictFail:
			rule = RuleReviewFailed
		case VerdictFollowUp:
			rule = RuleReviewFollowUp
		default:
			continue
		}
		f := Exception{}
		tier := Tier("")
		if i, ok := d.systemByLogName(last.System, names); ok {
			f.SystemIDs = []int64{d.in.Systems[i].ID}
			tier = d.tiers[i]
		}
		for k := len(rows) - 1; k >= 0; k-- {
			f.Citations = append(f.Citations, reviewCitation(d.in.Reviews[rows[k]]))
		}
		f.Title = CleanLine(fmt.Sprintf("Output review %s of %s: %s", last.SampleID, last.System, last.Verdict))
		f.Detail = CleanLine(fmt.Sprintf("Sample %s of %s was reviewed by %s on %s with verdict %s%s: %s",
			last.SampleID, last.System, orDash(last.Reviewer), last.Date, last.Verdict,
			wrapNonEmpty(" (", last.IssueCategory, ")"), orDash(last.Note)))
		d.add(rule, s.key[:], tier, f)
	}
}

func wrapNonEmpty(pre, s, post string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return pre + s + post
}

// changeFinding starts a finding about change record c: its fingerprint
// (computed when the record came without one), the record cited, and the
// inventory system it names, if any, cited too, with that system's tier.
func (d *detector) changeFinding(c ChangeRecord, names map[string]int) (string, Exception, Tier) {
	fp := c.Fingerprint
	if fp == "" {
		fp = c.ComputeFingerprint()
	}
	f := Exception{Citations: []Citation{changeCitation(c)}}
	tier := Tier("")
	if i, ok := d.systemByLogName(c.System, names); ok {
		f.SystemIDs = []int64{d.in.Systems[i].ID}
		f.Citations = append(f.Citations, systemCitation(d.in.Systems[i]))
		tier = d.tiers[i]
	}
	return fp, f, tier
}
