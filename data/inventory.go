package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	sqlite3 "modernc.org/sqlite/lib"

	"auditwalk/model"
)

// SaveSystem inserts (ID 0) or updates a system and returns it as stored,
// with ID, UpdatedAt and VendorName set.
func (s *Store) SaveSystem(ctx context.Context, sys model.System) (model.System, error) {
	if err := sys.Validate(); err != nil {
		return sys, fmt.Errorf("system %q: %w", sys.Name, err)
	}
	var out model.System
	err := s.write(ctx, func(t *txn) error {
		r, _, err := t.putSystem(ctx, newSystemRow(sys, t.stamp))
		if err != nil {
			return err
		}
		out, err = t.systemModel(ctx, r)
		return err
	})
	return out, err
}

// DeleteSystem deletes a system; its trail record keeps the row in before.
// Answers about the system are kept (they are part of the record).
func (s *Store) DeleteSystem(ctx context.Context, id int64) error {
	return s.write(ctx, func(t *txn) error {
		cur, found, err := t.system(ctx, id)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("system %d: %w", id, ErrNotFound)
		}
		if _, err := t.tx.ExecContext(ctx, "DELETE FROM system WHERE id = ?", id); err != nil {
			return err
		}
		return t.record(ctx, ActionDelete, EntitySystem, cur.entityID(), encodeJSON(cur), "")
	})
}

// SaveVendor inserts (ID 0) or updates a vendor and returns it as stored.
func (s *Store) SaveVendor(ctx context.Context, v model.Vendor) (model.Vendor, error) {
	if err := v.Validate(); err != nil {
		return v, fmt.Errorf("vendor %q: %w", v.Name, err)
	}
	var out model.Vendor
	err := s.write(ctx, func(t *txn) error {
		r, _, err := t.putVendor(ctx, newVendorRow(v, t.stamp))
		if err != nil {
			return err
		}
		out, err = r.model()
		return err
	})
	return out, err
}

// DeleteVendor deletes a vendor. Systems linked to it are unlinked in the
// same transaction, each with its own update record.
func (s *Store) DeleteVendor(ctx context.Context, id int64) error {
	return s.write(ctx, func(t *txn) error {
		cur, found, err := t.vendor(ctx, id)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("vendor %d: %w", id, ErrNotFound)
		}
		linked, err := t.systemsOfVendor(ctx, id)
		if err != nil {
			return err
		}
		for _, sys := range linked {
			sys.VendorID = nil
			sys.UpdatedAt = t.stamp
			if _, _, err := t.putSystem(ctx, sys); err != nil {
				return err
			}
		}
		if _, err := t.tx.ExecContext(ctx, "DELETE FROM vendor WHERE id = ?", id); err != nil {
			return err
		}
		return t.record(ctx, ActionDelete, EntityVendor, cur.entityID(), encodeJSON(cur), "")
	})
}

