package tui

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/charmbracelet/x/exp/golden"
)

func TestExportPreviewRendersAfterTheCommandResult(t *testing.T) {
	a := newAuditApp(t, newFakeAudit(), 100, 30)
	press(t, a, "g", "x")
	s := exportOf(a)
	if len(s.docs) != 11 || s.docs[0].Title != "Package overview" {
		t.Fatalf("docs %d after the load command", len(s.docs))
	}
	requireContains(t, a, "Readiness report", "Control narratives", "11 documents · as of 2026-03-01")
	press(t, a, "j")
	if _, cached := s.previews[s.shown]; len(s.pending) == 0 && !cached {
		t.Fatal("selecting a document asked for no glamour render")
	}
	settleExport(t, a)
	k := s.shown
	if _, ok := s.previews[k]; !ok || k.doc != "readiness-report.md" || k.style != "dark" || k.width != 100-s.listWidth()-3 {
		t.Fatalf("preview not shown from the cache: %+v", k)
	}
	// A resize asks for a new rendering at the new width.
	send(t, a, tea.WindowSizeMsg{Width: 140, Height: 30})
	settleExport(t, a)
	if s.shown.width != 140-s.listWidth()-3 {
		t.Fatalf("after resize the preview is %d wide", s.shown.width)
	}
}

func TestExportWriteReportsFilesWritten(t *testing.T) {
	fa := newFakeAudit()
	a := newAuditApp(t, fa, 100, 30)
	press(t, a, "g", "x", "w", "tab", "tab", "space") // untick csv
	press(t, a, "enter")
	if len(fa.writes) != 1 || fa.writes[0].dir != defaultExportDir || fa.writes[0].force ||
		strings.Join(fa.writes[0].formats, ",") != "markdown,json,oscal" {
		t.Fatalf("writes %+v", fa.writes)
	}
	requireContains(t, a, "Wrote 3 files to ./auditwalk-export", "control-narratives.md")
}

func TestExportWriteToNonEmptyDirNeedsConfirmation(t *testing.T) {
	fa := newFakeAudit()
	fa.nonEmpty["out"] = true
	a := newAuditApp(t, fa, 100, 30)
	press(t, a, "g", "x", "w")
	s := exportOf(a)
	s.path.SetValue("")
	typeText(t, a, "out")
	press(t, a, "enter")
	if s.mode != exportConfirm || len(fa.writes) != 1 {
		t.Fatalf("mode %v writes %+v: want the overwrite question", s.mode, fa.writes)
	}
	requireContains(t, a, "out is not empty", "y overwrite")
	press(t, a, "n")
	if s.mode != exportForm || len(fa.writes) != 1 {
		t.Fatalf("n: mode %v writes %d", s.mode, len(fa.writes))
	}
	press(t, a, "enter", "y")
	if len(fa.writes) != 3 || !fa.writes[2].force || s.mode != exportBrowse {
		t.Fatalf("y: writes %+v mode %v", fa.writes, s.mode)
	}
	requireContains(t, a, "Wrote 3 files to out")
}

func TestExportWriteFailureShowsOneLineError(t *testing.T) {
	fa := newFakeAudit()
	fa.writeErr = errors.New("out/README.md: permission denied\nsecond line")
	a := newAuditApp(t, fa, 100, 30)
	press(t, a, "g", "x", "w", "enter")
	requireContains(t, a, "Export NOT written: out/README.md: permission denied second line")
	if s := exportOf(a); !s.failed || s.mode != exportBrowse {
		t.Fatalf("failed %v mode %v", s.failed, s.mode)
	}
}

func TestExportWithoutStoreShowsNotice(t *testing.T) {
	a := newTestApp(t, &fakeStore{}, goldenSnapshot(), 80, 24)
	press(t, a, "g", "x")
	requireContains(t, a, "Export preview needs an engagement file.")
}

func TestGoldenAuditViews(t *testing.T) {
	for _, sz := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"160x48", 160, 48}} {
		t.Run("export_"+sz.name, func(t *testing.T) {
			a := newAuditApp(t, newFakeAudit(), sz.w, sz.h)
			press(t, a, "g", "x", "j")
			settleExport(t, a)
			golden.RequireEqual(t, screen(a))
		})
		t.Run("export_write_"+sz.name, func(t *testing.T) {
			a := newAuditApp(t, newFakeAudit(), sz.w, sz.h)
			press(t, a, "g", "x", "w", "tab")
			settleExport(t, a)
			golden.RequireEqual(t, screen(a))
		})
		t.Run("narrative_edited_"+sz.name, func(t *testing.T) {
			a := newAuditApp(t, newFakeAudit(), sz.w, sz.h)
			press(t, a, "2", "w", "e")
			typeText(t, a, " Keys rotate every 90 days.")
			press(t, a, "ctrl+s")
			golden.RequireEqual(t, screen(a))
		})
		t.Run("narrative_list_"+sz.name, func(t *testing.T) {
			a := newAuditApp(t, newFakeAudit(), sz.w, sz.h)
			press(t, a, "g", "x", "n")
			golden.RequireEqual(t, screen(a))
		})
		t.Run("trail_"+sz.name, func(t *testing.T) {
			a := newAuditApp(t, newFakeAudit(), sz.w, sz.h)
			press(t, a, "g", "a", "v")
			golden.RequireEqual(t, screen(a))
		})
		t.Run("trail_filter_"+sz.name, func(t *testing.T) {
			a := newAuditApp(t, newFakeAudit(), sz.w, sz.h)
			press(t, a, "g", "a", "/")
			typeText(t, a, "sam")
			golden.RequireEqual(t, screen(a))
		})
		t.Run("trail_detail_"+sz.name, func(t *testing.T) {
			a := newAuditApp(t, newFakeAudit(), sz.w, sz.h)
			press(t, a, "g", "a", "enter")
			golden.RequireEqual(t, screen(a))
		})
	}
}
