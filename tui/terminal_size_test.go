package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// realisticText is what people type: accents, CJK (two columns a rune),
// an emoji and a phrase long enough to be cut in every table.
func realisticText(field string) string {
	return "Zoë Ødegaard 数据平台 🔥 " + field + " — retained for the auditor's walkthrough of the AI system"
}

// faultSizes is the terminal sizes of the size test: from 1×1 to 300×100,
// with the minimum (60×16) and its neighbours, and the common 80×24.
// small keeps the corners, the minimum and 80×24 (-short, and the views
// that are not core).
func faultSizes(small bool) (widths, heights []int) {
	if small {
		return []int{1, 59, 60, 80, 300}, []int{1, 15, 16, 24, 100}
	}
	return []int{1, 2, 3, 5, 10, 20, 40, 59, 60, 61, 79, 80, 81, 120, 160, 200, 300},
		[]int{1, 2, 3, 5, 10, 15, 16, 17, 24, 48, 100}
}

// viewFits reports why a frame does not fit a w×h terminal: more lines
// than h, or a line wider than w columns. Empty means it fits.
func viewFits(v tea.View, w, h int) string {
	lines := strings.Split(v.Content, "\n")
	if len(lines) > h {
		return fmt.Sprintf("%d lines for a terminal %d high", len(lines), h)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			return fmt.Sprintf("line %d is %d columns for a terminal %d wide: %q", i+1, lw, w, ansi.Strip(l))
		}
	}
	return ""
}

// TestEveryScreenFitsEveryTerminalSize draws every screen and main detail
// page of a populated engagement at every size of the grid (17 widths × 11
// heights, 1×1 to 300×100), and every form and variant at 5×5 of them,
// right after the resize and again once the resize's commands (re-rendered
// Markdown, say) have come back: no panic, never more lines than the
// terminal has, never a line wider than it, and the same screen on top
// afterwards.
func TestEveryScreenFitsEveryTerminalSize(t *testing.T) {
	t.Parallel()
	f := buildFaultEngagement(t, faultScale(), realisticText)
	for _, v := range faultViews() {
		ws, hs := faultSizes(testing.Short() || !v.core)
		t.Run(v.name, func(t *testing.T) {
			a := openView(t, f, v, 100, 30)
			top, depth := a.top().ID(), len(a.stack)
			for _, w := range ws {
				for _, h := range hs {
					_, cmd := a.Update(tea.WindowSizeMsg{Width: w, Height: h})
					if why := viewFits(a.View(), w, h); why != "" {
						t.Fatalf("%dx%d, before the resize's commands ran: %s", w, h, why)
					}
					drive(a, cmd)
					if why := viewFits(a.View(), w, h); why != "" {
						t.Fatalf("%dx%d: %s", w, h, why)
					}
				}
			}
			if a.top().ID() != top || len(a.stack) != depth {
				t.Fatalf("resizing changed the screen: %s (depth %d), was %s (depth %d)", a.top().ID(), len(a.stack), top, depth)
			}
		})
	}
}

// TestLongFilePathNeverHidesTheStatusMessage pins what the hostile test
// found: the status line's right side (saving, unsaved, the file's path)
// took the whole line when the path was long, and an error such as "NOT
// saved" was cut to nothing. Now the message keeps up to two thirds of the
// line and the path loses its start, keeping the file name.
func TestLongFilePathNeverHidesTheStatusMessage(t *testing.T) {
	path := "/home/ana/" + strings.Repeat("clients/globex/", 12) + "engagement.db"
	a := New(Config{Store: &fakeStore{}, Pack: testPack(), Snapshot: model.Snapshot{Engagement: setUpEngagement(),
		Systems: testSystems()}, DBPath: path, Actor: "tester"})
	for _, w := range []int{60, 80, 160} {
		send(t, a, tea.WindowSizeMsg{Width: w, Height: 24})
		a.Update(StatusMsg{Text: "Answer to ac1.vault NOT saved: disk full", Kind: statusError})
		lines := strings.Split(screen(a), "\n")
		status := lines[len(lines)-2]
		if !strings.Contains(status, "NOT saved") || !strings.Contains(status, "engagement.db") {
			t.Fatalf("%d wide, status line %q: want the error and the file name", w, status)
		}
		if why := viewFits(a.View(), w, 24); why != "" {
			t.Fatalf("%d wide: %s", w, why)
		}
	}
}
