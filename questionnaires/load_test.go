package questionnaires

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"auditwalk/model"
)

var update = flag.Bool("update", false, "rewrite testdata/invalid/*.want from the current output")

func TestBuiltinPacksLoadWithSourceAndHash(t *testing.T) {
	packs, err := Builtin()
	if err != nil {
		t.Fatalf("Builtin: %v", err)
	}
	if len(packs) == 0 {
		t.Fatal("no built-in packs")
	}
	for _, p := range packs {
		if !strings.HasPrefix(p.Source, BuiltinPrefix) {
			t.Errorf("%s: source %q lacks %q", p.ID, p.Source, BuiltinPrefix)
		}
		src, err := builtinFS.ReadFile("packs/" + strings.TrimPrefix(p.Source, BuiltinPrefix))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(src)
		if p.Hash != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: hash %s is not the sha256 of its source", p.ID, p.Hash)
		}
	}
}

func TestDefaultPackIsSOC2ForAIWithSixtyQuestionsAndFullCoverage(t *testing.T) {
	p, src, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	if p.ID != DefaultPackID || p.Title != "SOC 2 for AI systems" {
		t.Errorf("got %q %q", p.ID, p.Title)
	}
	if n := p.QuestionCount(); n < 60 {
		t.Errorf("%d questions, want at least 60", n)
	}
	if _, _, missing := Coverage(p); len(missing) > 0 {
		t.Errorf("criteria neither evidenced nor covered: %v", missing)
	}
	again, err := Parse("engagement", src)
	if err != nil || again.Hash != p.Hash {
		t.Errorf("re-parsing the returned source: hash %v, err %v", again, err)
	}
}

func TestDefaultPackControlsCarryGuidanceEvidenceAndNarrative(t *testing.T) {
	p, _, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[model.QuestionKind]int{}
	conditional, perSystem := 0, 0
	for _, c := range p.Controls() {
		if strings.TrimSpace(c.Guidance) == "" || len(c.Evidence) == 0 || strings.TrimSpace(c.Narrative) == "" {
			t.Errorf("control %s lacks guidance, evidence or narrative", c.ID)
		}
		if c.Applies == model.AppliesPerSystem {
			perSystem++
		}
		for _, q := range c.Questions {
			kinds[q.Kind]++
			if q.When != nil {
				conditional++
			}
		}
	}
	for _, k := range []model.QuestionKind{model.KindYesNo, model.KindChoice, model.KindMulti, model.KindText, model.KindDate, model.KindNumber} {
		if kinds[k] == 0 {
			t.Errorf("no %s question in the default pack", k)
		}
	}
	if conditional < 5 || perSystem < 10 {
		t.Errorf("%d conditional questions and %d per-system controls; want at least 5 and 10", conditional, perSystem)
	}
}

// TestInvalidPacksReportEveryProblemWithFileAndLine pins the full list of
// problems for each fixture against its .want file.
func TestInvalidPacksReportEveryProblemWithFileAndLine(t *testing.T) {
	files, _ := filepath.Glob("testdata/invalid/*.yaml")
	if len(files) < 10 {
		t.Fatalf("only %d invalid fixtures", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			_, err := LoadFile(f)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("got %v, want a *ValidationError", err)
			}
			got := strings.Join(ve.Lines(), "\n") + "\n"
			want := strings.TrimSuffix(f, ".yaml") + ".want"
			if *update {
				if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			b, err := os.ReadFile(want)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(b) {
				t.Errorf("problems differ\n got:\n%s\nwant:\n%s", got, b)
			}
			if strings.Contains(ve.Error(), "\n") {
				t.Errorf("Error() spans lines: %q", ve.Error())
			}
		})
	}
}

