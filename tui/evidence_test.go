package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"auditwalk/model"
)

func TestAttachFromWalkthroughLandsOnCurrentAnswerAndCountShows(t *testing.T) {
	fe := &fakeEvidence{}
	a := newEvidenceApp(t, fe, goldenSnapshot(), nil, 100, 30)
	press(t, a, "2")
	want := "answer:" + currentQ(a)
	requireContains(t, a, "no evidence (E attaches)")
	press(t, a, "E")
	if topID(a) != ScreenEvidenceAttach {
		t.Fatalf("E opened %s, want the attach form", topID(a))
	}
	typeText(t, a, "/work/acme/vault policy.pdf")
	press(t, a, "down")
	typeText(t, a, "2026-02-01")
	press(t, a, "down")
	typeText(t, a, "2033-02-01")
	press(t, a, "down", "space", "down")
	typeText(t, a, "export of the vault ACL")
	press(t, a, "ctrl+s")

	got := fe.lastAttach(t)
	if got.target != want || got.path != "/work/acme/vault policy.pdf" {
		t.Fatalf("attached %q to %q, want %q", got.path, got.target, want)
	}
	o := got.opts
	if o.EffectiveDate != "2026-02-01" || o.Retention != "2033-02-01" || !o.ReferenceOnly || o.Note != "export of the vault ACL" {
		t.Fatalf("options: %+v", o)
	}
	if topID(a) != ScreenWalkthrough {
		t.Fatalf("after the attach the top is %s, want the walkthrough", topID(a))
	}
	requireContains(t, a, "attached vault policy.pdf (sha256 feedfacecafebeef…)", "Evidence: 1 file")
}

func TestAttachRefusedKeepsFormOpenWithTheError(t *testing.T) {
	fe := &fakeEvidence{fail: errNoFile()}
	a := newEvidenceApp(t, fe, goldenSnapshot(), nil, 100, 30)
	press(t, a, "2", "E")
	typeText(t, a, "/nope/missing.pdf")
	press(t, a, "ctrl+s")
	if topID(a) != ScreenEvidenceAttach {
		t.Fatalf("a refused attach closed the form (top %s)", topID(a))
	}
	requireContains(t, a, "Not attached: /nope/missing.pdf: no such file or directory", "Evidence NOT attached")
	if !a.com.Writes.idle() {
		t.Fatal("the write queue is stuck after a refused attach")
	}
}

func TestAttachFormRefusesBadDatesWithoutCallingTheStore(t *testing.T) {
	fe := &fakeEvidence{}
	a := newEvidenceApp(t, fe, goldenSnapshot(), nil, 100, 30)
	press(t, a, "2", "E", "ctrl+s")
	requireContains(t, a, "Name the file to attach.")
	typeText(t, a, "a.pdf")
	press(t, a, "down")
	typeText(t, a, "2026-13-45")
	press(t, a, "ctrl+s")
	requireContains(t, a, `unrecognised date "2026-13-45"`)
	press(t, a, "backspace", "backspace", "backspace", "backspace", "backspace")
	typeText(t, a, "03-01")
	press(t, a, "down")
	typeText(t, a, "2025-01-01")
	press(t, a, "ctrl+s")
	requireContains(t, a, "retention date 2025-01-01 is before the effective date 2026-03-01")
	if len(fe.attaches) != 0 {
		t.Fatalf("the store was called with invalid input: %+v", fe.attaches)
	}
}

func TestAttachPathCompletesWithTab(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "evidence-export.csv"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	a := newEvidenceApp(t, &fakeEvidence{}, goldenSnapshot(), nil, 120, 30)
	press(t, a, "2", "E")
	typeText(t, a, dir+string(filepath.Separator)+"ev")
	press(t, a, "tab")
	form := a.top().(*evidenceForm)
	if got, want := form.inputs[attachPath].Value(), filepath.Join(dir, "evidence-export.csv"); got != want {
		t.Fatalf("tab completed to %q, want %q", got, want)
	}
	if form.focus != attachPath {
		t.Fatal("tab on the path moved focus instead of completing")
	}
}

