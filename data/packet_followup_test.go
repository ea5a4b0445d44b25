package data

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"auditwalk/model"
)

// followUpPack is the pack of the follow-up tests: bob owns c-org, whose
// q2 and q3 are asked only once q1 is yes; c-other's ctx is not bob's.
func followUpPack() *model.Pack {
	when := &model.Condition{Question: "q1", In: []string{"yes"}}
	return &model.Pack{ID: "t", Sections: []model.Section{{ID: "s", Controls: []model.Control{
		{ID: "c-org", Applies: model.AppliesOnce, Questions: []model.Question{
			{ID: "q1", ControlID: "c-org", Kind: model.KindYesNo},
			{ID: "q2", ControlID: "c-org", Kind: model.KindYesNo, When: when},
			{ID: "q3", ControlID: "c-org", Kind: model.KindYesNo, When: when},
		}},
		{ID: "c-other", Applies: model.AppliesOnce, Questions: []model.Question{{ID: "ctx", ControlID: "c-other", Kind: model.KindYesNo}}},
	}}}}
}

// exportFollowUpPacket exports bob's packet with q1 unanswered, so only q1
// is asked: q2 and q3 are in his scope as follow-ups. ctx (answered yes by
// alice) comes along as context; q3 is listed as context too, as when a
// condition reads an owner's own question, and must still count as his.
func exportFollowUpPacket(t *testing.T, path string) (string, Packet) {
	t.Helper()
	ctx := context.Background()
	alice, done := openAs(t, path, "alice")
	defer done()
	_, err := alice.SaveAnswer(ctx, sampleAnswer("ctx", "org", "yes"))
	must(t, err)
	out := filepath.Join(t.TempDir(), "bob-packet.db")
	p, err := alice.ExportPacket(ctx, out, PacketSpec{Owner: "bob",
		Keys:    []model.AnswerKey{{QuestionID: "q1", Subject: "org"}},
		Scope:   []model.AnswerKey{{QuestionID: "q2", Subject: "org"}, {QuestionID: "q3", Subject: "org"}},
		Context: []model.AnswerKey{{QuestionID: "ctx", Subject: "org"}, {QuestionID: "q3", Subject: "org"}}})
	must(t, err)
	return out, p
}

// answerFollowUps has bob answer q1 (opening q2 and q3) and the follow-ups
// in the packet, change the context answer, and attest over c-org.
func answerFollowUps(t *testing.T, packet string, q2, q3 string) {
	t.Helper()
	ctx := context.Background()
	bob, done := openAs(t, packet, "bob")
	defer done()
	for _, a := range []model.Answer{sampleAnswer("q1", "org", "yes"), sampleAnswer("q2", "org", q2), sampleAnswer("q3", "org", q3), sampleAnswer("ctx", "org", "no")} {
		_, err := bob.SaveAnswer(ctx, a)
		must(t, err)
	}
	snap, err := bob.Load(ctx)
	must(t, err)
	people, err := bob.People(ctx)
	must(t, err)
	as, err := bob.Assignments(ctx)
	must(t, err)
	person, _ := people.Find("bob")
	items := model.OwnerItems(model.Walk(followUpPack(), snap.Answers, snap.Systems), as, "bob")
	if len(items) != 3 {
		t.Fatalf("bob's items in the packet once q1 is yes: %d, want q1, q2, q3", len(items))
	}
	att, err := model.NewAttestation(model.AttestationInput{UID: "u-follow", Engagement: snap.Engagement, Person: person, Statement: "Accurate.",
		Controls: []string{"c-org"}, Items: items, Answers: snap.Answers, At: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)})
	must(t, err)
	_, err = bob.Attest(ctx, att)
	must(t, err)
}

func attestationStatus(t *testing.T, s *Store) model.AttestationCheck {
	t.Helper()
	atts, err := s.Attestations(context.Background())
	must(t, err)
	if len(atts) != 1 {
		t.Fatalf("attestations: %+v", atts)
	}
	return atts[0].Check(answersOf(t, s))
}

func keyNames(ks []model.AnswerKey) string {
	var out []string
	for _, k := range ks {
		out = append(out, model.ReviewKey(k.QuestionID, k.Subject))
	}
	return strings.Join(out, ",")
}

func TestPacketRecordsFollowUpsAsScopeAndOwnScopeOverContext(t *testing.T) {
	_, p := exportFollowUpPacket(t, teamFile(t))
	if len(p.Base) != 3 || p.Base["q1@org"] != "" || p.Base["q2@org"] != "" || !hasKey(p.Base, "q3@org") {
		t.Fatalf("scope recorded at export: %+v", p.Base)
	}
	if !slices.Equal(p.Context, []string{"ctx@org"}) {
		t.Fatalf("context lists an owner's question: %v", p.Context)
	}
}

