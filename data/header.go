package data

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// sqliteMagic starts every SQLite 3 database file.
const sqliteMagic = "SQLite format 3\x00"

// headerSize is the size of the SQLite database header.
const headerSize = 100

// checkHeader identifies the file from its raw bytes, before SQLite is
// allowed near it: a text file, an empty file, another application's
// database or a truncated copy is refused here and never opened by SQLite,
// so nothing (not even a -shm file) is written beside it.
//
// An existing zero-byte file is refused rather than initialised: auditwalk
// never leaves one behind (new files are built aside and linked into place),
// so an empty file was made by someone else, and writing into it would
// claim a name the user may have meant for something else.
func checkHeader(abs, display string) error {
	f, err := os.Open(abs)
	if err != nil {
		return errMissing(display, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("%s: %w", display, err)
	}
	if !st.Mode().IsRegular() {
		return fileErr(display, ErrNotEngagement, "not an auditwalk engagement file (not a regular file)")
	}
	if st.Size() == 0 {
		return fileErr(display, ErrNotEngagement, "empty file (0 bytes), not an auditwalk engagement file")
	}
	hdr := make([]byte, headerSize)
	n, err := io.ReadFull(f, hdr)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%s: %w", display, err)
	}
	if n < headerSize {
		if bytes.HasPrefix([]byte(sqliteMagic), hdr[:min(n, len(sqliteMagic))]) && n >= 4 {
			return fileErr(display, ErrCorrupt, "file is corrupt: truncated to %d bytes", n)
		}
		return fileErr(display, ErrNotEngagement, "not an auditwalk engagement file (not a SQLite database)")
	}
	if string(hdr[:len(sqliteMagic)]) != sqliteMagic {
		return fileErr(display, ErrNotEngagement, "not an auditwalk engagement file (not a SQLite database)")
	}
	if id := binary.BigEndian.Uint32(hdr[68:72]); id != ApplicationID {
		return fileErr(display, ErrNotEngagement, "not an auditwalk engagement file (application_id %d)", id)
	}
	return checkSize(abs, display, hdr, st.Size())
}

// checkSize compares the file size with the page count the header records.
// The count is only trusted when SQLite marks it valid (change counter equal
// to version-valid-for) and no WAL is pending: a crash in mid-checkpoint can
// leave the main file short until the WAL is replayed, which is not damage.
func checkSize(abs, display string, hdr []byte, size int64) error {
	pageSize := int64(binary.BigEndian.Uint16(hdr[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	if pageSize < 512 || pageSize&(pageSize-1) != 0 {
		return fileErr(display, ErrCorrupt, "file is corrupt: invalid page size %d", pageSize)
	}
	if st, err := os.Stat(abs + "-wal"); err == nil && st.Size() > 0 {
		return nil
	}
	pages := int64(binary.BigEndian.Uint32(hdr[28:32]))
	valid := bytes.Equal(hdr[24:28], hdr[92:96])
	if want := pages * pageSize; valid && pages > 0 && size < want {
		return fileErr(display, ErrCorrupt, "file is corrupt: truncated (%d of %d bytes)", size, want)
	}
	if size%pageSize != 0 {
		return fileErr(display, ErrCorrupt, "file is corrupt: size %d is not a whole number of %d-byte pages", size, pageSize)
	}
	return nil
}

// createIfMissing builds a new engagement file aside (a 0600 temporary file
// in the same directory), migrates it, closes it and links it into place,
// so the name appears only as a complete auditwalk file: a crash during
// creation leaves no empty or half-made file under the user's name.
func createIfMissing(ctx context.Context, abs, display string, list []migration) error {
	if _, err := os.Lstat(abs); err == nil || !errors.Is(err, fs.ErrNotExist) {
		return nil // exists (or unreadable): the normal checks will say which
	}
	dir := filepath.Dir(abs)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(abs)+".new-*") // O_CREATE|O_EXCL, 0600
	if err != nil {
		return fmt.Errorf("%s: %w", display, err)
	}
	tmpName := tmp.Name()
	defer removeAll(tmpName)
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", display, err)
	}
	db, err := openWriter(ctx, tmpName)
	if err == nil {
		err = migrate(ctx, db, list)
		if cerr := db.Close(); err == nil {
			err = cerr // closing checkpoints the WAL into the file
		}
	}
	if err != nil {
		return fmt.Errorf("%s: creating: %w", display, err)
	}
	if err := publish(tmpName, abs); err != nil {
		return fmt.Errorf("%s: %w", display, err)
	}
	return syncDir(dir)
}

// publish puts the finished file at abs without replacing anything there:
// a hard link fails if the name was taken meanwhile (then the other file is
// opened and checked as usual). Filesystems without hard links (FAT on a
// USB stick) fall back to rename after a fresh existence check.
func publish(tmp, abs string) error {
	err := os.Link(tmp, abs)
	switch {
	case err == nil, errors.Is(err, fs.ErrExist):
		return nil
	}
	if _, serr := os.Lstat(abs); serr == nil {
		return nil
	}
	return os.Rename(tmp, abs)
}

func removeAll(name string) {
	for _, n := range []string{name, name + "-wal", name + "-shm"} {
		_ = os.Remove(n) // leftovers of the build-aside file; absence is fine
	}
}

// syncDir makes the new directory entry durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("%s: sync: %w", dir, err)
	}
	return nil
}
