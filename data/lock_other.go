//go:build !unix

package data

// fileLock is a no-op where flock(2) does not exist: a second writer is then
// only kept out by SQLite's own locking (immediate transactions).
type fileLock struct{}

func lockFile(abs, display string) (*fileLock, error) { return &fileLock{}, nil }

func (l *fileLock) unlock() {}
