package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"auditwalk/model"
)

// Activity entities of the accountability tables (0003). Each is audited by
// Verify like answers are.
const (
	EntityPerson      = "person"
	EntityAssignment  = "assignment"
	EntityReview      = "review"
	EntityAttestation = "attestation"
	EntityPacket      = "packet"
	EntityPacketItem  = "packet_item"
	EntityConflict    = "conflict"
)

// Activity actions of the accountability features.
const (
	ActionReview  = "review"
	ActionReset   = "review-reset"
	ActionAttest  = "attest"
	ActionExport  = "packet-export"
	ActionMerge   = "merge"
	ActionResolve = "resolve"
)

// ErrNotAllowed: the actor's roles do not allow the change, or a review
// rule refused it.
var ErrNotAllowed = errors.New("not allowed")

// notAllowedError reads as the rule's own message and matches
// ErrNotAllowed with errors.Is.
type notAllowedError struct{ err error }

func (e notAllowedError) Error() string   { return e.err.Error() }
func (e notAllowedError) Unwrap() []error { return []error{ErrNotAllowed, e.err} }

func notAllowed(err error) error { return notAllowedError{err} }

// accountabilityEntities are the audited entities of 0003, in Verify order.
func accountabilityEntities() []string {
	return []string{EntityPerson, EntityAssignment, EntityReview, EntityAttestation, EntityPacket, EntityPacketItem, EntityConflict}
}

// personRow is a row of person.
type personRow struct {
	Name      string   `json:"name"`
	Email     string   `json:"email"`
	Roles     []string `json:"roles"`
	UpdatedAt string   `json:"updated_at"`
	UpdatedBy string   `json:"updated_by"`
}

const personCols = "name, email, roles, updated_at, updated_by"

func (r personRow) values() []any {
	return []any{r.Name, r.Email, encodeJSON(r.Roles), r.UpdatedAt, r.UpdatedBy}
}

func (r personRow) content() personRow { r.UpdatedAt, r.UpdatedBy = "", ""; return r }

func scanPerson(sc scanner) (personRow, error) {
	var r personRow
	var roles string
	if err := sc.Scan(&r.Name, &r.Email, &roles, &r.UpdatedAt, &r.UpdatedBy); err != nil {
		return r, err
	}
	return r, decodeJSON(roles, &r.Roles, "person "+r.Name+" roles")
}

func (r personRow) model() (model.Person, error) {
	t, err := parseTime(r.UpdatedAt)
	if err != nil {
		return model.Person{}, fmt.Errorf("person %s: updated_at: %w", r.Name, err)
	}
	roles := make([]model.Role, len(r.Roles))
	for i, x := range r.Roles {
		roles[i] = model.Role(x)
	}
	return model.Person{Name: r.Name, Email: r.Email, Roles: roles, UpdatedAt: t, UpdatedBy: r.UpdatedBy}, nil
}

// assignmentRow is a row of assignment.
type assignmentRow struct {
	Kind       string `json:"kind"`
	Target     string `json:"target"`
	Owner      string `json:"owner"`
	AssignedAt string `json:"assigned_at"`
	AssignedBy string `json:"assigned_by"`
}

const assignmentCols = "kind, target, owner, assigned_at, assigned_by"

func (r assignmentRow) values() []any {
	return []any{r.Kind, r.Target, r.Owner, r.AssignedAt, r.AssignedBy}
}

func (r assignmentRow) entityID() string { return r.Kind + ":" + r.Target }

func scanAssignment(sc scanner) (assignmentRow, error) {
	var r assignmentRow
	err := sc.Scan(&r.Kind, &r.Target, &r.Owner, &r.AssignedAt, &r.AssignedBy)
	return r, err
}

func (r assignmentRow) model() (model.Assignment, error) {
	t, err := parseTime(r.AssignedAt)
	if err != nil {
		return model.Assignment{}, fmt.Errorf("assignment %s: assigned_at: %w", r.entityID(), err)
	}
	return model.Assignment{Kind: model.AssignKind(r.Kind), Target: r.Target, Owner: r.Owner, AssignedAt: t, AssignedBy: r.AssignedBy}, nil
}

// People returns the engagement's people, by name.
func (s *Store) People(ctx context.Context) (model.People, error) {
	var out model.People
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = readPeople(ctx, tx)
		return err
	})
	return out, err
}

// read runs fn in one read transaction, wrapping failures with the file.
func (s *Store) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.fail("read", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	if err := fn(tx); err != nil {
		return s.fail("read", err)
	}
	return nil
}

