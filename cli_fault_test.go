package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"auditwalk/data"
	"auditwalk/internal/gen"
)

// Fault tests at the CLI's edge: every bad file, directory and resource
// limit gives exit 1 and one line on stderr naming the problem, and leaves
// the engagement file as it was (or absent). Cases that need another
// process (a lock holder, a resource limit, an unprivileged user when the
// tests run as root) re-execute this test binary: TestFaultChild is the
// child's entry point and does nothing in a normal run.

const faultChildEnv = "AUDITWALK_FAULT_CHILD" // JSON faultChild

// faultChild is what a re-executed child does.
type faultChild struct {
	Role string   // "cli" runs Args through run(); "hold" holds DB open until stdin closes; "saver" (cli_crash_test.go)
	Args []string // for cli
	DB   string   // for hold and saver
	// FileLimit, when > 0, is RLIMIT_FSIZE in bytes, with SIGXFSZ ignored so
	// a write past it fails with EFBIG instead of killing the process.
	FileLimit uint64
}

// TestFaultChild is the child process of the fault tests.
func TestFaultChild(t *testing.T) {
	spec := os.Getenv(faultChildEnv)
	if spec == "" {
		t.Skip("child entry point of the fault tests")
	}
	var c faultChild
	if err := json.Unmarshal([]byte(spec), &c); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	if c.FileLimit > 0 {
		signalIgnoreXFSZ()
		lim := syscall.Rlimit{Cur: c.FileLimit, Max: c.FileLimit}
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
	}
	switch c.Role {
	case "cli":
		os.Exit(run(context.Background(), c.Args, os.Stdout, os.Stderr))
	case "hold":
		st, err := data.Open(context.Background(), c.DB, data.Options{Actor: "holder"})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println("ready")
		_, _ = io.Copy(io.Discard, os.Stdin)
		st.Close()
		os.Exit(0)
	case "saver":
		os.Exit(childSaveForever(c.DB))
	}
	os.Exit(3)
}

// faultCmd returns the command that runs c in a child. asNobody runs it as
// uid/gid 65534 (only possible, and only needed, when the tests run as
// root, whom file permissions do not stop).
func faultCmd(t *testing.T, c faultChild, asNobody bool) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if asNobody {
		exe = copyExecutable(t, exe)
	}
	spec, _ := json.Marshal(c)
	cmd := exec.Command(exe, "-test.run=^TestFaultChild$")
	cmd.Env = append(os.Environ(), faultChildEnv+"="+string(spec))
	if asNobody {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	return cmd
}

// runChild runs c to completion and returns its exit code and stderr.
func runChild(t *testing.T, c faultChild, asNobody bool) (int, string) {
	t.Helper()
	cmd := faultCmd(t, c, asNobody)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), stderr.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, stderr.String()
}

// copyExecutable copies the test binary where an unprivileged user can run
// it (the go build cache directory is private).
func copyExecutable(t *testing.T, exe string) string {
	t.Helper()
	dir := openDir(t)
	dst := filepath.Join(dir, "auditwalk.test")
	b, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o755); err != nil {
		t.Fatal(err)
	}
	return dst
}

// openDir is a temporary directory every user can reach (t.TempDir is
// private to its owner).
func openDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for d := dir; d != os.TempDir() && d != "/" && strings.HasPrefix(d, os.TempDir()); d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// unprivileged reports whether permission cases must run as nobody.
func unprivileged() bool { return os.Geteuid() == 0 }

// wantFailure checks the CLI contract for a failure: exit 1 and exactly
// one stderr line, starting "auditwalk: " and containing want.
func wantFailure(t *testing.T, code int, stderr, want string) {
	t.Helper()
	line := strings.TrimSuffix(stderr, "\n")
	if code != exitFailure || !strings.HasPrefix(line, "auditwalk: ") || strings.Contains(line, "\n") || !strings.Contains(line, want) {
		t.Fatalf("exit %d, stderr %q: want exit 1 and one line containing %q", code, stderr, want)
	}
	t.Logf("exit 1: %s", line)
}

// accessLogFile writes n generated access-log lines and returns the path.
func accessLogFile(t *testing.T, dir string, n int) string {
	t.Helper()
	path := filepath.Join(dir, "access.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	sc := gen.Small()
	sc.AccessRecords = n
	if err := gen.WriteAccessLog(f, 1, sc); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// engagementCounts reads an engagement's answer and access-event counts
// and its integrity check, read-only.
func engagementCounts(t *testing.T, path string) (answers, events, batches int) {
	t.Helper()
	ctx := context.Background()
	st, err := data.Open(ctx, path, data.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("reopen after the fault: %v", err)
	}
	defer st.Close()
	rep, err := st.Verify(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("verify after the fault: %v %v", err, rep.Problems())
	}
	snap, err := st.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	bs, err := st.ImportBatches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var integrity string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity_check: %q %v", integrity, err)
	}
	if err := db.QueryRow("SELECT count(*) FROM access_event").Scan(&events); err != nil {
		t.Fatal(err)
	}
	return len(snap.Answers), events, len(bs)
}

// signalIgnoreXFSZ makes a write past RLIMIT_FSIZE fail with EFBIG rather
// than kill the process (SIGXFSZ's default action).
func signalIgnoreXFSZ() { signal.Ignore(syscall.SIGXFSZ) }
