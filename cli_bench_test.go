package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// BenchmarkLargeExport runs `auditwalk export` (all formats) on the
// engagement in $AUDITWALK_BENCH_DB, for profiling the export figure of
// scripts/bench (go test -bench LargeExport -cpuprofile ...).
func BenchmarkLargeExport(b *testing.B) {
	db := os.Getenv("AUDITWALK_BENCH_DB")
	if db == "" {
		b.Skip("set AUDITWALK_BENCH_DB to a generated engagement")
	}
	dir := b.TempDir()
	i := 0
	for b.Loop() {
		out := filepath.Join(dir, strconv.Itoa(i))
		i++
		if code := run(context.Background(), []string{"export", "--db", db, "--out", out}, io.Discard, os.Stderr); code != 0 {
			b.Fatalf("export exit %d", code)
		}
	}
}

// BenchmarkLargeDetect runs detection (as `auditwalk import` does after
// every records import) on a copy of $AUDITWALK_BENCH_DB.
func BenchmarkLargeDetect(b *testing.B) {
	src := os.Getenv("AUDITWALK_BENCH_DB")
	if src == "" {
		b.Skip("set AUDITWALK_BENCH_DB to a generated engagement")
	}
	body, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	db := filepath.Join(b.TempDir(), "e.db")
	if err := os.WriteFile(db, body, 0o600); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if code := run(context.Background(), []string{"detect", "--db", db}, io.Discard, os.Stderr); code != 0 {
			b.Fatalf("detect exit %d", code)
		}
	}
}
