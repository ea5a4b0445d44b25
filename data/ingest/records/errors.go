package records

import (
	"fmt"
	"strconv"
	"strings"
)

// RowError is a problem with one place in an imported file.
type RowError struct {
	File string
	// Line is 1-based; 0 means the problem concerns the file as a whole.
	Line   int
	Reason string
}

// Error renders "file:line: reason" (or "file: reason" without a line).
func (e *RowError) Error() string {
	if e.Line <= 0 {
		return e.File + ": " + e.Reason
	}
	return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Reason
}

// RowErrors is several row errors from one file, in file order.
type RowErrors []*RowError

// Error renders the errors on one line, separated by "; ".
func (es RowErrors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ") + fmt.Sprintf(" (%d errors)", len(es))
}

// Unwrap exposes the individual errors to errors.Is and errors.As.
func (es RowErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// collector gathers row errors up to a limit.
type collector struct {
	file string
	max  int
	errs RowErrors
}

func newCollector(file string, max int) *collector {
	if max < 1 {
		max = 1
	}
	return &collector{file: file, max: max}
}

// add records a row error and reports whether reading must stop.
func (c *collector) add(line int, format string, args ...any) bool {
	c.errs = append(c.errs, &RowError{File: c.file, Line: line, Reason: fmt.Sprintf(format, args...)})
	return len(c.errs) >= c.max
}

// full reports whether the limit is reached.
func (c *collector) full() bool { return len(c.errs) >= c.max }

// err returns nil, the single error, or all of them.
func (c *collector) err() error {
	switch len(c.errs) {
	case 0:
		return nil
	case 1:
		return c.errs[0]
	}
	return c.errs
}
