package main

import (
	"context"
	"path/filepath"
	"testing"

	"auditwalk/data"
)

// trailLen counts the trail records of an engagement file.
func trailLen(t *testing.T, db string) int {
	t.Helper()
	st, err := data.Open(context.Background(), db, data.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	recs, err := st.Activity(context.Background(), data.ActivityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(recs)
}

// followUpPacket exports bob's packet with gov-policy unanswered, so its
// four follow-ups are not asked yet; bob then answers gov-policy yes, which
// opens them, answers two of them and attests.
func followUpPacket(t *testing.T) (db, packet string) {
	t.Helper()
	db = teamEngagement(t)
	packet = filepath.Join(t.TempDir(), "bob-packet.db")
	wantIn(t, cli(t, exitOK, "--db", db, "--as", "alice", "packet", "export", "--owner", "bob", "--out", packet),
		"for bob: 1 questions (0 answered) and 4 follow-ups if their conditions are met")
	bob := []string{"--db", packet, "--as", "bob"}
	cli(t, exitOK, append(bob, "answer", "gov-policy", "yes")...)
	cli(t, exitOK, append(bob, "answer", "gov-policy-ack", "yes")...)
	cli(t, exitOK, append(bob, "answer", "gov-policy-scope", "partial")...)
	wantIn(t, cli(t, exitOK, append(bob, "attest", "--mine", "--statement", "Accurate.")...), "attestation 1 by bob over gov-policy")
	cli(t, exitOK, "--db", packet, "verify")
	return db, packet
}

func TestPacketMergeBringsBackFollowUpsTheOwnerOpenedAndKeepsTheAttestationValid(t *testing.T) {
	db, packet := followUpPacket(t)
	alice := []string{"--db", db, "--as", "alice"}
	wantIn(t, cli(t, exitOK, append(alice, "packet", "merge", packet)...), "3 applied, 0 already the same, 0 conflicts, 1 attestations")
	cli(t, exitOK, "--db", db, "verify")
	wantIn(t, cli(t, exitOK, "--db", db, "attest", "show", "1"), "status:     valid")
	wantIn(t, cli(t, exitOK, "--db", db, "mine", "--owner", "bob"), "bob: 3 of 5 questions answered (60%)")
	n := trailLen(t, db)
	wantIn(t, cli(t, exitOK, append(alice, "packet", "merge", packet)...), "nothing new to merge (already merged)")
	if got := trailLen(t, db); got != n {
		t.Fatalf("second merge wrote %d trail records", got-n)
	}
	cli(t, exitOK, "--db", db, "verify")
	wantIn(t, cli(t, exitOK, "--db", db, "attest", "show", "1"), "status:     valid")
}

func TestPacketMergeListsAFollowUpTheAssessorAnsweredDifferently(t *testing.T) {
	db, packet := followUpPacket(t)
	alice := []string{"--db", db, "--as", "alice"}
	cli(t, exitOK, append(alice, "answer", "gov-policy", "yes")...)
	cli(t, exitOK, append(alice, "answer", "gov-policy-scope", "no")...)
	wantIn(t, cli(t, exitOK, append(alice, "packet", "merge", packet)...), "1 applied, 1 already the same, 1 conflicts, 1 attestations")
	cli(t, exitOK, "--db", db, "verify")
	wantIn(t, cli(t, exitOK, "--db", db, "conflicts", "list"), "gov-policy-scope@org", "No [alice]", "Partially [bob]")
	wantIn(t, cli(t, exitOK, "--db", db, "attest", "show", "1"), "status:     superseded", "changed:    gov-policy-scope@org")
	n := trailLen(t, db)
	wantIn(t, cli(t, exitOK, append(alice, "packet", "merge", packet)...), "nothing new to merge")
	if got := trailLen(t, db); got != n {
		t.Fatalf("second merge wrote %d trail records", got-n)
	}
	wantIn(t, cli(t, exitOK, append(alice, "conflicts", "resolve", "1", "--take", "theirs")...), "resolved, took theirs")
	wantIn(t, cli(t, exitOK, "--db", db, "attest", "show", "1"), "status:     valid")
	cli(t, exitOK, "--db", db, "verify")
}
