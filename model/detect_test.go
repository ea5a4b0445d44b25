package model

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// cleanInput is an engagement where every rule has something to look at and
// nothing to find.
func cleanInput() DetectInput {
	return DetectInput{
		Pack: testPack(),
		Answers: Answers{
			{"q1", SubjectOrg}:       {QuestionID: "q1", Subject: SubjectOrg, Value: AnswerYes},
			{"q1a", SubjectOrg}:      {QuestionID: "q1a", Subject: SubjectOrg, Value: "policy v3"},
			{"q2", SystemSubject(1)}: {QuestionID: "q2", Subject: SystemSubject(1), Value: AnswerYes},
		},
		Systems: []System{{
			ID: 1, Name: "Support bot", BusinessOwner: "Priya Shah", TechnicalOwner: "t.li@example.com",
			VendorID: 10, VendorName: "OpenAI", Models: []string{"gpt-4o"},
			Identities:     []string{"proj_support", "support-bot"},
			DataCategories: []DataCategory{DataCustomer}, AffectsService: true,
			Logging: LoggingFull, Approval: ApprovalApproved, LastReviewed: "2025-02-01",
		}},
		Vendors: []Vendor{{ID: 10, Name: "OpenAI", Service: "OpenAI API", Report: ReportType2,
			PeriodEnd: "2025-03-31", Covers: TriYes}},
		Access: []AccessSummary{{
			Service: "openai", Actor: "t.li@example.com", Resource: "proj_support", Model: "gpt-4o-2024-08-06",
			Action: "chat.completions", Events: 100, EventsInPeriod: 90,
			First: testNow().AddDate(0, -2, 0), Last: testNow(), SampleRef: "audit.jsonl:3", SampleFingerprint: "fpA",
		}},
		Changes: []ChangeRecord{{Time: testNow().AddDate(0, -1, 0), System: "Support bot", ChangeType: ChangePrompt,
			Ticket: "CHG-1", RequestedBy: "ann", ApprovedBy: "ben", DeployedBy: "cat", Tested: TriYes,
			SourceFile: "changes.csv", Line: 2}},
		Reviews: []ReviewRecord{
			{SampleID: "S1", System: "Support bot", Reviewer: "Priya Shah", Date: "2025-05-03", Verdict: VerdictPass, SourceFile: "r.csv", Line: 3},
			{SampleID: "s1", System: "support bot", Reviewer: "rita", Date: "2025-05-01", Verdict: VerdictFail, SourceFile: "r.csv", Line: 2},
		},
		Engagement: Engagement{Client: "Acme", Readiness: Type2, PeriodStart: "2025-01-01", PeriodEnd: "2025-06-30"},
		Now:        testNow(),
	}
}

