package model

import "slices"

// Status is the assessment of one answered item or of a control.
type Status string

// Statuses, from best to worst for controls.
const (
	StatusUnanswered Status = "unanswered"
	StatusMet        Status = "met"
	StatusPartial    Status = "partial"
	StatusNotMet     Status = "not-met"
	StatusNA         Status = "na"
	StatusUnknown    Status = "unknown"
	// StatusInfo is an answered question that records facts rather than
	// meeting or failing the control (text, date, number without Meets).
	StatusInfo Status = "info"
)

// ItemStatus evaluates one answer against its question.
func ItemStatus(q *Question, a Answer, ok bool) Status {
	if !ok || !a.IsAnswered() {
		return StatusUnanswered
	}
	switch a.Value {
	case AnswerNA:
		return StatusNA
	case AnswerUnknown:
		return StatusUnknown
	}
	meets := q.Meets
	if q.Kind == KindYesNo {
		if len(meets) == 0 {
			meets = []string{AnswerYes}
		}
		if a.Value == AnswerPartial {
			return StatusPartial
		}
	}
	if len(meets) == 0 {
		return StatusInfo
	}
	if q.Kind == KindMulti {
		for _, c := range a.Choices {
			if slices.Contains(meets, c) {
				return StatusMet
			}
		}
		return StatusNotMet
	}
	if slices.Contains(meets, a.Value) {
		return StatusMet
	}
	return StatusNotMet
}

// ControlResult is a control's assessment for one subject.
type ControlResult struct {
	Control  *Control
	Subject  string
	Asked    int
	Answered int
	Flagged  int
	Met      int
	Partial  int
	NotMet   int
	Unknown  int
	NA       int
	// Status: unanswered until every asked question is answered, then
	// not-met if any question fails, partial if any is partial or unknown,
	// na if all are N/A, else met.
	Status Status
}

// Score is the readiness contribution in [0,1] of a complete result, and
// counts is false when it should not count (incomplete or N/A).
func (r ControlResult) Score() (float64, bool) {
	switch r.Status {
	case StatusMet:
		return 1, true
	case StatusPartial:
		return 0.5, true
	case StatusNotMet:
		return 0, true
	}
	return 0, false
}

// Assess evaluates every control-subject pair reached by the items, in order.
func Assess(items []Item, answers Answers) []ControlResult {
	// Sized up front: growing ~20,000 results by doubling was most of
	// Assess's time on the large engagement.
	n := runs(items)
	out := make([]ControlResult, 0, n)
	idx := make(map[[2]string]int, n)
	last, lastKey := -1, [2]string{}
	for _, it := range items {
		// A walk yields a control's questions for one subject together, so
		// most items belong to the previous item's result: skip the map.
		k := [2]string{it.Control.ID, it.Subject}
		i := last
		if last < 0 || k != lastKey {
			var ok bool
			if i, ok = idx[k]; !ok {
				out = append(out, ControlResult{Control: it.Control, Subject: it.Subject})
				i = len(out) - 1
				idx[k] = i
			}
			last, lastKey = i, k
		}
		r := &out[i]
		a, has := answers[it.Key()]
		r.Asked++
		if has && a.Flagged {
			r.Flagged++
		}
		switch ItemStatus(it.Question, a, has) {
		case StatusUnanswered:
			continue
		case StatusMet, StatusInfo:
			r.Met++
		case StatusPartial:
			r.Partial++
		case StatusNotMet:
			r.NotMet++
		case StatusUnknown:
			r.Unknown++
		case StatusNA:
			r.NA++
		}
		r.Answered++
	}
	for i := range out {
		out[i].Status = controlStatus(out[i])
	}
	return out
}

// runs counts the runs of consecutive items with the same control and
// subject: at least the number of results Assess makes from them.
func runs(items []Item) int {
	n := 0
	for i := range items {
		if i == 0 || items[i].Control != items[i-1].Control || items[i].Subject != items[i-1].Subject {
			n++
		}
	}
	return n
}

func controlStatus(r ControlResult) Status {
	switch {
	case r.NotMet > 0:
		return StatusNotMet
	case r.Answered < r.Asked:
		return StatusUnanswered
	case r.Partial > 0 || r.Unknown > 0:
		return StatusPartial
	case r.NA == r.Asked:
		return StatusNA
	}
	return StatusMet
}

// Tally is progress and readiness over a group of controls.
type Tally struct {
	Asked    int
	Answered int
	Flagged  int
	// Controls counts control-subject results; Complete those fully answered
	// (or already failed); Gaps those not met.
	Controls int
	Complete int
	Gaps     int
	scoreSum float64
	scored   int
}

// Add folds a control result into the tally.
func (t *Tally) Add(r ControlResult) {
	t.Asked += r.Asked
	t.Answered += r.Answered
	t.Flagged += r.Flagged
	t.Controls++
	if r.Status != StatusUnanswered {
		t.Complete++
	}
	if r.Status == StatusNotMet {
		t.Gaps++
	}
	if s, ok := r.Score(); ok {
		t.scoreSum += s
		t.scored++
	}
}

// Progress is answered/asked in [0,1].
func (t Tally) Progress() float64 {
	if t.Asked == 0 {
		return 0
	}
	return float64(t.Answered) / float64(t.Asked)
}

// Readiness is the mean score of the assessed controls in [0,1]; ok is false
// when nothing has been assessed yet.
func (t Tally) Readiness() (float64, bool) {
	if t.scored == 0 {
		return 0, false
	}
	return t.scoreSum / float64(t.scored), true
}

// Summary is progress and readiness overall, per TSC category and per section.
type Summary struct {
	Overall    Tally
	ByCategory map[Category]*Tally
	BySection  map[string]*Tally
	Results    []ControlResult
}

// Summarize computes a Summary. A control counts towards every category its
// criteria touch.
func Summarize(p *Pack, answers Answers, systems []System) Summary {
	return SummarizeResults(Assess(Walk(p, answers, systems), answers))
}

// SummarizeResults tallies results already assessed, so a caller holding
// Walk and Assess over the same answers need not walk the pack again.
func SummarizeResults(results []ControlResult) Summary {
	cats := Categories()
	s := Summary{ByCategory: make(map[Category]*Tally, len(cats)), BySection: map[string]*Tally{}, Results: results}
	byCat := make([]Tally, len(cats))
	for i, c := range cats {
		s.ByCategory[c] = &byCat[i]
	}
	var sec *Tally
	secID := ""
	for _, r := range results {
		s.Overall.Add(r)
		if sec == nil || r.Control.SectionID != secID {
			secID = r.Control.SectionID
			if sec = s.BySection[secID]; sec == nil {
				sec = &Tally{}
				s.BySection[secID] = sec
			}
		}
		sec.Add(r)
		// A bit per category instead of a map per result.
		var seen uint
		for _, id := range r.Control.Criteria {
			c := CategoryOf(id)
			if c == "" {
				continue
			}
			if i := slices.Index(cats, c); i >= 0 && seen&(1<<i) == 0 {
				seen |= 1 << i
				byCat[i].Add(r)
			}
		}
	}
	return s
}
