package data

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
)

// Report is the outcome of Verify.
type Report struct {
	// Integrity holds PRAGMA integrity_check's lines: ["ok"] when sound.
	Integrity []string
	// Records is the number of trail records read.
	Records int
	// Break is the first record where the hash chain fails; nil when the
	// chain is intact. Later records are not judged (they all follow from
	// the first break).
	Break *ChainBreak
	// Rows lists current rows that disagree with the trail.
	Rows []RowProblem
}

// ChainBreak names the first broken trail record.
type ChainBreak struct {
	Seq     int64
	Problem string
}

// RowProblem is a row that differs from its last recorded state.
type RowProblem struct {
	Entity   string
	EntityID string
	Problem  string
}

// OK reports whether the file passed every check.
func (r Report) OK() bool {
	return len(r.Integrity) == 1 && r.Integrity[0] == "ok" && r.Break == nil && len(r.Rows) == 0
}

// Problems returns one line per problem found.
func (r Report) Problems() []string {
	var out []string
	if !(len(r.Integrity) == 1 && r.Integrity[0] == "ok") {
		for _, l := range r.Integrity {
			out = append(out, "integrity check: "+l)
		}
	}
	if r.Break != nil {
		out = append(out, fmt.Sprintf("activity record %d: %s", r.Break.Seq, r.Break.Problem))
	}
	for _, p := range r.Rows {
		out = append(out, fmt.Sprintf("%s %s: %s", p.Entity, p.EntityID, p.Problem))
	}
	return out
}

// Verify checks the file without changing it (it works on a ReadOnly
// store): SQLite's integrity check; the activity trail's hash chain,
// recomputed record by record; and every answer, system, vendor, engagement
// and pack row against the after of its latest trail record, which catches
// rows edited, added or deleted behind auditwalk's back. A broken file is
// reported in the Report, not as an error; err is for failures to read.
//
// Limits: the chain has no secret key, so someone who rewrites rows and
// recomputes every later hash is not detected; and deleting the newest
// records shows only when it leaves a row disagreeing with the trail. Keep
// an exported copy (or the last hash) elsewhere to anchor the chain.
func (s *Store) Verify(ctx context.Context) (Report, error) {
	var rep Report
	// One read transaction: the trail and the rows are compared as of one
	// moment even while a writer in another process keeps saving.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return rep, s.fail("verify", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	lines, err := integrity(ctx, tx)
	if err != nil {
		return rep, s.fail("verify", err)
	}
	rep.Integrity = lines
	latest, err := checkChain(ctx, tx, &rep)
	if err != nil {
		return rep, s.fail("verify", err)
	}
	if err := checkRows(ctx, tx, latest, &rep); err != nil {
		return rep, s.fail("verify", err)
	}
	if err := checkImportedRecords(ctx, tx, &rep); err != nil {
		return rep, s.fail("verify", err)
	}
	return rep, nil
}

func integrity(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		if isCorruption(err) {
			return []string{err.Error()}, nil
		}
		return nil, err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return nil, err
		}
		lines = append(lines, l)
	}
	if err := rows.Err(); err != nil {
		if isCorruption(err) {
			return append(lines, err.Error()), nil
		}
		return nil, err
	}
	return lines, nil
}

// trailState is the latest record of one entity.
type trailState struct {
	seq   int64
	after string
}

// checkChain walks the trail in seq order, sets rep.Break at the first
// broken record, and returns each entity's latest recorded state.
func checkChain(ctx context.Context, tx *sql.Tx, rep *Report) (map[string]trailState, error) {
	owners, err := hashOwners(ctx, tx)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+activityCols+" FROM activity ORDER BY seq")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	latest := map[string]trailState{}
	prevSeq, prevHash := int64(0), genesisHash
	for rows.Next() {
		r, err := scanActivity(rows)
		if err != nil {
			return nil, err
		}
		rep.Records++
		if rep.Break == nil {
			if problem := chainProblem(r, prevSeq, prevHash, owners); problem != "" {
				rep.Break = &ChainBreak{Seq: r.Seq, Problem: problem}
			}
		}
		prevSeq, prevHash = r.Seq, r.Hash
		latest[r.Entity+"\x00"+r.EntityID] = trailState{seq: r.Seq, after: r.After}
	}
	return latest, rows.Err()
}

