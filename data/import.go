package data

import (
	"context"
	"fmt"

	"auditwalk/model"
)

// importRecord is the trail's summary of one import.
type importRecord struct {
	Source         string `json:"source"`
	VendorsCreated int    `json:"vendors_created"`
	VendorsUpdated int    `json:"vendors_updated"`
	SystemsCreated int    `json:"systems_created"`
	SystemsUpdated int    `json:"systems_updated"`
}

// ImportInventory upserts vendors then systems in one transaction: all of
// them or, on any error, none. A row matches an existing one by ID when
// set, else by name (case-insensitive); imported values replace the stored
// fields. A system with VendorID 0 and a VendorName is linked to the vendor
// of that name, which is created (name only) when the register lacks it.
// Each changed row gets its own trail record, plus one "import" record
// naming source; created and updated count changed rows only.
func (s *Store) ImportInventory(ctx context.Context, systems []model.System, vendors []model.Vendor, source string) (created, updated int, err error) {
	for i, v := range vendors {
		if err := v.Validate(); err != nil {
			return 0, 0, fmt.Errorf("%s: vendor %d (%q): %w", source, i+1, v.Name, err)
		}
	}
	for i, sys := range systems {
		if err := sys.Validate(); err != nil {
			return 0, 0, fmt.Errorf("%s: system %d (%q): %w", source, i+1, sys.Name, err)
		}
	}
	var sum importRecord
	err = s.write(ctx, func(t *txn) error {
		sum = importRecord{Source: source}
		for _, v := range vendors {
			if err := t.importVendor(ctx, v, &sum); err != nil {
				return fmt.Errorf("%s: vendor %q: %w", source, v.Name, err)
			}
		}
		for _, sys := range systems {
			if err := t.importSystem(ctx, sys, &sum); err != nil {
				return fmt.Errorf("%s: system %q: %w", source, sys.Name, err)
			}
		}
		return t.record(ctx, ActionImport, EntityImport, source, "", encodeJSON(sum))
	})
	if err != nil {
		return 0, 0, err
	}
	return sum.VendorsCreated + sum.SystemsCreated, sum.VendorsUpdated + sum.SystemsUpdated, nil
}

func (t *txn) importVendor(ctx context.Context, v model.Vendor, sum *importRecord) error {
	if v.ID == 0 {
		id, err := t.lookupID(ctx, "vendor", v.Name)
		if err != nil {
			return err
		}
		v.ID = id
	}
	_, action, err := t.putVendor(ctx, newVendorRow(v, t.stamp))
	count(action, &sum.VendorsCreated, &sum.VendorsUpdated)
	return err
}

func (t *txn) importSystem(ctx context.Context, sys model.System, sum *importRecord) error {
	if sys.ID == 0 {
		id, err := t.lookupID(ctx, "system", sys.Name)
		if err != nil {
			return err
		}
		sys.ID = id
	}
	if sys.VendorID == 0 && sys.VendorName != "" {
		id, err := t.lookupID(ctx, "vendor", sys.VendorName)
		if err != nil {
			return err
		}
		if id == 0 {
			r, action, err := t.putVendor(ctx, newVendorRow(model.Vendor{Name: sys.VendorName}, t.stamp))
			if err != nil {
				return err
			}
			count(action, &sum.VendorsCreated, &sum.VendorsUpdated)
			id = r.ID
		}
		sys.VendorID = id
	}
	_, action, err := t.putSystem(ctx, newSystemRow(sys, t.stamp))
	count(action, &sum.SystemsCreated, &sum.SystemsUpdated)
	return err
}

func count(action string, created, updated *int) {
	switch action {
	case ActionCreate:
		*created++
	case ActionUpdate:
		*updated++
	}
}
