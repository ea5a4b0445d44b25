package records

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"auditwalk/model"
)

func readChangesFile(t *testing.T, name string) ([]model.ChangeRecord, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []model.ChangeRecord
	_, err = ReadChanges(name, f, Options{MaxErrors: 10}, func(c model.ChangeRecord) error { got = append(got, c); return nil })
	return got, err
}

func readReviewsFile(t *testing.T, name string) ([]model.ReviewRecord, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []model.ReviewRecord
	_, err = ReadReviews(name, f, Options{MaxErrors: 10}, func(r model.ReviewRecord) error { got = append(got, r); return nil })
	return got, err
}

func changeLine(c model.ChangeRecord) string {
	return fmt.Sprintf("%d|%s|%s|%s|%s|%s|%s|%s|%s|%s", c.Line, c.Time.Format(time.RFC3339), c.System, c.ChangeType,
		c.Description, c.Ticket, c.RequestedBy, c.ApprovedBy, c.DeployedBy, c.Tested)
}

func reviewLine(r model.ReviewRecord) string {
	return fmt.Sprintf("%d|%s|%s|%s|%s|%s|%s|%s", r.Line, r.SampleID, r.System, r.Reviewer, r.Date, r.Verdict, r.IssueCategory, r.Note)
}

func compareLines(t *testing.T, got, want []string) {
	t.Helper()
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("record %d:\n got  %q\n want %q", i, g, w)
		}
	}
}

func TestChangeFixtures(t *testing.T) {
	cases := []struct {
		file string
		want []string
		err  string
	}{
		{"changes.csv", []string{
			"2|2025-02-03T00:00:00Z|support-bot|model-version|Upgrade claude-3-haiku to claude-3-5-haiku|CHG-101|erin|frank|gina|yes",
			"3|2025-02-10T16:30:00Z|support-bot|prompt|Tighten refund wording.\nSecond line of the note.|CHG-102|erin||erin|no",
			"6|2025-02-14T00:00:00Z|hr-assistant|guardrail|Enable PII filter||kim|leo|kim|unknown",
		}, `changes.csv:5: unknown change type "banana" (model-version, prompt, fine-tune, config, guardrail, other)`},
		{"changes.json", []string{
			"2|2025-02-20T09:00:00Z|claims-triage|fine-tune|Retrain on Q4 claims|ML-77|nina|oscar|paul|yes",
			"3|2025-02-21T00:00:00Z|claims-triage|config|temperature 0.2 -> 0.0|ML-78|nina|nina|nina|no",
		}, ""},
		{"changes-broken.csv", []string{"2|2025-02-20T00:00:00Z|claims|prompt||||||unknown"}, "changes-broken.csv:3: row has 2 fields, header has 3"},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			got, err := readChangesFile(t, tc.file)
			if errString(err) != tc.err {
				t.Errorf("error = %v, want %q", err, tc.err)
			}
			lines := make([]string, len(got))
			for i, c := range got {
				lines[i] = changeLine(c)
				if c.Fingerprint != c.ComputeFingerprint() || c.SourceFile != tc.file {
					t.Errorf("record %d: fingerprint or file not set", i)
				}
			}
			compareLines(t, lines, tc.want)
		})
	}
}

func TestReviewFixtures(t *testing.T) {
	cases := []struct {
		file string
		want []string
		err  string
	}{
		{"reviews.csv", []string{
			"2|S-001|support-bot|quinn@example.com|2025-03-03|pass||",
			"3|S-002|support-bot|quinn@example.com|2025-03-03|fail|hallucination|Invented a refund policy",
			"4|S-003|support-bot|quinn@example.com|2025-03-04|needs-follow-up|tone|Curt reply; check guidance",
		}, ""},
		{"reviews.jsonl", []string{
			"1|R-10|hr-assistant|rosa@example.com|2025-03-05|pass||",
			"2|R-11|hr-assistant|rosa@example.com|2025-03-05|fail|bias|Gendered wording in job ad",
		}, ""},
		{"reviews-broken.csv", []string{"2|S-1|bot||2025-03-01|pass||"},
			`reviews-broken.csv:3: missing sample id; reviews-broken.csv:4: unrecognised date "someday" (use YYYY-MM-DD); reviews-broken.csv:5: unknown verdict "maybe" (pass, fail, needs-follow-up) (3 errors)`},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			got, err := readReviewsFile(t, tc.file)
			if errString(err) != tc.err {
				t.Errorf("error = %v, want %q", err, tc.err)
			}
			lines := make([]string, len(got))
			for i, r := range got {
				lines[i] = reviewLine(r)
			}
			compareLines(t, lines, tc.want)
		})
	}
}

func TestRowErrorLinesAfterMultiLineCells(t *testing.T) {
	csv := "time,system,change_type,description\n" +
		"2025-01-01,bot,prompt,\"one\ntwo\nthree\"\n" + // lines 2-4
		"2025-01-02,bot,prompt,ok\n" + // line 5
		"2025-01-03,bot,\"model\nversion\",\"a\nb\"\n" + // lines 6-8: "model\nversion" is not a change type
		"2025-01-04,bot,\"prompt\",\"x\ny\"\n" + // lines 9-10
		"2025-01-05,bot,,desc\n" // line 11: no type
	var lines []int
	_, err := ReadChanges("c.csv", strings.NewReader(csv), Options{MaxErrors: 5}, func(c model.ChangeRecord) error {
		lines = append(lines, c.Line)
		return nil
	})
	if fmt.Sprint(lines) != "[2 5 9]" {
		t.Errorf("record lines = %v, want [2 5 9]", lines)
	}
	want := `c.csv:6: unknown change type "model\nversion" (model-version, prompt, fine-tune, config, guardrail, other); c.csv:11: missing change type (2 errors)`
	if errString(err) != want {
		t.Errorf("error:\n got  %v\n want %s", err, want)
	}
}

