package data

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"auditwalk/model"
)

// exportBobPacket exports bob's packet (q1, q2 for org; s1 for system 1)
// from path as alice, with q1 answered "yes" beforehand.
func exportBobPacket(t *testing.T, path string) (string, Packet) {
	t.Helper()
	ctx := context.Background()
	alice, done := openAs(t, path, "alice")
	defer done()
	_, err := alice.SaveAnswer(ctx, sampleAnswer("q1", "org", "yes"))
	must(t, err)
	out := filepath.Join(t.TempDir(), "bob-packet.db")
	p, err := alice.ExportPacket(ctx, out, PacketSpec{Owner: "bob", Systems: []int64{1},
		Keys: []model.AnswerKey{{QuestionID: "q1", Subject: "org"}, {QuestionID: "q2", Subject: "org"}, {QuestionID: "s1", Subject: "system:1"}}})
	must(t, err)
	return out, p
}

func answersOf(t *testing.T, s *Store) model.Answers {
	t.Helper()
	snap, err := s.Load(context.Background())
	must(t, err)
	return snap.Answers
}

func TestPacketHoldsOnlyWhatTheOwnerNeedsAndVerifies(t *testing.T) {
	ctx := context.Background()
	path := teamFile(t)
	alice, done := openAs(t, path, "alice")
	_, err := alice.SaveAnswer(ctx, sampleAnswer("other", "org", "no"))
	must(t, err)
	_, err = alice.SaveSystem(ctx, sampleSystem("Not bob's"))
	must(t, err)
	done()
	out, p := exportBobPacket(t, path)
	if p.Owner != "bob" || p.ExportedBy != "alice" || p.SourceFile != "team.db" || len(p.Base) != 3 || p.Base["q2@org"] != "" || p.Base["q1@org"] == "" {
		t.Fatalf("packet record %+v", p)
	}
	pk, _ := openAs(t, out, "bob")
	snap, err := pk.Load(ctx)
	must(t, err)
	if len(snap.Answers) != 1 || len(snap.Systems) != 1 || snap.Systems[0].ID != 1 || snap.Engagement.Client != "Acme" {
		t.Fatalf("packet content: %d answers, systems %+v, engagement %+v", len(snap.Answers), snap.Systems, snap.Engagement)
	}
	if a := snap.Answers[model.AnswerKey{QuestionID: "q1", Subject: "org"}]; a.UpdatedBy != "alice" {
		t.Fatalf("copied answer lost its author: %+v", a)
	}
	if _, _, _, src, ok, err := pk.PackSource(ctx); err != nil || !ok || string(src) != "pack source" {
		t.Fatalf("pack source: %q %v", src, err)
	}
	m, ok, err := pk.PacketManifest(ctx)
	if err != nil || !ok || m.ID != p.ID {
		t.Fatalf("manifest %+v %v %v", m, ok, err)
	}
	as, err := pk.Assignments(ctx)
	if err != nil || len(as) != 2 {
		t.Fatalf("owner's assignments: %+v %v", as, err)
	}
	rep, err := pk.Verify(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("packet verify: %v %v", rep.Problems(), err)
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatal(err)
	}
}

func TestPacketRoundTripAppliesOwnersAnswersOnceWithProvenance(t *testing.T) {
	ctx := context.Background()
	path := teamFile(t)
	out, p := exportBobPacket(t, path)
	bob, done := openAs(t, out, "bob")
	_, err := bob.SaveAnswer(ctx, sampleAnswer("q2", "org", "yes"))
	must(t, err)
	_, err = bob.SaveAnswer(ctx, sampleAnswer("s1", "system:1", "partial"))
	must(t, err)
	_, err = bob.Attest(ctx, bobAttestation(t, bob, "u-packet"))
	must(t, err)
	done()
	alice, _ := openAs(t, path, "alice")
	res, err := alice.MergePacket(ctx, out)
	if err != nil || len(res.Applied) != 2 || len(res.Conflicts) != 0 || res.Attestations != 1 || res.PacketID != p.ID {
		t.Fatalf("merge: %+v %v", res, err)
	}
	got := answersOf(t, alice)[model.AnswerKey{QuestionID: "q2", Subject: "org"}]
	if got.Value != "yes" || got.UpdatedBy != "bob" {
		t.Fatalf("merged answer %+v", got)
	}
	trail, err := alice.Activity(ctx, ActivityFilter{Entity: EntityAnswer, EntityID: "org/q2"})
	if err != nil || len(trail) != 1 || trail[0].Action != ActionMerge || trail[0].Actor != "alice" {
		t.Fatalf("merge trail: %+v %v", trail, err)
	}
	items, err := alice.Activity(ctx, ActivityFilter{Entity: EntityPacketItem, EntityID: p.ID + "/q2@org"})
	if err != nil || len(items) != 1 || !strings.Contains(items[0].After, `"merged_by":"alice","source_file":"bob-packet.db"`) {
		t.Fatalf("provenance: %+v %v", items, err)
	}
	atts, err := alice.Attestations(ctx)
	must(t, err)
	if len(atts) != 1 || atts[0].Packet != p.ID || atts[0].Check(answersOf(t, alice)).Status != model.AttestValid {
		t.Fatalf("merged attestation %+v", atts)
	}
	n := activityCount(t, alice)
	again, err := alice.MergePacket(ctx, out)
	if err != nil || again.Changed() || activityCount(t, alice) != n {
		t.Fatalf("second merge changed something: %+v %v", again, err)
	}
	rep, err := alice.Verify(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", rep.Problems(), err)
	}
}

