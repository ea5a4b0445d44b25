package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"strings"

	"auditwalk/data/ingest/records"
	"auditwalk/model"
)

// ImportResult describes one records import.
type ImportResult struct {
	// Batch is the import_batch id; 0 for a dry run.
	Batch  int64
	Kind   string
	Source string
	// SHA256 is the hash of the whole file as read.
	SHA256 string
	Format records.Format
	// Rows is how many records the file held; New how many were not in the
	// engagement yet (for a dry run without a store: all of them), Present
	// how many were. Skipped counts entries that are not AI activity.
	Rows    int
	New     int
	Present int
	Skipped int
	DryRun  bool
}

// maxRowErrors caps the row errors one import reports: enough to fix a
// file in one go, bounded so a file of garbage cannot fill memory.
const maxRowErrors = 100

// ImportAccessLog imports an AI service access log (see ImportRecords).
func (s *Store) ImportAccessLog(ctx context.Context, name string, r io.Reader, format records.Format, mapping records.ColumnMapping, dryRun bool) (ImportResult, error) {
	return s.ImportRecords(ctx, KindAccessLog, name, r, format, mapping, dryRun)
}

// ImportChanges imports model change records (see ImportRecords).
func (s *Store) ImportChanges(ctx context.Context, name string, r io.Reader, format records.Format, mapping records.ColumnMapping, dryRun bool) (ImportResult, error) {
	return s.ImportRecords(ctx, KindChanges, name, r, format, mapping, dryRun)
}

// ImportReviews imports prompt/output review records (see ImportRecords).
func (s *Store) ImportReviews(ctx context.Context, name string, r io.Reader, format records.Format, mapping records.ColumnMapping, dryRun bool) (ImportResult, error) {
	return s.ImportRecords(ctx, KindReviews, name, r, format, mapping, dryRun)
}

// ImportRecords streams the records of kind (KindAccessLog, KindChanges,
// KindReviews) from r straight into one immediate transaction: a prepared
// INSERT OR IGNORE per record, de-duplicated on the record's fingerprint,
// so re-importing a file adds nothing. Memory stays flat however large the
// file. Any row error rolls everything back and is returned as the reader's
// *records.RowError or records.RowErrors (each "file:line: reason"). One
// import_batch row and one activity record describe the import (file hash,
// rows, new rows); records are not in the trail one by one.
//
// A dry run parses and counts without writing; it works on a read-only
// store, and counts records already present (repeats within the file count
// as new).
func (s *Store) ImportRecords(ctx context.Context, kind, name string, r io.Reader, format records.Format, mapping records.ColumnMapping, dryRun bool) (ImportResult, error) {
	tbl, ok := recordTableOf(kind)
	if !ok {
		return ImportResult{}, fmt.Errorf("unknown record kind %q (%s, %s or %s)", kind, KindAccessLog, KindChanges, KindReviews)
	}
	h := sha256.New()
	in := io.TeeReader(r, h)
	opt := records.Options{Format: format, Mapping: mapping, MaxErrors: maxRowErrors}
	res := ImportResult{Kind: kind, Source: name, DryRun: dryRun}
	if dryRun {
		return s.dryRunRecords(ctx, tbl, name, in, h, opt, res)
	}
	// The import runs on SQLite's default 2 MiB page cache: rows are copied
	// in key order, so a larger cache does not make it faster (16 MiB was
	// slower and held 40 MB more at the peak, issue 8). Its memory is given
	// back before whatever runs next (detection, after an import, holds its
	// summaries in memory).
	defer s.db.ExecContext(context.WithoutCancel(ctx), "PRAGMA shrink_memory") //nolint:errcheck // best effort
	if _, err := s.db.ExecContext(ctx, "PRAGMA threads = 2"); err != nil {
		return res, s.classify(err)
	}
	// Foreign keys make every INSERT keep a statement journal, which cost a
	// third of an import's time in write calls. The only reference the
	// import writes is batch_id, to the import_batch row it has just
	// inserted in the same transaction. The pragma is a no-op inside a
	// transaction, so it is set around it on the store's one connection.
	if _, err := s.db.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return res, s.classify(err)
	}
	defer s.db.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON") //nolint:errcheck // best effort
	err := s.write(ctx, func(t *txn) error {
		res = ImportResult{Kind: kind, Source: name}
		b := batchRow{Kind: kind, Source: name, At: t.stamp, Actor: t.actor}
		ins, err := t.tx.ExecContext(ctx, "INSERT INTO import_batch ("+batchCols+") VALUES ("+placeholders(batchCols)+")",
			b.Kind, b.Source, "", "", 0, 0, b.At, b.Actor)
		if err != nil {
			return err
		}
		if b.ID, err = ins.LastInsertId(); err != nil {
			return err
		}
		sum, added, err := stageRecords(ctx, t.tx, tbl, b.ID, func(put func([]any) error) (records.Summary, error) {
			return readRecords(kind, name, in, opt, put)
		})
		if err != nil {
			return err
		}
		res.New = int(added)
		if _, err := io.Copy(io.Discard, in); err != nil { // hash what the reader left unread
			return fmt.Errorf("%s: %w", name, err)
		}
		res.finish(sum, h)
		b.SHA256, b.Format, b.Rows, b.NewRows = res.SHA256, string(res.Format), int64(res.Rows), int64(res.New)
		if _, err := t.tx.ExecContext(ctx, "UPDATE import_batch SET sha256 = ?, format = ?, rows = ?, new_rows = ? WHERE id = ?",
			b.SHA256, b.Format, b.Rows, b.NewRows, b.ID); err != nil {
			return err
		}
		res.Batch = b.ID
		return t.record(ctx, ActionImport, EntityImportBatch, b.entityID(), "", encodeJSON(b))
	})
	if err != nil {
		return ImportResult{Kind: kind, Source: name}, err
	}
	return res, nil
}

