package questionnaires

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"auditwalk/model"
)

//go:embed packs/*.yaml
var builtinFS embed.FS // read-only; embed.FS cannot be mutated

// DefaultPackID is the id of the built-in "SOC 2 for AI systems" pack.
const DefaultPackID = "soc2-ai"

// BuiltinPrefix starts the Source of every embedded pack.
const BuiltinPrefix = "builtin:"

// maxPackBytes bounds a pack file; the built-in pack is well under 200 KB.
const maxPackBytes = 4 << 20

// Parse decodes and validates a pack from source bytes. name is used in
// error messages and becomes the pack's Source; use it to re-load the pack
// source stored in an engagement file. On failure the error is a
// *ValidationError listing every problem as "name:line: message".
func Parse(name string, src []byte) (*model.Pack, error) {
	ps := &problems{file: name}
	if len(src) > maxPackBytes {
		ps.add(0, "pack file is %d bytes; the limit is %d", len(src), maxPackBytes)
		return nil, ps.err()
	}
	root := parseTree(src, ps)
	if root == nil {
		return nil, ps.err()
	}
	d := decodePack(root, ps)
	validate(d, ps)
	if err := ps.err(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(src)
	d.pack.Hash = hex.EncodeToString(sum[:])
	d.pack.Source = name
	return d.pack, nil
}

// LoadFile reads and validates a pack file; Source is the path as given.
func LoadFile(path string) (*model.Pack, error) {
	src, err := readLimited(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, src)
}

func readLimited(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s: is a directory, not a pack file", path)
	}
	if fi.Size() > maxPackBytes {
		return nil, fmt.Errorf("%s: pack file is %d bytes; the limit is %d", path, fi.Size(), maxPackBytes)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	return src, nil
}

// unwrapPathError drops the *fs.PathError wrapper so the path is not
// printed twice.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Builtin loads every embedded pack, in file-name order. An error here is a
// bug in the binary (the tests load every embedded pack).
func Builtin() ([]*model.Pack, error) {
	names, err := fs.Glob(builtinFS, "packs/*.yaml")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var out []*model.Pack
	var errs []error
	for _, n := range names {
		p, _, err := loadBuiltin(n)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, p)
	}
	return out, errors.Join(errs...)
}

func loadBuiltin(name string) (*model.Pack, []byte, error) {
	src, err := builtinFS.ReadFile(name)
	if err != nil {
		return nil, nil, err
	}
	p, err := Parse(BuiltinPrefix+strings.TrimPrefix(name, "packs/"), src)
	return p, src, err
}

// Default returns the built-in "SOC 2 for AI systems" pack and its source
// bytes (to store in a new engagement so its answers keep their meaning).
func Default() (*model.Pack, []byte, error) {
	return loadBuiltin("packs/" + DefaultPackID + ".yaml")
}

// LoadDir loads every *.yaml and *.yml file directly inside dir, in name
// order. A bad file never stops the others: its error is returned alongside
// the packs that loaded. Two files with the same pack id keep the first. A
// missing directory is not an error (there are simply no custom packs).
func LoadDir(dir string) ([]*model.Pack, []error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, []error{fmt.Errorf("%s: %w", dir, unwrapPathError(err))}
	}
	var packs []*model.Pack
	var errs []error
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if e.IsDir() || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		p, err := LoadFile(path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if i := slices.IndexFunc(packs, func(q *model.Pack) bool { return q.ID == p.ID }); i >= 0 {
			errs = append(errs, fmt.Errorf("%s: pack id %q is already used by %s", path, p.ID, packs[i].Source))
			continue
		}
		packs = append(packs, p)
	}
	return packs, errs
}

// Available returns the built-in packs followed by the custom packs in dir
// ("" for none). A custom pack whose id is taken by a built-in one is
// refused with an error; errors never hide the packs that did load.
func Available(dir string) ([]*model.Pack, []error) {
	packs, err := Builtin()
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	if dir == "" {
		return packs, errs
	}
	custom, cerrs := LoadDir(dir)
	errs = append(errs, cerrs...)
	for _, p := range custom {
		if slices.ContainsFunc(packs, func(q *model.Pack) bool { return q.ID == p.ID }) {
			errs = append(errs, fmt.Errorf("%s: pack id %q is already used by a built-in pack", p.Source, p.ID))
			continue
		}
		packs = append(packs, p)
	}
	return packs, errs
}

// Info is one row of `auditwalk pack list`.
type Info struct {
	ID        string
	Version   string
	Title     string
	Source    string
	Hash      string
	Sections  int
	Controls  int
	Questions int
}

// Describe summarises a pack for listing.
func Describe(p *model.Pack) Info {
	return Info{
		ID: p.ID, Version: p.Version, Title: p.Title, Source: p.Source, Hash: p.Hash,
		Sections: len(p.Sections), Controls: len(p.Controls()), Questions: p.QuestionCount(),
	}
}

// Validate checks the pack file at path for `auditwalk pack validate`: nil
// when it is valid, else every problem as "file:line: message" (one for an
// unreadable file).
func Validate(path string) []string {
	_, err := LoadFile(path)
	if err == nil {
		return nil
	}
	var ve *ValidationError
	if errors.As(err, &ve) {
		return ve.Lines()
	}
	return []string{err.Error()}
}
