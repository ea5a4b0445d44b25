package model

import "testing"

// Assess skips the map for an item of the previous item's control and
// subject; items of one pair that are not adjacent must still add up into
// one result.
func TestAssessMergesNonAdjacentItemsOfOnePair(t *testing.T) {
	p := testPack()
	c1, c2 := &p.Sections[0].Controls[0], &p.Sections[0].Controls[1]
	items := []Item{
		{Question: &c1.Questions[0], Control: c1, Subject: SubjectOrg},
		{Question: &c2.Questions[0], Control: c2, Subject: "system:1"},
		{Question: &c1.Questions[1], Control: c1, Subject: SubjectOrg},
	}
	res := Assess(items, Answers{{"q1", SubjectOrg}: {QuestionID: "q1", Subject: SubjectOrg, Value: AnswerYes}})
	if len(res) != 2 || res[0].Control != c1 || res[0].Asked != 2 || res[0].Answered != 1 {
		t.Fatalf("results = %+v, want C1 asked 2 answered 1, then C2", res)
	}
}

// A condition on a per-system control's question reads the system's own
// answer, through the index Walk builds instead of p.Question.
func TestWalkFollowUpOnPerSystemParentReadsThatSystemsAnswer(t *testing.T) {
	p := testPack()
	c2 := &p.Sections[0].Controls[1]
	c2.Questions = append(c2.Questions, Question{ID: "q2c", ControlID: "C2", Kind: KindText,
		When: &Condition{Question: "q2", In: []string{AnswerYes}}})
	systems := []System{
		{ID: 1, AffectsService: true, Approval: ApprovalApproved},
		{ID: 2, AffectsService: true, Approval: ApprovalApproved},
	}
	ans := Answers{{"q2", "system:2"}: {QuestionID: "q2", Subject: "system:2", Value: AnswerYes}}
	var got []string
	for _, it := range Walk(p, ans, systems) {
		if it.Question.ID == "q2c" {
			got = append(got, it.Subject)
		}
	}
	if len(got) != 1 || got[0] != "system:2" {
		t.Fatalf("q2c asked of %v, want only system:2", got)
	}
}

// A control whose criteria touch one category twice counts there once.
func TestSummarizeCountsAControlOncePerCategory(t *testing.T) {
	p := testPack()
	p.Sections[0].Controls[0].Criteria = []string{"CC1.1", "CC6.1", "PI1.1"}
	s := Summarize(p, Answers{}, nil)
	if sec, pi := s.ByCategory[CategorySecurity].Controls, s.ByCategory[CategoryProcessingIntegrity].Controls; sec != 1 || pi != 1 {
		t.Fatalf("security controls = %d, processing integrity = %d, want 1 and 1", sec, pi)
	}
}
