package model

import (
	"strings"
	"testing"
	"time"
)

func TestPrivilegedActionsAreClassified(t *testing.T) {
	cases := map[string]string{
		"DeleteModelInvocationLoggingConfiguration": RuleLoggingDisabled,
		"StopLogging": RuleLoggingDisabled,
		"MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/DELETE": RuleLoggingDisabled,
		"DeleteGuardrail":                  RulePrivilegedChange,
		"api_key.created":                  RulePrivilegedChange,
		"google.iam.admin.v1.SetIamPolicy": RulePrivilegedChange,
		"InvokeModel":                      "",
		"google.cloud.aiplatform.v1.PredictionService.GenerateContent": "",
		"login.succeeded": "",
	}
	for action, want := range cases {
		if got, _ := privilegedAction(action); got != want {
			t.Errorf("%s: rule %q, want %q", action, got, want)
		}
	}
}

func TestLoggingTurnedOffInTheLogsIsAHighFindingTiedToTheSystem(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	sys := System{ID: 4, Name: "Support bot", Identities: []string{"support-bot"}, AffectsService: true,
		Approval: ApprovalApproved, BusinessOwner: "Jane Doe", TechnicalOwner: "Raj Patel", Logging: LoggingFull}
	in := DetectInput{Systems: []System{sys}, Now: now, Access: []AccessSummary{
		{Service: "bedrock", Actor: "arn:aws:iam::1:user/bob", Resource: "support-bot", Action: "DeleteModelInvocationLoggingConfiguration", Events: 1},
		{Service: "bedrock", Actor: "arn:aws:iam::1:user/bob", Resource: "support-bot", Action: "InvokeModel", Events: 40},
	}}
	var got []Exception
	for _, e := range Detect(in) {
		if e.Kind == ExKindPrivilegedChange {
			got = append(got, e)
		}
	}
	if len(got) != 1 {
		t.Fatalf("want 1 privileged-change finding, got %d", len(got))
	}
	e := got[0]
	if e.Rule != RuleLoggingDisabled || e.Severity != SeverityHigh || !strings.Contains(e.Title, "logging turned off") {
		t.Fatalf("finding %+v", e)
	}
	if len(e.SystemIDs) != 1 || e.SystemIDs[0] != 4 || e.Criteria[0] != "CC7.2" {
		t.Fatalf("systems %v criteria %v", e.SystemIDs, e.Criteria)
	}
	again := Detect(in)
	for _, a := range again {
		if a.Rule == RuleLoggingDisabled && a.Fingerprint != e.Fingerprint {
			t.Fatal("fingerprint changed between runs")
		}
	}
}