func TestProblemsAreSortedByLine(t *testing.T) {
	_, err := LoadFile("testdata/invalid/condition-order.yaml")
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatal(err)
	}
	if !slices.IsSortedFunc(ve.Problems, func(a, b Problem) int { return a.Line - b.Line }) {
		t.Errorf("problems not sorted: %v", ve.Lines())
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadDirReturnsGoodPacksAlongsideErrorsForBadOnes(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "testdata/valid/minimal.yaml", filepath.Join(dir, "a-good.yaml"))
	copyFile(t, "testdata/invalid/duplicate-id.yaml", filepath.Join(dir, "b-bad.yml"))
	copyFile(t, "testdata/valid/minimal.yaml", filepath.Join(dir, "c-same-id.yaml"))
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("ignored"), 0o644); err != nil {
		t.Fatal(err)
	}
	packs, errs := LoadDir(dir)
	if len(packs) != 1 || packs[0].ID != "minimal" {
		t.Fatalf("packs = %v, want the minimal pack only", packs)
	}
	if packs[0].Source != filepath.Join(dir, "a-good.yaml") {
		t.Errorf("source = %q", packs[0].Source)
	}
	if len(errs) != 2 {
		t.Fatalf("errors = %v, want two", errs)
	}
	if want := filepath.Join(dir, "b-bad.yml") + ":16: duplicate question id"; !strings.HasPrefix(errs[0].Error(), want) {
		t.Errorf("first error %q, want prefix %q", errs[0], want)
	}
	if !strings.Contains(errs[1].Error(), "already used") {
		t.Errorf("second error %q should name the reused pack id", errs[1])
	}
}

func TestLoadDirOfMissingDirectoryIsEmpty(t *testing.T) {
	packs, errs := LoadDir(filepath.Join(t.TempDir(), "nope"))
	if packs != nil || errs != nil {
		t.Errorf("got %v %v", packs, errs)
	}
}

func TestAvailableKeepsBuiltinsAndRefusesCustomPackWithBuiltinID(t *testing.T) {
	dir := t.TempDir()
	_, src, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "copy.yaml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	copyFile(t, "testdata/valid/minimal.yaml", filepath.Join(dir, "minimal.yaml"))
	copyFile(t, "testdata/invalid/syntax-error.yaml", filepath.Join(dir, "broken.yaml"))
	packs, errs := Available(dir)
	var ids []string
	for _, p := range packs {
		ids = append(ids, p.ID)
	}
	if !slices.Contains(ids, DefaultPackID) || !slices.Contains(ids, "minimal") || len(ids) != 2 {
		t.Errorf("ids = %v", ids)
	}
	if len(errs) != 2 {
		t.Errorf("errs = %v, want the broken file and the reused id", errs)
	}
}

func TestValidateReturnsNilOrFileLineProblems(t *testing.T) {
	if got := Validate("testdata/valid/minimal.yaml"); got != nil {
		t.Errorf("valid pack: %v", got)
	}
	got := Validate("testdata/invalid/unknown-key.yaml")
	if len(got) == 0 || !strings.HasPrefix(got[0], "testdata/invalid/unknown-key.yaml:4: unknown key \"colour\"") {
		t.Errorf("got %v", got)
	}
	if got := Validate("testdata/nope.yaml"); len(got) != 1 || !strings.HasPrefix(got[0], "testdata/nope.yaml: ") {
		t.Errorf("missing file: %v", got)
	}
}

func TestDescribeCountsQuestionsAndControls(t *testing.T) {
	p, err := LoadFile("testdata/valid/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	info := Describe(p)
	if info.ID != "minimal" || info.Version != "1.0" || info.Questions != 4 || info.Controls != 2 || info.Sections != 1 {
		t.Errorf("got %+v", info)
	}
}

func TestCrosswalkIDs(t *testing.T) {
	for _, tc := range []struct {
		id   string
		nist bool
		iso  bool
	}{
		{"GOVERN 1.7", true, false}, {"GOVERN 1.8", false, false}, {"MEASURE 2.13", true, false},
		{"MEASURE 2.14", false, false}, {"MANAGE 4", true, false}, {"MAP 5.2", true, false},
		{"A.6.2.8", false, true}, {"A.6.1.3", false, true}, {"A.6.1.4", false, false},
		{"A.10.4", false, true}, {"A.10.5", false, false}, {"A.2.1", false, false},
		{"clause 6.1.3", false, true}, {"clause 3", false, false}, {"A.07.2", false, false},
	} {
		if ok, _ := validNIST(tc.id); ok != tc.nist {
			t.Errorf("validNIST(%q) = %v", tc.id, ok)
		}
		if ok, _ := validISO(tc.id); ok != tc.iso {
			t.Errorf("validISO(%q) = %v", tc.id, ok)
		}
	}
}

func BenchmarkParseDefault(b *testing.B) {
	_, src, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Parse("bench", src); err != nil {
			b.Fatal(err)
		}
	}
}
