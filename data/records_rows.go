package data

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"auditwalk/model"
)

// Imported-record kinds, as `auditwalk import` names them.
const (
	KindAccessLog = "access-log"
	KindChanges   = "changes"
	KindReviews   = "reviews"
)

// EntityImportBatch is the activity entity of one records import.
const EntityImportBatch = "import_batch"

// dbQuerier is *sql.DB or *sql.Tx.
type dbQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// batchRow is a row of import_batch and its trail record.
type batchRow struct {
	ID      int64  `json:"id"`
	Kind    string `json:"kind"`
	Source  string `json:"source"`
	SHA256  string `json:"sha256"`
	Format  string `json:"format"`
	Rows    int64  `json:"rows"`
	NewRows int64  `json:"new_rows"`
	At      string `json:"at"`
	Actor   string `json:"actor"`
}

const batchCols = "kind, source, sha256, format, rows, new_rows, at, actor"

func (r batchRow) entityID() string { return strconv.FormatInt(r.ID, 10) }

func scanBatch(sc scanner) (batchRow, error) {
	var r batchRow
	err := sc.Scan(&r.ID, &r.Kind, &r.Source, &r.SHA256, &r.Format, &r.Rows, &r.NewRows, &r.At, &r.Actor)
	return r, err
}

// recordTable describes the table of one imported-record kind.
type recordTable struct {
	kind  string
	table string
	cols  string // without id and batch_id
	// key is the unique key (a prefix or the last column of cols): an
	// import copies its staged rows in this order, and a dry run looks
	// records up by it; keyArgs picks its values from a row's values.
	key     string
	keyArgs func(vals []any) []any
	// ident is the SQL expression that names a row in Verify's report.
	ident string
}

func recordTables() []recordTable {
	byFingerprint := func(vals []any) []any { return vals[len(vals)-1:] }
	return []recordTable{
		{KindAccessLog, "access_event", accessCols, accessKey, func(vals []any) []any { return vals[:6] },
			"(SELECT source FROM import_batch WHERE id = batch_id) || ':' || line"},
		{KindChanges, "change_record", changeCols, "fingerprint", byFingerprint, "id"},
		{KindReviews, "review_record", reviewCols, "fingerprint", byFingerprint, "id"},
	}
}

// keyWhere is the WHERE clause matching one record by tbl's key.
func (tbl recordTable) keyWhere() string {
	cols := strings.Split(tbl.key, ", ")
	return strings.Join(cols, " = ? AND ") + " = ?"
}

func recordTableOf(kind string) (recordTable, bool) {
	for _, t := range recordTables() {
		if t.kind == kind {
			return t, true
		}
	}
	return recordTable{}, false
}

const (
	changeCols = "time, system, change_type, description, ticket, requested_by, approved_by, deployed_by, tested, source_file, line, fingerprint"
	reviewCols = "sample_id, system, reviewer, date, verdict, issue_category, note, source_file, line, fingerprint"
)

func changeValues(c model.ChangeRecord) []any {
	return []any{formatTime(c.Time), c.System, string(c.ChangeType), c.Description, c.Ticket, c.RequestedBy,
		c.ApprovedBy, c.DeployedBy, string(c.Tested), c.SourceFile, c.Line, c.Fingerprint}
}

func reviewValues(r model.ReviewRecord) []any {
	return []any{r.SampleID, r.System, r.Reviewer, string(r.Date), string(r.Verdict), r.IssueCategory, r.Note,
		r.SourceFile, r.Line, r.Fingerprint}
}

// Changes returns the imported model change records, oldest first.
func (s *Store) Changes(ctx context.Context) ([]model.ChangeRecord, error) {
	out, err := loadChanges(ctx, s.db)
	if err != nil {
		return nil, s.fail("load changes", err)
	}
	return out, nil
}

// Reviews returns the imported review records by date, then file order.
func (s *Store) Reviews(ctx context.Context) ([]model.ReviewRecord, error) {
	out, err := loadReviews(ctx, s.db)
	if err != nil {
		return nil, s.fail("load reviews", err)
	}
	return out, nil
}

func loadChanges(ctx context.Context, q dbQuerier) ([]model.ChangeRecord, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+changeCols+" FROM change_record ORDER BY time, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.ChangeRecord
	for rows.Next() {
		var c model.ChangeRecord
		var at, typ, tested string
		if err := rows.Scan(&at, &c.System, &typ, &c.Description, &c.Ticket, &c.RequestedBy, &c.ApprovedBy,
			&c.DeployedBy, &tested, &c.SourceFile, &c.Line, &c.Fingerprint); err != nil {
			return nil, err
		}
		if c.Time, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("change record %s:%d: bad time %q", c.SourceFile, c.Line, at)
		}
		c.ChangeType, c.Tested = model.ChangeType(typ), model.TriState(tested)
		out = append(out, c)
	}
	return out, rows.Err()
}

func loadReviews(ctx context.Context, q dbQuerier) ([]model.ReviewRecord, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+reviewCols+" FROM review_record ORDER BY date, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.ReviewRecord
	for rows.Next() {
		var r model.ReviewRecord
		var date, verdict string
		if err := rows.Scan(&r.SampleID, &r.System, &r.Reviewer, &date, &verdict, &r.IssueCategory, &r.Note,
			&r.SourceFile, &r.Line, &r.Fingerprint); err != nil {
			return nil, err
		}
		r.Date, r.Verdict = model.Date(date), model.Verdict(verdict)
		out = append(out, r)
	}
	return out, rows.Err()
}

// ImportBatch is one records import as the store keeps it.
type ImportBatch struct {
	ID      int64
	Kind    string
	Source  string
	SHA256  string
	Format  string
	Rows    int64
	NewRows int64
	At      string
	Actor   string
}

// ImportBatches lists the records imports, oldest first.
func (s *Store) ImportBatches(ctx context.Context) ([]ImportBatch, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, "+batchCols+" FROM import_batch ORDER BY id")
	if err != nil {
		return nil, s.fail("load imports", err)
	}
	defer rows.Close()
	var out []ImportBatch
	for rows.Next() {
		r, err := scanBatch(rows)
		if err != nil {
			return nil, s.fail("load imports", err)
		}
		out = append(out, ImportBatch(r))
	}
	return out, s.classify(rows.Err())
}

// timeWidth is the length of a formatted time (timeLayout in UTC).
const timeWidth = len("2006-01-02T15:04:05.000000000Z")

// internTable returns a function that maps equal byte strings to one
// shared string (the lookup with string(b) does not allocate).
func internTable() func([]byte) string {
	seen := map[string]string{}
	return func(b []byte) string {
		if s, ok := seen[string(b)]; ok {
			return s
		}
		s := string(b)
		seen[s] = s
		return s
	}
}
