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
	if v.Type().Implements(reflect.TypeFor[lazyArray]()) {
		s.lazy(v.Interface().(lazyArray))
		return
	}
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

// lazy writes a lazy array, building and encoding one element at a time.
func (s *jsonStreamer) lazy(a lazyArray) {
	s.raw("[")
	for i := range a.seqLen() {
		if i > 0 {
			s.raw(",")
		}
		s.leaf(reflect.ValueOf(a.seqAt(i)))
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

// emptyJSON is encoding/json's omitempty test, extended to lazy arrays.
func emptyJSON(v reflect.Value) bool {
	if a, ok := v.Interface().(lazyArray); ok {
		return a.seqLen() == 0
	}
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

// lazyArray is a JSON array whose elements are built as it is written.
type lazyArray interface {
	seqLen() int
	seqAt(i int) any
}

// oSeq is an array of n elements that at builds one at a time, as
// streamJSON writes them: an assessment of a large engagement has tens of
// thousands of observations, findings and risks, and holding them all at
// once costs hundreds of megabytes and the time to scan them. streamJSON
// writes an oSeq exactly as encoding/json writes the slice it stands for
// (an empty oSeq counts as empty for omitempty).
type oSeq[T any] struct {
	n  int
	at func(i int) T
}

// seqOf is the lazy array of n elements at(0) ... at(n-1).
func seqOf[T any](n int, at func(i int) T) oSeq[T] { return oSeq[T]{n: n, at: at} }

func (q oSeq[T]) seqLen() int     { return q.n }
func (q oSeq[T]) seqAt(i int) any { return q.at(i) }

// MarshalJSON builds the whole array, for encoders other than streamJSON.
// It does not escape HTML; an encoder that does escapes it afterwards.
func (q oSeq[T]) MarshalJSON() ([]byte, error) {
	all := make([]T, q.n)
	for i := range all {
		all[i] = q.at(i)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(all); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
