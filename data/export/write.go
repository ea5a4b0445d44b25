package export

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Names of the files Write adds beside the documents.
const (
	ManifestName  = "MANIFEST.sha256"
	TrailHeadName = "TRAIL-HEAD"
)

// NotEmptyError is returned by Write when the output directory already
// holds files and force was not given.
type NotEmptyError struct{ Dir string }

func (e *NotEmptyError) Error() string {
	return displayDir(e.Dir) + ": directory is not empty (use --force)"
}

func displayDir(dir string) string {
	return strings.TrimSuffix(filepath.ToSlash(filepath.Clean(dir)), "/") + "/"
}

// Write renders the requested formats (nil or empty: all) and writes them
// under dir, then TRAIL-HEAD (the activity-trail head hash) and
// MANIFEST.sha256, which lists every other file in `sha256sum` format so
// `sha256sum -c MANIFEST.sha256` checks the package. It returns the paths
// written, relative to dir, manifest last.
//
// Everything is rendered before anything is written, so a bundle that
// cannot be exported leaves the disk untouched. (The OSCAL documents are
// built first too, but encoded as they are written, straight to the file:
// plain strings and structs, whose encoding fails only if the disk does.) An existing non-empty dir
// is refused unless force is set; with force, files listed in the previous
// export's manifest that this export does not produce are removed, and
// nothing else is. Every file is written to a temporary file in its own
// directory, synced and renamed into place, and the directory is synced,
// so a crash or a failed write never leaves a partial file.
func Write(dir string, b Bundle, formats []string, force bool) ([]string, error) {
	docs, err := files(b, formats, true)
	if err != nil {
		return nil, err
	}
	docs = append(docs, Document{Name: TrailHeadName, Title: "Activity-trail head", Content: trailHead(b.TrailHead)})
	if err := prepareDir(dir, force); err != nil {
		return nil, err
	}
	old := previousManifest(dir)
	var written []string
	var manifest bytes.Buffer
	slices.SortFunc(docs, func(a, b Document) int { return strings.Compare(a.Name, b.Name) })
	for _, d := range docs {
		path := filepath.Join(dir, filepath.FromSlash(d.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return written, fmt.Errorf("export: %w", err)
		}
		sum, err := writeDoc(path, d)
		if err != nil {
			return written, err
		}
		fmt.Fprintf(&manifest, "%s  %s\n", hex.EncodeToString(sum), d.Name)
		written = append(written, d.Name)
	}
	if err := writeAtomic(filepath.Join(dir, ManifestName), manifest.Bytes()); err != nil {
		return written, err
	}
	written = append(written, ManifestName)
	removeStale(dir, old, written)
	return written, nil
}

// writeDoc writes one document atomically and returns its SHA-256. A
// streamed document is encoded through a buffered writer that hashes as it
// goes.
func writeDoc(path string, d Document) ([]byte, error) {
	if d.write == nil {
		sum := sha256.Sum256(d.Content)
		return sum[:], writeAtomic(path, d.Content)
	}
	h := sha256.New()
	err := writeAtomicWith(path, nil, func(f *os.File, _ []byte) error {
		bw := bufio.NewWriterSize(io.MultiWriter(f, h), 256<<10)
		if err := d.write(bw); err != nil {
			return err
		}
		return bw.Flush()
	})
	return h.Sum(nil), err
}

// trailHead is the TRAIL-HEAD file: the hash alone on one line, or
// "unknown" when the store gave none.
func trailHead(h string) []byte {
	h = oString(h, "unknown")
	return []byte(h + "\n")
}

// prepareDir creates dir or checks that it may be written into.
func prepareDir(dir string, force bool) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("export: %w", err)
	case !info.IsDir():
		return fmt.Errorf("%s: not a directory", filepath.ToSlash(filepath.Clean(dir)))
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if len(entries) > 0 && !force {
		return &NotEmptyError{Dir: dir}
	}
	return nil
}

// previousManifest returns the relative paths a previous export listed in
// its manifest, ignoring anything that is not a plain relative path inside
// dir.
func previousManifest(dir string) []string {
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		_, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok || !filepath.IsLocal(filepath.FromSlash(name)) {
			continue
		}
		out = append(out, name)
	}
	return out
}

// removeStale deletes files of the previous export that this one did not
// write, so the directory matches the new manifest. Failures are ignored:
// the new manifest is already correct and names only new files.
func removeStale(dir string, old, written []string) {
	for _, name := range old {
		if slices.Contains(written, name) {
			continue
		}
		path := filepath.Join(dir, filepath.FromSlash(name))
		if info, err := os.Lstat(path); err == nil && info.Mode().IsRegular() {
			_ = os.Remove(path)
		}
	}
}

// writeAtomic writes data to path through a synced temporary file in the
// same directory and a rename.
func writeAtomic(path string, data []byte) error {
	return writeAtomicWith(path, data, func(f *os.File, b []byte) error {
		_, err := f.Write(b)
		return err
	})
}

// writeAtomicWith is writeAtomic with the write step supplied, so tests can
// make it fail halfway.
func writeAtomicWith(path string, data []byte, write func(*os.File, []byte) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
			err = fmt.Errorf("export: write %s: %w", filepath.ToSlash(path), err)
		}
	}()
	if err = write(f, data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes a rename durable by syncing the directory entry.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
