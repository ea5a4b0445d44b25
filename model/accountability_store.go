package model

import "context"

// AccountabilityStore is what the TUI's people, review, attestation and
// conflict screens need of an engagement file, beside Store. The method
// set matches *data.Store exactly. Every method that changes data stamps
// the store's own actor and clock, applies the role and review rules
// (People.Require, Apply) so nothing they refuse is written, is durable
// when it returns nil, and appends an activity record in the same
// transaction.
type AccountabilityStore interface {
	// People returns the engagement's people, by name.
	People(ctx context.Context) (People, error)
	// SavePerson adds a person or changes one's email and roles.
	SavePerson(ctx context.Context, p Person) (Person, error)
	// Assignments returns every control and system assignment.
	Assignments(ctx context.Context) (Assignments, error)
	// Assign gives a control or system (target: control id or decimal
	// system id) to owner; an empty owner removes the assignment.
	Assign(ctx context.Context, kind AssignKind, target, owner string) (Assignment, error)
	// AnswerReviews returns each reviewed answer's review, judged against
	// answers (Review.Current).
	AnswerReviews(ctx context.Context, answers Answers) (map[AnswerKey]Review, error)
	// ReviewAnswer applies a review action to the answer for key.
	ReviewAnswer(ctx context.Context, key AnswerKey, action ReviewAction, comment string) (Review, error)
	// Attest stores an attestation built by NewAttestation (optionally
	// signed) and returns it with its id.
	Attest(ctx context.Context, a Attestation) (Attestation, error)
	// Attestations returns every attestation, oldest first.
	Attestations(ctx context.Context) ([]Attestation, error)
	// Conflicts returns merge conflicts with status ("" for all).
	Conflicts(ctx context.Context, status ConflictStatus) ([]Conflict, error)
	// ResolveConflict takes "ours" or "theirs" for open conflict id.
	ResolveConflict(ctx context.Context, id int64, take string) (Conflict, error)
}
