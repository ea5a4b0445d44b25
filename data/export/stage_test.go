package export

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"auditwalk/model"
)

// A document that fails to render (here the Narrator) must leave the
// export directory as it was: not created when it did not exist, and a
// previous export untouched, with no staging files left behind.
func TestFailingRenderLeavesTheDirectoryAsItWas(t *testing.T) {
	failing := fixtureBundle(identity)
	failing.Narrator = func(*model.Control, string) (string, error) { return "", errors.New("template broke") }

	fresh := filepath.Join(t.TempDir(), "out")
	if _, err := Write(fresh, failing, nil, false); err == nil || !strings.Contains(err.Error(), "template broke") {
		t.Fatalf("got %v, want the narrative error", err)
	}
	if _, err := os.Stat(fresh); !errors.Is(err, fs.ErrNotExist) {
		t.Error("a failed export left its directory behind")
	}

	dir := t.TempDir()
	if _, err := Write(dir, fixtureBundle(identity), nil, false); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, dir)
	if _, err := Write(dir, failing, nil, true); err == nil {
		t.Fatal("export with a failing Narrator succeeded")
	}
	if after := readTree(t, dir); !maps.EqualFunc(before, after, func(a, b []byte) bool { return string(a) == string(b) }) {
		t.Error("a failed re-export changed the previous export")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("staging directory %s left behind", e.Name())
		}
	}
}