// finish fills the counts and hash once the reader is done.
func (res *ImportResult) finish(sum records.Summary, h hash.Hash) {
	res.Format, res.Rows, res.Skipped = sum.Format, sum.Records, sum.Skipped
	res.Present = res.Rows - res.New
	res.SHA256 = hex.EncodeToString(h.Sum(nil))
}

// dryRunRecords parses and counts, checking each fingerprint against the
// store in one read transaction.
func (s *Store) dryRunRecords(ctx context.Context, tbl recordTable, name string, in io.Reader, h hash.Hash, opt records.Options, res ImportResult) (ImportResult, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return res, s.fail("import", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	stmt, err := tx.PrepareContext(ctx, "SELECT count(*) FROM "+tbl.table+" WHERE "+tbl.keyWhere())
	if err != nil {
		return res, s.fail("import", err)
	}
	defer stmt.Close()
	put := func(vals []any) error {
		var n int
		if err := stmt.QueryRowContext(ctx, tbl.keyArgs(vals)...).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			res.New++
		}
		return nil
	}
	err = finishDryRun(tbl.kind, name, in, h, opt, &res, put)
	return res, err
}

// DryRunRecords parses and counts a records file without any engagement
// file (every record counts as new): `import --dry-run` before the
// engagement file exists.
func DryRunRecords(kind, name string, r io.Reader, format records.Format, mapping records.ColumnMapping) (ImportResult, error) {
	if _, ok := recordTableOf(kind); !ok {
		return ImportResult{}, fmt.Errorf("unknown record kind %q (%s, %s or %s)", kind, KindAccessLog, KindChanges, KindReviews)
	}
	h := sha256.New()
	res := ImportResult{Kind: kind, Source: name, DryRun: true}
	opt := records.Options{Format: format, Mapping: mapping, MaxErrors: maxRowErrors}
	err := finishDryRun(kind, name, io.TeeReader(r, h), h, opt, &res, func([]any) error { res.New++; return nil })
	return res, err
}

// finishDryRun reads everything through put (which counts into res) and
// fills in the totals.
func finishDryRun(kind, name string, in io.Reader, h hash.Hash, opt records.Options, res *ImportResult, put func([]any) error) error {
	sum, err := readRecords(kind, name, in, opt, put)
	if err != nil {
		return err
	}
	if _, err := io.Copy(io.Discard, in); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	res.finish(sum, h)
	return nil
}

