package model

import (
	"context"
	"time"
)

// Snapshot is everything the walkthrough needs, read once at start (and
// again after imports) so that Update and View never touch the disk.
type Snapshot struct {
	Engagement Engagement
	Answers    Answers
	Systems    []System
	Vendors    []Vendor
	// UI holds small resume state (cursor position, filters) by key.
	UI map[string]string
}

// Store is what the TUI needs of an engagement file. Every method that
// changes data is durable (committed with synchronous=FULL) when it returns
// nil, and appends an activity record in the same transaction.
type Store interface {
	Load(ctx context.Context) (Snapshot, error)
	SaveEngagement(ctx context.Context, e Engagement) (Engagement, error)
	SaveAnswer(ctx context.Context, a Answer) (Answer, error)
	SetUIState(ctx context.Context, key, value string) error
	SaveSystem(ctx context.Context, s System) (System, error)
	DeleteSystem(ctx context.Context, id int64) error
	SaveVendor(ctx context.Context, v Vendor) (Vendor, error)
	DeleteVendor(ctx context.Context, id int64) error
}

// Activity is one record of the tamper-evident activity trail.
type Activity struct {
	Seq      int64
	At       time.Time
	Actor    string
	Action   string
	Entity   string
	EntityID string
	Before   string
	After    string
	PrevHash string
	Hash     string
}
