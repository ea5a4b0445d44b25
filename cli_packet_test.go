package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// cli runs auditwalk in-process and fails the test unless it exits with
// want; it returns stdout (stderr is appended on failure).
func cli(t *testing.T, want int, args ...string) string {
	t.Helper()
	code, out, errOut := runCLI(t, args...)
	if code != want {
		t.Fatalf("auditwalk %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, want, out, errOut)
	}
	if want != exitOK {
		return errOut
	}
	return out
}

func wantIn(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Fatalf("output lacks %q:\n%s", w, got)
		}
	}
}

// isolateIdentity keeps the developer's saved identity and environment
// out of a test.
func isolateIdentity(t *testing.T) {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("AUDITWALK_AS", "")
	t.Setenv("AUDITWALK_DB", "")
}

// teamEngagement sets up alice (assessor, reviewer), bob (control owner)
// and rita (reviewer) in a new file, with gov-policy assigned to bob.
func teamEngagement(t *testing.T) string {
	t.Helper()
	isolateIdentity(t)
	db := filepath.Join(t.TempDir(), "acme.db")
	a := []string{"--db", db, "--as", "alice"}
	cli(t, exitOK, append(a, "people", "add", "alice", "--role", "assessor,reviewer", "--email", "alice@acme.example")...)
	cli(t, exitOK, append(a, "people", "add", "bob", "--role", "control-owner", "--email", "bob@acme.example")...)
	cli(t, exitOK, append(a, "people", "add", "rita", "--role", "reviewer")...)
	wantIn(t, cli(t, exitOK, append(a, "assign", "control", "gov-policy", "--owner", "bob")...), "control gov-policy: owned by bob")
	return db
}

func TestTwoLaptopPacketFlowWithConflictAndAttestation(t *testing.T) {
	db := teamEngagement(t)
	packet := filepath.Join(t.TempDir(), "bob-packet.db")
	alice := []string{"--db", db, "--as", "alice"}
	bob := []string{"--db", packet, "--as", "bob"}
	cli(t, exitOK, append(alice, "answer", "gov-policy", "yes")...)
	wantIn(t, cli(t, exitOK, append(alice, "packet", "export", "--owner", "bob", "--out", packet)...),
		"for bob: 5 questions (1 answered)", "bob opens it with: auditwalk --db "+packet+" --as bob")

	// Bob, on his laptop: sees only his control, answers, attests.
	wantIn(t, cli(t, exitOK, append(bob, "mine")...), "bob: 1 of 5 questions answered (20%)", "gov-policy  org  1/5")
	cli(t, exitOK, append(bob, "answer", "gov-policy-scope", "yes")...)
	cli(t, exitOK, append(bob, "answer", "gov-policy", "no", "--note", "policy lapsed")...)
	wantIn(t, cli(t, exitOK, append(bob, "attest", "--mine", "--statement", "These answers are accurate.")...), "attestation 1 by bob over gov-policy")
	// Meanwhile alice changes the same answer.
	cli(t, exitOK, append(alice, "answer", "gov-policy", "partial")...)

	wantIn(t, cli(t, exitOK, append(alice, "packet", "merge", packet)...), "1 applied, 0 already the same, 1 conflicts, 1 attestations")
	wantIn(t, cli(t, exitOK, append(alice, "packet", "merge", packet)...), "nothing new to merge (already merged)")
	wantIn(t, cli(t, exitOK, "--db", db, "conflicts", "list"), "gov-policy@org", "Partially [alice]", "No — policy lapsed [bob]")
	wantIn(t, cli(t, exitOK, "--db", db, "attest", "list"), "superseded", "changed since:  gov-policy@org")
	wantIn(t, cli(t, exitOK, append(alice, "conflicts", "resolve", "1", "--take", "theirs")...), "resolved, took theirs")
	wantIn(t, cli(t, exitOK, "--db", db, "conflicts", "list"), "no conflicts")
	wantIn(t, cli(t, exitOK, "--db", db, "conflicts", "list", "--all"), "resolved (theirs, alice)")
	wantIn(t, cli(t, exitOK, "--db", db, "attest", "list"), "valid", "packet ")
	wantIn(t, cli(t, exitOK, "--db", db, "mine", "--owner", "bob"), "bob: 1 of 1 questions answered (100%)") // "no" hides the follow-ups
	cli(t, exitOK, "--db", db, "verify")
	cli(t, exitOK, "--db", packet, "verify")
	// Bob cannot merge or resolve: those are the assessor's.
	wantIn(t, cli(t, exitFailure, "--db", db, "--as", "bob", "packet", "merge", packet), "bob cannot merge packets: that needs the assessor role")
}