func TestCellErrorNamesTheCellsLine(t *testing.T) {
	// The bad time is in the last column, below a multi-line cell: the
	// error names the line the time cell starts on.
	csv := "actor,note,time\nalice,\"long\nnote\",yesterday\n"
	_, err := ReadAccessLog("a.csv", strings.NewReader(csv), Options{}, func(model.AccessEvent) error { return nil })
	if err == nil || !strings.HasPrefix(err.Error(), "a.csv:3: unrecognised time") {
		t.Errorf("error = %v, want it at line 3", err)
	}
}

func TestMappingNamesColumnsAndNestedKeys(t *testing.T) {
	m, err := ParseMapping("time=Wann, actor = Wer,model=engine")
	if err != nil {
		t.Fatal(err)
	}
	csv := "Wann;Wer;engine;Was\n2025-04-01T08:00:00Z;uwe@example.com;gpt-4o;chat\n"
	var got []model.AccessEvent
	if _, err := ReadAccessLog("m.csv", strings.NewReader(csv), Options{Mapping: m}, func(e model.AccessEvent) error {
		got = append(got, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Actor != "uwe@example.com" || got[0].Model != "gpt-4o" {
		t.Errorf("mapped CSV = %+v", got)
	}
	jm, _ := ParseMapping("actor=who.mail,time=at")
	js := `{"at": "2025-04-01T08:00:00Z", "who": {"mail": "vera@example.com"}, "action": "x"}`
	got = nil
	if _, err := ReadAccessLog("m.json", strings.NewReader(js), Options{Mapping: jm}, func(e model.AccessEvent) error {
		got = append(got, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Actor != "vera@example.com" {
		t.Errorf("mapped JSON = %+v", got)
	}
	for _, bad := range []string{"time", "=x", "time=", "time=a,time=b"} {
		if _, err := ParseMapping(bad); err == nil {
			t.Errorf("ParseMapping(%q) accepted", bad)
		}
	}
}

func TestJSONLayouts(t *testing.T) {
	ev := `{"time": "2025-01-01T00:00:00Z", "user": "a", "action": "x"}`
	pretty := "{\n  \"time\": \"2025-01-01T00:00:00Z\",\n  \"user\": \"b\",\n  \"action\": \"x\"\n}"
	cases := map[string]struct {
		data  string
		lines string
	}{
		"array":              {"[\n" + ev + ",\n" + ev + "\n]", "[2 3]"},
		"wrapped":            {`{"meta": {"n": 2}, "records": [` + ev + `, ` + ev + `], "next": null}`, "[1 1]"},
		"concatenated files": {`{"records": [` + ev + "]}\n" + `{"records": [` + ev + "]}\n", "[1 2]"},
		"pretty stream":      {pretty + "\n" + pretty + "\n", "[1 6]"},
		"lines with blanks":  {ev + "\n\n" + ev + "\r\n", "[1 3]"},
	}
	for name, tc := range cases {
		var lines []int
		_, err := ReadAccessLog(name, strings.NewReader(tc.data), Options{}, func(e model.AccessEvent) error {
			lines = append(lines, e.Line)
			return nil
		})
		if err != nil || fmt.Sprint(lines) != tc.lines {
			t.Errorf("%s: lines %v, err %v; want %s", name, lines, err, tc.lines)
		}
	}
}

func TestHostileStringsAreKeptAsData(t *testing.T) {
	hostile := "\x1b]52;c;ZXZpbA==\x07\x1b[2J<script>|pipe|`tick`"
	quoted, _ := json.Marshal(hostile)
	js := `{"time":"2025-01-01T00:00:00Z","user":` + string(quoted) + `,"action":"x"}`
	var got model.AccessEvent
	if _, err := ReadAccessLog("h.jsonl", strings.NewReader(js), Options{}, func(e model.AccessEvent) error {
		got = e
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got.Actor != hostile {
		t.Errorf("actor = %q, want the imported bytes unchanged", got.Actor)
	}
	if model.CleanLine(got.Actor) == got.Actor {
		t.Error("the hostile actor should need sanitising at render time")
	}
}

func TestMaxErrorsStopsAtTheLimit(t *testing.T) {
	f, _ := os.Open("testdata/reviews-broken.csv")
	defer f.Close()
	_, err := ReadReviews("r.csv", f, Options{MaxErrors: 2}, func(model.ReviewRecord) error { return nil })
	var many RowErrors
	if !errors.As(err, &many) || len(many) != 2 || many[1].Line != 4 {
		t.Fatalf("err = %v, want the first two row errors", err)
	}
}

func TestJSONSyntaxErrorLines(t *testing.T) {
	cases := map[string]string{
		"[\n{\"time\":\n x}]":                    "s.json:3: invalid JSON: invalid character 'x' looking for beginning of value",
		"[\n{\"time\": \"a\"},\n\n{\"time\": ]}": "s.json:4: invalid JSON: invalid character ']' looking for beginning of value",
		"{\"records\": [\n{\"time\": 1}\n{}]}":   "s.json:3: invalid JSON: expected comma after array element",
		"{\"a\": 1}\n{\"b\":\n\"unterminated\n}": "s.json:2: invalid JSON record: unexpected EOF; s.json:3: invalid JSON record: unexpected EOF",
	}
	for in, want := range cases {
		_, err := ReadAccessLog("s.json", strings.NewReader(in), Options{MaxErrors: 5}, func(model.AccessEvent) error { return nil })
		if got := errString(err); !strings.Contains(got, want) {
			t.Errorf("%q:\n got  %s\n want %s", in, got, want)
		}
	}
}
