//go:build unix

package data

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user + system, all threads, GC included) the
// process has used. A durable save's wall time is mostly fsync, which on a
// shared machine depends on the neighbours' I/O; its CPU time much less, so
// the save benchmarks report both (cpu-ns/op).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
