package export

import (
	"fmt"
	"strings"
	"time"

	"auditwalk/model"
)

// at is a fixed timestamp helper for fixtures.
func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func yn(id, prompt string) model.Question {
	return model.Question{ID: id, Prompt: prompt, Kind: model.KindYesNo}
}

// fixturePack is a small pack: two sections, four controls, once and
// per-system, with a conditional question and crosswalk ids.
func fixturePack() *model.Pack {
	p := &model.Pack{
		ID: "fixture-ai", Version: "1.0.0", Title: "Fixture AI controls",
		Hash:    "9f2c1e0b6a3d4c5e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e",
		Source:  "builtin:fixture.yaml",
		Covered: []model.CoveredCriterion{{Criterion: "CC6.4", Reason: "Physical access is covered by the data-centre provider's SOC 2."}},
		Sections: []model.Section{
			{ID: "gov", Title: "Governance", Controls: []model.Control{
				{ID: "GOV-01", Title: "AI governance policy", Criteria: []string{"CC1.3", "CC2.1"}, NIST: []string{"GOVERN 2.1", "GOVERN 1.6"},
					ISO: []string{"A.2.2", "A.3.2"}, Applies: model.AppliesOnce, Evidence: []string{"Approved AI policy", "Board minutes"},
					Narrative: "{{.Title}}",
					Questions: []model.Question{
						yn("gov-1", "Is there an approved AI use policy?"),
						{ID: "gov-2", Prompt: "Who owns the AI policy?", Kind: model.KindText},
						{ID: "gov-3", Prompt: "How often is the policy reviewed?", Kind: model.KindChoice,
							Options: []model.Option{{Value: "quarterly", Label: "Quarterly"}, {Value: "annually", Label: "Annually"}, {Value: "never", Label: "Never"}},
							Meets:   []string{"quarterly", "annually"}},
					}},
				{ID: "PI-01", Title: "Human oversight of AI outputs", Criteria: []string{"PI1.4"}, NIST: []string{"MEASURE 2.5"},
					ISO: []string{"A.9.3"}, Applies: model.AppliesOnce, Narrative: "{{.Title}}",
					Questions: []model.Question{yn("pi-1", "Are consequential AI outputs reviewed by a person before release?")}},
			}},
			{ID: "ops", Title: "Operations", Controls: []model.Control{
				{ID: "ACC-01", Title: "Access to models, prompts and keys", Criteria: []string{"CC6.1", "CC6.2"}, NIST: []string{"GOVERN 1.6"},
					ISO: []string{"A.6.2.5"}, Applies: model.AppliesPerSystem, Evidence: []string{"IdP group export"}, Narrative: "{{.Title}}",
					Questions: []model.Question{
						yn("acc-1", "Is access to the model API restricted through SSO with MFA?"),
						yn("acc-2", "Are API keys rotated at least every 90 days?"),
						{ID: "acc-3", Prompt: "Is the model host patched monthly?", Kind: model.KindYesNo,
							When: &model.Condition{Fact: "deployment", In: []string{"self-hosted"}}},
					}},
				{ID: "CHG-01", Title: "Change management for models and prompts", Criteria: []string{"CC8.1"},
					NIST: []string{"MANAGE 4.1", "MEASURE 2.3"}, ISO: []string{"A.6.2.5"}, Applies: model.AppliesPerSystem,
					Narrative: "{{.Title}}",
					Questions: []model.Question{
						yn("chg-1", "Are model and prompt changes approved before release?"),
						{ID: "chg-2", Prompt: "When was the last prompt change reviewed?", Kind: model.KindDate},
					}},
			}},
		},
	}
	for si := range p.Sections {
		for ci := range p.Sections[si].Controls {
			c := &p.Sections[si].Controls[ci]
			c.SectionID = p.Sections[si].ID
			for qi := range c.Questions {
				c.Questions[qi].ControlID = c.ID
			}
		}
	}
	return p
}

