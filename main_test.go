package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"auditwalk/data"
	"auditwalk/model"
	"auditwalk/questionnaires"
	"auditwalk/tui"
)

// runCLI runs the CLI in-process and returns exit code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// newEngagement creates an engagement file on the default pack with its
// details filled in, as the first-run form would.
func newEngagement(t *testing.T) (string, *model.Pack) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "e.db")
	return path, newEngagementAt(t, path)
}

// newEngagementAt is newEngagement at a given path; it returns the pack.
func newEngagementAt(t *testing.T, path string) *model.Pack {
	t.Helper()
	ctx := context.Background()
	st, err := data.Open(ctx, path, data.Options{Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, src, err := questionnaires.Default()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.StartEngagement(ctx, p.ID, p.Version, p.Hash, src); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveEngagement(ctx, model.Engagement{Name: "FY26", Client: "Globex", Assessor: "Ana", Readiness: model.Type1,
		PackID: p.ID, PackVersion: p.Version, PackHash: p.Hash}); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestStatusJSONIsTheDocumentedShape(t *testing.T) {
	path, p := newEngagement(t)
	ctx := context.Background()
	st, err := data.Open(ctx, path, data.Options{Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	first := model.Walk(p, model.Answers{}, nil)[0]
	if _, err := st.SaveAnswer(ctx, model.Answer{QuestionID: first.Question.ID, Subject: model.SubjectOrg, Value: model.AnswerNo}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	code, out, errs := runCLI(t, "status", "--json", "--db", path)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"schema", "file", "engagement", "progress", "readiness", "categories", "sections", "inventory", "vendors"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("status --json lacks %q", k)
		}
	}
	if doc["schema"] != statusSchema {
		t.Errorf("schema = %v", doc["schema"])
	}
	prog := doc["progress"].(map[string]any)
	if prog["answered"].(float64) != 1 || prog["gaps"].(float64) != 1 {
		t.Errorf("progress = %v, want 1 answered and 1 gap", prog)
	}
	if cats := doc["categories"].([]any); len(cats) != 5 {
		t.Errorf("want 5 categories, got %d", len(cats))
	}
}

func TestStatusTextNamesTheClient(t *testing.T) {
	path, _ := newEngagement(t)
	code, out, errs := runCLI(t, "status", "--db", path)
	if code != exitOK || !strings.Contains(out, "Globex") || !strings.Contains(out, "Security") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
}

func TestForeignFileIsRefusedWithOneLineAndLeftUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(path, []byte("meeting notes, not a database\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := fileHash(t, path)
	for _, args := range [][]string{{"status", "--db", path}, {"verify", "--db", path}} {
		code, _, errs := runCLI(t, args...)
		if code != exitFailure {
			t.Errorf("%v: exit %d, want 1", args, code)
		}
		if strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.Contains(errs, "notes.txt") {
			t.Errorf("%v: want one line naming the file, got %q", args, errs)
		}
	}
	if fileHash(t, path) != before {
		t.Fatal("file was modified")
	}
}

func TestMissingEngagementFileIsAClearErrorForReadCommands(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.db")
	code, _, errs := runCLI(t, "status", "--db", path)
	if code != exitFailure || !strings.Contains(errs, "none.db") {
		t.Fatalf("exit %d: %q", code, errs)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("status must not create the file")
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{{"bogus"}, {"status", "--nope"}, {"pack", "validate"}, {"pack"}, {"import", "planets", "x.csv"}} {
		if code, _, _ := runCLI(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestPackListShowsTheBuiltInPack(t *testing.T) {
	code, out, _ := runCLI(t, "pack", "list")
	if code != exitOK || !strings.Contains(out, questionnaires.DefaultPackID) {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

func TestPackValidateReportsFileAndLine(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("id: x\nversion: 1\ntitle: X\nsections:\n  - id: s\n    title: S\n    controls:\n      - id: c\n        title: C\n        criteria: [CC99.9]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCLI(t, "pack", "validate", bad)
	if code != exitFailure || !strings.Contains(errs, "bad.yaml:") {
		t.Fatalf("exit %d: %q", code, errs)
	}
	code, out, _ := runCLI(t, "pack", "validate", "questionnaires/packs")
	if code != exitOK || !strings.Contains(out, "ok") {
		t.Fatalf("built-in packs: exit %d %q", code, out)
	}
}

func TestVerifyPassesOnAFreshEngagement(t *testing.T) {
	path, _ := newEngagement(t)
	code, out, errs := runCLI(t, "verify", "--db", path)
	if code != exitOK || !strings.Contains(out, "ok") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
}

// TestWalkthroughAnswerLandsInSQLite drives the real TUI against the real
// store: answer the first question, quit, reopen the file, find the answer.
func TestWalkthroughAnswerLandsInSQLite(t *testing.T) {
	path, p := newEngagement(t)
	ctx := context.Background()
	st, err := data.Open(ctx, path, data.Options{Actor: "consultant"})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := st.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	app := tui.New(tui.Config{Store: st, Pack: p, Snapshot: snap, DBPath: path, Actor: "consultant"})
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	wait := func(s string) {
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
			teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	wait("What to do next")
	tm.Type("2")
	first := model.Walk(p, snap.Answers, snap.Systems)[0]
	wait("not answered")
	tm.Type("y")
	wait("Saved " + first.Question.ID)
	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	st.Close()

	st, err = data.Open(ctx, path, data.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := st.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a, ok := got.Answers[first.Key()]
	if !ok || a.Value != model.AnswerYes || a.UpdatedBy != "consultant" {
		t.Fatalf("answer in file: %+v (found %v)", a, ok)
	}
	if got.UI["cursor"] == "" {
		t.Fatal("cursor position was not saved for resume")
	}
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestExportWritesAVerifiablePackageAndRefusesToOverwrite(t *testing.T) {
	path, _ := newEngagement(t)
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, errs := runCLI(t, "export", "--db", path, "--out", out, "--as-of", "2026-06-30")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(stdout, "2026-06-30") {
		t.Errorf("output %q lacks the as-of date", stdout)
	}
	manifest, err := os.ReadFile(filepath.Join(out, "MANIFEST.sha256"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"readiness-report.md", "control-narratives.md", "oscal/assessment-results.json", "csv/answers.csv"} {
		if !bytes.Contains(manifest, []byte(want)) {
			t.Errorf("manifest lacks %s", want)
		}
	}
	first, _ := os.ReadFile(filepath.Join(out, "readiness-report.md"))
	if code, _, errs := runCLI(t, "export", "--db", path, "--out", out); code != exitFailure || !strings.Contains(errs, "--force") {
		t.Fatalf("second export without --force: exit %d %q", code, errs)
	}
	if code, _, errs := runCLI(t, "export", "--db", path, "--out", out, "--force", "--as-of", "2026-06-30"); code != exitOK {
		t.Fatalf("--force: exit %d %q", code, errs)
	}
	again, _ := os.ReadFile(filepath.Join(out, "readiness-report.md"))
	if !bytes.Equal(first, again) {
		t.Fatal("re-export of the same engagement is not byte-identical")
	}
	if code, _, _ := runCLI(t, "export", "--db", path, "--out", out, "--format", "pdf"); code != exitUsage {
		t.Fatalf("unknown format: exit %d, want 2", code)
	}
}
