package export

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"auditwalk/model"
)

// oscalSchemas compiles NIST's OSCAL 1.2.2 JSON schemas (unmodified copies
// in testdata/oscal) with format assertions on. The schemas' patterns are
// ECMAScript regexps; the library's default Go regexp engine handles every
// pattern they use (\p{L}, \p{N}, \S), with one difference documented in
// SCHEMA.md: Go's \S is ASCII-only, so the exporter trims whitespace by
// ECMAScript's wider definition itself (oString) rather than rely on it.
func oscalSchemas(t testing.TB) (ar, poam *jsonschema.Schema) {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	load := func(file string) *jsonschema.Schema {
		f, err := os.Open(filepath.Join("testdata", "oscal", file))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			t.Fatal(err)
		}
		url := "file:///oscal/" + file
		if err := c.AddResource(url, doc); err != nil {
			t.Fatal(err)
		}
		s, err := c.Compile(url)
		if err != nil {
			t.Fatalf("compile %s: %v", file, err)
		}
		return s
	}
	return load("oscal_assessment-results_schema.json"), load("oscal_poam_schema.json")
}

// validateOSCAL renders a bundle's OSCAL files and validates both.
func validateOSCAL(t testing.TB, ar, poam *jsonschema.Schema, b Bundle) map[string][]byte {
	t.Helper()
	docs, err := Files(b, []string{FormatOSCAL})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, d := range docs {
		out[d.Name] = d.Content
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(d.Content))
		if err != nil {
			t.Fatalf("%s: %v", d.Name, err)
		}
		s := ar
		if strings.HasSuffix(d.Name, "poam.json") {
			s = poam
		}
		if err := s.Validate(inst); err != nil {
			t.Fatalf("%s does not validate against the OSCAL 1.2.2 schema: %v", d.Name, err)
		}
	}
	if len(out) != 2 {
		t.Fatalf("got %d OSCAL files, want 2", len(out))
	}
	return out
}

func TestOSCALDocumentsValidateAgainstNISTSchemas(t *testing.T) {
	ar, poam := oscalSchemas(t)
	validateOSCAL(t, ar, poam, fixtureBundle(identity))
	validateOSCAL(t, ar, poam, fixtureBundle(hostile))
	validateOSCAL(t, ar, poam, Bundle{AsOf: "2025-01-01"})
}

func TestOSCALSchemaRejectsABrokenDocument(t *testing.T) {
	// Proves the validation above can fail: a document without results.
	ar, _ := oscalSchemas(t)
	inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"assessment-results":{"uuid":"x","metadata":{}}}`))
	if err := ar.Validate(inst); err == nil {
		t.Fatal("schema accepted an invalid document")
	}
}

// findProps collects the values of props with a name anywhere in a JSON tree.
func findProps(v any, name string, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		if x["name"] == name && x["ns"] == OSCALNamespace {
			*out = append(*out, x["value"].(string))
		}
		for _, c := range x {
			findProps(c, name, out)
		}
	case []any:
		for _, c := range x {
			findProps(c, name, out)
		}
	}
}

func TestOSCALFindingsObservationsAndRisksCarryTSCCriteria(t *testing.T) {
	docs, err := Files(fixtureBundle(identity), []string{FormatOSCAL})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		AR struct {
			Results []struct {
				Findings     []map[string]any `json:"findings"`
				Observations []map[string]any `json:"observations"`
				Risks        []map[string]any `json:"risks"`
			} `json:"results"`
		} `json:"assessment-results"`
	}
	if err := json.Unmarshal(docs[0].Content, &doc); err != nil {
		t.Fatal(err)
	}
	r := doc.AR.Results[0]
	for kind, list := range map[string][]map[string]any{"finding": r.Findings, "observation": r.Observations, "risk": r.Risks} {
		if len(list) == 0 {
			t.Fatalf("no %ss", kind)
		}
		for _, item := range list {
			var crit []string
			findProps(item, "tsc-criterion", &crit)
			if len(crit) == 0 {
				t.Errorf("%s %v has no tsc-criterion prop", kind, item["title"])
			}
		}
	}
}

func TestOSCALUUIDsAreStableAcrossReExportsAndEdits(t *testing.T) {
	a := fixtureBundle(identity)
	b := fixtureBundle(func(s string) string { return s + " (edited)" })
	b.AsOf = "2025-07-15"
	uuids := func(bn Bundle) map[string]bool {
		docs, err := Files(bn, []string{FormatOSCAL})
		if err != nil {
			t.Fatal(err)
		}
		set := map[string]bool{}
		for _, d := range docs {
			var tree any
			if err := json.Unmarshal(d.Content, &tree); err != nil {
				t.Fatal(err)
			}
			collectUUIDs(tree, set)
		}
		return set
	}
	ua, ub := uuids(a), uuids(b)
	if len(ua) == 0 {
		t.Fatal("no uuids")
	}
	for u := range ua {
		if !ub[u] {
			t.Errorf("uuid %s changed after editing text and the as-of date", u)
		}
	}
	c := fixtureBundle(identity)
	c.EngagementID = "another-engagement"
	for u := range uuids(c) {
		if ua[u] {
			t.Errorf("uuid %s shared by two engagements", u)
		}
	}
}

func collectUUIDs(v any, set map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		if u, ok := x["uuid"].(string); ok {
			set[u] = true
		}
		for _, c := range x {
			collectUUIDs(c, set)
		}
	case []any:
		for _, c := range x {
			collectUUIDs(c, set)
		}
	}
}

// FuzzOSCAL puts arbitrary text into every free-text field of the fixture
// and requires both OSCAL documents to stay schema-valid.
func FuzzOSCAL(f *testing.F) {
	for _, s := range []string{"", " ", "\u00a0x\u2028y\ufeff", "a\nb", "\x1b[31mred", "<script>", "`|#", "0", "-", "\xff\xfe"} {
		f.Add(s)
	}
	ar, poam := oscalSchemas(f)
	f.Fuzz(func(t *testing.T, s string) {
		b := fixtureBundle(func(string) string { return s })
		b.EngagementID = s
		b.Exceptions[0].Criteria = append(b.Exceptions[0].Criteria, s)
		b.Pack.Sections[0].Controls[0].ID = s + "GOV"
		validateOSCAL(t, ar, poam, b)
	})
}

// uuidGen.of must keep deriving the UUIDs uuid.NewSHA1 derives, or
// re-exports would stop updating a GRC platform's records.
func TestOSCALUUIDsAreNameBasedSHA1UUIDs(t *testing.T) {
	g := uuidGen{ns: uuidNamespace(), key: "id:" + strings.Repeat("ab", 40)}
	for _, c := range [][]string{{"result"}, {"observation", "GOV-01", "system:12"}, {"evidence", strings.Repeat("x", 300)}} {
		name := g.key + "/" + strings.Join(c, "/")
		if got, want := g.of(c[0], c[1:]...), uuid.NewSHA1(g.ns, []byte(name)).String(); got != want {
			t.Errorf("of(%q) = %s, want %s", c, got, want)
		}
	}
}

// oString returns printable ASCII without cleaning it; that shortcut must
// give what cleaning, mapping and trimming give.
func FuzzOStringShortcutMatchesFullCleaning(f *testing.F) {
	for _, s := range []string{"x", "control-id", " lead", "trail ", "a  b", "~!@#$%^&*()", "", " "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !printableASCII(s) {
			return
		}
		full := strings.TrimFunc(model.CleanLine(s), isECMASpace)
		if got := oString(s, "fallback"); got != full {
			t.Fatalf("oString(%q) = %q, want %q", s, got, full)
		}
	})
}
