package gen

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"auditwalk/model"
)

// answers saves Scale.Answers answers, one durable SaveAnswer each (the
// walkthrough's own path): every organisation-wide question once, then the
// per-system questions for the in-scope systems in id order until the count
// is reached, skipping questions whose condition the answers so far leave
// unasked.
func (b *builder) answers(ctx context.Context) error {
	var once, perSystem []model.Question
	for _, c := range b.pack.Controls() {
		for _, q := range c.Questions {
			if c.Applies == model.AppliesPerSystem {
				perSystem = append(perSystem, q)
			} else {
				once = append(once, q)
			}
		}
	}
	systems := model.InScopeSystems(b.snap.Systems)
	slices.SortFunc(systems, func(x, y model.System) int { return cmp.Compare(x.ID, y.ID) })
	saved := model.Answers{}
	// save answers q when the walkthrough would ask it, given the answers
	// so far: every saved answer counts as answered in the app.
	save := func(q model.Question, subject string, sys *model.System) error {
		if len(saved) >= b.cfg.Scale.Answers || !model.ConditionMet(b.pack, q.When, subject, sys, saved) {
			return nil
		}
		a, err := b.st.SaveAnswer(ctx, b.answer(q, subject))
		if err != nil {
			return err
		}
		saved[a.Key()] = a
		return nil
	}
	for _, q := range once {
		if err := save(q, model.SubjectOrg, nil); err != nil {
			return err
		}
	}
	for i := range systems {
		for _, q := range perSystem {
			if err := save(q, model.SystemSubject(systems[i].ID), &systems[i]); err != nil {
				return err
			}
		}
	}
	b.sum.Answers = len(saved)
	if b.sum.Answers < b.cfg.Scale.Answers {
		return fmt.Errorf("the pack and %d in-scope systems give only %d answers, want %d", len(systems), b.sum.Answers, b.cfg.Scale.Answers)
	}
	return nil
}

// answer is a valid answer to q: mostly meeting the control, with gaps,
// partials and unknowns mixed in, and a note on some.
func (b *builder) answer(q model.Question, subject string) model.Answer {
	r := b.rng
	a := model.Answer{QuestionID: q.ID, Subject: subject, Source: model.SourceInterview}
	switch q.Kind {
	case model.KindYesNo:
		a.Value = pick(r, []string{model.AnswerYes, model.AnswerYes, model.AnswerYes, model.AnswerNo, model.AnswerPartial, model.AnswerUnknown})
	case model.KindChoice:
		a.Value = pick(r, q.Options).Value
	case model.KindMulti:
		for _, o := range q.Options {
			if r.IntN(2) == 0 {
				a.Choices = append(a.Choices, o.Value)
			}
		}
		if len(a.Choices) == 0 {
			a.Choices = []string{q.Options[0].Value}
		}
	case model.KindDate:
		a.Value = fmt.Sprintf("2026-%02d-%02d", 1+r.IntN(3), 1+r.IntN(28))
	case model.KindNumber:
		a.Value = fmt.Sprint(1 + r.IntN(365))
	default:
		a.Value = fmt.Sprintf("Described in interview %d; see the runbook, section %d.", r.IntN(1000), 1+r.IntN(20))
	}
	if r.IntN(4) == 0 {
		a.Note = fmt.Sprintf("Walkthrough note %d: confirmed with the control owner.", r.IntN(100000))
	}
	return a
}