func findingsOf(fs []Exception, rule string) []Exception {
	var out []Exception
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func TestDetectFindsNothingInACleanEngagement(t *testing.T) {
	if fs := Detect(cleanInput()); len(fs) != 0 {
		for _, f := range fs {
			t.Errorf("unexpected %s: %s — %s", f.Rule, f.Title, f.Detail)
		}
	}
}

func TestDetectRulesPositiveAndNegative(t *testing.T) {
	cases := []struct {
		name string
		edit func(*DetectInput)
		rule string
		want int // findings of rule expected
	}{
		{"activity for an unknown project", func(in *DetectInput) {
			in.Access = append(in.Access, AccessSummary{Service: "openai", Actor: "u2", Resource: "proj_marketing", Events: 5, EventsInPeriod: 5},
				AccessSummary{Service: "openai", Actor: "u3", Resource: "proj_marketing", Model: "gpt-4.1", Events: 2})
		}, RuleShadowActivity, 1},
		{"role ARN containing a system identity is not shadow", func(in *DetectInput) {
			in.Access = append(in.Access, AccessSummary{Service: "bedrock", Actor: "arn:aws:sts::1:assumed-role/support-bot/s1", Events: 3})
		}, RuleShadowActivity, 0},
		{"identity must match a whole part, not a prefix", func(in *DetectInput) {
			in.Access = append(in.Access, AccessSummary{Service: "bedrock", Actor: "arn:aws:sts::1:assumed-role/support-bot-staging/s1", Events: 3})
		}, RuleShadowActivity, 1},
		{"glob identity ties activity", func(in *DetectInput) {
			in.Systems[0].Identities = append(in.Systems[0].Identities, "projects/acme/*/endpoints/42")
			in.Access = append(in.Access, AccessSummary{Service: "vertex-ai", Resource: "projects/acme/locations/eu/endpoints/42", Events: 3})
		}, RuleShadowActivity, 0},
		{"system recorded as shadow", func(in *DetectInput) { in.Systems[0].Approval = ApprovalShadow }, RuleShadowInventory, 1},
		{"pending system already in use", func(in *DetectInput) { in.Systems[0].Approval = ApprovalPending }, RuleShadowInventory, 1},
		{"pending system not in use", func(in *DetectInput) {
			in.Systems[0].Approval = ApprovalPending
			in.Access = nil
		}, RuleShadowInventory, 0},
		{"unlisted model", func(in *DetectInput) { in.Access[0].Model = "gpt-4o-mini" }, RuleUnlistedModel, 1},
		{"model inside a Bedrock ARN is listed", func(in *DetectInput) {
			in.Systems[0].Models = []string{"anthropic.claude-3-5-sonnet-20240620-v1:0"}
			in.Access[0].Model = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0"
		}, RuleUnlistedModel, 0},
		{"no logging", func(in *DetectInput) { in.Systems[0].Logging = LoggingNone }, RuleLoggingNone, 1},
		{"partial logging", func(in *DetectInput) { in.Systems[0].Logging = LoggingPartial }, RuleLoggingPartial, 1},
		{"no logging but out of scope", func(in *DetectInput) {
			in.Systems[0].Logging = LoggingNone
			in.Systems[0].AffectsService, in.Systems[0].DataCategories = false, []DataCategory{DataPublic}
		}, RuleLoggingNone, 0},
		{"provider logs imported but system silent in period", func(in *DetectInput) { in.Access[0].EventsInPeriod = 0 }, RuleNoActivity, 1},
		{"provider's logs not imported", func(in *DetectInput) { in.Access[0].Service, in.Access[0].EventsInPeriod = "azure-openai", 0 }, RuleNoActivity, 0},
		{"no business owner", func(in *DetectInput) { in.Systems[0].BusinessOwner = "" }, RuleOwnership, 1},
		{"team as owner", func(in *DetectInput) { in.Systems[0].TechnicalOwner = "Data team" }, RuleOwnership, 1},
		{"placeholder owner", func(in *DetectInput) { in.Systems[0].BusinessOwner = "TBD" }, RuleOwnership, 1},
		{"vendor scope does not cover", func(in *DetectInput) { in.Vendors[0].Covers = TriNo }, RuleVendorCoverage, 1},
		{"vendor without report", func(in *DetectInput) { in.Vendors[0].Report = ReportNone }, RuleVendorCoverage, 1},
		{"vendor gap but only out-of-scope use", func(in *DetectInput) {
			in.Vendors[0].Covers = TriNo
			in.Systems[0].ScopeOverride, in.Systems[0].ScopeJustification = new(bool), "sandbox"
		}, RuleVendorCoverage, 0},
		{"vendor report old, no bridge", func(in *DetectInput) { in.Vendors[0].PeriodEnd = "2024-03-31" }, RuleVendorStale, 1},
		{"vendor report old with later bridge letter", func(in *DetectInput) {
			in.Vendors[0].PeriodEnd, in.Vendors[0].BridgeLetter = "2024-03-31", "2025-04-15"
		}, RuleVendorStale, 0},
		{"change without approver", func(in *DetectInput) { in.Changes[0].ApprovedBy = "" }, RuleChangeUnapproved, 1},
		{"change without ticket", func(in *DetectInput) { in.Changes[0].Ticket = "" }, RuleChangeUnapproved, 1},
		{"approver deployed it", func(in *DetectInput) { in.Changes[0].ApprovedBy = "Cat" }, RuleChangeSoD, 1},
		{"approver requested it", func(in *DetectInput) { in.Changes[0].ApprovedBy = "ann" }, RuleChangeSoD, 1},
		{"untested change", func(in *DetectInput) { in.Changes[0].Tested = TriNo }, RuleChangeUntested, 1},
		{"testing not recorded", func(in *DetectInput) { in.Changes[0].Tested = TriUnknown }, RuleChangeUntested, 1},
		{"latest review failed", func(in *DetectInput) { in.Reviews[0].Date = "2025-04-01" }, RuleReviewFailed, 1},
		{"review needs follow-up", func(in *DetectInput) { in.Reviews[0].Verdict = VerdictFollowUp }, RuleReviewFollowUp, 1},
		{"control not met org-wide", func(in *DetectInput) {
			in.Answers[AnswerKey{"q1", SubjectOrg}] = Answer{QuestionID: "q1", Subject: SubjectOrg, Value: AnswerNo}
		}, RuleControlGap, 1},
		{"partial is not a gap", func(in *DetectInput) {
			in.Answers[AnswerKey{"q1", SubjectOrg}] = Answer{QuestionID: "q1", Subject: SubjectOrg, Value: AnswerPartial}
		}, RuleControlGap, 0},
		{"inventory review stale", func(in *DetectInput) { in.Systems[0].LastReviewed = "2024-06-14" }, RuleInventoryStale, 1},
		{"inventory never reviewed", func(in *DetectInput) { in.Systems[0].LastReviewed = "" }, RuleInventoryStale, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := cleanInput()
			c.edit(&in)
			fs := Detect(in)
			got := findingsOf(fs, c.rule)
			if len(got) != c.want {
				t.Fatalf("want %d %s findings, got %d (all: %v)", c.want, c.rule, len(got), rulesOf(fs))
			}
			r, _ := RuleByID(c.rule)
			for _, f := range got {
				if err := f.Validate(); err != nil {
					t.Errorf("finding does not validate: %v", err)
				}
				if len(f.Citations) == 0 || f.Fingerprint == "" || f.Kind != r.Kind || f.Status != StatusOpen {
					t.Errorf("finding lacks citations, fingerprint, kind or status: %+v", f)
				}
				if r.Criteria != nil && !slices.Equal(f.Criteria, r.Criteria) {
					t.Errorf("criteria %v, rule says %v", f.Criteria, r.Criteria)
				}
			}
		})
	}
}

