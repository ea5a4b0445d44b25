package export

import (
	"bytes"
	"encoding/json"
	"strconv"
	"testing"
	"time"
)

type streamInner struct {
	Name  string   `json:"name"`
	Tags  []string `json:"tags,omitempty"`
	Note  *string  `json:"note,omitempty"`
	Count int      `json:"count,omitempty"`
}

type streamOuter struct {
	ID      string            `json:"id"`
	Few     []streamInner     `json:"few"`
	Many    []streamInner     `json:"many,omitempty"`
	Nil     []streamInner     `json:"nil"`
	Ptr     *streamInner      `json:"ptr"`
	Empty   *streamInner      `json:"empty,omitempty"`
	Bytes   []byte            `json:"bytes"`
	Map     map[string]string `json:"map"`
	When    time.Time         `json:"when"`
	Escaped string            `json:"escaped"`
}

// streamUntagged cannot be taken apart field by field: streamJSON must
// encode it whole.
type streamUntagged struct {
	Tagged   []streamInner `json:"tagged"`
	Untagged string
	plain    int
}

// streamJSON must write exactly what json.Encoder (no HTML escaping)
// writes, whether it descends into a value or encodes it whole.
func TestStreamJSONMatchesEncoderByteForByte(t *testing.T) {
	note := "a <note> & \u2028"
	many := make([]streamInner, 40)
	for i := range many {
		many[i] = streamInner{Name: "n" + strconv.Itoa(i), Note: &note, Count: i}
	}
	values := []any{
		streamOuter{ID: "x", Few: []streamInner{{Name: "a", Tags: []string{"t"}}, {}}, Many: many,
			Ptr: &streamInner{Name: "p"}, Bytes: []byte("hi"), Map: map[string]string{"b": "1", "a": "2"},
			When: time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC), Escaped: "\"quote\" <tag>\n"},
		struct {
			A streamOuter   `json:"a"`
			B []streamOuter `json:"b"`
		}{B: []streamOuter{{}, {}}},
		&streamInner{Name: "ptr"},
		streamUntagged{Tagged: many, Untagged: "u", plain: 1},
	}
	for i, v := range values {
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		if err := streamJSON(&got, v); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(want.Bytes(), got.Bytes()) {
			t.Errorf("value %d:\nstream  %s\nencoder %s", i, got.Bytes(), want.Bytes())
		}
	}
}

// A lazy array must stream exactly as the slice it stands for encodes,
// including omitempty when it is empty; encoded whole by encoding/json
// (MarshalJSON) it must give the same bytes too.
func TestLazyArrayStreamsLikeTheSliceItStandsFor(t *testing.T) {
	type lazyDoc struct {
		ID    string            `json:"id"`
		Items oSeq[streamInner] `json:"items,omitempty"`
		None  oSeq[streamInner] `json:"none,omitempty"`
		Kept  oSeq[streamInner] `json:"kept"`
	}
	type sliceDoc struct {
		ID    string        `json:"id"`
		Items []streamInner `json:"items,omitempty"`
		None  []streamInner `json:"none,omitempty"`
		Kept  []streamInner `json:"kept"`
	}
	note := "<b> & \u2028"
	at := func(i int) streamInner { return streamInner{Name: "n" + strconv.Itoa(i), Note: &note, Count: i} }
	items := make([]streamInner, 40)
	for i := range items {
		items[i] = at(i)
	}
	lazy := lazyDoc{ID: "x", Items: seqOf(len(items), at), Kept: seqOf(1, at)}
	want := encodeNoHTMLEscape(t, sliceDoc{ID: "x", Items: items, Kept: items[:1]})
	var got bytes.Buffer
	if err := streamJSON(&got, lazy); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, got.Bytes()) {
		t.Errorf("stream:\n%s\nslices:\n%s", got.Bytes(), want)
	}
	whole := encodeNoHTMLEscape(t, lazy.Items)
	if wantItems := encodeNoHTMLEscape(t, items); !bytes.Equal(whole, wantItems) {
		t.Errorf("MarshalJSON:\n%s\nslice:\n%s", whole, wantItems)
	}
}

func encodeNoHTMLEscape(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
