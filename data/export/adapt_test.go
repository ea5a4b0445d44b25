package export

import (
	"strings"
	"testing"

	"auditwalk/model"
)

func TestEvidenceFromModelListsEachFileOnceWithAllItsTargets(t *testing.T) {
	rows := []model.Evidence{
		{ID: 7, Target: model.EvidenceTarget{Type: model.TargetSystem, Key: "2"}, Name: "a.pdf", SHA256: "AB", Size: 3},
		{ID: 4, Target: model.EvidenceTarget{Type: model.TargetAnswer, Key: "q1@org"}, Name: "a.pdf", SHA256: "ab", Size: 3,
			EffectiveDate: "2025-01-02", RetentionDate: "2030-01-02", Note: "policy"},
		{ID: 9, Target: model.EvidenceTarget{Type: model.TargetException, Key: "5"}, Name: "b.png", SHA256: "cd"},
	}
	got := EvidenceFromModel(rows)
	if len(got) != 2 {
		t.Fatalf("got %d entries, want 2", len(got))
	}
	if got[0].ID != 4 || len(got[0].AttachedTo) != 2 || got[0].AttachedTo[0] != (Attachment{AttachAnswer, "q1@org"}) {
		t.Errorf("merged entry = %+v", got[0])
	}
	if got[1].AttachedTo[0] != (Attachment{AttachException, "5"}) {
		t.Errorf("second entry = %+v", got[1])
	}
}

func TestApprovalsFromModelSkipsUnreviewedItems(t *testing.T) {
	got := ApprovalsFromModel([]model.Review{
		{Kind: model.ReviewAnswer, Key: "q1@org"},
		{Kind: model.ReviewNarrative, Key: "C1@org", State: model.ReviewApproved, Reviewer: "robin"},
	}, func(model.ReviewKind, string) string { return "alex" })
	if len(got) != 1 || got[0].Decision != ApprovalApproved || got[0].Author != "alex" || got[0].Entity != "narrative" {
		t.Fatalf("got %+v", got)
	}
}

func TestAttestationsFromModelKeepsSignatureAndHash(t *testing.T) {
	got := AttestationsFromModel([]model.Attestation{{Person: "dana", Role: model.RoleControlOwner, Controls: []string{"C1"},
		AnswersSHA256: "h", Signature: "-----BEGIN SSH SIGNATURE-----"}}, nil)
	if len(got) != 1 || !got[0].Signed || got[0].AnswersHash != "h" || got[0].Role != "control-owner" {
		t.Fatalf("got %+v", got)
	}
}

func TestAttestationShowsSupersededInExportsOnceAnAttestedAnswerChanges(t *testing.T) {
	ctl := &model.Control{ID: "C1", Applies: model.AppliesOnce, Criteria: []string{"CC1.1"}}
	q := &model.Question{ID: "q1", ControlID: "C1", Kind: model.KindYesNo}
	ctl.Questions = []model.Question{*q}
	item := model.Item{Question: &ctl.Questions[0], Control: ctl, Subject: model.SubjectOrg}
	answers := model.Answers{item.Key(): {QuestionID: "q1", Subject: model.SubjectOrg, Value: model.AnswerYes}}
	owner := model.Person{Name: "olu", Roles: []model.Role{model.RoleControlOwner}}
	att, err := model.NewAttestation(model.AttestationInput{UID: "u1", Person: owner, Statement: "accurate",
		Controls: []string{"C1"}, Items: []model.Item{item}, Answers: answers})
	if err != nil {
		t.Fatal(err)
	}
	if got := AttestationsFromModel([]model.Attestation{att}, answers); got[0].Status != "valid" {
		t.Fatalf("before the change: %+v", got[0])
	}
	answers[item.Key()] = model.Answer{QuestionID: "q1", Subject: model.SubjectOrg, Value: model.AnswerNo}
	got := AttestationsFromModel([]model.Attestation{att}, answers)
	if got[0].Status != "superseded" || len(got[0].Changed) != 1 || got[0].Changed[0] != "q1@org" {
		t.Fatalf("after the change: %+v", got[0])
	}
	b := fixtureBundle(identity)
	b.Attestations = got
	docs, err := Render(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if d.Name == "review-records.md" && !strings.Contains(string(d.Content), "superseded: changed since q1@org") {
			t.Fatalf("review records do not show the superseded attestation:\n%s", d.Content)
		}
	}
}
