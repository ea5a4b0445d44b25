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
// byte. It returns each document's SHA-256 in docs order. After the first
// failure no further document is started, and that failure is returned;
// dir is only used to name files in errors.
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
	sums := make([][]byte, len(docs))
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
	)
	failed := func() bool { mu.Lock(); defer mu.Unlock(); return firstErr != nil }
	jobs := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(docs)) {
		wg.Go(func() {
			for i := range jobs {
				sum, err := writeStagedDoc(stage, dir, docs[i])
				mu.Lock()
				sums[i] = sum
				if err != nil && firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		})
	}
	for _, i := range order {
		if failed() {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return sums, firstErr
}

// writeStagedDoc renders one document into stage, hashing it as it goes,
// and syncs the file. A failure to write is reported against the file's
// final place in dir; a failure to render is returned as it is.
func writeStagedDoc(stage, dir string, d Document) ([]byte, error) {
	f, err := os.OpenFile(filepath.Join(stage, filepath.FromSlash(d.Name)), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	defer f.Close()
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
	if err == nil {
		err = f.Sync()
		fw.err = err
	}
	if err == nil {
		err = f.Close()
		fw.err = err
	}
	if fw.err != nil {
		return nil, fmt.Errorf("export: write %s: %w", filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(d.Name))), fw.err)
	}
	if err != nil {
		return nil, err
	}
	return fw.h.Sum(nil), nil
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