func TestAttachFromExceptionPageTargetsTheException(t *testing.T) {
	fe := &fakeEvidence{}
	a := newEvidenceApp(t, fe, goldenSnapshot(), nil, 100, 30)
	press(t, a, "5", "enter")
	id := a.top().(*exceptionDetail).id
	press(t, a, "E")
	requireContains(t, a, "Attach evidence to EX-")
	typeText(t, a, "ticket.pdf")
	press(t, a, "ctrl+s")
	if got := fe.lastAttach(t).target; got != "exception:"+itoa64(id) {
		t.Fatalf("target %q, want exception:%d", got, id)
	}
	if topID(a) != ScreenException {
		t.Fatalf("after the attach the top is %s, want the exception page", topID(a))
	}
}

func TestAttachFromVendorAndSystemPages(t *testing.T) {
	fe := &fakeEvidence{}
	snap := goldenSnapshot()
	snap.Vendors = []model.Vendor{{ID: 7, Name: "OpenAI"}}
	a := newEvidenceApp(t, fe, snap, nil, 100, 30)
	press(t, a, "4", "E")
	typeText(t, a, "soc2.pdf")
	press(t, a, "ctrl+s")
	if got := fe.lastAttach(t).target; got != "vendor:7" {
		t.Fatalf("vendor attach target %q", got)
	}
	d := newSystemDetail(a.com, testSystems()[1])
	send(t, a, NavigateMsg{Push: d})
	press(t, a, "E")
	typeText(t, a, "dpa.pdf")
	press(t, a, "ctrl+s")
	if got := fe.lastAttach(t).target; got != "system:2" {
		t.Fatalf("system attach target %q", got)
	}
}

func TestEvidenceCheckShowsChangedAndMissing(t *testing.T) {
	fe := seededEvidence()
	fe.checks = []EvidenceCheck{
		{ID: 1, Status: "ok"},
		{ID: 2, Status: "missing", Detail: "/mnt/acme/bot-logs-2026-q1.jsonl: file not found"},
		{ID: 3, Status: "changed", Detail: "stored copy: SHA-256 is now abcd, recorded 00ff"},
	}
	a := newEvidenceApp(t, fe, goldenSnapshot(), nil, 160, 48)
	press(t, a, "g", "e")
	if topID(a) != ScreenEvidence {
		t.Fatalf("g e opened %s", topID(a))
	}
	requireContains(t, a, "vault-policy.pdf", "ac1.vault@org", "system Support bot", "EX-1")
	press(t, a, "c")
	requireContains(t, a, "checked: 1 ok, 2 failed", "MISSING", "CHANGED",
		"Checked 3 evidence files: 1 ok, 2 changed, missing or unreadable")
	press(t, a, "j")
	requireContains(t, a, "✗ /mnt/acme/bot-logs-2026-q1.jsonl: file not found")
	press(t, a, "enter")
	requireContains(t, a, "MISSING: /mnt/acme/bot-logs-2026-q1.jsonl: file not found", "by reference only")
}

func TestEvidenceDeleteAsksFirst(t *testing.T) {
	fe := seededEvidence()
	a := newEvidenceApp(t, fe, goldenSnapshot(), nil, 100, 30)
	press(t, a, "g", "e", "x")
	if topID(a) != ScreenConfirm {
		t.Fatalf("x opened %s, want a confirmation", topID(a))
	}
	requireContains(t, a, "Delete evidence EV-1?")
	press(t, a, "n")
	if len(fe.deletes) != 0 {
		t.Fatal("declining deleted the file")
	}
	press(t, a, "x", "y")
	if len(fe.deletes) != 1 || fe.deletes[0] != 1 {
		t.Fatalf("deletes: %v", fe.deletes)
	}
	requireContains(t, a, "deleted EV-1 vault-policy.pdf", "Evidence · 2 files")
	if strings.Contains(body(a), "vault-policy.pdf") {
		t.Fatal("the deleted file is still listed")
	}
}

func TestEvidenceOutsideType2PeriodIsFlagged(t *testing.T) {
	a := newEvidenceApp(t, seededEvidence(), type2Snapshot(), nil, 100, 30)
	press(t, a, "g", "e")
	requireContains(t, a, "Type 2 period 2026-01-01 to 2026-06-30", "2025-11-15!")
	if strings.Contains(screen(a), "2026-02-01!") {
		t.Fatal("evidence inside the period is flagged")
	}
	press(t, a, "G")
	requireContains(t, a, "! effective 2025-11-15, before the observation period 2026-01-01 to 2026-06-30")
}

