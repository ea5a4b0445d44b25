package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runImportCLI runs the CLI with the import command registered (whether or
// not the root command registers it yet) and returns stdout, stderr and the
// exit code, mapped as run does.
func runImportCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env := newCLIEnv(&stdout, &stderr)
	root := newRootCmd(env)
	if c, _, err := root.Find([]string{"import"}); err != nil || c == root {
		root.AddCommand(newImportCmd(env))
	}
	root.SetArgs(args)
	root.SetOut(&stdout)
	root.SetErr(&stderr)
	code := exitOK
	if err := root.ExecuteContext(context.Background()); err != nil {
		stderr.WriteString("auditwalk: " + oneLine(err.Error()) + "\n")
		code = exitFailure
		var ue usageError
		if errors.As(err, &ue) {
			code = exitUsage
		}
	}
	return stdout.String(), stderr.String(), code
}

func writeImportFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const cliInventory = "AI inventory export\n\nSystem,Provider,Owner,Status,Model(s)\n" +
	"Support bot,OpenAI,jane@acme.example,approved,gpt-4o\n" +
	"Screener,Acme HR,hr@acme.example,In review,\n"

func TestImportInventoryWritesThenReimportChangesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	inv := writeImportFile(t, dir, "inv.csv", cliInventory)
	out, errOut, code := runImportCLI(t, "import", "inventory", inv, "--db", db, "--as", "tester")
	if code != exitOK || out != "imported "+inv+": 2 created, 0 updated, 0 unchanged; 2 new vendors\n" {
		t.Fatalf("first import: code %d\nstdout %q\nstderr %q", code, out, errOut)
	}
	out, _, code = runImportCLI(t, "import", "inventory", inv, "--db", db)
	if code != exitOK || out != "imported "+inv+": 0 created, 0 updated, 2 unchanged\n" {
		t.Errorf("re-import: code %d, stdout %q", code, out)
	}
	changed := writeImportFile(t, dir, "inv2.csv", strings.Replace(cliInventory, "In review", "approved", 1))
	out, _, code = runImportCLI(t, "import", "inventory", changed, "--db", db, "--dry-run")
	want := "update system \"Screener\" (vendor Acme HR), line 5\n    approval: pending → approved\n" +
		changed + ": 0 created, 1 updated, 1 unchanged\ndry run: nothing was written\n"
	if code != exitOK || out != want {
		t.Errorf("dry run: code %d\nstdout %q\nwant   %q", code, out, want)
	}
	out, _, _ = runImportCLI(t, "import", "inventory", changed, "--db", db)
	if out != "imported "+changed+": 0 created, 1 updated, 1 unchanged\n" {
		t.Errorf("after dry run the update is still pending: %q", out)
	}
}

func TestImportWithRowErrorsWritesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	bad := writeImportFile(t, dir, "bad.csv", "Name,Status,Last reviewed\nGood,approved,2025-01-01\nBad,maybe,\nWorse,approved,31/31/2025\n")
	_, errOut, code := runImportCLI(t, "import", "inventory", bad, "--db", db)
	wantErr := bad + `:3: column "Status": "maybe" is not one of approved, pending, shadow, retired` + "\n" +
		bad + `:4: column "Last reviewed": "31/31/2025" is not a date (use YYYY-MM-DD)` + "\n" +
		"auditwalk: " + bad + ": 2 errors; nothing imported\n"
	if code != exitFailure || errOut != wantErr {
		t.Errorf("code %d\nstderr %q\nwant   %q", code, errOut, wantErr)
	}
	good := writeImportFile(t, dir, "good.csv", "Name,Status\nGood,approved\n")
	if out, _, _ := runImportCLI(t, "import", "inventory", good, "--db", db); !strings.Contains(out, "1 created") {
		t.Errorf("the refused import wrote something: %q", out)
	}
}

func TestImportVendorsAndKinds(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	vf := writeImportFile(t, dir, "v.json", `{"vendors": [{"name": "OpenAI", "soc2": "Type II", "audit_logs": 4}]}`)
	if out, errOut, code := runImportCLI(t, "import", "vendors", vf, "--db", db); code != exitOK || out != "imported "+vf+": 1 created, 0 updated, 0 unchanged\n" {
		t.Errorf("vendors: code %d %q %q", code, out, errOut)
	}
	if _, errOut, code := runImportCLI(t, "import", "access-log", vf, "--db", db); code != exitFailure || errOut != "auditwalk: "+vf+":1: missing time\n" {
		t.Errorf("access-log: code %d %q", code, errOut)
	}
	if _, _, code := runImportCLI(t, "import", "spaceships", vf, "--db", db); code != exitUsage {
		t.Errorf("unknown kind: code %d", code)
	}
	empty := writeImportFile(t, dir, "empty.csv", "")
	if _, errOut, code := runImportCLI(t, "import", "vendors", empty, "--db", db); code != exitFailure || errOut != "auditwalk: "+empty+": file is empty\n" {
		t.Errorf("empty: code %d %q", code, errOut)
	}
}

func TestImportDryRunWithoutEngagementFileCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "none.db")
	inv := writeImportFile(t, dir, "inv.csv", cliInventory)
	out, _, code := runImportCLI(t, "import", "inventory", inv, "--db", db, "--dry-run")
	if code != exitOK || !strings.Contains(out, "2 created, 0 updated, 0 unchanged; 2 new vendors") {
		t.Errorf("code %d, stdout %q", code, out)
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("dry run created the engagement file: %v", err)
	}
}
