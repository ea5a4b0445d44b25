package main

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"auditwalk/data"
	"auditwalk/model"
)

// readyEngagement creates dir/e.db, set up on the default pack with three
// answers, and returns its path.
func readyEngagement(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "e.db")
	newEngagementAt(t, path)
	ctx := context.Background()
	st, err := data.Open(ctx, path, data.Options{Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i := range 3 {
		if _, err := st.SaveAnswer(ctx, model.Answer{QuestionID: "q" + strconv.Itoa(i), Subject: model.SubjectOrg, Value: model.AnswerYes}); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// childSaveForever saves answers until killed, printing "saved N" after
// each SaveAnswer returns (the acknowledgement).
func childSaveForever(path string) int {
	st, err := data.Open(context.Background(), path, data.Options{Actor: "saver"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for n := 0; ; n++ {
		a := model.Answer{QuestionID: "k" + strconv.Itoa(n), Subject: model.SubjectOrg, Value: model.AnswerNo, Note: strings.Repeat("x", n%700)}
		if _, err := st.SaveAnswer(context.Background(), a); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Printf("saved %d\n", n)
	}
}

// crashTrials is how many SIGKILL trials a test runs: a handful in go test,
// AUDITWALK_CRASH_TRIALS of them from scripts/crash.
func crashTrials(t *testing.T, def int) int {
	if testing.Short() {
		t.Skip("spawns and kills processes")
	}
	if n, err := strconv.Atoi(os.Getenv("AUDITWALK_CRASH_TRIALS")); err == nil && n > 0 {
		return n
	}
	return def
}

// TestSIGKILLWhileAnsweringLosesNoAcknowledgedAnswer kills a saving process
// at a random moment (0–150 ms after its first acknowledgement): every
// acknowledged answer is there, the trail verifies, integrity_check is ok.
func TestSIGKILLWhileAnsweringLosesNoAcknowledgedAnswer(t *testing.T) {
	trials := crashTrials(t, 4)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	for trial := range trials {
		dir := t.TempDir()
		db := readyEngagement(t, dir)
		cmd := faultCmd(t, faultChild{Role: "saver", DB: db}, false)
		out, _ := cmd.StdoutPipe()
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan int, 1<<16)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				if n, err := strconv.Atoi(strings.TrimPrefix(sc.Text(), "saved ")); err == nil {
					lines <- n
				}
			}
			close(lines)
		}()
		acked := <-lines
		time.Sleep(time.Duration(rng.IntN(150)) * time.Millisecond)
		_ = cmd.Process.Kill()
		for n := range lines {
			acked = max(acked, n)
		}
		_ = cmd.Wait()
		answers, _, _ := engagementCounts(t, db)
		st, err := data.Open(context.Background(), db, data.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		snap, err := st.Load(context.Background())
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		for n := 0; n <= acked; n++ {
			if _, ok := snap.Answers[model.AnswerKey{QuestionID: "k" + strconv.Itoa(n), Subject: model.SubjectOrg}]; !ok {
				t.Fatalf("trial %d: acknowledged answer %d of %d lost (%d answers)", trial, n, acked, answers)
			}
		}
		t.Logf("trial %d: killed after %d acknowledged saves; %d answers present", trial, acked+1, answers-3)
	}
}

// TestSIGKILLDuringImportLeavesItWhollyPresentOrAbsent kills `auditwalk
// import access-log` of 100,000 lines (AUDITWALK_CRASH_LINES: scripts/crash
// uses 1,000,000) at a random moment: the import's records are all there
// (with their batch) or none are, and the file verifies. One uncut run
// first times the import on this machine, so the kills land anywhere from
// its start to just past its end.
func TestSIGKILLDuringImportLeavesItWhollyPresentOrAbsent(t *testing.T) {
	trials := crashTrials(t, 3)
	lines := 100_000
	if v := os.Getenv("AUDITWALK_CRASH_LINES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("AUDITWALK_CRASH_LINES=%q: want a positive number", v)
		}
		lines = n
	}
	log := accessLogFile(t, t.TempDir(), lines)
	whole := importUntil(t, log, lines, 0)
	t.Logf("uncut import of %d lines: %v", lines, whole)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 2))
	present := 0
	for trial := range trials {
		delay := whole/20 + time.Duration(rng.Int64N(int64(whole)*21/20))
		if importUntil(t, log, lines, delay) > 0 {
			present++
		}
		t.Logf("trial %d: killed at %v", trial, delay.Round(time.Millisecond))
	}
	t.Logf("%d of %d imports complete, the rest absent", present, trials)
}

