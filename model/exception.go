package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ExceptionKind classifies an exception by what went wrong.
type ExceptionKind string

// Exception kinds. Automatic findings carry the kind of the rule that raised
// them; people raising one by hand may pick any kind (manual when none fits).
const (
	ExKindShadowAI         ExceptionKind = "shadow-ai"
	ExKindUnapprovedModel  ExceptionKind = "unapproved-model"
	ExKindMissingLogs      ExceptionKind = "missing-logs"
	ExKindUnclearOwnership ExceptionKind = "unclear-ownership"
	ExKindVendorCoverage   ExceptionKind = "vendor-coverage-gap"
	ExKindUnapprovedChange ExceptionKind = "unapproved-change"
	ExKindUntestedChange   ExceptionKind = "untested-change"
	ExKindPrivilegedChange ExceptionKind = "privileged-change"
	ExKindFailedReview     ExceptionKind = "failed-review"
	ExKindControlGap       ExceptionKind = "control-gap"
	ExKindStaleReview      ExceptionKind = "stale-review"
	ExKindManual           ExceptionKind = "manual"
)

// ExceptionKinds lists the kinds in display order.
func ExceptionKinds() []ExceptionKind {
	return []ExceptionKind{ExKindShadowAI, ExKindUnapprovedModel, ExKindMissingLogs, ExKindUnclearOwnership,
		ExKindVendorCoverage, ExKindUnapprovedChange, ExKindUntestedChange, ExKindPrivilegedChange,
		ExKindFailedReview, ExKindControlGap, ExKindStaleReview, ExKindManual}
}

// Severity ranks how much an exception matters to the auditor's opinion.
type Severity string

// Severities, worst first.
const (
	SeverityCritical Severity = "critical"
	SeverityHigh     Severity = "high"
	SeverityMedium   Severity = "medium"
	SeverityLow      Severity = "low"
)

// Severities lists severities worst first (the queue's sort order).
func Severities() []Severity {
	return []Severity{SeverityCritical, SeverityHigh, SeverityMedium, SeverityLow}
}

// Rank is 0 for critical up to 3 for low, and 4 for an unknown value, so
// sorting by rank puts the worst first.
func (s Severity) Rank() int {
	if i := slices.Index(Severities(), s); i >= 0 {
		return i
	}
	return len(Severities())
}

// Valid reports whether s is a known severity.
func (s Severity) Valid() bool { return s.Rank() < len(Severities()) }

// shift moves a severity by n steps (negative is worse), clamped to the scale.
func (s Severity) shift(n int) Severity {
	all := Severities()
	i := min(max(s.Rank()+n, 0), len(all)-1)
	return all[i]
}

// CitationType names what a citation points at.
type CitationType string

// Citation types.
const (
	CiteAccessEvent CitationType = "access-event"
	CiteChange      CitationType = "change"
	CiteReview      CitationType = "review"
	CiteAnswer      CitationType = "answer"
	CiteSystem      CitationType = "system"
	CiteVendor      CitationType = "vendor"
	CiteEvidence    CitationType = "evidence"
)

// CitationTypes lists the citation types.
func CitationTypes() []CitationType {
	return []CitationType{CiteAccessEvent, CiteChange, CiteReview, CiteAnswer, CiteSystem, CiteVendor, CiteEvidence}
}

// Citation points from an exception to the record that supports it, so an
// auditor can trace the finding. Ref is the stable key of the record: a
// record's "file:line" or fingerprint, an answer's "question@subject", a
// system or vendor id. Label is what a person reads.
type Citation struct {
	Type  CitationType `json:"type"`
	Ref   string       `json:"ref"`
	Label string       `json:"label,omitempty"`
}

// DecisionKind is the triage decision taken on an exception.
type DecisionKind string

// Decision kinds.
const (
	DecisionNone          DecisionKind = ""
	DecisionRemediate     DecisionKind = "remediate"
	DecisionAcceptRisk    DecisionKind = "accept-risk"
	DecisionFalsePositive DecisionKind = "false-positive"
	DecisionDuplicate     DecisionKind = "duplicate"
)