// fixtureBundle is the rich engagement of the golden tests. txt decorates
// every free-text field, so the hostile-text tests can reuse the same
// shape with dangerous text (identity for the golden files).
func fixtureBundle(txt func(string) string) Bundle {
	yes := true
	sys := []model.System{
		{ID: 1, Name: txt("Support assistant"), Purpose: txt("Drafts replies to customer tickets"), BusinessOwner: txt("Dana Ops"),
			TechnicalOwner: txt("Lee Platform"), VendorID: 1, Models: []string{"gpt-4o", "text-embedding-3"},
			Identities: []string{"arn:aws:iam::1:role/support-bot"}, Deployment: model.DeployThirdPartyAPI,
			DataCategories: []model.DataCategory{model.DataCustomer, model.DataPersonal}, AffectsService: true,
			Oversight: model.OversightSampled, Logging: model.LoggingFull, LogRetention: "90 days",
			AccessControl: []string{model.AccessSSOMFA}, Approval: model.ApprovalApproved, LastReviewed: "2025-05-20",
			Notes: txt("Replies are sent by agents | never automatically.")},
		{ID: 2, Name: txt("Contract reviewer"), Purpose: txt("Flags risky clauses in customer contracts"), BusinessOwner: txt("Sam Legal"),
			Deployment: model.DeploySelfHosted, DataCategories: []model.DataCategory{model.DataConfidential},
			Consequential: true, Oversight: model.OversightNone, Logging: model.LoggingNone, Approval: model.ApprovalPending},
		{ID: 3, Name: txt("Marketing copy helper"), Purpose: txt("Writes campaign drafts"), VendorID: 2,
			Deployment: model.DeploySaaSFeature, DataCategories: []model.DataCategory{model.DataPublic}, Approval: model.ApprovalShadow,
			ScopeOverride: &yes, ScopeJustification: txt("Staff paste customer names into prompts")},
		{ID: 4, Name: txt("Old summariser"), Purpose: txt("Summarised call notes"), Deployment: model.DeployInternalBuild,
			DataCategories: []model.DataCategory{model.DataCustomer}, Approval: model.ApprovalRetired},
	}
	vendors := []model.Vendor{
		{ID: 1, Name: txt("ModelCo"), Service: txt("Chat completions API"), Report: model.ReportType2, PeriodEnd: "2025-03-31",
			Opinion: txt("Unmodified"), Covers: model.TriYes, CoversNote: txt("API platform is in the system description"),
			CarveOuts: []string{txt("CloudHost")}, BridgeLetter: "2025-04-15", CUECs: []string{txt("Customers manage their own API keys"), txt("Customers review outputs before use")},
			DPASigned: model.TriYes, Training: model.TrainingOptedOut, Retention: txt("30 days for abuse monitoring"),
			Subprocessors: []string{txt("CloudHost")}, Scores: map[model.ScoreDimension]model.Score{
				model.ScoreDataAccess: {Value: 4, Note: txt("Scoped to ticket text")}, model.ScoreAuditLogs: {Value: 3},
				model.ScoreHumanApproval: {Value: 5}, model.ScoreOwnership: {Value: 2, Note: txt("No named owner after launch")},
			}},
		{ID: 2, Name: txt("CopyGen SaaS"), Service: txt("Marketing writer"), Report: model.ReportNone, Covers: model.TriUnknown,
			DPASigned: model.TriNo, Training: model.TrainingUnknown, Notes: txt("Found through expense reports.")},
	}
	ans := func(q, subj, val, note string, src model.Source) model.Answer {
		return model.Answer{QuestionID: q, Subject: subj, Value: val, Note: note, Source: src,
			UpdatedAt: at("2025-06-02T10:00:00Z"), UpdatedBy: "alex"}
	}
	s1, s2, s3 := model.SystemSubject(1), model.SystemSubject(2), model.SystemSubject(3)
	answers := model.Answers{}
	for _, a := range []model.Answer{
		ans("gov-1", model.SubjectOrg, model.AnswerYes, txt("Policy v2 approved in March"), model.SourceDocument),
		ans("gov-2", model.SubjectOrg, txt("Chief Risk Officer"), "", model.SourceInterview),
		ans("gov-3", model.SubjectOrg, "annually", "", model.SourceInterview),
		ans("pi-1", model.SubjectOrg, model.AnswerPartial, txt("Only for contract review"), model.SourceInterview),
		ans("acc-1", s1, model.AnswerYes, "", model.SourceSystemRecord),
		ans("acc-2", s1, model.AnswerNo, txt("Keys are a year old"), model.SourceSystemRecord),
		ans("acc-1", s2, model.AnswerYes, "", model.SourceInterview),
		ans("acc-2", s2, model.AnswerYes, "", model.SourceInterview),
		ans("acc-3", s2, model.AnswerUnknown, "", model.SourceNone),
		ans("chg-1", s1, model.AnswerYes, "", model.SourceDocument),
		ans("chg-2", s1, "2025-05-30", "", model.SourceDocument),
		ans("acc-1", s3, model.AnswerNo, txt("Shared team login"), model.SourceObservation),
	} {
		answers[a.Key()] = a
	}
	flagged := answers[model.AnswerKey{QuestionID: "acc-2", Subject: s2}]
	flagged.Flagged = true
	flagged.Note = txt("Check the rotation log")
	answers[flagged.Key()] = flagged

	return Bundle{
		Engagement: model.Engagement{Name: txt("FY25 readiness"), Client: txt("Acme Analytics"), Assessor: txt("Alex Auditor"),
			Readiness: model.Type2, PeriodStart: "2025-07-01", PeriodEnd: "2025-12-31", AsOf: "2025-06-30",
			PackID: "fixture-ai", PackVersion: "1.0.0", CreatedAt: at("2025-05-01T09:00:00Z")},
		EngagementID: "7d0f6a52-4c1e-4d8e-9a51-0c7d2b6e9f10",
		Pack:         fixturePack(),
		Answers:      answers,
		Systems:      sys,
		Vendors:      vendors,
		Exceptions:   fixtureExceptions(txt),
		Tasks: []model.RemediationTask{
			{ID: 1, ExceptionID: 2, Title: txt("Turn on request logging for the contract reviewer"), Description: txt("Send logs to the SIEM"),
				Owner: txt("Lee Platform"), Due: "2025-06-15", Status: model.TaskTodo, CreatedAt: at("2025-06-03T09:00:00Z"), UpdatedAt: at("2025-06-03T09:00:00Z")},
			{ID: 2, ExceptionID: 2, Title: txt("Define log retention"), Owner: txt("Sam Legal"), Due: "2025-06-10", Status: model.TaskDone,
				Note: txt("90 days agreed"), CreatedAt: at("2025-06-03T09:00:00Z"), UpdatedAt: at("2025-06-09T09:00:00Z")},
			{ID: 3, ExceptionID: 5, Title: txt("Rotate API keys"), Owner: txt("Lee Platform"), Due: "2025-07-31", Status: model.TaskInProgress,
				TrackerRef: "SEC-101", CreatedAt: at("2025-06-04T09:00:00Z"), UpdatedAt: at("2025-06-05T09:00:00Z")},
		},
		Reviews: []model.ReviewRecord{
			{SampleID: "S-1", System: txt("Support assistant"), Reviewer: txt("Kim QA"), Date: "2025-06-01", Verdict: model.VerdictPass, SourceFile: "reviews.csv", Line: 2},
			{SampleID: "S-2", System: txt("Support assistant"), Reviewer: txt("Kim QA"), Date: "2025-06-01", Verdict: model.VerdictFail,
				IssueCategory: txt("hallucination"), Note: txt("Invented a refund policy"), SourceFile: "reviews.csv", Line: 3},
			{SampleID: "S-3", System: txt("Contract reviewer"), Reviewer: txt("Kim QA"), Date: "2025-06-02", Verdict: model.VerdictFollowUp, SourceFile: "reviews.csv", Line: 4},
		},
		Changes: []model.ChangeRecord{
			{Time: at("2025-05-28T14:00:00Z"), System: txt("Support assistant"), ChangeType: model.ChangePrompt, Description: txt("Tone update"),
				Ticket: "CHG-7", ApprovedBy: txt("Dana Ops"), Tested: model.TriYes, SourceFile: "changes.csv", Line: 2},
		},
		Approvals: []Approval{
			{Entity: "answer", Ref: "gov-1@org", Author: "alex", Reviewer: txt("Robin Reviewer"), Decision: ApprovalApproved, At: at("2025-06-20T12:00:00Z")},
			{Entity: "narrative", Ref: "GOV-01@org", Author: "alex", Reviewer: txt("Robin Reviewer"), Decision: ApprovalChangesRequested,
				At: at("2025-06-21T12:00:00Z"), Note: txt("Name the committee")},
		},
		Attestations: []Attestation{{Owner: txt("Dana Ops"), Role: "control-owner", Signed: true, ControlIDs: []string{"ACC-01"}, AnswersHash: "4b1d0e5c", Statement: txt("I attest these answers are accurate."), At: at("2025-06-25T08:00:00Z"), Status: "valid"}},
		Evidence: []Evidence{
			{ID: 1, Path: txt("policies/AI policy v2.pdf"), SHA256: strings.Repeat("ab", 32), Size: 183422, MediaType: "application/pdf",
				AddedBy: "alex", AddedAt: at("2025-06-02T10:05:00Z"), EffectiveDate: "2025-03-14", Retention: "2032-03-14",
				AttachedTo: []Attachment{{AttachAnswer, "gov-1@org"}}},
			{ID: 2, Path: txt("idp/support-bot-group.csv"), SHA256: strings.Repeat("cd", 32), Size: 2048, AddedBy: "alex",
				AddedAt: at("2025-06-02T11:00:00Z"), EffectiveDate: "2025-06-01", Retention: "2032-06-01",
				AttachedTo: []Attachment{{AttachControl, "ACC-01@system:1"}, {AttachSystem, "1"}}},
			{ID: 3, Path: txt("logs/contract-reviewer-gap.png"), SHA256: strings.Repeat("ef", 32), Size: 99, AddedBy: "alex",
				AddedAt: at("2025-06-03T11:00:00Z"), EffectiveDate: "2025-06-03", AttachedTo: []Attachment{{AttachException, "2"}}},
		},
		Narratives: map[NarrativeKey]Narrative{
			{ControlID: "GOV-01", Subject: model.SubjectOrg}: {Text: txt("The Chief Risk Officer owns the AI use policy.\nThe risk committee reviews it every year."),
				Generated: "AI governance policy for org.", EditedBy: "alex", EditedAt: at("2025-06-10T16:00:00Z")},
		},
		Narrator:  fixtureNarrator,
		TrailHead: "5a1c7e2f9b3d4a6c8e0f1b2d3c4a5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d",
	}
}

