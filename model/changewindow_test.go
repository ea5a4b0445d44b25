package model

import (
	"strings"
	"testing"
	"time"
)

func TestParseChangeWindowRoundTripsToCanonicalText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		{"mon-fri 09:00-17:00 Europe/Berlin", "mon-fri 09:00-17:00 Europe/Berlin"},
		{"MON-FRI 09:00-17:00", "mon-fri 09:00-17:00 UTC"},
		{"fri,mon,wed 08:30-12:00 utc", "mon,wed,fri 08:30-12:00 UTC"},
		{"sat-mon 22:00-02:00 America/New_York", "mon,sat-sun 22:00-02:00 America/New_York"},
		{"daily 00:00-24:00", "daily 00:00-24:00 UTC"},
		{"sun-sat 06:00-07:00", "daily 06:00-07:00 UTC"},
		{"mon-wed,tue-thu 10:00-11:00", "mon-thu 10:00-11:00 UTC"},
	}
	for _, c := range cases {
		w, err := ParseChangeWindow(c.in)
		if err != nil {
			t.Fatalf("ParseChangeWindow(%q): %v", c.in, err)
		}
		if got := w.String(); got != c.want {
			t.Errorf("ParseChangeWindow(%q).String() = %q, want %q", c.in, got, c.want)
		}
		again, err := ParseChangeWindow(w.String())
		if err != nil || again.String() != w.String() {
			t.Errorf("canonical %q does not parse back to itself: %q, %v", w.String(), again.String(), err)
		}
	}
}

func TestParseChangeWindowRefusesMalformedText(t *testing.T) {
	for _, in := range []string{
		"mon-fri", "weekdays 09:00-17:00", "mon-fri 9:00-17:00", "mon-fri 09:00", "mon-fri 09:00-25:00",
		"mon-fri 09:60-17:00", "mon-fri 09:00-09:00", "mon-fri 24:00-02:00", "mon-fri 09:00-17:00 Mars/Olympus",
		"mon-fri 09:00-17:00 UTC extra", "mon-xyz 09:00-17:00", "mon,,fri 09:00-17:00",
	} {
		if w, err := ParseChangeWindow(in); err == nil {
			t.Errorf("ParseChangeWindow(%q) = %q, want an error", in, w)
		}
	}
}

func TestChangeWindowContainsHonoursDaysHoursAndZone(t *testing.T) {
	berlin, _ := ParseChangeWindow("mon-fri 09:00-17:00 Europe/Berlin")
	overnight, _ := ParseChangeWindow("fri 22:00-02:00")
	cases := []struct {
		name string
		w    ChangeWindow
		at   string
		want bool
	}{
		// 2025-06-02 is a Monday; Berlin is UTC+2 in June.
		{"monday 09:00 Berlin opens the window", berlin, "2025-06-02T07:00:00Z", true},
		{"monday 08:59 Berlin is before it", berlin, "2025-06-02T06:59:00Z", false},
		{"friday 16:59 Berlin is inside", berlin, "2025-06-06T14:59:00Z", true},
		{"friday 17:00 Berlin closes it", berlin, "2025-06-06T15:00:00Z", false},
		{"saturday noon is outside", berlin, "2025-06-07T10:00:00Z", false},
		{"sunday 23:30 UTC is Monday 01:30 Berlin, outside hours", berlin, "2025-06-01T23:30:00Z", false},
		{"monday 22:30 UTC is Tuesday 00:30 Berlin, outside hours", berlin, "2025-06-02T22:30:00Z", false},
		{"winter offset is one hour: 08:30 UTC is 09:30 Berlin", berlin, "2025-01-06T08:30:00Z", true},
		{"overnight evening part on the listed day", overnight, "2025-06-06T23:00:00Z", true},
		{"overnight morning part the day after", overnight, "2025-06-07T01:59:00Z", true},
		{"overnight ends at its end time", overnight, "2025-06-07T02:00:00Z", false},
		{"overnight morning of the listed day is outside", overnight, "2025-06-06T01:00:00Z", false},
		{"no window contains nothing", ChangeWindow{}, "2025-06-02T10:00:00Z", false},
	}
	for _, c := range cases {
		at, err := time.Parse(time.RFC3339, c.at)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.w.Contains(at); got != c.want {
			t.Errorf("%s: Contains(%s) = %v, want %v", c.name, c.at, got, c.want)
		}
	}
}

