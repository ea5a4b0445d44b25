package model

import "slices"

// Item is one question to ask of one subject: the unit the walkthrough steps
// through and progress counts.
type Item struct {
	Question *Question
	Control  *Control
	Section  *Section
	Subject  string
	// System is set for per-system items.
	System *System
}

// Key returns the answer key of the item.
func (it Item) Key() AnswerKey { return AnswerKey{it.Question.ID, it.Subject} }

// Answers is the set of recorded answers by key.
type Answers map[AnswerKey]Answer

// InScopeSystems returns the systems whose effective scope is in, in the
// given order.
func InScopeSystems(systems []System) []System {
	var out []System
	for _, s := range systems {
		if in, _ := s.InScope(); in {
			out = append(out, s)
		}
	}
	return out
}

// Walk lists the items to ask, in pack order, given the answers so far and
// the in-scope systems. Per-system controls are expanded once per in-scope
// system, grouped by system. Conditional questions whose condition is not met
// are left out (their answers, if any, are kept but not counted).
func Walk(p *Pack, answers Answers, systems []System) []Item {
	inScope := InScopeSystems(systems)
	var items []Item
	for si := range p.Sections {
		sec := &p.Sections[si]
		for ci := range sec.Controls {
			ctl := &sec.Controls[ci]
			if ctl.Applies == AppliesPerSystem {
				for i := range inScope {
					sys := &inScope[i]
					items = appendControlItems(items, p, sec, ctl, SystemSubject(sys.ID), sys, answers)
				}
				continue
			}
			items = appendControlItems(items, p, sec, ctl, SubjectOrg, nil, answers)
		}
	}
	return items
}

func appendControlItems(items []Item, p *Pack, sec *Section, ctl *Control, subject string, sys *System, answers Answers) []Item {
	for qi := range ctl.Questions {
		q := &ctl.Questions[qi]
		if !ConditionMet(p, q.When, subject, sys, answers) {
			continue
		}
		items = append(items, Item{Question: q, Control: ctl, Section: sec, Subject: subject, System: sys})
	}
	return items
}

// ConditionMet evaluates a question's condition. A condition on a question
// of a per-system control reads that system's answer; otherwise the
// organisation's.
func ConditionMet(p *Pack, c *Condition, subject string, sys *System, answers Answers) bool {
	if c == nil {
		return true
	}
	if c.Fact != "" {
		if sys == nil {
			return false
		}
		v, ok := sys.Fact(c.Fact)
		return ok && slices.Contains(c.In, v)
	}
	_, parentCtl, ok := p.Question(c.Question)
	if !ok {
		return false
	}
	subj := SubjectOrg
	if parentCtl.Applies == AppliesPerSystem {
		subj = subject
	}
	a, ok := answers[AnswerKey{c.Question, subj}]
	if !ok {
		return false
	}
	if slices.Contains(c.In, a.Value) {
		return true
	}
	for _, ch := range a.Choices {
		if slices.Contains(c.In, ch) {
			return true
		}
	}
	return false
}
