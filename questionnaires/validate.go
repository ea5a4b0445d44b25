package questionnaires

import (
	"slices"
	"strings"

	"auditwalk/model"
)

// validate runs the checks that need the whole pack: unique ids, conditions,
// coverage and narrative templates.
func validate(d *decoded, ps *problems) {
	p := d.pack
	if p.ID != "" && !validID(p.ID) {
		ps.add(1, "pack id %q must be letters, digits, '.', '-' or '_' (at most 64)", p.ID)
	}
	checkUnique(ps, "section", len(d.sectionLines), func(i int) (string, int) {
		return p.Sections[i].ID, d.sectionLines[i]
	})
	checkUnique(ps, "control", len(d.controls), func(i int) (string, int) {
		c := d.controls[i]
		return p.Sections[c.si].Controls[c.ci].ID, c.line
	})
	checkUnique(ps, "question", len(d.questions), func(i int) (string, int) {
		q := d.questions[i]
		return p.Sections[q.si].Controls[q.ci].Questions[q.qi].ID, q.line
	})
	checkConditions(d, ps)
	checkCoverage(d, ps)
	for _, ci := range d.controls {
		checkNarrative(p, &p.Sections[ci.si].Controls[ci.ci], ci, ps)
	}
}

// checkUnique reports malformed ids and every repeat of an id, naming the
// line of its first use.
func checkUnique(ps *problems, what string, n int, at func(int) (string, int)) {
	first := map[string]int{}
	for i := range n {
		id, line := at(i)
		if id == "" {
			continue // already reported as missing
		}
		if !validID(id) {
			ps.add(line, "%s id %q must be letters, digits, '.', '-' or '_' (at most 64)", what, id)
		}
		if prev, dup := first[id]; dup {
			ps.add(line, "duplicate %s id %q (first used at line %d)", what, id, prev)
			continue
		}
		first[id] = line
	}
}

// checkConditions checks every when: a question condition must refer to an
// earlier question that can be answered with the listed values; a fact
// condition must name a known inventory fact, in a per-system control.
func checkConditions(d *decoded, ps *problems) {
	p := d.pack
	index := map[string]int{}
	for i, qi := range d.questions {
		q := &p.Sections[qi.si].Controls[qi.ci].Questions[qi.qi]
		if _, dup := index[q.ID]; !dup && q.ID != "" {
			index[q.ID] = i
		}
	}
	for i, qi := range d.questions {
		ctl := &p.Sections[qi.si].Controls[qi.ci]
		q := &ctl.Questions[qi.qi]
		if q.When == nil {
			continue
		}
		what := "question " + quoteID(q.ID)
		c := q.When
		switch {
		case c.Fact != "":
			checkFactCondition(ps, qi, ctl, what, c)
		case c.Question != "":
			j, ok := index[c.Question]
			switch {
			case !ok:
				ps.add(qi.whenLine, "%s: when refers to unknown question %q", what, c.Question)
				continue
			case j == i:
				ps.add(qi.whenLine, "%s: when refers to the question itself", what)
				continue
			case j > i:
				ps.add(qi.whenLine, "%s: when refers to question %q, which comes later; conditions may only use earlier questions", what, c.Question)
				continue
			}
			pi := d.questions[j]
			parentCtl := &p.Sections[pi.si].Controls[pi.ci]
			parent := &parentCtl.Questions[pi.qi]
			if ctl.Applies == model.AppliesOnce && parentCtl.Applies == model.AppliesPerSystem {
				ps.add(qi.whenLine, "%s: an organisation-wide question cannot depend on per-system question %q", what, c.Question)
			}
			allowed := answerValues(parent)
			if allowed == nil {
				ps.add(qi.whenLine, "%s: when must refer to a yesno, choice or multi question; %q is %s", what, c.Question, parent.Kind)
				continue
			}
			for k, v := range c.In {
				if !slices.Contains(allowed, v) {
					ps.add(lineAt(qi.inLines, k, qi.whenLine), "%s: when value %q is not an answer to %q (one of %s)", what, v, c.Question, strings.Join(allowed, ", "))
				}
			}
		}
	}
}

