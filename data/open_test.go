package data

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"auditwalk/model"
)

func TestOpenCreatesMigratedFileAndReopenIsNoOp(t *testing.T) {
	ctx := context.Background()
	s, path := newTestStore(t)
	var version, appID int
	s.db.QueryRow("PRAGMA user_version").Scan(&version)
	s.db.QueryRow("PRAGMA application_id").Scan(&appID)
	if version != SchemaVersion() || version < 1 || appID != ApplicationID {
		t.Fatalf("user_version %d (want %d), application_id %#x", version, SchemaVersion(), appID)
	}
	var mode string
	s.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Fatalf("journal_mode %q", mode)
	}
	s.Close()
	before := fileSHA(t, path)
	s2 := openTest(t, path, testOptions())
	s2.Close()
	if after := fileSHA(t, path); after != before {
		t.Fatal("reopening an up-to-date file changed it")
	}
	if _, err := Open(ctx, path, Options{ReadOnly: true}); err != nil {
		t.Fatal(err)
	}
}

func TestOpenLeavesNoBuildAsideFiles(t *testing.T) {
	s, path := newTestStore(t)
	s.Close()
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".new-") {
			t.Fatalf("leftover %s", e.Name())
		}
	}
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	s, path := newTestStore(t)
	if _, err := s.SaveAnswer(ctx, sampleAnswer("q1", "org", "yes")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	snap, err := openTest(t, path, testOptions()).Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := snap.Answers[sampleAnswer("q1", "org", "").Key()].Value; got != "yes" {
		t.Fatalf("answer after reopen = %q", got)
	}
}

func TestFilesAreOwnerOnly(t *testing.T) {
	old := setUmask(0o022)
	defer setUmask(old)
	s, path := newTestStore(t)
	if _, err := s.SaveAnswer(context.Background(), sampleAnswer("q1", "org", "yes")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{path, path + "-wal", path + "-shm", path + "-lock"} {
		st, err := os.Stat(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if perm := st.Mode().Perm(); perm != 0o600 {
			t.Errorf("%s: mode %o, want 600", filepath.Base(name), perm)
		}
	}
}

// engagementFile makes a closed engagement file with some content.
func engagementFile(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "real.db")
	s := openTest(t, path, testOptions())
	ctx := context.Background()
	for i := range 200 {
		if _, err := s.SaveAnswer(ctx, sampleAnswer("q"+strconv.Itoa(i), "org", strings.Repeat("x", 200))); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	return path
}

func TestOpenRefusesForeignFilesAndLeavesThemUntouched(t *testing.T) {
	dir := t.TempDir()
	real := engagementFile(t, dir)
	cases := []struct {
		name    string
		make    func(path string)
		kind    error
		message string
	}{
		{"foreign.db", func(p string) { foreignSQLite(t, p) }, ErrNotEngagement, "foreign.db: not an auditwalk engagement file (application_id 0)"},
		{"notes.txt", func(p string) { write(t, p, []byte("meeting notes\nline two\n")) }, ErrNotEngagement, "notes.txt: not an auditwalk engagement file (not a SQLite database)"},
		{"empty.db", func(p string) { write(t, p, nil) }, ErrNotEngagement, "empty.db: empty file (0 bytes)"},
		{"garbage.bin", func(p string) { write(t, p, garbage(8192)) }, ErrNotEngagement, "garbage.bin: not an auditwalk engagement file"},
		{"truncated.db", func(p string) { write(t, p, head(t, real, 0.5)) }, ErrCorrupt, "truncated.db: file is corrupt: truncated"},
		{"stub.db", func(p string) { write(t, p, head(t, real, 1)[:60]) }, ErrCorrupt, "stub.db: file is corrupt: truncated to"},
		{"newer.db", func(p string) { newerSchema(t, real, p) }, ErrNewerSchema,
			"newer.db: schema version 99 is newer than this auditwalk (" + strconv.Itoa(SchemaVersion()) + "); upgrade auditwalk"},
	}
	for _, tc := range cases {
		for _, ro := range []bool{false, true} {
			t.Run(tc.name+map[bool]string{false: "/write", true: "/read-only"}[ro], func(t *testing.T) {
				sub := t.TempDir()
				path := filepath.Join(sub, tc.name)
				tc.make(path)
				before := fileSHA(t, path)
				t.Chdir(sub) // errors name the file as the user gave it
				s, err := Open(context.Background(), tc.name, Options{ReadOnly: ro})
				if err == nil {
					s.Close()
					t.Fatal("Open succeeded")
				}
				if !errors.Is(err, tc.kind) || !strings.HasPrefix(err.Error(), tc.message) || strings.Contains(err.Error(), "\n") {
					t.Fatalf("error %q: want %v starting %q", err, tc.kind, tc.message)
				}
				if fileSHA(t, path) != before {
					t.Fatal("refused file was modified")
				}
			})
		}
	}
}

func TestReadOnlyOpenOfMissingFileDoesNotCreateIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.db")
	_, err := Open(context.Background(), path, Options{ReadOnly: true})
	if err == nil || !strings.Contains(err.Error(), "no such engagement file") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("read-only open created the file")
	}
}