// querier is *sql.Tx (read or write).
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func readPeople(ctx context.Context, q querier) (model.People, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+personCols+" FROM person ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out model.People
	for rows.Next() {
		r, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		p, err := r.model()
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SavePerson adds a person or changes one's email and roles (matched by
// name, case-insensitively; the stored spelling is kept). Only an assessor
// may do this once the engagement has one; whoever adds the first assessor
// bootstraps it.
func (s *Store) SavePerson(ctx context.Context, p model.Person) (model.Person, error) {
	p.Roles = slices.Clone(p.Roles)
	slices.Sort(p.Roles)
	p.Roles = slices.Compact(p.Roles)
	if err := p.Validate(); err != nil {
		return p, err
	}
	var out model.Person
	err := s.write(ctx, func(t *txn) error {
		people, err := readPeople(ctx, t.tx)
		if err != nil {
			return err
		}
		if err := people.CanManagePeople(t.actor); err != nil {
			return notAllowed(err)
		}
		r := personRow{Name: p.Name, Email: p.Email, Roles: list(p.Roles), UpdatedAt: t.stamp, UpdatedBy: t.actor}
		cur, err := scanPerson(t.tx.QueryRowContext(ctx, "SELECT "+personCols+" FROM person WHERE name = ?", p.Name))
		before, action := "", ActionCreate
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		default:
			r.Name = cur.Name
			if encodeJSON(cur.content()) == encodeJSON(r.content()) {
				out, err = cur.model()
				return err
			}
			before, action = encodeJSON(cur), ActionUpdate
		}
		q := "INSERT INTO person (" + personCols + ") VALUES (" + placeholders(personCols) + ")" +
			" ON CONFLICT (name) DO UPDATE SET " + excludedAssignments(personCols)
		if _, err := t.tx.ExecContext(ctx, q, r.values()...); err != nil {
			return err
		}
		if err := t.record(ctx, action, EntityPerson, r.Name, before, encodeJSON(r)); err != nil {
			return err
		}
		out, err = r.model()
		return err
	})
	return out, err
}

// Assignments returns every assignment, controls first.
func (s *Store) Assignments(ctx context.Context) (model.Assignments, error) {
	var out model.Assignments
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = readAssignments(ctx, tx)
		return err
	})
	return out, err
}

func readAssignments(ctx context.Context, q querier) (model.Assignments, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+assignmentCols+" FROM assignment ORDER BY kind, target")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out model.Assignments
	for rows.Next() {
		r, err := scanAssignment(rows)
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

// Assign gives a control (target: its id; the caller checks it is in the
// pack) or an AI system (target: its decimal id) to owner, replacing any
// previous owner; an empty owner removes the assignment. The actor must be
// an assessor and the owner a person with the control-owner role.
func (s *Store) Assign(ctx context.Context, kind model.AssignKind, target, owner string) (model.Assignment, error) {
	if kind != model.AssignControl && kind != model.AssignSystem {
		return model.Assignment{}, fmt.Errorf("assign: kind must be control or system, not %q", string(kind))
	}
	target = strings.TrimSpace(target)
	var out model.Assignment
	err := s.write(ctx, func(t *txn) error {
		people, err := readPeople(ctx, t.tx)
		if err != nil {
			return err
		}
		if _, err := people.Require(t.actor, model.RoleAssessor, "assign owners"); err != nil {
			return notAllowed(err)
		}
		if kind == model.AssignSystem {
			id, err := strconv.ParseInt(target, 10, 64)
			if err != nil {
				return fmt.Errorf("assign system %q: not a system id", target)
			}
			if _, found, err := t.system(ctx, id); err != nil || !found {
				return cmpErr(err, fmt.Errorf("system %d: %w", id, ErrNotFound))
			}
		}
		r := assignmentRow{Kind: string(kind), Target: target, AssignedAt: t.stamp, AssignedBy: t.actor}
		if owner != "" {
			p, err := people.Require(owner, model.RoleControlOwner, "own controls or systems")
			if err != nil {
				return notAllowed(err)
			}
			r.Owner = p.Name
		}
		out, err = t.putAssignment(ctx, r)
		return err
	})
	return out, err
}

func (t *txn) putAssignment(ctx context.Context, r assignmentRow) (model.Assignment, error) {
	cur, err := scanAssignment(t.tx.QueryRowContext(ctx, "SELECT "+assignmentCols+" FROM assignment WHERE kind = ? AND target = ?", r.Kind, r.Target))
	found := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return model.Assignment{}, err
	}
	switch {
	case r.Owner == "" && !found:
		return model.Assignment{Kind: model.AssignKind(r.Kind), Target: r.Target}, nil
	case r.Owner == "":
		if _, err := t.tx.ExecContext(ctx, "DELETE FROM assignment WHERE kind = ? AND target = ?", r.Kind, r.Target); err != nil {
			return model.Assignment{}, err
		}
		return model.Assignment{Kind: model.AssignKind(r.Kind), Target: r.Target}, t.record(ctx, ActionDelete, EntityAssignment, r.entityID(), encodeJSON(cur), "")
	case found && cur.Owner == r.Owner:
		return cur.model()
	}
	before, action := "", ActionCreate
	if found {
		before, action = encodeJSON(cur), ActionUpdate
	}
	q := "INSERT INTO assignment (" + assignmentCols + ") VALUES (" + placeholders(assignmentCols) + ")" +
		" ON CONFLICT (kind, target) DO UPDATE SET " + excludedAssignments(assignmentCols)
	if _, err := t.tx.ExecContext(ctx, q, r.values()...); err != nil {
		return model.Assignment{}, err
	}
	if err := t.record(ctx, action, EntityAssignment, r.entityID(), before, encodeJSON(r)); err != nil {
		return model.Assignment{}, err
	}
	return r.model()
}
