package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// straceSyscall returns the syscall name of a line of `strace -f -o LOG`
// ("PID name(args) = r") and whether the line resumes an unfinished call
// ("PID <... name resumed> ..."); "" for any other line.
func straceSyscall(line string) (name string, resumed bool) {
	_, rest, ok := strings.Cut(line, " ")
	if !ok {
		return "", false
	}
	rest = strings.TrimLeft(rest, " ")
	rest, resumed = strings.CutPrefix(rest, "<... ")
	end := strings.IndexAny(rest, "( ")
	if end <= 0 {
		return "", false
	}
	return rest[:end], resumed
}

// straceOrSkip returns strace's path, or skips the test when strace is
// missing or cannot trace here (ptrace denied, as in many containers).
func straceOrSkip(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary and runs it under strace")
	}
	strace, err := exec.LookPath("strace")
	if err != nil {
		t.Skip("strace not on PATH: the no-network check needs it (scripts/nonet runs the full version)")
	}
	if out, err := exec.Command(strace, "-f", "-qq", "-o", os.DevNull, "true").CombinedOutput(); err != nil {
		t.Skipf("strace cannot trace here (ptrace not permitted?): %v %s", err, strings.TrimSpace(string(out)))
	}
	return strace
}

// buildStatic builds auditwalk as shipped (CGO_ENABLED=0) into dir.
func buildStatic(t *testing.T, dir string) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not on PATH: cannot build the binary to trace")
	}
	bin := filepath.Join(dir, "auditwalk")
	cmd := exec.Command(gobin, "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// tracedSyscalls reads a strace log written with -e trace=%network,execve
// and returns how many execve calls it saw and every other (socket-family)
// line.
func tracedSyscalls(t *testing.T, log string) (execs int, network []string) {
	t.Helper()
	f, err := os.Open(log)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		name, resumed := straceSyscall(sc.Text())
		switch {
		case name == "":
		case name == "execve":
			if !resumed {
				execs++
			}
		default:
			network = append(network, sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return execs, network
}

// TestBinaryOpensNoSocketAcrossImportDetectExportVerify runs the static
// binary under `strace -f` through a representative CLI session and fails
// on any socket-family syscall (socket, connect, bind, sendto, sendmsg, ...,
// AF_UNIX included). Package net is linked in through dependencies, so only
// watching the running binary proves it stays off the network. scripts/nonet
// does the same over a TUI walkthrough and every command.
func TestBinaryOpensNoSocketAcrossImportDetectExportVerify(t *testing.T) {
	strace := straceOrSkip(t)
	dir := t.TempDir()
	bin := buildStatic(t, dir)
	db, _ := newEngagement(t)
	out := filepath.Join(dir, "out")
	steps := [][]string{
		{"import", "inventory", filepath.Join("data", "ingest", "testdata", "inventory_excel.csv")},
		{"import", "access-log", recordsFixture("cloudtrail.json")},
		{"import", "changes", recordsFixture("changes.json")},
		{"detect"},
		{"export", "--out", out, "--format", "markdown,csv,json,oscal"},
		{"verify"},
		{"status", "--json"},
	}
	for i, step := range steps {
		log := filepath.Join(dir, fmt.Sprintf("%d.strace", i))
		args := append([]string{"-f", "-qq", "-e", "trace=%network,execve", "-e", "signal=none", "-o", log,
			bin, "--db", db, "--as", "tester"}, step...)
		cmd := exec.Command(strace, args...)
		cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+dir, "AUDITWALK_AS=", "AUDITWALK_DB=")
		if outb, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("auditwalk %s: %v\n%s", strings.Join(step, " "), err, outb)
		}
		execs, network := tracedSyscalls(t, log)
		if execs == 0 {
			t.Fatalf("auditwalk %s: strace saw no execve: the log %s is not a trace of the binary", strings.Join(step, " "), log)
		}
		if len(network) > 0 {
			t.Errorf("auditwalk %s made %d socket-family syscalls, first: %s", strings.Join(step, " "), len(network), network[0])
		}
	}
}
