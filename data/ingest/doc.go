// Package ingest reads the files clients send (CSV and JSON spreadsheets of
// AI systems and vendors) into model values, and plans what importing them
// into an engagement would change. Reading and planning never write: the
// caller shows or applies a Plan, and the store applies it in one
// transaction so an import is all-or-nothing.
//
// Readers are lenient about shape (delimiters, byte-order marks, title rows
// above the header, notes below the data, header and value synonyms) and
// strict about meaning: a value that cannot be understood rejects its row
// with a `file:line: reason` naming the column and the value.
package ingest
