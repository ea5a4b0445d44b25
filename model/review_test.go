package model

import (
	"strings"
	"testing"
	"time"
)

func reviewTarget(authors ...string) ReviewTarget {
	return ReviewTarget{Kind: ReviewAnswer, Key: "q1@org", ContentSHA256: "h1", Authors: authors}
}

func reviewIn(state ReviewState) Review {
	if state == ReviewNotReviewed {
		return Review{Kind: ReviewAnswer, Key: "q1@org"}
	}
	return Review{Kind: ReviewAnswer, Key: "q1@org", State: state, Reviewer: "rita", ContentSHA256: "h1", Comment: "c"}
}

func TestReviewTransitionsFollowTheTable(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		from   ReviewState
		action ReviewAction
		to     ReviewState // "" means refused
		err    string
	}{
		{ReviewNotReviewed, ReviewMarkReviewed, ReviewReviewed, ""},
		{ReviewNotReviewed, ReviewApprove, ReviewApproved, ""},
		{ReviewNotReviewed, ReviewRequestChanges, ReviewChangesRequested, ""},
		{ReviewReviewed, ReviewMarkReviewed, "", "already reviewed"},
		{ReviewReviewed, ReviewApprove, ReviewApproved, ""},
		{ReviewReviewed, ReviewRequestChanges, ReviewChangesRequested, ""},
		{ReviewApproved, ReviewMarkReviewed, "", "already approved; request changes to reopen it"},
		{ReviewApproved, ReviewApprove, "", "already approved"},
		{ReviewApproved, ReviewRequestChanges, ReviewChangesRequested, ""},
		{ReviewChangesRequested, ReviewMarkReviewed, "", "changes were requested; it must be changed before it can be reviewed"},
		{ReviewChangesRequested, ReviewApprove, "", "changes were requested; it must be changed before it can be approved"},
		{ReviewChangesRequested, ReviewRequestChanges, ReviewChangesRequested, ""},
	}
	for _, tc := range cases {
		t.Run(string(tc.from)+"/"+string(tc.action), func(t *testing.T) {
			got, err := Apply(reviewIn(tc.from), reviewTarget("bob"), tc.action, "rita", "fix the note", at)
			if tc.to == "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("want refusal %q, got %v (state %s)", tc.err, err, got.State)
				}
				if got.StateOrDefault() != tc.from {
					t.Fatalf("a refused action changed the state to %s", got.State)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.State != tc.to || got.Reviewer != "rita" || !got.At.Equal(at) || got.ContentSHA256 != "h1" || got.Reset != "" {
				t.Fatalf("got %+v, want state %s by rita at %v over h1", got, tc.to, at)
			}
		})
	}
}

func TestReviewerCannotApproveOrMarkReviewedTheirOwnAnswer(t *testing.T) {
	for _, action := range []ReviewAction{ReviewApprove, ReviewMarkReviewed} {
		_, err := Apply(Review{}, reviewTarget("Rita"), action, "rita", "", time.Now())
		if err == nil || !strings.Contains(err.Error(), "they wrote it") {
			t.Fatalf("%s of own answer: %v", action, err)
		}
	}
	// Sending one's own answer back for rework is harmless and allowed.
	if _, err := Apply(Review{}, reviewTarget("rita"), ReviewRequestChanges, "rita", "redo", time.Now()); err != nil {
		t.Fatal(err)
	}
}

func TestRequestChangesNeedsACommentAndEmptyContentCannotBeReviewed(t *testing.T) {
	if _, err := Apply(Review{}, reviewTarget("bob"), ReviewRequestChanges, "rita", "  ", time.Now()); err == nil || !strings.Contains(err.Error(), "needs a comment") {
		t.Fatalf("request-changes without comment: %v", err)
	}
	empty := reviewTarget("bob")
	empty.Empty = true
	if _, err := Apply(Review{}, empty, ReviewApprove, "rita", "", time.Now()); err == nil || !strings.Contains(err.Error(), "nothing to review") {
		t.Fatalf("approve of no answer: %v", err)
	}
	if _, err := Apply(Review{}, reviewTarget("bob"), ReviewAction("bless"), "rita", "", time.Now()); err == nil {
		t.Fatal("unknown action accepted")
	}
}

func TestChangedContentSendsAnApprovalBackToNotReviewedAndSaysSo(t *testing.T) {
	approved := reviewIn(ReviewApproved)
	if got := approved.Current("h1"); got.State != ReviewApproved {
		t.Fatalf("unchanged content: %s", got.State)
	}
	got := approved.Current("h2")
	if got.State != ReviewNotReviewed || got.Reset != "answer changed after approval (was approved by rita)" {
		t.Fatalf("changed content: %+v", got)
	}
	// And the changed content can then be approved afresh, even after
	// changes were requested.
	cr := reviewIn(ReviewChangesRequested)
	next, err := Apply(cr, ReviewTarget{Kind: ReviewAnswer, Key: "q1@org", ContentSHA256: "h2", Authors: []string{"bob"}}, ReviewApprove, "rita", "", time.Now())
	if err != nil || next.State != ReviewApproved {
		t.Fatalf("approve after change: %v %+v", err, next)
	}
	if _, changed := reviewIn(ReviewNotReviewed).ResetFor(ReviewAnswer); changed {
		t.Fatal("resetting a not-reviewed review reported a change")
	}
	r, _ := reviewIn(ReviewReviewed).ResetFor(ReviewNarrative)
	if r.Reset != "narrative changed after review (was reviewed by rita)" {
		t.Fatalf("reset reason %q", r.Reset)
	}
}

func TestParseReviewKeyDefaultsToTheOrganisation(t *testing.T) {
	for in, want := range map[string][2]string{"q1": {"q1", "org"}, "q1@org": {"q1", "org"}, "q1@system:4": {"q1", "system:4"}} {
		id, subj, err := ParseReviewKey(in)
		if err != nil || id != want[0] || subj != want[1] {
			t.Fatalf("%s: %s %s %v", in, id, subj, err)
		}
	}
	for _, bad := range []string{"", "@org", "q1@system:x", "q1@team"} {
		if _, _, err := ParseReviewKey(bad); err == nil {
			t.Fatalf("%q accepted", bad)
		}
	}
}
