package data

import (
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Sentinel errors, for errors.Is. The errors Open returns carry the file
// name and a one-line explanation; these classify them.
var (
	// ErrNotEngagement: the file is not an auditwalk engagement file (another
	// SQLite database, a text file, an empty file).
	ErrNotEngagement = errors.New("not an auditwalk engagement file")
	// ErrNewerSchema: the file was written by a newer auditwalk.
	ErrNewerSchema = errors.New("schema newer than this auditwalk")
	// ErrOlderSchema: a read-only open found a schema that needs upgrading,
	// which only a writing open may do.
	ErrOlderSchema = errors.New("schema older than this auditwalk")
	// ErrCorrupt: the file is damaged (truncated, malformed pages).
	ErrCorrupt = errors.New("file is corrupt")
	// ErrLocked: another auditwalk process has the file open for writing.
	ErrLocked = errors.New("engagement file is open in another process")
	// ErrReadOnly: a write was attempted on a store opened ReadOnly.
	ErrReadOnly = errors.New("engagement file is open read-only")
	// ErrNotFound: the system or vendor to change does not exist.
	ErrNotFound = errors.New("not found")
	// ErrDuplicate: a system or vendor with that name already exists.
	ErrDuplicate = errors.New("already exists")
	// ErrWriteFailed: the operating system refused a write (file-size limit,
	// full disk, I/O error); the transaction was rolled back.
	ErrWriteFailed = errors.New("write failed")
)

// fileError is an error about the engagement file as a whole. It reads
// "<file>: <msg>" and unwraps to its sentinel.
type fileError struct {
	file string
	msg  string
	kind error
}

func (e *fileError) Error() string {
	if e.file == "" {
		return e.msg // the message names the file itself
	}
	return e.file + ": " + e.msg
}
func (e *fileError) Unwrap() error { return e.kind }

func fileErr(file string, kind error, format string, args ...any) error {
	return &fileError{file: file, msg: fmt.Sprintf(format, args...), kind: kind}
}

// sqliteCode returns the primary SQLite result code of err, or 0.
func sqliteCode(err error) int {
	return sqliteCodeFull(err) & 0xff
}

// sqliteCodeFull returns the extended SQLite result code of err, or 0.
func sqliteCodeFull(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}

// isCorruption reports whether err is SQLite saying the file is damaged.
func isCorruption(err error) bool {
	switch sqliteCode(err) {
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return true
	}
	return false
}

// ioFailure returns the one-line explanation of a SQLite I/O failure (the
// SQLITE_IOERR family with its extended codes, SQLITE_FULL), or "" when err
// is not one. EFBIG from RLIMIT_FSIZE and ENOSPC surface as
// SQLITE_IOERR_WRITE, _FSYNC, _TRUNCATE, _SHMSIZE or SQLITE_FULL depending
// on which write hit the limit; to the user they are all the same event.
func ioFailure(err error) string {
	switch sqliteCode(err) {
	case sqlite3.SQLITE_FULL:
		return "write failed (disk full); nothing was saved"
	case sqlite3.SQLITE_IOERR:
	default:
		return ""
	}
	switch sqliteCodeFull(err) {
	case sqlite3.SQLITE_IOERR_READ, sqlite3.SQLITE_IOERR_SHORT_READ:
		return fmt.Sprintf("read failed (disk I/O error %d); nothing was saved", sqliteCodeFull(err))
	}
	return "write failed (file-size limit reached or disk full); nothing was saved"
}

// classify maps SQLite corruption errors to ErrCorrupt and I/O failures to
// ErrWriteFailed, each one line naming the file, so a damaged page or a
// full disk found mid-session reads the same as one found at Open.
func (s *Store) classify(err error) error {
	return classifyFile(s.display, err)
}

// classifyFile is classify for callers that have only the file name.
func classifyFile(display string, err error) error {
	switch {
	case err == nil:
		return nil
	case isCorruption(err):
		return fileErr(display, ErrCorrupt, "file is corrupt: %v", err)
	}
	if msg := ioFailure(err); msg != "" {
		return fileErr(display, ErrWriteFailed, "%s", msg)
	}
	return err
}

// fail wraps err from operation op with the file name, once: corruption
// becomes ErrCorrupt ("x.db: file is corrupt: ..."), an I/O failure
// ErrWriteFailed ("x.db: write failed (...); nothing was saved"), anything
// else reads "x.db: op: ...".
func (s *Store) fail(op string, err error) error {
	if c := s.classify(err); c != err {
		return c
	}
	return fmt.Errorf("%s: %s: %w", s.display, op, err)
}
