package tui

import (
	"testing"

	"auditwalk/model"
)

// The dashboard's next-unanswered and flagged figures are cached per
// revision; a pending answer (shown but not yet saved) must move them.
func TestSessionMarksFollowPendingAnswers(t *testing.T) {
	s := newSession(testPack(), model.Snapshot{Systems: testSystems()})
	if m := s.marks(); m.next != 0 || m.flagged != 0 {
		t.Fatalf("fresh session marks = %+v, want next 0, flagged 0", m)
	}
	s.begin(model.Answer{QuestionID: "ac1.vault", Subject: model.SubjectOrg, Value: "no", Flagged: true})
	m := s.marks()
	if m.flagged != 1 {
		t.Errorf("flagged = %d after a flagged pending answer, want 1", m.flagged)
	}
	if got := s.Items()[m.next].Question.ID; got != "ac1.review" {
		t.Errorf("next unanswered = %s, want ac1.review (ac1.rotate is hidden by the no)", got)
	}
}
