package data

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strconv"

	"auditwalk/model"
)

// evidenceEntities are the audited entities of evidence, exceptions, tasks
// and import batches, whose rows Verify compares with the trail.
func evidenceEntities() []string {
	return []string{EntityEvidence, EntityException, EntityTask, EntityImportBatch}
}

// evidenceRowReader returns the query and reader of currentRows for the
// entities of evidenceEntities; ok is false for any other entity.
func evidenceRowReader(entity string) (q string, read func(sc scanner) (id, canonical string, err error), ok bool) {
	switch entity {
	case EntityEvidence:
		return evidenceSelect, func(sc scanner) (string, string, error) {
			r, err := scanEvidence(sc)
			return r.entityID(), encodeJSON(r), err
		}, true
	case EntityException:
		return "SELECT id, " + exceptionCols + " FROM exception", func(sc scanner) (string, string, error) {
			r, err := scanException(sc)
			return r.entityID(), encodeJSON(r), err
		}, true
	case EntityTask:
		return "SELECT id, " + taskCols + " FROM task", func(sc scanner) (string, string, error) {
			r, err := scanTask(sc)
			return r.entityID(), encodeJSON(r), err
		}, true
	case EntityImportBatch:
		return "SELECT id, " + batchCols + " FROM import_batch", func(sc scanner) (string, string, error) {
			r, err := scanBatch(sc)
			return r.entityID(), encodeJSON(r), err
		}, true
	}
	return "", nil, false
}

// maxRecordProblems caps the problems reported per record table, so a
// tampered million-row table gives a readable report.
const maxRecordProblems = 10

// checkImportedRecords checks the imported records, which the trail holds
// per batch rather than per row: every batch must hold exactly the number
// of records its trail record says it added, and every record's fingerprint
// must match its fields (an edited record no longer does).
func checkImportedRecords(ctx context.Context, tx *sql.Tx, rep *Report) error {
	recorded := map[int64]int64{}
	kinds := map[int64]string{}
	rows, err := tx.QueryContext(ctx, "SELECT id, kind, new_rows FROM import_batch")
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, n int64
		var kind string
		if err := rows.Scan(&id, &kind, &n); err != nil {
			rows.Close()
			return err
		}
		recorded[id], kinds[id] = n, kind
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, tbl := range recordTables() {
		if err := checkBatchCounts(ctx, tx, tbl, recorded, kinds, rep); err != nil {
			return err
		}
		if err := checkFingerprints(ctx, tx, tbl, rep); err != nil {
			return err
		}
	}
	return nil
}

func checkBatchCounts(ctx context.Context, tx *sql.Tx, tbl recordTable, recorded map[int64]int64, kinds map[int64]string, rep *Report) error {
	rows, err := tx.QueryContext(ctx, "SELECT batch_id, count(*) FROM "+tbl.table+" GROUP BY batch_id")
	if err != nil {
		return err
	}
	defer rows.Close()
	held := map[int64]int64{}
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		held[id] = n
		if _, ok := recorded[id]; !ok {
			rep.Rows = append(rep.Rows, RowProblem{tbl.table, "batch " + strconv.FormatInt(id, 10),
				fmt.Sprintf("%d records belong to no recorded import (added outside auditwalk)", n)})
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for id, want := range recorded {
		if kinds[id] != tbl.kind || held[id] == want {
			continue
		}
		rep.Rows = append(rep.Rows, RowProblem{EntityImportBatch, strconv.FormatInt(id, 10),
			fmt.Sprintf("holds %d %s records but the import added %d (records added or deleted outside auditwalk)", held[id], tbl.kind, want)})
	}
	return nil
}

// checkFingerprints recomputes each record's fingerprint from its fields.
func checkFingerprints(ctx context.Context, tx *sql.Tx, tbl recordTable, rep *Report) error {
	rows, err := tx.QueryContext(ctx, "SELECT "+tbl.ident+", "+tbl.cols+" FROM "+tbl.table)
	if err != nil {
		return err
	}
	defer rows.Close()
	bad := 0
	for rows.Next() {
		id, stored, computed, err := fingerprintOf(tbl.kind, rows)
		if err != nil || stored != computed {
			bad++
			if bad <= maxRecordProblems {
				problem := "record differs from when it was imported (its fingerprint no longer matches): changed outside auditwalk"
				if err != nil {
					problem = "record cannot be read: " + err.Error()
				}
				rep.Rows = append(rep.Rows, RowProblem{tbl.table, id, problem})
			}
		}
	}
	if bad > maxRecordProblems {
		rep.Rows = append(rep.Rows, RowProblem{tbl.table, "*", fmt.Sprintf("%d more records changed outside auditwalk", bad-maxRecordProblems)})
	}
	return rows.Err()
}

// fingerprintOf scans one record row (its identification first, see
// recordTable.ident) and returns its stored and recomputed fingerprints.
func fingerprintOf(kind string, sc scanner) (id, stored, computed string, err error) {
	var at string
	switch kind {
	case KindAccessLog:
		var e model.AccessEvent
		var fp []byte
		if err = sc.Scan(&id, &e.Service, &e.Actor, &e.Resource, &e.Model, &at, &fp, &e.Action, &e.Source, &e.Outcome,
			&e.EventID, &e.Detail, &e.Line); err != nil {
			return id, stored, "", err
		}
		stored = hex.EncodeToString(fp)
		if e.Time, err = parseTime(at); err != nil {
			return id, stored, "", err
		}
		return id, stored, e.ComputeFingerprint(), nil
	case KindChanges:
		var c model.ChangeRecord
		var typ, tested string
		if err = sc.Scan(&id, &at, &c.System, &typ, &c.Description, &c.Ticket, &c.RequestedBy, &c.ApprovedBy,
			&c.DeployedBy, &tested, &c.SourceFile, &c.Line, &stored); err != nil {
			return id, stored, "", err
		}
		if c.Time, err = parseTime(at); err != nil {
			return id, stored, "", err
		}
		c.ChangeType, c.Tested = model.ChangeType(typ), model.TriState(tested)
		return id, stored, c.ComputeFingerprint(), nil
	}
	var r model.ReviewRecord
	var date, verdict string
	if err = sc.Scan(&id, &r.SampleID, &r.System, &r.Reviewer, &date, &verdict, &r.IssueCategory, &r.Note,
		&r.SourceFile, &r.Line, &stored); err != nil {
		return id, stored, "", err
	}
	r.Date, r.Verdict = model.Date(date), model.Verdict(verdict)
	return id, stored, r.ComputeFingerprint(), nil
}
