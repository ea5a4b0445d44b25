package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"auditwalk/model"
)

// conflictRow is a row of conflict. Ours and Theirs are answer rows as
// canonical JSON ("" when that side had no answer).
type conflictRow struct {
	ID         int64  `json:"id"`
	PacketID   string `json:"packet_id"`
	QuestionID string `json:"question_id"`
	Subject    string `json:"subject"`
	Ours       string `json:"ours"`
	Theirs     string `json:"theirs"`
	Status     string `json:"status"`
	Resolution string `json:"resolution"`
	CreatedAt  string `json:"created_at"`
	ResolvedBy string `json:"resolved_by"`
	ResolvedAt string `json:"resolved_at"`
}

const conflictCols = "packet_id, question_id, subject, ours, theirs, status, resolution, created_at, resolved_by, resolved_at"

func (r conflictRow) values() []any {
	return []any{r.PacketID, r.QuestionID, r.Subject, r.Ours, r.Theirs, r.Status, r.Resolution, r.CreatedAt, r.ResolvedBy, r.ResolvedAt}
}

func (r conflictRow) entityID() string { return strconv.FormatInt(r.ID, 10) }

func scanConflict(sc scanner) (conflictRow, error) {
	var r conflictRow
	err := sc.Scan(&r.ID, &r.PacketID, &r.QuestionID, &r.Subject, &r.Ours, &r.Theirs, &r.Status, &r.Resolution, &r.CreatedAt, &r.ResolvedBy, &r.ResolvedAt)
	return r, err
}

func (r conflictRow) model() (model.Conflict, error) {
	c := model.Conflict{ID: r.ID, PacketID: r.PacketID, Key: model.AnswerKey{QuestionID: r.QuestionID, Subject: r.Subject},
		Status: model.ConflictStatus(r.Status), Resolution: r.Resolution, ResolvedBy: r.ResolvedBy}
	var err error
	if c.CreatedAt, err = parseTime(r.CreatedAt); err != nil {
		return c, fmt.Errorf("conflict %d: created_at: %w", r.ID, err)
	}
	if r.ResolvedAt != "" {
		if c.ResolvedAt, err = parseTime(r.ResolvedAt); err != nil {
			return c, fmt.Errorf("conflict %d: resolved_at: %w", r.ID, err)
		}
	}
	if c.Ours, c.OursOK, err = conflictSide(r.Ours, r.ID, "ours"); err != nil {
		return c, err
	}
	c.Theirs, c.TheirsOK, err = conflictSide(r.Theirs, r.ID, "theirs")
	return c, err
}

func conflictSide(s string, id int64, side string) (model.Answer, bool, error) {
	if s == "" {
		return model.Answer{}, false, nil
	}
	var r answerRow
	if err := decodeJSON(s, &r, fmt.Sprintf("conflict %d %s", id, side)); err != nil {
		return model.Answer{}, false, err
	}
	a, err := r.model()
	return a, err == nil, err
}

func (t *txn) insertConflict(ctx context.Context, r conflictRow) (int64, error) {
	res, err := t.tx.ExecContext(ctx, "INSERT INTO conflict ("+conflictCols+") VALUES ("+placeholders(conflictCols)+")", r.values()...)
	if err != nil {
		return 0, err
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return 0, err
	}
	return r.ID, t.record(ctx, ActionMerge, EntityConflict, r.entityID(), "", encodeJSON(r))
}

// Conflicts returns merge conflicts with the given status ("" for all),
// oldest first: the list the conflict screen shows.
func (s *Store) Conflicts(ctx context.Context, status model.ConflictStatus) ([]model.Conflict, error) {
	q := "SELECT id, " + conflictCols + " FROM conflict"
	var args []any
	if status != "" {
		q += " WHERE status = ?"
		args = append(args, string(status))
	}
	var out []model.Conflict
	err := s.read(ctx, func(tx *sql.Tx) error {
		return eachRow(ctx, tx, q+" ORDER BY id", func(sc scanner) error {
			r, err := scanConflict(sc)
			if err != nil {
				return err
			}
			c, err := r.model()
			out = append(out, c)
			return err
		}, args...)
	})
	return out, err
}

// ResolveConflict resolves an open conflict by taking "ours" (the answer
// stays as it is in this file) or "theirs" (the packet's answer is written,
// trail action "resolve", its review reset as for any change). The
// conflict row records who resolved it, when and how. The actor must be an
// assessor.
func (s *Store) ResolveConflict(ctx context.Context, id int64, take string) (model.Conflict, error) {
	if take != "ours" && take != "theirs" {
		return model.Conflict{}, fmt.Errorf("conflict %d: take ours or theirs, not %q", id, take)
	}
	var out model.Conflict
	err := s.write(ctx, func(t *txn) error {
		if err := t.requireRole(ctx, model.RoleAssessor, "resolve conflicts"); err != nil {
			return err
		}
		cur, err := scanConflict(t.tx.QueryRowContext(ctx, "SELECT id, "+conflictCols+" FROM conflict WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("conflict %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if cur.Status != string(model.ConflictOpen) {
			return fmt.Errorf("conflict %d was already resolved (took %s, by %s)", id, cur.Resolution, cur.ResolvedBy)
		}
		if take == "theirs" && cur.Theirs != "" {
			var theirs answerRow
			if err := decodeJSON(cur.Theirs, &theirs, fmt.Sprintf("conflict %d theirs", id)); err != nil {
				return err
			}
			if _, err := t.putAnswerRow(ctx, theirs, ActionResolve); err != nil {
				return err
			}
		}
		next := cur
		next.Status, next.Resolution, next.ResolvedBy, next.ResolvedAt = string(model.ConflictResolved), take, t.actor, t.stamp
		if _, err := t.tx.ExecContext(ctx, "UPDATE conflict SET "+assignments(conflictCols)+" WHERE id = ?", append(next.values(), id)...); err != nil {
			return err
		}
		if err := t.record(ctx, ActionResolve, EntityConflict, next.entityID(), encodeJSON(cur), encodeJSON(next)); err != nil {
			return err
		}
		out, err = next.model()
		return err
	})
	return out, err
}
