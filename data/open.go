package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Options configure an opened store.
type Options struct {
	// Actor is recorded on every change (updated_by, activity actor).
	// Empty means "unknown".
	Actor string
	// Now is the clock; nil means time.Now. Tests inject a fixed clock.
	Now func() time.Time
	// ReadOnly opens without the writer lock and without any write: for
	// status, verify and export, which may run while the walkthrough is open.
	// A missing file is an error rather than created.
	ReadOnly bool
}

// Store is an open engagement file. It implements model.Store. Methods are
// safe for concurrent use (one connection serialises them).
type Store struct {
	db      *sql.DB
	path    string // absolute
	display string // as given, for messages
	actor   string
	// actorMu guards actor, which SetActor may change while the TUI runs
	// reads and writes in other goroutines.
	actorMu  sync.Mutex
	now      func() time.Time
	readOnly bool
	lock     *fileLock
	hot      hotStmts // a writer's prepared statements (hot.go)
}

// busyTimeoutMS is how long a statement waits for a lock held by a reader
// in another process (a checkpoint blocked by `auditwalk status`, say).
const busyTimeoutMS = 5000

// Open opens (creating when missing, unless ReadOnly) the engagement file at
// path. Nothing is written to a file until it has been identified as an
// auditwalk file of a schema this build knows; errors name the file, are one
// line, and wrap ErrNotEngagement, ErrCorrupt, ErrNewerSchema, ErrOlderSchema
// or ErrLocked.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	enableOFDLocks()
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	list, err := migrations()
	if err != nil {
		return nil, err
	}
	s := &Store{path: abs, display: path, actor: opts.Actor, now: opts.Now, readOnly: opts.ReadOnly}
	if s.actor == "" {
		s.actor = "unknown"
	}
	if s.now == nil {
		s.now = time.Now
	}
	if !opts.ReadOnly {
		if err := createIfMissing(ctx, abs, path, list); err != nil {
			return nil, err
		}
	}
	if err := checkHeader(abs, path); err != nil {
		return nil, err
	}
	if !opts.ReadOnly {
		if s.lock, err = lockFile(abs, path); err != nil {
			return nil, err
		}
	}
	if err := s.open(ctx, list); err != nil {
		s.lock.unlock()
		return nil, err
	}
	return s, nil
}

// open checks the schema version through a read-only connection, then (for
// a writer) reopens read-write and migrates.
func (s *Store) open(ctx context.Context, list []migration) error {
	ro, err := s.openReader(ctx, len(list))
	if err != nil {
		return err
	}
	if s.readOnly {
		s.db = ro
		return nil
	}
	if err := ro.Close(); err != nil {
		return err
	}
	if s.db, err = openWriter(ctx, s.path); err != nil {
		return s.classifyOpen(err)
	}
	if err := migrate(ctx, s.db, list); err != nil {
		s.db.Close()
		return s.classifyOpen(err)
	}
	if s.hot, err = prepareHot(ctx, s.db); err != nil {
		s.db.Close()
		return s.classifyOpen(err)
	}
	restrictSidecars(s.path)
	return nil
}

// openReader opens the read-only connection and checks the schema. A WAL
// reader needs the -shm file, which SQLite cannot create in a read-only
// directory (SQLITE_READONLY_DIRECTORY, "attempt to write a readonly
// database"); there the file is reopened immutable, which reads the main
// file alone. That is exact only when no -wal holds frames the main file
// lacks: a writer checkpoints on Close (see Store.Close), so only a writer
// that crashed leaves one, and then the open is refused rather than
// showing stale data.
func (s *Store) openReader(ctx context.Context, latest int) (*sql.DB, error) {
	ro, err := sql.Open("sqlite", dsn(s.path, true))
	if err != nil {
		return nil, err
	}
	ro.SetMaxOpenConns(1)
	err = checkSchema(ctx, ro, s.display, latest, s.readOnly)
	if err == nil || !needsImmutable(err) {
		if err != nil {
			ro.Close()
			return nil, err
		}
		return ro, nil
	}
	ro.Close()
	if st, serr := os.Stat(s.path + "-wal"); serr == nil && st.Size() > 0 {
		return nil, fileErr(s.display, ErrReadOnly, "the directory is read-only and %s-wal holds changes not yet in the file; open it once where the directory is writable", filepath.Base(s.display))
	}
	if ro, err = sql.Open("sqlite", dsn(s.path, true)+"&immutable=1"); err != nil {
		return nil, err
	}
	ro.SetMaxOpenConns(1)
	if err := checkSchema(ctx, ro, s.display, latest, s.readOnly); err != nil {
		ro.Close()
		return nil, err
	}
	return ro, nil
}

