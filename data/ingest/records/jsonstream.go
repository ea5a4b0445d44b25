package records

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// recordFunc receives the raw JSON of one record and the line it starts
// on. raw is only valid during the call.
type recordFunc func(raw []byte, line int) error

// streamJSON hands each record of a JSON file to each, one at a time, in
// the layout analyseJSON found. Problems with single records are collected
// in c; a structural error (bad syntax, truncation) is collected and ends
// the stream. The returned error is the callback's own, if it failed.
func streamJSON(in input, c *collector, each recordFunc) error {
	h := analyseJSON(bytes.TrimLeft(in.head, " \t\r\n"))
	if h.shape == shapeLines {
		return streamLines(in.body, c, each)
	}
	lr := newLineReader(in.body)
	s := &jsonStream{dec: json.NewDecoder(lr), lr: lr, c: c, each: each, container: h.container}
	var err error
	switch h.shape {
	case shapeArray:
		err = s.loop(s.array)
	case shapeWrapped:
		err = s.loop(s.wrapper)
	default:
		err = s.loop(s.value)
	}
	if errors.Is(err, errStop) {
		return nil
	}
	return err
}

// streamLines reads JSON lines: a bad line is a row problem and reading
// goes on with the next.
func streamLines(r io.Reader, c *collector, each recordFunc) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLineBytes)
	line := 0
	for sc.Scan() {
		line++
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		if err := handle(c, line, each(raw, line)); err != nil {
			if errors.Is(err, errStop) {
				return nil
			}
			return err
		}
	}
	switch err := sc.Err(); {
	case errors.Is(err, bufio.ErrTooLong):
		c.add(line+1, "line longer than %d MiB", maxLineBytes>>20)
	case err != nil:
		c.add(line+1, "reading: %v", err)
	}
	return nil
}

// jsonStream walks a JSON document with a token decoder so that a large
// array is never held in memory: one element is decoded at a time.
type jsonStream struct {
	dec       *json.Decoder
	lr        *lineReader
	c         *collector
	each      recordFunc
	container string
	raw       json.RawMessage // reused between records
}

// loop calls one for each top-level value until the end of input.
// Concatenated documents (cat of several log files) are read in turn.
func (s *jsonStream) loop(one func() error) error {
	for {
		err := one()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return s.fatal(err)
		}
	}
}

// value reads one top-level object as a record.
func (s *jsonStream) value() error {
	return s.record()
}

// array reads a top-level array of records.
func (s *jsonStream) array() error {
	tok, err := s.dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('[') {
		return problemf("expected '[' to start an array of records, found %v", tok)
	}
	return s.elements()
}

// wrapper reads an object holding the records under s.container; other
// keys are skipped.
func (s *jsonStream) wrapper() error {
	tok, err := s.dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		return problemf("expected '{' to start an object holding %q, found %v", s.container, tok)
	}
	for s.dec.More() {
		if tok, err = s.dec.Token(); err != nil {
			return unexpectedEOF(err)
		}
		if tok == s.container {
			if tok, err = s.dec.Token(); err != nil {
				return unexpectedEOF(err)
			}
			if tok != json.Delim('[') {
				return problemf("%q is not an array", s.container)
			}
			if err := s.elements(); err != nil {
				return err
			}
			continue
		}
		var skip json.RawMessage
		if err := s.decode(&skip); err != nil {
			return unexpectedEOF(err)
		}
	}
	_, err = s.dec.Token()
	return unexpectedEOF(err)
}

// elements reads records up to the closing ']' of an array whose '[' was
// consumed.
func (s *jsonStream) elements() error {
	for s.dec.More() {
		if err := s.record(); err != nil {
			return unexpectedEOF(err)
		}
	}
	_, err := s.dec.Token()
	return unexpectedEOF(err)
}

// record decodes one value and hands it on with its first line.
func (s *jsonStream) record() error {
	s.raw = s.raw[:0]
	if err := s.decode(&s.raw); err != nil {
		return err
	}
	if len(s.raw) > maxLineBytes {
		return problemf("record larger than %d MiB", maxLineBytes>>20)
	}
	line := s.lr.lineAt(s.dec.InputOffset()) - bytes.Count(s.raw, []byte{'\n'})
	err := handle(s.c, line, s.each(s.raw, line))
	if err != nil && !errors.Is(err, errStop) {
		return callerError{err}
	}
	return err
}

// decode is Decoder.Decode with syntax errors placed at an absolute input
// offset. The decoder's own offsets for values are not usable (its scanner
// counts bytes across calls), but a failed Decode leaves the value's bytes
// unread in the buffer, so a fresh decoder over them finds the offset
// within the value.
func (s *jsonStream) decode(v any) error {
	err := s.dec.Decode(v)
	var syn *json.SyntaxError
	if !errors.As(err, &syn) {
		return err
	}
	start := s.dec.InputOffset()
	rest, _ := io.ReadAll(s.dec.Buffered())
	var scratch json.RawMessage
	if err := json.NewDecoder(bytes.NewReader(rest)).Decode(&scratch); errors.As(err, &syn) {
		return syntaxAt{off: start + syn.Offset - 1, msg: syn.Error()}
	}
	return syntaxAt{off: start, msg: syn.Error()}
}

// syntaxAt is a JSON syntax error at an absolute input offset.
type syntaxAt struct {
	off int64
	msg string
}

func (e syntaxAt) Error() string { return e.msg }

// callerError carries the callback's own error through the decoder loop
// untouched.
type callerError struct{ err error }

func (e callerError) Error() string { return e.err.Error() }
func (e callerError) Unwrap() error { return e.err }

// unexpectedEOF turns an end of input inside a structure into truncation.
func unexpectedEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// fatal records a structural error at the best line known and stops.
func (s *jsonStream) fatal(err error) error {
	var ce callerError
	if errors.As(err, &ce) {
		return ce.err
	}
	if errors.Is(err, errStop) {
		return errStop
	}
	var syn *json.SyntaxError
	var at syntaxAt
	var p problem
	switch {
	case errors.As(err, &at):
		s.c.add(s.lr.lineAt(at.off), "invalid JSON: %s", at.msg)
	case errors.As(err, &syn):
		s.c.add(s.lr.lineAt(syn.Offset), "invalid JSON: %s", syn.Error())
	case errors.Is(err, io.ErrUnexpectedEOF):
		s.c.add(s.lr.lineAt(s.lr.off+1), "truncated JSON: the file ends inside a value")
	case errors.As(err, &p):
		s.c.add(s.lr.lineAt(s.dec.InputOffset()), "%s", string(p))
	default:
		s.c.add(0, "reading: %v", err)
	}
	return errStop
}
