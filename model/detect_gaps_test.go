package model

import (
	"strings"
	"testing"
	"time"
)

// logChangeInput is one system whose guardrail was updated on 10 May (the
// logs' First..Last window), with a ticketed change record that day.
func logChangeInput() DetectInput {
	now := time.Date(2025, 6, 15, 10, 0, 0, 0, time.UTC)
	day := time.Date(2025, 5, 10, 14, 0, 0, 0, time.UTC)
	return DetectInput{
		Systems: []System{{ID: 4, Name: "Support bot", Identities: []string{"support-bot"}, Approval: ApprovalApproved,
			BusinessOwner: "Jane Doe", TechnicalOwner: "Raj Patel", Logging: LoggingFull}},
		Access: []AccessSummary{{Service: "bedrock", Actor: "arn:aws:iam::1:user/raj", Resource: "support-bot",
			Action: "UpdateGuardrail", Events: 2, First: day, Last: day.Add(time.Hour), SampleFingerprint: "fpG"}},
		Changes: []ChangeRecord{{Time: time.Date(2025, 5, 9, 0, 0, 0, 0, time.UTC), System: "Support bot",
			ChangeType: ChangeGuardrail, Ticket: "CHG-7", RequestedBy: "jane", ApprovedBy: "ben", DeployedBy: "raj", Tested: TriYes}},
		Now: now,
	}
}

func logChangeFindings(in DetectInput) (priv, noTicket []Exception) {
	fs := Detect(in)
	return findingsOf(fs, RulePrivilegedChange), findingsOf(fs, RuleChangeNoTicket)
}

func TestPrivilegedChangeCoveredByTicketedRecordWithinADayIsNotRaised(t *testing.T) {
	priv, noTicket := logChangeFindings(logChangeInput())
	if len(priv)+len(noTicket) != 0 {
		t.Fatalf("ticketed record a day before covers it; got %d privileged, %d no-ticket", len(priv), len(noTicket))
	}
}

func TestPrivilegedChangeWithoutAnyChangeLogStaysAPrivilegedChange(t *testing.T) {
	in := logChangeInput()
	in.Changes = nil
	priv, noTicket := logChangeFindings(in)
	if len(priv) != 1 || len(noTicket) != 0 {
		t.Fatalf("no change log: want 1 privileged-change, got %d privileged, %d no-ticket", len(priv), len(noTicket))
	}
	if strings.Contains(priv[0].Detail, "change log has no record") {
		t.Fatalf("detail claims a change log: %q", priv[0].Detail)
	}
}

func TestPrivilegedChangeNearAnUnticketedRecordStaysAPrivilegedChange(t *testing.T) {
	in := logChangeInput()
	in.Changes[0].Ticket = ""
	priv, noTicket := logChangeFindings(in)
	if len(priv) != 1 || len(noTicket) != 0 {
		t.Fatalf("unticketed record: want 1 privileged-change, got %d privileged, %d no-ticket", len(priv), len(noTicket))
	}
}

func TestLogChangeMissingFromTheSystemsChangeLogIsChangeNoTicket(t *testing.T) {
	in := logChangeInput()
	in.Changes[0].Time = time.Date(2025, 5, 8, 23, 0, 0, 0, time.UTC) // two days before the first event
	priv, noTicket := logChangeFindings(in)
	if len(priv) != 0 || len(noTicket) != 1 {
		t.Fatalf("want 1 change-no-ticket, got %d privileged, %d no-ticket", len(priv), len(noTicket))
	}
	f := noTicket[0]
	r, _ := RuleByID(RuleChangeNoTicket)
	tier, _ := in.Systems[0].RiskTier()
	if r.Base != SeverityMedium || f.SuggestedSeverity != SuggestSeverity(r, tier) {
		t.Fatalf("severity %s from base %s and tier %s", f.SuggestedSeverity, r.Base, tier)
	}
	if f.Kind != ExKindUnapprovedChange || f.Criteria[0] != "CC8.1" ||
		len(f.SystemIDs) != 1 || f.SystemIDs[0] != 4 || f.Citations[0].Ref != "fpG" ||
		!strings.Contains(f.Detail, "change log has no record") {
		t.Fatalf("finding %+v", f)
	}
	if err := f.Validate(); err != nil {
		t.Fatal(err)
	}
	if again := findingsOf(Detect(in), RuleChangeNoTicket); again[0].Fingerprint != f.Fingerprint {
		t.Fatal("fingerprint changed between runs")
	}
}

func TestChangeRecordOfAnotherSystemDoesNotCoverALogChange(t *testing.T) {
	in := logChangeInput()
	in.Systems = append(in.Systems, System{ID: 5, Name: "Fraud model", Identities: []string{"fraud-ml"}})
	in.Changes[0].System = "Fraud model"
	priv, noTicket := logChangeFindings(in)
	if len(priv) != 1 || len(noTicket) != 0 {
		t.Fatalf("other system's record: want 1 privileged-change, got %d privileged, %d no-ticket", len(priv), len(noTicket))
	}
}

func TestLoggingTurnedOffIsRaisedEvenWithATicket(t *testing.T) {
	in := logChangeInput()
	in.Access[0].Action = "DeleteModelInvocationLoggingConfiguration"
	if n := len(findingsOf(Detect(in), RuleLoggingDisabled)); n != 1 {
		t.Fatalf("logging turned off must always be raised, got %d", n)
	}
}
