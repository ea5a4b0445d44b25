package questionnaires

import (
	"slices"
	"strings"

	"auditwalk/model"
)

// control decodes one control and checks what can be checked locally:
// required fields, criteria and crosswalk ids, applicability.
func (dc *decoder) control(n *node, sectionID string, si, ci int) (model.Control, bool) {
	m := dc.fields(n, "control", controlKeys())
	if m == nil {
		return model.Control{}, false
	}
	info := ctlInfo{si: si, ci: ci, line: n.line, fields: map[string]int{}, itemLines: map[string][]int{}}
	for k, e := range m {
		info.fields[k] = e.line
	}
	c := model.Control{SectionID: sectionID}
	c.ID, info.line = dc.str(m, "id", "control", n.line, true)
	what := "control " + quoteID(c.ID)
	c.Title, _ = dc.str(m, "title", what, info.line, true)
	c.Guidance, _ = dc.str(m, "guidance", what, info.line, false)
	c.Narrative, _ = dc.str(m, "narrative", what, info.line, false)
	if e, ok := m["narrative"]; ok && e.val.kind == kindScalar {
		info.narrative = e.val
	}
	var critLine int
	c.Criteria, info.itemLines["criteria"], critLine = dc.strList(m, "criteria", what)
	if len(c.Criteria) == 0 && emptyOrMissing(m, "criteria") {
		dc.ps.add(max(critLine, info.line), "%s needs at least one TSC criterion in \"criteria\" (the first is primary)", what)
	}
	for i, id := range c.Criteria {
		line := info.itemLines["criteria"][i]
		if _, ok := model.LookupCriterion(id); !ok {
			dc.ps.add(line, "%s: unknown TSC criterion %q (use ids like CC6.1, A1.2, PI1.4, P4.2)", what, id)
		}
		if slices.Index(c.Criteria, id) < i {
			dc.ps.add(line, "%s lists criterion %q twice", what, id)
		}
	}
	c.NIST, info.itemLines["nist"], _ = dc.strList(m, "nist", what)
	for i, id := range c.NIST {
		if ok, hint := validNIST(id); !ok {
			dc.ps.add(info.itemLines["nist"][i], "%s: %q is not a NIST AI RMF subcategory: %s", what, id, hint)
		}
	}
	c.ISO, info.itemLines["iso"], _ = dc.strList(m, "iso", what)
	for i, id := range c.ISO {
		if ok, hint := validISO(id); !ok {
			dc.ps.add(info.itemLines["iso"][i], "%s: %q is not an ISO/IEC 42001 reference: %s", what, id, hint)
		}
	}
	c.Evidence, _, _ = dc.strList(m, "evidence", what)
	applies, line := dc.str(m, "applies", what, info.line, true)
	c.Applies = model.Applies(applies)
	if applies != "" && c.Applies != model.AppliesOnce && c.Applies != model.AppliesPerSystem {
		dc.ps.add(line, "%s: applies must be \"once\" or \"per-system\", not %q", what, applies)
	}
	questions, qline, _ := dc.list(m, "questions", what)
	if len(questions) == 0 && emptyOrMissing(m, "questions") {
		dc.ps.add(max(qline, info.line), "%s needs at least one question", what)
	}
	for _, qn := range questions {
		if q, ok := dc.question(qn, c.ID, si, ci, len(c.Questions)); ok {
			c.Questions = append(c.Questions, q)
		}
	}
	dc.d.controls = append(dc.d.controls, info)
	return c, true
}

func quoteID(id string) string {
	if id == "" {
		return "(no id)"
	}
	return id
}

// question decodes one question and checks its kind, options and meets.
func (dc *decoder) question(n *node, controlID string, si, ci, qi int) (model.Question, bool) {
	m := dc.fields(n, "question", questionKeys())
	if m == nil {
		return model.Question{}, false
	}
	info := qInfo{si: si, ci: ci, qi: qi}
	q := model.Question{ControlID: controlID}
	q.ID, info.line = dc.str(m, "id", "question", n.line, true)
	what := "question " + quoteID(q.ID)
	q.Prompt, _ = dc.str(m, "prompt", what, info.line, true)
	q.Help, _ = dc.str(m, "help", what, info.line, false)
	kind, kline := dc.str(m, "kind", what, info.line, true)
	info.kindLine = kline
	q.Kind = model.QuestionKind(kind)
	if kind != "" && !q.Kind.Valid() {
		dc.ps.add(kline, "%s: unknown kind %q (use yesno, choice, multi, text, date or number)", what, kind)
	}
	q.Options, info.optLines = dc.options(m, what, q.Kind, kline)
	q.Meets, info.meetsLines, _ = dc.strList(m, "meets", what)
	dc.checkMeets(&q, what, info.meetsLines)
	if e, ok := m["when"]; ok {
		info.whenLine = e.line
		q.When, info.inLines = dc.when(e.val, what)
	}
	dc.d.questions = append(dc.d.questions, info)
	return q, true
}

