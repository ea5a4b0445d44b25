package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"auditwalk/data"
	"auditwalk/model"
)

func recordsFixture(name string) string {
	return filepath.Join("data", "ingest", "records", "testdata", name)
}

func TestImportAccessLogThenReimportAddsNothingAndDetects(t *testing.T) {
	path, _ := newEngagement(t)
	log := recordsFixture("openai-audit.jsonl")
	code, out, errs := runCLI(t, "import", "access-log", log, "--db", path, "--as", "tester")
	if code != exitOK || !strings.Contains(out, "imported "+log+" (openai-audit): ") || !strings.Contains(out, "0 already present") ||
		!strings.Contains(out, "new exception") {
		t.Fatalf("first import: exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
	code, out, errs = runCLI(t, "import", "access-log", log, "--db", path)
	if code != exitOK || !strings.Contains(out, ": 0 new, ") || !strings.Contains(out, "0 new exceptions") {
		t.Fatalf("re-import: exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
	if code, out, errs := runCLI(t, "verify", "--db", path); code != exitOK {
		t.Fatalf("verify after imports: exit %d %s %s", code, out, errs)
	}
}

func TestImportOfABrokenFileWritesNothingAndNamesEveryLine(t *testing.T) {
	path, _ := newEngagement(t)
	before := fileHash(t, path)
	broken := recordsFixture("reviews-broken.csv")
	code, out, errs := runCLI(t, "import", "reviews", broken, "--db", path)
	if code != exitFailure || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	for _, l := range []string{broken + ":3: ", broken + ":4: ", broken + ":5: ", "3 errors; nothing imported"} {
		if !strings.Contains(errs, l) {
			t.Errorf("stderr lacks %q:\n%s", l, errs)
		}
	}
	if fileHash(t, path) != before {
		t.Fatal("a refused import changed the engagement file")
	}
}

func TestImportDryRunAndMappingFlags(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "none-yet.db")
	csv := writeImportFile(t, dir, "log.csv", "stamp,who,what\n2025-03-01T10:00:00Z,ann,chat\n2025-03-01T10:01:00Z,bob,chat\n")
	code, out, errs := runCLI(t, "import", "access-log", csv, "--db", db, "--dry-run", "--map", "time=stamp,actor=who,action=what")
	if code != exitOK || out != "dry run: "+csv+" (csv): 2 records: 2 new, 0 already present; nothing was written\n" {
		t.Fatalf("dry run: exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatal("a dry run created the engagement file")
	}
	if code, _, errs := runCLI(t, "import", "access-log", csv, "--db", db, "--map", "time"); code != exitUsage {
		t.Fatalf("bad --map: exit %d %s", code, errs)
	}
	if code, _, errs := runCLI(t, "import", "access-log", csv, "--db", db, "--format", "xml"); code != exitUsage {
		t.Fatalf("bad --format: exit %d %s", code, errs)
	}
}

func TestEvidenceAttachListAndCheck(t *testing.T) {
	path, p := newEngagement(t)
	dir := t.TempDir()
	stored := writeImportFile(t, dir, "policy.txt", "access policy v3")
	ref := writeImportFile(t, dir, "onsite.log", "do not copy")
	q := p.Controls()[0].Questions[0].ID
	code, out, errs := runCLI(t, "evidence", "attach", "--to", "answer:"+q, stored, "--db", path, "--effective", "2026-01-15")
	if code != exitOK || !strings.Contains(out, "attached EV-1 policy.txt (16 bytes") || !strings.Contains(out, "stored in the engagement file") {
		t.Fatalf("attach: exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
	code, out, errs = runCLI(t, "evidence", "attach", "--to", "answer:"+q, ref, "--reference-only", "--db", path)
	if code != exitOK || !strings.Contains(out, "kept by reference only") {
		t.Fatalf("attach reference: exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
	for _, bad := range [][]string{
		{"evidence", "attach", stored},                             // no --to
		{"evidence", "attach", "--to", "answer:no-such-q", stored}, // unknown question
		{"evidence", "attach", "--to", "control:CC6.1", stored},    // unknown target type
		{"evidence", "attach", "--to", "answer:" + q, "--effective", "someday", stored},
	} {
		if code, _, _ := runCLI(t, append(bad, "--db", path)...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
	code, out, _ = runCLI(t, "evidence", "list", "--db", path)
	if code != exitOK || !strings.Contains(out, "EV-1") || !strings.Contains(out, "EV-2") || !strings.Contains(out, "2 evidence files") {
		t.Fatalf("list: exit %d %q", code, out)
	}
	if code, out, _ = runCLI(t, "evidence", "check", "--db", path); code != exitOK || !strings.Contains(out, "2 ok, 0 changed") {
		t.Fatalf("check of untouched files: exit %d %q", code, out)
	}
	os.Remove(ref)
	code, out, errs = runCLI(t, "evidence", "check", "--db", path)
	if code != exitFailure || !strings.Contains(out, "EV-2 onsite.log: missing") || !strings.Contains(errs, "1 of 2 files changed or missing") {
		t.Fatalf("check with a missing file: exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
	extracted := filepath.Join(dir, "out.txt")
	if code, _, errs := runCLI(t, "evidence", "extract", "EV-1", "--out", extracted, "--db", path); code != exitOK {
		t.Fatalf("extract: %d %s", code, errs)
	}
	if b, _ := os.ReadFile(extracted); string(b) != "access policy v3" {
		t.Fatalf("extracted %q", b)
	}
}

func TestDetectExceptionsAndStatusReportTheQueue(t *testing.T) {
	path, _ := newEngagement(t)
	ctx := context.Background()
	st, err := data.Open(ctx, path, data.Options{Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveSystem(ctx, model.System{Name: "Shadow helper", Approval: model.ApprovalShadow, AffectsService: true,
		DataCategories: []model.DataCategory{model.DataCustomer}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, errs := runCLI(t, "detect", "--db", path)
	if code != exitOK || strings.HasPrefix(out, "0 new") || !strings.Contains(out, "new exceptions") {
		t.Fatalf("detect: exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
	if code, out, _ := runCLI(t, "detect", "--db", path); code != exitOK || out != "0 new exceptions\n" {
		t.Fatalf("second detect: exit %d %q", code, out)
	}
	code, out, _ = runCLI(t, "exceptions", "--json", "--db", path)
	var list []model.Exception
	if code != exitOK || json.Unmarshal([]byte(out), &list) != nil || len(list) == 0 {
		t.Fatalf("exceptions --json: exit %d %q", code, out)
	}
	shadow := false
	for _, e := range list {
		shadow = shadow || e.Kind == model.ExKindShadowAI
	}
	if !shadow {
		t.Errorf("no shadow-AI exception for a shadow system: %+v", list)
	}
	if code, out, _ := runCLI(t, "exceptions", "--db", path); code != exitOK || !strings.Contains(out, "EX-1") {
		t.Fatalf("exceptions: exit %d %q", code, out)
	}
	code, out, _ = runCLI(t, "status", "--json", "--db", path)
	var doc struct {
		Exceptions model.ExceptionCounts `json:"exceptions"`
	}
	if code != exitOK || json.Unmarshal([]byte(out), &doc) != nil || doc.Exceptions.Total != len(list) || doc.Exceptions.ByKind[model.ExKindShadowAI] == 0 {
		t.Fatalf("status --json exceptions: exit %d %+v", code, doc.Exceptions)
	}
}
