package tui

import (
	"strings"
	"testing"

	"auditwalk/model"
)

func TestIdentityPromptSavesTheNameAndLaterAnswersRecordIt(t *testing.T) {
	st, acct, ids := &fakeStore{}, newFakeAcct(), &identityLog{}
	a := newAcctApp(t, st, acct, acctSnapshot(), "login-guess", ids, 80, 24)
	if a.top().ID() != ScreenIdentity {
		t.Fatalf("top screen = %s, want the identity prompt", a.top().ID())
	}
	requireContains(t, a, "Who are you?", "Olu", "Rita", "Sam")
	typeText(t, a, "ol")
	requireContains(t, a, "enter: you are ol")
	press(t, a, "down", "enter")
	if len(ids.names) != 1 || ids.names[0] != "Olu" {
		t.Fatalf("SaveIdentity calls = %v, want [Olu]", ids.names)
	}
	if a.com.Actor != "Olu" {
		t.Fatalf("actor = %q, want Olu", a.com.Actor)
	}
	requireContains(t, a, "You are Olu on this machine")
	press(t, a, "2", "N", "y")
	if got := st.lastAnswer(t).UpdatedBy; got != "Olu" {
		t.Fatalf("answer recorded by %q, want Olu", got)
	}
}

func TestIdentityPromptIsNotShownWhenSomethingSaidWhoRuns(t *testing.T) {
	a := newAcctApp(t, &fakeStore{}, newFakeAcct(), acctSnapshot(), "Sam", nil, 80, 24)
	if a.top().ID() == ScreenIdentity {
		t.Fatal("identity prompt shown although the actor was given")
	}
}

func TestAddPersonSavesNameEmailAndRoles(t *testing.T) {
	acct := newFakeAcct()
	a := newAcctApp(t, &fakeStore{}, acct, acctSnapshot(), "Sam", nil, 80, 24)
	press(t, a, "8")
	requireContains(t, a, "People · you are Sam (assessor, reviewer)", "Olu", "control-owner")
	press(t, a, "n")
	typeText(t, a, "Ana")
	press(t, a, "tab")
	typeText(t, a, "ana@example.com")
	press(t, a, "tab")
	typeText(t, a, "owner, reviewer")
	press(t, a, "ctrl+s")
	if len(acct.saved) != 1 {
		t.Fatalf("SavePerson calls = %d, want 1", len(acct.saved))
	}
	p := acct.saved[0]
	if p.Name != "Ana" || p.Email != "ana@example.com" || p.RoleList() != "control-owner, reviewer" {
		t.Fatalf("saved %+v", p)
	}
	requireContains(t, a, "Saved Ana", "Ana")
}

func TestAddPersonRefusesABadEmailWithoutSaving(t *testing.T) {
	acct := newFakeAcct()
	a := newAcctApp(t, &fakeStore{}, acct, acctSnapshot(), "Sam", nil, 80, 24)
	press(t, a, "8", "n")
	typeText(t, a, "Ana")
	press(t, a, "tab")
	typeText(t, a, "not-an-email")
	press(t, a, "tab")
	typeText(t, a, "reviewer")
	press(t, a, "ctrl+s")
	if len(acct.saved) != 0 {
		t.Fatalf("saved %v despite a bad email", acct.saved)
	}
	requireContains(t, a, "is not a plain address")
}

func TestAssignCurrentControlFromTheWalkthrough(t *testing.T) {
	acct := newFakeAcct()
	a := newAcctApp(t, &fakeStore{}, acct, acctSnapshot(), "Sam", nil, 80, 24)
	press(t, a, "2", "O")
	requireContains(t, a, "Owner of control AC-1", "nobody (remove the owner)", "Olu")
	press(t, a, "j", "enter")
	if len(acct.assigned) != 1 || acct.assigned[0] != (model.Assignment{Kind: model.AssignControl, Target: "AC-1", Owner: "Olu"}) {
		t.Fatalf("Assign calls = %+v", acct.assigned)
	}
	requireContains(t, a, "control AC-1 → Olu", "Owner: Olu")
}

func TestAssignRefusedForSomeoneWhoIsNotAnAssessor(t *testing.T) {
	acct := newFakeAcct()
	acct.answers = acctSnapshot().Answers
	a := newAcctApp(t, &fakeStore{}, acct, acctSnapshot(), "Rita", nil, 80, 24)
	press(t, a, "2", "O", "j", "enter")
	if len(acct.assigned) != 0 {
		t.Fatalf("assigned %+v by a reviewer", acct.assigned)
	}
	requireContains(t, a, "Rita cannot assign owners")
}

