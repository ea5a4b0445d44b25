package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// startProfile starts a CPU profile into the file named by
// AUDITWALK_CPUPROFILE and returns the function that stops it, for
// profiling a real command run (issue 8: "profile and fix the cause").
// Unset, it does nothing. The profile is a local file; nothing leaves the
// machine.
func startProfile() (stop func(), err error) {
	path := os.Getenv("AUDITWALK_CPUPROFILE")
	if path == "" {
		return func() {}, nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, fmt.Errorf("AUDITWALK_CPUPROFILE: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("AUDITWALK_CPUPROFILE: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