// importUntil runs the import of log into a fresh engagement and SIGKILLs
// it after delay (0: never). It fails the test unless the import is wholly
// present or wholly absent, and returns how long it ran when present, 0
// when absent.
func importUntil(t *testing.T, log string, lines int, delay time.Duration) time.Duration {
	t.Helper()
	db := readyEngagement(t, t.TempDir())
	cmd := faultCmd(t, faultChild{Role: "cli", Args: []string{"import", "access-log", log, "--db", db}}, false)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var kill <-chan time.Time
	if delay > 0 {
		kill = time.After(delay)
	}
	select {
	case <-kill:
		_ = cmd.Process.Kill()
		<-done
	case <-done: // finished before the kill
	}
	ran := time.Since(start)
	answers, events, batches := engagementCounts(t, db)
	switch {
	case answers != 3:
		t.Fatalf("%d answers, want the 3 saved before", answers)
	case events == 0 && batches == 0 && delay > 0:
		return 0
	case events == lines && batches == 1:
		return ran
	}
	t.Fatalf("half an import (killed at %v): %d of %d events, %d batches", delay, events, lines, batches)
	return 0
}

// TestFileSizeLimitMidImportFailsCleanly imports under RLIMIT_FSIZE (with
// SIGXFSZ ignored, the write gets EFBIG): exit 1, one line, the answers
// from before intact, no import rows, integrity ok.
func TestFileSizeLimitMidImportFailsCleanly(t *testing.T) {
	dir := t.TempDir()
	db := readyEngagement(t, dir)
	log := accessLogFile(t, dir, 50_000)
	fi, err := os.Stat(db)
	if err != nil {
		t.Fatal(err)
	}
	limit := uint64(fi.Size()) + 1<<20 // room for a little, not for 50,000 rows
	code, stderr := runChild(t, faultChild{Role: "cli", Args: []string{"import", "access-log", log, "--db", db}, FileLimit: limit}, false)
	// SQLITE_IOERR_WRITE from EFBIG reads as one line naming the file.
	wantFailure(t, code, stderr, "e.db: write failed (file-size limit reached or disk full); nothing was saved")
	answers, events, batches := engagementCounts(t, db)
	if answers != 3 || events != 0 || batches != 0 {
		t.Fatalf("after EFBIG: %d answers, %d events, %d batches; want 3, 0, 0", answers, events, batches)
	}
	t.Logf("stderr: %s", strings.TrimSpace(stderr))
}

// TestFileSizeLimitOnAnswerSaveFailsCleanly: a 16 KiB limit stops the
// write-ahead log before a 60 KB answer is in it: exit 1, one line,
// nothing half-written.
func TestFileSizeLimitOnAnswerSaveFailsCleanly(t *testing.T) {
	dir := t.TempDir()
	db := readyEngagement(t, dir)
	big := strings.Repeat("note ", 12_000) // 60 KB: more WAL frames than the limit allows
	args := []string{"answer", "q9", "yes", "--note", big, "--db", db}
	code, stderr := runChild(t, faultChild{Role: "cli", Args: args, FileLimit: 16 << 10}, false)
	wantFailure(t, code, stderr, "e.db: write failed (file-size limit reached or disk full); nothing was saved")
	if answers, _, _ := engagementCounts(t, db); answers != 3 {
		t.Fatalf("%d answers after EFBIG, want 3", answers)
	}
}
