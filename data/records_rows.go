package data

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"

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
}

func recordTables() []recordTable {
	return []recordTable{
		{KindAccessLog, "access_event", accessCols},
		{KindChanges, "change_record", changeCols},
		{KindReviews, "review_record", reviewCols},
	}
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
	accessCols = "time, actor, action, service, model, resource, source, outcome, event_id, detail, source_file, line, fingerprint"
	changeCols = "time, system, change_type, description, ticket, requested_by, approved_by, deployed_by, tested, source_file, line, fingerprint"
	reviewCols = "sample_id, system, reviewer, date, verdict, issue_category, note, source_file, line, fingerprint"
)

func accessValues(e model.AccessEvent) []any {
	return []any{formatTime(e.Time), e.Actor, e.Action, e.Service, e.Model, e.Resource, e.Source, e.Outcome,
		e.EventID, e.Detail, e.SourceFile, e.Line, e.Fingerprint}
}

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

// AccessEvent returns the imported event with the given fingerprint (what
// findings cite), and whether there is one.
func (s *Store) AccessEvent(ctx context.Context, fingerprint string) (model.AccessEvent, bool, error) {
	var e model.AccessEvent
	var at string
	err := s.db.QueryRowContext(ctx, "SELECT "+accessCols+" FROM access_event WHERE fingerprint = ?", fingerprint).Scan(
		&at, &e.Actor, &e.Action, &e.Service, &e.Model, &e.Resource, &e.Source, &e.Outcome, &e.EventID, &e.Detail,
		&e.SourceFile, &e.Line, &e.Fingerprint)
	if err == sql.ErrNoRows {
		return e, false, nil
	}
	if err != nil {
		return e, false, s.fail("load access event", err)
	}
	if e.Time, err = parseTime(at); err != nil {
		return e, false, fmt.Errorf("access event %s:%d: bad time %q", e.SourceFile, e.Line, at)
	}
	return e, true, nil
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

// AccessSummaries aggregates the imported access events per (service,
// actor, resource, model, action) in one GROUP BY, for detection.
// EventsInPeriod counts events from start to end inclusive (empty bounds are
// open). The sample is the group's earliest event: MIN over time followed
// by fingerprint (fixed-width time text) picks it deterministically, and its
// file and line come from the fingerprint index. (SQLite's bare-column rule
// does not hold with both MIN and MAX in one query, hence the key.)
func (s *Store) AccessSummaries(ctx context.Context, start, end model.Date) ([]model.AccessSummary, error) {
	out, err := loadAccessSummaries(ctx, s.db, start, end)
	if err != nil {
		return nil, s.fail("summarise access events", err)
	}
	return out, nil
}

// timeWidth is the length of a formatted time (timeLayout in UTC).
const timeWidth = len("2006-01-02T15:04:05.000000000Z")

func loadAccessSummaries(ctx context.Context, q dbQuerier, start, end model.Date) ([]model.AccessSummary, error) {
	lo, hi := string(start), "9999-12-31T"
	if t, ok := end.Time(); ok {
		hi = string(model.DateOf(t.AddDate(0, 0, 1))) // times sort as text; the day after is exclusive
	}
	query := `SELECT g.service, g.actor, g.resource, g.model, g.action, g.events, g.in_period, g.first_key, g.last,
			e.source_file, e.line
		FROM (SELECT service, actor, resource, model, action, count(*) AS events,
				sum(CASE WHEN time >= ? AND time < ? THEN 1 ELSE 0 END) AS in_period,
				min(time || fingerprint) AS first_key, max(time) AS last
			FROM access_event GROUP BY service, actor, resource, model, action) AS g
		JOIN access_event AS e ON e.fingerprint = substr(g.first_key, ?)
		ORDER BY g.service, g.actor, g.resource, g.model, g.action`
	rows, err := q.QueryContext(ctx, query, lo, hi, timeWidth+1)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.AccessSummary
	// A large log has hundreds of thousands of groups but few distinct
	// services, models, actions, actors and resources: scanning those into
	// RawBytes and sharing one string per value keeps detection's peak
	// memory down (the summaries are all held while detection runs).
	intern := internTable()
	var service, actor, resource, mdl, action, firstKey sql.RawBytes
	for rows.Next() {
		var a model.AccessSummary
		var last, file string
		var line int
		if err := rows.Scan(&service, &actor, &resource, &mdl, &action, &a.Events, &a.EventsInPeriod,
			&firstKey, &last, &file, &line); err != nil {
			return nil, err
		}
		a.Service, a.Actor, a.Resource, a.Model, a.Action = intern(service), intern(actor), intern(resource), intern(mdl), intern(action)
		if len(firstKey) < timeWidth {
			return nil, fmt.Errorf("access event: bad time in %q", firstKey)
		}
		a.SampleFingerprint = string(firstKey[timeWidth:])
		a.SampleRef = file + ":" + strconv.Itoa(line)
		if a.First, err = parseTime(string(firstKey[:timeWidth])); err != nil {
			return nil, fmt.Errorf("access event %s: bad time: %w", a.SampleRef, err)
		}
		if a.Last, err = parseTime(last); err != nil {
			return nil, fmt.Errorf("access event: bad time %q", last)
		}
		out = append(out, a)
	}
	return slices.Clip(out), rows.Err()
}

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
