package data

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"auditwalk/data/ingest/records"
	"auditwalk/model"
)

// accessLine is one generic JSONL access event: user u<i%users> calling
// model gpt-4o on proj-<i%3>, one event per minute from 2025-01-01.
func accessLine(i, users int) string {
	t := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
	return fmt.Sprintf(`{"time":%q,"actor":"u%d","action":"chat.completions","service":"openai","model":"gpt-4o","resource":"proj-%d","ip":"10.0.0.%d","outcome":"success","id":"evt-%d"}`,
		t.Format(time.RFC3339), i%users, i%3, i%250, i)
}

// lineReader produces n lines from line(i) on demand, then tail, so big
// imports are tested without holding the file.
type lineReader struct {
	n, i    int
	line    func(int) string
	tail    string
	pending []byte
	done    bool
}

func (g *lineReader) Read(p []byte) (int, error) {
	for len(g.pending) < len(p) && !g.done {
		if g.i < g.n {
			g.pending = append(g.pending, g.line(g.i)...)
			g.pending = append(g.pending, '\n')
			g.i++
			continue
		}
		g.pending = append(g.pending, g.tail...)
		g.done = true
	}
	if len(g.pending) == 0 {
		return 0, io.EOF
	}
	n := copy(p, g.pending)
	g.pending = g.pending[n:]
	return n, nil
}

func genAccess(n int, tail string) io.Reader {
	return &lineReader{n: n, line: func(i int) string { return accessLine(i, 5) }, tail: tail}
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("ingest", "records", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func tableCount(t testing.TB, s *Store, table string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func mustVerify(t *testing.T, s *Store) {
	t.Helper()
	rep, err := s.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("verify: %v", rep.Problems())
	}
}

func TestImportEachKindIsIdempotentAndRecordedOncePerBatch(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		kind, file, table string
		rows              int
	}{
		{KindAccessLog, "generic.jsonl", "access_event", 2},
		{KindAccessLog, "cloudtrail.json", "access_event", -1},
		{KindChanges, "changes.json", "change_record", 2},
		{KindReviews, "reviews.csv", "review_record", -1},
	} {
		t.Run(tc.kind+"/"+tc.file, func(t *testing.T) {
			s, _ := newTestStore(t)
			src := fixture(t, tc.file)
			before := activityCount(t, s)
			first, err := s.ImportRecords(ctx, tc.kind, tc.file, bytes.NewReader(src), "", nil, false)
			if err != nil {
				t.Fatal(err)
			}
			if first.Rows == 0 || first.New != first.Rows || first.Present != 0 || (tc.rows > 0 && first.Rows != tc.rows) {
				t.Fatalf("first import: %+v", first)
			}
			if got := tableCount(t, s, tc.table); got != first.New {
				t.Fatalf("%s holds %d rows, import said %d new", tc.table, got, first.New)
			}
			if first.SHA256 != sha256Hex(src) {
				t.Errorf("batch sha256 %s, file %s", first.SHA256, sha256Hex(src))
			}
			again, err := s.ImportRecords(ctx, tc.kind, tc.file, bytes.NewReader(src), "", nil, false)
			if err != nil {
				t.Fatal(err)
			}
			if again.New != 0 || again.Present != first.Rows {
				t.Fatalf("re-import: %+v, want 0 new, %d present", again, first.Rows)
			}
			if got := tableCount(t, s, tc.table); got != first.New {
				t.Fatalf("re-import changed %s to %d rows", tc.table, got)
			}
			if got := activityCount(t, s) - before; got != 2 {
				t.Fatalf("%d trail records for two imports, want 2", got)
			}
			trail, _ := s.Activity(ctx, ActivityFilter{Entity: EntityImportBatch, Limit: 1})
			if !strings.Contains(trail[0].After, `"new_rows":0`) || !strings.Contains(trail[0].After, first.SHA256) {
				t.Errorf("batch record after = %s", trail[0].After)
			}
			mustVerify(t, s)
		})
	}
}

func TestImportWithAnyRowErrorWritesNothingAndNamesEveryLine(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		kind, file string
		lines      []string
	}{
		{KindChanges, "changes-broken.csv", []string{"changes-broken.csv:3:"}},
		{KindChanges, "changes.csv", []string{"changes.csv:5: unknown change type"}},
		{KindReviews, "reviews-broken.csv", []string{"reviews-broken.csv:3:", "reviews-broken.csv:4:", "reviews-broken.csv:5:"}},
		{KindAccessLog, "generic-broken.csv", []string{"generic-broken.csv:"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			s, _ := newTestStore(t)
			before := activityCount(t, s)
			_, err := s.ImportRecords(ctx, tc.kind, tc.file, bytes.NewReader(fixture(t, tc.file)), "", nil, false)
			if err == nil {
				t.Fatal("broken file imported")
			}
			for _, l := range tc.lines {
				if !strings.Contains(err.Error(), l) {
					t.Errorf("error %q does not name %s", err, l)
				}
			}
			for _, tbl := range []string{"import_batch", "access_event", "change_record", "review_record"} {
				if n := tableCount(t, s, tbl); n != 0 {
					t.Errorf("%s has %d rows after a refused import", tbl, n)
				}
			}
			if activityCount(t, s) != before {
				t.Error("a refused import left a trail record")
			}
		})
	}
}

