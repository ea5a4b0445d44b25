package data

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"auditwalk/model"
)

// accessCols are access_event's columns (migration 0006) in insert order:
// the key detection reads in (service, actor, resource, model, time,
// fingerprint), then the rest. The file name is not a column: it is the
// import batch's source.
const accessCols = "service, actor, resource, model, time, fingerprint, action, source, outcome, event_id, detail, line"

// accessKey is access_event's primary key, which is also the order an
// import copies its staged rows in.
const accessKey = "service, actor, resource, model, time, fingerprint"

// accessValues are e's column values in accessCols order.
func accessValues(e model.AccessEvent) []any {
	return []any{e.Service, e.Actor, e.Resource, e.Model, formatTime(e.Time), fingerprintBytes(e.Fingerprint),
		e.Action, e.Source, e.Outcome, e.EventID, e.Detail, e.Line}
}

// fingerprintBytes is the stored form of an access event's hex fingerprint
// (always 64 hex digits, from model.AccessEvent.ComputeFingerprint); text
// that is not hex is kept as its bytes rather than lost.
func fingerprintBytes(fp string) []byte {
	b, err := hex.DecodeString(fp)
	if err != nil {
		return []byte(fp)
	}
	return b
}

// AccessEvent returns the imported event with the given fingerprint (what
// findings cite), and whether there is one. The table is keyed for
// detection, not by fingerprint, so this scans it: for looking up a single
// citation, not for loops.
func (s *Store) AccessEvent(ctx context.Context, fingerprint string) (model.AccessEvent, bool, error) {
	var e model.AccessEvent
	var at string
	var fp []byte
	err := s.db.QueryRowContext(ctx, "SELECT "+accessCols+", (SELECT source FROM import_batch WHERE id = batch_id) "+
		"FROM access_event WHERE fingerprint = ?", fingerprintBytes(fingerprint)).Scan(
		&e.Service, &e.Actor, &e.Resource, &e.Model, &at, &fp, &e.Action, &e.Source, &e.Outcome, &e.EventID, &e.Detail,
		&e.Line, &e.SourceFile)
	if err == sql.ErrNoRows {
		return e, false, nil
	}
	if err != nil {
		return e, false, s.fail("load access event", err)
	}
	e.Fingerprint = hex.EncodeToString(fp)
	if e.Time, err = parseTime(at); err != nil {
		return e, false, fmt.Errorf("access event %s:%d: bad time %q", e.SourceFile, e.Line, at)
	}
	return e, true, nil
}

// AccessSummaries aggregates the imported access events per (service,
// actor, resource, model, action), with samples, as detection sees them
// (see loadAccessActivity).
func (s *Store) AccessSummaries(ctx context.Context, start, end model.Date) ([]model.AccessSummary, error) {
	sums, err := loadAccessActivity(ctx, s.db, start, end, true)
	if err != nil {
		return nil, s.fail("summarise access events", err)
	}
	return sums, nil
}

// accessGroup accumulates the events of one (service, actor, resource,
// model) while loadAccessActivity streams them in time order. One group is
// reused for all: its action summaries and their buffers are recycled.
type accessGroup struct {
	service, actor, resource, model string
	actions                         []*actionSummary // few per group: a slice beats a map
	used                            int              // actions[:used] belong to this group
	days                            dayArena
}

// actionSummary is one action's summary in progress.
type actionSummary struct {
	sum   model.AccessSummary
	first bool         // sum.First and the sample are set
	days  []model.Date // active days so far, copied to the arena at flush
	last  []byte       // the latest time seen, parsed once at flush
}

// badTime is the error for an event whose stored time does not parse
// (only a file edited outside auditwalk has one).
func (a *actionSummary) badTime(at []byte, err error) error {
	return fmt.Errorf("access event %s/%s/%s/%s: bad time %q: %w", a.sum.Service, a.sum.Actor, a.sum.Resource, a.sum.Action, at, err)
}

// dayArena hands out the summaries' day lists from large shared blocks. A
// slice per summary, grown by append, wasted up to half its capacity:
// on a million-event log that was a third of detection's input.
type dayArena struct{ block []model.Date }

// dayBlock is how many days one arena block holds (1 MiB).
const dayBlock = 1 << 16

// keep copies days into the arena and returns the copy.
func (a *dayArena) keep(days []model.Date) []model.Date {
	if len(days) == 0 {
		return nil
	}
	if len(days) > cap(a.block)-len(a.block) {
		a.block = make([]model.Date, 0, max(dayBlock, len(days)))
	}
	start := len(a.block)
	a.block = append(a.block, days...)
	return a.block[start:len(a.block):len(a.block)]
}

