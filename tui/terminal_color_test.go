package tui

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// lockedBuffer is the "terminal" a program writes to while the test reads.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}

// runInTerminal runs the App through Run, as main does, with env set in
// the process environment (Run and Bubble Tea both read it there), on a
// pipe for the keyboard and a buffer for the screen, 100×30. Once the
// dashboard is drawn it types q and returns everything the program wrote.
// TTY_FORCE=1 makes the colour detection treat the buffer as a terminal,
// so the environment alone decides the colours.
func runInTerminal(t *testing.T, env map[string]string) []byte {
	t.Helper()
	t.Setenv("TTY_FORCE", "1")
	for k, v := range env {
		t.Setenv(k, v)
	}
	snap := model.Snapshot{Engagement: setUpEngagement(), Systems: testSystems()}
	cfg := Config{Store: &fakeStore{}, Pack: testPack(), Snapshot: snap, Actor: "tester"}
	in, keys := io.Pipe()
	defer keys.Close()
	out := &lockedBuffer{}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, cfg, tea.WithInput(in), tea.WithOutput(out), tea.WithWindowSize(100, 30),
			tea.WithoutSignalHandler())
	}()
	for !bytes.Contains(out.bytes(), []byte("What to do next")) {
		select {
		case err := <-done:
			t.Fatalf("program ended before the dashboard: %v\n%q", err, out.bytes())
		case <-ctx.Done():
			t.Fatalf("no dashboard within 20s:\n%q", out.bytes())
		case <-time.After(10 * time.Millisecond):
		}
	}
	if _, err := keys.Write([]byte("q")); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	return out.bytes()
}

// colourSGR returns the first SGR sequence in out that sets a colour
// (foreground, background or underline; basic, bright, 256 or RGB), or "".
// Resets to the default colour (39, 49, 59) and text attributes are not
// colours.
func colourSGR(out []byte) string {
	var state byte
	p := ansi.NewParser()
	for i := 0; i < len(out); {
		seq, _, n, newState := ansi.DecodeSequence(out[i:], state, p)
		state = newState
		i += n
		s := string(seq)
		if !strings.HasPrefix(s, "\x1b[") || !strings.HasSuffix(s, "m") {
			continue
		}
		for _, param := range strings.Split(s[2:len(s)-1], ";") {
			code, err := strconv.Atoi(strings.SplitN(param, ":", 2)[0])
			if err != nil {
				continue
			}
			switch {
			case code >= 30 && code <= 38, code >= 40 && code <= 48, code == 58,
				code >= 90 && code <= 97, code >= 100 && code <= 107:
				return s
			}
		}
	}
	return ""
}

// TestColourTerminalGetsColours is the control for the two tests below: in
// a 256-colour terminal the same program does write colours, so finding
// none there means something.
func TestColourTerminalGetsColours(t *testing.T) {
	out := runInTerminal(t, map[string]string{"TERM": "xterm-256color", "COLORTERM": "truecolor", "NO_COLOR": ""})
	if colourSGR(out) == "" {
		t.Fatalf("no colour written to a colour terminal:\n%q", out)
	}
}

// TestNoColorWritesNoColour runs the program with NO_COLOR set, as "1" and
// as any other non-empty value (https://no-color.org: "regardless of its
// value"), in a true-colour terminal: not one colour sequence reaches it;
// the dashboard still does.
func TestNoColorWritesNoColour(t *testing.T) {
	for _, v := range []string{"1", "yes"} {
		t.Run("NO_COLOR="+v, func(t *testing.T) {
			out := runInTerminal(t, map[string]string{"TERM": "xterm-256color", "COLORTERM": "truecolor", "NO_COLOR": v})
			if seq := colourSGR(out); seq != "" {
				t.Fatalf("colour %q written with NO_COLOR=%s", seq, v)
			}
		})
	}
}

// TestDumbTerminalGetsNoColour runs the program with TERM=dumb (and a
// COLORTERM left over from elsewhere): no colour sequence is written.
func TestDumbTerminalGetsNoColour(t *testing.T) {
	out := runInTerminal(t, map[string]string{"TERM": "dumb", "COLORTERM": "truecolor", "NO_COLOR": ""})
	if seq := colourSGR(out); seq != "" {
		t.Fatalf("colour %q written to TERM=dumb", seq)
	}
}