func rulesOf(fs []Exception) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	return out
}

func TestDetectRaisesSeverityForHighTierSystem(t *testing.T) {
	in := cleanInput()
	in.Systems[0].Logging = LoggingNone
	if tier, _ := in.Systems[0].RiskTier(); tier != TierHigh {
		t.Fatalf("fixture tier %s; want high", tier)
	}
	f := findingsOf(Detect(in), RuleLoggingNone)[0]
	if f.Severity != SeverityCritical || f.SuggestedSeverity != SeverityCritical || f.SystemIDs[0] != 1 {
		t.Fatalf("high base on a high-tier system should be critical: %+v", f)
	}
}

func TestControlGapCitesFailingAnswersAndControlCriteria(t *testing.T) {
	in := cleanInput()
	in.Answers[AnswerKey{"q2", SystemSubject(1)}] = Answer{QuestionID: "q2", Subject: SystemSubject(1), Value: AnswerNo}
	fs := findingsOf(Detect(in), RuleControlGap)
	if len(fs) != 1 {
		t.Fatalf("want one gap, got %d", len(fs))
	}
	f := fs[0]
	if !slices.Equal(f.Criteria, []string{"CC7.2", "PI1.4"}) || !slices.Equal(f.ControlIDs, []string{"C2"}) || f.SystemIDs[0] != 1 {
		t.Fatalf("gap scope wrong: %+v", f)
	}
	if len(f.Citations) != 1 || f.Citations[0].Ref != "q2@system:1" || f.Citations[0].Type != CiteAnswer {
		t.Fatalf("citations %+v", f.Citations)
	}
}

func TestShadowActivityGroupsByApplicationAndCitesRecords(t *testing.T) {
	in := cleanInput()
	for i := range 30 {
		in.Access = append(in.Access, AccessSummary{Service: "openai", Actor: "u" + string(rune('a'+i%26)),
			Resource: "proj_marketing", Action: "a" + string(rune('a'+i)), Events: 1, SampleRef: "audit.jsonl:9", SampleFingerprint: "fp"})
	}
	fs := findingsOf(Detect(in), RuleShadowActivity)
	if len(fs) != 1 {
		t.Fatalf("want one finding per application, got %d", len(fs))
	}
	f := fs[0]
	if len(f.Citations) != maxCitations || !strings.Contains(f.Detail, "5 more records") {
		t.Fatalf("citations should be capped with a note: %d, %q", len(f.Citations), f.Detail)
	}
	if c := f.Citations[0]; c.Type != CiteAccessEvent || c.Ref != "fp" || !strings.HasPrefix(c.Label, "audit.jsonl:9: ") {
		t.Fatalf("citation %+v", c)
	}
}

