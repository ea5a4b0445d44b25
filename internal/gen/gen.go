package gen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"time"

	"auditwalk/data"
	"auditwalk/model"
	"auditwalk/questionnaires"
)

// Actor is who the generated engagement records as making every change.
const Actor = "generator"

// epoch is the generated clock's first reading.
func epoch() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }

// Config says what to generate and where.
type Config struct {
	// Out is the engagement file to write. Evidence files go in the
	// directory Out + ".evidence" next to it.
	Out   string
	Seed  uint64
	Scale Scale
	// Force replaces an existing Out (and its evidence directory).
	Force bool
	// ScratchDir is where the file is built before it is copied to Out;
	// empty means /dev/shm when it is a writable directory, else Out's
	// directory.
	ScratchDir string
	// Progress, when set, receives one line per step.
	Progress io.Writer
}

// Summary counts what Generate wrote.
type Summary struct {
	Systems, Vendors, Answers, Exceptions, Tasks, AccessRecords, Evidence int
	Elapsed                                                               time.Duration
}

// builder carries one generation's state between its steps.
type builder struct {
	cfg   Config
	rng   *rand.Rand
	st    *data.Store
	pack  *model.Pack
	snap  model.Snapshot
	sum   Summary
	exIDs []int64
	start time.Time
}

// Generate builds the engagement described by cfg. It refuses to replace an
// existing file unless cfg.Force is set, and leaves nothing at cfg.Out when
// it fails.
func Generate(ctx context.Context, cfg Config) (Summary, error) {
	b := &builder{cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)), start: time.Now()}
	if err := b.prepare(); err != nil {
		return b.sum, err
	}
	scratch, err := os.MkdirTemp(b.scratchDir(), "awgen-")
	if err != nil {
		return b.sum, err
	}
	defer os.RemoveAll(scratch)
	tmp := filepath.Join(scratch, "engagement.db")
	if err := b.build(ctx, tmp); err != nil {
		return b.sum, err
	}
	if err := copyFile(tmp, cfg.Out); err != nil {
		return b.sum, err
	}
	b.sum.Elapsed = time.Since(b.start)
	return b.sum, nil
}

func (b *builder) prepare() error {
	if b.cfg.Out == "" {
		return errors.New("gen: no output file")
	}
	for _, p := range []string{b.cfg.Out, b.cfg.Out + "-wal", b.cfg.Out + "-shm", b.evidenceDir()} {
		if _, err := os.Lstat(p); err == nil {
			if !b.cfg.Force {
				return fmt.Errorf("%s: already exists (use --force to replace it)", p)
			}
			if err := os.RemoveAll(p); err != nil {
				return err
			}
		}
	}
	return os.MkdirAll(b.evidenceDir(), 0o755)
}

func (b *builder) evidenceDir() string { return b.cfg.Out + ".evidence" }

func (b *builder) scratchDir() string {
	if b.cfg.ScratchDir != "" {
		return b.cfg.ScratchDir
	}
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		if f, err := os.CreateTemp("/dev/shm", "awgen-probe-"); err == nil {
			f.Close()
			os.Remove(f.Name())
			return "/dev/shm"
		}
	}
	return filepath.Dir(b.cfg.Out)
}

// build writes the whole engagement into path.
func (b *builder) build(ctx context.Context, path string) error {
	st, err := data.Open(ctx, path, data.Options{Actor: Actor, Now: counterClock()})
	if err != nil {
		return err
	}
	b.st = st
	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"engagement", b.engagement},
		{"inventory", b.inventory},
		{"answers", b.answers},
		{"exceptions and tasks", b.exceptions},
		{"evidence", b.evidence},
		{"access log", b.accessLog},
	}
	for _, s := range steps {
		t0 := time.Now()
		if err := s.fn(ctx); err != nil {
			st.Close()
			return fmt.Errorf("gen: %s: %w", s.name, err)
		}
		b.progress("%-22s %8.2fs", s.name, time.Since(t0).Seconds())
	}
	return st.Close()
}

func (b *builder) progress(format string, args ...any) {
	if b.cfg.Progress != nil {
		fmt.Fprintf(b.cfg.Progress, format+"\n", args...)
	}
}

// counterClock returns a clock that advances one second per reading, so
// every stamp in the file follows from the order of the calls alone.
func counterClock() func() time.Time {
	var mu sync.Mutex
	n := 0
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		n++
		return epoch().Add(time.Duration(n) * time.Second)
	}
}

// engagement records the built-in pack and the engagement header.
func (b *builder) engagement(ctx context.Context) error {
	p, src, err := questionnaires.Default()
	if err != nil {
		return err
	}
	b.pack = p
	if err := b.st.StartEngagement(ctx, p.ID, p.Version, p.Hash, src); err != nil {
		return err
	}
	_, err = b.st.SaveEngagement(ctx, model.Engagement{
		Name: fmt.Sprintf("Large engagement (seed %d)", b.cfg.Seed), Client: "Example Holdings plc",
		Assessor: "A. Assessor", Readiness: model.Type2, PeriodStart: "2026-01-01", PeriodEnd: "2026-06-30",
		AsOf: "2026-03-31", PackID: p.ID, PackVersion: p.Version, PackHash: p.Hash,
	})
	return err
}

// copyFile copies the closed engagement file to dst through a temporary
// file in dst's directory, synced and renamed, created 0600 like the store
// creates its files.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := dst + ".gen-tmp"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(tmp)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(tmp)
		return err
	}
	if err := out.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, dst)
}
