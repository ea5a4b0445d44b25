package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"auditwalk/model"
)

// Exceptions returns every exception, manual and automatic, by id. Sort
// for the triage queue with model.SortQueue.
func (s *Store) Exceptions(ctx context.Context) ([]model.Exception, error) {
	out, err := loadExceptions(ctx, s.db)
	if err != nil {
		return nil, s.fail("load exceptions", err)
	}
	return out, nil
}

// Exception returns one exception; ErrNotFound when there is none.
func (s *Store) Exception(ctx context.Context, id int64) (model.Exception, error) {
	r, err := scanException(s.db.QueryRowContext(ctx, "SELECT id, "+exceptionCols+" FROM exception WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return model.Exception{}, fmt.Errorf("exception EX-%d: %w", id, ErrNotFound)
	}
	if err != nil {
		return model.Exception{}, s.fail("load exception", err)
	}
	return r.model()
}

// RaiseException saves a new exception raised by hand (see
// model.NewManualException and model.ExceptionFromItem). RaisedBy defaults
// to the store's actor, the times to now and the status to open.
func (s *Store) RaiseException(ctx context.Context, e model.Exception) (model.Exception, error) {
	if e.ID != 0 {
		return e, fmt.Errorf("raise exception: %s is already saved", e.Ref())
	}
	if e.Fingerprint != "" {
		return e, fmt.Errorf("raise exception: automatic findings come from detection, not by hand")
	}
	var out model.Exception
	err := s.write(ctx, func(t *txn) error {
		if strings.TrimSpace(e.RaisedBy) == "" {
			e.RaisedBy = t.actor
		}
		if e.RaisedAt.IsZero() {
			e.RaisedAt = t.at
		}
		if e.Status == "" {
			e.Status = model.StatusOpen
		}
		e.UpdatedAt = t.at
		if err := e.Validate(); err != nil {
			return err
		}
		r, err := t.insertException(ctx, e)
		if err != nil {
			return err
		}
		out, err = r.model()
		return err
	})
	return out, err
}

// RaiseExceptionFromItem raises a control-gap exception from a question's
// answer in the walkthrough, pre-filled by model.ExceptionFromItem.
func (s *Store) RaiseExceptionFromItem(ctx context.Context, it model.Item, a model.Answer) (model.Exception, error) {
	return s.RaiseException(ctx, model.ExceptionFromItem(it, a, s.currentActor(), s.now().UTC()))
}

// TransitionException moves an exception to status to with decision d,
// through model.Transition (which refuses moves the state machine does not
// allow and decisions missing what they need). A duplicate's target must
// exist. A refused move writes nothing.
func (s *Store) TransitionException(ctx context.Context, id int64, to model.ExceptionStatus, d model.Decision) (model.Exception, error) {
	return s.updateException(ctx, id, func(t *txn, e model.Exception) (model.Exception, error) {
		if to == model.StatusDuplicate && d.DuplicateOf > 0 && d.DuplicateOf != id {
			if _, found, err := t.exception(ctx, d.DuplicateOf); err != nil || !found {
				return e, cmpErr(err, fmt.Errorf("cannot mark %s a duplicate of EX-%d: %w", e.Ref(), d.DuplicateOf, ErrNotFound))
			}
		}
		return model.Transition(e, to, d, t.actor, t.at)
	})
}

// ChangeSeverity sets an exception's severity; one that differs from the
// suggested severity needs a reason (model.ChangeSeverity).
func (s *Store) ChangeSeverity(ctx context.Context, id int64, sev model.Severity, reason string) (model.Exception, error) {
	return s.updateException(ctx, id, func(t *txn, e model.Exception) (model.Exception, error) {
		return model.ChangeSeverity(e, sev, reason, t.actor, t.at)
	})
}

// AssignException sets who owns an exception.
func (s *Store) AssignException(ctx context.Context, id int64, owner string) (model.Exception, error) {
	return s.updateException(ctx, id, func(t *txn, e model.Exception) (model.Exception, error) {
		e.Owner = strings.TrimSpace(owner)
		return e, nil
	})
}

// SaveManagementResponse records management's response (cause,
// remediation, target date) to an exception.
func (s *Store) SaveManagementResponse(ctx context.Context, id int64, mr model.ManagementResponse) (model.Exception, error) {
	return s.updateException(ctx, id, func(t *txn, e model.Exception) (model.Exception, error) {
		e.ManagementResponse = model.ManagementResponse{Cause: strings.TrimSpace(mr.Cause),
			Remediation: strings.TrimSpace(mr.Remediation), TargetDate: mr.TargetDate}
		return e, nil
	})
}

// updateException applies fn to the stored exception in one transaction,
// validates the result and saves it with an update record. A result equal
// to the stored exception (ignoring UpdatedAt) writes nothing.
func (s *Store) updateException(ctx context.Context, id int64, fn func(t *txn, e model.Exception) (model.Exception, error)) (model.Exception, error) {
	var out model.Exception
	err := s.write(ctx, func(t *txn) error {
		cur, found, err := t.exception(ctx, id)
		if err != nil || !found {
			return cmpErr(err, fmt.Errorf("exception EX-%d: %w", id, ErrNotFound))
		}
		e, err := cur.model()
		if err != nil {
			return err
		}
		ne, err := fn(t, e)
		if err != nil {
			return err
		}
		ne.ID = id
		if err := ne.Validate(); err != nil {
			return fmt.Errorf("%s: %w", ne.Ref(), err)
		}
		r := newExceptionRow(ne)
		if sameException(cur, r) {
			out = e
			return nil
		}
		r.UpdatedAt = t.stamp
		if err := t.updateException(ctx, cur, r); err != nil {
			return err
		}
		out, err = r.model()
		return err
	})
	return out, err
}

// sameException compares rows ignoring the update stamp.
func sameException(a, b exceptionRow) bool {
	a.UpdatedAt, b.UpdatedAt = "", ""
	return encodeJSON(a) == encodeJSON(b)
}

func (t *txn) exception(ctx context.Context, id int64) (exceptionRow, bool, error) {
	r, err := scanException(t.tx.QueryRowContext(ctx, "SELECT id, "+exceptionCols+" FROM exception WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

func (t *txn) insertException(ctx context.Context, e model.Exception) (exceptionRow, error) {
	r := newExceptionRow(e)
	res, err := t.tx.ExecContext(ctx, "INSERT INTO exception ("+exceptionCols+") VALUES ("+placeholders(exceptionCols)+")", r.values()...)
	if err != nil {
		return r, err
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return r, err
	}
	return r, t.record(ctx, ActionCreate, EntityException, r.entityID(), "", encodeJSON(r))
}

func (t *txn) updateException(ctx context.Context, cur, r exceptionRow) error {
	if _, err := t.tx.ExecContext(ctx, "UPDATE exception SET "+assignments(exceptionCols)+" WHERE id = ?", append(r.values(), r.ID)...); err != nil {
		return err
	}
	return t.record(ctx, ActionUpdate, EntityException, r.entityID(), encodeJSON(cur), encodeJSON(r))
}

// DetectionSummary counts what a detection run changed.
type DetectionSummary struct {
	// Findings is how many findings the rules produced.
	Findings int
	New      int
	Updated  int
	Reopened int
	Closed   int
	// Expired counts accepted risks whose expiry passed.
	Expired int
}

// Changed reports whether the run changed any exception.
func (d DetectionSummary) Changed() bool {
	return d.New+d.Updated+d.Reopened+d.Closed+d.Expired > 0
}

// RunDetection runs every detection rule over the engagement (answers,
// inventory, vendors, access-log summaries, changes, reviews) and
// reconciles the findings with the stored exceptions in one transaction:
// accepted risks past their expiry become expired, new findings are added,
// still-detected ones refreshed, fixed ones closed and automatically closed
// ones found again reopened — each change with its activity record. Running
// it twice adds nothing. now is the detection clock (zero: the store's).
func (s *Store) RunDetection(ctx context.Context, pack *model.Pack, now time.Time) (DetectionSummary, error) {
	var sum DetectionSummary
	err := s.write(ctx, func(t *txn) error {
		sum = DetectionSummary{}
		if now.IsZero() {
			now = t.at
		}
		in, samples, err := t.detectInput(ctx, pack, now)
		if err != nil {
			return err
		}
		detected := model.Detect(in)
		if err := samples.close(); err != nil {
			return err
		}
		sum.Findings = len(detected)
		existing, err := loadExceptions(ctx, t.tx)
		if err != nil {
			return err
		}
		return t.reconcile(ctx, existing, detected, now, &sum)
	})
	return sum, err
}

// reconcile applies expiry then model.Reconcile and saves the changes; an
// exception changed by both is saved once, in its final state.
func (t *txn) reconcile(ctx context.Context, existing, detected []model.Exception, now time.Time, sum *DetectionSummary) error {
	index := make(map[int64]int, len(existing))
	for i, e := range existing {
		index[e.ID] = i
	}
	changed := map[int64]model.Exception{}
	for _, e := range model.ApplyExpiry(existing, now) {
		existing[index[e.ID]] = e
		changed[e.ID] = e
		sum.Expired++
	}
	res := model.Reconcile(existing, detected, now)
	for _, group := range []struct {
		list []model.Exception
		n    *int
	}{{res.Updated, &sum.Updated}, {res.Reopened, &sum.Reopened}, {res.Closed, &sum.Closed}} {
		for _, e := range group.list {
			changed[e.ID] = e
			*group.n++
		}
	}
	for _, e := range existing { // id order
		ne, ok := changed[e.ID]
		if !ok {
			continue
		}
		cur, found, err := t.exception(ctx, e.ID)
		if err != nil || !found {
			return cmpErr(err, fmt.Errorf("exception EX-%d: %w", e.ID, ErrNotFound))
		}
		if err := t.updateException(ctx, cur, newExceptionRow(ne)); err != nil {
			return err
		}
	}
	for _, e := range res.New {
		if _, err := t.insertException(ctx, e); err != nil {
			return fmt.Errorf("finding %s: %w", e.Fingerprint, err)
		}
		sum.New++
	}
	return nil
}

// detectInput reads everything detection needs inside the transaction.
// Access samples are looked up as findings cite them, through the returned
// sampler, which the caller closes after model.Detect (its error is the
// first failed lookup).
func (t *txn) detectInput(ctx context.Context, pack *model.Pack, now time.Time) (model.DetectInput, *accessSampler, error) {
	snap := model.Snapshot{Answers: model.Answers{}}
	for _, step := range []func(context.Context, *sql.Tx, *model.Snapshot) error{loadEngagement, loadAnswers, loadInventory} {
		if err := step(ctx, t.tx, &snap); err != nil {
			return model.DetectInput{}, nil, err
		}
	}
	in := model.DetectInput{Pack: pack, Answers: snap.Answers, Systems: snap.Systems, Vendors: snap.Vendors,
		Engagement: snap.Engagement, Now: now}
	var err error
	if in.Access, err = loadAccessActivity(ctx, t.tx, snap.Engagement.PeriodStart, snap.Engagement.PeriodEnd, false); err != nil {
		return in, nil, err
	}
	if in.Changes, err = loadChanges(ctx, t.tx); err != nil {
		return in, nil, err
	}
	if in.Reviews, err = loadReviews(ctx, t.tx); err != nil {
		return in, nil, err
	}
	samples, err := newAccessSampler(ctx, t.tx)
	if err != nil {
		return in, nil, err
	}
	in.Sample = samples.sample
	return in, samples, nil
}
