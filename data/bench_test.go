package data

import (
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"auditwalk/model"
)

// BenchmarkSaveAnswer measures one durable answer save: read the current
// row, upsert, chain an activity record, COMMIT with synchronous=FULL.
func BenchmarkSaveAnswer(b *testing.B) {
	ctx := context.Background()
	s, _ := newTestStore(b)
	b.ResetTimer()
	c0 := cpuTime()
	for i := range b.N {
		a := model.Answer{QuestionID: "q" + strconv.Itoa(i%500), Subject: model.SubjectOrg, Value: "v" + strconv.Itoa(i)}
		if _, err := s.SaveAnswer(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c0)
}

func reportCPU(b *testing.B, since time.Duration) {
	b.ReportMetric(float64(cpuTime()-since)/float64(b.N), "cpu-ns/op")
}

// BenchmarkBareInsertCommit is the floor SaveAnswer is measured against: a
// single INSERT and COMMIT on the same pragmas, no reads, no trail.
func BenchmarkBareInsertCommit(b *testing.B) {
	db := newBareDB(b)
	b.ResetTimer()
	c0 := cpuTime()
	for i := range b.N {
		if err := bareInsertCommit(db, i); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c0)
}

// newBareDB opens the floor's database: the store's pragmas, one table.
func newBareDB(b *testing.B) *sql.DB {
	b.Helper()
	db, err := openWriter(context.Background(), filepath.Join(b.TempDir(), "bare.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)"); err != nil {
		b.Fatal(err)
	}
	return db
}

// bareInsertCommit is the floor's unit of work: INSERT one row, COMMIT.
func bareInsertCommit(db *sql.DB, i int) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit
	if _, err := tx.Exec("INSERT INTO t (v) VALUES (?)", "v"+strconv.Itoa(i)); err != nil {
		return err
	}
	return tx.Commit()
}

// BenchmarkLoad reads a snapshot of 1,000 answers and 2,000 systems (with
// 50 vendors), the size of a large engagement.
func BenchmarkLoad(b *testing.B) {
	ctx := context.Background()
	s, _ := newTestStore(b)
	var vendors []model.Vendor
	for i := range 50 {
		v := sampleVendor()
		v.Name = "vendor " + strconv.Itoa(i)
		vendors = append(vendors, v)
	}
	var systems []model.System
	for i := range 2000 {
		sys := sampleSystem("system " + strconv.Itoa(i))
		sys.VendorName = "vendor " + strconv.Itoa(i%50)
		systems = append(systems, sys)
	}
	if _, _, err := s.ImportInventory(ctx, systems, vendors, "bench"); err != nil {
		b.Fatal(err)
	}
	if err := bulkAnswers(ctx, s, 1000); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		snap, err := s.Load(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if len(snap.Answers) != 1000 || len(snap.Systems) != 2000 {
			b.Fatalf("loaded %d answers, %d systems", len(snap.Answers), len(snap.Systems))
		}
	}
}

// bulkAnswers saves n answers in one transaction (setup speed only; the
// rows and trail are the same as SaveAnswer writes).
func bulkAnswers(ctx context.Context, s *Store, n int) error {
	return s.write(ctx, func(t *txn) error {
		for i := range n {
			r := newAnswerRow(model.Answer{QuestionID: "q" + strconv.Itoa(i), Subject: model.SystemSubject(int64(i%20 + 1)),
				Value: model.AnswerYes, Note: "note " + strconv.Itoa(i), Choices: []string{"a", "b"}}, t.stamp, t.actor)
			if _, err := t.tx.ExecContext(ctx, "INSERT INTO answer ("+answerCols+") VALUES ("+placeholders(answerCols)+")", r.values()...); err != nil {
				return err
			}
			if err := t.record(ctx, ActionCreate, EntityAnswer, r.entityID(), "", encodeJSON(r)); err != nil {
				return err
			}
		}
		return nil
	})
}