func TestConflictingChangesAreListedNotOverwrittenThenResolved(t *testing.T) {
	ctx := context.Background()
	path := teamFile(t)
	out, _ := exportBobPacket(t, path)
	bob, done := openAs(t, out, "bob")
	_, err := bob.SaveAnswer(ctx, sampleAnswer("q1", "org", "no"))
	must(t, err)
	_, err = bob.SaveAnswer(ctx, sampleAnswer("q2", "org", "yes"))
	must(t, err)
	done()
	alice, _ := openAs(t, path, "alice")
	_, err = alice.SaveAnswer(ctx, sampleAnswer("q1", "org", "partial"))
	must(t, err)
	_, err = alice.SaveAnswer(ctx, sampleAnswer("q2", "org", "yes")) // same as bob's
	must(t, err)
	res, err := alice.MergePacket(ctx, out)
	if err != nil || len(res.Conflicts) != 1 || len(res.Same) != 1 || len(res.Applied) != 0 {
		t.Fatalf("merge: %+v %v", res, err)
	}
	q1 := model.AnswerKey{QuestionID: "q1", Subject: "org"}
	if v := answersOf(t, alice)[q1].Value; v != "partial" {
		t.Fatalf("ours overwritten: %s", v)
	}
	open, err := alice.Conflicts(ctx, model.ConflictOpen)
	if err != nil || len(open) != 1 || open[0].Key != q1 || open[0].Ours.Value != "partial" || open[0].Theirs.Value != "no" || open[0].Theirs.UpdatedBy != "bob" {
		t.Fatalf("open conflicts %+v %v", open, err)
	}
	if again, err := alice.MergePacket(ctx, out); err != nil || again.Changed() {
		t.Fatalf("second merge: %+v %v", again, err)
	}
	c, err := alice.ResolveConflict(ctx, open[0].ID, "theirs")
	if err != nil || c.Status != model.ConflictResolved || c.Resolution != "theirs" || c.ResolvedBy != "alice" {
		t.Fatalf("resolve: %+v %v", c, err)
	}
	if v := answersOf(t, alice)[q1]; v.Value != "no" || v.UpdatedBy != "bob" {
		t.Fatalf("after taking theirs: %+v", v)
	}
	if _, err := alice.ResolveConflict(ctx, c.ID, "ours"); err == nil || !strings.Contains(err.Error(), "already resolved") {
		t.Fatalf("second resolution: %v", err)
	}
	trail, err := alice.Activity(ctx, ActivityFilter{Entity: EntityConflict, EntityID: "1", Limit: 1})
	if err != nil || trail[0].Action != ActionResolve || !strings.Contains(trail[0].After, `"resolution":"theirs"`) {
		t.Fatalf("resolution trail: %+v %v", trail, err)
	}
	rep, err := alice.Verify(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", rep.Problems(), err)
	}
}

func TestMergeRefusesForeignAndTamperedPackets(t *testing.T) {
	ctx := context.Background()
	out, _ := exportBobPacket(t, teamFile(t))
	other := teamFile(t)
	alice, done := openAs(t, other, "alice")
	if _, err := alice.MergePacket(ctx, out); err == nil || !strings.Contains(err.Error(), "was not exported from") {
		t.Fatalf("foreign packet: %v", err)
	}
	if _, err := alice.MergePacket(ctx, other); err == nil {
		t.Fatal("merged a file that is not a packet")
	}
	done()
	tamper(t, out, `UPDATE answer SET value = 'no' WHERE question_id = 'q1'`)
	alice, _ = openAs(t, other, "alice")
	if _, err := alice.MergePacket(ctx, out); err == nil || !strings.Contains(err.Error(), "packet fails verification") {
		t.Fatalf("tampered packet: %v", err)
	}
}

func TestExportRefusesExistingFilesAndNonAssessors(t *testing.T) {
	ctx := context.Background()
	path := teamFile(t)
	bob, done := openAs(t, path, "bob")
	out := filepath.Join(t.TempDir(), "p.db")
	if _, err := bob.ExportPacket(ctx, out, PacketSpec{Owner: "bob"}); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("owner exporting: %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("a refused export left a file")
	}
	done()
	must(t, os.WriteFile(out, []byte("keep me"), 0o600))
	alice, _ := openAs(t, path, "alice")
	if _, err := alice.ExportPacket(ctx, out, PacketSpec{Owner: "bob"}); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("existing out: %v", err)
	}
	if _, err := alice.ExportPacket(ctx, filepath.Join(t.TempDir(), "q.db"), PacketSpec{Owner: "rita"}); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("packet for a non-owner: %v", err)
	}
}
