package questionnaires

import (
	"fmt"
	"slices"
	"strings"
	"text/template"

	"auditwalk/model"
)

// NarrativeData is what a control narrative is rendered from: the pack (to
// resolve question ids), the engagement, the subject and its answers.
type NarrativeData struct {
	Pack       *model.Pack
	Engagement model.Engagement
	// Subject is model.SubjectOrg or model.SystemSubject(id).
	Subject string
	// System is the AI system for per-system subjects; nil for the
	// organisation.
	System *model.System
	// Answers may hold every subject's answers; functions pick the right
	// subject per question.
	Answers model.Answers
}

// templateData is the dot of a narrative template.
type templateData struct {
	// Client is the client organisation, or "the organisation" if unset.
	Client string
	// System is the AI system's name, or "" for organisation-wide controls.
	System string
	// SystemInfo is the inventory record, nil for organisation-wide controls.
	SystemInfo *model.System
	Engagement model.Engagement
	Control    *model.Control
	Subject    string
	// AsOf is the engagement's "as of" date (YYYY-MM-DD), possibly empty.
	AsOf string
}

// Gap is a question of the control that is not met for the subject, as
// listed by the gaps template function.
type Gap struct {
	ID     string
	Prompt string
	// Answer is the answer as displayed, or "not answered".
	Answer string
	Status model.Status
}

// questionFuncs are the template functions whose first argument is a
// question id; the validator checks those ids exist.
func questionFuncs() []string {
	return []string{"answer", "value", "has", "note", "answered", "asked", "status", "met", "gap", "claim"}
}

// funcMap binds the narrative functions to one subject's answers.
func funcMap(ctl *model.Control, d NarrativeData) template.FuncMap {
	return boundFuncMap(&binding{ctl: ctl, d: d})
}

// binding is the control and subject a parsed template's functions read at
// call time, so one parsed template serves every subject.
type binding struct {
	ctl *model.Control
	d   NarrativeData
}

// boundFuncMap binds the narrative functions to whatever b holds when a
// function is called.
func boundFuncMap(b *binding) template.FuncMap {
	lookup := func(id string) (*model.Question, model.Answer, bool, string, error) {
		d := b.d
		q, qc, ok := d.Pack.Question(id)
		if !ok {
			return nil, model.Answer{}, false, "", fmt.Errorf("unknown question %q", id)
		}
		subj := model.SubjectOrg
		if qc.Applies == model.AppliesPerSystem {
			subj = d.Subject
		}
		a, has := d.Answers[model.AnswerKey{QuestionID: id, Subject: subj}]
		return q, a, has && a.IsAnswered(), subj, nil
	}
	status := func(id string) (model.Status, error) {
		q, a, has, _, err := lookup(id)
		if err != nil {
			return "", err
		}
		return model.ItemStatus(q, a, has), nil
	}
	return template.FuncMap{
		"answer": func(id string) (string, error) {
			q, a, has, _, err := lookup(id)
			if err != nil || !has {
				return "", err
			}
			return model.CleanLine(a.Display(q)), nil
		},
		"value": func(id string) (string, error) {
			_, a, has, _, err := lookup(id)
			if err != nil || !has {
				return "", err
			}
			return model.CleanLine(a.Value), nil
		},
		"has": func(id, opt string) (bool, error) {
			_, a, has, _, err := lookup(id)
			if err != nil || !has {
				return false, err
			}
			return a.Value == opt || slices.Contains(a.Choices, opt), nil
		},
		"note": func(id string) (string, error) {
			_, a, _, _, err := lookup(id)
			return strings.TrimSpace(model.CleanText(a.Note)), err
		},
		"answered": func(id string) (bool, error) {
			_, _, has, _, err := lookup(id)
			return has, err
		},
		"asked": func(id string) (bool, error) {
			q, _, _, subj, err := lookup(id)
			if err != nil {
				return false, err
			}
			return model.ConditionMet(b.d.Pack, q.When, subj, b.d.System, b.d.Answers), nil
		},
		"status": func(id string) (string, error) {
			s, err := status(id)
			return string(s), err
		},
		"met": func(id string) (bool, error) {
			s, err := status(id)
			return s == model.StatusMet || s == model.StatusInfo, err
		},
		"gap": func(id string) (bool, error) {
			s, err := status(id)
			return isGap(s), err
		},
		"claim": func(id, yes, no string) (string, error) {
			q, a, has, _, err := lookup(id)
			if err != nil {
				return "", err
			}
			return claim(model.ItemStatus(q, a, has), a, yes, no), nil
		},
		"gaps":    func() []Gap { return gaps(b.ctl, b.d) },
		"gapList": func() string { return gapList(gaps(b.ctl, b.d)) },
		"join":    func(sep string, xs []string) string { return strings.Join(xs, sep) },
		"lower":   strings.ToLower,
	}
}

