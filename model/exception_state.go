package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ExceptionStatus is where an exception is in triage.
type ExceptionStatus string

// Exception statuses. Expired is an accepted risk whose expiry passed: it is
// open again and shown as such until someone decides anew.
const (
	StatusOpen          ExceptionStatus = "open"
	StatusTriaged       ExceptionStatus = "triaged"
	StatusInRemediation ExceptionStatus = "in-remediation"
	StatusRemediated    ExceptionStatus = "remediated"
	StatusClosed        ExceptionStatus = "closed"
	StatusAccepted      ExceptionStatus = "accepted"
	StatusExpired       ExceptionStatus = "expired"
	StatusFalsePositive ExceptionStatus = "false-positive"
	StatusDuplicate     ExceptionStatus = "duplicate"
)

// ExceptionStatuses lists the statuses in workflow order.
func ExceptionStatuses() []ExceptionStatus {
	return []ExceptionStatus{StatusOpen, StatusTriaged, StatusInRemediation, StatusRemediated, StatusClosed,
		StatusAccepted, StatusExpired, StatusFalsePositive, StatusDuplicate}
}

// Valid reports whether s is a known status.
func (s ExceptionStatus) Valid() bool { return slices.Contains(ExceptionStatuses(), s) }

// Active reports whether the exception still needs work: it counts as open
// in the queue header and in status --json.
func (s ExceptionStatus) Active() bool {
	switch s {
	case StatusOpen, StatusTriaged, StatusInRemediation, StatusRemediated, StatusExpired:
		return true
	}
	return false
}

// ExceptionTransitions is the one table of allowed status changes: from a
// status to the statuses it may move to. Anything not listed is refused.
// Moving back to open is "reopen" and needs a reason.
func ExceptionTransitions() map[ExceptionStatus][]ExceptionStatus {
	decide := []ExceptionStatus{StatusInRemediation, StatusAccepted, StatusFalsePositive, StatusDuplicate}
	return map[ExceptionStatus][]ExceptionStatus{
		StatusOpen:          append([]ExceptionStatus{StatusTriaged, StatusClosed}, decide...),
		StatusTriaged:       append([]ExceptionStatus{StatusOpen, StatusClosed}, decide...),
		StatusInRemediation: {StatusTriaged, StatusRemediated, StatusClosed, StatusAccepted},
		StatusRemediated:    {StatusInRemediation, StatusClosed, StatusOpen},
		StatusClosed:        {StatusOpen},
		StatusAccepted:      {StatusExpired, StatusInRemediation, StatusClosed, StatusOpen},
		StatusExpired:       append([]ExceptionStatus{StatusTriaged, StatusClosed, StatusOpen}, decide...),
		StatusFalsePositive: {StatusOpen},
		StatusDuplicate:     {StatusOpen},
	}
}

// CanTransition reports whether the table allows from → to.
func CanTransition(from, to ExceptionStatus) bool {
	return slices.Contains(ExceptionTransitions()[from], to)
}

// decisionFor is the decision kind a target status records; none for
// statuses that are not decisions.
func decisionFor(to ExceptionStatus) DecisionKind {
	switch to {
	case StatusInRemediation:
		return DecisionRemediate
	case StatusAccepted:
		return DecisionAcceptRisk
	case StatusFalsePositive:
		return DecisionFalsePositive
	case StatusDuplicate:
		return DecisionDuplicate
	}
	return DecisionNone
}

// Transition moves e to status to, recording d (its Kind may be left empty;
// it follows from the target) with the actor and time. It refuses moves the
// table does not allow and decisions that break the rules: accepting a risk
// needs an approver other than whoever raised it, a rationale, compensating
// controls and an expiry after today; a false positive needs a reason; a
// duplicate needs the id of another exception; reopening and closing need a
// reason. For non-decision moves d.Rationale is the note kept in History.
func Transition(e Exception, to ExceptionStatus, d Decision, actor string, now time.Time) (Exception, error) {
	from := e.Status
	if !to.Valid() {
		return e, fmt.Errorf("cannot move exception %d to %q: unknown status", e.ID, to)
	}
	if strings.TrimSpace(actor) == "" {
		return e, fmt.Errorf("cannot move exception %d from %s to %s: who is doing it is not recorded", e.ID, from, to)
	}
	if !CanTransition(from, to) {
		return e, fmt.Errorf("cannot move exception %d from %s to %s: allowed from %s are %s",
			e.ID, from, to, from, joinStatuses(ExceptionTransitions()[from]))
	}
	want := decisionFor(to)
	if d.Kind != DecisionNone && d.Kind != want {
		return e, fmt.Errorf("cannot move exception %d from %s to %s with a %q decision", e.ID, from, to, d.Kind)
	}
	d.Kind, d.Actor, d.At = want, actor, now
	d = trimDecision(d)
	if err := checkMove(e, to, d, now); err != nil {
		return e, fmt.Errorf("cannot move exception %d from %s to %s: %w", e.ID, from, to, err)
	}
	if want != DecisionNone {
		e.Decision = d
	}
	e.Status, e.UpdatedAt = to, now
	e.History = append(slices.Clone(e.History), StatusChange{From: from, To: to, Actor: actor, At: now, Note: d.Rationale})
	return e, nil
}

