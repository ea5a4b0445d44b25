// Command awgen writes a large, deterministic engagement file for
// benchmarks and fault tests (dev only; see internal/gen):
//
//	go run ./cmd/awgen --out big.db --seed 1 [--scale full|small] [--force]
//	go run ./cmd/awgen --access-log rows.jsonl --seed 1   # the access log alone (--csv: as CSV)
//	go run ./cmd/awgen --hash big.db                      # content hash of the main tables
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"auditwalk/internal/gen"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("awgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "engagement file to write")
	seed := fs.Uint64("seed", 1, "seed")
	scale := fs.String("scale", "full", "full or small")
	force := fs.Bool("force", false, "replace an existing file")
	accessLog := fs.String("access-log", "", "write only the generated access log (JSON lines) to this file ('-' for stdout)")
	accessCSV := fs.Bool("csv", false, "with --access-log: write the same rows as CSV with a header")
	hash := fs.String("hash", "", "print the content hash of this engagement file and exit")
	quiet := fs.Bool("q", false, "no progress lines")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	sc, ok := gen.ParseScale(*scale)
	if !ok {
		fmt.Fprintf(stderr, "awgen: --scale %q: want full or small\n", *scale)
		return 2
	}
	var err error
	switch {
	case *hash != "":
		var h string
		if h, err = gen.ContentHash(ctx, *hash); err == nil {
			fmt.Fprintln(stdout, h)
		}
	case *accessLog != "":
		err = writeAccessLog(*accessLog, *seed, sc, *accessCSV, stdout)
	case *out != "":
		cfg := gen.Config{Out: *out, Seed: *seed, Scale: sc, Force: *force, Progress: stderr}
		if *quiet {
			cfg.Progress = nil
		}
		var sum gen.Summary
		if sum, err = gen.Generate(ctx, cfg); err == nil {
			fmt.Fprintf(stdout, "%s: %d systems, %d vendors, %d answers, %d exceptions, %d tasks, %d access records, %d evidence files in %.1fs\n",
				*out, sum.Systems, sum.Vendors, sum.Answers, sum.Exceptions, sum.Tasks, sum.AccessRecords, sum.Evidence, sum.Elapsed.Seconds())
		}
	default:
		fmt.Fprintln(stderr, "awgen: give --out FILE, --access-log FILE or --hash FILE")
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "awgen: "+err.Error())
		return 1
	}
	return 0
}

func writeAccessLog(path string, seed uint64, sc gen.Scale, asCSV bool, stdout io.Writer) error {
	write := gen.WriteAccessLog
	if asCSV {
		write = gen.WriteAccessLogCSV
	}
	if path == "-" {
		return write(stdout, seed, sc)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f, seed, sc); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
