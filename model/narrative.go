package model

import (
	"context"
	"time"
)

// Narrative is a control narrative edited in the app for one subject (the
// organisation or "system:<id>"). Generated is the generated text as it was
// when the edit was made, kept so a reader can compare the two.
type Narrative struct {
	ControlID string
	Subject   string
	Text      string
	Generated string
	EditedBy  string
	EditedAt  time.Time
}

// Key is how the trail and the review table name the narrative
// ("controlID@subject").
func (n Narrative) Key() string { return ReviewKey(n.ControlID, n.Subject) }

// NarrativeStore keeps edited narratives. Every change is durable when it
// returns nil and appends an activity record in the same transaction.
type NarrativeStore interface {
	// Narratives returns every edited narrative, by control then subject.
	Narratives(ctx context.Context) ([]Narrative, error)
	// SaveNarrative stores n's text (and the generated text it replaces),
	// stamping EditedBy and EditedAt from the store's actor and clock.
	SaveNarrative(ctx context.Context, n Narrative) (Narrative, error)
	// DeleteNarrative reverts a narrative to its generated text.
	DeleteNarrative(ctx context.Context, controlID, subject string) error
}