func TestEvidenceNotFlaggedForType1(t *testing.T) {
	a := newEvidenceApp(t, seededEvidence(), goldenSnapshot(), nil, 100, 30)
	press(t, a, "g", "e")
	if strings.Contains(screen(a), "2025-11-15!") {
		t.Fatal("a Type 1 engagement flags evidence dates")
	}
}

func TestDetectionKeyRunsDetectionAndReloadsQueue(t *testing.T) {
	var calls atomic.Int32
	detect := func(context.Context) (string, error) {
		calls.Add(1)
		return "3 new, 1 reopened, 2 closed", nil
	}
	a := newEvidenceApp(t, &fakeEvidence{}, goldenSnapshot(), detect, 100, 30)
	press(t, a, "5")
	ft := a.com.Triage.store.(*fakeTriage)
	before := ft.loads
	press(t, a, "D")
	if calls.Load() != 1 {
		t.Fatalf("detection ran %d times", calls.Load())
	}
	if ft.loads <= before {
		t.Fatal("the queue was not reloaded after detection")
	}
	requireContains(t, a, "Detection: 3 new, 1 reopened, 2 closed")
}

func TestDetectionKeyWithoutDetectSaysSo(t *testing.T) {
	a := newEvidenceApp(t, &fakeEvidence{}, goldenSnapshot(), nil, 100, 30)
	press(t, a, "5", "D")
	requireContains(t, a, "Detection is not available")
}

func TestEvidenceGoldenViews(t *testing.T) {
	sizes := []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"160x48", 160, 48}}
	for _, sz := range sizes {
		t.Run("list_"+sz.name, func(t *testing.T) {
			fe := seededEvidence()
			fe.checks = []EvidenceCheck{{ID: 1, Status: "ok"}, {ID: 2, Status: "missing", Detail: "file not found"},
				{ID: 3, Status: "ok"}}
			a := newEvidenceApp(t, fe, type2Snapshot(), nil, sz.w, sz.h)
			press(t, a, "g", "e", "c", "j")
			golden.RequireEqual(t, body(a))
		})
		t.Run("empty_"+sz.name, func(t *testing.T) {
			a := newEvidenceApp(t, &fakeEvidence{}, goldenSnapshot(), nil, sz.w, sz.h)
			press(t, a, "g", "e")
			golden.RequireEqual(t, body(a))
		})
		t.Run("detail_"+sz.name, func(t *testing.T) {
			a := newEvidenceApp(t, seededEvidence(), type2Snapshot(), nil, sz.w, sz.h)
			press(t, a, "g", "e", "G", "enter")
			golden.RequireEqual(t, body(a))
		})
		t.Run("attach_form_"+sz.name, func(t *testing.T) {
			a := newEvidenceApp(t, &fakeEvidence{fail: errNoFile()}, goldenSnapshot(), nil, sz.w, sz.h)
			press(t, a, "2", "E")
			typeText(t, a, "/nope/missing.pdf")
			press(t, a, "down")
			typeText(t, a, "2026-02-01")
			press(t, a, "ctrl+s")
			golden.RequireEqual(t, body(a))
		})
		t.Run("walk_count_"+sz.name, func(t *testing.T) {
			a := newEvidenceApp(t, seededEvidence(), goldenSnapshot(), nil, sz.w, sz.h)
			press(t, a, "2")
			settleGuides(t, a)
			golden.RequireEqual(t, body(a))
		})
	}
}

func TestWrapWordsKeepsDatesWholeAndCutsLongWords(t *testing.T) {
	got := wrapWords("before the period 2026-01-01 to 2026-06-30", 24)
	want := []string{"before the period", "2026-01-01 to 2026-06-30"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("wrapWords = %q, want %q", got, want)
	}
	if got := wrapWords("0123456789abcdef", 10); strings.Join(got, "|") != "0123456789|abcdef" {
		t.Fatalf("long word: %q", got)
	}
}
