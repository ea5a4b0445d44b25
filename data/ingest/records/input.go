package records

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// headSize is how much of a file format detection looks at.
const headSize = 64 << 10

// maxLineBytes bounds one JSON line (or one JSON record in a document), so
// a file without newlines cannot make a reader buffer without limit.
const maxLineBytes = 16 << 20

// input is an opened file: its first bytes (after decompression and any
// byte-order mark) and a reader positioned at the start of the text.
type input struct {
	head []byte
	body io.Reader
}

// openInput peeks at r, transparently decompressing gzip (CloudTrail
// delivers .json.gz) and dropping a UTF-8 byte-order mark.
func openInput(r io.Reader) (input, error) {
	br := bufio.NewReaderSize(r, headSize)
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return input{}, fmt.Errorf("gzip: %v", err)
		}
		br = bufio.NewReaderSize(gz, headSize)
	}
	head, err := br.Peek(headSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return input{}, fmt.Errorf("reading: %v", err)
	}
	if bytes.HasPrefix(head, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
		head = head[len(utf8BOM):]
	}
	return input{head: bytes.Clone(head), body: br}, nil
}

// lineReader counts lines in what a json.Decoder reads so that offsets can
// be turned into line numbers. Newline offsets are queued only until the
// decoder has passed them, so memory stays bounded by its read-ahead.
type lineReader struct {
	r    io.Reader
	off  int64   // bytes read so far
	nl   []int64 // offsets of newlines not yet passed by lineAt
	line int     // line number at the last lineAt offset
}

func newLineReader(r io.Reader) *lineReader { return &lineReader{r: r, line: 1} }

// Read implements io.Reader, noting where newlines are.
func (l *lineReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for start := 0; start < n; {
		j := bytes.IndexByte(p[start:n], '\n')
		if j < 0 {
			break
		}
		l.nl = append(l.nl, l.off+int64(start+j))
		start += j + 1
	}
	l.off += int64(n)
	return n, err
}

// lineAt returns the 1-based line of byte offset off. Offsets passed in
// successive calls must not decrease.
func (l *lineReader) lineAt(off int64) int {
	k := 0
	for k < len(l.nl) && l.nl[k] < off {
		k++
	}
	l.line += k
	l.nl = l.nl[k:]
	return l.line
}

// problem is an error with the current record; the streaming drivers turn
// it into a RowError at the record's line and go on to the next record.
type problem string

func (p problem) Error() string { return string(p) }

// problemf formats a record problem.
func problemf(format string, args ...any) error { return problem(fmt.Sprintf(format, args...)) }

// placed is a record problem at a line of its own (a cell below the
// record's first line, after a multi-line quoted cell).
type placed struct {
	line int
	msg  string
}

func (p placed) Error() string { return p.msg }

// problemAt formats a record problem at a given line.
func problemAt(line int, format string, args ...any) error {
	return placed{line: line, msg: fmt.Sprintf(format, args...)}
}

// errStop ends a stream early once the collector is full.
var errStop = errors.New("stop")

// handle routes a record callback's error: problems go to the collector
// (errStop when it is full); anything else (the caller's emit failing)
// is returned as is.
func handle(c *collector, line int, err error) error {
	if err == nil {
		return nil
	}
	var at placed
	if errors.As(err, &at) {
		line, err = at.line, problem(at.msg)
	}
	var p problem
	if errors.As(err, &p) {
		if c.add(line, "%s", string(p)) {
			return errStop
		}
		return nil
	}
	return err
}