// Decision is the recorded triage decision with who took it and why. Only
// the fields of its kind are meaningful: accept-risk uses Approver,
// CompensatingControls and Expiry; duplicate uses DuplicateOf.
type Decision struct {
	Kind                 DecisionKind `json:"kind,omitempty"`
	Actor                string       `json:"actor,omitempty"`
	At                   time.Time    `json:"at,omitzero"`
	Rationale            string       `json:"rationale,omitempty"`
	Approver             string       `json:"approver,omitempty"`
	CompensatingControls string       `json:"compensating_controls,omitempty"`
	Expiry               Date         `json:"expiry,omitempty"`
	DuplicateOf          int64        `json:"duplicate_of,omitempty"`
}

// ManagementResponse is management's written reply to an exception, in the
// words auditors expect in a report's "other information".
type ManagementResponse struct {
	Cause       string `json:"cause,omitempty"`
	Remediation string `json:"remediation,omitempty"`
	TargetDate  Date   `json:"target_date,omitempty"`
}

// IsZero reports whether no response has been written.
func (m ManagementResponse) IsZero() bool { return m == ManagementResponse{} }

// StatusChange is one step of an exception's history: the store persists it
// beside the activity trail so the detail view can show why an exception is
// where it is (including automatic expiry and auto-close).
type StatusChange struct {
	From  ExceptionStatus `json:"from"`
	To    ExceptionStatus `json:"to"`
	Actor string          `json:"actor"`
	At    time.Time       `json:"at"`
	Note  string          `json:"note,omitempty"`
}

// DetectorActor is the actor recorded for automatic findings and the
// automatic changes made to them (expiry, auto-close).
const DetectorActor = "auditwalk"

// Exception is a finding that a control did not, or may not, operate as
// described: raised by a detection rule (Rule and Fingerprint set) or by a
// person (Kind manual or any kind, Rule empty). Fields are plain values so
// the store can persist them as columns or JSON.
type Exception struct {
	ID     int64         `json:"id"`
	Kind   ExceptionKind `json:"kind"`
	Rule   string        `json:"rule,omitempty"`
	Title  string        `json:"title"`
	Detail string        `json:"detail,omitempty"`
	// Citations are the records, answers, systems and vendors the finding
	// rests on.
	Citations  []Citation `json:"citations,omitempty"`
	SystemIDs  []int64    `json:"system_ids,omitempty"`
	VendorIDs  []int64    `json:"vendor_ids,omitempty"`
	ControlIDs []string   `json:"control_ids,omitempty"`
	Criteria   []string   `json:"criteria,omitempty"`
	Severity   Severity   `json:"severity"`
	// SuggestedSeverity is what the rule and risk tier suggest; Severity may
	// differ from it only with a SeverityReason.
	SuggestedSeverity  Severity           `json:"suggested_severity,omitempty"`
	SeverityReason     string             `json:"severity_reason,omitempty"`
	Owner              string             `json:"owner,omitempty"`
	Status             ExceptionStatus    `json:"status"`
	Decision           Decision           `json:"decision,omitzero"`
	RaisedBy           string             `json:"raised_by"`
	RaisedAt           time.Time          `json:"raised_at"`
	UpdatedAt          time.Time          `json:"updated_at,omitzero"`
	ManagementResponse ManagementResponse `json:"management_response,omitzero"`
	// Fingerprint is the stable key of an automatic finding: re-running
	// detection matches on it instead of adding a duplicate. Empty for
	// exceptions raised by hand.
	Fingerprint string         `json:"fingerprint,omitempty"`
	History     []StatusChange `json:"history,omitempty"`
}

// Automatic reports whether a detection rule raised the exception.
func (e Exception) Automatic() bool { return e.Fingerprint != "" }

// Ref is how people refer to the exception ("EX-12"); "EX-new" before it is
// saved.
func (e Exception) Ref() string {
	if e.ID == 0 {
		return "EX-new"
	}
	return fmt.Sprintf("EX-%d", e.ID)
}

