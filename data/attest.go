package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"auditwalk/model"
)

// attestationRow is a row of attestation. Answers holds the canonical
// lines of the covered answers (model.CanonicalAnswer), in payload order.
type attestationRow struct {
	ID            int64    `json:"id"`
	UID           string   `json:"uid"`
	Engagement    string   `json:"engagement"`
	Person        string   `json:"person"`
	Email         string   `json:"email"`
	Role          string   `json:"role"`
	Statement     string   `json:"statement"`
	Controls      []string `json:"controls"`
	Answers       []string `json:"answers"`
	AnswersSHA256 string   `json:"answers_sha256"`
	At            string   `json:"at"`
	Payload       string   `json:"payload"`
	Signature     string   `json:"signature"`
	SignerKey     string   `json:"signer_key"`
	Packet        string   `json:"packet"`
}

const attestationCols = "uid, engagement, person, email, role, statement, controls, answers, answers_sha256, at, payload, signature, signer_key, packet"

func newAttestationRow(a model.Attestation) attestationRow {
	lines := make([]string, len(a.Answers))
	for i, x := range a.Answers {
		lines[i] = x.Canonical
	}
	return attestationRow{ID: a.ID, UID: a.UID, Engagement: a.Engagement, Person: a.Person, Email: a.Email, Role: string(a.Role),
		Statement: a.Statement, Controls: list(a.Controls), Answers: lines, AnswersSHA256: a.AnswersSHA256,
		At: formatTime(a.At), Payload: a.Payload, Signature: a.Signature, SignerKey: a.SignerKey, Packet: a.Packet}
}

func (r attestationRow) values() []any {
	return []any{r.UID, r.Engagement, r.Person, r.Email, r.Role, r.Statement, encodeJSON(r.Controls), encodeJSON(r.Answers),
		r.AnswersSHA256, r.At, r.Payload, r.Signature, r.SignerKey, r.Packet}
}

func (r attestationRow) entityID() string { return strconv.FormatInt(r.ID, 10) }

func scanAttestation(sc scanner) (attestationRow, error) {
	var r attestationRow
	var controls, answers string
	if err := sc.Scan(&r.ID, &r.UID, &r.Engagement, &r.Person, &r.Email, &r.Role, &r.Statement, &controls, &answers,
		&r.AnswersSHA256, &r.At, &r.Payload, &r.Signature, &r.SignerKey, &r.Packet); err != nil {
		return r, err
	}
	if err := decodeJSON(controls, &r.Controls, "attestation "+r.entityID()+" controls"); err != nil {
		return r, err
	}
	return r, decodeJSON(answers, &r.Answers, "attestation "+r.entityID()+" answers")
}

func (r attestationRow) model() (model.Attestation, error) {
	at, err := parseTime(r.At)
	if err != nil {
		return model.Attestation{}, fmt.Errorf("attestation %d: at: %w", r.ID, err)
	}
	a := model.Attestation{ID: r.ID, UID: r.UID, Engagement: r.Engagement, Person: r.Person, Email: r.Email, Role: model.Role(r.Role),
		Statement: r.Statement, Controls: unlist(r.Controls), AnswersSHA256: r.AnswersSHA256, At: at, Payload: r.Payload,
		Signature: r.Signature, SignerKey: r.SignerKey, Packet: r.Packet}
	for _, line := range r.Answers {
		var k struct {
			Q string `json:"question_id"`
			S string `json:"subject"`
		}
		if err := json.Unmarshal([]byte(line), &k); err != nil {
			return a, fmt.Errorf("attestation %d: covered answer %q is not canonical JSON", r.ID, truncate(line, 40))
		}
		a.Answers = append(a.Answers, model.AttestedAnswer{Key: model.AnswerKey{QuestionID: k.Q, Subject: k.S}, Canonical: line})
	}
	return a, nil
}

// Attest stores an attestation built by model.NewAttestation (and
// optionally signed: Signature and SignerKey set). The store's actor must
// be the attesting person and hold the control-owner role, and every
// covered answer must still read as attested (nothing changed between
// building and storing it). It returns the attestation with its ID.
func (s *Store) Attest(ctx context.Context, a model.Attestation) (model.Attestation, error) {
	if a.UID == "" || a.Payload != a.RenderPayload() {
		return a, fmt.Errorf("attest: attestation is incomplete (build it with model.NewAttestation)")
	}
	err := s.write(ctx, func(t *txn) error {
		people, err := readPeople(ctx, t.tx)
		if err != nil {
			return err
		}
		p, err := people.Require(t.actor, model.RoleControlOwner, "attest")
		if err != nil {
			return notAllowed(err)
		}
		if p.Name != a.Person {
			return notAllowed(fmt.Errorf("%s cannot record an attestation made by %s", p.Name, a.Person))
		}
		for _, x := range a.Answers {
			cur, ok, err := t.answer(ctx, x.Key)
			if err != nil {
				return err
			}
			if model.CanonicalAnswer(x.Key, cur, ok) != x.Canonical {
				return fmt.Errorf("attest: answer %s changed while attesting; review it and attest again", model.ReviewKey(x.Key.QuestionID, x.Key.Subject))
			}
		}
		a.ID, err = t.insertAttestation(ctx, newAttestationRow(a), ActionAttest)
		return err
	})
	return a, err
}

func (t *txn) insertAttestation(ctx context.Context, r attestationRow, action string) (int64, error) {
	res, err := t.tx.ExecContext(ctx, "INSERT INTO attestation ("+attestationCols+") VALUES ("+placeholders(attestationCols)+")", r.values()...)
	if err != nil {
		return 0, err
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return 0, err
	}
	return r.ID, t.record(ctx, action, EntityAttestation, r.entityID(), "", encodeJSON(r))
}

// Attestations returns every attestation, oldest first. Judge each against
// the current answers with Attestation.Check (valid or superseded).
func (s *Store) Attestations(ctx context.Context) ([]model.Attestation, error) {
	var out []model.Attestation
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = readAttestations(ctx, tx, "")
		return err
	})
	return out, err
}

// Attestation returns the attestation with id; ErrNotFound if none.
func (s *Store) Attestation(ctx context.Context, id int64) (model.Attestation, error) {
	var out []model.Attestation
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = readAttestations(ctx, tx, "WHERE id = "+strconv.FormatInt(id, 10))
		return err
	})
	if err == nil && len(out) == 0 {
		err = fmt.Errorf("attestation %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return model.Attestation{}, err
	}
	return out[0], nil
}

// readAttestations reads attestations; where is a trusted SQL fragment.
func readAttestations(ctx context.Context, q querier, where string) ([]model.Attestation, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, "+attestationCols+" FROM attestation "+where+" ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Attestation
	for rows.Next() {
		r, err := scanAttestation(rows)
		if err != nil {
			return nil, err
		}
		a, err := r.model()
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// attestationUIDExists reports whether an attestation with uid is stored.
func (t *txn) attestationUIDExists(ctx context.Context, uid string) (bool, error) {
	var n int
	err := t.tx.QueryRowContext(ctx, "SELECT 1 FROM attestation WHERE uid = ?", uid).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}
