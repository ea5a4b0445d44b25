package records

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"auditwalk/model"
)

// Options control a read.
type Options struct {
	// Format of the file; FormatAuto detects it from the first 64 KiB.
	Format Format
	// Mapping names the columns (CSV) or keys (JSON) of fields whose
	// names are not among the usual ones. Named log formats ignore it.
	Mapping ColumnMapping
	// MaxErrors is how many row errors to collect before stopping; 0 or 1
	// stops at the first.
	MaxErrors int
}

// Summary describes a finished read.
type Summary struct {
	// Format is the format read: Options.Format, or the one detected.
	Format Format
	// Records is how many records were passed to emit.
	Records int
	// Skipped counts well-formed records that are not AI activity, such as
	// the S3 events of a CloudTrail file or another Google service's audit
	// entries.
	Skipped int
}

// ReadAccessLog reads an AI service access log and calls emit with each
// event, in file order, validated and fingerprinted. It stops at the first
// error emit returns and returns that error unchanged; otherwise the error
// is nil, a *RowError, or RowErrors when Options.MaxErrors allows several.
// Records already emitted when a row error is found are not taken back:
// the caller makes the import all-or-nothing.
func ReadAccessLog(name string, r io.Reader, opt Options, emit func(model.AccessEvent) error) (Summary, error) {
	rd, err := begin(name, r, opt, accessSpecs())
	if err != nil {
		return rd.sum, err
	}
	finish := func(e model.AccessEvent, line int) error {
		e.SourceFile, e.Line = name, line
		if err := e.Validate(); err != nil {
			return problemAt(line, "%v", err)
		}
		e.Fingerprint = e.ComputeFingerprint()
		rd.sum.Records++
		return emit(e)
	}
	switch rd.sum.Format {
	case FormatCSV:
		err = streamCSV(rd.in, accessSpecs(), rd.mapping, rd.c, func(r row) error {
			e, err := accessFromRow(r)
			if err != nil {
				return err
			}
			return finish(e, r.lineOf(fTime))
		})
	case FormatJSON:
		cands := candidateTable(accessSpecs(), rd.mapping)
		err = streamJSON(rd.in, rd.c, func(raw []byte, line int) error {
			jr, err := newJSONRow(raw, line, cands)
			if err != nil {
				return err
			}
			e, err := accessFromRow(jr)
			if err != nil {
				return err
			}
			return finish(e, line)
		})
	default:
		decode := vendorDecoder(rd.sum.Format)
		err = streamJSON(rd.in, rd.c, func(raw []byte, line int) error {
			e, ok, err := decode(raw)
			switch {
			case err != nil:
				return err
			case !ok:
				rd.sum.Skipped++
				return nil
			}
			return finish(e, line)
		})
	}
	return rd.end(err)
}

// ReadChanges reads model change records (CSV or JSON) and calls emit with
// each; errors as for ReadAccessLog.
func ReadChanges(name string, r io.Reader, opt Options, emit func(model.ChangeRecord) error) (Summary, error) {
	return readGeneric(name, r, opt, changeSpecs(), changeFromRow, func(c model.ChangeRecord, line int) error {
		c.SourceFile, c.Line = name, line
		if err := c.Validate(); err != nil {
			return problemAt(line, "%v", err)
		}
		c.Fingerprint = c.ComputeFingerprint()
		return emit(c)
	})
}

// ReadReviews reads prompt/output review records (CSV or JSON) and calls
// emit with each; errors as for ReadAccessLog.
func ReadReviews(name string, r io.Reader, opt Options, emit func(model.ReviewRecord) error) (Summary, error) {
	return readGeneric(name, r, opt, reviewSpecs(), reviewFromRow, func(v model.ReviewRecord, line int) error {
		v.SourceFile, v.Line = name, line
		if err := v.Validate(); err != nil {
			return problemAt(line, "%v", err)
		}
		v.Fingerprint = v.ComputeFingerprint()
		return emit(v)
	})
}

// readGeneric reads CSV or JSON records of one kind through build and
// finish.
func readGeneric[T any](name string, r io.Reader, opt Options, specs []fieldSpec,
	build func(row) (T, error), finish func(T, int) error) (Summary, error) {
	rd, err := begin(name, r, opt, specs)
	if err != nil {
		return rd.sum, err
	}
	if rd.sum.Format.accessOnly() {
		return rd.sum, &RowError{File: name, Reason: fmt.Sprintf("%s is an access-log format; change and review records are CSV or JSON", rd.sum.Format)}
	}
	one := func(rw row) error {
		v, err := build(rw)
		if err != nil {
			return err
		}
		err = finish(v, rw.lineOf(""))
		var p placed
		if !errors.As(err, &p) {
			rd.sum.Records++
		}
		return err
	}
	if rd.sum.Format == FormatCSV {
		err = streamCSV(rd.in, specs, rd.mapping, rd.c, one)
	} else {
		cands := candidateTable(specs, rd.mapping)
		err = streamJSON(rd.in, rd.c, func(raw []byte, line int) error {
			jr, err := newJSONRow(raw, line, cands)
			if err != nil {
				return err
			}
			return one(jr)
		})
	}
	return rd.end(err)
}

// reading is the state of one read.
type reading struct {
	in      input
	mapping ColumnMapping
	c       *collector
	sum     Summary
}

// begin opens the input, settles the format and checks the mapping.
func begin(name string, r io.Reader, opt Options, specs []fieldSpec) (*reading, error) {
	rd := &reading{c: newCollector(name, opt.MaxErrors), sum: Summary{Format: opt.Format}}
	in, err := openInput(r)
	if err != nil {
		return rd, &RowError{File: name, Reason: err.Error()}
	}
	rd.in = in
	if err := checkText(in.head); err != nil {
		return rd, &RowError{File: name, Reason: err.Error()}
	}
	if len(bytes.TrimSpace(in.head)) == 0 {
		return rd, &RowError{File: name, Reason: "empty file"}
	}
	if rd.sum.Format == FormatAuto {
		if rd.sum.Format, err = DetectFormat(name, in.head); err != nil {
			return rd, &RowError{File: name, Reason: err.Error()}
		}
	} else if _, err := ParseFormat(string(rd.sum.Format)); err != nil {
		return rd, &RowError{File: name, Reason: err.Error()}
	}
	if rd.mapping, err = canonicalMapping(opt.Mapping, specs); err != nil {
		return rd, &RowError{File: name, Reason: err.Error()}
	}
	return rd, nil
}

// end returns the emit error if there was one, else the row errors.
func (rd *reading) end(err error) (Summary, error) {
	if err != nil && !errors.Is(err, errStop) {
		return rd.sum, err
	}
	return rd.sum, rd.c.err()
}