// claim words a yes/no fact by its status: the yes sentence when met, the
// no sentence when not, and plain qualifiers otherwise, so a narrative never
// overstates what was answered.
func claim(s model.Status, a model.Answer, yes, no string) string {
	switch s {
	case model.StatusMet, model.StatusInfo:
		return yes
	case model.StatusNotMet:
		return no
	case model.StatusPartial:
		return "Partly in place: " + yes
	case model.StatusNA:
		j := strings.TrimSpace(model.CleanLine(a.Justification))
		if j == "" {
			return "Not applicable."
		}
		return "Not applicable: " + j
	case model.StatusUnknown:
		return "Not known whether this holds: " + yes
	}
	return "Not yet confirmed: " + yes
}

// gapList renders gaps as a Markdown list under a "Gaps" line, or "" when
// there are none.
func gapList(gs []Gap) string {
	if len(gs) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n\nGaps:\n")
	for _, g := range gs {
		fmt.Fprintf(&b, "\n- %s (answer: %s)", strings.TrimSpace(g.Prompt), g.Answer)
	}
	return b.String()
}

func isGap(s model.Status) bool {
	switch s {
	case model.StatusNotMet, model.StatusPartial, model.StatusUnknown, model.StatusUnanswered:
		return true
	}
	return false
}

// gaps lists the control's asked questions that are not met for the subject.
func gaps(ctl *model.Control, d NarrativeData) []Gap {
	var out []Gap
	subj := d.Subject
	if ctl.Applies != model.AppliesPerSystem {
		subj = model.SubjectOrg
	}
	for i := range ctl.Questions {
		q := &ctl.Questions[i]
		if !model.ConditionMet(d.Pack, q.When, subj, d.System, d.Answers) {
			continue
		}
		a, has := d.Answers[model.AnswerKey{QuestionID: q.ID, Subject: subj}]
		s := model.ItemStatus(q, a, has)
		if !isGap(s) {
			continue
		}
		shown := "not answered"
		if s != model.StatusUnanswered {
			shown = model.CleanLine(a.Display(q))
		}
		out = append(out, Gap{ID: q.ID, Prompt: q.Prompt, Answer: shown, Status: s})
	}
	return out
}

// defaultNarrative is used for controls without a narrative template: each
// asked question with its answer, then the gaps.
const defaultNarrative = `{{range .Control.Questions}}{{if asked .ID}}- {{.Prompt}} {{or (answer .ID) "Not answered."}}
{{end}}{{end}}{{range gaps}}
Gap: {{.Prompt}} (answer: {{.Answer}}).{{end}}`

// RenderNarrative renders a control's narrative for one subject. Controls
// without a template get a plain list of questions, answers and gaps. The
// result has trailing spaces trimmed and runs of blank lines collapsed, so
// templates may be laid out for readability. It parses the template on
// every call; a NarrativeRenderer parses each control's template once.
func RenderNarrative(ctl *model.Control, data NarrativeData) (string, error) {
	return NewNarrativeRenderer().Render(ctl, data)
}

func dot(ctl *model.Control, d NarrativeData) templateData {
	td := templateData{
		Client:     model.CleanLine(strings.TrimSpace(d.Engagement.Client)),
		Engagement: d.Engagement,
		Control:    ctl,
		Subject:    d.Subject,
		AsOf:       string(d.Engagement.AsOf),
		SystemInfo: d.System,
	}
	if td.Client == "" {
		td.Client = "the organisation"
	}
	if d.System != nil {
		td.System = model.CleanLine(d.System.Name)
	}
	return td
}

// tidy trims trailing spaces, collapses blank-line runs and trims the ends.
func tidy(s string) string {
	var out []string
	blank := 0
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			blank++
			if blank > 1 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
