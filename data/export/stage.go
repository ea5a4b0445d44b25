package export

import (
	"bufio"
	"cmp"
	"crypto/sha256"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
)

// writeStaged renders every document into its own file under stage (at its
// Name), runtime.GOMAXPROCS at a time, heaviest first, and syncs each. The
// documents only read the export's view, so their order does not change a
// byte. A file is synced in the background while the next document
// renders: a sync waits on the disk, not the CPU, and can take seconds
// when the disk is busy. It returns each document's SHA-256 in docs order
// once every file is synced. After the first failure no further document
// is started, and that failure is returned; dir is only used to name files
// in errors.
func writeStaged(stage, dir string, docs []Document) ([][]byte, error) {
	for _, d := range docs {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(stage, filepath.FromSlash(d.Name))), 0o700); err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
	}
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(docs[b].weight, docs[a].weight) })
	st := &stager{stage: stage, dir: dir, sums: make([][]byte, len(docs))}
	jobs := make(chan int)
	var workers sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(docs)) {
		workers.Go(func() {
			for i := range jobs {
				st.write(i, docs[i])
			}
		})
	}
	for _, i := range order {
		if st.failed() {
			break
		}
		jobs <- i
	}
	close(jobs)
	workers.Wait()
	st.syncs.Wait()
	return st.sums, st.err
}

// stager collects what writeStaged's workers produce.
type stager struct {
	stage, dir string
	syncs      sync.WaitGroup
	mu         sync.Mutex
	sums       [][]byte
	err        error
}

func (st *stager) failed() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.err != nil
}

func (st *stager) fail(err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.err == nil {
		st.err = err
	}
}

// write renders document i and starts syncing it.
func (st *stager) write(i int, d Document) {
	f, sum, err := writeStagedDoc(st.stage, st.dir, d)
	if err != nil {
		st.fail(err)
		return
	}
	st.mu.Lock()
	st.sums[i] = sum
	st.mu.Unlock()
	st.syncs.Go(func() {
		err := f.Sync()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			st.fail(fmt.Errorf("export: write %s: %w", filepath.ToSlash(filepath.Join(st.dir, filepath.FromSlash(d.Name))), err))
		}
	})
}

// writeStagedDoc renders one document into a new file in stage, hashing it
// as it goes, and returns the file, still open and not yet synced. A
// failure to write is reported against the file's final place in dir; a
// failure to render is returned as it is.
func writeStagedDoc(stage, dir string, d Document) (*os.File, []byte, error) {
	f, err := os.OpenFile(filepath.Join(stage, filepath.FromSlash(d.Name)), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("export: %w", err)
	}
	fw := &hashWriter{w: f, h: sha256.New()}
	bw := bufio.NewWriterSize(fw, 256<<10)
	if d.write != nil {
		err = d.write(bw)
	} else {
		_, err = bw.Write(d.Content)
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		_ = f.Close()
		if fw.err != nil {
			return nil, nil, fmt.Errorf("export: write %s: %w", filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(d.Name))), fw.err)
		}
		return nil, nil, err
	}
	return f, fw.h.Sum(nil), nil
}

// hashWriter writes to a file and hashes what it wrote. It remembers the
// first error, to tell a failing disk from a failing renderer. It has no
// WriteString on purpose: bufio.Writer then copies long strings through
// its buffer instead of converting each one to a fresh []byte (a
// narratives document is one 25 MB string).
type hashWriter struct {
	w   io.Writer
	h   hash.Hash
	err error
}

func (e *hashWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.h.Write(p[:n])
	e.err = err
	return n, err
}
