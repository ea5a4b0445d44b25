package data

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
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

// TestHotSQLMatchesTheColumnLists: the hot statements are written out as
// constants; they must say what the column lists and builders say, or a
// column added to a table would silently be left out of its save.
func TestHotSQLMatchesTheColumnLists(t *testing.T) {
	want := map[string]string{
		"insertRecordSQL": "INSERT INTO activity (" + activityCols + ") VALUES (" + placeholders(activityCols) + ")",
		"answerPutSQL": "INSERT INTO answer (" + answerCols + ") VALUES (" + placeholders(answerCols) + ")" +
			" ON CONFLICT (question_id, subject) DO UPDATE SET " + excludedAssignments(answerCols),
	}
	got := map[string]string{"insertRecordSQL": insertRecordSQL, "answerPutSQL": answerPutSQL}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s =\n%s\nwant\n%s", name, got[name], w)
		}
	}
}

// TestRecordHashIsTheDocumentedNetstringFormula pins the trail hash: files
// written by every earlier build must keep verifying. The first value is
// sha256 of the netstrings spelled out by hand (also checkable with
// `printf '21:auditwalk-activity-v1,1:1,0:,...' | sha256sum`).
func TestRecordHashIsTheDocumentedNetstringFormula(t *testing.T) {
	cases := []struct {
		r    storedActivity
		want string
	}{
		{storedActivity{Seq: 1, PrevHash: genesisHash}, "fd79d941a21525b968f1087b4cab5650db18e57e3b936ff94656ae3e4373a52e"},
		{storedActivity{Seq: 42, At: "2026-03-01T09:00:01.000000000Z", Actor: "alice", Action: ActionUpdate, Entity: EntityAnswer,
			EntityID: "org/gov-policy", Before: `{"value":"no"}`, After: `{"value":"yes","note":"ünïcode, commas: 3:x,"}`,
			PrevHash: genesisHash}, "2c49bc070bc9df5f185be3810c511c1bcc11ef8995b9beacc443c355e2ddfb78"},
	}
	for _, c := range cases {
		if got := recordHash(c.r); got != c.want {
			t.Errorf("recordHash(seq %d) = %s, want %s", c.r.Seq, got, c.want)
		}
	}
	manual := "21:auditwalk-activity-v1,1:1,0:,0:,0:,0:,0:,0:,0:,64:" + genesisHash + ","
	if sum := sha256.Sum256([]byte(manual)); hex.EncodeToString(sum[:]) != cases[0].want {
		t.Error("the first case is not the hand-written netstrings")
	}
}