// options decodes a question's options: required (two or more) for choice
// and multi, refused for other kinds.
func (dc *decoder) options(m map[string]entry, what string, kind model.QuestionKind, kline int) ([]model.Option, []int) {
	items, line, present := dc.list(m, "options", what)
	needs := kind == model.KindChoice || kind == model.KindMulti
	switch {
	case needs && len(items) < 2:
		dc.ps.add(max(line, kline), "%s: a %s question needs at least two options", what, kind)
	case !needs && present && kind.Valid():
		dc.ps.add(line, "%s: a %s question takes no options", what, kind)
	}
	var out []model.Option
	var lines []int
	for _, it := range items {
		om := dc.fields(it, "option", optionKeys())
		if om == nil {
			continue
		}
		v, vline := dc.str(om, "value", what+" option", it.line, true)
		l, _ := dc.str(om, "label", what+" option", it.line, true)
		v = strings.TrimSpace(v)
		switch {
		case v == model.AnswerNA || v == model.AnswerUnknown:
			dc.ps.add(vline, "%s: option value %q is reserved (N/A and unknown are offered on every question)", what, v)
		case v != "" && !validOptionValue(v):
			dc.ps.add(vline, "%s: option value %q must be lower-case letters, digits, '.', '-' or '_'", what, v)
		}
		if slices.ContainsFunc(out, func(o model.Option) bool { return o.Value == v }) {
			dc.ps.add(vline, "%s: option value %q given twice", what, v)
		}
		out = append(out, model.Option{Value: v, Label: strings.TrimSpace(l)})
		lines = append(lines, vline)
	}
	return out, lines
}

// checkMeets checks that every meets value is an answer the question can
// take and that counts as meeting: yes or no for yes/no questions, an option
// for choice and multi, nothing for text, date and number (those answers
// are informational).
func (dc *decoder) checkMeets(q *model.Question, what string, lines []int) {
	for i, v := range q.Meets {
		line := lines[i]
		if slices.Index(q.Meets, v) < i {
			dc.ps.add(line, "%s: meets lists %q twice", what, v)
		}
		switch q.Kind {
		case model.KindYesNo:
			if v != model.AnswerYes && v != model.AnswerNo {
				dc.ps.add(line, "%s: meets for a yesno question must be \"yes\" or \"no\", not %q (partial always counts half; N/A and unknown never meet)", what, v)
			}
		case model.KindChoice, model.KindMulti:
			if !slices.ContainsFunc(q.Options, func(o model.Option) bool { return o.Value == v }) {
				dc.ps.add(line, "%s: meets value %q is not one of its options", what, v)
			}
		case model.KindText, model.KindDate, model.KindNumber:
			dc.ps.add(line, "%s: a %s question records information and takes no meets", what, q.Kind)
			return
		}
	}
}

// when decodes a condition's shape; what it refers to is checked once the
// whole pack is known.
func (dc *decoder) when(n *node, what string) (*model.Condition, []int) {
	m := dc.fields(n, what+" when", whenKeys())
	if m == nil {
		return nil, nil
	}
	c := &model.Condition{}
	c.Question, _ = dc.str(m, "question", what+" when", n.line, false)
	c.Fact, _ = dc.str(m, "fact", what+" when", n.line, false)
	c.Question, c.Fact = strings.TrimSpace(c.Question), strings.TrimSpace(c.Fact)
	if (c.Question == "") == (c.Fact == "") {
		dc.ps.add(n.line, "%s: when needs exactly one of \"question\" or \"fact\"", what)
	}
	var inLine int
	var inLines []int
	c.In, inLines, inLine = dc.strList(m, "in", what+" when")
	if len(c.In) == 0 {
		dc.ps.add(max(inLine, n.line), "%s: when needs \"in\": the values that make the question apply", what)
	}
	return c, inLines
}