func TestChangeFindingCitesRecordLocation(t *testing.T) {
	in := cleanInput()
	in.Changes[0].ApprovedBy = ""
	f := findingsOf(Detect(in), RuleChangeUnapproved)[0]
	if f.Citations[0].Ref != in.Changes[0].ComputeFingerprint() || !strings.HasPrefix(f.Citations[0].Label, "changes.csv:2: ") {
		t.Fatalf("citation %+v", f.Citations[0])
	}
	if len(f.SystemIDs) != 1 || f.SystemIDs[0] != 1 {
		t.Fatalf("change should tie to the system by name: %v", f.SystemIDs)
	}
}

func TestLooksLikePerson(t *testing.T) {
	for s, want := range map[string]bool{
		"Priya Shah": true, "p.shah@example.com": true, "Priya": true, "José Núñez": true,
		"": false, "TBD": false, "n/a": false, "IT": false, "Data team": false, "Engineering": false,
		"ml-platform": false, "ai-team@example.com": false, "???": false,
	} {
		if got := looksLikePerson(s); got != want {
			t.Errorf("%q: got %v want %v", s, got, want)
		}
	}
}

func TestIdentityMatching(t *testing.T) {
	ix := newIdentityIndex([]System{
		{Identities: []string{"support-bot", "proj_Support", "ab"}},
		{Identities: []string{"arn:aws:iam::1:role/*-ml"}},
	})
	cases := map[string][]int{
		"arn:aws:sts::1:assumed-role/support-bot/session": {0},
		"PROJ_SUPPORT":                 {0},
		"support-bot-2":                nil,
		"ab":                           nil, // too short to be an identity
		"arn:aws:iam::1:role/fraud-ml": {1},
		"arn:aws:iam::1:role/fraud":    nil,
		"":                             nil,
	}
	for v, want := range cases {
		if got := ix.systemsFor(v); !slices.Equal(got, want) {
			t.Errorf("%q: got %v want %v", v, got, want)
		}
	}
}

func TestDetectIsStableAcrossRunsAndInputOrder(t *testing.T) {
	in := cleanInput()
	in.Systems[0].Logging = LoggingPartial
	in.Changes[0].ApprovedBy = ""
	in.Access = append(in.Access,
		AccessSummary{Service: "openai", Resource: "proj_a", Events: 1},
		AccessSummary{Service: "openai", Resource: "proj_b", Events: 1})
	first := Detect(in)
	in.Now = in.Now.Add(48 * time.Hour)
	slices.Reverse(in.Access)
	second := Detect(in)
	if len(first) == 0 || len(first) != len(second) {
		t.Fatalf("runs differ in size: %d vs %d", len(first), len(second))
	}
	seen := map[string]bool{}
	for i := range first {
		if first[i].Fingerprint != second[i].Fingerprint {
			t.Errorf("finding %d: fingerprint changed between runs", i)
		}
		if seen[first[i].Fingerprint] {
			t.Errorf("two findings share fingerprint %s", first[i].Fingerprint)
		}
		seen[first[i].Fingerprint] = true
	}
}

func TestFingerprintPartsCannotCollideBySplitting(t *testing.T) {
	if FindingFingerprint("r", "ab", "c") == FindingFingerprint("r", "a", "bc") {
		t.Fatal("different part lists must give different fingerprints")
	}
	if !strings.HasPrefix(FindingFingerprint("control-gap", "C1"), "control-gap:") {
		t.Fatal("fingerprint should start with its rule for readability")
	}
}

func TestRulesCatalogueIsConsistent(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range Rules() {
		if ids[r.ID] {
			t.Errorf("duplicate rule %s", r.ID)
		}
		ids[r.ID] = true
		if !r.Base.Valid() || !slices.Contains(ExceptionKinds(), r.Kind) || r.Title == "" || r.Description == "" {
			t.Errorf("incomplete rule %+v", r)
		}
		for _, c := range r.Criteria {
			if CategoryOf(c) == "" {
				t.Errorf("rule %s: unknown criterion %s", r.ID, c)
			}
		}
	}
}
