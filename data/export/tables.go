package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The registers are built once as slices of row structs; CSV and JSON are
// both derived from them, so the two formats always carry the same fields
// under the same names (the json tag). SCHEMA.md documents them.

// register is one register ready to encode. Its rows are built on first
// use, shared by the CSV and JSON files, and dropped once both have used
// them (a large engagement's rows take megabytes the rest of the export
// can use).
type register struct {
	name string // file base name: csv/<name>.csv, json/<name>.json
	n    int    // about how many rows, to weigh the files
	// build returns the slice of row structs.
	build func() any
	mu    sync.Mutex
	rows  any
	users int // files still to use the rows
}

// use calls f with the rows, building them if needed, and drops them
// after the last of the register's users. Safe for concurrent use.
func (r *register) use(f func(rows any) error) error {
	r.mu.Lock()
	if r.rows == nil {
		r.rows = r.build()
	}
	rows := r.rows
	r.mu.Unlock()
	err := f(rows)
	r.mu.Lock()
	if r.users--; r.users <= 0 {
		r.rows = nil
	}
	r.mu.Unlock()
	return err
}

// csvSafe guards a cell against spreadsheet formula injection: a cell that
// starts with = + - @, a tab or a carriage return gets a leading single
// quote, which spreadsheets show as text (OWASP's advice).
func csvSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// cellString renders one field for CSV: lists are joined with "; ", times
// are RFC 3339 UTC, zero times and zero ids are empty.
func cellString(f reflect.Value) string {
	switch f.Kind() {
	case reflect.String:
		return f.String()
	case reflect.Bool:
		return strconv.FormatBool(f.Bool())
	case reflect.Int, reflect.Int64, reflect.Int32:
		return strconv.FormatInt(f.Int(), 10)
	case reflect.Float64:
		return strconv.FormatFloat(f.Float(), 'f', -1, 64)
	case reflect.Slice:
		parts := make([]string, f.Len())
		for i := range parts {
			parts[i] = cellString(f.Index(i))
		}
		return strings.Join(parts, "; ")
	case reflect.Pointer:
		if f.IsNil() {
			return ""
		}
		return cellString(f.Elem())
	}
	if t, ok := f.Interface().(time.Time); ok {
		return rfc3339(t)
	}
	return fmt.Sprint(f.Interface())
}

// rfc3339 renders a time in UTC; zero is empty.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// columns returns the json names of a row struct type's fields.
func columns(t reflect.Type) []string {
	out := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		out = append(out, name)
	}
	return out
}

// encodeCSV writes rows (a slice of structs) to w as CSV with a header
// row.
func encodeCSV(w io.Writer, rows any) error {
	rv := reflect.ValueOf(rows)
	cw := csv.NewWriter(w)
	if err := cw.Write(columns(rv.Type().Elem())); err != nil {
		return err
	}
	rec := make([]string, rv.Type().Elem().NumField())
	for i := range rv.Len() {
		row := rv.Index(i)
		for j := range rec {
			rec[j] = csvSafe(cellString(row.Field(j)))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// encodeJSON writes a register to w in its envelope
//
//	{"schema": "auditwalk.<register>/1", "client": ..., "engagement": ...,
//	"as_of": ..., "count": N, "items": [...]}
//
// indented by two spaces, with a final newline: byte for byte what
// json.Encoder with SetIndent("", "  ") writes for the whole envelope, but
// one item at a time, so a register is never held in memory as JSON. HTML
// characters are not escaped (the files are data, not HTML).
func (v *view) encodeJSON(w io.Writer, name string, rows any) error {
	rv := reflect.ValueOf(rows)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	encode := func(x any) ([]byte, error) {
		buf.Reset()
		if err := enc.Encode(x); err != nil {
			return nil, err
		}
		return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
	}
	var head strings.Builder
	head.WriteString("{")
	for _, f := range [][2]string{{"schema", "auditwalk." + name + "/1"}, {"client", v.b.Engagement.Client},
		{"engagement", v.b.Engagement.Name}, {"as_of", string(v.asOf)}} {
		val, err := encode(f[1])
		if err != nil {
			return err
		}
		head.WriteString("\n  \"" + f[0] + "\": " + string(val) + ",")
	}
	head.WriteString("\n  \"count\": " + strconv.Itoa(rv.Len()) + ",\n  \"items\": ")
	if rv.Len() == 0 {
		_, err := io.WriteString(w, head.String()+"[]\n}\n")
		return err
	}
	if _, err := io.WriteString(w, head.String()+"[\n    "); err != nil {
		return err
	}
	// An item sits two levels deep: every line after its first is
	// prefixed with two indents.
	enc.SetIndent("    ", "  ")
	for i := range rv.Len() {
		if i > 0 {
			if _, err := io.WriteString(w, ",\n    "); err != nil {
				return err
			}
		}
		item, err := encode(rv.Index(i).Interface())
		if err != nil {
			return err
		}
		if _, err := w.Write(item); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "\n  ]\n}\n")
	return err
}

// csvFiles lists csv/<register>.csv for every register; tasks.csv leads
// with the tracker import columns.
func (v *view) csvFiles(regs []*register) []Document {
	var out []Document
	for _, r := range regs {
		name := "csv/" + r.name + ".csv"
		out = append(out, lazy(name, r.name+" (CSV)", FormatCSV, r.n, func(w io.Writer) error {
			if err := r.use(func(rows any) error { return encodeCSV(w, rows) }); err != nil {
				return fmt.Errorf("export: %s: %w", name, err)
			}
			return nil
		}))
	}
	return out
}

// jsonFiles lists json/<register>.json for every register.
func (v *view) jsonFiles(regs []*register) []Document {
	var out []Document
	for _, r := range regs {
		name := "json/" + r.name + ".json"
		out = append(out, lazy(name, r.name+" (JSON)", FormatJSON, 2*r.n, func(w io.Writer) error {
			if err := r.use(func(rows any) error { return v.encodeJSON(w, r.name, rows) }); err != nil {
				return fmt.Errorf("export: %s: %w", name, err)
			}
			return nil
		}))
	}
	return out
}