func checkFactCondition(ps *problems, qi qInfo, ctl *model.Control, what string, c *model.Condition) {
	if !slices.Contains(model.FactNames(), c.Fact) {
		ps.add(qi.whenLine, "%s: unknown fact %q (known: %s)", what, c.Fact, strings.Join(model.FactNames(), ", "))
		return
	}
	if ctl.Applies != model.AppliesPerSystem {
		ps.add(qi.whenLine, "%s: fact conditions need a per-system control; control %q applies once", what, ctl.ID)
	}
	allowed := factValues(c.Fact)
	for k, v := range c.In {
		if !slices.Contains(allowed, v) {
			ps.add(lineAt(qi.inLines, k, qi.whenLine), "%s: when value %q is not a value of fact %q (one of %s)", what, v, c.Fact, strings.Join(allowed, ", "))
		}
	}
}

func lineAt(lines []int, i, fallback int) int {
	if i < len(lines) {
		return lines[i]
	}
	return fallback
}

// answerValues lists the values a question's answer can take, or nil for
// kinds a condition cannot test.
func answerValues(q *model.Question) []string {
	switch q.Kind {
	case model.KindYesNo:
		return []string{model.AnswerYes, model.AnswerNo, model.AnswerPartial, model.AnswerNA, model.AnswerUnknown}
	case model.KindChoice, model.KindMulti:
		var out []string
		for _, o := range q.Options {
			out = append(out, o.Value)
		}
		return append(out, model.AnswerNA, model.AnswerUnknown)
	}
	return nil
}

// factValues lists the values an inventory fact can take (see
// model.System.Fact).
func factValues(name string) []string {
	switch name {
	case "deployment":
		return asStrings(model.Deployments())
	case "oversight":
		return asStrings(model.Oversights())
	case "logging":
		return asStrings(model.Loggings())
	case "approval":
		return asStrings(model.Approvals())
	case "tier":
		return []string{string(model.TierHigh), string(model.TierMedium), string(model.TierLow)}
	}
	return []string{model.AnswerYes, model.AnswerNo}
}

func asStrings[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// checkCoverage checks the covered list and, for packs that claim complete
// coverage, that every TSC criterion is evidenced or covered.
func checkCoverage(d *decoded, ps *problems) {
	p := d.pack
	evidenced := map[string]bool{}
	for _, c := range p.Controls() {
		for _, id := range c.Criteria {
			evidenced[id] = true
		}
	}
	seen := map[string]int{}
	for i, cv := range p.Covered {
		line := d.coveredLines[i]
		if cv.Criterion == "" {
			continue
		}
		if _, ok := model.LookupCriterion(cv.Criterion); !ok {
			ps.add(line, "covered: unknown TSC criterion %q", cv.Criterion)
		}
		if prev, dup := seen[cv.Criterion]; dup {
			ps.add(line, "covered: criterion %q listed twice (first at line %d)", cv.Criterion, prev)
		}
		seen[cv.Criterion] = line
		if evidenced[cv.Criterion] {
			ps.add(line, "covered: criterion %q is also evidenced by a control; remove it from covered", cv.Criterion)
		}
	}
	if !d.completeCoverage {
		return
	}
	var missing []string
	for _, c := range model.Criteria() {
		if !evidenced[c.ID] && seen[c.ID] == 0 {
			missing = append(missing, c.ID)
		}
	}
	if len(missing) > 0 {
		ps.add(d.coverageLine, "complete_coverage: %d criteria neither evidenced by a control nor covered with a reason: %s", len(missing), strings.Join(missing, ", "))
	}
}

// Coverage splits the 61 TSC criteria into those a pack's controls evidence,
// those it leaves to the general SOC 2 programme (covered), and those it
// does neither with (missing), each in TSC order.
func Coverage(p *model.Pack) (evidenced, covered, missing []string) {
	ev := map[string]bool{}
	for _, c := range p.Controls() {
		for _, id := range c.Criteria {
			ev[id] = true
		}
	}
	cov := map[string]bool{}
	for _, c := range p.Covered {
		cov[c.Criterion] = true
	}
	for _, c := range model.Criteria() {
		switch {
		case ev[c.ID]:
			evidenced = append(evidenced, c.ID)
		case cov[c.ID]:
			covered = append(covered, c.ID)
		default:
			missing = append(missing, c.ID)
		}
	}
	return evidenced, covered, missing
}
