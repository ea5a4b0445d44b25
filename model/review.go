package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ReviewState is where an answer or narrative stands in review.
type ReviewState string

// Review states. NotReviewed is also the state of anything never reviewed.
const (
	ReviewNotReviewed      ReviewState = "not-reviewed"
	ReviewReviewed         ReviewState = "reviewed"
	ReviewApproved         ReviewState = "approved"
	ReviewChangesRequested ReviewState = "changes-requested"
)

// ReviewStates lists the states in display order.
func ReviewStates() []ReviewState {
	return []ReviewState{ReviewNotReviewed, ReviewReviewed, ReviewApproved, ReviewChangesRequested}
}

// ReviewAction is what a reviewer does.
type ReviewAction string

// Review actions.
const (
	ReviewMarkReviewed   ReviewAction = "mark-reviewed"
	ReviewApprove        ReviewAction = "approve"
	ReviewRequestChanges ReviewAction = "request-changes"
)

// ReviewKind is what is reviewed.
type ReviewKind string

// Review kinds: an answer (key "questionID@subject") or a control narrative
// (key "controlID@subject").
const (
	ReviewAnswer    ReviewKind = "answer"
	ReviewNarrative ReviewKind = "narrative"
)

// Review is the review state of one answer or narrative. The zero state
// (and a missing review) is not-reviewed.
type Review struct {
	Kind ReviewKind
	// Key is "questionID@subject" or "controlID@subject".
	Key      string
	State    ReviewState
	Comment  string
	Reviewer string
	At       time.Time
	// ContentSHA256 is the reviewed content's hash (AnswerContentSHA256 or
	// NarrativeContentSHA256) when the state was set.
	ContentSHA256 string
	// Reset says why the state went back to not-reviewed, e.g. "answer
	// changed after approval"; empty otherwise.
	Reset string
}

// ReviewKey is the key of the answer or narrative of id for subject.
func ReviewKey(id, subject string) string { return id + "@" + subject }

// ParseReviewKey splits "ID[@subject]"; the subject defaults to the
// organisation.
func ParseReviewKey(s string) (id, subject string, err error) {
	id, subject, ok := strings.Cut(strings.TrimSpace(s), "@")
	if !ok || subject == "" {
		subject = SubjectOrg
	}
	if id == "" {
		return "", "", fmt.Errorf("%q: give ID or ID@subject (subject org or system:N)", s)
	}
	if subject != SubjectOrg {
		if _, ok := SubjectSystemID(subject); !ok {
			return "", "", fmt.Errorf("%q: subject must be org or system:N", s)
		}
	}
	return id, subject, nil
}

// StateOrDefault returns the state, not-reviewed when unset.
func (r Review) StateOrDefault() ReviewState {
	if r.State == "" {
		return ReviewNotReviewed
	}
	return r.State
}

// ReviewTarget is what a reviewer acts on, as it is now.
type ReviewTarget struct {
	Kind ReviewKind
	Key  string
	// ContentSHA256 is the current content's hash.
	ContentSHA256 string
	// Authors wrote the content: an answer's UpdatedBy; for a narrative its
	// editor and the authors of the answers it is composed from.
	Authors []string
	// Empty is true when there is nothing to review yet (no answer).
	Empty bool
}

// Current returns r as it stands against the target's current content: a
// review whose content has changed since is not-reviewed, with Reset
// saying so. The store also resets the row when an answer is saved; this
// covers narratives (whose text is composed outside the store) and any
// content change the row did not see.
func (r Review) Current(currentSHA256 string) Review {
	st := r.StateOrDefault()
	if st == ReviewNotReviewed || r.ContentSHA256 == currentSHA256 {
		r.State = st
		return r
	}
	out, _ := r.ResetFor(r.Kind)
	return out
}

// ResetFor returns the review sent back to not-reviewed because its
// content changed, and whether that changed anything. Reset reads, for
// example, "answer changed after approval".
func (r Review) ResetFor(kind ReviewKind) (Review, bool) {
	st := r.StateOrDefault()
	if st == ReviewNotReviewed {
		r.State = st
		return r, false
	}
	after := map[ReviewState]string{ReviewApproved: "approval", ReviewReviewed: "review", ReviewChangesRequested: "changes were requested"}[st]
	return Review{Kind: kind, Key: r.Key, State: ReviewNotReviewed,
		Reset: fmt.Sprintf("%s changed after %s (was %s by %s)", kind, after, st, r.Reviewer)}, true
}