func TestEngagementValidateRefusesABadChangeWindow(t *testing.T) {
	e := Engagement{Client: "Acme", Readiness: Type1, ChangeWindow: ChangeWindow{Days: []time.Weekday{time.Monday}, Start: "9", End: "17:00"}}
	if err := e.Validate(); err == nil || !strings.Contains(err.Error(), "change window") {
		t.Errorf("Validate() = %v, want a change window error", err)
	}
	e.ChangeWindow, _ = ParseChangeWindow("mon 09:00-17:00")
	if err := e.Validate(); err != nil {
		t.Errorf("Validate() with a good window = %v", err)
	}
}

func TestIsEmergencyChangeReadsTicketAndDescription(t *testing.T) {
	cases := []struct {
		c    ChangeRecord
		want bool
	}{
		{ChangeRecord{Ticket: "EMERGENCY-12"}, true},
		{ChangeRecord{Description: "Hotfix for prompt injection"}, true},
		{ChangeRecord{Ticket: "CHG-1", Description: "routine prompt update"}, false},
	}
	for _, c := range cases {
		if got := IsEmergencyChange(c.c); got != c.want {
			t.Errorf("IsEmergencyChange(%+v) = %v, want %v", c.c, got, c.want)
		}
	}
}

// windowInput is the clean input with a weekday window in UTC and its one
// change record moved to the given time.
func windowInput(t *testing.T, at string) DetectInput {
	t.Helper()
	in := cleanInput()
	in.Engagement.ChangeWindow, _ = ParseChangeWindow("mon-fri 09:00-17:00 UTC")
	tm, err := time.Parse(time.RFC3339, at)
	if err != nil {
		t.Fatal(err)
	}
	in.Changes[0].Time = tm
	return in
}

func TestChangeOutsideWindowRule(t *testing.T) {
	cases := []struct {
		name  string
		at    string
		edit  func(*DetectInput)
		count int
	}{
		{"change inside the window", "2025-06-03T10:00:00Z", nil, 0},
		{"change on a saturday", "2025-06-07T10:00:00Z", nil, 1},
		{"change after hours", "2025-06-03T18:00:00Z", nil, 1},
		{"emergency change after hours", "2025-06-03T18:00:00Z", func(in *DetectInput) { in.Changes[0].Ticket = "EMERG-7 emergency" }, 0},
		{"hotfix on a sunday", "2025-06-08T03:00:00Z", func(in *DetectInput) { in.Changes[0].Description = "HOTFIX guardrail" }, 0},
		{"no window set", "2025-06-07T10:00:00Z", func(in *DetectInput) { in.Engagement.ChangeWindow = ChangeWindow{} }, 0},
	}
	for _, c := range cases {
		in := windowInput(t, c.at)
		if c.edit != nil {
			c.edit(&in)
		}
		fs := Detect(in)
		got := findingsOf(fs, RuleChangeWindow)
		if len(got) != c.count {
			t.Errorf("%s: %d change-outside-window findings, want %d", c.name, len(got), c.count)
		}
		if len(fs) != len(got) {
			t.Errorf("%s: other rules fired: %v", c.name, rulesOf(fs))
		}
	}
}

func TestChangeOutsideWindowCitesRecordAndSystem(t *testing.T) {
	in := windowInput(t, "2025-06-07T10:00:00Z")
	in.Changes = append(in.Changes, in.Changes[0])
	in.Changes[1].Time = in.Changes[1].Time.Add(time.Hour)
	in.Changes[1].Line = 3
	fs := findingsOf(Detect(in), RuleChangeWindow)
	if len(fs) != 2 {
		t.Fatalf("%d findings, want one per record", len(fs))
	}
	f := fs[0]
	if r, ok := RuleByID(RuleChangeWindow); !ok || r.Base != SeverityMedium {
		t.Errorf("rule %s catalogued = %v with base %s, want medium", RuleChangeWindow, ok, r.Base)
	}
	// The clean input's system is high risk, which raises medium to high.
	if f.Kind != ExKindUnapprovedChange || f.Severity != SeverityHigh || f.Criteria[0] != "CC8.1" {
		t.Errorf("finding kind/severity/criteria = %s/%s/%v", f.Kind, f.Severity, f.Criteria)
	}
	if !strings.HasPrefix(f.Citations[0].Label, "changes.csv:2: ") || len(f.Citations) != 2 || f.Citations[1].Type != CiteSystem {
		t.Errorf("citations = %+v", f.Citations)
	}
	if !strings.Contains(f.Detail, "Sat 2025-06-07 10:00 UTC") || !strings.Contains(f.Detail, "mon-fri 09:00-17:00 UTC") {
		t.Errorf("detail = %q", f.Detail)
	}
	if fs[0].Fingerprint == fs[1].Fingerprint {
		t.Error("two records share a fingerprint")
	}
}
