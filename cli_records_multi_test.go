package main

import (
	"strings"
	"testing"
)

// Several access logs in one command: each is imported in turn and
// detection runs once, after the last.
func TestImportSeveralLogsRunsDetectionOnce(t *testing.T) {
	path, _ := newEngagement(t)
	a, b := recordsFixture("openai-audit.jsonl"), recordsFixture("cloudtrail.json")
	code, out, errs := runCLI(t, "import", "access-log", a, b, "--db", path, "--as", "tester")
	if code != exitOK {
		t.Fatalf("exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
	if !strings.Contains(out, "imported "+a+" (openai-audit)") || !strings.Contains(out, "imported "+b+" (cloudtrail)") {
		t.Fatalf("want both files imported:\n%s", out)
	}
	if n := strings.Count(out, "new exception"); n != 1 {
		t.Fatalf("detection ran %d times, want once after the last file:\n%s", n, out)
	}
	if strings.Index(out, "new exception") < strings.Index(out, "imported "+b) {
		t.Fatalf("detection ran before the last file:\n%s", out)
	}
}

// --no-detect imports and leaves detection to `auditwalk detect`, which then
// finds what the import would have.
func TestImportNoDetectLeavesDetectionToTheDetectCommand(t *testing.T) {
	path, _ := newEngagement(t)
	log := recordsFixture("openai-audit.jsonl")
	code, out, errs := runCLI(t, "import", "access-log", log, "--no-detect", "--db", path, "--as", "tester")
	if code != exitOK || strings.Contains(out, "new exception") || !strings.Contains(out, "detection not run (--no-detect)") {
		t.Fatalf("exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
	code, out, errs = runCLI(t, "detect", "--db", path)
	if code != exitOK || strings.Contains(out, "0 new exceptions") || !strings.Contains(out, "new exception") {
		t.Fatalf("detect after --no-detect: exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
}

// A broken file in the middle stops the command: the files before it stay
// imported (each is its own all-or-nothing import), the broken one adds
// nothing, the ones after it are not read, and the error says so.
func TestImportStopsAtABrokenFileAndKeepsTheOnesBefore(t *testing.T) {
	path, _ := newEngagement(t)
	good, broken, after := recordsFixture("openai-audit.jsonl"), recordsFixture("openai-audit-broken.jsonl"), recordsFixture("cloudtrail.json")
	code, out, errs := runCLI(t, "import", "access-log", good, broken, after, "--db", path)
	if code != exitFailure {
		t.Fatalf("exit %d, want 1\nstdout %q\nstderr %q", code, out, errs)
	}
	if !strings.Contains(out, "imported "+good) || strings.Contains(out, after) || strings.Contains(out, "new exception") {
		t.Fatalf("stdout %q: want only the first file imported and no detection", out)
	}
	if !strings.Contains(errs, "1 of 3 files were imported before this one") || !strings.Contains(errs, broken+":") {
		t.Fatalf("stderr %q", errs)
	}
	code, out, _ = runCLI(t, "import", "access-log", good, "--dry-run", "--db", path)
	if code != exitOK || !strings.Contains(out, ": 0 new, ") {
		t.Fatalf("the first file should be in the engagement: %q", out)
	}
}

// Inventory and vendor files are one per command.
func TestImportInventoryRefusesSeveralFiles(t *testing.T) {
	path, _ := newEngagement(t)
	code, _, errs := runCLI(t, "import", "inventory", "a.csv", "b.csv", "--db", path)
	if code != exitUsage || !strings.Contains(errs, "takes one file") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
}
