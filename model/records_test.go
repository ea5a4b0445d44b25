package model

import (
	"testing"
	"time"
)

func sampleEvent() AccessEvent {
	return AccessEvent{
		Time: time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC), Actor: "alice", Action: "InvokeModel",
		Service: ServiceBedrock, Model: "anthropic.claude-3", Outcome: OutcomeSuccess,
	}
}

func TestAccessEventValidateNeedsTimeAndSubject(t *testing.T) {
	if err := sampleEvent().Validate(); err != nil {
		t.Fatalf("valid event rejected: %v", err)
	}
	noTime := sampleEvent()
	noTime.Time = time.Time{}
	if noTime.Validate() == nil {
		t.Error("event without time accepted")
	}
	if (AccessEvent{Time: time.Now(), Outcome: OutcomeSuccess}).Validate() == nil {
		t.Error("event with nothing but time and outcome accepted")
	}
}

func TestAccessEventFingerprintIgnoresLocationAndZone(t *testing.T) {
	a := sampleEvent()
	b := a
	b.SourceFile, b.Line = "other.csv", 99
	b.Time = a.Time.In(time.FixedZone("CET", 3600))
	if a.ComputeFingerprint() != b.ComputeFingerprint() {
		t.Error("fingerprint depends on file, line or time zone")
	}
	c := a
	c.Actor = "bob"
	if a.ComputeFingerprint() == c.ComputeFingerprint() {
		t.Error("different actors share a fingerprint")
	}
	if len(a.ComputeFingerprint()) != 64 {
		t.Errorf("fingerprint %q is not hex sha256", a.ComputeFingerprint())
	}
}

func TestFingerprintFieldBoundariesAreUnambiguous(t *testing.T) {
	a := sampleEvent()
	a.Actor, a.Action = "ab", "c"
	b := sampleEvent()
	b.Actor, b.Action = "a", "bc"
	if a.ComputeFingerprint() == b.ComputeFingerprint() {
		t.Error("shifting text between fields keeps the fingerprint")
	}
}

func TestParseChangeTypeSpellings(t *testing.T) {
	cases := map[string]ChangeType{
		"model-version": ChangeModelVersion, "Model Version": ChangeModelVersion, "model upgrade": ChangeModelVersion,
		"System prompt": ChangePrompt, "prompt": ChangePrompt, "Fine-tune": ChangeFineTune, "fine tuning": ChangeFineTune,
		"Configuration": ChangeConfig, "config": ChangeConfig, "Guardrails": ChangeGuardrail, "content filter": ChangeGuardrail,
		"other": ChangeOther,
	}
	for in, want := range cases {
		got, err := ParseChangeType(in)
		if err != nil || got != want {
			t.Errorf("ParseChangeType(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "banana"} {
		if _, err := ParseChangeType(bad); err == nil {
			t.Errorf("ParseChangeType(%q) accepted", bad)
		}
	}
}

func TestParseVerdictSpellings(t *testing.T) {
	cases := map[string]Verdict{
		"pass": VerdictPass, "Passed": VerdictPass, "OK": VerdictPass, "FAIL": VerdictFail, "failed": VerdictFail,
		"needs follow-up": VerdictFollowUp, "Needs_Follow_Up": VerdictFollowUp, "follow up": VerdictFollowUp,
	}
	for in, want := range cases {
		got, err := ParseVerdict(in)
		if err != nil || got != want {
			t.Errorf("ParseVerdict(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseVerdict("maybe"); err == nil {
		t.Error("unknown verdict accepted")
	}
}

func TestChangeRecordValidate(t *testing.T) {
	ok := ChangeRecord{Time: time.Now(), System: "support-bot", ChangeType: ChangePrompt, Tested: TriYes}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid change rejected: %v", err)
	}
	for name, c := range map[string]ChangeRecord{
		"no time":     {System: "x", ChangeType: ChangePrompt, Tested: TriNo},
		"no system":   {Time: time.Now(), ChangeType: ChangePrompt, Tested: TriNo},
		"bad type":    {Time: time.Now(), System: "x", ChangeType: "nope", Tested: TriNo},
		"bad tristat": {Time: time.Now(), System: "x", ChangeType: ChangePrompt, Tested: "maybe"},
	} {
		if c.Validate() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	other := ok
	other.ApprovedBy = "carol"
	if ok.ComputeFingerprint() == other.ComputeFingerprint() {
		t.Error("approver not part of the change fingerprint")
	}
}

func TestReviewRecordValidate(t *testing.T) {
	ok := ReviewRecord{SampleID: "s-1", System: "support-bot", Date: "2025-01-31", Verdict: VerdictFail}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid review rejected: %v", err)
	}
	for name, r := range map[string]ReviewRecord{
		"no sample":   {System: "x", Date: "2025-01-31", Verdict: VerdictPass},
		"no system":   {SampleID: "1", Date: "2025-01-31", Verdict: VerdictPass},
		"bad date":    {SampleID: "1", System: "x", Date: "31/01/2025", Verdict: VerdictPass},
		"bad verdict": {SampleID: "1", System: "x", Date: "2025-01-31", Verdict: "meh"},
	} {
		if r.Validate() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	moved := ok
	moved.Line = 7
	if ok.ComputeFingerprint() != moved.ComputeFingerprint() {
		t.Error("review fingerprint depends on the line")
	}
}
