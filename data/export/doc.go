// Package export writes an engagement out as the package an auditor reads
// and tools import: Markdown documents (readiness report, control
// narratives, registers, remediation plan, evidence index, crosswalk),
// CSV and JSON registers described in SCHEMA.md, OSCAL 1.2.2 assessment
// results and a POA&M, and a MANIFEST.sha256 that `sha256sum -c` checks.
//
// Exports are pure functions of a Bundle (Render, Files): no clock, no
// disk, sorted everywhere, so the same Bundle gives byte-identical files.
// Write adds atomic file writes (temp file, fsync, rename, fsync dir).
// User text is escaped by one set of functions (Inline, Heading, LinkText,
// Cell, Code, CodeCell, Block) wherever it lands in Markdown.
package export
