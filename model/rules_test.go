package model

import (
	"strings"
	"testing"
)

func testPack() *Pack {
	return &Pack{
		ID: "t", Version: "1",
		Sections: []Section{{
			ID: "gov", Title: "Governance",
			Controls: []Control{
				{ID: "C1", SectionID: "gov", Criteria: []string{"CC1.1"}, Applies: AppliesOnce, Questions: []Question{
					{ID: "q1", ControlID: "C1", Kind: KindYesNo},
					{ID: "q1a", ControlID: "C1", Kind: KindText, When: &Condition{Question: "q1", In: []string{AnswerYes, AnswerPartial}}},
				}},
				{ID: "C2", SectionID: "gov", Criteria: []string{"CC7.2", "PI1.4"}, Applies: AppliesPerSystem, Questions: []Question{
					{ID: "q2", ControlID: "C2", Kind: KindYesNo},
					{ID: "q2b", ControlID: "C2", Kind: KindYesNo, When: &Condition{Fact: "deployment", In: []string{string(DeploySelfHosted)}}},
				}},
			},
		}},
	}
}

func TestWalkShowsFollowUpOnlyWhenParentSaysYes(t *testing.T) {
	p := testPack()
	items := Walk(p, Answers{}, nil)
	if len(items) != 1 || items[0].Question.ID != "q1" {
		t.Fatalf("want only q1 before answering, got %d items", len(items))
	}
	ans := Answers{{"q1", SubjectOrg}: {QuestionID: "q1", Subject: SubjectOrg, Value: AnswerYes}}
	items = Walk(p, ans, nil)
	if len(items) != 2 || items[1].Question.ID != "q1a" {
		t.Fatalf("want q1a after yes, got %v", len(items))
	}
	ans[AnswerKey{"q1", SubjectOrg}] = Answer{QuestionID: "q1", Subject: SubjectOrg, Value: AnswerNo}
	if n := len(Walk(p, ans, nil)); n != 1 {
		t.Fatalf("follow-up must disappear after no, got %d items", n)
	}
}

func TestWalkAsksPerSystemControlsOncePerInScopeSystem(t *testing.T) {
	p := testPack()
	systems := []System{
		{ID: 1, Name: "Chatbot", AffectsService: true, Approval: ApprovalApproved, Deployment: DeploySelfHosted},
		{ID: 2, Name: "Notes summariser", DataCategories: []DataCategory{DataPublic}, Approval: ApprovalApproved},
		{ID: 3, Name: "Support triage", DataCategories: []DataCategory{DataCustomer}, Approval: ApprovalApproved},
	}
	items := Walk(p, Answers{}, systems)
	var subjects []string
	for _, it := range items {
		if it.Control.ID == "C2" {
			subjects = append(subjects, it.Subject+"/"+it.Question.ID)
		}
	}
	want := "system:1/q2 system:1/q2b system:3/q2"
	if got := strings.Join(subjects, " "); got != want {
		t.Fatalf("per-system items = %q, want %q", got, want)
	}
}

func TestDescopingASystemKeepsItsAnswersButStopsAskingThem(t *testing.T) {
	p := testPack()
	sys := System{ID: 7, Name: "Agent", AffectsService: true, Approval: ApprovalApproved}
	ans := Answers{{"q2", SystemSubject(7)}: {QuestionID: "q2", Subject: SystemSubject(7), Value: AnswerYes}}
	if n := len(Walk(p, ans, []System{sys})); n != 2 {
		t.Fatalf("in scope: want 2 items, got %d", n)
	}
	out := false
	sys.ScopeOverride, sys.ScopeJustification = &out, "sandbox only"
	if n := len(Walk(p, ans, []System{sys})); n != 1 {
		t.Fatalf("descoped: want 1 item, got %d", n)
	}
	if _, ok := ans[AnswerKey{"q2", SystemSubject(7)}]; !ok {
		t.Fatal("answer of descoped system must be kept")
	}
}

