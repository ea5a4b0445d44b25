package export

import (
	"fmt"
	"strings"

	"auditwalk/model"
)

// narrativesSpec describes the control narratives document: for every
// control and subject walked, the narrative prose, the criteria it
// evidences, the evidence behind it and its gaps stated plainly. It runs
// to tens of megabytes, so it is streamed (see writeStreamed).
func (v *view) narrativesSpec() mdSpec {
	return mdSpec{title: "Control narratives — " + orDash(model.CleanLine(v.b.Engagement.Client)), tocDepth: 3,
		headings: len(v.summary.Results) + 64, // one per result, one per control (far fewer)
		render:   v.renderNarratives}
}

// renderNarratives renders the control narratives into d.
func (v *view) renderNarratives(d *mdDoc) error {
	d.preamble(v.disclaimer("Control narratives"))
	d.preamble("Each narrative is composed from the walkthrough answers through the questionnaire pack's template. " +
		"A narrative edited in the app is marked **edited**, and the generated text is kept below it for comparison.")
	// Results grouped by control, controls in order of first appearance;
	// positions rather than copies of the results.
	all := v.summary.Results
	byControl := map[string][]int32{}
	var order []string
	for i, r := range all {
		if _, ok := byControl[r.Control.ID]; !ok {
			order = append(order, r.Control.ID)
		}
		byControl[r.Control.ID] = append(byControl[r.Control.ID], int32(i))
	}
	if len(order) == 0 {
		d.p("No controls were walked.")
	}
	for _, id := range order {
		results := byControl[id]
		ctl := all[results[0]].Control
		d.h(2, ctl.ID+" — "+model.CleanLine(ctl.Title))
		if !d.outline {
			d.p(v.controlFacts(ctl))
		}
		for _, i := range results {
			if err := v.narrativeSubject(d, all[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// controlFacts renders the lines under a control heading: the criteria it
// evidences, how it applies, and the evidence an auditor accepts.
func (v *view) controlFacts(ctl *model.Control) string {
	lines := []string{"**Criteria evidenced:** " + Inline(orDash(v.criteriaLabel(ctl.Criteria)))}
	applies := "once for the organisation"
	if ctl.Applies == model.AppliesPerSystem {
		applies = "to each in-scope AI system"
	}
	lines = append(lines, "**Applies:** "+applies)
	if len(ctl.Evidence) > 0 {
		ev := make([]string, len(ctl.Evidence))
		for i, e := range ctl.Evidence {
			ev[i] = Inline(e)
		}
		lines = append(lines, "**Evidence an auditor accepts:** "+strings.Join(ev, "; "))
	}
	return strings.Join(lines, "\\\n")
}

// narrativeSubject writes one control narrative for one subject.
func (v *view) narrativeSubject(d *mdDoc, r model.ControlResult) error {
	ctl := r.Control
	d.h(3, ctl.ID+" · "+v.subjectName(r.Subject))
	if d.outline {
		return nil
	}
	d.p(fmt.Sprintf("**Status:** %s — %d of %d questions answered.", statusLabel(r.Status), r.Answered, r.Asked))
	generated, err := v.generatedNarrative(ctl, r.Subject)
	if err != nil {
		return err
	}
	if n, ok := v.b.Narratives[NarrativeKey{ctl.ID, r.Subject}]; ok && strings.TrimSpace(n.Text) != "" {
		d.p(fmt.Sprintf("**Narrative — edited** by %s, %s:", Inline(orDash(n.EditedBy)), when(n.EditedAt)))
		d.p(Block(n.Text))
		gen := n.Generated
		if strings.TrimSpace(gen) == "" {
			gen = generated
		}
		d.p("**Generated narrative** (kept for comparison):")
		d.p(orDash(Block(gen)))
	} else {
		d.p("**Narrative:**")
		d.p(orDash(Block(generated)))
	}
	v.narrativeEvidence(d, ctl, r.Subject)
	d.p("**Gaps:**")
	gaps := v.gaps(ctl, r.Subject)
	if len(gaps) == 0 {
		d.p("None found.")
	} else {
		d.list(gaps)
	}
	return nil
}

// generatedNarrative renders the pack template through the Narrator, or
// summarises the answers when there is none.
func (v *view) generatedNarrative(ctl *model.Control, subject string) (string, error) {
	if v.b.Narrator != nil && strings.TrimSpace(ctl.Narrative) != "" {
		s, err := v.b.Narrator(ctl, subject)
		if err != nil {
			return "", fmt.Errorf("export: narrative for %s (%s): %w", ctl.ID, subject, err)
		}
		return s, nil
	}
	var lines []string
	for i := range ctl.Questions {
		q := &ctl.Questions[i]
		a, ok := v.b.Answers[model.AnswerKey{QuestionID: q.ID, Subject: subject}]
		if !ok || !a.IsAnswered() {
			continue
		}
		line := model.CleanLine(q.Prompt) + " " + model.CleanLine(a.Display(q)) + "."
		if n := strings.TrimSpace(model.CleanLine(a.Note)); n != "" {
			line += " " + n
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n"), nil
}

func (v *view) narrativeEvidence(d *mdDoc, ctl *model.Control, subject string) {
	ev := v.evidenceFor(ctl, subject)
	if len(ev) == 0 {
		d.p("**Evidence:** none attached.")
		return
	}
	d.p("**Evidence:**")
	rows := make([][]string, len(ev))
	for i, e := range ev {
		rows[i] = []string{link(e.Ref(), docEvidence), Cell(e.Path), CodeCell(e.SHA256), Cell(string(e.EffectiveDate))}
	}
	d.table([]string{"Ref", "File", "SHA-256", "Effective"}, rows)
}

// gaps lists, in plain words, every answer that keeps the control from
// being met, missing answers, and the exceptions raised against it.
func (v *view) gaps(ctl *model.Control, subject string) []string {
	var sys *model.System
	if id, ok := model.SubjectSystemID(subject); ok {
		sys = v.sysByID[id]
	}
	var out []string
	for i := range ctl.Questions {
		q := &ctl.Questions[i]
		if !model.ConditionMet(v.pack, q.When, subject, sys, v.b.Answers) {
			continue
		}
		a, ok := v.b.Answers[model.AnswerKey{QuestionID: q.ID, Subject: subject}]
		st := model.ItemStatus(q, a, ok)
		prompt := Inline(q.Prompt)
		switch st {
		case model.StatusUnanswered:
			out = append(out, fmt.Sprintf("Not answered: %s", prompt))
		case model.StatusNotMet, model.StatusPartial, model.StatusUnknown:
			out = append(out, fmt.Sprintf("%s — answered **%s**%s", prompt, Inline(a.Display(q)), noteSuffix(a.Note)))
		}
		if ok && a.Flagged {
			out = append(out, fmt.Sprintf("Flagged for follow-up: %s%s", prompt, noteSuffix(a.Note)))
		}
	}
	for _, e := range v.exceptionsFor(ctl.ID, subject) {
		if e.Status.Active() {
			out = append(out, fmt.Sprintf("Open exception %s (%s): %s", v.exLink(*e), Inline(string(e.Severity)), Inline(e.Title)))
		}
	}
	return out
}

func noteSuffix(note string) string {
	if n := strings.TrimSpace(note); n != "" {
		return " (note: " + Inline(n) + ")"
	}
	return ""
}

// GeneratedNarrative is the narrative an export would generate for ctl and
// subject from b (the Narrator's rendering of the pack template, or a plain
// summary of the answers), so the app can show it beside an edited one.
func GeneratedNarrative(b *Bundle, ctl *model.Control, subject string) (string, error) {
	return (&view{b: b}).generatedNarrative(ctl, subject)
}
