package records

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"auditwalk/model"
)

func TestDetectFormatPicksEachFixturesFormat(t *testing.T) {
	want := map[string]Format{
		"cloudtrail.json": FormatCloudTrail, "cloudtrail.jsonl": FormatCloudTrail, "cloudtrail-truncated.json": FormatCloudTrail,
		"bedrock-invocation.jsonl": FormatBedrockInvocation, "bedrock-invocation-broken.jsonl": FormatBedrockInvocation,
		"openai-audit.json": FormatOpenAIAudit, "openai-audit.jsonl": FormatOpenAIAudit, "openai-audit-broken.jsonl": FormatOpenAIAudit,
		"azure-openai.json": FormatAzureOpenAI, "azure-openai.jsonl": FormatAzureOpenAI, "azure-openai-broken.json": FormatAzureOpenAI,
		"vertex-audit.json": FormatVertexAudit, "vertex-audit.jsonl": FormatVertexAudit, "vertex-audit-broken.jsonl": FormatVertexAudit,
		"generic.csv": FormatCSV, "generic-semicolon.csv": FormatCSV, "generic-broken.csv": FormatCSV, "generic.jsonl": FormatJSON,
		"changes.csv": FormatCSV, "changes.json": FormatJSON, "changes-broken.csv": FormatCSV,
		"reviews.csv": FormatCSV, "reviews.jsonl": FormatJSON, "reviews-broken.csv": FormatCSV,
	}
	files, _ := filepath.Glob("testdata/*.*")
	if len(files) != len(want) {
		t.Errorf("%d fixtures, %d expectations: keep them in step", len(files), len(want))
	}
	for _, path := range files {
		name := filepath.Base(path)
		head, _ := os.ReadFile(path)
		got, err := DetectFormat(name, head)
		if err != nil || got != want[name] {
			t.Errorf("%s: detected %q, %v; want %q", name, got, err, want[name])
		}
	}
}

func TestDetectFormatRejectsNonTextWithAReason(t *testing.T) {
	cases := map[string][]byte{
		"empty file":          {},
		"empty file ":         []byte(" \n\r\n\t"),
		"binary data (NUL":    {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0},
		"binary data, not":    bytes.Repeat([]byte{1, 2, 3, 'a'}, 20),
		"gzip-compressed":     {0x1f, 0x8b, 8, 0},
		"zip archive":         []byte("PK\x03\x04rest"),
		"UTF-16 text":         {0xFF, 0xFE, 't', 0, 'i', 0},
		"does not start":      []byte("time,actor\n"),
		"does not start with": []byte("hello"),
	}
	for want, head := range cases {
		name := "x.log"
		if strings.HasPrefix(want, "does not start") {
			name = "x.jsonl"
		}
		_, err := DetectFormat(name, head)
		if err == nil || !strings.Contains(err.Error(), strings.TrimSpace(want)) {
			t.Errorf("DetectFormat(%q) error = %v, want it to say %q", head, err, want)
		}
	}
}

func TestDetectFormatFromAnEmptyContainer(t *testing.T) {
	for head, want := range map[string]Format{
		`{"Records":[]}`:              FormatCloudTrail,
		`{"entries":[]}`:              FormatVertexAudit,
		`{"data":[],"object":"list"}`: FormatJSON,
		`[]`:                          FormatJSON,
	} {
		if got, err := DetectFormat("x", []byte(head)); err != nil || got != want {
			t.Errorf("%s: got %q, %v; want %q", head, got, err, want)
		}
	}
}

func TestParseFormatAcceptsAliases(t *testing.T) {
	for in, want := range map[string]Format{
		"": FormatAuto, "AUTO": FormatAuto, "jsonl": FormatJSON, "ndjson": FormatJSON, "tsv": FormatCSV,
		"aws": FormatCloudTrail, "bedrock": FormatBedrockInvocation, "openai": FormatOpenAIAudit,
		"azure": FormatAzureOpenAI, "vertex-ai": FormatVertexAudit, "gcp-audit": FormatVertexAudit,
	} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseFormat("xml"); err == nil || !strings.Contains(err.Error(), "cloudtrail") {
		t.Errorf("unknown format error %v does not list the formats", err)
	}
	for _, f := range Formats() {
		if f.Describe() == FormatAuto.Describe() {
			t.Errorf("%s has no description", f)
		}
	}
}

func TestSniffDelimiter(t *testing.T) {
	for head, want := range map[string]rune{
		"a,b,c\n1,2,3": ',', "a;b;c\n": ';', "a\tb\tc": '\t', "a|b|c": '|', `"x;y",b,c`: ',', "": ',', "single": ',',
	} {
		if got := sniffDelimiter([]byte(head)); got != want {
			t.Errorf("sniffDelimiter(%q) = %q, want %q", head, got, want)
		}
	}
}

func TestGzipInputIsReadTransparently(t *testing.T) {
	raw, _ := os.ReadFile("testdata/cloudtrail.json")
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(raw)
	zw.Close()
	n := 0
	sum, err := ReadAccessLog("cloudtrail.json.gz", &buf, Options{}, func(model.AccessEvent) error { n++; return nil })
	if err != nil || sum.Format != FormatCloudTrail || n != 4 {
		t.Fatalf("gzip read: %d events, %+v, %v", n, sum, err)
	}
}

func TestFileLevelErrorsAreClear(t *testing.T) {
	cases := []struct {
		name, data string
		opt        Options
		want       string
	}{
		{"empty.csv", "", Options{}, "empty.csv: empty file"},
		{"blank.jsonl", "\n\n  \n", Options{Format: FormatJSON}, "blank.jsonl: empty file"},
		{"garbage.bin", "\x00\x01\x02\x03binary\xff\xfe", Options{}, "garbage.bin: binary data (NUL bytes), not a text log"},
		{"garbage.json", "\x00\x00", Options{Format: FormatCloudTrail}, "garbage.json: binary data (NUL bytes), not a text log"},
		{"x.csv", "a,b\n1,2\n", Options{Format: "xml"}, `x.csv: unknown format "xml"`},
		{"x.csv", "day,who\n2025-01-01,a\n", Options{}, "x.csv:1: no time column (columns: day, who; use --map time=COLUMN)"},
		{"x.csv", "ts,who\n2025-01-01,a\n", Options{Mapping: ColumnMapping{"time": "stamp"}}, "x.csv:1: mapping time=stamp: no such column (columns: ts, who)"},
		{"x.csv", "ts,who\n", Options{Mapping: ColumnMapping{"colour": "ts"}}, `x.csv: mapping: unknown field "colour"`},
		{"x.json", "[1, 2]", Options{Format: FormatCloudTrail}, "x.json:1: expected a JSON object"},
		{"x.json", `{"Records": {"a": 1}}`, Options{}, `x.json:1: missing time`},
		{"x.json", "{\"Records\": [\n{\"eventSource\": \"bedrock.amazonaws.com\", \"eventName\": \"X\", \"eventTime\": 5}]}", Options{}, "x.json:2: eventTime: unrecognised time"},
	}
	for _, tc := range cases {
		_, err := ReadAccessLog(tc.name, strings.NewReader(tc.data), tc.opt, func(model.AccessEvent) error { return nil })
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s %q: error = %v, want prefix %q", tc.name, tc.data, err, tc.want)
		}
	}
}

func TestChangeAndReviewReadersRejectAccessFormats(t *testing.T) {
	_, err := ReadChanges("c.json", strings.NewReader(`{"Records":[]}`), Options{}, func(model.ChangeRecord) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "cloudtrail is an access-log format") {
		t.Errorf("error = %v", err)
	}
}