// Apply runs a review action by reviewer on target, whose current review
// is cur, and returns the new review. Allowed transitions:
//
//	not-reviewed      → reviewed | approved | changes-requested
//	reviewed          → approved | changes-requested
//	approved          → changes-requested (withdraws the approval)
//	changes-requested → changes-requested (a new comment); the content
//	                    must change (back to not-reviewed) before it can
//	                    be reviewed or approved
//
// Refused: reviewing empty content; approving or marking reviewed content
// the reviewer wrote; request-changes without a comment; repeating the
// current state other than changes-requested.
func Apply(cur Review, target ReviewTarget, action ReviewAction, reviewer, comment string, at time.Time) (Review, error) {
	cur = cur.Current(target.ContentSHA256)
	comment = strings.TrimSpace(comment)
	what := string(target.Kind) + " " + target.Key
	if target.Empty {
		return cur, fmt.Errorf("%s has no answer yet: nothing to review", what)
	}
	next, err := nextState(cur.StateOrDefault(), action)
	if err != nil {
		return cur, fmt.Errorf("%s: %w", what, err)
	}
	if action != ReviewRequestChanges && slices.ContainsFunc(target.Authors, func(a string) bool { return strings.EqualFold(a, reviewer) }) {
		return cur, fmt.Errorf("%s: %s cannot %s it: they wrote it, and nobody reviews their own work", what, reviewer, verb(action))
	}
	if action == ReviewRequestChanges && comment == "" {
		return cur, fmt.Errorf("%s: requesting changes needs a comment saying what to change", what)
	}
	return Review{Kind: target.Kind, Key: target.Key, State: next, Comment: comment, Reviewer: reviewer, At: at,
		ContentSHA256: target.ContentSHA256}, nil
}

func verb(a ReviewAction) string {
	if a == ReviewMarkReviewed {
		return "mark as reviewed"
	}
	return string(a)
}

// nextState is the transition table of Apply.
func nextState(from ReviewState, action ReviewAction) (ReviewState, error) {
	var to ReviewState
	switch action {
	case ReviewMarkReviewed:
		to = ReviewReviewed
	case ReviewApprove:
		to = ReviewApproved
	case ReviewRequestChanges:
		to = ReviewChangesRequested
	default:
		return from, fmt.Errorf("unknown review action %q (use mark-reviewed, approve or request-changes)", string(action))
	}
	switch {
	case from == ReviewNotReviewed:
		return to, nil
	case from == ReviewReviewed && to != ReviewReviewed:
		return to, nil
	case from == ReviewApproved && to == ReviewChangesRequested:
		return to, nil
	case from == ReviewChangesRequested && to == ReviewChangesRequested:
		return to, nil
	case from == to:
		return from, fmt.Errorf("already %s", from)
	case from == ReviewApproved:
		return from, fmt.Errorf("already approved; request changes to reopen it")
	default: // changes-requested → reviewed | approved
		return from, fmt.Errorf("changes were requested; it must be changed before it can be %s", to)
	}
}

// ConflictStatus is whether a merge conflict still needs a decision.
type ConflictStatus string

// Conflict statuses.
const (
	ConflictOpen     ConflictStatus = "open"
	ConflictResolved ConflictStatus = "resolved"
)

// Conflict is an answer changed both in the assessor's file and in an
// owner's packet since the packet was exported. Merging never overwrites
// it; a person resolves it by taking ours (keep the assessor's answer) or
// theirs (the packet's).
type Conflict struct {
	ID       int64
	PacketID string
	Key      AnswerKey
	// Ours and Theirs are the two answers at merge time; OursOK/TheirsOK
	// are false when a side has no answer.
	Ours, Theirs     Answer
	OursOK, TheirsOK bool
	Status           ConflictStatus
	// Resolution is "ours" or "theirs" once resolved.
	Resolution string
	CreatedAt  time.Time
	ResolvedBy string
	ResolvedAt time.Time
}