// needsImmutable reports whether a read-only open failed because SQLite
// could not create or open the -shm file (SQLITE_READONLY_DIRECTORY and
// the rest of the SQLITE_READONLY family, SQLITE_CANTOPEN; the file itself
// was already found readable by checkHeader).
func needsImmutable(err error) bool {
	switch sqliteCode(err) {
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN:
		return true
	}
	return false
}

func (s *Store) classifyOpen(err error) error {
	if c := s.classify(err); c != err {
		return c
	}
	return fmt.Errorf("%s: %w", s.display, err)
}

// checkSchema reads application_id and user_version through SQLite (the
// header bytes can lag behind an uncheckpointed WAL) and refuses files this
// build must not write.
func checkSchema(ctx context.Context, db *sql.DB, display string, latest int, readOnly bool) error {
	var appID, version int64
	err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID)
	if err == nil {
		err = db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version)
	}
	switch c := classifyFile(display, err); {
	case c != err:
		return c // corrupt, or an I/O failure (the -shm cannot grow past a file-size limit)
	case err != nil:
		return fmt.Errorf("%s: %w", display, err)
	case appID != ApplicationID:
		return fileErr(display, ErrNotEngagement, "not an auditwalk engagement file (application_id %d)", appID)
	case version > int64(latest):
		return fileErr(display, ErrNewerSchema, "schema version %d is newer than this auditwalk (%d); upgrade auditwalk", version, latest)
	case readOnly && version < int64(latest):
		return fileErr(display, ErrOlderSchema, "schema version %d is older than this auditwalk (%d); open it once with auditwalk to upgrade it", version, latest)
	}
	return nil
}

// dsn builds the modernc DSN. Writers get WAL, FULL sync (laptops lose
// power), foreign keys and immediate transactions (a write transaction takes
// the write lock at BEGIN, so it never fails half-way on a lock upgrade).
// Readers open with mode=ro, so SQLite itself refuses any write.
func dsn(abs string, readOnly bool) string {
	// A "file:" URI so that mode=ro reaches SQLite; escape what a URI reserves.
	u := "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(abs)
	q := []string{
		fmt.Sprintf("_pragma=busy_timeout(%d)", busyTimeoutMS),
		"_pragma=foreign_keys(1)",
	}
	if readOnly {
		q = append(q, "mode=ro", "_pragma=query_only(1)")
	} else {
		q = append(q, "_pragma=journal_mode(WAL)", "_pragma=synchronous(FULL)", "_txlock=immediate")
	}
	return u + "?" + strings.Join(q, "&")
}

func openWriter(ctx context.Context, abs string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", dsn(abs, false))
	if err != nil {
		return nil, err
	}
	// One connection: a single-user app gains nothing from a pool, and one
	// connection serialises writers inside the process.
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// restrictSidecars makes the -wal and -shm files owner-only. SQLite already
// creates them with the database file's permissions; this covers files made
// by an older build or another tool.
func restrictSidecars(abs string) {
	for _, suffix := range []string{"-wal", "-shm"} {
		if st, err := os.Stat(abs + suffix); err == nil && st.Mode().Perm()&0o077 != 0 {
			_ = os.Chmod(abs+suffix, 0o600) // best effort: the database file itself is 0600
		}
	}
}

// enableOFDLocks asks the driver for Linux open-file-description locks. POSIX
// record locks belong to the process and are dropped when any descriptor of
// the file closes, and Open reads the header through its own descriptor;
// OFD locks survive that. Process-wide; fails harmlessly when another
// connection already fixed the mode or the platform has no OFD locks.
func enableOFDLocks() {
	_, _ = sqlite.OFDLocking(true)
}

// Close closes the database and releases the writer lock. A writer first
// checkpoints the write-ahead log into the file and truncates it, so a
// closed engagement file is self-contained: copied alone, or read from a
// read-only directory (immutable, without -wal and -shm), it holds every
// saved change. Best effort: a reader holding an old snapshot can make the
// checkpoint incomplete, and SQLite's own close-time checkpoint still runs.
func (s *Store) Close() error {
	if !s.readOnly {
		_, _ = s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	}
	s.hot.close()
	err := s.db.Close()
	s.lock.unlock()
	return err
}

// Path returns the file name as given to Open.
func (s *Store) Path() string { return s.display }

// errMissing reports a missing file for a read-only open.
func errMissing(display string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: no such engagement file", display)
	}
	return fmt.Errorf("%s: %w", display, err)
}