func TestOwnerViewShowsOnlyTheActorsItemsWithProgress(t *testing.T) {
	acct := newFakeAcct()
	acct.assign = model.Assignments{{Kind: model.AssignControl, Target: "AC-2", Owner: "Olu"}}
	a := newAcctApp(t, &fakeStore{}, acct, acctSnapshot(), "Olu", nil, 80, 24)
	press(t, a, "2", "M")
	items := a.com.Session.Items()
	if len(a.walk.visible) != 5 {
		t.Fatalf("owner view shows %d questions, want AC-2's 5", len(a.walk.visible))
	}
	for _, vi := range a.walk.visible {
		if id := items[vi].Control.ID; id != "AC-2" {
			t.Fatalf("owner view shows %s", id)
		}
	}
	requireContains(t, a, "mine · 1/5 answered 20%")
	press(t, a, "M")
	if len(a.walk.visible) == 5 {
		t.Fatal("M did not switch the owner view off")
	}
}

func TestApproveIsRefusedForTheReviewersOwnAnswer(t *testing.T) {
	acct := newFakeAcct()
	snap := acctSnapshot()
	k := model.AnswerKey{QuestionID: "ac1.vault", Subject: "org"}
	ans := snap.Answers[k]
	ans.UpdatedBy = "Rita"
	snap.Answers[k] = ans
	a := newAcctApp(t, &fakeStore{}, acct, snap, "Rita", nil, 80, 24)
	press(t, a, "2", "A")
	if rev, _ := acct.calls(); len(rev) != 0 {
		t.Fatalf("store asked to review: %v", rev)
	}
	requireContains(t, a, "Rita cannot approve it: they wrote it")
}

func TestApproveIsRefusedWithoutTheReviewerRole(t *testing.T) {
	acct := newFakeAcct()
	a := newAcctApp(t, &fakeStore{}, acct, acctSnapshot(), "Olu", nil, 80, 24)
	press(t, a, "2", "A")
	if rev, _ := acct.calls(); len(rev) != 0 {
		t.Fatalf("store asked to review: %v", rev)
	}
	requireContains(t, a, "Olu cannot review: that needs the reviewer role")
}

func TestApproveShowsTheBadgeWithTheReviewer(t *testing.T) {
	acct := newFakeAcct()
	acct.answers = acctSnapshot().Answers
	a := newAcctApp(t, &fakeStore{}, acct, acctSnapshot(), "Rita", nil, 80, 24)
	press(t, a, "2")
	requireContains(t, a, "Review: ○ not reviewed")
	press(t, a, "A")
	if rev, _ := acct.calls(); len(rev) != 1 || rev[0] != "ac1.vault@org approve" {
		t.Fatalf("review calls = %v", rev)
	}
	requireContains(t, a, "Review: ✓ approved by Rita")
}

func TestRequestChangesNeedsAComment(t *testing.T) {
	acct := newFakeAcct()
	acct.answers = acctSnapshot().Answers
	a := newAcctApp(t, &fakeStore{}, acct, acctSnapshot(), "Rita", nil, 80, 24)
	press(t, a, "2", "C")
	requireContains(t, a, "What should change?")
	press(t, a, "enter")
	requireContains(t, a, "requesting changes needs a comment")
	if rev, _ := acct.calls(); len(rev) != 0 {
		t.Fatalf("store asked without a comment: %v", rev)
	}
	typeText(t, a, "name the vault")
	press(t, a, "enter")
	if rev, _ := acct.calls(); len(rev) != 1 || rev[0] != "ac1.vault@org request-changes name the vault" {
		t.Fatalf("review calls = %v", rev)
	}
	requireContains(t, a, "✎ changes requested by Rita: name the vault")
}

func TestChangingAnApprovedAnswerShowsChangedAfterApproval(t *testing.T) {
	acct := newFakeAcct()
	snap := acctSnapshot()
	k := model.AnswerKey{QuestionID: "ac1.vault", Subject: "org"}
	acct.reviews[k] = model.Review{Kind: model.ReviewAnswer, Key: "ac1.vault@org", State: model.ReviewApproved,
		Reviewer: "Rita", ContentSHA256: model.AnswerContentSHA256(k, snap.Answers[k], true)}
	a := newAcctApp(t, &fakeStore{}, acct, snap, "Olu", nil, 160, 48)
	press(t, a, "2")
	requireContains(t, a, "✓ approved by Rita")
	press(t, a, "n", "k") // answering moves on; come back to it
	requireContains(t, a, "not reviewed — answer changed after approval (was approved by Rita)")
}

func TestReviewQueueListsAnswersAwaitingReviewAndApproves(t *testing.T) {
	acct := newFakeAcct()
	acct.answers = acctSnapshot().Answers
	a := newAcctApp(t, &fakeStore{}, acct, acctSnapshot(), "Rita", nil, 80, 24)
	press(t, a, "g", "r")
	requireContains(t, a, "Review queue · 4 awaiting review", "ac1.vault@org", "pr1.optout@system:1")
	press(t, a, "A")
	requireContains(t, a, "Review queue · 3 awaiting review")
	if !strings.Contains(strings.Join(acct.reviewed, ";"), "ac1.vault@org approve") {
		t.Fatalf("review calls = %v", acct.reviewed)
	}
}
