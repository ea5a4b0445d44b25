package model

import (
	"strings"
	"testing"
)

// logGapInput is the clean engagement with the support bot active on the given
// days (through its project identity), plus noise from an unrelated actor.
func logGapInput(days ...Date) DetectInput {
	in := cleanInput()
	if len(days) > 0 {
		in.Access = append(in.Access, AccessSummary{Service: "openai", Actor: "t.li@example.com", Resource: "proj_support",
			Action: "chat", Events: int64(len(days)), Days: days})
	}
	in.Access = append(in.Access, AccessSummary{Service: "openai", Actor: "u9", Resource: "proj_other", Action: "chat",
		Events: 1, Days: []Date{"2025-03-05"}})
	return in
}

func TestDailyActivityHasNoLogGap(t *testing.T) {
	in := logGapInput("2025-03-01", "2025-03-03", "2025-03-11", "2025-03-19") // silences of 1, 7 and 7 days
	if n := len(findingsOf(Detect(in), RuleLogGap)); n != 0 {
		t.Fatalf("silences of at most %d days: want no finding, got %d", MaxLogGapDays, n)
	}
}

func TestNoDayRecordsMeansNoLogGapFinding(t *testing.T) {
	in := logGapInput()
	if n := len(findingsOf(Detect(in), RuleLogGap)); n != 0 {
		t.Fatalf("no activity days: want no finding, got %d", n)
	}
}

func TestSilenceLongerThanThresholdIsAMissingLogsFinding(t *testing.T) {
	in := logGapInput("2025-03-01", "2025-03-02", "2025-03-11", "2025-03-30", "2025-03-30")
	got := findingsOf(Detect(in), RuleLogGap)
	if len(got) != 1 {
		t.Fatalf("want one finding for the system, got %d", len(got))
	}
	f := got[0]
	if f.Kind != ExKindMissingLogs || f.Criteria[0] != "CC7.2" || f.SystemIDs[0] != 1 || f.Citations[0].Type != CiteSystem {
		t.Fatalf("finding %+v", f)
	}
	if !strings.Contains(f.Title, "18 days") || !strings.Contains(f.Detail, "between 2025-03-11 and 2025-03-30") ||
		!strings.Contains(f.Detail, "2 silence(s)") || !strings.Contains(f.Detail, "on 4 days") {
		t.Fatalf("title %q detail %q", f.Title, f.Detail)
	}
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	r, _ := RuleByID(RuleLogGap)
	if r.Base != SeverityMedium || f.SuggestedSeverity != SuggestSeverity(r, TierHigh) {
		t.Fatalf("severity %s from base %s", f.SuggestedSeverity, r.Base)
	}
	// The same system with a different gap keeps its finding.
	in.Access = append(in.Access, AccessSummary{Actor: "support-bot", Action: "chat", Events: 1, Days: []Date{"2025-03-20"}})
	again := findingsOf(Detect(in), RuleLogGap)
	if len(again) != 1 || again[0].Fingerprint != f.Fingerprint {
		t.Fatal("fingerprint should depend on the system only")
	}
}

func TestLogGapCountsOnlyDaysInTheObservationPeriod(t *testing.T) {
	// Activity in December and March: the period starts in January, so
	// only March counts and there is no gap between active days.
	in := logGapInput("2024-12-01", "2025-03-01", "2025-03-02")
	if n := len(findingsOf(Detect(in), RuleLogGap)); n != 0 {
		t.Fatalf("days before the period counted: %d findings", n)
	}
	// Type 1 (no period): every imported day counts.
	in.Engagement.PeriodStart, in.Engagement.PeriodEnd = "", ""
	if n := len(findingsOf(Detect(in), RuleLogGap)); n != 1 {
		t.Fatalf("without a period the December-March silence counts: want 1, got %d", n)
	}
}

func TestLogGapSkipsOutOfScopeSystems(t *testing.T) {
	in := logGapInput("2025-03-01", "2025-04-01")
	in.Systems[0].ScopeOverride, in.Systems[0].ScopeJustification = new(bool), "sandbox"
	if n := len(findingsOf(Detect(in), RuleLogGap)); n != 0 {
		t.Fatalf("out of scope: want no finding, got %d", n)
	}
}
