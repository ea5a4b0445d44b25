package data

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"auditwalk/model"
)

// attestPack is the pack of the attestation tests: bob owns c-org (q1, q2).
func attestPack() *model.Pack {
	return &model.Pack{ID: "t", Sections: []model.Section{{ID: "s", Controls: []model.Control{
		{ID: "c-org", Applies: model.AppliesOnce, Questions: []model.Question{{ID: "q1", ControlID: "c-org", Kind: model.KindYesNo}, {ID: "q2", ControlID: "c-org", Kind: model.KindYesNo}}},
	}}}}
}

// bobAttestation builds bob's attestation over c-org from s's answers.
func bobAttestation(t *testing.T, s *Store, uid string) model.Attestation {
	t.Helper()
	ctx := context.Background()
	snap, err := s.Load(ctx)
	must(t, err)
	people, err := s.People(ctx)
	must(t, err)
	as, err := s.Assignments(ctx)
	must(t, err)
	bob, _ := people.Find("bob")
	items := model.OwnerItems(model.Walk(attestPack(), snap.Answers, snap.Systems), as, "bob")
	a, err := model.NewAttestation(model.AttestationInput{UID: uid, Engagement: snap.Engagement, Person: bob, Statement: "Accurate as of today.",
		Controls: []string{"c-org"}, Items: items, Answers: snap.Answers, At: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)})
	must(t, err)
	return a
}

func TestAttestationIsStoredAndSupersededByALaterChange(t *testing.T) {
	ctx := context.Background()
	path := teamFile(t)
	bob, done := openAs(t, path, "bob")
	_, err := bob.SaveAnswer(ctx, sampleAnswer("q1", "org", "yes"))
	must(t, err)
	a, err := bob.Attest(ctx, bobAttestation(t, bob, "u-1"))
	if err != nil || a.ID != 1 {
		t.Fatalf("attest: %+v %v", a, err)
	}
	// An attestation built before a change cannot be stored after it.
	stale := bobAttestation(t, bob, "u-2")
	_, err = bob.SaveAnswer(ctx, sampleAnswer("q2", "org", "no"))
	must(t, err)
	if _, err := bob.Attest(ctx, stale); err == nil || !strings.Contains(err.Error(), "q2@org changed while attesting") {
		t.Fatalf("stale attestation stored: %v", err)
	}
	got, err := bob.Attestation(ctx, 1)
	must(t, err)
	snap, err := bob.Load(ctx)
	must(t, err)
	c := got.Check(snap.Answers)
	if c.Status != model.AttestSuperseded || len(c.Changed) != 1 || c.Changed[0].QuestionID != "q2" {
		t.Fatalf("after change: %+v", c)
	}
	done()
	rita, _ := openAs(t, path, "rita")
	if _, err := rita.Attest(ctx, bobAttestation(t, rita, "u-3")); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("rita recorded bob's attestation: %v", err)
	}
}

func TestSignedAttestationVerifiesWithSSHKeygen(t *testing.T) {
	bin, err := exec.LookPath("ssh-keygen")
	if err != nil {
		t.Skip("ssh-keygen not on PATH: signature round-trip not tested")
	}
	ctx := context.Background()
	dir := t.TempDir()
	key := filepath.Join(dir, "id_ed25519")
	if out, err := exec.Command(bin, "-q", "-t", "ed25519", "-N", "", "-C", "bob", "-f", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v %s", err, out)
	}
	path := teamFile(t)
	bob, _ := openAs(t, path, "bob")
	_, err = bob.SaveAnswer(ctx, sampleAnswer("q1", "org", "yes"))
	must(t, err)
	a := bobAttestation(t, bob, "u-1")
	a.Signature, a.SignerKey, err = SignPayload(ctx, key, a.Payload, nil)
	must(t, err)
	pub, err := os.ReadFile(key + ".pub")
	must(t, err)
	if fields := strings.Fields(string(pub)); a.SignerKey != fields[0]+" "+fields[1] {
		t.Fatalf("signer key %q, want the public key %q", a.SignerKey, pub)
	}
	a, err = bob.Attest(ctx, a)
	must(t, err)
	stored, err := bob.Attestation(ctx, a.ID)
	must(t, err)
	// Exactly the recipe in the README: payload, signature, allowed_signers.
	must(t, os.WriteFile(filepath.Join(dir, "p"), []byte(stored.Payload), 0o600))
	must(t, os.WriteFile(filepath.Join(dir, "p.sig"), []byte(stored.Signature), 0o600))
	must(t, os.WriteFile(filepath.Join(dir, "allowed_signers"), []byte(stored.Email+` namespaces="auditwalk-attestation" `+stored.SignerKey+"\n"), 0o600))
	verify := func(payload []byte) error {
		cmd := exec.Command(bin, "-Y", "verify", "-f", filepath.Join(dir, "allowed_signers"), "-I", "bob@acme.example",
			"-n", model.AttestNamespace, "-s", filepath.Join(dir, "p.sig"))
		cmd.Stdin = bytes.NewReader(payload)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return errors.New(string(out))
		}
		return nil
	}
	if err := verify([]byte(stored.Payload)); err != nil {
		t.Fatalf("ssh-keygen -Y verify: %v", err)
	}
	if err := verify([]byte(strings.Replace(stored.Payload, `"value":"yes"`, `"value":"no"`, 1))); err == nil {
		t.Fatal("a changed payload verified")
	}
	if err := CheckSignature(ctx, stored.Payload+"x", stored.Signature); err == nil {
		t.Fatal("CheckSignature accepted a changed payload")
	}
	if _, _, err := SignPayload(ctx, filepath.Join(dir, "missing"), a.Payload, nil); err == nil {
		t.Fatal("signing with a missing key succeeded")
	}
}

func TestSignatureKeyRejectsWhatIsNotAnAttestationSignature(t *testing.T) {
	for _, bad := range []string{"", "hello", "-----BEGIN SSH SIGNATURE-----\n!!!\n-----END SSH SIGNATURE-----\n",
		"-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n"} {
		if _, err := SignatureKey(bad); err == nil {
			t.Fatalf("%q accepted", bad)
		}
	}
}