func TestAssessControlStatus(t *testing.T) {
	p := testPack()
	cases := []struct {
		name string
		q1   Answer
		want Status
	}{
		{"unanswered", Answer{}, StatusUnanswered},
		{"yes without follow-up answered is incomplete", Answer{Value: AnswerYes}, StatusUnanswered},
		{"no is a gap", Answer{Value: AnswerNo}, StatusNotMet},
		{"partial opens the follow-up, so it is incomplete", Answer{Value: AnswerPartial}, StatusUnanswered},
		{"unknown counts as partial", Answer{Value: AnswerUnknown}, StatusPartial},
		{"na is na", Answer{Value: AnswerNA, Justification: "no AI"}, StatusNA},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ans := Answers{}
			if tc.q1.Value != "" {
				tc.q1.QuestionID, tc.q1.Subject = "q1", SubjectOrg
				ans[tc.q1.Key()] = tc.q1
			}
			res := Assess(Walk(p, ans, nil), ans)
			if res[0].Status != tc.want {
				t.Fatalf("status = %s, want %s", res[0].Status, tc.want)
			}
		})
	}
	ans := Answers{
		{"q1", SubjectOrg}:  {QuestionID: "q1", Subject: SubjectOrg, Value: AnswerYes},
		{"q1a", SubjectOrg}: {QuestionID: "q1a", Subject: SubjectOrg, Value: "The CISO"},
	}
	if res := Assess(Walk(p, ans, nil), ans); res[0].Status != StatusMet {
		t.Fatalf("yes + follow-up = %s, want met", res[0].Status)
	}
}

func TestSummarizeCountsControlTowardsEveryCategoryOfItsCriteria(t *testing.T) {
	p := testPack()
	sys := []System{{ID: 1, Name: "Bot", AffectsService: true, Approval: ApprovalApproved}}
	ans := Answers{{"q2", SystemSubject(1)}: {QuestionID: "q2", Subject: SystemSubject(1), Value: AnswerNo}}
	s := Summarize(p, ans, sys)
	if s.ByCategory[CategorySecurity].Gaps != 1 || s.ByCategory[CategoryProcessingIntegrity].Gaps != 1 {
		t.Fatalf("gap must count for security and processing integrity")
	}
	if s.ByCategory[CategoryPrivacy].Controls != 0 {
		t.Fatal("privacy has no controls here")
	}
	if r, ok := s.ByCategory[CategoryProcessingIntegrity].Readiness(); !ok || r != 0 {
		t.Fatalf("readiness = %v %v, want 0 true", r, ok)
	}
}

func TestScopeIsDerivedFromFactsWithReason(t *testing.T) {
	cases := []struct {
		sys    System
		in     bool
		reason string
	}{
		{System{AffectsService: true, Approval: ApprovalApproved}, true, "affects service delivery"},
		{System{DataCategories: []DataCategory{DataCustomer}, Approval: ApprovalShadow}, true, "customer data"},
		{System{DataCategories: []DataCategory{DataConfidential}}, true, "confidential"},
		{System{DataCategories: []DataCategory{DataPublic}}, false, "does not touch"},
		{System{AffectsService: true, Approval: ApprovalRetired}, false, "retired"},
	}
	for _, tc := range cases {
		in, why := tc.sys.InScope()
		if in != tc.in || !strings.Contains(why, tc.reason) {
			t.Errorf("%+v: got %v %q, want %v containing %q", tc.sys, in, why, tc.in, tc.reason)
		}
	}
}

func TestScopeOverrideNeedsJustification(t *testing.T) {
	no := false
	s := System{Name: "x", AffectsService: true, Approval: ApprovalApproved, ScopeOverride: &no}
	if err := s.Validate(); err == nil {
		t.Fatal("override without justification must be refused")
	}
	s.ScopeJustification = "decommissioned before the period"
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if in, why := s.InScope(); in || !strings.HasPrefix(why, "override:") {
		t.Fatalf("got %v %q", in, why)
	}
}