// loadAccessActivity streams access_event in its key order (no sort: the
// table is clustered on it) and returns the summaries per (service, actor,
// resource, model, action), ordered by those columns, with the distinct
// days each was active within start..end inclusive (empty bounds are
// open); EventsInPeriod counts the events in that range. Within a group
// events come in time then fingerprint order, so the first one seen for an
// action is its sample (the earliest, deterministically) and days arrive
// sorted. Samples are filled in only when withSamples is set: detection
// looks up the few it cites instead (accessSampler), which saves a fifth
// of its memory.
func loadAccessActivity(ctx context.Context, q dbQuerier, start, end model.Date, withSamples bool) ([]model.AccessSummary, error) {
	lo, hi := string(start), "9999-12-31T"
	if t, ok := end.Time(); ok {
		hi = string(model.DateOf(t.AddDate(0, 0, 1))) // times sort as text; the day after is exclusive
	}
	sources, err := batchSources(ctx, q)
	if err != nil {
		return nil, err
	}
	// Detection needs no sample, so it reads six columns instead of nine:
	// every column costs the driver an allocation per row.
	cols := "service, actor, resource, model, time, action"
	if withSamples {
		cols += ", fingerprint, line, batch_id"
	}
	rows, err := q.QueryContext(ctx, "SELECT "+cols+" FROM access_event ORDER BY "+accessKey)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// A large log has hundreds of thousands of groups but few distinct
	// services, models, actions, actors, resources and days: sharing one
	// string per value keeps detection's peak memory down.
	intern := internTable()
	var sums []model.AccessSummary
	var g accessGroup
	var service, actor, resource, mdl, at, fp, action sql.RawBytes
	var line, batch int64
	dest := []any{&service, &actor, &resource, &mdl, &at, &action}
	if withSamples {
		dest = append(dest, &fp, &line, &batch)
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if len(at) < timeWidth {
			return nil, fmt.Errorf("access event %s/%s/%s: bad time %q", service, actor, resource, at)
		}
		if g.used == 0 || string(service) != g.service || string(actor) != g.actor ||
			string(resource) != g.resource || string(mdl) != g.model {
			if sums, err = g.flush(sums); err != nil {
				return nil, err
			}
			g.service, g.actor, g.resource, g.model = intern(service), intern(actor), intern(resource), intern(mdl)
		}
		a := g.action(action, intern)
		a.sum.Events++
		if string(at) >= lo && string(at) < hi {
			a.sum.EventsInPeriod++
			if day := at[:10]; len(a.days) == 0 || string(a.days[len(a.days)-1]) != string(day) {
				a.days = append(a.days, model.Date(intern(day)))
			}
		}
		if err := a.see(at, fp, sources[batch], line, withSamples); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if sums, err = g.flush(sums); err != nil {
		return nil, err
	}
	return slices.Clip(sums), nil
}

// action returns the group's summary of action, starting one (on a
// recycled actionSummary) if needed.
func (g *accessGroup) action(action []byte, intern func([]byte) string) *actionSummary {
	for _, a := range g.actions[:g.used] {
		if a.sum.Action == string(action) {
			return a
		}
	}
	if g.used == len(g.actions) {
		g.actions = append(g.actions, &actionSummary{})
	}
	a := g.actions[g.used]
	g.used++
	*a = actionSummary{sum: model.AccessSummary{Service: g.service, Actor: g.actor, Resource: g.resource,
		Model: g.model, Action: intern(action)}, days: a.days[:0], last: a.last[:0]}
	return a
}

// see records one event of the action: the first seen is the earliest
// (the sample); every later one only moves the latest time, which is
// parsed once when the group is done.
func (a *actionSummary) see(at, fp []byte, source string, line int64, withSample bool) error {
	a.last = append(a.last[:0], at...)
	if a.first {
		return nil
	}
	t, err := parseTime(string(at))
	if err != nil {
		return a.badTime(at, err)
	}
	a.first = true
	a.sum.First = t
	if withSample {
		a.sum.SampleFingerprint = hex.EncodeToString(fp)
		a.sum.SampleRef = source + ":" + strconv.FormatInt(line, 10)
	}
	return nil
}

// accessSampler finds the earliest event of a summary's group (its sample)
// by the table's key: one index seek per cited summary.
type accessSampler struct {
	ctx     context.Context
	stmt    *sql.Stmt
	sources map[int64]string
	err     error
}

func newAccessSampler(ctx context.Context, tx *sql.Tx) (*accessSampler, error) {
	sources, err := batchSources(ctx, tx)
	if err != nil {
		return nil, err
	}
	stmt, err := tx.PrepareContext(ctx, "SELECT fingerprint, line, batch_id FROM access_event "+
		"WHERE service = ? AND actor = ? AND resource = ? AND model = ? AND time = ? AND action = ? ORDER BY fingerprint LIMIT 1")
	if err != nil {
		return nil, err
	}
	return &accessSampler{ctx: ctx, stmt: stmt, sources: sources}, nil
}

// sample is model.DetectInput.Sample. A failed lookup leaves the citation
// on the group's key and is reported by close.
func (s *accessSampler) sample(a model.AccessSummary) (fingerprint, ref string) {
	var fp []byte
	var line, batch int64
	err := s.stmt.QueryRowContext(s.ctx, a.Service, a.Actor, a.Resource, a.Model, formatTime(a.First), a.Action).Scan(&fp, &line, &batch)
	if err != nil {
		if s.err == nil {
			s.err = fmt.Errorf("access event sample of %s/%s/%s: %w", a.Service, a.Actor, a.Resource, err)
		}
		return "", ""
	}
	return hex.EncodeToString(fp), s.sources[batch] + ":" + strconv.FormatInt(line, 10)
}

// close releases the statement and returns the first failed lookup.
func (s *accessSampler) close() error {
	if err := s.stmt.Close(); err != nil && s.err == nil {
		s.err = err
	}
	return s.err
}

// flush appends the finished group's summaries, by action, and empties
// the group.
func (g *accessGroup) flush(sums []model.AccessSummary) ([]model.AccessSummary, error) {
	done := g.actions[:g.used]
	g.used = 0
	slices.SortFunc(done, func(a, b *actionSummary) int { return strings.Compare(a.sum.Action, b.sum.Action) })
	for _, a := range done {
		t, err := parseTime(string(a.last))
		if err != nil {
			return sums, a.badTime(a.last, err)
		}
		a.sum.Last = t
		a.sum.Days = g.days.keep(a.days)
		sums = append(sums, a.sum)
	}
	return sums, nil
}

// batchSources maps import batch ids to their file names (a handful of
// rows), which access events no longer repeat.
func batchSources(ctx context.Context, q dbQuerier) (map[int64]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, source FROM import_batch")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var src string
		if err := rows.Scan(&id, &src); err != nil {
			return nil, err
		}
		out[id] = src
	}
	return out, rows.Err()
}
