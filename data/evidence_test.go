package data

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"auditwalk/model"
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAttachEvidenceStoresSmallFilesAndExtractsThemByteForByte(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	sys, err := s.SaveSystem(ctx, sampleSystem("Support bot"))
	if err != nil {
		t.Fatal(err)
	}
	p := writeFile(t, t.TempDir(), "policy.pdf", "%PDF-1.7 access policy")
	ev, err := s.AttachEvidence(ctx, "system:support bot", p, AttachOptions{EffectiveDate: "2026-01-10", Retention: "2033-01-10", Note: "v3"})
	if err != nil {
		t.Fatal(err)
	}
	if !ev.Stored || ev.Size != 22 || ev.SHA256 != sha256Hex([]byte("%PDF-1.7 access policy")) || ev.Name != "policy.pdf" ||
		ev.Target != (model.EvidenceTarget{Type: model.TargetSystem, Key: "1"}) || ev.AttachedBy != "alice" || ev.Path != p {
		t.Fatalf("attached %+v (system id %d)", ev, sys.ID)
	}
	list, err := s.ListEvidence(ctx)
	if err != nil || len(list) != 1 || list[0].SHA256 != ev.SHA256 || list[0].EffectiveDate != "2026-01-10" || list[0].Note != "v3" {
		t.Fatalf("list %+v %v", list, err)
	}
	os.Remove(p) // a stored file no longer needs the original
	var out bytes.Buffer
	if err := s.ExtractEvidence(ctx, ev.ID, &out); err != nil || out.String() != "%PDF-1.7 access policy" {
		t.Fatalf("extract %q %v", out.String(), err)
	}
	checks, err := s.RehashEvidence(ctx)
	if err != nil || len(checks) != 1 || checks[0].Failed() {
		t.Fatalf("rehash of a stored file whose original is gone: %+v %v", checks, err)
	}
	mustVerify(t, s)
}

