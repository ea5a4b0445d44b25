package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"auditwalk/model"
)

// headerScanRows is how many records may sit above the header (titles,
// export banners, blank rows) before the reader gives up looking for it.
const headerScanRows = 30

// record is a CSV record kept while looking for the header.
type record struct {
	line  int
	cells []string
	err   error
}

func newCSVReader(r io.Reader, comma rune) *csv.Reader {
	cr := csv.NewReader(r)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return cr
}

// detectComma picks the delimiter under which the head of the file has the
// best header row; ties go to the delimiter that splits it into more cells.
func detectComma[T any](head []byte, sc *schema[T]) rune {
	lk := sc.lookup()
	best, bestScore, bestCells := ',', -1, 0
	for _, comma := range []rune{',', ';', '\t', '|'} {
		cr := newCSVReader(bytes.NewReader(head), comma)
		cr.LazyQuotes = true // sniffing only: a cut-off last record is expected
		var recs []record
		for len(recs) < headerScanRows {
			rec, err := cr.Read()
			if err != nil {
				break
			}
			recs = append(recs, record{cells: slices.Clone(rec)})
		}
		i, score := pickHeader(recs, lk, sc.name)
		if i < 0 {
			continue
		}
		if n := len(recs[i].cells); score > bestScore || score == bestScore && n > bestCells {
			best, bestScore, bestCells = comma, score, n
		}
	}
	return best
}

// pickHeader returns the index of the record that names the most known
// columns, among those that have a name column, and its score; -1 if none.
func pickHeader(recs []record, lk map[string]int, nameField int) (int, int) {
	best, bestScore := -1, 0
	for i, r := range recs {
		if r.err != nil {
			continue
		}
		var seen fieldSet
		score := 0
		for _, c := range r.cells {
			if f := matchHeader(lk, c); f >= 0 && !seen.has(f) {
				seen.add(f)
				score++
			}
		}
		if seen.has(nameField) && score > bestScore {
			best, bestScore = i, score
		}
	}
	return best, bestScore
}

// readCSV streams a delimited file: it finds the header among the first
// records, then binds every data record, skipping blank rows and the notes
// spreadsheets carry below the data.
func readCSV[T any](name string, r io.Reader, comma rune, sc *schema[T], t *table[T]) error {
	cr := newCSVReader(r, comma)
	var buf []record
	for len(buf) < headerScanRows {
		rec, line, err := nextRecord(cr)
		if err == io.EOF {
			break
		}
		if err != nil && !isParseError(err) {
			return fmt.Errorf("%s: %w", name, err)
		}
		buf = append(buf, record{line: line, cells: slices.Clone(rec), err: err})
	}
	b := newBinder(sc, t)
	hi, _ := pickHeader(buf, b.lk, sc.name)
	if hi < 0 {
		return fmt.Errorf("%s: no header row found in the first %d rows (expected a column such as %s)", name, headerScanRows, sc.hint)
	}
	for _, h := range buf[hi].cells {
		b.addColumn(h, buf[hi].line)
	}
	st := noteState[T]{b: b}
	for _, rec := range buf[hi+1:] {
		st.feed(rec.line, rec.cells, rec.err)
	}
	for {
		rec, line, err := nextRecord(cr)
		if err == io.EOF {
			return nil
		}
		if err != nil && !isParseError(err) {
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
		st.feed(line, rec, err)
	}
}

// nextRecord reads a record and the line it starts on.
func nextRecord(cr *csv.Reader) ([]string, int, error) {
	rec, err := cr.Read()
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, pe.StartLine, err
	}
	if err != nil {
		return nil, 0, err
	}
	line, _ := cr.FieldPos(0)
	return rec, line, nil
}

func isParseError(err error) bool {
	var pe *csv.ParseError
	return errors.As(err, &pe)
}

// noteState tells data rows from the blank rows and notes below the data.
type noteState[T any] struct {
	b   *binder[T]
	gap bool // a blank row was seen since the last data row
}

// feed binds one record unless it is blank or a note; a malformed record is
// rejected.
func (st *noteState[T]) feed(line int, cells []string, err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		st.b.t.errs.add(line, "malformed CSV at line %d, column %d: %v (quote the whole cell and double any quote inside it)", pe.Line, pe.Column, pe.Err)
		st.gap = false
		return
	}
	first, n := "", 0
	for _, c := range cells {
		if c = strings.TrimSpace(c); c != "" {
			if n == 0 {
				first = c
			}
			n++
		}
	}
	if n == 0 {
		st.gap = true
		return
	}
	if n == 1 && (st.gap || isNoteText(first)) || st.gap && st.nameBlank(cells) {
		st.b.t.warns.add(line, "row ignored as a note below the data: %q", short(model.CleanLine(first)))
		return
	}
	st.gap = false
	st.b.bind(line, cells)
}

// nameBlank reports whether the record has no value in the name column.
func (st *noteState[T]) nameBlank(cells []string) bool {
	for i, c := range st.b.cols {
		if c.field == st.b.sc.name {
			return i >= len(cells) || strings.TrimSpace(cells[i]) == ""
		}
	}
	return true
}

// isNoteText reports whether a lone cell reads like a note, a footnote or a
// total rather than a record: "* estimated", "Note: ...", "Prepared by ...".
// Single words must be followed by punctuation so "Notes app" stays a name.
func isNoteText(s string) bool {
	if strings.HasPrefix(s, "*") || strings.HasPrefix(s, "†") || strings.HasPrefix(s, "#") {
		return true
	}
	k := normKey(s)
	for _, p := range []string{"prepared by", "generated by", "generated on", "exported by", "exported on", "exported from", "last updated", "end of", "source data"} {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	low := strings.ToLower(s)
	for _, p := range []string{"note", "notes", "nb", "n.b.", "source", "sources", "total", "totals", "updated", "see"} {
		if rest, ok := strings.CutPrefix(low, p); ok {
			rest = strings.TrimLeft(rest, " ")
			if rest == "" || rest[0] == ':' || rest[0] == '-' || rest[0] == '=' {
				return true
			}
		}
	}
	return false
}
