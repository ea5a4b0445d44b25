// Command awbench measures a terminal program from the outside, for
// scripts/bench (dev only):
//
//	awbench frame [--runs N] --marker TEXT... -- PROGRAM ARGS...
//	awbench rss   [--settle D] --marker TEXT... -- PROGRAM ARGS...
//
// Both run PROGRAM on a fresh 160×48 pseudo-terminal, read what it writes,
// and wait until every marker has appeared in the output with escape
// sequences removed: that is the first full frame. frame prints the median
// and the fastest time from exec to that frame over N runs; rss waits D more
// and prints the program's resident memory (VmRSS) and peak (VmHWM) in KiB.
// The same method times auditwalk and the minimal Bubble Tea program
// (cmd/awbench/teamin), so the ratio compares like with like.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/charmbracelet/x/ansi"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

type markers []string

func (m *markers) String() string     { return strings.Join(*m, ",") }
func (m *markers) Set(s string) error { *m = append(*m, s); return nil }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "frame" && args[0] != "rss") {
		fmt.Fprintln(stderr, "usage: awbench frame|rss [flags] --marker TEXT -- PROGRAM ARGS...")
		return 2
	}
	mode := args[0]
	fs := flag.NewFlagSet("awbench "+mode, flag.ContinueOnError)
	fs.SetOutput(stderr)
	runs := fs.Int("runs", 15, "runs (frame)")
	settle := fs.Duration("settle", 3*time.Second, "time to wait after the first frame before reading memory (rss)")
	timeout := fs.Duration("timeout", 60*time.Second, "give up on a run after this long")
	var ms markers
	fs.Var(&ms, "marker", "text the first full frame contains (repeatable)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	prog := fs.Args()
	if len(prog) == 0 || len(ms) == 0 {
		fmt.Fprintln(stderr, "awbench: need --marker and a program after --")
		return 2
	}
	if mode == "rss" {
		*runs = 1
	}
	var times []time.Duration
	for range *runs {
		r, err := once(prog, ms, *timeout, mode == "rss", *settle)
		if err != nil {
			fmt.Fprintln(stderr, "awbench: "+err.Error())
			return 1
		}
		if mode == "rss" {
			fmt.Fprintf(stdout, "rss_kib %d hwm_kib %d frame_ms %.1f\n", r.rss, r.hwm, ms2(r.frame))
			return 0
		}
		times = append(times, r.frame)
	}
	slices.Sort(times)
	fmt.Fprintf(stdout, "median_ms %.2f min_ms %.2f runs %d\n", ms2(times[len(times)/2]), ms2(times[0]), len(times))
	return 0
}

func ms2(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

type result struct {
	frame    time.Duration
	rss, hwm int64
}

// once runs prog on a new pty until its first full frame (and, for
// memory, settle longer), then kills it.
func once(prog []string, ms markers, timeout time.Duration, memory bool, settle time.Duration) (result, error) {
	var res result
	ptm, pts, err := openPTY(160, 48)
	if err != nil {
		return res, err
	}
	defer ptm.Close()
	cmd := exec.Command(prog[0], prog[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = pts, pts, pts
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "COLORTERM=truecolor")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	found := make(chan time.Duration, 1)
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		pts.Close()
		return res, err
	}
	pts.Close()
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	var out bytes.Buffer
	go watch(ptm, ms, t0, found, &out)
	select {
	case res.frame = <-found:
	case <-time.After(timeout):
		return res, fmt.Errorf("%s: no frame with %v after %s; output so far: %q", prog[0], []string(ms), timeout, tail(ansi.Strip(out.String()), 300))
	}
	if memory {
		time.Sleep(settle)
		res.rss, res.hwm, err = procMemory(cmd.Process.Pid)
	}
	return res, err
}

// watch reads the terminal until every marker has been drawn, reports the
// time since t0, then keeps draining so the program never blocks writing.
func watch(r io.Reader, ms markers, t0 time.Time, found chan<- time.Duration, out *bytes.Buffer) {
	buf := make([]byte, 64<<10)
	done := false
	var seen bytes.Buffer
	for {
		n, err := r.Read(buf)
		if n > 0 && !done {
			seen.Write(buf[:n])
			text := ansi.Strip(seen.String())
			if all(text, ms) {
				found <- time.Since(t0)
				done = true
			}
		}
		if err != nil {
			if !done {
				out.Write(seen.Bytes())
			}
			return
		}
	}
}

func all(s string, ms markers) bool {
	for _, m := range ms {
		if !strings.Contains(s, m) {
			return false
		}
	}
	return true
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// procMemory reads VmRSS and VmHWM (KiB) from /proc/PID/status.
func procMemory(pid int) (rss, hwm int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		var v int64
		if _, e := fmt.Sscanf(line, "VmRSS: %d kB", &v); e == nil {
			rss = v
		}
		if _, e := fmt.Sscanf(line, "VmHWM: %d kB", &v); e == nil {
			hwm = v
		}
	}
	return rss, hwm, nil
}
