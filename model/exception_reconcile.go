package model

import (
	"fmt"
	"slices"
	"time"
)

// ReconcileResult is what a detection run changes in the stored exceptions.
// The store saves each list in one transaction, with an activity record per
// exception.
type ReconcileResult struct {
	// New are findings with no stored exception of the same fingerprint.
	New []Exception
	// Updated are stored findings still detected whose evidence, scope or
	// suggested severity changed (status and decision untouched).
	Updated []Exception
	// Reopened are findings closed automatically earlier and detected again.
	Reopened []Exception
	// Closed are stored findings no longer detected: the cause was fixed or
	// the records changed, and the note says so.
	Closed []Exception
}

// Empty reports whether the run changes nothing.
func (r ReconcileResult) Empty() bool {
	return len(r.New)+len(r.Updated)+len(r.Reopened)+len(r.Closed) == 0
}

// autoCloseNote prefixes the history note of automatic closes, so a later
// run can tell them from closes a person made.
const autoCloseNote = "no longer detected"

// Reconcile matches a detection run (Detect's output) against the stored
// exceptions by fingerprint, so running detection twice adds nothing:
//   - a finding never seen before is new;
//   - a stored one still active or accepted gets fresh evidence, and its
//     severity follows the new suggestion unless a person overrode it;
//   - one a person closed, or marked false positive or duplicate, never comes
//     back; one closed automatically and detected again is reopened;
//   - an active or accepted stored finding not detected any more is closed
//     with a note saying why.
//
// detected must come from a run over all the engagement's data: a finding
// missing from it is taken as fixed.
func Reconcile(existing, detected []Exception, now time.Time) ReconcileResult {
	var res ReconcileResult
	stored := map[string]int{}
	for i, e := range existing {
		if e.Automatic() {
			stored[e.Fingerprint] = i
		}
	}
	seen := map[string]bool{}
	for _, f := range detected {
		if seen[f.Fingerprint] {
			continue
		}
		seen[f.Fingerprint] = true
		i, ok := stored[f.Fingerprint]
		if !ok {
			res.New = append(res.New, f)
			continue
		}
		e := existing[i]
		switch {
		case e.Status.Active() || e.Status == StatusAccepted:
			if ne, changed := refreshFinding(e, f, now); changed {
				res.Updated = append(res.Updated, ne)
			}
		case e.Status == StatusClosed && closedAutomatically(e):
			ne, _ := refreshFinding(e, f, now)
			ne, err := Transition(ne, StatusOpen, Decision{Rationale: "detected again by rule " + f.Rule}, DetectorActor, now)
			if err == nil {
				res.Reopened = append(res.Reopened, ne)
			}
		}
	}
	for _, e := range existing {
		if !e.Automatic() || seen[e.Fingerprint] || !(e.Status.Active() || e.Status == StatusAccepted) {
			continue
		}
		note := fmt.Sprintf("%s by rule %s on %s: the cause is fixed or its records changed", autoCloseNote, e.Rule, DateOf(now))
		if ne, err := Transition(e, StatusClosed, Decision{Rationale: note}, DetectorActor, now); err == nil {
			res.Closed = append(res.Closed, ne)
		}
	}
	return res
}

// closedAutomatically reports whether the last move of e was an automatic
// close by Reconcile.
func closedAutomatically(e Exception) bool {
	if len(e.History) == 0 {
		return false
	}
	h := e.History[len(e.History)-1]
	return h.To == StatusClosed && h.Actor == DetectorActor && len(h.Note) >= len(autoCloseNote) && h.Note[:len(autoCloseNote)] == autoCloseNote
}

// refreshFinding copies a new run's evidence onto a stored finding and
// reports whether anything changed.
func refreshFinding(e, f Exception, now time.Time) (Exception, bool) {
	before := e
	e.Title, e.Detail = f.Title, f.Detail
	e.Citations = slices.Clone(f.Citations)
	e.SystemIDs, e.VendorIDs = slices.Clone(f.SystemIDs), slices.Clone(f.VendorIDs)
	e.ControlIDs, e.Criteria = slices.Clone(f.ControlIDs), slices.Clone(f.Criteria)
	e.SuggestedSeverity = f.SuggestedSeverity
	if before.SeverityReason == "" {
		e.Severity = f.SuggestedSeverity
	}
	changed := e.Title != before.Title || e.Detail != before.Detail || e.Severity != before.Severity ||
		e.SuggestedSeverity != before.SuggestedSeverity || !slices.Equal(e.Citations, before.Citations) ||
		!slices.Equal(e.SystemIDs, before.SystemIDs) || !slices.Equal(e.VendorIDs, before.VendorIDs) ||
		!slices.Equal(e.ControlIDs, before.ControlIDs) || !slices.Equal(e.Criteria, before.Criteria)
	if changed {
		e.UpdatedAt = now
	}
	return e, changed
}
