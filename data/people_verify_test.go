package data

import (
	"context"
	"strings"
	"testing"

	"auditwalk/model"
)

// accountabilityFile has rows in every accountability table: people,
// assignments, a review, an attestation, a packet export, a merged item and
// a conflict.
func accountabilityFile(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := teamFile(t)
	out, _ := exportBobPacket(t, path)
	bob, done := openAs(t, out, "bob")
	_, err := bob.SaveAnswer(ctx, sampleAnswer("q1", "org", "no"))
	must(t, err)
	_, err = bob.SaveAnswer(ctx, sampleAnswer("q2", "org", "yes"))
	must(t, err)
	done()
	alice, done := openAs(t, path, "alice")
	defer done()
	_, err = alice.SaveAnswer(ctx, sampleAnswer("q1", "org", "partial"))
	must(t, err)
	_, err = alice.MergePacket(ctx, out)
	must(t, err)
	_, err = alice.ReviewAnswer(ctx, model.AnswerKey{QuestionID: "q2", Subject: "org"}, model.ReviewApprove, "ok")
	must(t, err)
	done()
	bob, done = openAs(t, path, "bob")
	defer done()
	_, err = bob.Attest(ctx, bobAttestation(t, bob, "u-1"))
	must(t, err)
	done()
	rep := verifyReadOnly(t, path)
	if !rep.OK() {
		t.Fatalf("fixture does not verify: %v", rep.Problems())
	}
	return path
}

func TestVerifyDetectsTamperingWithAccountabilityRows(t *testing.T) {
	cases := []struct {
		name, stmt, want string
	}{
		{"person roles raised", `UPDATE person SET roles = '["assessor","control-owner","reviewer"]' WHERE name = 'bob'`,
			"person bob: row differs from its last recorded state"},
		{"person deleted", `DELETE FROM person WHERE name = 'rita'`, "person rita: row recorded by record"},
		{"person inserted", `INSERT INTO person (name, roles, updated_at, updated_by) VALUES ('mallory', '["reviewer"]', 'x', 'x')`,
			"person mallory: row has no activity record (added outside auditwalk)"},
		{"assignment moved", `UPDATE assignment SET owner = 'alice' WHERE kind = 'control'`, "assignment control:c-org: row differs"},
		{"assignment deleted", `DELETE FROM assignment WHERE kind = 'system'`, "assignment system:1: row recorded by record"},
		{"approval forged", `UPDATE review SET reviewer = 'rita'`, "review answer:q2@org: row differs"},
		{"approval inserted", `INSERT INTO review (kind, key, state, reviewer) VALUES ('answer', 'q1@org', 'approved', 'rita')`,
			"review answer:q1@org: row has no activity record"},
		{"review deleted", `DELETE FROM review`, "review answer:q2@org: row recorded by record"},
		{"attestation statement edited", `UPDATE attestation SET statement = 'I take it back.'`, "attestation 1: row differs"},
		{"attestation deleted", `DELETE FROM attestation`, "attestation 1: row recorded by record"},
		{"attestation inserted", `INSERT INTO attestation (uid, person, role, statement, answers_sha256, at, payload) VALUES ('u-9', 'bob', 'control-owner', 's', 'h', 'x', 'p')`,
			"attestation 2: row has no activity record"},
		{"conflict resolved behind our back", `UPDATE conflict SET status = 'resolved', resolution = 'ours'`, "conflict 1: row differs"},
		{"conflict deleted", `DELETE FROM conflict`, "conflict 1: row recorded by record"},
		{"packet base edited", `UPDATE packet SET base = '{}'`, "packet "},
		{"merge record deleted", `DELETE FROM packet_item`, "packet_item "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := accountabilityFile(t)
			tamper(t, path, tc.stmt)
			rep := verifyReadOnly(t, path)
			joined := strings.Join(rep.Problems(), "\n")
			if rep.OK() || !strings.Contains(joined, tc.want) {
				t.Fatalf("problems:\n%s\nwant a line containing %q", joined, tc.want)
			}
		})
	}
}
