package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"auditwalk/model"
)

// Store implements model.Store.
var _ model.Store = (*Store)(nil)

// Load reads the whole engagement: header, answers, systems (with
// VendorName), vendors and UI state. A file whose engagement has not been
// set up yet returns a zero Engagement.
func (s *Store) Load(ctx context.Context) (model.Snapshot, error) {
	snap := model.Snapshot{Answers: model.Answers{}, UI: map[string]string{}}
	// One read transaction: a consistent snapshot even while a writer in
	// this process is between statements.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return snap, s.fail("load", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	steps := []func(context.Context, *sql.Tx, *model.Snapshot) error{loadEngagement, loadAnswers, loadInventory, loadUI}
	for _, step := range steps {
		if err := step(ctx, tx, &snap); err != nil {
			return snap, s.fail("load", err)
		}
	}
	return snap, nil
}

func loadEngagement(ctx context.Context, tx *sql.Tx, snap *model.Snapshot) error {
	r, err := scanEngagement(tx.QueryRowContext(ctx, "SELECT "+engagementCols+" FROM engagement WHERE id = 1"))
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	snap.Engagement, err = r.model()
	return err
}

func loadAnswers(ctx context.Context, tx *sql.Tx, snap *model.Snapshot) error {
	rows, err := tx.QueryContext(ctx, "SELECT "+answerCols+" FROM answer")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanAnswer(rows)
		if err != nil {
			return err
		}
		a, err := r.model()
		if err != nil {
			return err
		}
		snap.Answers[a.Key()] = a
	}
	return rows.Err()
}

// loadInventory reads vendors then systems, ordered by name for display.
func loadInventory(ctx context.Context, tx *sql.Tx, snap *model.Snapshot) error {
	vrows, err := tx.QueryContext(ctx, "SELECT id, "+vendorCols+" FROM vendor ORDER BY name, id")
	if err != nil {
		return err
	}
	defer vrows.Close()
	names := map[int64]string{}
	for vrows.Next() {
		r, err := scanVendor(vrows)
		if err != nil {
			return err
		}
		v, err := r.model()
		if err != nil {
			return err
		}
		names[v.ID] = v.Name
		snap.Vendors = append(snap.Vendors, v)
	}
	if err := vrows.Err(); err != nil {
		return err
	}
	srows, err := tx.QueryContext(ctx, "SELECT id, "+systemCols+" FROM system ORDER BY name, id")
	if err != nil {
		return err
	}
	defer srows.Close()
	for srows.Next() {
		r, err := scanSystem(srows)
		if err != nil {
			return err
		}
		var vendor string
		if r.VendorID != nil {
			vendor = names[*r.VendorID]
		}
		sys, err := r.model(vendor)
		if err != nil {
			return err
		}
		snap.Systems = append(snap.Systems, sys)
	}
	return srows.Err()
}

func loadUI(ctx context.Context, tx *sql.Tx, snap *model.Snapshot) error {
	rows, err := tx.QueryContext(ctx, "SELECT key, value FROM ui_state")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		snap.UI[k] = v
	}
	return rows.Err()
}

// SaveEngagement writes the engagement header. CreatedAt is set on the
// first save and kept afterwards; the pack fields are normally set by
// StartEngagement.
func (s *Store) SaveEngagement(ctx context.Context, e model.Engagement) (model.Engagement, error) {
	var out model.Engagement
	if err := e.ChangeWindow.Validate(); err != nil {
		return out, err
	}
	err := s.write(ctx, func(t *txn) error {
		cur, found, err := t.engagement(ctx)
		if err != nil {
			return err
		}
		created := t.stamp
		if found {
			created = cur.CreatedAt
		}
		r, err := t.putEngagement(ctx, cur, found, newEngagementRow(e, created))
		if err != nil {
			return err
		}
		out, err = r.model()
		return err
	})
	return out, err
}

func (t *txn) engagement(ctx context.Context) (engagementRow, bool, error) {
	r, err := scanEngagement(t.tx.QueryRowContext(ctx, "SELECT "+engagementCols+" FROM engagement WHERE id = 1"))
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// putEngagement writes r unless it equals cur, and records the change.
func (t *txn) putEngagement(ctx context.Context, cur engagementRow, found bool, r engagementRow) (engagementRow, error) {
	before, action := "", ActionCreate
	if found {
		before, action = encodeJSON(cur), ActionUpdate
		if before == encodeJSON(r) {
			return cur, nil
		}
	}
	q := "INSERT INTO engagement (id, " + engagementCols + ") VALUES (1, " + placeholders(engagementCols) + ")" +
		" ON CONFLICT (id) DO UPDATE SET " + excludedAssignments(engagementCols)
	if _, err := t.tx.ExecContext(ctx, q, r.values()...); err != nil {
		return r, err
	}
	return r, t.record(ctx, action, EntityEngagement, "1", before, encodeJSON(r))
}

// SaveAnswer writes an answer stamped with the store's clock and actor and
// returns it as stored. Saving an answer identical to the stored one
// (ignoring the stamp) writes nothing and returns the stored answer.
func (s *Store) SaveAnswer(ctx context.Context, a model.Answer) (model.Answer, error) {
	if a.QuestionID == "" || a.Subject == "" {
		return a, fmt.Errorf("answer needs a question id and a subject")
	}
	var out model.Answer
	err := s.write(ctx, func(t *txn) error {
		r := newAnswerRow(a, t.stamp, t.actor)
		cur, err := scanAnswer(t.queryRow(ctx, answerGetSQL, a.QuestionID, a.Subject))
		before, action := "", ActionCreate
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		case encodeJSON(cur.content()) == encodeJSON(r.content()):
			out, err = cur.model()
			return err
		default:
			before, action = encodeJSON(cur), ActionUpdate
		}
		if err := t.exec(ctx, answerPutSQL, r.values()...); err != nil {
			return err
		}
		if err := t.record(ctx, action, EntityAnswer, r.entityID(), before, encodeJSON(r)); err != nil {
			return err
		}
		// A changed answer loses its review in the same transaction (review.go).
		if err := t.answerChanged(ctx, a.Key()); err != nil {
			return err
		}
		out, err = r.model()
		return err
	})
	return out, err
}

// SetUIState stores a piece of resume state. It is not engagement content,
// so it leaves no activity record.
func (s *Store) SetUIState(ctx context.Context, key, value string) error {
	return s.write(ctx, func(t *txn) error {
		_, err := t.tx.ExecContext(ctx, "INSERT INTO ui_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
		return err
	})
}

// excludedAssignments returns "a = excluded.a, ..." for an upsert.
func excludedAssignments(cols string) string {
	parts := strings.Split(cols, ", ")
	for i, c := range parts {
		parts[i] = c + " = excluded." + c
	}
	return strings.Join(parts, ", ")
}
