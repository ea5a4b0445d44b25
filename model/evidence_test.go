package model

import "testing"

func TestParseEvidenceTargetReadsEveryForm(t *testing.T) {
	for in, want := range map[string]EvidenceTarget{
		"answer:q1":              {TargetAnswer, "q1@org"},
		"answer: q1 @ system:3 ": {TargetAnswer, "q1@system:3"},
		"System:Support bot":     {TargetSystem, "Support bot"},
		"vendor:OpenAI":          {TargetVendor, "OpenAI"},
		"exception:EX-12":        {TargetException, "12"},
		"exception:7":            {TargetException, "7"},
	} {
		got, err := ParseEvidenceTarget(in)
		if err != nil || got != want {
			t.Errorf("%q: %+v %v, want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "q1", "control:CC6.1", "system:", "answer:@org", "exception:twelve", "exception:0"} {
		if _, err := ParseEvidenceTarget(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestEvidenceOutsidePeriodFlagsOnlyType2DatesOutsideThePeriod(t *testing.T) {
	type2 := Engagement{Readiness: Type2, PeriodStart: "2026-01-01", PeriodEnd: "2026-06-30"}
	for _, tc := range []struct {
		eng  Engagement
		date Date
		want bool
	}{
		{type2, "2025-12-31", true},
		{type2, "2026-01-01", false},
		{type2, "2026-06-30", false},
		{type2, "2026-07-01", true},
		{type2, "", false},
		{Engagement{Readiness: Type1, PeriodStart: "2026-01-01", PeriodEnd: "2026-06-30"}, "2020-01-01", false},
		{Engagement{Readiness: Type2}, "2020-01-01", false},
	} {
		got, why := EvidenceOutsidePeriod(Evidence{EffectiveDate: tc.date}, tc.eng)
		if got != tc.want || (got && why == "") {
			t.Errorf("%s in %+v: %v %q, want %v", tc.date, tc.eng, got, why, tc.want)
		}
	}
}

func TestEvidenceValidateChecksDates(t *testing.T) {
	for _, tc := range []struct {
		ev Evidence
		ok bool
	}{
		{Evidence{}, true},
		{Evidence{EffectiveDate: "2026-01-01", RetentionDate: "2033-01-01"}, true},
		{Evidence{EffectiveDate: "01/02/2026"}, false},
		{Evidence{RetentionDate: "soon"}, false},
		{Evidence{EffectiveDate: "2026-01-01", RetentionDate: "2025-01-01"}, false},
	} {
		if err := tc.ev.Validate(); (err == nil) != tc.ok {
			t.Errorf("%+v: %v", tc.ev, err)
		}
	}
}
