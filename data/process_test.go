package data

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"auditwalk/model"
)

// childEnv selects a child role when this test binary is re-executed; the
// child's file is in childPathEnv.
const (
	childEnv     = "AUDITWALK_DATA_TEST_CHILD"
	childPathEnv = "AUDITWALK_DATA_TEST_PATH"
)

func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "":
		os.Exit(m.Run())
	case "saver":
		os.Exit(childSaver(os.Getenv(childPathEnv)))
	case "holder":
		os.Exit(childHolder(os.Getenv(childPathEnv)))
	default:
		fmt.Fprintln(os.Stderr, "unknown child role")
		os.Exit(2)
	}
}

// childSaver saves answers forever, acknowledging each after SaveAnswer
// returns, until it is killed.
func childSaver(path string) int {
	s, err := Open(context.Background(), path, Options{Actor: "child"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for n := 0; ; n++ {
		a := model.Answer{QuestionID: "q" + strconv.Itoa(n), Subject: model.SubjectOrg, Value: model.AnswerYes, Note: strings.Repeat("n", n%500)}
		if _, err := s.SaveAnswer(context.Background(), a); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Printf("saved %d\n", n)
	}
}

// childHolder opens the file for writing and holds it until stdin closes.
func childHolder(path string) int {
	s, err := Open(context.Background(), path, Options{Actor: "child"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("ready")
	_, _ = io.Copy(io.Discard, os.Stdin)
	s.Close()
	return 0
}

func child(t *testing.T, role, path string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), childEnv+"="+role, childPathEnv+"="+path)
	cmd.Stderr = os.Stderr
	return cmd
}

func TestSecondWriterInAnotherProcessIsRefusedWithItsPID(t *testing.T) {
	path := filepath.Join(t.TempDir(), "held.db")
	cmd := child(t, "holder", path)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()    //nolint:errcheck // reaped; outcome checked below
	defer stdin.Close() // lets the child exit on a failed assertion
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("child said %q (%v)", line, err)
	}
	_, err = Open(context.Background(), path, testOptions())
	want := fmt.Sprintf("%s is open in another auditwalk process (pid %d)", path, cmd.Process.Pid)
	if !errors.Is(err, ErrLocked) || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
	ro := openTest(t, path, Options{ReadOnly: true}) // readers are welcome
	if _, err := ro.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child: %v", err)
	}
	openTest(t, path, testOptions()) // released when the holder exits
}

// TestAcknowledgedAnswersSurviveSIGKILL kills a saving child at arbitrary
// points: every answer it reported saved must be in the reopened file, and
// the file must pass integrity and trail checks.
func TestAcknowledgedAnswersSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	for trial := range 5 {
		path := filepath.Join(t.TempDir(), "crash.db")
		acked := killSaverAfter(t, path, 5+trial*23)
		s := openTest(t, path, testOptions())
		snap, err := s.Load(context.Background())
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		for n := 0; n <= acked; n++ {
			if _, ok := snap.Answers[model.AnswerKey{QuestionID: "q" + strconv.Itoa(n), Subject: model.SubjectOrg}]; !ok {
				t.Fatalf("trial %d: acknowledged answer %d of %d lost", trial, n, acked)
			}
		}
		rep, err := s.Verify(context.Background())
		if err != nil || !rep.OK() {
			t.Fatalf("trial %d: verify %v %v", trial, err, rep.Problems())
		}
		s.Close()
	}
}

// killSaverAfter runs a saving child, SIGKILLs it after it has acknowledged
// at least lines saves, and returns the highest acknowledged answer number.
func killSaverAfter(t *testing.T, path string, lines int) int {
	t.Helper()
	cmd := child(t, "saver", path)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	acked := -1
	for acked+1 < lines && sc.Scan() {
		acked = parseSaved(t, sc.Text())
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	for sc.Scan() { // acknowledgements already in the pipe count too
		if n := parseSaved(t, sc.Text()); n >= 0 {
			acked = n
		}
	}
	_ = cmd.Wait() // "signal: killed" is the expected outcome
	if acked < 0 {
		t.Fatal("child acknowledged nothing")
	}
	return acked
}

func parseSaved(t *testing.T, line string) int {
	t.Helper()
	rest, ok := strings.CutPrefix(line, "saved ")
	n, err := strconv.Atoi(rest)
	if !ok || err != nil {
		return -1 // a line cut short by the kill
	}
	return n
}
