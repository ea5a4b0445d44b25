package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"auditwalk/model"
)

// genesisHash is the prev_hash of the first record.
const genesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// hashDomain starts every hashed message, so a trail hash can never be
// mistaken for a hash of anything else, and the format can be versioned.
const hashDomain = "auditwalk-activity-v1"

// Activity actions.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionDelete = "delete"
	ActionImport = "import"
	ActionStart  = "start"
)

// Activity entities.
const (
	EntityEngagement = "engagement"
	EntityPack       = "pack"
	EntityAnswer     = "answer"
	EntitySystem     = "system"
	EntityVendor     = "vendor"
	EntityImport     = "import"
)

// recordHash is the hash of a trail record:
//
//	hex(sha256(ns(domain) ns(seq) ns(at) ns(actor) ns(action) ns(entity)
//	           ns(entity_id) ns(before) ns(after) ns(prev_hash)))
//
// where ns(x) is the netstring len(x) ":" x "," (len in decimal bytes), seq
// is decimal and the rest are the stored column text exactly (at included,
// so the hash does not depend on how a time is re-formatted). Length prefixes make
// the encoding unambiguous (no field can spill into the next), and it is
// simple to recompute with any language's sha256.
func recordHash(r storedActivity) string {
	fields := [...]string{hashDomain, strconv.FormatInt(r.Seq, 10), r.At, r.Actor, r.Action,
		r.Entity, r.EntityID, r.Before, r.After, r.PrevHash}
	n := 0
	for _, f := range fields {
		n += len(f) + 8
	}
	// One buffer and one hash call: every save hashes a record, and
	// fmt.Fprintf per field cost more than the hashing.
	msg := make([]byte, 0, n)
	for _, f := range fields {
		msg = strconv.AppendInt(msg, int64(len(f)), 10)
		msg = append(msg, ':')
		msg = append(msg, f...)
		msg = append(msg, ',')
	}
	sum := sha256.Sum256(msg)
	return hex.EncodeToString(sum[:])
}

// storedActivity is an activity row with its time as stored text.
type storedActivity struct {
	Seq                                                int64
	At, Actor, Action, Entity, EntityID, Before, After string
	PrevHash, Hash                                     string
}

const activityCols = "seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash"

func scanActivity(sc scanner) (storedActivity, error) {
	var r storedActivity
	err := sc.Scan(&r.Seq, &r.At, &r.Actor, &r.Action, &r.Entity, &r.EntityID, &r.Before, &r.After, &r.PrevHash, &r.Hash)
	return r, err
}

// txn is a write transaction with the clock reading and actor it stamps on
// rows and records.
type txn struct {
	tx    *sql.Tx
	at    time.Time
	stamp string // formatTime(at)
	actor string
	hot   hotStmts                // the store's prepared statements (hot.go); nil runs SQL text
	bound map[*sql.Stmt]*sql.Stmt // hot statements bound to tx so far
}

// write runs fn in one immediate transaction, committed durably.
func (s *Store) write(ctx context.Context, fn func(t *txn) error) error {
	if s.readOnly {
		return fileErr(s.display, ErrReadOnly, "opened read-only")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.classify(err)
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit
	at := s.now().UTC()
	if err := fn(&txn{tx: tx, at: at, stamp: formatTime(at), actor: s.currentActor(), hot: s.hot}); err != nil {
		return s.classify(err)
	}
	return s.classify(tx.Commit())
}

// record appends a trail record chained to the last one, in the caller's
// transaction. before/after are canonical JSON ("" for none).
func (t *txn) record(ctx context.Context, action, entity, entityID, before, after string) error {
	var lastSeq int64
	prev := genesisHash
	err := t.queryRow(ctx, lastRecordSQL).Scan(&lastSeq, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	r := storedActivity{Seq: lastSeq + 1, At: t.stamp, Actor: t.actor, Action: action, Entity: entity,
		EntityID: entityID, Before: before, After: after, PrevHash: prev}
	r.Hash = recordHash(r)
	return t.exec(ctx, insertRecordSQL, r.Seq, r.At, r.Actor, r.Action, r.Entity, r.EntityID, r.Before, r.After, r.PrevHash, r.Hash)
}

// ActivityFilter selects trail records. Zero fields do not filter.
type ActivityFilter struct {
	Actor    string
	Entity   string
	EntityID string
	// Since and Until bound the record time: Since <= at < Until.
	Since, Until time.Time
	// BeforeSeq, when positive, keeps records with seq < BeforeSeq: the
	// next page after the oldest record shown (seq is the primary key, so
	// paging through 100k records stays an index seek).
	BeforeSeq int64
	// Limit caps the number of records (newest first); 0 means no limit.
	Limit int
	// Oldest lists oldest first instead (with Limit 1: the genesis record,
	// whose hash identifies the file for its whole life).
	Oldest bool
}

// Activity returns trail records matching f, newest first.
func (s *Store) Activity(ctx context.Context, f ActivityFilter) ([]model.Activity, error) {
	var where []string
	var args []any
	add := func(cond string, arg any) { where = append(where, cond); args = append(args, arg) }
	if f.Actor != "" {
		add("actor = ?", f.Actor)
	}
	if f.Entity != "" {
		add("entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		add("entity_id = ?", f.EntityID)
	}
	if f.BeforeSeq > 0 {
		add("seq < ?", f.BeforeSeq)
	}
	if !f.Since.IsZero() {
		add("at >= ?", formatTime(f.Since)) // fixed-width text compares as time
	}
	if !f.Until.IsZero() {
		add("at < ?", formatTime(f.Until))
	}
	q := "SELECT " + activityCols + " FROM activity"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Oldest {
		q += " ORDER BY seq ASC"
	} else {
		q += " ORDER BY seq DESC"
	}
	if f.Limit > 0 {
		q += " LIMIT " + strconv.Itoa(f.Limit)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []model.Activity
	for rows.Next() {
		r, err := scanActivity(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		at, err := parseTime(r.At)
		if err != nil {
			return nil, fmt.Errorf("%s: activity record %d: bad time %q", s.display, r.Seq, r.At)
		}
		out = append(out, model.Activity{Seq: r.Seq, At: at, Actor: r.Actor, Action: r.Action, Entity: r.Entity,
			EntityID: r.EntityID, Before: r.Before, After: r.After, PrevHash: r.PrevHash, Hash: r.Hash})
	}
	return out, s.classify(rows.Err())
}