func TestBrokenLineAtTheEndOfABigFileLeavesTheTableUntouched(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	if _, err := s.ImportAccessLog(ctx, "early.jsonl", genAccess(10, ""), records.FormatJSON, nil, false); err != nil {
		t.Fatal(err)
	}
	const n = 50_000
	_, err := s.ImportAccessLog(ctx, "big.jsonl", genAccess(n, `{"time":"not a time","actor":"x"}`+"\n"), records.FormatJSON, nil, false)
	var re *records.RowError
	if !errors.As(err, &re) || re.Line != n+1 || re.File != "big.jsonl" {
		t.Fatalf("err = %v, want a row error at big.jsonl:%d", err, n+1)
	}
	if got := tableCount(t, s, "access_event"); got != 10 {
		t.Fatalf("access_event has %d rows, want the 10 from before", got)
	}
	if got := tableCount(t, s, "import_batch"); got != 1 {
		t.Fatalf("%d import batches, want 1", got)
	}
	mustVerify(t, s)
}

func TestDryRunCountsNewRowsAndWritesNothing(t *testing.T) {
	ctx := context.Background()
	s, path := newTestStore(t)
	if _, err := s.ImportAccessLog(ctx, "a.jsonl", genAccess(30, ""), records.FormatJSON, nil, false); err != nil {
		t.Fatal(err)
	}
	before := activityCount(t, s)
	res, err := s.ImportAccessLog(ctx, "b.jsonl", genAccess(50, ""), records.FormatJSON, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 50 || res.New != 20 || res.Present != 30 || res.Batch != 0 || !res.DryRun {
		t.Fatalf("dry run: %+v", res)
	}
	if tableCount(t, s, "access_event") != 30 || activityCount(t, s) != before {
		t.Fatal("dry run wrote")
	}
	s.Close()
	ro := openTest(t, path, Options{ReadOnly: true})
	if res, err := ro.ImportAccessLog(ctx, "b.jsonl", genAccess(50, ""), records.FormatJSON, nil, true); err != nil || res.New != 20 {
		t.Fatalf("dry run on a read-only store: %+v, %v", res, err)
	}
	res, err = DryRunRecords(KindAccessLog, "b.jsonl", genAccess(50, ""), records.FormatJSON, nil)
	if err != nil || res.Rows != 50 || res.New != 50 {
		t.Fatalf("dry run without a store: %+v, %v", res, err)
	}
}

func TestImportUsesTheColumnMapping(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	src := "stamp,who,what\n2025-03-01T10:00:00Z,ann,chat\n"
	if _, err := s.ImportAccessLog(ctx, "m.csv", strings.NewReader(src), "", nil, false); err == nil {
		t.Fatal("a file without a time column imported without a mapping")
	}
	res, err := s.ImportAccessLog(ctx, "m.csv", strings.NewReader(src), "", records.ColumnMapping{"time": "stamp", "actor": "who", "action": "what"}, false)
	if err != nil || res.New != 1 {
		t.Fatalf("mapped import: %+v, %v", res, err)
	}
}

func TestAccessSummariesAggregatePerServiceActorResourceModelAction(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	// 100 events a minute apart from 2025-01-01 00:00: u0..u4, proj-0..2.
	if _, err := s.ImportAccessLog(ctx, "a.jsonl", genAccess(100, ""), records.FormatJSON, nil, false); err != nil {
		t.Fatal(err)
	}
	// The period covers only the first day: all 100 events (100 minutes).
	got, err := s.AccessSummaries(ctx, "2025-01-01", "2025-01-01")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 15 {
		t.Fatalf("%d groups, want 5 actors x 3 projects", len(got))
	}
	var total int64
	for _, a := range got {
		total += a.Events
		if a.EventsInPeriod != a.Events {
			t.Errorf("%+v: all events are in the period", a)
		}
	}
	if total != 100 {
		t.Fatalf("groups hold %d events, want 100", total)
	}
	first := got[0] // ordered: u0 proj-0 is events 0, 15, 30, ... (i%5==0 && i%3==0)
	if first.Actor != "u0" || first.Resource != "proj-0" || first.Events != 7 {
		t.Fatalf("first group %+v", first)
	}
	if !first.First.Equal(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)) || !first.Last.Equal(time.Date(2025, 1, 1, 1, 30, 0, 0, time.UTC)) {
		t.Errorf("first/last %v %v", first.First, first.Last)
	}
	if first.SampleRef != "a.jsonl:1" {
		t.Errorf("sample %q, want the earliest event a.jsonl:1", first.SampleRef)
	}
	ev, ok, err := s.AccessEvent(ctx, first.SampleFingerprint)
	if err != nil || !ok || ev.EventID != "evt-0" {
		t.Fatalf("sample fingerprint does not lead to event 0: %+v %v %v", ev, ok, err)
	}
	// A period after the events counts none of them in it.
	later, _ := s.AccessSummaries(ctx, "2025-02-01", "2025-02-28")
	for _, a := range later {
		if a.EventsInPeriod != 0 || a.Events == 0 {
			t.Fatalf("%+v: nothing is in February", a)
		}
	}
}

func TestChangeAndReviewLoadersRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	if _, err := s.ImportChanges(ctx, "changes.json", bytes.NewReader(fixture(t, "changes.json")), "", nil, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportReviews(ctx, "reviews.csv", bytes.NewReader(fixture(t, "reviews.csv")), "", nil, false); err != nil {
		t.Fatal(err)
	}
	var want []model.ChangeRecord
	records.ReadChanges("changes.json", bytes.NewReader(fixture(t, "changes.json")), records.Options{}, func(c model.ChangeRecord) error {
		want = append(want, c)
		return nil
	})
	got, err := s.Changes(ctx)
	if err != nil || len(got) != len(want) {
		t.Fatalf("changes: %d (%v), want %d", len(got), err, len(want))
	}
	for _, g := range got {
		if g.Fingerprint != g.ComputeFingerprint() {
			t.Errorf("change %s:%d does not round-trip", g.SourceFile, g.Line)
		}
	}
	reviews, err := s.Reviews(ctx)
	if err != nil || len(reviews) == 0 {
		t.Fatalf("reviews: %d, %v", len(reviews), err)
	}
	for _, r := range reviews {
		if r.Fingerprint != r.ComputeFingerprint() {
			t.Errorf("review %s:%d does not round-trip", r.SourceFile, r.Line)
		}
	}
	batches, _ := s.ImportBatches(ctx)
	if len(batches) != 2 || batches[0].Kind != KindChanges || batches[1].Rows != int64(len(reviews)) {
		t.Fatalf("batches %+v", batches)
	}
}

func TestVerifyCatchesImportedRecordsChangedAddedOrDeleted(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ name, sql, want string }{
		{"edited", "UPDATE access_event SET actor = 'mallory' WHERE line = 3", "a.jsonl:3: record differs from when it was imported"},
		{"deleted", "DELETE FROM access_event WHERE line = 3", "holds 19 access-log records but the import added 20"},
		{"batch edited", "UPDATE import_batch SET rows = 5", "changed outside auditwalk"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newTestStore(t)
			if _, err := s.ImportAccessLog(ctx, "a.jsonl", genAccess(20, ""), records.FormatJSON, nil, false); err != nil {
				t.Fatal(err)
			}
			mustVerify(t, s)
			if _, err := s.db.Exec(tc.sql); err != nil {
				t.Fatal(err)
			}
			rep, err := s.Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() || !strings.Contains(strings.Join(rep.Problems(), "\n"), tc.want) {
				t.Fatalf("problems %q, want one saying %q", rep.Problems(), tc.want)
			}
		})
	}
}

// BenchmarkImportAccessLog imports a generated 100,000-line JSONL access
// log into a fresh engagement file per iteration and reports rows/s.
func BenchmarkImportAccessLog(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	var lines bytes.Buffer
	for i := range n {
		lines.WriteString(accessLine(i, 500))
		lines.WriteByte('\n')
	}
	src := lines.Bytes()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	var elapsed time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		s := openTest(b, filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", i)), Options{Actor: "bench"})
		b.StartTimer()
		start := time.Now()
		res, err := s.ImportAccessLog(ctx, "bench.jsonl", bytes.NewReader(src), records.FormatJSON, nil, false)
		elapsed += time.Since(start)
		if err != nil || res.New != n {
			b.Fatalf("%+v %v", res, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "rows/s")
}

// TestImportKeepsTheFirstOfRepeatedRecordsAndRestoresForeignKeys: rows
// are inserted in fingerprint order, yet of two equal records in one file
// the first line is the one stored; and the import's foreign-keys-off
// window ends with it.
func TestImportKeepsTheFirstOfRepeatedRecordsAndRestoresForeignKeys(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	src := accessLine(7, 5) + "\n" + accessLine(8, 5) + "\n" + accessLine(7, 5) + "\n"
	res, err := s.ImportRecords(ctx, KindAccessLog, "dup.jsonl", strings.NewReader(src), "", nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 3 || res.New != 2 {
		t.Fatalf("%+v, want 3 rows, 2 new", res)
	}
	var line int
	if err := s.db.QueryRow("SELECT line FROM access_event WHERE event_id = 'evt-7'").Scan(&line); err != nil || line != 1 {
		t.Fatalf("evt-7 stored from line %d (%v), want line 1", line, err)
	}
	var fk int
	if err := s.db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign_keys = %d after the import (%v), want 1", fk, err)
	}
	mustVerify(t, s)
}
