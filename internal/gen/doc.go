// Package gen builds a large, deterministic engagement file for benchmarks
// and fault tests (dev/test only; the shipped binary never imports it).
//
// Generate writes, from a seed, an engagement of the size issue 8 asks for
// (Full): 2,000 AI systems, 300 vendors, 1,000 answers, 10,000 exceptions
// each with a remediation task, 1,000,000 access-log records and 5,000
// evidence files. Small is the same shape scaled down for tests.
//
// Questions: the built-in pack (soc2-ai, 60 questions) is recorded as the
// engagement's pack, so `auditwalk --db big.db` opens the file exactly as
// a real one. Its organisation-wide questions are answered once and its
// per-system questions for the in-scope systems in id order until the
// answer count is reached, skipping questions whose condition is not met:
// 1,000 answered questions in the sense the app counts them (question ×
// subject, as `auditwalk status` reports), each valid for its kind.
//
// Everything goes through the store's public API (data.Store), so the file
// carries a complete activity trail and passes `auditwalk verify`. The
// million access-log records take the bulk path (ImportAccessLog reading a
// JSONL stream from an io.Pipe). To keep the ~27,000 small transactions
// from each waiting for fsync, the file is built in a scratch directory on
// tmpfs (/dev/shm when present) and copied to its destination once closed;
// the content is the same either way.
//
// Determinism: the store's clock is a counter (one second per call) and
// every choice comes from a PCG seeded with the seed, so the same seed gives
// the same rows. ContentHash hashes the main tables (excluding the absolute
// evidence paths and the activity trail that records them) to pin this.
package gen
