//go:build unix

package data

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// fileLock is the single-writer lock: flock(2) on a sidecar file
// "<db>-lock", held for as long as the store is open.
//
// Why a sidecar and not the database file: SQLite coordinates with POSIX
// fcntl record locks on the database file, and those belong to the whole
// process and vanish when any descriptor of the file is closed, so a
// descriptor of our own on the database (opened for the lock, then closed
// on a failed attempt) could strip SQLite's locks. flock and fcntl locks are
// independent on Linux, but on NFS Linux emulates flock with fcntl locks,
// and BSDs share one lock table, where a flock on the database would collide
// with SQLite's own. A separate file has none of these interactions, and
// carries the holder's pid for the error message. The lock file is never
// deleted: unlinking a lock file others may hold open lets two writers lock
// two different inodes.
//
// flock locks belong to the open file description, so a second Open in the
// same process is refused just like one from another process; the kernel
// releases the lock when the process dies, so a crash leaves no stale lock.
type fileLock struct {
	f *os.File
}

func lockFile(abs, display string) (*fileLock, error) {
	f, err := os.OpenFile(abs+"-lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fileErr(display, ErrLocked, "cannot create lock file: %v", err)
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if errors.Is(err, syscall.EWOULDBLOCK) {
		holder := readPID(f)
		f.Close()
		if holder != "" {
			return nil, fileErr("", ErrLocked, "%s is open in another auditwalk process (pid %s)", display, holder)
		}
		return nil, fileErr("", ErrLocked, "%s is open in another auditwalk process", display)
	}
	if err != nil {
		f.Close()
		return nil, fileErr(display, ErrLocked, "cannot lock: %v", err)
	}
	// The pid is informational only; a failed write does not weaken the lock.
	if f.Truncate(0) == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &fileLock{f: f}, nil
}

func readPID(f *os.File) string {
	buf := make([]byte, 32)
	n, _ := f.ReadAt(buf, 0)
	pid := strings.TrimSpace(string(buf[:n]))
	if _, err := strconv.Atoi(pid); err != nil {
		return ""
	}
	return pid
}

// unlock releases the lock; nil-safe so read-only stores need no branch.
func (l *fileLock) unlock() {
	if l == nil || l.f == nil {
		return
	}
	_ = l.f.Truncate(0) // clear the pid; the lock itself goes with Close
	l.f.Close()
	l.f = nil
}