func TestReviewFromTheCommandLine(t *testing.T) {
	db := teamEngagement(t)
	cli(t, exitOK, "--db", db, "--as", "alice", "answer", "gov-policy", "yes")
	wantIn(t, cli(t, exitFailure, "--db", db, "--as", "alice", "review", "approve", "gov-policy"), "alice cannot approve it: they wrote it")
	wantIn(t, cli(t, exitFailure, "--db", db, "--as", "bob", "review", "approve", "gov-policy"), "needs the reviewer role")
	wantIn(t, cli(t, exitUsage, "--db", db, "--as", "rita", "review", "approve", "no-such-question"), "no question")
	wantIn(t, cli(t, exitOK, "--db", db, "--as", "rita", "review", "approve", "gov-policy@org", "--comment", "fine"), "answer gov-policy@org: approved by rita")
	wantIn(t, cli(t, exitOK, "--db", db, "review", "list", "--state", "approved"), "approved  answer  gov-policy@org  alice   rita      fine")
	wantIn(t, cli(t, exitOK, "--db", db, "--as", "alice", "answer", "gov-policy", "partial"),
		"review: back to not-reviewed: answer changed after approval (was approved by rita)")
	wantIn(t, cli(t, exitOK, "--db", db, "review", "list", "--state", "not-reviewed"), "gov-policy@org", "answer changed after approval")
	wantIn(t, cli(t, exitOK, "--db", db, "review", "list", "--state", "approved"), "(nothing to list)")
	wantIn(t, cli(t, exitOK, "--db", db, "--as", "rita", "review", "request-changes", "gov-policy", "--narrative", "--comment", "say which policy"),
		"narrative gov-policy@org: changes-requested by rita")
	cli(t, exitUsage, "--db", db, "review", "list", "--state", "blessed")
	cli(t, exitOK, "--db", db, "verify")
}

func TestWhoamiSavesTheIdentityUsedWhenNoAsIsGiven(t *testing.T) {
	isolateIdentity(t)
	db := filepath.Join(t.TempDir(), "e.db")
	wantIn(t, cli(t, exitOK, "whoami", "--set", "carol"), "saved: you are carol on this machine")
	wantIn(t, cli(t, exitOK, "--db", db, "whoami"), "carol (from ", filepath.Join("auditwalk", "identity"))
	cli(t, exitOK, "--db", db, "people", "add", "carol", "--role", "assessor")
	wantIn(t, cli(t, exitOK, "--db", db, "whoami"), "e.db: assessor")
	wantIn(t, cli(t, exitOK, "--db", db, "--as", "dave", "whoami"), "dave (from --as)", "not a person of this engagement")
	t.Setenv("AUDITWALK_AS", "erin")
	wantIn(t, cli(t, exitOK, "whoami"), "erin (from $AUDITWALK_AS)")
	// carol, the saved identity, is the assessor: she may add people.
	t.Setenv("AUDITWALK_AS", "")
	cli(t, exitOK, "--db", db, "people", "add", "frank", "--role", "reviewer")
	cli(t, exitUsage, "whoami", "--set", "bad,name")
}

func TestSignedAttestationFromTheCommandLineVerifiesWithSSHKeygen(t *testing.T) {
	bin, err := exec.LookPath("ssh-keygen")
	if err != nil {
		t.Skip("ssh-keygen not on PATH: CLI signature round-trip not tested")
	}
	db := teamEngagement(t)
	dir := t.TempDir()
	key := filepath.Join(dir, "id_ed25519")
	if out, err := exec.Command(bin, "-q", "-t", "ed25519", "-N", "", "-f", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v %s", err, out)
	}
	cli(t, exitOK, "--db", db, "--as", "bob", "answer", "gov-policy", "yes")
	wantIn(t, cli(t, exitOK, "--db", db, "--as", "bob", "attest", "--controls", "gov-policy", "--statement", "Accurate.", "--sign-key", key),
		"attestation 1 by bob", "signed with SHA256:")
	wantIn(t, cli(t, exitOK, "--db", db, "attest", "show", "1"), "status:     valid", "signature:  good")
	files := map[string]string{"--payload": "p", "--signature": "p.sig", "--allowed-signers": "allowed_signers"}
	for flag, name := range files {
		must := cli(t, exitOK, "--db", db, "attest", "show", "1", flag)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(must), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	payload, err := os.ReadFile(filepath.Join(dir, "p"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-Y", "verify", "-f", filepath.Join(dir, "allowed_signers"), "-I", "bob@acme.example",
		"-n", "auditwalk-attestation", "-s", filepath.Join(dir, "p.sig"))
	cmd.Stdin = bytes.NewReader(payload)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen -Y verify: %v\n%s", err, out)
	}
	cli(t, exitOK, "--db", db, "--as", "bob", "answer", "gov-policy", "no")
	wantIn(t, cli(t, exitOK, "--db", db, "attest", "show", "1"), "status:     superseded", "changed:    gov-policy@org")
}
