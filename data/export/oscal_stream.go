package export

import (
	"bytes"
	"encoding"
	"encoding/json"
	"io"
	"reflect"
	"strings"
)

// streamFewElements is the slice length up to which streamJSON descends
// into the elements; longer slices (observations, risks, findings, POA&M
// items) are encoded one element at a time. Descending only into short
// slices keeps the per-element work inside encoding/json's cached
// encoders.
const streamFewElements = 16

// jsonStreamer writes a value as compact JSON, byte for byte what a
// json.Encoder with SetEscapeHTML(false) writes, but without ever holding
// the whole document: json.Encoder marshals the complete value into one
// growing buffer before writing (at engagement scale tens of megabytes,
// regrown and copied a dozen times), while this writes the containers
// itself and hands encoding/json one small piece at a time.
type jsonStreamer struct {
	w   io.Writer
	buf bytes.Buffer
	enc *json.Encoder
	err error
}

// streamJSON writes v to w as compact JSON followed by a newline, as
// json.Encoder.Encode does.
func streamJSON(w io.Writer, v any) error {
	s := &jsonStreamer{w: w}
	s.enc = json.NewEncoder(&s.buf)
	s.enc.SetEscapeHTML(false)
	s.value(reflect.ValueOf(v))
	s.raw("\n")
	return s.err
}

func (s *jsonStreamer) raw(str string) {
	if s.err == nil {
		_, s.err = io.WriteString(s.w, str)
	}
}

// leaf encodes v whole through encoding/json, without its newline.
func (s *jsonStreamer) leaf(v reflect.Value) {
	if s.err != nil {
		return
	}
	s.buf.Reset()
	if s.err = s.enc.Encode(v.Interface()); s.err != nil {
		return
	}
	_, s.err = s.w.Write(bytes.TrimSuffix(s.buf.Bytes(), []byte("\n")))
}

// custom reports whether encoding/json would call a marshaler on t, in
// which case the value is always encoded whole.
func custom(t reflect.Type) bool {
	m := reflect.TypeFor[json.Marshaler]()
	tm := reflect.TypeFor[encoding.TextMarshaler]()
	pt := reflect.PointerTo(t)
	return t.Implements(m) || t.Implements(tm) || pt.Implements(m) || pt.Implements(tm)
}

func (s *jsonStreamer) value(v reflect.Value) {
	if custom(v.Type()) {
		s.leaf(v)
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			s.raw("null")
			return
		}
		s.value(v.Elem())
	case reflect.Struct:
		s.object(v)
	case reflect.Slice:
		s.array(v)
	default:
		s.leaf(v)
	}
}

func (s *jsonStreamer) array(v reflect.Value) {
	et := v.Type().Elem()
	if v.IsNil() || et.Kind() == reflect.Uint8 || (et.Kind() != reflect.Struct && et.Kind() != reflect.Pointer) {
		s.leaf(v) // null, base64 bytes, or a slice of scalars
		return
	}
	s.raw("[")
	for i := range v.Len() {
		if i > 0 {
			s.raw(",")
		}
		if v.Len() <= streamFewElements {
			s.value(v.Index(i))
		} else {
			s.leaf(v.Index(i))
		}
	}
	s.raw("]")
}

// object writes a struct field by field. Only structs whose every field
// is exported and carries a plain json name are taken apart; anything
// else (embedded fields, "-", ",string") is encoded whole.
func (s *jsonStreamer) object(v reflect.Value) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || f.Anonymous || name == "" || name == "-" || (opts != "" && opts != "omitempty") {
			s.leaf(v)
			return
		}
	}
	s.raw("{")
	first := true
	for i := range t.NumField() {
		name, opts, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		fv := v.Field(i)
		if opts == "omitempty" && emptyJSON(fv) {
			continue
		}
		if !first {
			s.raw(",")
		}
		first = false
		s.leaf(reflect.ValueOf(name))
		s.raw(":")
		s.value(fv)
	}
	s.raw("}")
}

// emptyJSON is encoding/json's omitempty test.
func emptyJSON(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}
