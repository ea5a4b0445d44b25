package records

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// sniffDelimiter picks the delimiter of the header line: whichever of
// comma, semicolon (European spreadsheets), tab or pipe occurs most often
// outside quotes. Comma wins ties and empty input.
func sniffDelimiter(head []byte) rune {
	line, _, _ := bytes.Cut(head, []byte{'\n'})
	counts := map[byte]int{}
	quoted := false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ',' || c == ';' || c == '\t' || c == '|'):
			counts[c]++
		}
	}
	best := byte(',')
	for _, c := range []byte{';', '\t', '|'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best)
}

// csvRows reads a delimited file with a header row, one record at a time.
type csvRows struct {
	r      *csv.Reader
	header []string
	cols   map[string]int // field name → column index
	rec    []string
	line   int
}

// openCSV reads the header and resolves each field's column, from the
// mapping or by synonym. A required field without a column is an error
// naming the columns that exist.
func openCSV(in input, specs []fieldSpec, m ColumnMapping) (*csvRows, error) {
	r := csv.NewReader(in.body)
	r.Comma = sniffDelimiter(in.head)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, &RowError{Line: 0, Reason: "empty file"}
	}
	if err != nil {
		return nil, csvError(err)
	}
	c := &csvRows{r: r, header: slices.Clone(header), cols: map[string]int{}}
	folded := make([]string, len(header))
	for i, h := range header {
		folded[i] = foldKey(h)
	}
	for _, spec := range specs {
		for _, name := range candidates(spec, m) {
			if i := slices.Index(folded, name); i >= 0 {
				c.cols[spec.name] = i
				break
			}
		}
		if _, ok := c.cols[spec.name]; ok {
			continue
		}
		if col, mapped := m[spec.name]; mapped {
			return nil, &RowError{Line: 1, Reason: fmt.Sprintf("mapping %s=%s: no such column (columns: %s)", spec.name, col, strings.Join(c.header, ", "))}
		}
		if spec.required {
			return nil, &RowError{Line: 1, Reason: fmt.Sprintf("no %s column (columns: %s; use --map %s=COLUMN)", spec.name, strings.Join(c.header, ", "), spec.name)}
		}
	}
	return c, nil
}

// next reads the next record. It returns io.EOF at the end, a *RowError
// for a row whose field count differs from the header's (skip it), and
// fatal for a malformed file the reader cannot resynchronise in.
func (c *csvRows) next() (skip *RowError, fatal error) {
	rec, err := c.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		return nil, csvError(err)
	}
	c.rec = rec
	c.line, _ = c.r.FieldPos(0)
	if len(rec) != len(c.header) {
		return &RowError{Line: c.line, Reason: fmt.Sprintf("row has %d fields, header has %d", len(rec), len(c.header))}, nil
	}
	return nil, nil
}

// get returns the trimmed value of a field, "" when it has no column.
func (c *csvRows) get(field string) string {
	if i, ok := c.cols[field]; ok && i < len(c.rec) {
		return strings.TrimSpace(c.rec[i])
	}
	return ""
}

// lineOf returns the line a field's cell starts on: after a multi-line
// quoted cell that is later than the record's first line.
func (c *csvRows) lineOf(field string) int {
	if i, ok := c.cols[field]; ok && i < len(c.rec) {
		line, _ := c.r.FieldPos(i)
		return line
	}
	return c.line
}

// csvError turns a csv.Reader error into a RowError at its line.
func csvError(err error) *RowError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &RowError{Line: pe.Line, Reason: "CSV: " + pe.Err.Error()}
	}
	return &RowError{Reason: "reading: " + err.Error()}
}

// streamCSV drives a CSV file through build, collecting row errors. A
// malformed quote ends the file (the reader cannot find the next row
// reliably); a wrong field count or a bad value skips the row.
func streamCSV(in input, specs []fieldSpec, m ColumnMapping, c *collector, build func(row) error) error {
	rows, err := openCSV(in, specs, m)
	if err != nil {
		var re *RowError
		errors.As(err, &re)
		c.add(re.Line, "%s", re.Reason)
		return nil
	}
	for {
		skip, fatal := rows.next()
		var re *RowError
		switch {
		case errors.Is(fatal, io.EOF):
			return nil
		case errors.As(fatal, &re):
			c.add(re.Line, "%s", re.Reason)
			return nil
		case skip != nil:
			if c.add(skip.Line, "%s", skip.Reason) {
				return nil
			}
			continue
		}
		if err := handle(c, rows.line, build(rows)); err != nil {
			if errors.Is(err, errStop) {
				return nil
			}
			return err
		}
	}
}
