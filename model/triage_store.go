package model

import "context"

// TriageStore is what the TUI's exception triage screens need of an
// engagement file, beside Store. Every method that changes data stamps the
// store's own actor and clock, applies the model's rules (Transition,
// ChangeSeverity, TransitionTask) so nothing the state machine refuses is
// ever written, is durable when it returns nil, appends an activity record
// in the same transaction, and returns the row as stored.
type TriageStore interface {
	// Exceptions returns every exception, automatic and manual, with its
	// history. Order does not matter: the queue sorts with SortQueue.
	Exceptions(ctx context.Context) ([]Exception, error)
	// Tasks returns every remediation task of every exception.
	Tasks(ctx context.Context) ([]RemediationTask, error)
	// RaiseException saves a new exception raised by hand (ID 0) and returns
	// it with its id.
	RaiseException(ctx context.Context, e Exception) (Exception, error)
	// TransitionException moves exception id to status to with decision d
	// (model.Transition with the store's actor and clock).
	TransitionException(ctx context.Context, id int64, to ExceptionStatus, d Decision) (Exception, error)
	// ChangeSeverity sets exception id's severity, with a reason when it
	// differs from the suggested one (model.ChangeSeverity).
	ChangeSeverity(ctx context.Context, id int64, sev Severity, reason string) (Exception, error)
	// AssignException sets exception id's owner ("" clears it).
	AssignException(ctx context.Context, id int64, owner string) (Exception, error)
	// SaveManagementResponse replaces exception id's management response.
	SaveManagementResponse(ctx context.Context, id int64, r ManagementResponse) (Exception, error)
	// SaveTask creates (ID 0) or updates a task's fields. Status changes of
	// an existing task go through TransitionTask.
	SaveTask(ctx context.Context, t RemediationTask) (RemediationTask, error)
	// TransitionTask moves task id to status to (model.TransitionTask); note
	// is required for won't do.
	TransitionTask(ctx context.Context, id int64, to TaskStatus, note string) (RemediationTask, error)
}
