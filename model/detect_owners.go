package model

import (
	"fmt"
	"strings"
)

// RuleOwnerUnseen flags an owner who leaves no trace in the imported
// records. Never rename it: it is part of its findings' fingerprints.
const RuleOwnerUnseen = "owner-not-seen"

// minNameWordLen keeps initials and short name parts ("t", "li") from
// matching unrelated log values; a three-letter name still counts.
const minNameWordLen = 3

// detectOwnersUnseen flags each named owner (business or technical) of an
// in-scope system who appears in no imported record: not as an access-log
// actor, a change requester, approver or deployer, or a reviewer. An owner
// nobody can find in the evidence is an owner on paper only. It runs only
// once some records were imported (without any, every owner would be
// flagged), and leaves empty or non-personal owners to RuleOwnership.
func (d *detector) detectOwnersUnseen() {
	seen := d.recordPeople()
	if seen == nil {
		return
	}
	for i, s := range d.in.Systems {
		if !d.inScope[i] {
			continue
		}
		for _, o := range []struct{ role, who string }{{"business", s.BusinessOwner}, {"technical", s.TechnicalOwner}} {
			who := strings.TrimSpace(o.who)
			if who == "" || !looksLikePerson(who) || ownerSeen(who, seen) {
				continue
			}
			d.add(RuleOwnerUnseen, []string{idKey(s.ID), o.role, strings.ToLower(who)}, d.tiers[i], Exception{
				Title: CleanLine(fmt.Sprintf("%s owner of %s never appears in the records", capitalise(o.role), s.Name)),
				Detail: CleanLine(fmt.Sprintf("%s, the %s owner of %s, is not an actor in the imported access logs, "+
					"a requester, approver or deployer of any imported change, or a reviewer of any imported output "+
					"review (%s). Show evidence that they exercise ownership, or name the person who does.",
					who, o.role, s.Name, d.recordCounts())),
				SystemIDs: []int64{s.ID}, Citations: []Citation{systemCitation(s)},
			})
		}
	}
}

// recordCounts says what was searched, for a finding's detail.
func (d *detector) recordCounts() string {
	return fmt.Sprintf("%d access-log groups, %d change records, %d review records searched",
		len(d.in.Access), len(d.in.Changes), len(d.in.Reviews))
}

// recordPeople is the set of name tokens (see personTokens) of everyone
// named in the imported records, or nil when no records were imported.
func (d *detector) recordPeople() map[string]bool {
	if len(d.in.Access) == 0 && len(d.in.Changes) == 0 && len(d.in.Reviews) == 0 {
		return nil
	}
	seen := map[string]bool{}
	add := func(v string) {
		for _, t := range personTokens(v) {
			seen[t] = true
		}
	}
	for _, a := range d.in.Access {
		add(a.Actor)
	}
	for _, c := range d.in.Changes {
		add(c.RequestedBy)
		add(c.ApprovedBy)
		add(c.DeployedBy)
	}
	for _, r := range d.in.Reviews {
		add(r.Reviewer)
	}
	return seen
}

// personTokens splits a record value into the lower-case tokens an owner
// can match: the whole value, its parts between identity separators
// ("arn:aws:iam::1:user/jane.doe" gives "jane.doe"), and the words of those
// parts split further at ".", "-" and "_" ("jane", "doe").
func personTokens(v string) []string {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "" {
		return nil
	}
	out := []string{v}
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r < 0x80 && isIdentitySep(byte(r)) && r != '.' }) {
		out = append(out, part)
		out = append(out, strings.FieldsFunc(part, func(r rune) bool { return r == '.' || r == '-' || r == '_' })...)
	}
	return out
}

// ownerSeen reports whether an owner matches any record token. An owner
// matches, case ignored, on the whole value, the local part of their
// e-mail, or any word of their name or local part of three or more
// letters: "jane@acme.example" matches the actor
// "arn:aws:iam::1:user/jane" and the reviewer "Jane Doe". Matching on one
// word errs towards "seen": the rule wants owners with no trace at all.
func ownerSeen(owner string, seen map[string]bool) bool {
	o := strings.ToLower(strings.TrimSpace(owner))
	keys := []string{o}
	name := o
	if local, _, ok := strings.Cut(o, "@"); ok {
		keys = append(keys, local)
		name = local
	}
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '.' || r == '-' || r == '_' }) {
		if len([]rune(w)) >= minNameWordLen {
			keys = append(keys, w)
		}
	}
	for _, k := range keys {
		if seen[k] {
			return true
		}
	}
	return false
}