// hashOwners maps each stored hash to its record, to recognise a record
// that chains to the wrong predecessor as moved rather than forged.
func hashOwners(ctx context.Context, tx *sql.Tx) (map[string]int64, error) {
	rows, err := tx.QueryContext(ctx, "SELECT seq, hash FROM activity")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	owners := map[string]int64{}
	for rows.Next() {
		var seq int64
		var h string
		if err := rows.Scan(&seq, &h); err != nil {
			return nil, err
		}
		owners[h] = seq
	}
	return owners, rows.Err()
}

// chainProblem judges one record against its predecessor.
func chainProblem(r storedActivity, prevSeq int64, prevHash string, owners map[string]int64) string {
	if want := prevSeq + 1; r.Seq != want {
		if r.Seq > want && want == r.Seq-1 {
			return fmt.Sprintf("gap in sequence: record %d is missing (deleted)", want)
		}
		if r.Seq > want {
			return fmt.Sprintf("gap in sequence: records %d to %d are missing (deleted)", want, r.Seq-1)
		}
		return fmt.Sprintf("unexpected sequence number (expected %d)", want)
	}
	hashOK := recordHash(r) == r.Hash
	if r.PrevHash != prevHash {
		if owner, ok := owners[r.PrevHash]; ok && owner != prevSeq {
			return fmt.Sprintf("out of order: it chains to the record now at seq %d, not to record %d (records reordered)", owner, prevSeq)
		}
		if !hashOK {
			return "hash mismatch and prev_hash mismatch: record replaced or inserted"
		}
		return fmt.Sprintf("prev_hash mismatch: does not chain to record %d (a record was inserted or replaced)", prevSeq)
	}
	if !hashOK {
		return "hash mismatch: the record's contents changed after it was written"
	}
	return ""
}

// checkRows compares every current row with its latest trail state.
func checkRows(ctx context.Context, tx *sql.Tx, latest map[string]trailState, rep *Report) error {
	current := map[string]string{}
	for _, entity := range auditedEntities() {
		if err := currentRows(ctx, tx, entity, current, rep); err != nil {
			return err
		}
	}
	audited := map[string]bool{}
	for _, e := range auditedEntities() {
		audited[e] = true
	}
	var problems []RowProblem
	for key, cur := range current {
		entity, id := splitKey(key)
		st, ok := latest[key]
		switch {
		case cur == unreadable:
		case !ok:
			problems = append(problems, RowProblem{entity, id, "row has no activity record (added outside auditwalk)"})
		case st.after == "":
			problems = append(problems, RowProblem{entity, id, fmt.Sprintf("row was deleted by record %d but is present (restored outside auditwalk)", st.seq)})
		case st.after != cur:
			problems = append(problems, RowProblem{entity, id, fmt.Sprintf("row differs from its last recorded state (record %d): changed outside auditwalk", st.seq)})
		}
	}
	for key, st := range latest {
		entity, id := splitKey(key)
		if _, ok := current[key]; !ok && audited[entity] && st.after != "" {
			problems = append(problems, RowProblem{entity, id, fmt.Sprintf("row recorded by record %d is missing (deleted outside auditwalk)", st.seq)})
		}
	}
	sort.Slice(problems, func(i, j int) bool {
		if problems[i].Entity != problems[j].Entity {
			return problems[i].Entity < problems[j].Entity
		}
		return problems[i].EntityID < problems[j].EntityID
	})
	rep.Rows = append(rep.Rows, problems...)
	return nil
}

func auditedEntities() []string {
	return append([]string{EntityEngagement, EntityPack, EntityAnswer, EntitySystem, EntityVendor, EntityNarrative},
		append(evidenceEntities(), accountabilityEntities()...)...)
}

func splitKey(key string) (entity, id string) {
	for i := 0; i < len(key); i++ {
		if key[i] == 0 {
			return key[:i], key[i+1:]
		}
	}
	return key, ""
}
