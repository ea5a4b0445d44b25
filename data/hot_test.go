package data

import (
	"context"
	"os"
	"strconv"
	"testing"

	"auditwalk/model"
)

// walPagesPerSave saves n answers (each a change of an existing one, after
// n first saves) and returns the WAL pages appended per save. Automatic
// checkpoints are off so the WAL only grows: each frame is one page plus a
// 24-byte header, and a commit appends every page the transaction dirtied.
func walPagesPerSave(t *testing.T, s *Store, path string, n int) float64 {
	t.Helper()
	ctx := context.Background()
	if _, err := s.db.Exec("PRAGMA wal_autocheckpoint = 0"); err != nil {
		t.Fatal(err)
	}
	var pageSize int64
	if err := s.db.QueryRow("PRAGMA page_size").Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	save := func(value string) {
		for i := range n {
			a := model.Answer{QuestionID: "q" + strconv.Itoa(i), Subject: model.SubjectOrg, Value: value + strconv.Itoa(i)}
			if _, err := s.SaveAnswer(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
	}
	save("first ")
	before, err := os.Stat(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	save("changed ")
	after, err := os.Stat(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	return float64(after.Size()-before.Size()) / float64(pageSize+24) / float64(n)
}

// TestAnswerSaveAppendsAtMostFiveWALPages pins what a durable answer save
// writes: the answer's page, the trail record's page and one page of each
// trail index (activity_entity, activity_actor), plus the occasional page
// the growing trail allocates (its parent and the header page) — 4.66
// pages on average today. A new index or a larger trail payload shows here
// before it shows in the fsync-bound BenchmarkSaveAnswer.
func TestAnswerSaveAppendsAtMostFiveWALPages(t *testing.T) {
	s, path := newTestStore(t)
	pages := walPagesPerSave(t, s, path, 300)
	t.Logf("%.2f WAL pages per answer save", pages)
	if pages > 5 {
		t.Fatalf("an answer save appends %.2f WAL pages, want at most 5", pages)
	}
}