func TestReadOnlyStoreRefusesWrites(t *testing.T) {
	_, path := newTestStore(t)
	ro := openTest(t, path, Options{ReadOnly: true})
	if _, err := ro.SaveAnswer(context.Background(), sampleAnswer("q", "org", "yes")); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("err = %v", err)
	}
}

func TestSecondWriterInSameProcessIsRefused(t *testing.T) {
	s, path := newTestStore(t)
	_, err := Open(context.Background(), path, testOptions())
	want := path + " is open in another auditwalk process (pid " + strconv.Itoa(os.Getpid()) + ")"
	if !errors.Is(err, ErrLocked) || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
	// Readers are not locked out, and the writer keeps working.
	openTest(t, path, Options{ReadOnly: true})
	if _, err := s.SaveAnswer(context.Background(), sampleAnswer("q", "org", "yes")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	openTest(t, path, testOptions()) // lock released by Close
}

// foreignSQLite makes another application's database.
func foreignSQLite(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x')"); err != nil {
		t.Fatal(err)
	}
}

// newerSchema copies an engagement file and stamps a future schema version.
func newerSchema(t *testing.T, src, path string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	write(t, path, b)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func head(t *testing.T, path string, frac float64) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b[:int(float64(len(b))*frac)]
}

// garbage returns deterministic pseudo-random bytes.
func garbage(n int) []byte {
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}

func TestReadOnlyOpenRefusesSchemaThatNeedsUpgrade(t *testing.T) {
	path := engagementFile(t, t.TempDir())
	tamper(t, path, "PRAGMA user_version = 0")
	before := fileSHA(t, path)
	_, err := Open(context.Background(), path, Options{ReadOnly: true})
	if !errors.Is(err, ErrOlderSchema) || !strings.Contains(err.Error(), "schema version 0 is older than this auditwalk") {
		t.Fatalf("err = %v", err)
	}
	if fileSHA(t, path) != before {
		t.Fatal("read-only open changed the file")
	}
}

// TestWriterCloseLeavesTheFileSelfContained: with a reader still open
// (which makes SQLite skip its own close-time checkpoint), a writer's Close
// still moves every change into the main file and empties the -wal, so the
// file alone (read immutable from a read-only directory, or copied) is
// complete.
func TestWriterCloseLeavesTheFileSelfContained(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "engagement.db")
	w, err := Open(ctx, path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	r := openTest(t, path, Options{ReadOnly: true})
	if _, err := r.Load(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := w.SaveAnswer(ctx, model.Answer{QuestionID: "q1", Subject: model.SubjectOrg, Value: model.AnswerYes}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path + "-wal"); err == nil && st.Size() > 0 {
		t.Fatalf("-wal holds %d bytes after the writer closed", st.Size())
	}
}
