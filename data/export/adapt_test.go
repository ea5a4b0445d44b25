package export

import (
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
		AnswersSHA256: "h", Signature: "-----BEGIN SSH SIGNATURE-----"}})
	if len(got) != 1 || !got[0].Signed || got[0].AnswersHash != "h" || got[0].Role != "control-owner" {
		t.Fatalf("got %+v", got)
	}
}