func fixtureNarrator(ctl *model.Control, subject string) (string, error) {
	return fmt.Sprintf("%s for %s.", ctl.Title, subject), nil
}

func fixtureExceptions(txt func(string) string) []model.Exception {
	raised := at("2025-06-02T12:00:00Z")
	return []model.Exception{
		{ID: 1, Kind: model.ExKindShadowAI, Rule: "shadow-ai", Title: txt("Shadow AI: Marketing copy helper"),
			Detail: txt("Expense reports show a CopyGen subscription with no approval."), SystemIDs: []int64{3}, VendorIDs: []int64{2},
			ControlIDs: []string{"GOV-01"}, Criteria: []string{"CC1.3", "CC2.1"}, Severity: model.SeverityHigh, SuggestedSeverity: model.SeverityHigh,
			Status: model.StatusOpen, RaisedBy: model.DetectorActor, RaisedAt: raised, Fingerprint: "fp-shadow-3",
			Citations: []model.Citation{{Type: model.CiteSystem, Ref: "3", Label: txt("Marketing copy helper")}}},
		{ID: 2, Kind: model.ExKindMissingLogs, Title: txt("Contract reviewer interactions are not logged"), SystemIDs: []int64{2},
			ControlIDs: []string{"CHG-01"}, Criteria: []string{"CC7.2"}, Severity: model.SeverityCritical, SuggestedSeverity: model.SeverityHigh,
			SeverityReason: txt("Consequential decisions with no trail"), Owner: txt("Lee Platform"), Status: model.StatusInRemediation,
			Decision: model.Decision{Kind: model.DecisionRemediate, Actor: "alex", At: at("2025-06-03T08:00:00Z"), Rationale: txt("Fix before the period starts")},
			ManagementResponse: model.ManagementResponse{Cause: txt("Logging was never configured for the self-hosted model."),
				Remediation: txt("Enable request logging and ship to the SIEM."), TargetDate: "2025-06-30"},
			RaisedBy: "alex", RaisedAt: raised,
			History: []model.StatusChange{{From: model.StatusOpen, To: model.StatusInRemediation, Actor: "alex", At: at("2025-06-03T08:00:00Z"), Note: txt("Fix before the period starts")}}},
		{ID: 3, Kind: model.ExKindVendorCoverage, Title: txt("CopyGen has no SOC 2 report"), VendorIDs: []int64{2}, Criteria: []string{"CC9.2"},
			Severity: model.SeverityMedium, Status: model.StatusAccepted, RaisedBy: "alex", RaisedAt: raised,
			Decision: model.Decision{Kind: model.DecisionAcceptRisk, Actor: "alex", At: at("2025-06-04T08:00:00Z"), Rationale: txt("Public data only"),
				Approver: txt("Pat CFO"), CompensatingControls: txt("Quarterly review of prompts sent to CopyGen"), Expiry: "2025-09-30"}},
		{ID: 4, Kind: model.ExKindControlGap, Title: txt("Policy review frequency unclear"), ControlIDs: []string{"GOV-01"}, Criteria: []string{"CC1.3"},
			Severity: model.SeverityLow, Status: model.StatusFalsePositive, RaisedBy: "alex", RaisedAt: raised,
			Decision: model.Decision{Kind: model.DecisionFalsePositive, Actor: "robin", At: at("2025-06-05T08:00:00Z"), Rationale: txt("Annual review is documented")}},
		{ID: 5, Kind: model.ExKindControlGap, Title: txt("API keys for the support assistant are not rotated"), SystemIDs: []int64{1},
			ControlIDs: []string{"ACC-01"}, Criteria: []string{"CC6.1"}, Severity: model.SeverityMedium, Status: model.StatusTriaged,
			Owner: txt("Lee Platform"), RaisedBy: "alex", RaisedAt: raised,
			Citations: []model.Citation{{Type: model.CiteAnswer, Ref: "acc-2@system:1", Label: txt("acc-2: Are API keys rotated? → No")}}},
	}
}
