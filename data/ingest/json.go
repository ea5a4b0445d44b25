package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// readJSON streams an array of objects, or an object holding one under a
// key such as "systems", binding each object's keys as columns.
func readJSON[T any](name string, r io.Reader, sc *schema[T], t *table[T]) error {
	lt := &lineTracker{r: r, line: 1}
	dec := json.NewDecoder(lt)
	dec.UseNumber()
	fail := func(err error) error {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return fmt.Errorf("%s:%d: invalid JSON: %v", name, lt.lineAt(se.Offset), err)
		}
		if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("%s: invalid JSON: unexpected end of file", name)
		}
		return fmt.Errorf("%s:%d: invalid JSON: %v", name, lt.lineAt(dec.InputOffset()), err)
	}
	tok, err := dec.Token()
	if err != nil {
		return fail(err)
	}
	if tok == json.Delim('{') {
		if err := seekArray(dec, sc); err != nil {
			if strings.HasPrefix(err.Error(), "expected") {
				return fmt.Errorf("%s: %v", name, err)
			}
			return fail(err)
		}
	} else if tok != json.Delim('[') {
		return fmt.Errorf("%s: expected an array of objects or {%q: [...]}", name, sc.jsonKeys[0])
	}
	b := newBinder(sc, t)
	var cells []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		line := lt.lineAt(dec.InputOffset() - 1)
		if tok != json.Delim('{') {
			t.errs.add(line, "expected an object with the %s's fields, found %v", sc.noun, tokenKind(tok))
			if err := skipValue(dec, tok); err != nil {
				return fail(err)
			}
			continue
		}
		cells, err = readObject(dec, b, line, cells[:0])
		if err != nil {
			return fail(err)
		}
		if cells != nil {
			b.bind(line, cells)
		}
	}
	if _, err := dec.Token(); err != nil {
		return fail(err)
	}
	return nil
}

// seekArray advances past keys of a wrapper object to the array under one of
// the schema's keys.
func seekArray[T any](dec *json.Decoder, sc *schema[T]) error {
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		for _, k := range sc.jsonKeys {
			if normKey(key) == normKey(k) {
				tok, err := dec.Token()
				if err != nil {
					return err
				}
				if tok != json.Delim('[') {
					return fmt.Errorf("expected an array under %q", key)
				}
				return nil
			}
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return err
		}
	}
	return fmt.Errorf("expected an array of objects or {%q: [...]}", sc.jsonKeys[0])
}

// readObject reads the keys of one object (its '{' already read) into cells
// indexed by column. Values that cannot be cells are reported and the whole
// object yields nil.
func readObject[T any](dec *json.Decoder, b *binder[T], line int, cells []string) ([]string, error) {
	ok := true
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		i, seen := b.byKey[key]
		if !seen {
			i = b.addColumn(key, line)
			b.byKey[key] = i
		}
		v, err := jsonCell(raw)
		if err != nil {
			b.t.errs.add(line, "column %q: %v", short(b.cols[i].title), err)
			ok = false
			continue
		}
		for len(cells) <= i {
			cells = append(cells, "")
		}
		cells[i] = v
	}
	if _, err := dec.Token(); err != nil { // closing '}'
		return nil, err
	}
	if !ok {
		return nil, nil
	}
	return cells, nil
}

// jsonCell renders a JSON value as the cell text a spreadsheet would hold:
// lists become one item per line, booleans yes/no, null blank.
func jsonCell(raw json.RawMessage) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", err
	}
	if list, ok := v.([]any); ok {
		items := make([]string, 0, len(list))
		for _, it := range list {
			s, err := scalarCell(it)
			if err != nil {
				return "", err
			}
			items = append(items, s)
		}
		return strings.Join(items, "\n"), nil
	}
	return scalarCell(v)
}

func scalarCell(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case bool:
		return yesNo(x), nil
	}
	return "", fmt.Errorf("nested %s is not supported (use text, a number, true/false or a list)", tokenKind(v))
}

// tokenKind names a JSON value's kind for messages.
func tokenKind(v any) string {
	switch v.(type) {
	case json.Delim:
		if v == json.Delim('[') {
			return "a list"
		}
		return "an object"
	case []any:
		return "list"
	case map[string]any:
		return "object"
	case string:
		return "a string"
	case nil:
		return "null"
	}
	return "a " + fmt.Sprintf("%T", v)
}

// skipValue consumes the rest of a value whose first token was tok.
func skipValue(dec *json.Decoder, tok json.Token) error {
	d, ok := tok.(json.Delim)
	if !ok || (d != '[' && d != '{') {
		return nil
	}
	for depth := 1; depth > 0; {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		switch t {
		case json.Delim('['), json.Delim('{'):
			depth++
		case json.Delim(']'), json.Delim('}'):
			depth--
		}
	}
	return nil
}

// lineTracker counts lines in what the JSON decoder reads, so an object's
// byte offset can be turned into a line number. Offsets are asked for in
// increasing order, so only bytes past the last one asked are kept: memory
// stays bounded by the decoder's read-ahead, not the file.
type lineTracker struct {
	r       io.Reader
	pending []byte // bytes from start on, not yet counted
	start   int64  // offset of pending[0]
	line    int    // line at start
}

func (lt *lineTracker) Read(p []byte) (int, error) {
	n, err := lt.r.Read(p)
	lt.pending = append(lt.pending, p[:n]...)
	return n, err
}

// lineAt returns the 1-based line of byte offset off.
func (lt *lineTracker) lineAt(off int64) int {
	k := off - lt.start
	if k <= 0 {
		return lt.line
	}
	if k > int64(len(lt.pending)) {
		k = int64(len(lt.pending))
	}
	lt.line += bytes.Count(lt.pending[:k], []byte{'\n'})
	lt.pending = append(lt.pending[:0], lt.pending[k:]...)
	lt.start += k
	return lt.line
}