func TestFollowUpsAnsweredInThePacketAreMergedOnceAndTheAttestationStaysValid(t *testing.T) {
	ctx := context.Background()
	path := teamFile(t)
	out, p := exportFollowUpPacket(t, path)
	answerFollowUps(t, out, "yes", "no")
	alice, _ := openAs(t, path, "alice")
	res, err := alice.MergePacket(ctx, out)
	if err != nil || keyNames(res.Applied) != "q1@org,q2@org,q3@org" || len(res.Same)+len(res.Conflicts) != 0 || res.Attestations != 1 {
		t.Fatalf("merge: applied %s, %+v %v", keyNames(res.Applied), res, err)
	}
	got := answersOf(t, alice)
	if a := got[model.AnswerKey{QuestionID: "q3", Subject: "org"}]; a.Value != "no" || a.UpdatedBy != "bob" {
		t.Fatalf("follow-up q3 after merge: %+v", a)
	}
	if a := got[model.AnswerKey{QuestionID: "ctx", Subject: "org"}]; a.Value != "yes" || a.UpdatedBy != "alice" {
		t.Fatalf("context answer merged back: %+v", a)
	}
	if c := attestationStatus(t, alice); c.Status != model.AttestValid {
		t.Fatalf("merged attestation: %+v", c)
	}
	items, err := alice.Activity(ctx, ActivityFilter{Entity: EntityPacketItem, EntityID: p.ID + "/q2@org"})
	if err != nil || len(items) != 1 || !strings.Contains(items[0].After, `"outcome":"applied","merged_at"`) ||
		!strings.Contains(items[0].After, `"merged_by":"alice","source_file":"bob-packet.db"`) {
		t.Fatalf("follow-up provenance: %+v %v", items, err)
	}
	mustVerify(t, alice)
	n := activityCount(t, alice)
	again, err := alice.MergePacket(ctx, out)
	if err != nil || again.Changed() || activityCount(t, alice) != n {
		t.Fatalf("second merge changed something: %+v %v (%d trail records, was %d)", again, err, activityCount(t, alice), n)
	}
	mustVerify(t, alice)
	if c := attestationStatus(t, alice); c.Status != model.AttestValid {
		t.Fatalf("attestation after the second merge: %+v", c)
	}
}

func TestFollowUpTheAssessorAnsweredDifferentlyConflictsAndAnIdenticalOneIsSame(t *testing.T) {
	ctx := context.Background()
	path := teamFile(t)
	out, _ := exportFollowUpPacket(t, path)
	answerFollowUps(t, out, "yes", "yes")
	alice, _ := openAs(t, path, "alice")
	_, err := alice.SaveAnswer(ctx, sampleAnswer("q2", "org", "no"))
	must(t, err)
	_, err = alice.SaveAnswer(ctx, sampleAnswer("q3", "org", "yes"))
	must(t, err)
	res, err := alice.MergePacket(ctx, out)
	if err != nil || keyNames(res.Applied) != "q1@org" || keyNames(res.Same) != "q3@org" || len(res.Conflicts) != 1 {
		t.Fatalf("merge: applied %s, same %s, %+v %v", keyNames(res.Applied), keyNames(res.Same), res, err)
	}
	q2 := model.AnswerKey{QuestionID: "q2", Subject: "org"}
	if a := answersOf(t, alice)[q2]; a.Value != "no" || a.UpdatedBy != "alice" {
		t.Fatalf("assessor's follow-up overwritten: %+v", a)
	}
	open, err := alice.Conflicts(ctx, model.ConflictOpen)
	if err != nil || len(open) != 1 || open[0].Key != q2 || open[0].Ours.Value != "no" || !open[0].TheirsOK || open[0].Theirs.Value != "yes" || open[0].Theirs.UpdatedBy != "bob" {
		t.Fatalf("open conflicts %+v %v", open, err)
	}
	if c := attestationStatus(t, alice); c.Status != model.AttestSuperseded || keyNames(c.Changed) != "q2@org" {
		t.Fatalf("attestation with q2 in conflict: %+v", c)
	}
	mustVerify(t, alice)
	n := activityCount(t, alice)
	if again, err := alice.MergePacket(ctx, out); err != nil || again.Changed() || activityCount(t, alice) != n {
		t.Fatalf("second merge: %+v %v", again, err)
	}
	_, err = alice.ResolveConflict(ctx, open[0].ID, "theirs")
	must(t, err)
	if c := attestationStatus(t, alice); c.Status != model.AttestValid {
		t.Fatalf("attestation once the owner's follow-up is taken: %+v", c)
	}
	mustVerify(t, alice)
}
