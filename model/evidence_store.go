package model

import "context"

// EvidenceStore is what the TUI's evidence screen reads and deletes through
// (*data.Store implements it). Attaching and re-hashing take and return
// types of the data package, so main.go wraps them in functions instead.
type EvidenceStore interface {
	// ListEvidence returns every evidence file, oldest first, without its
	// stored bytes.
	ListEvidence(ctx context.Context) ([]Evidence, error)
	// DeleteEvidence removes an evidence file and its stored bytes; the
	// activity trail keeps its record, hash included.
	DeleteEvidence(ctx context.Context, id int64) error
}
