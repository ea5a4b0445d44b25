package data

import (
	"errors"

	"auditwalk/data/ingest/records"
)

// readAheadRows is how many rows the reader may run ahead of the writer in
// readAhead: a few insert chunks, so memory stays flat.
const readAheadRows = 4 * insertChunk

// errWriterStopped tells the reader goroutine that the writer failed and
// its rows are no longer wanted.
var errWriterStopped = errors.New("import writer stopped")

// readAhead runs read (which parses a file and passes each record's values
// to put) on its own goroutine while the calling goroutine passes the
// values to write, so that parsing and fingerprinting overlap with
// SQLite's inserts on a second core: a third of an import's CPU was the
// parsing. Records reach write in file order. If write fails, the reader
// is stopped and write's error returned; otherwise the reader's summary
// and error are. Only the calling goroutine touches the transaction.
func readAhead(read func(put func([]any) error) (records.Summary, error), write func([]any) error) (records.Summary, error) {
	rows := make(chan []any, readAheadRows)
	stop := make(chan struct{})
	type result struct {
		sum records.Summary
		err error
	}
	done := make(chan result, 1)
	go func() {
		sum, err := read(func(vals []any) error {
			select {
			case rows <- vals:
				return nil
			case <-stop:
				return errWriterStopped
			}
		})
		close(rows)
		done <- result{sum, err}
	}()
	var writeErr error
	for vals := range rows {
		if writeErr != nil {
			continue // drain until the reader sees stop
		}
		if writeErr = write(vals); writeErr != nil {
			close(stop)
		}
	}
	r := <-done
	if writeErr != nil {
		return r.sum, writeErr
	}
	return r.sum, r.err
}