// checkMove enforces the rules a move carries beyond the table.
func checkMove(e Exception, to ExceptionStatus, d Decision, now time.Time) error {
	switch to {
	case StatusOpen, StatusClosed:
		if d.Rationale == "" {
			return fmt.Errorf("give a reason")
		}
	case StatusAccepted:
		if err := checkDecision(e, to, d); err != nil {
			return err
		}
		if d.Expiry <= DateOf(now) {
			return fmt.Errorf("expiry %s is not in the future", d.Expiry)
		}
		return nil
	case StatusExpired:
		if e.Decision.Expiry == "" || e.Decision.Expiry > DateOf(now) {
			return fmt.Errorf("the acceptance runs until %s", orUnset(string(e.Decision.Expiry)))
		}
		return nil
	}
	return checkDecision(e, to, d)
}

// checkDecision checks that a decision carries what its kind needs; status
// says which decision, if any, must be present.
func checkDecision(e Exception, status ExceptionStatus, d Decision) error {
	switch decisionFor(status) {
	case DecisionAcceptRisk:
		switch {
		case d.Approver == "":
			return fmt.Errorf("accepting a risk needs an approver")
		case strings.EqualFold(strings.TrimSpace(d.Approver), strings.TrimSpace(e.RaisedBy)):
			return fmt.Errorf("the approver %s raised the exception; someone else must approve the risk", d.Approver)
		case d.Rationale == "":
			return fmt.Errorf("accepting a risk needs a rationale")
		case d.CompensatingControls == "":
			return fmt.Errorf("accepting a risk needs the compensating controls")
		case d.Expiry == "":
			return fmt.Errorf("accepting a risk needs an expiry date")
		}
		if _, ok := d.Expiry.Time(); !ok {
			return fmt.Errorf("expiry %q is not a date (YYYY-MM-DD)", d.Expiry)
		}
	case DecisionFalsePositive:
		if strings.TrimSpace(d.Rationale) == "" {
			return fmt.Errorf("a false positive needs a reason")
		}
	case DecisionDuplicate:
		switch {
		case d.DuplicateOf <= 0:
			return fmt.Errorf("a duplicate needs the id of the exception it duplicates")
		case d.DuplicateOf == e.ID:
			return fmt.Errorf("an exception cannot duplicate itself")
		}
	}
	return nil
}

func trimDecision(d Decision) Decision {
	d.Rationale = strings.TrimSpace(d.Rationale)
	d.Approver = strings.TrimSpace(d.Approver)
	d.CompensatingControls = strings.TrimSpace(d.CompensatingControls)
	return d
}

func joinStatuses(ss []ExceptionStatus) string {
	if len(ss) == 0 {
		return "none"
	}
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = string(s)
	}
	return strings.Join(parts, ", ")
}

func orUnset(s string) string {
	if s == "" {
		return "(no date)"
	}
	return s
}

// AcceptanceExpired reports whether e is an accepted risk whose expiry date
// has arrived: an acceptance holds up to the day before its expiry date.
func AcceptanceExpired(e Exception, now time.Time) bool {
	return e.Status == StatusAccepted && e.Decision.Expiry != "" && e.Decision.Expiry <= DateOf(now)
}

// ApplyExpiry moves every accepted risk whose expiry has arrived to
// expired, recording why, and returns only the exceptions it changed (in
// input order) for the store to save. The input is not modified.
func ApplyExpiry(list []Exception, now time.Time) []Exception {
	var changed []Exception
	for _, e := range list {
		if !AcceptanceExpired(e, now) {
			continue
		}
		note := fmt.Sprintf("risk acceptance expired on %s (approved by %s); decide again", e.Decision.Expiry, e.Decision.Approver)
		ne, err := Transition(e, StatusExpired, Decision{Rationale: note}, DetectorActor, now)
		if err != nil {
			continue // unreachable: AcceptanceExpired checked the same rule
		}
		changed = append(changed, ne)
	}
	return changed
}
