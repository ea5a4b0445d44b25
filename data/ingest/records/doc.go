// Package records reads imported evidence records — AI service access logs,
// model change records and prompt/output review records — from CSV, JSON and
// the named log formats of cloud AI providers, and turns them into model
// values one at a time.
//
// Readers stream: each record is decoded, validated, fingerprinted and handed
// to a callback before the next is read, so memory stays flat however large
// the file. Problems are reported as RowError values ("file:line: reason");
// a reader can collect several before it stops. The store makes an import
// all-or-nothing and de-duplicates on the records' fingerprints.
//
// Text is kept exactly as imported (trimmed); sanitising for the terminal
// and Markdown happens where it is rendered.
package records
