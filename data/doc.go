// Package data is the engagement file: one SQLite database per engagement,
// opened with Open, versioned by embedded forward-only migrations, guarded
// against a second writing process, and carrying a hash-chained activity
// trail that Verify recomputes.
//
// Every change is written in one immediate transaction together with the
// activity record that describes it, and is durable (synchronous=FULL, WAL)
// when the method returns nil. The store implements model.Store.
package data
