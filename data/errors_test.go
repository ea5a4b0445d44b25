package data

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestFullDatabaseMidImportIsOneLineNamingTheFile caps the file at its
// current page count (SQLite then answers SQLITE_FULL, as on a full disk):
// the import fails as ErrWriteFailed, one line naming the file, and
// nothing of it is saved.
func TestFullDatabaseMidImportIsOneLineNamingTheFile(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	var pages int
	if err := s.db.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	for i := range 2000 {
		log.WriteString(`{"timestamp":"2026-01-02T03:04:05Z","user":"u` + strings.Repeat("x", i%50) + `","action":"login","resource":"r` + string(rune('a'+i%26)) + `"}` + "\n")
	}
	_, err := s.ImportRecords(ctx, KindAccessLog, "access.jsonl", strings.NewReader(log.String()), "", nil, false)
	if !errors.Is(err, ErrWriteFailed) {
		t.Fatalf("import into a full file: %v, want ErrWriteFailed", err)
	}
	want := "engagement.db: write failed (disk full); nothing was saved"
	if got := err.Error(); !strings.HasSuffix(got, want) || strings.Contains(got, "\n") {
		t.Fatalf("message %q, want one line ending %q", got, want)
	}
	var n int
	if err := s.db.QueryRow("SELECT count(*) FROM access_event").Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d events saved after the failure (%v)", n, err)
	}
}
