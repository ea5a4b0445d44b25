package export

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
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
// Every document is rendered straight into a file in a staging directory
// inside dir, several at a time (see writeStaged), and synced; only when
// all of them are complete are they renamed into place, so a bundle that
// cannot be exported (a failing Narrator, a full disk) leaves the files in
// dir untouched. An existing non-empty dir is refused unless force is set;
// with force, files listed in the previous export's manifest that this
// export does not produce are removed, and nothing else is. Renames are
// atomic and the directories are synced after them, so a crash never
// leaves a partial file.
func Write(dir string, b Bundle, formats []string, force bool) ([]string, error) {
	docs, err := files(b, formats)
	if err != nil {
		return nil, err
	}
	docs = append(docs, Document{Name: TrailHeadName, Title: "Activity-trail head", Content: trailHead(b.TrailHead)})
	slices.SortFunc(docs, func(a, b Document) int { return strings.Compare(a.Name, b.Name) })
	created, err := prepareDir(dir, force)
	if err != nil {
		return nil, err
	}
	stage, err := os.MkdirTemp(dir, ".export.tmp-")
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	defer os.RemoveAll(stage)
	sums, err := writeStaged(stage, dir, docs)
	if err != nil {
		_ = os.RemoveAll(stage)
		if created {
			_ = os.Remove(dir)
		}
		return nil, err
	}
	old := previousManifest(dir)
	written, err := moveIntoPlace(stage, dir, docs)
	if err != nil {
		return written, err
	}
	var manifest bytes.Buffer
	for i, d := range docs {
		fmt.Fprintf(&manifest, "%s  %s\n", hex.EncodeToString(sums[i]), d.Name)
	}
	if err := writeAtomic(filepath.Join(dir, ManifestName), manifest.Bytes()); err != nil {
		return written, err
	}
	written = append(written, ManifestName)
	removeStale(dir, old, written)
	return written, nil
}

// moveIntoPlace renames the staged documents into dir, in name order, then
// syncs every directory it renamed into, once. It returns the names moved.
func moveIntoPlace(stage, dir string, docs []Document) ([]string, error) {
	var written, dirs []string
	for _, d := range docs {
		path := filepath.Join(dir, filepath.FromSlash(d.Name))
		parent := filepath.Dir(path)
		if !slices.Contains(dirs, parent) {
			if err := os.MkdirAll(parent, 0o700); err != nil {
				return written, fmt.Errorf("export: %w", err)
			}
			dirs = append(dirs, parent)
		}
		if err := os.Rename(filepath.Join(stage, filepath.FromSlash(d.Name)), path); err != nil {
			return written, fmt.Errorf("export: write %s: %w", filepath.ToSlash(path), err)
		}
		written = append(written, d.Name)
	}
	for _, p := range dirs {
		if err := syncDir(p); err != nil {
			return written, fmt.Errorf("export: sync %s: %w", filepath.ToSlash(p), err)
		}
	}
	return written, nil
}

// trailHead is the TRAIL-HEAD file: the hash alone on one line, or
// "unknown" when the store gave none.
func trailHead(h string) []byte {
	h = oString(h, "unknown")
	return []byte(h + "\n")
}

// prepareDir creates dir or checks that it may be written into; created
// reports that it did not exist.
func prepareDir(dir string, force bool) (created bool, err error) {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return false, fmt.Errorf("export: %w", err)
		}
		return true, nil
	case err != nil:
		return false, fmt.Errorf("export: %w", err)
	case !info.IsDir():
		return false, fmt.Errorf("%s: not a directory", filepath.ToSlash(filepath.Clean(dir)))
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false, fmt.Errorf("export: %w", err)
	}
	if len(entries) > 0 && !force {
		return false, &NotEmptyError{Dir: dir}
	}
	return false, nil
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
