package model

import (
	"strings"
	"testing"
)

// ownersInput is the clean engagement with both owners visible in the
// records: the business owner reviews outputs, the technical owner calls
// the model.
func ownersInput() DetectInput {
	in := cleanInput()
	in.Systems[0].BusinessOwner, in.Systems[0].TechnicalOwner = "Jane Doe", "raj@acme.example"
	in.Reviews[0].Reviewer = "jane doe"
	in.Access[0].Actor = "arn:aws:iam::1:user/raj"
	return in
}

func TestOwnerSeenInRecordsIsNotFlagged(t *testing.T) {
	if got := findingsOf(Detect(ownersInput()), RuleOwnerUnseen); len(got) != 0 {
		t.Fatalf("owners appear in the records, got %d findings: %+v", len(got), got)
	}
}

func TestOwnerMissingFromEveryRecordIsALowFindingPerRole(t *testing.T) {
	in := ownersInput()
	in.Systems[0].TechnicalOwner = "omar@acme.example"
	got := findingsOf(Detect(in), RuleOwnerUnseen)
	if len(got) != 1 {
		t.Fatalf("want one finding for the unseen technical owner, got %d", len(got))
	}
	f := got[0]
	if f.Kind != ExKindUnclearOwnership || f.Criteria[0] != "CC1.3" || f.SystemIDs[0] != 1 ||
		!strings.Contains(f.Title, "Technical owner") || !strings.Contains(f.Detail, "omar@acme.example") {
		t.Fatalf("finding %+v", f)
	}
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	// The fixture system is high tier: low moves up one step.
	if f.SuggestedSeverity != SeverityMedium {
		t.Fatalf("severity %s on a high-tier system, want medium", f.SuggestedSeverity)
	}
	again := findingsOf(Detect(in), RuleOwnerUnseen)
	if again[0].Fingerprint != f.Fingerprint {
		t.Fatal("fingerprint changed between runs")
	}
	in.Systems[0].BusinessOwner = "Lee Park"
	if n := len(findingsOf(Detect(in), RuleOwnerUnseen)); n != 2 {
		t.Fatalf("both owners unseen: want 2 findings, got %d", n)
	}
}

func TestOwnerRuleWaitsForImportedRecords(t *testing.T) {
	in := ownersInput()
	in.Systems[0].TechnicalOwner = "omar@acme.example"
	in.Access, in.Changes, in.Reviews = nil, nil, nil
	if n := len(findingsOf(Detect(in), RuleOwnerUnseen)); n != 0 {
		t.Fatalf("nothing imported: want no findings, got %d", n)
	}
}

func TestOwnerRuleSkipsOutOfScopeAndNonPersonOwners(t *testing.T) {
	in := ownersInput()
	in.Systems[0].TechnicalOwner = "Data team" // RuleOwnership's concern
	if n := len(findingsOf(Detect(in), RuleOwnerUnseen)); n != 0 {
		t.Fatalf("team owner: want no owner-not-seen finding, got %d", n)
	}
	in.Systems[0].TechnicalOwner = "omar@acme.example"
	in.Systems[0].ScopeOverride, in.Systems[0].ScopeJustification = new(bool), "sandbox"
	if n := len(findingsOf(Detect(in), RuleOwnerUnseen)); n != 0 {
		t.Fatalf("out of scope: want no findings, got %d", n)
	}
}

func TestOwnerMatchingByEmailLocalPartAndNameWords(t *testing.T) {
	seen := map[string]bool{}
	for _, v := range []string{"arn:aws:iam::1:user/jane", "Priya Shah", "t.li@example.com", "CHG-bot"} {
		for _, tok := range personTokens(v) {
			seen[tok] = true
		}
	}
	cases := map[string]bool{
		"jane@acme.example": true,  // local part = IAM user name
		"Jane Doe":          true,  // first name = IAM user name
		"p.shah@acme.test":  true,  // surname word
		"PRIYA":             true,  // case ignored
		"T.Li@Example.com":  true,  // whole value
		"t.li@other.test":   true,  // local part
		"Li Wei":            false, // "li" is too short to count, "wei" is nowhere
		"omar@acme.example": false,
		"acme":              false,
	}
	for owner, want := range cases {
		if got := ownerSeen(owner, seen); got != want {
			t.Errorf("%q: seen %v, want %v", owner, got, want)
		}
	}
}