func TestReferenceOnlyAndOversizedEvidenceKeepOnlyTheHash(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	dir := t.TempDir()
	small := writeFile(t, dir, "onsite.csv", "a,b\n")
	big := writeFile(t, dir, "big.log", strings.Repeat("x", 2048))
	ref, err := s.AttachEvidence(ctx, "answer:q1", small, AttachOptions{ReferenceOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	large, err := s.AttachEvidence(ctx, "answer:q1@org", big, AttachOptions{MaxStoredBytes: 1024})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range []model.Evidence{ref, large} {
		if ev.Stored || ev.Target.Key != "q1@org" {
			t.Fatalf("%+v: want a reference to answer q1@org", ev)
		}
	}
	if err := s.ExtractEvidence(ctx, ref.ID, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "reference only") {
		t.Fatalf("extracting a reference: %v", err)
	}
	var n int
	s.db.QueryRow("SELECT count(*) FROM evidence WHERE content IS NULL").Scan(&n)
	if n != 2 {
		t.Fatalf("%d rows without content, want 2", n)
	}
}

func TestRehashDetectsChangedAndMissingReferencedFilesAndSwappedStoredBytes(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	dir := t.TempDir()
	changed := writeFile(t, dir, "changed.txt", "original")
	missing := writeFile(t, dir, "missing.txt", "here today")
	kept := writeFile(t, dir, "kept.txt", "same")
	stored := writeFile(t, dir, "stored.txt", "stored bytes")
	var ids []int64
	for _, p := range []string{changed, missing, kept} {
		ev, err := s.AttachEvidence(ctx, "answer:q1", p, AttachOptions{ReferenceOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, ev.ID)
	}
	st, err := s.AttachEvidence(ctx, "answer:q2", stored, AttachOptions{})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(changed, []byte("edited"), 0o600)
	os.Remove(missing)
	if _, err := s.db.Exec("UPDATE evidence SET content = ? WHERE id = ?", []byte("other bytes"), st.ID); err != nil {
		t.Fatal(err)
	}
	checks, err := s.RehashEvidence(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]EvidenceStatus{ids[0]: EvidenceChanged, ids[1]: EvidenceMissing, ids[2]: EvidenceOK, st.ID: EvidenceChanged}
	for _, c := range checks {
		if c.Status != want[c.Evidence.ID] {
			t.Errorf("%s %s: %s (%s), want %s", c.Evidence.Ref(), c.Evidence.Name, c.Status, c.Detail, want[c.Evidence.ID])
		}
	}
	if checks[0].Actual != sha256Hex([]byte("edited")) {
		t.Errorf("changed file's actual hash %s", checks[0].Actual)
	}
	rep, _ := s.Verify(ctx)
	if rep.OK() || !strings.Contains(strings.Join(rep.Problems(), "\n"), "evidence 4: row differs") {
		t.Fatalf("verify after swapping stored bytes: %q", rep.Problems())
	}
}

func TestType2EvidenceOutsideTheObservationPeriodIsFlagged(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	if _, err := s.SaveEngagement(ctx, model.Engagement{Client: "Acme", Readiness: model.Type2, PeriodStart: "2026-01-01", PeriodEnd: "2026-06-30"}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, d := range []model.Date{"2025-12-31", "2026-03-01", "2026-07-01"} {
		if _, err := s.AttachEvidence(ctx, "answer:q1", writeFile(t, dir, string(d)+".txt", string(d)), AttachOptions{EffectiveDate: d}); err != nil {
			t.Fatal(err)
		}
	}
	checks, err := s.RehashEvidence(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var flagged []string
	for _, c := range checks {
		if c.OutsidePeriod {
			flagged = append(flagged, string(c.Evidence.EffectiveDate))
		}
	}
	if strings.Join(flagged, ",") != "2025-12-31,2026-07-01" {
		t.Fatalf("flagged %v", flagged)
	}
}

func TestAttachEvidenceRefusesUnknownTargetsAndBadInput(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	p := writeFile(t, t.TempDir(), "f.txt", "x")
	for target, want := range map[string]error{
		"system:nope":     ErrNotFound,
		"vendor:7":        ErrNotFound,
		"exception:EX-3":  ErrNotFound,
		"answer:q1@ghost": ErrNotFound,
	} {
		if _, err := s.AttachEvidence(ctx, target, p, AttachOptions{}); !errors.Is(err, want) {
			t.Errorf("%s: %v, want %v", target, err, want)
		}
	}
	for _, target := range []string{"control:CC6.1", "system:", "answer:@org"} {
		if _, err := s.AttachEvidence(ctx, target, p, AttachOptions{}); err == nil {
			t.Errorf("%s accepted", target)
		}
	}
	if _, err := s.AttachEvidence(ctx, "answer:q1", filepath.Join(t.TempDir(), "gone.pdf"), AttachOptions{}); err == nil || !strings.Contains(err.Error(), "gone.pdf") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := s.AttachEvidence(ctx, "answer:q1", p, AttachOptions{EffectiveDate: "someday"}); err == nil {
		t.Error("bad effective date accepted")
	}
	if n := activityCount(t, s); n != 0 {
		t.Fatalf("refused attachments left %d trail records", n)
	}
}

func TestDeleteEvidenceKeepsItsRecordInTheTrail(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	ev, err := s.AttachEvidence(ctx, "answer:q1", writeFile(t, t.TempDir(), "f.txt", "x"), AttachOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteEvidence(ctx, ev.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteEvidence(ctx, ev.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
	trail, _ := s.Activity(ctx, ActivityFilter{Entity: EntityEvidence})
	if len(trail) != 2 || trail[0].Action != ActionDelete || !strings.Contains(trail[0].Before, ev.SHA256) {
		t.Fatalf("trail %+v", trail)
	}
	mustVerify(t, s)
}

func TestAttachingAnEmptyFileStoresIt(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	ev, err := s.AttachEvidence(ctx, "answer:q1", writeFile(t, t.TempDir(), "empty.txt", ""), AttachOptions{})
	if err != nil || !ev.Stored || ev.Size != 0 {
		t.Fatalf("%+v %v", ev, err)
	}
	checks, err := s.RehashEvidence(ctx)
	if err != nil || checks[0].Failed() {
		t.Fatalf("%+v %v", checks, err)
	}
	mustVerify(t, s)
}
