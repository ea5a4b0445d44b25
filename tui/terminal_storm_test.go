package tui

import (
	"math/rand/v2"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// stormKeys are the keys a resize storm mixes in: moving, switching tabs,
// chords, help and back. None of them writes (no answers, no enter into a
// form), so two Apps over one file can be compared.
func stormKeys() [][]string {
	ks := [][]string{{"j"}, {"k"}, {"down"}, {"up"}, {"]"}, {"["}, {"tab"}, {"N"}, {"F"}, {"?"}, {"esc"}}
	for _, d := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
		ks = append(ks, []string{d})
	}
	for _, c := range []string{"r", "c", "e", "h", "w", "t"} {
		ks = append(ks, []string{"g", c})
	}
	return ks
}

// stormSize is a random terminal size from 1×1 to 300×100, a third of
// them at or just around the 60×16 minimum, where layouts switch.
func stormSize(rng *rand.Rand) tea.WindowSizeMsg {
	if rng.IntN(3) == 0 {
		return tea.WindowSizeMsg{Width: 58 + rng.IntN(5), Height: 14 + rng.IntN(5)}
	}
	return tea.WindowSizeMsg{Width: 1 + rng.IntN(300), Height: 1 + rng.IntN(100)}
}

// asyncRunner runs commands the way the program does, concurrently, and
// hands their messages back when asked: results of earlier resizes arrive
// late, after later ones, as they would in a real storm.
type asyncRunner struct{ msgs chan tea.Msg }

func newAsyncRunner() *asyncRunner { return &asyncRunner{msgs: make(chan tea.Msg, 4096)} }

func (r *asyncRunner) start(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		switch m := cmd().(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range m {
				r.start(c)
			}
		default:
			r.msgs <- m
		}
	}()
}

// deliver feeds every message that has arrived into a (and starts what
// they return); with wait it keeps going until none arrived for wait.
func (r *asyncRunner) deliver(a *App, wait time.Duration) {
	for {
		var m tea.Msg
		select {
		case m = <-r.msgs:
		default:
			if wait == 0 {
				return
			}
			select {
			case m = <-r.msgs:
			case <-time.After(wait):
				return
			}
		}
		if _, quit := m.(tea.QuitMsg); !quit {
			_, cmd := a.Update(m)
			r.start(cmd)
		}
	}
}

// stormCounts is how many resizes the pure storm sends and how many
// messages (two thirds resizes) the mixed one does.
func stormCounts(short bool) (pure, mixed int) {
	if short {
		return 400, 600
	}
	return 2000, 1800
}

// TestResizeStormKeepsTheQuestionAndFits sends thousands of random window
// sizes, from 1×1 to 300×100, to the walkthrough with no key in between;
// the late results of each resize's commands are fed back as they arrive.
// No panic, every fifth frame and the last fit their terminal, and the
// screen and the selected question are the ones from before the storm.
func TestResizeStormKeepsTheQuestionAndFits(t *testing.T) {
	t.Parallel()
	f := buildFaultEngagement(t, tinyScale(), realisticText)
	a := faultApp(t, f, f.actor, f.path, 120, 40)
	pressAll(a, "2", "j", "j", "]", "j")
	wantQ, wantTop, wantDepth := currentQ(a), a.top().ID(), len(a.stack)
	if wantQ == "" {
		t.Fatal("no question selected before the storm")
	}
	rng := rand.New(rand.NewPCG(8, 2026))
	r := newAsyncRunner()
	n, _ := stormCounts(testing.Short())
	var last tea.WindowSizeMsg
	for i := range n {
		last = stormSize(rng)
		_, cmd := a.Update(last)
		r.start(cmd)
		r.deliver(a, 0)
		if i%5 == 0 {
			if why := viewFits(a.View(), last.Width, last.Height); why != "" {
				t.Fatalf("resize %d (%dx%d): %s", i, last.Width, last.Height, why)
			}
		}
	}
	r.deliver(a, 200*time.Millisecond)
	if why := viewFits(a.View(), last.Width, last.Height); why != "" {
		t.Fatalf("after the storm (%dx%d): %s", last.Width, last.Height, why)
	}
	if got := currentQ(a); got != wantQ || a.top().ID() != wantTop || len(a.stack) != wantDepth {
		t.Fatalf("after %d resizes: %s on %s (depth %d), was %s on %s (depth %d)",
			n, got, a.top().ID(), len(a.stack), wantQ, wantTop, wantDepth)
	}
}

// TestResizeStormBetweenKeysEndsWhereTheKeysAlone sends thousands of
// messages, two thirds random resizes and a third navigation keys (tabs,
// chords, j/k, help, back), to one App, and the same keys without a resize
// to a twin at a fixed size. No panic, every frame of the storm fits, and
// both end on the same screen, stack depth, question and help state with
// nothing unsaved: the terminal's size changes how things are drawn, never
// where the user is.
func TestResizeStormBetweenKeysEndsWhereTheKeysAlone(t *testing.T) {
	t.Parallel()
	f := buildFaultEngagement(t, tinyScale(), realisticText)
	a := faultApp(t, f, f.actor, f.path, 120, 40)
	twin := faultApp(t, f, f.actor, f.path, 120, 40)
	rng := rand.New(rand.NewPCG(27, 11))
	ks := stormKeys()
	r := newAsyncRunner()
	_, n := stormCounts(testing.Short())
	size := tea.WindowSizeMsg{Width: 120, Height: 40}
	keys := 0
	for i := range n {
		if rng.IntN(3) != 0 {
			size = stormSize(rng)
			_, cmd := a.Update(size)
			r.start(cmd)
		} else {
			k := ks[rng.IntN(len(ks))]
			pressAll(a, k...)
			pressAll(twin, k...)
			keys++
		}
		r.deliver(a, 0)
		if why := viewFits(a.View(), size.Width, size.Height); why != "" {
			t.Fatalf("message %d (%dx%d, top %s): %s", i, size.Width, size.Height, a.top().ID(), why)
		}
	}
	r.deliver(a, 200*time.Millisecond)
	resize(a, 120, 40)
	if why := viewFits(a.View(), 120, 40); why != "" {
		t.Fatalf("after the storm: %s", why)
	}
	if keys < n/4 {
		t.Fatalf("only %d keys in %d messages", keys, n)
	}
	got := []any{a.top().ID(), len(a.stack), currentQ(a), a.fullHelp}
	want := []any{twin.top().ID(), len(twin.stack), currentQ(twin), twin.fullHelp}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("after the storm: screen, depth, question, help = %v; the keys alone: %v", got, want)
		}
	}
	if n := a.com.Session.Unsaved(); n != 0 || !a.com.Writes.idle() {
		t.Fatalf("a storm of navigation left %d unsaved, writes idle %v", n, a.com.Writes.idle())
	}
}
