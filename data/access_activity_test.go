package data

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"auditwalk/data/ingest/records"
	"auditwalk/model"
)

// v5AccessEvent rebuilds access_event in its layout before migration 0006
// (rowid table, hex fingerprint UNIQUE, file name on every row) from the
// current one, and marks the file as schema 5.
func v5AccessEvent() []string {
	return []string{
		`CREATE TABLE access_event_v5 (
			id INTEGER PRIMARY KEY, time TEXT NOT NULL, actor TEXT NOT NULL DEFAULT '', action TEXT NOT NULL DEFAULT '',
			service TEXT NOT NULL DEFAULT '', model TEXT NOT NULL DEFAULT '', resource TEXT NOT NULL DEFAULT '',
			source TEXT NOT NULL DEFAULT '', outcome TEXT NOT NULL DEFAULT '', event_id TEXT NOT NULL DEFAULT '',
			detail TEXT NOT NULL DEFAULT '', source_file TEXT NOT NULL, line INTEGER NOT NULL,
			fingerprint TEXT NOT NULL UNIQUE, batch_id INTEGER NOT NULL REFERENCES import_batch (id))`,
		`INSERT INTO access_event_v5 (time, actor, action, service, model, resource, source, outcome, event_id, detail,
			source_file, line, fingerprint, batch_id)
			SELECT time, actor, action, service, model, resource, source, outcome, event_id, detail,
			(SELECT source FROM import_batch WHERE id = batch_id), line, lower(hex(fingerprint)), batch_id
			FROM access_event ORDER BY line`,
		`DROP TABLE access_event`,
		`ALTER TABLE access_event_v5 RENAME TO access_event`,
		`PRAGMA user_version = 5`,
	}
}

// A file written before migration 0006 keeps every access event through the
// upgrade: the summaries detection reads are the same, verify passes (the
// fingerprints still match the fields), and re-importing the file adds
// nothing.
func TestAccessEventsSurviveTheClusteredTableMigration(t *testing.T) {
	ctx := context.Background()
	s, path := newTestStore(t)
	if _, err := s.ImportAccessLog(ctx, "a.jsonl", genAccess(300, ""), records.FormatJSON, nil, false); err != nil {
		t.Fatal(err)
	}
	before, err := s.AccessSummaries(ctx, "", "")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	tamper(t, path, v5AccessEvent()...)
	up := openTest(t, path, testOptions())
	after, err := up.AccessSummaries(ctx, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("summaries changed across the migration:\nbefore %+v\nafter  %+v", before[:2], after[:2])
	}
	mustVerify(t, up)
	res, err := up.ImportAccessLog(ctx, "a.jsonl", genAccess(300, ""), records.FormatJSON, nil, false)
	if err != nil || res.New != 0 || res.Present != 300 {
		t.Fatalf("re-import after the upgrade: %+v, %v; want 0 new", res, err)
	}
}

// Detection loads no samples up front; the events its findings cite are
// looked up by key as they are cited, and each citation must still name the
// earliest event of its group by fingerprint and file:line.
func TestDetectionCitesTheEarliestEventOfEachGroup(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	// 40 events by u0..u4 on proj-0..2, tied to no system: shadow AI.
	if _, err := s.ImportAccessLog(ctx, "a.jsonl", genAccess(40, ""), records.FormatJSON, nil, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RunDetection(ctx, nil, time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	want := map[string]model.AccessSummary{}
	sums, _ := s.AccessSummaries(ctx, "", "")
	for _, a := range sums {
		want[a.SampleFingerprint] = a
	}
	list, _ := s.Exceptions(ctx)
	cited := 0
	for _, e := range list {
		for _, c := range e.Citations {
			if c.Type != model.CiteAccessEvent {
				continue
			}
			a, ok := want[c.Ref]
			if !ok || !strings.HasPrefix(c.Label, a.SampleRef+": ") {
				t.Fatalf("citation %+v is not the earliest event of a group (want one of %d samples)", c, len(want))
			}
			cited++
		}
	}
	if cited != len(want) {
		t.Fatalf("%d access citations, want one per group (%d)", cited, len(want))
	}
}

// A stored time that does not parse (a file edited outside auditwalk)
// fails detection with an error naming the event's group, not a panic or a
// silently wrong summary.
func TestDetectionReportsAnUnreadableEventTime(t *testing.T) {
	ctx := context.Background()
	s, path := newTestStore(t)
	if _, err := s.ImportAccessLog(ctx, "a.jsonl", genAccess(20, ""), records.FormatJSON, nil, false); err != nil {
		t.Fatal(err)
	}
	s.Close()
	tamper(t, path, `UPDATE access_event SET time = '2025-13-45T99:00:00.000000000Z' WHERE line = 7`)
	s = openTest(t, path, testOptions())
	_, err := s.RunDetection(ctx, nil, time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC))
	if err == nil || !strings.Contains(err.Error(), "bad time") || !strings.Contains(err.Error(), "2025-13-45") {
		t.Fatalf("RunDetection = %v, want a bad-time error naming the value", err)
	}
}
