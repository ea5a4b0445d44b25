package questionnaires

import (
	"slices"

	"auditwalk/model"
)

// sampleSystemID is the id of the made-up system templates are tried on.
const sampleSystemID = 1

// sampleData builds narrative data for trying a template: mode "meet"
// answers every question in a way that meets it, "fail" in a way that does
// not, and "" leaves everything unanswered.
func sampleData(p *model.Pack, ctl *model.Control, mode string) NarrativeData {
	sys := &model.System{
		ID: sampleSystemID, Name: "Sample assistant", Deployment: model.DeployThirdPartyAPI,
		Approval: model.ApprovalApproved, AffectsService: true, Oversight: model.OversightSampled,
		Logging: model.LoggingFull, DataCategories: []model.DataCategory{model.DataCustomer},
	}
	d := NarrativeData{
		Pack:       p,
		Engagement: model.Engagement{Client: "Example Ltd", Readiness: model.Type2, AsOf: "2025-01-31"},
		Subject:    model.SubjectOrg,
		Answers:    model.Answers{},
	}
	if ctl.Applies == model.AppliesPerSystem {
		d.Subject = model.SystemSubject(sampleSystemID)
		d.System = sys
	}
	if mode == "" {
		return d
	}
	for _, c := range p.Controls() {
		subj := model.SubjectOrg
		if c.Applies == model.AppliesPerSystem {
			subj = model.SystemSubject(sampleSystemID)
		}
		for i := range c.Questions {
			q := &c.Questions[i]
			a := sampleAnswer(q, mode == "meet")
			a.QuestionID, a.Subject = q.ID, subj
			d.Answers[a.Key()] = a
		}
	}
	return d
}

// sampleAnswer answers q so that it meets (or fails) the control.
func sampleAnswer(q *model.Question, meet bool) model.Answer {
	a := model.Answer{Note: "Sample note."}
	pick := func() string {
		for _, o := range q.Options {
			if slices.Contains(q.Meets, o.Value) == meet {
				return o.Value
			}
		}
		if len(q.Options) > 0 {
			return q.Options[0].Value
		}
		return ""
	}
	switch q.Kind {
	case model.KindYesNo:
		yes := !slices.Contains(q.Meets, model.AnswerNo)
		if yes == meet {
			a.Value = model.AnswerYes
		} else {
			a.Value = model.AnswerNo
		}
	case model.KindChoice:
		a.Value = pick()
	case model.KindMulti:
		a.Choices = []string{pick()}
	case model.KindDate:
		a.Value = "2025-01-15"
	case model.KindNumber:
		a.Value = "30"
	default:
		a.Value = "Sample text"
	}
	return a
}