// stageRecords loads what read passes to put into a temporary table, then
// copies it into tbl with one INSERT OR IGNORE ... SELECT ordered by tbl's
// unique key, and returns how many rows were new. Inserted in file order,
// each row would land on a random page of the key's b-tree, and once that
// outgrows the page cache every row costs a page read and a page spill (a
// million rows took over three minutes). In key order the b-tree is walked
// once, page after page. The staging table has no constraints and lives in
// SQLite's temporary file (temp_store is left at its default, so it is on
// disk, not in memory); SQLite's sorter is bounded by the cache. Within
// one file, the first of two equal records (by staging rowid, that is,
// file order) is the one kept.
func stageRecords(ctx context.Context, tx *sql.Tx, tbl recordTable, batch int64, read func(put func([]any) error) (records.Summary, error)) (records.Summary, int64, error) {
	if _, err := tx.ExecContext(ctx, "CREATE TEMP TABLE import_stage ("+tbl.cols+", batch_id)"); err != nil {
		return records.Summary{}, 0, err
	}
	stage := tbl
	stage.table = "temp.import_stage"
	chunks := newChunkInserter(ctx, tx, stage, batch)
	defer chunks.close()
	sum, err := readAhead(read, chunks.add)
	if err == nil {
		err = chunks.flush()
	}
	if err != nil {
		return sum, 0, err
	}
	r, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO "+tbl.table+" ("+tbl.cols+", batch_id) SELECT "+tbl.cols+
		", batch_id FROM temp.import_stage ORDER BY "+tbl.key+", rowid")
	if err != nil {
		return sum, 0, err
	}
	added, err := r.RowsAffected()
	if err != nil {
		return sum, 0, err
	}
	_, err = tx.ExecContext(ctx, "DROP TABLE temp.import_stage")
	return sum, added, err
}

// insertChunk is how many records one INSERT statement carries: per-row
// statement overhead dominated a row-at-a-time import, and 64 rows of 14
// values stay far below SQLite's limit of bound parameters.
const insertChunk = 64

// chunkInserter inserts records in multi-row INSERT statements (into the
// staging table, which has no constraints), holding at most one chunk of
// values in memory.
type chunkInserter struct {
	ctx   context.Context
	tx    *sql.Tx
	tbl   recordTable
	batch int64
	full  *sql.Stmt // prepared on first use
	args  []any
	n     int
	added int64
}

func newChunkInserter(ctx context.Context, tx *sql.Tx, tbl recordTable, batch int64) *chunkInserter {
	return &chunkInserter{ctx: ctx, tx: tx, tbl: tbl, batch: batch}
}

// insertSQL is the INSERT OR IGNORE of n rows.
func (c *chunkInserter) insertSQL(n int) string {
	row := "(" + placeholders(c.tbl.cols) + ", ?)"
	return "INSERT INTO " + c.tbl.table + " (" + c.tbl.cols + ", batch_id) VALUES " +
		strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

func (c *chunkInserter) add(vals []any) error {
	c.args = append(append(c.args, vals...), c.batch)
	c.n++
	if c.n < insertChunk {
		return nil
	}
	if c.full == nil {
		stmt, err := c.tx.PrepareContext(c.ctx, c.insertSQL(insertChunk))
		if err != nil {
			return err
		}
		c.full = stmt
	}
	return c.exec(c.full.ExecContext(c.ctx, c.args...))
}

// flush inserts what is left of the last chunk.
func (c *chunkInserter) flush() error {
	if c.n == 0 {
		return nil
	}
	return c.exec(c.tx.ExecContext(c.ctx, c.insertSQL(c.n), c.args...))
}

func (c *chunkInserter) exec(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	c.added += n
	c.args, c.n = c.args[:0], 0
	return err
}

func (c *chunkInserter) close() {
	if c.full != nil {
		c.full.Close()
	}
}

// readRecords runs the reader of kind, passing each record's column values
// (fingerprint last) to put.
func readRecords(kind, name string, in io.Reader, opt records.Options, put func([]any) error) (records.Summary, error) {
	switch kind {
	case KindAccessLog:
		return records.ReadAccessLog(name, in, opt, func(e model.AccessEvent) error { return put(accessValues(e)) })
	case KindChanges:
		return records.ReadChanges(name, in, opt, func(c model.ChangeRecord) error { return put(changeValues(c)) })
	default:
		return records.ReadReviews(name, in, opt, func(v model.ReviewRecord) error { return put(reviewValues(v)) })
	}
}
