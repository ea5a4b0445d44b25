package records

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// jsonShape is how records are laid out in a JSON file.
type jsonShape int

const (
	shapeLines   jsonShape = iota // one object per line (JSONL)
	shapeArray                    // a top-level array of objects
	shapeWrapped                  // an object holding the records in an array under a container key
	shapeStream                   // concatenated, possibly pretty-printed, objects
)

// containerKeys are the keys under which known formats and common exports
// put their array of records: CloudTrail "Records", Azure "records", the
// OpenAI list object's "data", Cloud Logging's "entries".
func containerKeys() []string {
	return []string{"Records", "records", "data", "entries", "changes", "reviews"}
}

// jsonHead is what the first bytes of a JSON file tell about it.
type jsonHead struct {
	shape     jsonShape
	container string
	// fields maps the lowercased dotted path of each key of the first
	// record (nested up to three levels) to its value when a string.
	fields map[string]string
}

// maxHeadDepth bounds how deep analyseJSON descends into the first record.
const maxHeadDepth = 3

// analyseJSON reads the first record of JSON text (head starts at '{' or
// '['; it may be cut anywhere) to find the shape and the record's keys.
func analyseJSON(head []byte) jsonHead {
	h := jsonHead{shape: shapeStream, fields: map[string]string{}}
	dec := json.NewDecoder(bytes.NewReader(head))
	tok, err := dec.Token()
	if err != nil {
		return h
	}
	if tok == json.Delim('[') {
		h.shape = shapeArray
		if t, err := dec.Token(); err == nil && t == json.Delim('{') {
			scanObject(dec, "", 1, h.fields)
		}
		return h
	}
	for dec.More() {
		t, err := dec.Token()
		key, ok := t.(string)
		if err != nil || !ok {
			break
		}
		if isContainer(key) {
			if wrapped, done := h.tryContainer(dec, key); wrapped || done {
				return h
			}
			continue
		}
		if scanValue(dec, strings.ToLower(key), 1, h.fields) != nil {
			break
		}
	}
	if line, _, _ := bytes.Cut(head, []byte{'\n'}); json.Valid(line) {
		h.shape = shapeLines
	}
	return h
}

// tryContainer looks at the value of a container key: an array of objects
// (or an empty array) makes the file wrapped, and its first element the
// record analysed. done is set when the head ended or broke.
func (h *jsonHead) tryContainer(dec *json.Decoder, key string) (wrapped, done bool) {
	t, err := dec.Token()
	if err != nil {
		return false, true
	}
	if t != json.Delim('[') {
		if d, ok := t.(json.Delim); ok { // an object under a container key: a record field after all
			return false, skipOpen(dec, d) != nil
		}
		h.fields[strings.ToLower(key)] = fmt.Sprint(t)
		return false, false
	}
	first, err := dec.Token()
	switch {
	case err != nil:
		return false, true
	case first == json.Delim('{'):
		h.shape, h.container, h.fields = shapeWrapped, key, map[string]string{}
		scanObject(dec, "", 1, h.fields)
		return true, true
	case first == json.Delim(']'):
		h.shape, h.container, h.fields = shapeWrapped, key, map[string]string{}
		return true, true
	}
	// an array of scalars is a record field, not a container
	h.fields[strings.ToLower(key)] = ""
	if d, ok := first.(json.Delim); ok {
		if skipOpen(dec, d) != nil {
			return false, true
		}
	}
	return false, skipOpen(dec, json.Delim('[')) != nil
}

func isContainer(key string) bool {
	for _, k := range containerKeys() {
		if k == key {
			return true
		}
	}
	return false
}

// scanObject records the keys of an object whose '{' was consumed, up to
// its '}'. Errors (a cut-off head) end the scan quietly.
func scanObject(dec *json.Decoder, prefix string, depth int, fields map[string]string) error {
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := t.(string)
		if err := scanValue(dec, prefix+strings.ToLower(key), depth, fields); err != nil {
			return err
		}
	}
	_, err := dec.Token()
	return err
}

// scanValue records path and descends into objects up to maxHeadDepth.
func scanValue(dec *json.Decoder, path string, depth int, fields map[string]string) error {
	t, err := dec.Token()
	if err != nil {
		return err
	}
	switch v := t.(type) {
	case string:
		fields[path] = v
	case json.Delim:
		fields[path] = ""
		if v == '{' && depth < maxHeadDepth {
			return scanObject(dec, path+".", depth+1, fields)
		}
		return skipOpen(dec, v)
	default:
		fields[path] = ""
	}
	return nil
}

// skipOpen skips the rest of an array or object whose opening delimiter was
// consumed.
func skipOpen(dec *json.Decoder, open json.Delim) error {
	if open != '{' && open != '[' {
		return nil
	}
	depth := 1
	for depth > 0 {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}
