package questionnaires

import (
	"fmt"
	"strings"
	"sync"
	"text/template"

	"auditwalk/model"
)

// NarrativeRenderer renders control narratives like RenderNarrative but
// parses each control's template once and reuses it for every subject: an
// export renders one narrative per control per in-scope system (tens of
// thousands), and parsing dominated. Make one per export (or per pack); it
// is safe for concurrent use.
type NarrativeRenderer struct {
	mu      sync.Mutex
	entries map[string]*narrativeEntry
}

// narrativeEntry is one control's parsed template and the binding its
// functions read.
type narrativeEntry struct {
	text string
	t    *template.Template
	b    *binding
}

// NewNarrativeRenderer returns an empty renderer.
func NewNarrativeRenderer() *NarrativeRenderer {
	return &NarrativeRenderer{entries: map[string]*narrativeEntry{}}
}

// Render renders ctl's narrative for data's subject; see RenderNarrative.
func (r *NarrativeRenderer) Render(ctl *model.Control, data NarrativeData) (string, error) {
	if ctl == nil || data.Pack == nil {
		return "", fmt.Errorf("render narrative: control and pack are required")
	}
	text := ctl.Narrative
	if strings.TrimSpace(text) == "" {
		text = defaultNarrative
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	e, err := r.entry(ctl.ID, text)
	if err != nil {
		return "", err
	}
	// The functions read the binding at call time; the lock keeps another
	// Render from rebinding mid-execution.
	e.b.ctl, e.b.d = ctl, data
	defer func() { e.b.ctl, e.b.d = nil, NarrativeData{} }()
	var b strings.Builder
	if err := e.t.Execute(&b, dot(ctl, data)); err != nil {
		return "", fmt.Errorf("control %s narrative: %w", ctl.ID, err)
	}
	return tidy(b.String()), nil
}

// entry returns the parsed template for a control id and text, parsing it
// the first time (or again if the text changed, as a pack reload may).
func (r *NarrativeRenderer) entry(id, text string) (*narrativeEntry, error) {
	if e, ok := r.entries[id]; ok && e.text == text {
		return e, nil
	}
	b := &binding{}
	t, err := template.New(id).Option("missingkey=error").Funcs(boundFuncMap(b)).Parse(text)
	if err != nil {
		return nil, fmt.Errorf("control %s narrative: %w", id, err)
	}
	e := &narrativeEntry{text: text, t: t, b: b}
	r.entries[id] = e
	return e, nil
}
