package data

import (
	"context"
	"database/sql"
)

// unreadable marks a row that could not be decoded (already reported).
const unreadable = "\x00unreadable"

// currentRows adds the canonical JSON of every row of entity to current,
// keyed like the trail (entity NUL entity_id). A row that cannot be decoded
// is a row problem, not a failure of Verify.
func currentRows(ctx context.Context, tx *sql.Tx, entity string, current map[string]string, rep *Report) error {
	var q string
	var read func(sc scanner) (id, canonical string, err error)
	switch entity {
	case EntityEngagement:
		q = "SELECT " + engagementCols + " FROM engagement"
		read = func(sc scanner) (string, string, error) {
			r, err := scanEngagement(sc)
			return "1", encodeJSON(r), err
		}
	case EntityPack:
		q = "SELECT pack_id, version, hash, source, recorded_at FROM pack_source"
		read = func(sc scanner) (string, string, error) {
			r, _, err := readPackRecord(sc)
			return "1", encodeJSON(r), err
		}
	case EntityAnswer:
		q = "SELECT " + answerCols + " FROM answer"
		read = func(sc scanner) (string, string, error) {
			r, err := scanAnswer(sc)
			return r.entityID(), encodeJSON(r), err
		}
	case EntitySystem:
		q = "SELECT id, " + systemCols + " FROM system"
		read = func(sc scanner) (string, string, error) {
			r, err := scanSystem(sc)
			return r.entityID(), encodeJSON(r), err
		}
	case EntityVendor:
		q = "SELECT id, " + vendorCols + " FROM vendor"
		read = func(sc scanner) (string, string, error) {
			r, err := scanVendor(sc)
			return r.entityID(), encodeJSON(r), err
		}
	case EntityNarrative:
		q, read = narrativeRowReader()
	default:
		var ok bool
		if q, read, ok = evidenceRowReader(entity); !ok {
			q, read = accountabilityRowReader(entity)
		}
	}
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		id, canonical, err := read(rows)
		if err != nil {
			rep.Rows = append(rep.Rows, RowProblem{entity, id, "row cannot be read: " + err.Error()})
			current[entity+"\x00"+id] = unreadable
			continue
		}
		current[entity+"\x00"+id] = canonical
	}
	return rows.Err()
}
