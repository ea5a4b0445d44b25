package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"auditwalk/data"
	"auditwalk/model"
)

// TestBadEngagementFilesFailEveryCommandWithOneLineAndStayUntouched runs
// the read and write commands on a zero-byte file, garbage, a truncated
// engagement and a foreign SQLite-less text file: exit 1, one line naming
// the file, bytes unchanged.
func TestBadEngagementFilesFailEveryCommandWithOneLineAndStayUntouched(t *testing.T) {
	good, _ := newEngagement(t)
	whole, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	garbage := make([]byte, 8192)
	for i := range garbage {
		garbage[i] = byte(i*7 + 3)
	}
	files := []struct {
		name, want string
		body       []byte
	}{
		{"zero.db", "empty file (0 bytes)", nil},
		{"garbage.db", "not an auditwalk engagement file", garbage},
		{"truncated.db", "file is corrupt", whole[:len(whole)/2]},
		{"notes.db", "not an auditwalk engagement file", []byte("meeting notes\n")},
	}
	log := accessLogFile(t, t.TempDir(), 10)
	commands := [][]string{
		{"status"}, {"status", "--json"}, {"verify"}, {"export", "--out", "OUT"},
		{"import", "access-log", log}, {"evidence", "list"},
	}
	for _, f := range files {
		for _, c := range commands {
			t.Run(f.name+"/"+strings.Join(c[:min(2, len(c))], "-"), func(t *testing.T) {
				dir := t.TempDir()
				db := filepath.Join(dir, f.name)
				if err := os.WriteFile(db, f.body, 0o600); err != nil {
					t.Fatal(err)
				}
				args := append([]string{}, c...)
				for i, a := range args {
					if a == "OUT" {
						args[i] = filepath.Join(dir, "out")
					}
				}
				code, _, stderr := runCLI(t, append(args, "--db", db)...)
				wantFailure(t, code, stderr, f.name+": "+f.want)
				if got, _ := os.ReadFile(db); string(got) != string(f.body) {
					t.Fatal("the bad file was modified")
				}
				if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
					t.Fatal("an export directory was created from a bad file")
				}
				for _, side := range []string{"-wal", "-shm", "-journal"} {
					if _, err := os.Stat(db + side); err == nil {
						t.Fatalf("%s%s was created next to the bad file", f.name, side)
					}
				}
			})
		}
	}
}

// TestMissingDirectoryIsAClearErrorAndCreatesNothing: a write command
// (import creates the file when missing) and a read command on a path in a
// directory that does not exist.
func TestMissingDirectoryIsAClearErrorAndCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "no-such-dir", "e.db")
	log := accessLogFile(t, dir, 10)
	for _, args := range [][]string{{"import", "access-log", log}, {"status"}, {"verify"}} {
		code, _, stderr := runCLI(t, append(args, "--db", db)...)
		wantFailure(t, code, stderr, "e.db")
		if _, err := os.Stat(filepath.Dir(db)); err == nil {
			t.Fatalf("%v created the missing directory", args)
		}
	}
}

// TestReadOnlyFileRefusesWritesAndStillReads: a 0400 engagement file (run
// as an unprivileged user when the tests are root) refuses an import with
// one line, keeps its bytes, and status still reads it.
func TestReadOnlyFileRefusesWritesAndStillReads(t *testing.T) {
	dir := openDir(t)
	if err := os.Chmod(dir, 0o777); err != nil { // only the file is read-only
		t.Fatal(err)
	}
	db := readyEngagement(t, dir)
	if err := os.Chmod(db, 0o444); err != nil {
		t.Fatal(err)
	}
	before := fileHash(t, db)
	log := accessLogFile(t, dir, 10)
	code, stderr := runChild(t, faultChild{Role: "cli", Args: []string{"import", "access-log", log, "--db", db}}, unprivileged())
	wantFailure(t, code, stderr, "e.db")
	if fileHash(t, db) != before {
		t.Fatal("read-only file was modified")
	}
	if code, stderr := runChild(t, faultChild{Role: "cli", Args: []string{"status", "--db", db}}, unprivileged()); code != 0 {
		t.Fatalf("status on a read-only file: exit %d %s", code, stderr)
	}
}

