package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"auditwalk/model"
)

// EntityNarrative is the trail entity of an edited narrative; its id is
// "controlID@subject".
const EntityNarrative = "narrative"

// narrativeRow is a row of narrative, as the trail's before/after holds it.
type narrativeRow struct {
	ControlID string `json:"control_id"`
	Subject   string `json:"subject"`
	Text      string `json:"text"`
	Generated string `json:"generated"`
	EditedBy  string `json:"edited_by"`
	EditedAt  string `json:"edited_at"`
}

const narrativeCols = "control_id, subject, text, generated, edited_by, edited_at"

func (r narrativeRow) values() []any {
	return []any{r.ControlID, r.Subject, r.Text, r.Generated, r.EditedBy, r.EditedAt}
}

func (r narrativeRow) entityID() string { return model.ReviewKey(r.ControlID, r.Subject) }

func scanNarrative(sc scanner) (narrativeRow, error) {
	var r narrativeRow
	err := sc.Scan(&r.ControlID, &r.Subject, &r.Text, &r.Generated, &r.EditedBy, &r.EditedAt)
	return r, err
}

func (r narrativeRow) model() (model.Narrative, error) {
	at, err := parseTime(r.EditedAt)
	if err != nil {
		return model.Narrative{}, fmt.Errorf("narrative %s: edited_at: %w", r.entityID(), err)
	}
	return model.Narrative{ControlID: r.ControlID, Subject: r.Subject, Text: r.Text, Generated: r.Generated,
		EditedBy: r.EditedBy, EditedAt: at}, nil
}

// validNarrativeKey checks a control id and subject ("org" or
// "system:<id>") before they become a primary key.
func validNarrativeKey(controlID, subject string) error {
	if strings.TrimSpace(controlID) == "" || controlID != strings.TrimSpace(controlID) {
		return fmt.Errorf("narrative: control id %q is empty or padded", controlID)
	}
	if subject != model.SubjectOrg {
		if _, ok := model.SubjectSystemID(subject); !ok {
			return fmt.Errorf("narrative %s: subject %q is neither %q nor system:<id>", controlID, subject, model.SubjectOrg)
		}
	}
	return nil
}

// Narratives returns every edited narrative, by control then subject.
func (s *Store) Narratives(ctx context.Context) ([]model.Narrative, error) {
	var out []model.Narrative
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT "+narrativeCols+" FROM narrative ORDER BY control_id, subject")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanNarrative(rows)
			if err != nil {
				return err
			}
			n, err := r.model()
			if err != nil {
				return err
			}
			out = append(out, n)
		}
		return rows.Err()
	})
	return out, err
}

// SaveNarrative stores an edited narrative for n.ControlID and n.Subject,
// with the generated text it replaces, stamped with the store's actor and
// clock, and records it in the trail in the same transaction. An empty
// text is refused: DeleteNarrative reverts to the generated narrative.
func (s *Store) SaveNarrative(ctx context.Context, n model.Narrative) (model.Narrative, error) {
	if err := validNarrativeKey(n.ControlID, n.Subject); err != nil {
		return model.Narrative{}, err
	}
	if strings.TrimSpace(n.Text) == "" {
		return model.Narrative{}, fmt.Errorf("narrative %s: text is empty (revert to use the generated narrative)", n.Key())
	}
	var out model.Narrative
	err := s.write(ctx, func(t *txn) error {
		cur, found, err := t.narrative(ctx, n.ControlID, n.Subject)
		if err != nil {
			return err
		}
		r := narrativeRow{ControlID: n.ControlID, Subject: n.Subject, Text: n.Text, Generated: n.Generated,
			EditedBy: t.actor, EditedAt: t.stamp}
		before, action := "", ActionCreate
		if found {
			before, action = encodeJSON(cur), ActionUpdate
		}
		q := "INSERT INTO narrative (" + narrativeCols + ") VALUES (" + placeholders(narrativeCols) + ")" +
			" ON CONFLICT (control_id, subject) DO UPDATE SET " + excludedAssignments(narrativeCols)
		if _, err := t.tx.ExecContext(ctx, q, r.values()...); err != nil {
			return err
		}
		if err := t.record(ctx, action, EntityNarrative, r.entityID(), before, encodeJSON(r)); err != nil {
			return err
		}
		out, err = r.model()
		return err
	})
	return out, err
}

// DeleteNarrative reverts the narrative of controlID for subject to the
// generated one, recording the removed text in the trail. ErrNotFound if
// it was not edited.
func (s *Store) DeleteNarrative(ctx context.Context, controlID, subject string) error {
	return s.write(ctx, func(t *txn) error {
		cur, found, err := t.narrative(ctx, controlID, subject)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("narrative %s: %w", model.ReviewKey(controlID, subject), ErrNotFound)
		}
		if _, err := t.tx.ExecContext(ctx, "DELETE FROM narrative WHERE control_id = ? AND subject = ?", controlID, subject); err != nil {
			return err
		}
		return t.record(ctx, ActionDelete, EntityNarrative, cur.entityID(), encodeJSON(cur), "")
	})
}

func (t *txn) narrative(ctx context.Context, controlID, subject string) (narrativeRow, bool, error) {
	r, err := scanNarrative(t.tx.QueryRowContext(ctx,
		"SELECT "+narrativeCols+" FROM narrative WHERE control_id = ? AND subject = ?", controlID, subject))
	if errors.Is(err, sql.ErrNoRows) {
		return narrativeRow{}, false, nil
	}
	return r, err == nil, err
}

// narrativeRowReader is currentRows' query and reader for EntityNarrative.
func narrativeRowReader() (string, func(sc scanner) (id, canonical string, err error)) {
	return "SELECT " + narrativeCols + " FROM narrative", func(sc scanner) (string, string, error) {
		r, err := scanNarrative(sc)
		return r.entityID(), encodeJSON(r), err
	}
}
