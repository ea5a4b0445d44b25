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
//
// Items point into p and into systems (not a copy: on a large engagement
// the walk is ~45,000 items over 2,000 systems), so callers replace those
// rather than edit them in place while the items are in use.
func Walk(p *Pack, answers Answers, systems []System) []Item {
	var inScope []*System
	for i := range systems {
		if in, _ := systems[i].InScope(); in {
			inScope = append(inScope, &systems[i])
		}
	}
	w := walker{p: p, answers: answers, parents: conditionParents(p)}
	w.items = make([]Item, 0, walkCap(p, len(inScope)))
	for si := range p.Sections {
		sec := &p.Sections[si]
		for ci := range sec.Controls {
			ctl := &sec.Controls[ci]
			if ctl.Applies == AppliesPerSystem {
				for _, sys := range inScope {
					w.control(sec, ctl, SystemSubject(sys.ID), sys)
				}
				continue
			}
			w.control(sec, ctl, SubjectOrg, nil)
		}
	}
	return w.items
}

// walker carries one Walk's inputs and the parent index its conditions use.
type walker struct {
	p       *Pack
	answers Answers
	// parents maps each question a condition refers to onto its control,
	// built once per Walk: looking each up with p.Question scanned the
	// whole pack per conditional question per subject.
	parents map[string]*Control
	items   []Item
}

func (w *walker) control(sec *Section, ctl *Control, subject string, sys *System) {
	for qi := range ctl.Questions {
		q := &ctl.Questions[qi]
		if c := q.When; c != nil {
			parent, ok := w.parents[c.Question]
			if c.Fact == "" && !ok {
				continue
			}
			if !conditionHolds(c, parent, subject, sys, w.answers) {
				continue
			}
		}
		w.items = append(w.items, Item{Question: q, Control: ctl, Section: sec, Subject: subject, System: sys})
	}
}

// conditionParents indexes the controls of the questions conditions refer
// to; nil when no question is conditional on another.
func conditionParents(p *Pack) map[string]*Control {
	var m map[string]*Control
	for si := range p.Sections {
		for ci := range p.Sections[si].Controls {
			for _, q := range p.Sections[si].Controls[ci].Questions {
				if q.When != nil && q.When.Fact == "" {
					if m == nil {
						m = map[string]*Control{}
					}
					m[q.When.Question] = nil
				}
			}
		}
	}
	if m == nil {
		return nil
	}
	for si := range p.Sections {
		for ci := range p.Sections[si].Controls {
			c := &p.Sections[si].Controls[ci]
			for _, q := range c.Questions {
				if parent, ok := m[q.ID]; ok && parent == nil {
					m[q.ID] = c // the first wins, as in p.Question
				}
			}
		}
	}
	for id, c := range m {
		if c == nil {
			delete(m, id)
		}
	}
	return m
}

// walkCap is the most items a walk can hold (every condition met), so the
// slice is allocated once instead of doubling its way up.
func walkCap(p *Pack, inScope int) int {
	n := 0
	for si := range p.Sections {
		for _, c := range p.Sections[si].Controls {
			if c.Applies == AppliesPerSystem {
				n += len(c.Questions) * inScope
			} else {
				n += len(c.Questions)
			}
		}
	}
	return n
}

// ConditionMet evaluates a question's condition. A condition on a question
// of a per-system control reads that system's answer; otherwise the
// organisation's.
func ConditionMet(p *Pack, c *Condition, subject string, sys *System, answers Answers) bool {
	if c == nil {
		return true
	}
	var parent *Control
	if c.Fact == "" {
		_, ctl, ok := p.Question(c.Question)
		if !ok {
			return false
		}
		parent = ctl
	}
	return conditionHolds(c, parent, subject, sys, answers)
}

// conditionHolds is ConditionMet once the control of the question c refers
// to (parent, unused for fact conditions) has been found.
func conditionHolds(c *Condition, parent *Control, subject string, sys *System, answers Answers) bool {
	if c.Fact != "" {
		if sys == nil {
			return false
		}
		v, ok := sys.Fact(c.Fact)
		return ok && slices.Contains(c.In, v)
	}
	subj := SubjectOrg
	if parent.Applies == AppliesPerSystem {
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
