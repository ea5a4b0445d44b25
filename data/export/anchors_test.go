package export

import (
	"bytes"
	"maps"
	"strings"
	"testing"

	"auditwalk/model"
)

// renderBuffered renders a document the plain way, body in memory.
func renderBuffered(t *testing.T, sp mdSpec) []byte {
	t.Helper()
	d := newDocSized(sp.title, sp.tocDepth, sp.headings)
	if err := sp.render(d); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := d.writeTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// awkwardBundle is the fixture with exceptions whose titles repeat and
// whose severities are unknown or unset.
func awkwardBundle() Bundle {
	b := fixtureBundle(identity)
	n := int64(len(b.Exceptions))
	b.Exceptions = append(b.Exceptions,
		model.Exception{ID: n + 100, Title: "Summary", Severity: model.SeverityHigh, Status: model.StatusOpen},
		model.Exception{ID: n + 101, Title: "Summary", Severity: "odd", Status: model.StatusOpen},
		model.Exception{ID: n + 102, Title: "", Severity: "", Status: model.StatusOpen})
	return b
}

// Documents link to the exception register through anchors taken from its
// outline before it is rendered (so documents can be rendered
// concurrently); they must be the anchors its headings get when rendered.
func TestExceptionAnchorsMatchTheRegisterHeadings(t *testing.T) {
	b := awkwardBundle()
	v, err := newView(&b)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]string{}
	renderBuffered(t, v.exceptionsSpec(got))
	if len(got) != len(b.Exceptions) {
		t.Fatalf("register has %d exception headings, want %d", len(got), len(b.Exceptions))
	}
	if !maps.Equal(got, v.exAnchor) {
		t.Errorf("rendered anchors %v\noutlined %v", got, v.exAnchor)
	}
}

// A streamed document (outline first, then straight to the writer) must be
// byte for byte the document rendered in memory, empty ones included.
func TestStreamedDocumentsMatchTheDocumentsRenderedInMemory(t *testing.T) {
	empty := fixtureBundle(identity)
	empty.Exceptions, empty.Answers, empty.Pack = nil, model.Answers{}, &model.Pack{}
	for name, b := range map[string]Bundle{"fixture": fixtureBundle(identity), "awkward": awkwardBundle(), "empty": empty} {
		v, err := newView(&b)
		if err != nil {
			t.Fatal(err)
		}
		for _, sp := range []mdSpec{v.narrativesSpec(), v.exceptionsSpec(nil)} {
			var got bytes.Buffer
			if err := writeStreamed(&got, sp, nil); err != nil {
				t.Fatal(err)
			}
			if want := renderBuffered(t, sp); !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s: %s streamed differs from in memory:\n%s\nwant:\n%s", name, sp.title, got.Bytes(), want)
			}
		}
	}
}

// A renderer whose headings change between the outline and the writing
// must fail, not write a contents list that points nowhere.
func TestStreamingFailsWhenHeadingsDifferFromTheOutline(t *testing.T) {
	calls := 0
	sp := mdSpec{title: "T", tocDepth: 2, render: func(d *mdDoc) error {
		calls++
		d.h(2, "Heading "+strings.Repeat("x", calls))
		return nil
	}}
	if err := writeStreamed(&bytes.Buffer{}, sp, nil); err == nil || !strings.Contains(err.Error(), "outline") {
		t.Fatalf("got %v, want an outline mismatch", err)
	}
}
