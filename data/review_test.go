package data

import (
	"context"
	"errors"
	"strings"
	"testing"

	"auditwalk/model"
)

func TestChangingAnApprovedAnswerSendsItBackToNotReviewed(t *testing.T) {
	ctx := context.Background()
	path := teamFile(t)
	key := model.AnswerKey{QuestionID: "q1", Subject: "org"}
	bob, done := openAs(t, path, "bob")
	_, err := bob.SaveAnswer(ctx, sampleAnswer("q1", "org", "yes"))
	must(t, err)
	done()
	rita, done := openAs(t, path, "rita")
	r, err := rita.ReviewAnswer(ctx, key, model.ReviewApprove, "looks right")
	if err != nil || r.State != model.ReviewApproved || r.Reviewer != "rita" {
		t.Fatalf("approve: %+v %v", r, err)
	}
	done()
	bob, done = openAs(t, path, "bob")
	// Re-saving the same answer is no change and keeps the approval.
	_, err = bob.SaveAnswer(ctx, sampleAnswer("q1", "org", "yes"))
	must(t, err)
	snap, err := bob.Load(ctx)
	must(t, err)
	reviews, err := bob.AnswerReviews(ctx, snap.Answers)
	must(t, err)
	if reviews[key].State != model.ReviewApproved {
		t.Fatalf("unchanged re-save reset the review: %+v", reviews[key])
	}
	_, err = bob.SaveAnswer(ctx, sampleAnswer("q1", "org", "partial"))
	must(t, err)
	rows, err := bob.ReviewStates(ctx)
	must(t, err)
	if len(rows) != 1 || rows[0].State != model.ReviewNotReviewed || rows[0].Reset != "answer changed after approval (was approved by rita)" {
		t.Fatalf("stored review after change: %+v", rows)
	}
	trail, err := bob.Activity(ctx, ActivityFilter{Entity: EntityReview, Limit: 1})
	if err != nil || trail[0].Action != ActionReset || trail[0].Actor != "bob" {
		t.Fatalf("reset trail record: %+v %v", trail, err)
	}
	rep, err := bob.Verify(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", rep.Problems(), err)
	}
}

func TestReviewRulesAreEnforcedByTheStore(t *testing.T) {
	ctx := context.Background()
	path := teamFile(t)
	key := model.AnswerKey{QuestionID: "q1", Subject: "org"}
	rita, done := openAs(t, path, "rita")
	if _, err := rita.ReviewAnswer(ctx, key, model.ReviewApprove, ""); err == nil || !strings.Contains(err.Error(), "nothing to review") {
		t.Fatalf("approve of no answer: %v", err)
	}
	done()
	alice, done := openAs(t, path, "alice")
	_, err := alice.SaveAnswer(ctx, sampleAnswer("q1", "org", "yes"))
	must(t, err)
	_, err = alice.ReviewAnswer(ctx, key, model.ReviewApprove, "")
	if !errors.Is(err, ErrNotAllowed) || !strings.Contains(err.Error(), "alice cannot approve it: they wrote it") {
		t.Fatalf("self-approval: %v", err)
	}
	n := activityCount(t, alice)
	done()
	bob, done := openAs(t, path, "bob")
	if _, err := bob.ReviewAnswer(ctx, key, model.ReviewApprove, ""); !errors.Is(err, ErrNotAllowed) || !strings.Contains(err.Error(), "needs the reviewer role") {
		t.Fatalf("owner reviewing: %v", err)
	}
	if activityCount(t, bob) != n {
		t.Fatal("a refused review left a trail record")
	}
	done()
	rita, _ = openAs(t, path, "rita")
	for _, step := range []struct {
		action model.ReviewAction
		want   model.ReviewState
	}{{model.ReviewMarkReviewed, model.ReviewReviewed}, {model.ReviewRequestChanges, model.ReviewChangesRequested}} {
		r, err := rita.ReviewAnswer(ctx, key, step.action, "add the policy date")
		if err != nil || r.State != step.want {
			t.Fatalf("%s: %+v %v", step.action, r, err)
		}
	}
	if _, err := rita.ReviewAnswer(ctx, key, model.ReviewApprove, ""); !errors.Is(err, ErrNotAllowed) || !strings.Contains(err.Error(), "changes were requested") {
		t.Fatalf("approve over requested changes: %v", err)
	}
	nr, err := rita.ReviewNarrative(ctx, "c-org", "org", model.NarrativeContentSHA256("text"), []string{"alice"}, model.ReviewApprove, "")
	if err != nil || nr.Kind != model.ReviewNarrative || nr.Key != "c-org@org" {
		t.Fatalf("narrative approve: %+v %v", nr, err)
	}
	if _, err := rita.ReviewNarrative(ctx, "c-org", "org", "x", []string{"rita"}, model.ReviewMarkReviewed, ""); err == nil {
		t.Fatal("a narrative composed from rita's answers was reviewed by rita")
	}
}

func TestNarrativeChangedSendsItsApprovalBack(t *testing.T) {
	ctx := context.Background()
	rita, _ := openAs(t, teamFile(t), "rita")
	_, err := rita.ReviewNarrative(ctx, "c-org", "org", model.NarrativeContentSHA256("v1"), []string{"bob"}, model.ReviewApprove, "")
	must(t, err)
	must(t, rita.write(ctx, func(tx *txn) error { return tx.narrativeChanged(ctx, "c-org", "org") }))
	rows, err := rita.ReviewStates(ctx)
	must(t, err)
	if len(rows) != 1 || rows[0].State != model.ReviewNotReviewed || !strings.HasPrefix(rows[0].Reset, "narrative changed after approval") {
		t.Fatalf("after narrative change: %+v", rows)
	}
}
