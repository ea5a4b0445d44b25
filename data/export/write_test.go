package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSameBundleExportsByteIdenticalFiles(t *testing.T) {
	// Answers and narratives are maps: several runs give map iteration a
	// chance to leak into the output.
	first, err := Files(fixtureBundle(identity), nil)
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		again, err := Files(fixtureBundle(identity), nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != len(first) {
			t.Fatalf("file count changed: %d then %d", len(first), len(again))
		}
		for i := range first {
			if first[i].Name != again[i].Name || !bytes.Equal(first[i].Content, again[i].Content) {
				t.Fatalf("%s differs between two exports of the same bundle", first[i].Name)
			}
		}
	}
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if _, err := Write(dir, fixtureBundle(identity), nil, true); err != nil {
			t.Fatal(err)
		}
	}
	if da, db := readTree(t, a), readTree(t, b); !mapsEqual(da, db) {
		t.Fatal("two writes of the same bundle differ on disk")
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mapsEqual(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

func TestManifestListsEveryFileAndSha256sumAcceptsIt(t *testing.T) {
	dir := t.TempDir()
	written, err := Write(dir, fixtureBundle(identity), nil, false)
	if err != nil {
		t.Fatal(err)
	}
	tree := readTree(t, dir)
	manifest := string(tree[ManifestName])
	var listed []string
	for _, line := range strings.Split(strings.TrimSuffix(manifest, "\n"), "\n") {
		sum, name, ok := strings.Cut(line, "  ")
		if !ok || len(sum) != 64 {
			t.Fatalf("manifest line %q is not in sha256sum format", line)
		}
		listed = append(listed, name)
	}
	if !slices.IsSorted(listed) {
		t.Error("manifest is not sorted by path")
	}
	for name := range tree {
		if name != ManifestName && !slices.Contains(listed, name) {
			t.Errorf("%s is not in the manifest", name)
		}
	}
	if written[len(written)-1] != ManifestName || !slices.Contains(listed, TrailHeadName) {
		t.Errorf("want TRAIL-HEAD listed and the manifest written last, got %v", written)
	}
	if got := strings.TrimSpace(string(tree[TrailHeadName])); got != fixtureBundle(identity).TrailHead {
		t.Errorf("TRAIL-HEAD = %q", got)
	}
	bin, err := exec.LookPath("sha256sum")
	if err != nil {
		t.Skip("sha256sum not installed; format checked above")
	}
	cmd := exec.Command(bin, "-c", "--strict", "--quiet", ManifestName)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sha256sum -c failed: %v\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(dir, "readiness-report.md"), []byte("tampered"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd = exec.Command(bin, "-c", "--strict", "--quiet", ManifestName)
	cmd.Dir = dir
	if err := cmd.Run(); err == nil {
		t.Fatal("sha256sum accepted a tampered file")
	}
}

func TestWriteRefusesANonEmptyDirectoryWithoutForce(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(keep, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Write(dir, fixtureBundle(identity), nil, false)
	var ne *NotEmptyError
	if !errors.As(err, &ne) || !strings.HasSuffix(err.Error(), "out/: directory is not empty (use --force)") {
		t.Fatalf("got %v, want a not-empty error naming out/", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("refused export still wrote %d entries", len(entries)-1)
	}
	if _, err := Write(dir, fixtureBundle(identity), nil, true); err != nil {
		t.Fatalf("with force: %v", err)
	}
	if data, _ := os.ReadFile(keep); string(data) != "mine" {
		t.Error("force touched a file the export did not write")
	}
}

func TestForcedReExportRemovesOnlyItsOwnStaleFiles(t *testing.T) {
	dir := t.TempDir()
	if _, err := Write(dir, fixtureBundle(identity), nil, false); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "csv", "mine.csv"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir, fixtureBundle(identity), []string{FormatMarkdown}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "csv", "answers.csv")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("answers.csv from the previous export is still there")
	}
	if _, err := os.Stat(filepath.Join(dir, "csv", "mine.csv")); err != nil {
		t.Error("a file the export never wrote was removed")
	}
	cmdCheckManifest(t, dir)
}

func cmdCheckManifest(t *testing.T, dir string) {
	t.Helper()
	if bin, err := exec.LookPath("sha256sum"); err == nil {
		cmd := exec.Command(bin, "-c", "--strict", "--quiet", ManifestName)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("sha256sum -c: %v\n%s", err, out)
		}
	}
}

func TestFailedWriteLeavesNoPartialFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.md")
	if err := os.WriteFile(path, []byte("old report"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := writeAtomicWith(path, []byte("new report, much longer"), func(f *os.File, b []byte) error {
		_, _ = f.Write(b[:5])
		return errors.New("disk full")
	})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("got %v, want the write error", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "old report" {
		t.Errorf("target changed to %q after a failed write", data)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary file left behind: %d entries", len(entries))
	}
}

func TestWriteOverADirectoryFailsCleanly(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "readiness-report.md", "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir, fixtureBundle(identity), []string{FormatMarkdown}, true); err == nil {
		t.Fatal("writing over a directory succeeded")
	}
	for name := range readTree(t, dir) {
		if strings.Contains(name, ".tmp-") {
			t.Errorf("temporary file %s left behind", name)
		}
	}
}

func TestUnexportableBundleWritesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	b := fixtureBundle(identity)
	b.Engagement.AsOf = ""
	if _, err := Write(dir, b, nil, false); err == nil || !strings.Contains(err.Error(), "as-of") {
		t.Fatalf("got %v, want an as-of error", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Error("a failed export created its directory")
	}
	if _, err := Files(b, []string{"pdf"}); err == nil || !strings.Contains(err.Error(), `"pdf"`) {
		t.Errorf("unknown format: got %v", err)
	}
}

func TestCSVCellsCannotRunAsFormulasAndRowsKeepTheirColumns(t *testing.T) {
	docs, err := Files(fixtureBundle(func(s string) string { return "=HYPERLINK(\"http://x\")" + s }), []string{FormatCSV})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if !strings.HasSuffix(d.Name, ".csv") {
			continue
		}
		rows, err := csv.NewReader(bytes.NewReader(d.Content)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", d.Name, err)
		}
		for i, r := range rows {
			if len(r) != len(rows[0]) {
				t.Errorf("%s row %d has %d columns, header %d", d.Name, i+1, len(r), len(rows[0]))
			}
			for _, c := range r {
				if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
					t.Errorf("%s row %d: cell %q starts a formula", d.Name, i+1, c)
				}
			}
		}
	}
	if got := csvSafe("-1"); got != "'-1" {
		t.Errorf("csvSafe(-1) = %q", got)
	}
}

func TestTasksCSVLeadsWithTrackerColumns(t *testing.T) {
	docs, err := Files(fixtureBundle(identity), []string{FormatCSV})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if d.Name != "csv/tasks.csv" {
			continue
		}
		header, _, _ := strings.Cut(string(d.Content), "\n")
		if !strings.HasPrefix(header, "summary,description,assignee,due_date,priority,labels,external_id") {
			t.Fatalf("tasks.csv header = %q", header)
		}
		return
	}
	t.Fatal("no csv/tasks.csv")
}

func TestJSONRegistersCarryTheirSchemaAndEmptyListsAsArrays(t *testing.T) {
	docs, err := Files(Bundle{AsOf: "2025-01-01"}, []string{FormatJSON})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if !strings.HasSuffix(d.Name, ".json") {
			continue
		}
		var env struct {
			Schema string `json:"schema"`
			Items  []any  `json:"items"`
		}
		if err := json.Unmarshal(d.Content, &env); err != nil {
			t.Fatalf("%s: %v", d.Name, err)
		}
		if !strings.HasPrefix(env.Schema, "auditwalk.") || env.Items == nil {
			t.Errorf("%s: schema %q, items %v", d.Name, env.Schema, env.Items)
		}
	}
}
