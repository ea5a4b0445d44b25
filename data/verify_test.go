package data

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"testing"

	"auditwalk/model"
)

// trailFile builds an engagement with records of every kind and returns its
// path, closed.
func trailFile(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	s, path := newTestStore(t)
	steps := []func() error{
		func() error { return s.StartEngagement(ctx, "soc2-ai", "1", "h", []byte("pack")) },
		func() error {
			_, err := s.SaveEngagement(ctx, model.Engagement{Client: "Acme", Readiness: model.Type1, PackID: "soc2-ai", PackVersion: "1", PackHash: "h"})
			return err
		},
		func() error { _, err := s.SaveAnswer(ctx, sampleAnswer("q1", "org", "yes")); return err },
		func() error { _, err := s.SaveAnswer(ctx, sampleAnswer("q2", "org", "no")); return err },
		func() error { _, err := s.SaveVendor(ctx, sampleVendor()); return err },
		func() error { _, err := s.SaveSystem(ctx, sampleSystem("Bot")); return err },
		func() error { _, err := s.SaveAnswer(ctx, sampleAnswer("q1", "org", "partial")); return err },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	return path
}

// tamper changes the file behind auditwalk's back.
func tamper(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func verifyReadOnly(t *testing.T, path string) Report {
	t.Helper()
	s := openTest(t, path, Options{ReadOnly: true})
	rep, err := s.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestVerifyPassesUntouchedFile(t *testing.T) {
	path := trailFile(t)
	before := fileSHA(t, path)
	rep := verifyReadOnly(t, path)
	if !rep.OK() || rep.Records != 8 || len(rep.Problems()) != 0 {
		t.Fatalf("report %+v problems %v", rep, rep.Problems())
	}
	if fileSHA(t, path) != before {
		t.Fatal("verify changed the file")
	}
}

func TestVerifyDetectsTampering(t *testing.T) {
	// Records of trailFile: 1 pack, 2 engagement (pack fields), 3 engagement
	// (details), 4 q1, 5 q2, 6 vendor, 7 system, 8 q1 again.
	cases := []struct {
		name  string
		stmts []string
		want  string
	}{
		{"answer row edited", []string{`UPDATE answer SET value = 'yes' WHERE question_id = 'q1'`},
			"answer org/q1: row differs from its last recorded state (record 8): changed outside auditwalk"},
		{"answer row deleted", []string{`DELETE FROM answer WHERE question_id = 'q2'`},
			"answer org/q2: row recorded by record 5 is missing (deleted outside auditwalk)"},
		{"answer row inserted", []string{`INSERT INTO answer (question_id, subject, updated_at, updated_by) VALUES ('q9', 'org', '2026-01-01T00:00:00.000000000Z', 'mallory')`},
			"answer org/q9: row has no activity record (added outside auditwalk)"},
		{"system row edited", []string{`UPDATE system SET approval = 'approved', notes = 'x'`},
			"system 1: row differs from its last recorded state (record 7)"},
		{"vendor scores edited", []string{`UPDATE vendor SET scores = '{"audit-logs":{"value":5,"note":""}}'`},
			"vendor 1: row differs"},
		{"pack source swapped", []string{`UPDATE pack_source SET source = x'00'`},
			"pack 1: row differs"},
		{"trail record deleted", []string{`DELETE FROM activity WHERE seq = 4`},
			"activity record 5: gap in sequence: record 4 is missing (deleted)"},
		{"trail record inserted", []string{`INSERT INTO activity SELECT 9, at, 'mallory', action, entity, entity_id, before, after, hash, 'deadbeef' FROM activity WHERE seq = 8`},
			"activity record 9: hash mismatch"},
		{"trail records swapped", []string{
			`CREATE TEMP TABLE a AS SELECT * FROM activity WHERE seq IN (4, 5)`,
			`UPDATE activity SET (at, actor, action, entity, entity_id, before, after, prev_hash, hash) = (SELECT at, actor, action, entity, entity_id, before, after, prev_hash, hash FROM a WHERE a.seq = 9 - activity.seq) WHERE seq IN (4, 5)`},
			"activity record 4: out of order: it chains to the record now at seq 5, not to record 3 (records reordered)"},
		{"trail after edited", []string{`UPDATE activity SET after = replace(after, '"value":"no"', '"value":"yes"') WHERE seq = 5`},
			"activity record 5: hash mismatch: the record's contents changed after it was written"},
		{"newest trail record deleted", []string{`DELETE FROM activity WHERE seq = 8`},
			"answer org/q1: row differs from its last recorded state (record 4)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := trailFile(t)
			tamper(t, path, tc.stmts...)
			rep := verifyReadOnly(t, path)
			if rep.OK() {
				t.Fatal("tampering not detected")
			}
			joined := strings.Join(rep.Problems(), "\n")
			if !strings.Contains(joined, tc.want) {
				t.Fatalf("problems:\n%s\nwant a line containing %q", joined, tc.want)
			}
		})
	}
}

func TestVerifyReportsDamagedPages(t *testing.T) {
	path := engagementFile(t, t.TempDir())
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	copy(b[len(b)/2:], garbage(4096)) // clobber pages in the middle, header intact
	write(t, path, b)
	s, err := Open(context.Background(), path, Options{ReadOnly: true})
	if err != nil {
		if !strings.Contains(err.Error(), "file is corrupt") {
			t.Fatalf("open: %v", err)
		}
		return
	}
	defer s.Close()
	rep, err := s.Verify(context.Background())
	if err == nil && rep.OK() {
		t.Fatal("damaged pages not reported")
	}
}
