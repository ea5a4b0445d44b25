package tui

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"auditwalk/data"
	"auditwalk/internal/gen"
	"auditwalk/questionnaires"
)

// largeApp opens the engagement in $AUDITWALK_BENCH_DB (scripts/bench sets
// it to the generated large engagement) or, without it, a small generated
// one, and builds the App as `auditwalk --db` does: real store, stored pack,
// full snapshot, triage loaded. The store is read-only: the benchmarks run
// Update and View, never the save commands.
func largeApp(b *testing.B) *App {
	b.Helper()
	ctx := context.Background()
	path := os.Getenv("AUDITWALK_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "small.db")
		if _, err := gen.Generate(ctx, gen.Config{Out: path, Seed: 1, Scale: gen.Small()}); err != nil {
			b.Fatal(err)
		}
	}
	st, err := data.Open(ctx, path, data.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	_, _, _, src, ok, err := st.PackSource(ctx)
	if err != nil || !ok {
		b.Fatalf("pack source: ok=%v %v", ok, err)
	}
	pack, err := questionnaires.Parse("engagement", src)
	if err != nil {
		b.Fatal(err)
	}
	snap, err := st.Load(ctx)
	if err != nil {
		b.Fatal(err)
	}
	a := New(Config{Store: st, Pack: pack, Snapshot: snap, DBPath: path, Actor: "bench", Triage: st})
	a.walk.debounce = 0
	settle(a, a.Init())
	settle(a, func() tea.Msg { return tea.WindowSizeMsg{Width: 160, Height: 48} })
	return a
}

// settle runs cmd and the commands its messages lead to, feeding every
// message back into a, as the program would between keypresses. Commands
// still running after a second (ticks, timers) are abandoned.
func settle(a *App, cmd tea.Cmd) {
	for depth := 0; cmd != nil && depth < 4; depth++ {
		var next []tea.Cmd
		for _, m := range runWithin(cmd, time.Second) {
			_, c := a.Update(m)
			next = append(next, c)
		}
		cmd = tea.Batch(next...)
	}
}

// runWithin runs cmd (and batches inside it, concurrently) and returns the
// messages that arrive within d.
func runWithin(cmd tea.Cmd, d time.Duration) []tea.Msg {
	ch := make(chan tea.Msg, 64)
	pending := 0
	var start func(tea.Cmd)
	start = func(c tea.Cmd) {
		if c == nil {
			return
		}
		pending++
		go func() { ch <- c() }()
	}
	start(cmd)
	var out []tea.Msg
	deadline := time.After(d)
	for pending > 0 {
		select {
		case m := <-ch:
			pending--
			switch m := m.(type) {
			case nil:
			case tea.BatchMsg:
				for _, c := range m {
					start(c)
				}
			default:
				out = append(out, m)
			}
		case <-deadline:
			return out
		}
	}
	return out
}

// BenchmarkLargeKeypress is one keypress (Update and View, as the program
// does per key) on every screen of the large engagement: j moving down a
// list, k back up every 500 keys. scripts/bench compares it with one 60 Hz
// frame (16.7 ms; target ≤ 2 ms).
func BenchmarkLargeKeypress(b *testing.B) {
	a := largeApp(b)
	for _, t := range a.tabList {
		b.Run(string(t.id), func(b *testing.B) {
			if keys := t.key.Keys(); len(keys) > 0 {
				settle(a, func() tea.Msg { return keyMsg(keys[0]) })
			} else { // chord-only screens (g r, g c, g e): no digit
				settle(a, func() tea.Msg { return keyMsg("g") })
				settle(a, func() tea.Msg { return keyMsg(t.chord) })
			}
			j, k := keyMsg("j"), keyMsg("k")
			b.ReportAllocs()
			c0 := cpuTime()
			i := 0
			for b.Loop() {
				key := j
				if (i/500)%2 == 1 {
					key = k
				}
				i++
				a.Update(key)
				_ = a.View()
			}
			reportCPU(b, c0)
		})
	}
}

// BenchmarkLargeFirstFrame is what start-up costs inside the program on the
// large engagement, from a loaded snapshot to the first full frame: New,
// the window size and one View.
func BenchmarkLargeFirstFrame(b *testing.B) {
	a := largeApp(b)
	cfg := a.cfg
	b.ReportAllocs()
	c0 := cpuTime()
	for b.Loop() {
		x := New(cfg)
		x.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
		_ = x.View()
	}
	reportCPU(b, c0)
}

// BenchmarkLargeStartup is start-up as `auditwalk --db` does it, in process:
// open the file, read the stored pack and the snapshot, build the App, size
// it and draw the first frame (triage loads in the background afterwards).
func BenchmarkLargeStartup(b *testing.B) {
	path := os.Getenv("AUDITWALK_BENCH_DB")
	if path == "" {
		b.Skip("set AUDITWALK_BENCH_DB to a generated engagement (scripts/bench does)")
	}
	ctx := context.Background()
	c0 := cpuTime()
	for b.Loop() {
		st, err := data.Open(ctx, path, data.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		_, _, _, src, _, err := st.PackSource(ctx)
		if err != nil {
			b.Fatal(err)
		}
		pack, err := questionnaires.Parse("engagement", src)
		if err != nil {
			b.Fatal(err)
		}
		snap, err := st.Load(ctx)
		if err != nil {
			b.Fatal(err)
		}
		a := New(Config{Store: st, Pack: pack, Snapshot: snap, DBPath: path, Actor: "bench", Triage: st})
		a.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
		_ = a.View()
		st.Close()
	}
	reportCPU(b, c0)
}

// cpuTime is the CPU time (user + system, all threads, GC included) the
// process has used. On a shared machine the wall time of a benchmark
// depends on the other load; its CPU time much less, so the large
// benchmarks report both (cpu-ns/op).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, since time.Duration) {
	b.ReportMetric(float64(cpuTime()-since)/float64(b.N), "cpu-ns/op")
}
