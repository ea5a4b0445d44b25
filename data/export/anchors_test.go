package export

import (
	"maps"
	"testing"

	"auditwalk/model"
)

// Documents link to the exception register through anchors computed
// before it is rendered (so documents can be rendered concurrently); they
// must be the anchors its headings get, whatever the titles and
// severities.
func TestExceptionAnchorsMatchTheRegisterHeadings(t *testing.T) {
	b := fixtureBundle(identity)
	n := int64(len(b.Exceptions))
	b.Exceptions = append(b.Exceptions,
		model.Exception{ID: n + 100, Title: "Summary", Severity: model.SeverityHigh, Status: model.StatusOpen},
		model.Exception{ID: n + 101, Title: "Summary", Severity: "odd", Status: model.StatusOpen},
		model.Exception{ID: n + 102, Title: "", Severity: "", Status: model.StatusOpen})
	v, err := newView(&b)
	if err != nil {
		t.Fatal(err)
	}
	_, got := v.renderExceptionsAnchors()
	if len(got) != len(b.Exceptions) {
		t.Fatalf("register has %d exception headings, want %d", len(got), len(b.Exceptions))
	}
	if !maps.Equal(got, v.exAnchor) {
		t.Errorf("rendered anchors %v\nprecomputed %v", got, v.exAnchor)
	}
}
