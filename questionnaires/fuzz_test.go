package questionnaires

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks that no input makes Parse panic, that a failure is always
// a *ValidationError of one-line "name:line: message" problems, and that a
// success carries its hash and source.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*.yaml")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := Parse("fuzz.yaml", src)
		if err == nil {
			if p == nil || len(p.Hash) != 64 || p.Source != "fuzz.yaml" {
				t.Fatalf("success without hash or source: %+v", p)
			}
			return
		}
		var ve *ValidationError
		if !errors.As(err, &ve) || len(ve.Problems) == 0 {
			t.Fatalf("error %T %v is not a non-empty *ValidationError", err, err)
		}
		for _, line := range ve.Lines() {
			if !strings.HasPrefix(line, "fuzz.yaml:") || strings.ContainsAny(line, "\n\r") {
				t.Fatalf("malformed problem %q", line)
			}
		}
		for _, pr := range ve.Problems {
			if pr.Line < 0 || strings.TrimSpace(pr.Msg) == "" {
				t.Fatalf("bad problem %+v", pr)
			}
		}
	})
}
