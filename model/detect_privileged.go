package model

import (
	"fmt"
	"slices"
	"strings"
)

// Rule ids of privileged changes seen in access logs.
const (
	RuleLoggingDisabled  = "logging-disabled"
	RulePrivilegedChange = "privileged-change"
)

// privilegedAction classifies a log action as a change an auditor wants to
// see approved: turning AI logging off (the trail that every other control
// relies on), or changing guardrails, credentials or permissions. It
// returns the rule id and a short description, or "" for ordinary use.
// Matching is by lower-case substring so one pattern covers the CloudTrail,
// Azure, Google Cloud and OpenAI spellings of the same operation.
func privilegedAction(action string) (string, string) {
	a := strings.ToLower(action)
	switch {
	case containsAny(a, "deletemodelinvocationlogging", "stoplogging", "deletetrail",
		"diagnosticsettings/delete", "deletesink", "logging.disabled", "audit_log.disabled"):
		return RuleLoggingDisabled, "AI interaction logging turned off"
	case containsAny(a, "deleteguardrail", "updateguardrail", "guardrail.deleted", "guardrail.updated",
		"contentfilter", "raipolicies/delete", "raipolicies/write"):
		return RulePrivilegedChange, "guardrail or content filter changed"
	case containsAny(a, "api_key.created", "createaccesskey", "createapikey", "listkeys/action",
		"regeneratekey", "service_account.created", "serviceaccountkeys.create"):
		return RulePrivilegedChange, "credential created"
	case containsAny(a, "setiampolicy", "putrolepolicy", "attachrolepolicy", "roleassignments/write",
		"role.assigned", "project.user.added", "user.role"):
		return RulePrivilegedChange, "permission granted or changed"
	}
	return "", ""
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// detectPrivilegedChanges raises one finding per (rule, service, actor,
// action) seen in the logs: each needs an approved change record or ticket,
// and turning logging off is worse than the rest.
func (d *detector) detectPrivilegedChanges() {
	type group struct {
		rule, what, service, actor, action string
		rows                               []int
		events                             int64
		systems                            []int64
	}
	groups := map[string]*group{}
	var keys []string
	for j, a := range d.in.Access {
		rule, what := privilegedAction(a.Action)
		if rule == RulePrivilegedChange {
			rule = d.logChangeRule(a) // "" when a ticketed change record covers it
		}
		if rule == "" {
			continue
		}
		k := rule + "\x00" + strings.ToLower(a.Service) + "\x00" + strings.ToLower(a.Actor) + "\x00" + strings.ToLower(a.Action)
		g := groups[k]
		if g == nil {
			g = &group{rule: rule, what: what, service: a.Service, actor: a.Actor, action: a.Action}
			groups[k] = g
			keys = append(keys, k)
		}
		g.rows = append(g.rows, j)
		g.events += a.Events
		for _, i := range d.match.systemsFor(a.Resource) {
			if id := d.in.Systems[i].ID; !slices.Contains(g.systems, id) {
				g.systems = append(g.systems, id)
			}
		}
	}
	slices.Sort(keys)
	byID := make(map[int64]int, len(d.in.Systems))
	for i, s := range d.in.Systems {
		byID[s.ID] = i
	}
	for _, k := range keys {
		g := groups[k]
		f := Exception{
			Title: CleanLine(fmt.Sprintf("%s: %s %s by %s", capitalise(g.what), orDash(g.service), orDash(g.action), orDash(g.actor))),
			Detail: CleanLine(fmt.Sprintf("%d %s %s events by %s (%s). Show the approved change (ticket, approver) "+
				"that covers it, or treat it as an incident.%s", g.events, orDash(g.service), orDash(g.action), orDash(g.actor), g.what,
				logChangeNote(g.rule))),
			SystemIDs: g.systems,
		}
		d.citeAccess(&f, g.rows)
		tier := Tier("")
		for _, id := range g.systems {
			tier = worstTier(tier, d.tiers[byID[id]])
		}
		d.add(g.rule, []string{strings.ToLower(g.service), strings.ToLower(g.actor), strings.ToLower(g.action)}, tier, f)
	}
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
