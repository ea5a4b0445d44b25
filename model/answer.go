package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Yes/no answer values. N/A and unknown are also offered on yes/no questions.
const (
	AnswerYes     = "yes"
	AnswerNo      = "no"
	AnswerPartial = "partial"
	AnswerNA      = "na"
	AnswerUnknown = "unknown"
)

// SubjectOrg is the subject of answers to controls that apply once.
const SubjectOrg = "org"

// SystemSubject is the subject key of a per-system answer.
func SystemSubject(systemID int64) string { return "system:" + strconv.FormatInt(systemID, 10) }

// SubjectSystemID returns the system id of a per-system subject.
func SubjectSystemID(subject string) (int64, bool) {
	rest, ok := strings.CutPrefix(subject, "system:")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil
}

// Source is where an answer's information came from.
type Source string

// Answer sources.
const (
	SourceNone         Source = ""
	SourceInterview    Source = "interview"
	SourceDocument     Source = "document"
	SourceObservation  Source = "observation"
	SourceSystemRecord Source = "system-record"
)

// Sources lists the selectable sources in cycle order.
func Sources() []Source {
	return []Source{SourceNone, SourceInterview, SourceDocument, SourceObservation, SourceSystemRecord}
}

// AnswerKey identifies an answer: one question for one subject.
type AnswerKey struct {
	QuestionID string
	Subject    string
}

// Answer is a recorded response to a question for a subject.
type Answer struct {
	QuestionID string
	Subject    string
	// Value: for yes/no one of the Answer* constants; for choice the option
	// value; for text/date/number the typed text (dates as YYYY-MM-DD).
	Value string
	// Choices holds the selected options of a multi question.
	Choices []string
	// Justification is required when Value is N/A.
	Justification string
	Source        Source
	Note          string
	Flagged       bool
	UpdatedAt     time.Time
	UpdatedBy     string
}

// Key returns the answer's key.
func (a Answer) Key() AnswerKey { return AnswerKey{a.QuestionID, a.Subject} }

// IsAnswered reports whether the answer holds a response (a flag or note
// alone does not count).
func (a Answer) IsAnswered() bool {
	return strings.TrimSpace(a.Value) != "" || len(a.Choices) > 0
}

// Validate checks an answer against its question. It returns a message a
// user can act on.
func (a Answer) Validate(q *Question) error {
	if !a.IsAnswered() {
		return nil // a flag or note without an answer is allowed
	}
	switch q.Kind {
	case KindYesNo:
		switch a.Value {
		case AnswerYes, AnswerNo, AnswerPartial, AnswerUnknown:
		case AnswerNA:
			if strings.TrimSpace(a.Justification) == "" {
				return fmt.Errorf("N/A needs a justification")
			}
		default:
			return fmt.Errorf("answer %q is not yes, no, partial, n/a or unknown", a.Value)
		}
	case KindChoice:
		if !hasOption(q, a.Value) {
			return fmt.Errorf("%q is not one of the choices", a.Value)
		}
	case KindMulti:
		for _, c := range a.Choices {
			if !hasOption(q, c) {
				return fmt.Errorf("%q is not one of the choices", c)
			}
		}
	case KindDate:
		if _, err := time.Parse(time.DateOnly, a.Value); err != nil {
			return fmt.Errorf("date %q: use YYYY-MM-DD", a.Value)
		}
	case KindNumber:
		if _, err := strconv.ParseFloat(strings.TrimSpace(a.Value), 64); err != nil {
			return fmt.Errorf("%q is not a number", a.Value)
		}
	}
	return nil
}

func hasOption(q *Question, v string) bool {
	for _, o := range q.Options {
		if o.Value == v {
			return true
		}
	}
	return false
}

// Display renders the answer's value for a human.
func (a Answer) Display(q *Question) string {
	if len(a.Choices) > 0 {
		labels := make([]string, len(a.Choices))
		for i, c := range a.Choices {
			labels[i] = optionLabel(q, c)
		}
		return strings.Join(labels, ", ")
	}
	if q != nil && q.Kind == KindYesNo {
		switch a.Value {
		case AnswerYes:
			return "Yes"
		case AnswerNo:
			return "No"
		case AnswerPartial:
			return "Partially"
		case AnswerNA:
			return "N/A"
		case AnswerUnknown:
			return "Don't know"
		}
	}
	return optionLabel(q, a.Value)
}

func optionLabel(q *Question, v string) string {
	if q != nil {
		for _, o := range q.Options {
			if o.Value == v {
				return o.Label
			}
		}
	}
	return v
}
