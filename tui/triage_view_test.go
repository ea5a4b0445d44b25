package tui

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// body is the top screen's area of the frame, without the header, status
// and help bars: those list every tab, which other screens add to, so the
// triage goldens pin only what the triage screens draw.
func body(a *App) string { return ansi.Strip(fit(a.top().View(), a.bodyW, a.bodyH)) }

func TestTriageGoldenViews(t *testing.T) {
	sizes := []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"160x48", 160, 48}}
	for _, sz := range sizes {
		t.Run("queue_"+sz.name, func(t *testing.T) {
			a := newTriageApp(t, seededTriage(), sz.w, sz.h)
			press(t, a, "5")
			golden.RequireEqual(t, body(a))
		})
		t.Run("queue_all_"+sz.name, func(t *testing.T) {
			a := newTriageApp(t, seededTriage(), sz.w, sz.h)
			press(t, a, "5", "s", "j")
			golden.RequireEqual(t, body(a))
		})
		t.Run("detail_"+sz.name, func(t *testing.T) {
			a := newTriageApp(t, seededTriage(), sz.w, sz.h)
			press(t, a, "5", "enter")
			golden.RequireEqual(t, body(a))
		})
		t.Run("detail_expired_"+sz.name, func(t *testing.T) {
			a := newTriageApp(t, seededTriage(), sz.w, sz.h)
			openEx(t, a, "EX-3")
			press(t, a, "ctrl+d")
			golden.RequireEqual(t, body(a))
		})
		t.Run("accept_form_"+sz.name, func(t *testing.T) {
			a := newTriageApp(t, seededTriage(), sz.w, sz.h)
			press(t, a, "5", "enter", "a")
			typeText(t, a, "auditwalk")
			press(t, a, "ctrl+s")
			golden.RequireEqual(t, body(a))
		})
		t.Run("my_tasks_"+sz.name, func(t *testing.T) {
			a := newTriageApp(t, seededTriage(), sz.w, sz.h)
			press(t, a, "5", "m")
			golden.RequireEqual(t, body(a))
		})
		t.Run("filter_bar_"+sz.name, func(t *testing.T) {
			a := newTriageApp(t, seededTriage(), sz.w, sz.h)
			press(t, a, "5", "/")
			golden.RequireEqual(t, body(a))
		})
	}
}
