package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"auditwalk/model"
)

// sniffSize is how much of a file is examined to detect its format,
// delimiter and encoding before streaming the rest.
const sniffSize = 64 << 10

// row is one accepted record of kind T.
type row[T any] struct {
	line int
	v    T
	set  fieldSet
}

// table is what a reader produces, before it is wrapped in the exported
// file type of its kind.
type table[T any] struct {
	format string
	// keep receives each accepted row; the caller stores it in its own
	// exported row type, so rows are held once, not copied at the end.
	keep  func(row[T])
	errs  issues
	warns issues
}

// readTable detects the format of r and reads its rows with schema sc.
func readTable[T any](name string, r io.Reader, format string, sc *schema[T], keep func(row[T])) (*table[T], error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	truncated := len(head) == sniffSize
	skipped := 0
	if bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")) {
		skipped = 3
		head = head[3:]
		if _, err := br.Discard(3); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	if err := checkText(name, head, skipped, truncated); err != nil {
		return nil, err
	}
	trimmed := bytes.TrimLeft(head, " \t\r\n\f")
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("%s: file is empty", name)
	}
	looksJSON := trimmed[0] == '[' || trimmed[0] == '{'
	t := &table[T]{keep: keep, errs: issues{file: name}, warns: issues{file: name}}
	switch strings.ToLower(strings.TrimPrefix(strings.TrimSpace(format), ".")) {
	case "", "auto":
		if looksJSON {
			t.format = "json"
			return t, readJSON(name, br, sc, t)
		}
		t.format = "csv"
		return t, readCSV(name, br, detectComma(head, sc), sc, t)
	case "json":
		if !looksJSON {
			return nil, fmt.Errorf("%s: not a JSON file (expected [ or { at the start)", name)
		}
		t.format = "json"
		return t, readJSON(name, br, sc, t)
	case "csv", "txt":
		t.format = "csv"
		return t, readCSV(name, br, detectComma(head, sc), sc, t)
	case "tsv", "tab":
		t.format = "csv"
		return t, readCSV(name, br, '\t', sc, t)
	}
	return nil, fmt.Errorf("%s: unknown format %q (use csv, tsv or json)", name, format)
}

// checkText rejects files that are not UTF-8 text, looking at the head of
// the file; offsets in messages count from the start of the file (skipped
// is the length of a byte-order mark already removed).
func checkText(name string, head []byte, skipped int, truncated bool) error {
	switch {
	case skipped == 0 && (bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF})):
		return fmt.Errorf(`%s: file is UTF-16 text; save it as UTF-8 ("CSV UTF-8" in Excel)`, name)
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return fmt.Errorf(`%s: not a CSV or JSON file (it looks like an Excel workbook or a zip archive; export the sheet as "CSV UTF-8")`, name)
	}
	bad, isBinary := badByte(head)
	u, notUTF8 := badUTF8(head, truncated)
	if isBinary {
		if notUTF8 && u < bad {
			bad = u // the garbage starts at the first byte that is not text
		}
		return fmt.Errorf("%s: not a CSV or JSON file (binary data at byte %d)", name, bad+skipped)
	}
	if i := u; notUTF8 {
		return fmt.Errorf(`%s: not UTF-8 text (byte 0x%02X at byte %d); save it as UTF-8 ("CSV UTF-8" in Excel)`, name, head[i], i+skipped)
	}
	return nil
}

// column is one column of the file: its title as written and the field it
// maps to (-1 for unknown columns, whose values go to notes).
type column struct {
	title string
	field int
}

// binder turns the cells of a record into a row of T, reporting problems.
type binder[T any] struct {
	sc    *schema[T]
	lk    map[string]int
	cols  []column
	taken fieldSet
	byKey map[string]int // JSON keys seen so far → column
	notes int            // index of the notes field
	t     *table[T]
	// warnedExtra is set once values beyond the header were reported.
	warnedExtra bool
}

func newBinder[T any](sc *schema[T], t *table[T]) *binder[T] {
	b := &binder[T]{sc: sc, lk: sc.lookup(), t: t, byKey: map[string]int{}, notes: -1}
	for i, f := range sc.fields {
		if f.key == "notes" {
			b.notes = i
		}
	}
	return b
}

// addColumn maps a header title to a field and warns, once, about unknown or
// repeated columns.
func (b *binder[T]) addColumn(title string, line int) int {
	title = strings.Join(strings.Fields(model.CleanLine(title)), " ")
	c := column{title: title, field: -1}
	if title == "" {
		c.title = fmt.Sprintf("Column %d", len(b.cols)+1)
	} else if f := matchHeader(b.lk, title); f >= 0 && !b.taken.has(f) {
		c.field = f
		b.taken.add(f)
	} else if f >= 0 {
		b.t.warns.add(line, "column %q repeats another column for %s; its values are kept in notes", short(title), b.sc.fields[f].label)
	} else {
		b.t.warns.add(line, "unknown column %q; its values are kept in notes", short(title))
	}
	b.cols = append(b.cols, c)
	return len(b.cols) - 1
}

// col returns column i, inventing a titled column for cells beyond the
// header.
func (b *binder[T]) col(i, line int) column {
	for len(b.cols) <= i {
		b.cols = append(b.cols, column{title: fmt.Sprintf("Column %d", len(b.cols)+1), field: -1})
	}
	if b.cols[i].field < 0 && strings.HasPrefix(b.cols[i].title, "Column ") && !b.warnedExtra {
		b.warnedExtra = true
		b.t.warns.add(line, "values in columns without a header are kept in notes")
	}
	return b.cols[i]
}

// bind parses one record's cells; a row with any bad cell is rejected with
// one error per bad cell, and nothing of it is kept.
func (b *binder[T]) bind(line int, cells []string) {
	r := row[T]{line: line}
	var notes []string
	ok := true
	for i, cell := range cells {
		v := strings.TrimSpace(cell)
		if v == "" {
			continue
		}
		c := b.col(i, line)
		if !textOK(v) {
			b.t.errs.add(line, "column %q: binary data or text that is not UTF-8", short(c.title))
			ok = false
			continue
		}
		if c.field < 0 {
			notes = append(notes, c.title+": "+strings.TrimSpace(model.CleanLine(v)))
			continue
		}
		if err := b.sc.fields[c.field].parse(v, &r.v); err != nil {
			b.t.errs.add(line, "column %q: %q %v", short(c.title), short(model.CleanLine(v)), err)
			ok = false
			continue
		}
		r.set.add(c.field)
	}
	nameField := b.sc.fields[b.sc.name]
	if strings.TrimSpace(nameField.get(&r.v)) == "" {
		b.t.errs.add(line, "column %q: a %s name is required", b.nameTitle(), b.sc.noun)
		return
	}
	if !ok {
		return
	}
	if len(notes) > 0 && b.notes >= 0 {
		p := b.sc.notes(&r.v)
		if *p != "" {
			*p += "\n"
		}
		*p += strings.Join(notes, "\n")
		r.set.add(b.notes)
	}
	b.t.keep(r)
}

// nameTitle is the title of the name column as the file spells it.
func (b *binder[T]) nameTitle() string {
	for _, c := range b.cols {
		if c.field == b.sc.name {
			return c.title
		}
	}
	return b.sc.fields[b.sc.name].label
}

// textOK reports whether a cell is text: valid UTF-8 without NUL bytes.
func textOK(v string) bool {
	return strings.IndexByte(v, 0) < 0 && utf8.ValidString(v)
}
