package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// The registers are built once as slices of row structs; CSV and JSON are
// both derived from them, so the two formats always carry the same fields
// under the same names (the json tag). SCHEMA.md documents them.

// register is one register ready to encode.
type register struct {
	name string // file base name: csv/<name>.csv, json/<name>.json
	rows any    // a slice of row structs
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

// encodeCSV writes rows (a slice of structs) as CSV with a header row.
func encodeCSV(rows any) ([]byte, error) {
	rv := reflect.ValueOf(rows)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(columns(rv.Type().Elem())); err != nil {
		return nil, err
	}
	rec := make([]string, rv.Type().Elem().NumField())
	for i := range rv.Len() {
		row := rv.Index(i)
		for j := range rec {
			rec[j] = csvSafe(cellString(row.Field(j)))
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// jsonEnvelope wraps a register so that a script knows what it holds.
type jsonEnvelope struct {
	Schema     string `json:"schema"`
	Client     string `json:"client"`
	Engagement string `json:"engagement"`
	AsOf       string `json:"as_of"`
	Count      int    `json:"count"`
	Items      any    `json:"items"`
}

// encodeJSON writes a register in its envelope, indented, with a final
// newline. HTML characters are not escaped (the files are data, not HTML).
func (v *view) encodeJSON(r register) ([]byte, error) {
	rv := reflect.ValueOf(r.rows)
	items := r.rows
	if rv.Len() == 0 {
		items = []struct{}{} // [] rather than null
	}
	env := jsonEnvelope{Schema: "auditwalk." + r.name + "/1", Client: v.b.Engagement.Client,
		Engagement: v.b.Engagement.Name, AsOf: string(v.asOf), Count: rv.Len(), Items: items}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(env); err != nil {
		return nil, fmt.Errorf("export: json/%s.json: %w", r.name, err)
	}
	return buf.Bytes(), nil
}

// csvFiles renders csv/<register>.csv for every register; tasks.csv leads
// with the tracker import columns.
func (v *view) csvFiles() ([]Document, error) {
	var out []Document
	for _, r := range v.registers() {
		data, err := encodeCSV(r.rows)
		if err != nil {
			return nil, fmt.Errorf("export: csv/%s.csv: %w", r.name, err)
		}
		out = append(out, Document{Name: "csv/" + r.name + ".csv", Title: r.name + " (CSV)", Format: FormatCSV, Content: data})
	}
	return out, nil
}

// jsonFiles renders json/<register>.json for every register.
func (v *view) jsonFiles() ([]Document, error) {
	var out []Document
	for _, r := range v.registers() {
		data, err := v.encodeJSON(r)
		if err != nil {
			return nil, err
		}
		out = append(out, Document{Name: "json/" + r.name + ".json", Title: r.name + " (JSON)", Format: FormatJSON, Content: data})
	}
	return out, nil
}