// Validate checks an exception before it is saved. Messages name the field
// a person has to fix.
func (e Exception) Validate() error {
	if strings.TrimSpace(e.Title) == "" {
		return fmt.Errorf("exception title is required")
	}
	if !slices.Contains(ExceptionKinds(), e.Kind) {
		return fmt.Errorf("unknown exception kind %q", e.Kind)
	}
	if !e.Severity.Valid() {
		return fmt.Errorf("severity must be critical, high, medium or low")
	}
	if e.SuggestedSeverity != "" && !e.SuggestedSeverity.Valid() {
		return fmt.Errorf("unknown suggested severity %q", e.SuggestedSeverity)
	}
	if e.SuggestedSeverity != "" && e.Severity != e.SuggestedSeverity && strings.TrimSpace(e.SeverityReason) == "" {
		return fmt.Errorf("severity %s differs from the suggested %s: give a reason", e.Severity, e.SuggestedSeverity)
	}
	if !e.Status.Valid() {
		return fmt.Errorf("unknown exception status %q", e.Status)
	}
	if strings.TrimSpace(e.RaisedBy) == "" {
		return fmt.Errorf("who raised the exception is required")
	}
	for _, c := range e.Citations {
		if !slices.Contains(CitationTypes(), c.Type) {
			return fmt.Errorf("citation %q has unknown type %q", c.Ref, c.Type)
		}
		if strings.TrimSpace(c.Ref) == "" {
			return fmt.Errorf("a %s citation needs a reference", c.Type)
		}
	}
	for _, id := range e.Criteria {
		if CategoryOf(id) == "" {
			return fmt.Errorf("unknown criterion %q", id)
		}
	}
	if m := e.ManagementResponse; m.TargetDate != "" {
		if _, ok := m.TargetDate.Time(); !ok {
			return fmt.Errorf("management response target date %q is not a date", m.TargetDate)
		}
	}
	return checkDecision(e, e.Status, e.Decision)
}

// NewManualException starts an exception raised by hand, open and with the
// given severity as its own suggestion (a person chose it).
func NewManualException(kind ExceptionKind, title, detail string, sev Severity, actor string, now time.Time) Exception {
	if kind == "" {
		kind = ExKindManual
	}
	return Exception{
		Kind: kind, Title: strings.TrimSpace(title), Detail: detail,
		Severity: sev, SuggestedSeverity: sev, Status: StatusOpen,
		RaisedBy: actor, RaisedAt: now, UpdatedAt: now,
	}
}

// ExceptionFromItem pre-fills a manual exception raised from a question in
// the walkthrough: the control, its criteria, the system of a per-system
// question and a citation of the answer.
func ExceptionFromItem(it Item, a Answer, actor string, now time.Time) Exception {
	e := NewManualException(ExKindControlGap, it.Control.Title, "", SeverityMedium, actor, now)
	e.ControlIDs = []string{it.Control.ID}
	e.Criteria = slices.Clone(it.Control.Criteria)
	if id, ok := SubjectSystemID(it.Subject); ok {
		e.SystemIDs = []int64{id}
		if it.System != nil {
			e.Title = it.Control.Title + " — " + it.System.Name
		}
	}
	e.Citations = []Citation{answerCitation(it, a)}
	return e
}

// answerCitation cites an answer as "question@subject" with a short label.
func answerCitation(it Item, a Answer) Citation {
	label := it.Question.ID + ": " + CleanLine(it.Question.Prompt)
	if a.IsAnswered() {
		label += " → " + CleanLine(a.Display(it.Question))
	}
	return Citation{Type: CiteAnswer, Ref: it.Question.ID + "@" + it.Subject, Label: label}
}

// ChangeSeverity sets the severity. A severity other than the suggested one
// needs a reason; going back to the suggestion clears the reason.
func ChangeSeverity(e Exception, sev Severity, reason, actor string, now time.Time) (Exception, error) {
	if !sev.Valid() {
		return e, fmt.Errorf("severity must be critical, high, medium or low, not %q", sev)
	}
	if sev == e.Severity && strings.TrimSpace(reason) == "" {
		return e, nil
	}
	reason = strings.TrimSpace(reason)
	if sev != e.SuggestedSeverity && e.SuggestedSeverity != "" && reason == "" {
		return e, fmt.Errorf("changing %s severity from the suggested %s to %s needs a reason", e.Ref(), e.SuggestedSeverity, sev)
	}
	if sev == e.SuggestedSeverity {
		reason = ""
	}
	note := fmt.Sprintf("severity %s → %s", e.Severity, sev)
	if reason != "" {
		note += ": " + reason
	}
	e.Severity, e.SeverityReason, e.UpdatedAt = sev, reason, now
	e.History = append(slices.Clone(e.History), StatusChange{From: e.Status, To: e.Status, Actor: actor, At: now, Note: note})
	return e, nil
}