func TestRiskTier(t *testing.T) {
	cases := []struct {
		name string
		sys  System
		want Tier
	}{
		{"consequential on personal data without oversight", System{Consequential: true, DataCategories: []DataCategory{DataPersonal}, Oversight: OversightNone}, TierHigh},
		{"regulated data with full review", System{DataCategories: []DataCategory{DataRegulated}, Oversight: OversightEvery, Logging: LoggingFull}, TierMedium},
		{"customer-facing with customer data, reviewed", System{AffectsService: true, DataCategories: []DataCategory{DataCustomer}, Oversight: OversightEvery}, TierMedium},
		{"internal public-data helper", System{DataCategories: []DataCategory{DataPublic}, Logging: LoggingFull}, TierLow},
		{"shadow use of customer data", System{DataCategories: []DataCategory{DataCustomer}, Approval: ApprovalShadow, Logging: LoggingNone}, TierHigh},
	}
	for _, tc := range cases {
		got, why := tc.sys.RiskTier()
		if got != tc.want || len(why) == 0 {
			t.Errorf("%s: tier %s (%v), want %s", tc.name, got, why, tc.want)
		}
	}
}

func TestAnswerValidate(t *testing.T) {
	yn := &Question{Kind: KindYesNo}
	if err := (Answer{Value: AnswerNA}).Validate(yn); err == nil || !strings.Contains(err.Error(), "justification") {
		t.Fatalf("N/A without justification: %v", err)
	}
	if err := (Answer{Value: AnswerNA, Justification: "no AI in scope"}).Validate(yn); err != nil {
		t.Fatal(err)
	}
	if err := (Answer{Value: "2026-02-30"}).Validate(&Question{Kind: KindDate}); err == nil {
		t.Fatal("impossible date accepted")
	}
	if err := (Answer{Value: "12.5"}).Validate(&Question{Kind: KindNumber}); err != nil {
		t.Fatal(err)
	}
	ch := &Question{Kind: KindMulti, Options: []Option{{Value: "a"}, {Value: "b"}}}
	if err := (Answer{Choices: []string{"a", "z"}}).Validate(ch); err == nil {
		t.Fatal("unknown choice accepted")
	}
}

func TestParseDateAcceptsWhatPeopleType(t *testing.T) {
	for in, want := range map[string]Date{
		"2026-03-31": "2026-03-31", "31/03/2026": "2026-03-31", "31.03.2026": "2026-03-31",
		"Mar 31, 2026": "2026-03-31", "31 March 2026": "2026-03-31", "2026/03/31": "2026-03-31",
		"  ": "", "03/31/2026": "2026-03-31",
	} {
		got, err := ParseDate(in)
		if err != nil || got != want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseDate("next tuesday"); err == nil {
		t.Error("nonsense date accepted")
	}
}

func TestCleanTextStripsTerminalEscapes(t *testing.T) {
	cases := map[string]string{
		"plain":                          "plain",
		"red \x1b[31mtext\x1b[0m":        "red text",
		"title \x1b]0;pwned\x07 done":    "title  done",
		"osc st \x1b]8;;http://x\x1b\\k": "osc st k",
		"bell\x07 and cr\r":              "bell and cr",
		"c1 csi \u009b2J gone":           "c1 csi  gone",
		"keep\nlines\tand tabs":          "keep\nlines\tand tabs",
		"dcs \x1bPq#0;2;0;0;0\x1b\\ end": "dcs  end",
		"unicode ✓ stays":                "unicode ✓ stays",
		"trailing esc \x1b":              "trailing esc ",
	}
	for in, want := range cases {
		if got := CleanText(in); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := CleanLine("a\nb\tc"); got != "a b c" {
		t.Errorf("CleanLine = %q", got)
	}
}

func TestEveryCriterionHasACategory(t *testing.T) {
	cs := Criteria()
	if len(cs) != 61 {
		t.Fatalf("want 61 criteria, got %d", len(cs))
	}
	count := map[Category]int{}
	for _, c := range cs {
		count[c.Category]++
	}
	want := map[Category]int{CategorySecurity: 33, CategoryAvailability: 3, CategoryConfidentiality: 2, CategoryProcessingIntegrity: 5, CategoryPrivacy: 18}
	for k, v := range want {
		if count[k] != v {
			t.Errorf("%s: %d criteria, want %d", k, count[k], v)
		}
	}
}

func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"a\x1b[31mb", "\x1b]0;x\x07", "\u009b1m", "ok\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := CleanText(s)
		for _, r := range out {
			if r == 0x1b || r == 0x9b || r == 0x07 || r == '\r' {
				t.Fatalf("control %U survived in %q", r, out)
			}
		}
	})
}