func (t *txn) system(ctx context.Context, id int64) (systemRow, bool, error) {
	r, err := scanSystem(t.tx.QueryRowContext(ctx, "SELECT id, "+systemCols+" FROM system WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

func (t *txn) vendor(ctx context.Context, id int64) (vendorRow, bool, error) {
	r, err := scanVendor(t.tx.QueryRowContext(ctx, "SELECT id, "+vendorCols+" FROM vendor WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// lookupID finds a row id by name (case-insensitive, as the UNIQUE
// constraint compares); 0 when absent.
func (t *txn) lookupID(ctx context.Context, table, name string) (int64, error) {
	var id int64
	err := t.tx.QueryRowContext(ctx, "SELECT id FROM "+table+" WHERE name = ?", name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

func (t *txn) systemsOfVendor(ctx context.Context, vendorID int64) ([]systemRow, error) {
	rows, err := t.tx.QueryContext(ctx, "SELECT id, "+systemCols+" FROM system WHERE vendor_id = ? ORDER BY id", vendorID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []systemRow
	for rows.Next() {
		r, err := scanSystem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// putSystem inserts (ID 0) or updates r and records the change; an update
// that changes nothing but the stamp writes nothing. It reports whether it
// created, updated or left the row.
func (t *txn) putSystem(ctx context.Context, r systemRow) (systemRow, string, error) {
	if r.VendorID != nil {
		if _, found, err := t.vendor(ctx, *r.VendorID); err != nil || !found {
			return r, "", cmpErr(err, fmt.Errorf("system %q: vendor %d: %w", r.Name, *r.VendorID, ErrNotFound))
		}
	}
	if r.ID == 0 {
		res, err := t.tx.ExecContext(ctx, "INSERT INTO system ("+systemCols+") VALUES ("+placeholders(systemCols)+")", r.values()...)
		if err != nil {
			return r, "", nameErr(err, "system", r.Name)
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return r, "", err
		}
		return r, ActionCreate, t.record(ctx, ActionCreate, EntitySystem, r.entityID(), "", encodeJSON(r))
	}
	cur, found, err := t.system(ctx, r.ID)
	if err != nil || !found {
		return r, "", cmpErr(err, fmt.Errorf("system %d: %w", r.ID, ErrNotFound))
	}
	if encodeJSON(cur.content()) == encodeJSON(r.content()) {
		return cur, "", nil
	}
	if _, err := t.tx.ExecContext(ctx, "UPDATE system SET "+assignments(systemCols)+" WHERE id = ?", append(r.values(), r.ID)...); err != nil {
		return r, "", nameErr(err, "system", r.Name)
	}
	return r, ActionUpdate, t.record(ctx, ActionUpdate, EntitySystem, r.entityID(), encodeJSON(cur), encodeJSON(r))
}

// putVendor is putSystem for vendors.
func (t *txn) putVendor(ctx context.Context, r vendorRow) (vendorRow, string, error) {
	if r.ID == 0 {
		res, err := t.tx.ExecContext(ctx, "INSERT INTO vendor ("+vendorCols+") VALUES ("+placeholders(vendorCols)+")", r.values()...)
		if err != nil {
			return r, "", nameErr(err, "vendor", r.Name)
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return r, "", err
		}
		return r, ActionCreate, t.record(ctx, ActionCreate, EntityVendor, r.entityID(), "", encodeJSON(r))
	}
	cur, found, err := t.vendor(ctx, r.ID)
	if err != nil || !found {
		return r, "", cmpErr(err, fmt.Errorf("vendor %d: %w", r.ID, ErrNotFound))
	}
	if encodeJSON(cur.content()) == encodeJSON(r.content()) {
		return cur, "", nil
	}
	if _, err := t.tx.ExecContext(ctx, "UPDATE vendor SET "+assignments(vendorCols)+" WHERE id = ?", append(r.values(), r.ID)...); err != nil {
		return r, "", nameErr(err, "vendor", r.Name)
	}
	return r, ActionUpdate, t.record(ctx, ActionUpdate, EntityVendor, r.entityID(), encodeJSON(cur), encodeJSON(r))
}

// systemModel converts a row, filling VendorName.
func (t *txn) systemModel(ctx context.Context, r systemRow) (model.System, error) {
	var name string
	if r.VendorID != nil {
		if err := t.tx.QueryRowContext(ctx, "SELECT name FROM vendor WHERE id = ?", *r.VendorID).Scan(&name); err != nil {
			return model.System{}, err
		}
	}
	return r.model(name)
}

// cmpErr returns err when set, else the fallback (for "query failed" versus
// "row absent").
func cmpErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// nameErr turns a UNIQUE violation on name into ErrDuplicate.
func nameErr(err error, kind, name string) error {
	if sqliteCodeFull(err) == sqlite3.SQLITE_CONSTRAINT_UNIQUE {
		return fmt.Errorf("a %s named %s %w", kind, strconv.Quote(name), ErrDuplicate)
	}
	return err
}