// TestReadOnlyDirectoryRefusesWritesAndLeavesNothing: the engagement's
// directory is 0555, so SQLite cannot create its -wal and -shm files.
func TestReadOnlyDirectoryRefusesWritesAndLeavesNothing(t *testing.T) {
	dir := openDir(t)
	sub := filepath.Join(dir, "ro")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	db := readyEngagement(t, sub)
	if err := os.Chmod(db, 0o666); err != nil { // the file itself is writable
		t.Fatal(err)
	}
	log := accessLogFile(t, dir, 10)
	if err := os.Chmod(sub, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(sub, 0o755) })
	before, listed := fileHash(t, db), names(t, sub)
	code, stderr := runChild(t, faultChild{Role: "cli", Args: []string{"import", "access-log", log, "--db", db}}, unprivileged())
	wantFailure(t, code, stderr, "e.db")
	if fileHash(t, db) != before {
		t.Fatal("file in a read-only directory was modified")
	}
	if got := names(t, sub); got != listed {
		t.Fatalf("read-only directory held %s, now %s", listed, got)
	}
	// A new engagement in a read-only directory cannot be created either.
	code, stderr = runChild(t, faultChild{Role: "cli", Args: []string{"import", "access-log", log, "--db", filepath.Join(sub, "new.db")}}, unprivileged())
	wantFailure(t, code, stderr, "new.db")
}

// TestFileLockedByAnotherProcessIsRefusedWithOneLine: a second writer
// (another process holds the file open for writing) gets exit 1 and one
// line; the holder's file is intact afterwards.
func TestFileLockedByAnotherProcessIsRefusedWithOneLine(t *testing.T) {
	dir := t.TempDir()
	db := readyEngagement(t, dir)
	holder := faultCmd(t, faultChild{Role: "hold", DB: db}, false)
	stdin, _ := holder.StdinPipe()
	stdout, _ := holder.StdoutPipe()
	holder.Stderr = os.Stderr
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 6)
	if _, err := stdout.Read(buf); err != nil || string(buf[:5]) != "ready" {
		t.Fatalf("holder did not start: %q %v", buf, err)
	}
	log := accessLogFile(t, dir, 10)
	code, _, stderr := runCLI(t, "import", "access-log", log, "--db", db)
	stdin.Close()
	_ = holder.Wait()
	wantFailure(t, code, stderr, "e.db")
	if _, events, _ := engagementCounts(t, db); events != 0 {
		t.Fatalf("%d events imported into a locked file", events)
	}
}

func names(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return strings.Join(out, ",")
}

// TestReadOnlyDirectoryStillReads: status, verify and export work on an
// engagement whose directory is 0555 (a read-only mount, a shared folder),
// where SQLite cannot create the -shm file WAL readers normally need, and
// create nothing there.
func TestReadOnlyDirectoryStillReads(t *testing.T) {
	dir := openDir(t)
	sub := filepath.Join(dir, "ro")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	db := readyEngagement(t, sub)
	if err := os.Chmod(db, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil || os.Chmod(out, 0o777) != nil { // writable by nobody
		t.Fatal(err)
	}
	if err := os.Chmod(sub, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(sub, 0o755) })
	before, listed := fileHash(t, db), names(t, sub)
	for _, args := range [][]string{{"status"}, {"verify"}, {"export", "--out", filepath.Join(out, "x")}} {
		code, stderr := runChild(t, faultChild{Role: "cli", Args: append(args, "--db", db)}, unprivileged())
		if code != 0 {
			t.Fatalf("%s in a read-only directory: exit %d %s", args[0], code, stderr)
		}
	}
	if fileHash(t, db) != before || names(t, sub) != listed {
		t.Fatalf("read-only directory changed: held %s, now %s", listed, names(t, sub))
	}
}

// TestReadOnlyDirectoryWithUncheckpointedLogIsRefused: a copy taken while
// a writer was running (its -wal holds frames the main file lacks) cannot
// be read from a read-only directory without missing those changes, so the
// read commands refuse with one line rather than show stale data.
func TestReadOnlyDirectoryWithUncheckpointedLogIsRefused(t *testing.T) {
	dir := openDir(t)
	db := readyEngagement(t, dir)
	st, err := data.Open(context.Background(), db, data.Options{Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveAnswer(context.Background(), model.Answer{QuestionID: "late", Subject: model.SubjectOrg, Value: model.AnswerNo}); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "ro")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"", "-wal"} { // a mid-session copy
		b, err := os.ReadFile(db + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, "e.db"+suffix), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	if err := os.Chmod(sub, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(sub, 0o755) })
	code, stderr := runChild(t, faultChild{Role: "cli", Args: []string{"status", "--db", filepath.Join(sub, "e.db")}}, unprivileged())
	wantFailure(t, code, stderr, "e.db-wal holds changes not yet in the file")
}
