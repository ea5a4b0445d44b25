package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/google/uuid"

	"auditwalk/model"
)

// Packet directions: a packet's record in the assessor's file, and the
// manifest inside the packet file.
const (
	packetExport   = "export"
	packetManifest = "manifest"
)

// PacketSpec says what goes into an owner's packet. The caller works out
// the owner's items from the pack (model.OwnerItems); the store copies rows.
type PacketSpec struct {
	Owner string
	// Keys are the owner's items: copied, and merged back later.
	Keys []model.AnswerKey
	// Scope are the owner's other questions: those of their controls (and
	// their systems' per-system controls) not asked at export because a
	// condition is not met yet, such as follow-ups of a question the owner
	// has still to answer. They are handled like Keys (answers copied, base
	// recorded), so what the owner answers once a follow-up opens in the
	// packet is merged back too.
	Scope []model.AnswerKey
	// Context are other answers the owner's questions' conditions read:
	// copied so the owner's walk matches, never merged back.
	Context []model.AnswerKey
	// Systems are the AI systems of the owner's items; their vendors come
	// along.
	Systems []int64
}

// Packet describes an owner's packet.
type Packet struct {
	ID         string
	Owner      string
	SourceFile string
	ExportedAt time.Time
	ExportedBy string
	// Base maps "questionID@subject" to the SHA-256 of that answer's content
	// at export ("" when it had no answer): the base revision a merge
	// compares both sides with. Its keys are the packet's scope (Keys and
	// Scope of the spec): only answers for them are merged back.
	Base    map[string]string
	Context []string
	Systems []int64
}

// packetRow is a row of packet.
type packetRow struct {
	PacketID   string            `json:"packet_id"`
	Direction  string            `json:"direction"`
	Owner      string            `json:"owner"`
	SourceFile string            `json:"source_file"`
	ExportedAt string            `json:"exported_at"`
	ExportedBy string            `json:"exported_by"`
	Base       map[string]string `json:"base"`
	Context    []string          `json:"context"`
	Systems    []int64           `json:"systems"`
}

const packetCols = "packet_id, direction, owner, source_file, exported_at, exported_by, base, context, systems"

func (r packetRow) values() []any {
	return []any{r.PacketID, r.Direction, r.Owner, r.SourceFile, r.ExportedAt, r.ExportedBy, encodeJSON(r.Base), encodeJSON(r.Context), encodeJSON(r.Systems)}
}

func scanPacket(sc scanner) (packetRow, error) {
	var r packetRow
	var base, ctxKeys, systems string
	if err := sc.Scan(&r.PacketID, &r.Direction, &r.Owner, &r.SourceFile, &r.ExportedAt, &r.ExportedBy, &base, &ctxKeys, &systems); err != nil {
		return r, err
	}
	what := "packet " + r.PacketID
	if err := decodeJSON(base, &r.Base, what+" base"); err != nil {
		return r, err
	}
	if err := decodeJSON(ctxKeys, &r.Context, what+" context"); err != nil {
		return r, err
	}
	return r, decodeJSON(systems, &r.Systems, what+" systems")
}

func (r packetRow) model() (Packet, error) {
	t, err := parseTime(r.ExportedAt)
	if err != nil {
		return Packet{}, fmt.Errorf("packet %s: exported_at: %w", r.PacketID, err)
	}
	return Packet{ID: r.PacketID, Owner: r.Owner, SourceFile: r.SourceFile, ExportedAt: t, ExportedBy: r.ExportedBy,
		Base: r.Base, Context: r.Context, Systems: r.Systems}, nil
}

// answerContentHash is the base revision of an answer: SHA-256 of its row
// without the change stamp; "" when there is no answer.
func answerContentHash(r answerRow, found bool) string {
	if !found {
		return ""
	}
	sum := sha256.Sum256([]byte(encodeJSON(r.content())))
	return hex.EncodeToString(sum[:])
}

// packetContent is what an export copies, read in one transaction.
type packetContent struct {
	engagement  engagementRow
	pack        packRecord
	packSource  []byte
	answers     []answerRow
	vendors     []vendorRow
	systems     []systemRow
	people      []personRow
	assignments []assignmentRow
	base        map[string]string
}

// ExportPacket writes a new engagement file at out holding only what the
// owner needs: the engagement header and pack, their answers and context
// answers, their systems and those systems' vendors, the people, the
// owner's assignments and a manifest; and records the export (packet id
// and the base revision of every answer in the owner's scope, asked yet or
// not) in this file. The actor
// must be an assessor; out must not exist. On failure no file is left.
func (s *Store) ExportPacket(ctx context.Context, out string, spec PacketSpec) (Packet, error) {
	if _, err := os.Lstat(out); err == nil {
		return Packet{}, fmt.Errorf("%s: already exists; choose a new file for the packet", out)
	}
	var c packetContent
	if err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = s.readPacketContent(ctx, tx, spec)
		return err
	}); err != nil {
		return Packet{}, err
	}
	row := packetRow{PacketID: uuid.NewString(), Direction: packetManifest, Owner: spec.Owner, SourceFile: filepath.Base(s.path),
		ExportedAt: formatTime(s.now()), ExportedBy: s.currentActor(), Base: c.base, Context: []string{}, Systems: slices.Clone(spec.Systems)}
	for _, k := range spec.Context {
		// An answer in the owner's scope is theirs, even where a condition
		// also reads it: it is merged back, so it is not listed as context.
		if key := model.ReviewKey(k.QuestionID, k.Subject); !hasKey(c.base, key) {
			row.Context = append(row.Context, key)
		}
	}
	if row.Systems == nil {
		row.Systems = []int64{}
	}
	if err := writePacketFile(ctx, out, s, c, row); err != nil {
		removePacketFile(out)
		return Packet{}, err
	}
	row.Direction = packetExport
	err := s.write(ctx, func(t *txn) error {
		if err := t.requireRole(ctx, model.RoleAssessor, "export packets"); err != nil {
			return err
		}
		return t.insertPacket(ctx, row, ActionExport)
	})
	if err != nil {
		removePacketFile(out)
		return Packet{}, err
	}
	return row.model()
}

func removePacketFile(out string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		_ = os.Remove(out + suffix) // best effort: a half-written packet must not be left behind
	}
}

// requireRole checks the transaction's actor holds role.
func (t *txn) requireRole(ctx context.Context, role model.Role, doing string) error {
	people, err := readPeople(ctx, t.tx)
	if err != nil {
		return err
	}
	if _, err := people.Require(t.actor, role, doing); err != nil {
		return notAllowed(err)
	}
	return nil
}

func (s *Store) readPacketContent(ctx context.Context, tx *sql.Tx, spec PacketSpec) (packetContent, error) {
	c := packetContent{base: map[string]string{}}
	people, err := readPeople(ctx, tx)
	if err != nil {
		return c, err
	}
	if _, err := people.Require(s.currentActor(), model.RoleAssessor, "export packets"); err != nil {
		return c, notAllowed(err)
	}
	owner, err := people.Require(spec.Owner, model.RoleControlOwner, "receive a packet")
	if err != nil {
		return c, notAllowed(err)
	}
	spec.Owner = owner.Name
	if c.engagement, err = scanEngagement(tx.QueryRowContext(ctx, "SELECT "+engagementCols+" FROM engagement WHERE id = 1")); err != nil {
		return c, cmpErr(notFoundAs(err, "the engagement has not been started"), err)
	}
	if err := tx.QueryRowContext(ctx, "SELECT pack_id, version, hash, source, recorded_at FROM pack_source WHERE id = 1").
		Scan(&c.pack.PackID, &c.pack.Version, &c.pack.Hash, &c.packSource, &c.pack.RecordedAt); err != nil {
		return c, notFoundAs(err, "the engagement has no pack recorded")
	}
	sum := sha256.Sum256(c.packSource)
	c.pack.SourceSHA256, c.pack.SourceSize = hex.EncodeToString(sum[:]), len(c.packSource)
	if err := c.readAnswers(ctx, tx, spec); err != nil {
		return c, err
	}
	if err := c.readInventory(ctx, tx, spec.Systems); err != nil {
		return c, err
	}
	if err := eachRow(ctx, tx, "SELECT "+personCols+" FROM person ORDER BY name", func(sc scanner) error {
		r, err := scanPerson(sc)
		c.people = append(c.people, r)
		return err
	}); err != nil {
		return c, err
	}
	return c, eachRow(ctx, tx, "SELECT "+assignmentCols+" FROM assignment WHERE owner = ? ORDER BY kind, target", func(sc scanner) error {
		r, err := scanAssignment(sc)
		c.assignments = append(c.assignments, r)
		return err
	}, spec.Owner)
}

func notFoundAs(err error, msg string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errors.New(msg)
	}
	return err
}

func hasKey(m map[string]string, k string) bool {
	_, ok := m[k]
	return ok
}

// readAnswers copies the answers of the owner's keys, scope and context,
// recording the base revision of the first two: the packet's scope.
func (c *packetContent) readAnswers(ctx context.Context, tx *sql.Tx, spec PacketSpec) error {
	seen := map[model.AnswerKey]bool{}
	owned := len(spec.Keys) + len(spec.Scope)
	for i, k := range slices.Concat(spec.Keys, spec.Scope, spec.Context) {
		if seen[k] {
			continue
		}
		seen[k] = true
		r, err := scanAnswer(tx.QueryRowContext(ctx, "SELECT "+answerCols+" FROM answer WHERE question_id = ? AND subject = ?", k.QuestionID, k.Subject))
		found := err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if found {
			c.answers = append(c.answers, r)
		}
		if i < owned {
			c.base[model.ReviewKey(k.QuestionID, k.Subject)] = answerContentHash(r, found)
		}
	}
	return nil
}

func (c *packetContent) readInventory(ctx context.Context, tx *sql.Tx, systems []int64) error {
	vendors := map[int64]bool{}
	for _, id := range systems {
		r, err := scanSystem(tx.QueryRowContext(ctx, "SELECT id, "+systemCols+" FROM system WHERE id = ?", id))
		if err != nil {
			return cmpErr(notFoundAs(err, fmt.Sprintf("system %d does not exist", id)), err)
		}
		c.systems = append(c.systems, r)
		if r.VendorID != nil && !vendors[*r.VendorID] {
			vendors[*r.VendorID] = true
			v, err := scanVendor(tx.QueryRowContext(ctx, "SELECT id, "+vendorCols+" FROM vendor WHERE id = ?", *r.VendorID))
			if err != nil {
				return err
			}
			c.vendors = append(c.vendors, v)
		}
	}
	return nil
}

// eachRow runs read on every row of q.
func eachRow(ctx context.Context, q querier, query string, read func(sc scanner) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := read(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// writePacketFile creates the packet file and copies c into it in one
// transaction, every row with its trail record (action packet-export), so
// the packet verifies on its own.
func writePacketFile(ctx context.Context, out string, from *Store, c packetContent, manifest packetRow) error {
	p, err := Open(ctx, out, Options{Actor: from.actor, Now: from.now})
	if err != nil {
		return err
	}
	defer p.Close()
	return p.write(ctx, func(t *txn) error {
		if _, err := t.putEngagement(ctx, engagementRow{}, false, c.engagement); err != nil {
			return err
		}
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO pack_source (id, pack_id, version, hash, source, recorded_at) VALUES (1, ?, ?, ?, ?, ?)`,
			c.pack.PackID, c.pack.Version, c.pack.Hash, c.packSource, c.pack.RecordedAt); err != nil {
			return err
		}
		if err := t.record(ctx, ActionExport, EntityPack, "1", "", encodeJSON(c.pack)); err != nil {
			return err
		}
		var copies []copyRow
		for _, r := range c.vendors {
			copies = append(copies, copyRow{"INSERT INTO vendor (id, " + vendorCols + ") VALUES (?, " + placeholders(vendorCols) + ")", append([]any{r.ID}, r.values()...), EntityVendor, r.entityID(), encodeJSON(r)})
		}
		for _, r := range c.systems {
			copies = append(copies, copyRow{"INSERT INTO system (id, " + systemCols + ") VALUES (?, " + placeholders(systemCols) + ")", append([]any{r.ID}, r.values()...), EntitySystem, r.entityID(), encodeJSON(r)})
		}
		for _, r := range c.answers {
			copies = append(copies, copyRow{"INSERT INTO answer (" + answerCols + ") VALUES (" + placeholders(answerCols) + ")", r.values(), EntityAnswer, r.entityID(), encodeJSON(r)})
		}
		for _, r := range c.people {
			copies = append(copies, copyRow{"INSERT INTO person (" + personCols + ") VALUES (" + placeholders(personCols) + ")", r.values(), EntityPerson, r.Name, encodeJSON(r)})
		}
		for _, r := range c.assignments {
			copies = append(copies, copyRow{"INSERT INTO assignment (" + assignmentCols + ") VALUES (" + placeholders(assignmentCols) + ")", r.values(), EntityAssignment, r.entityID(), encodeJSON(r)})
		}
		for _, cp := range copies {
			if _, err := t.tx.ExecContext(ctx, cp.query, cp.args...); err != nil {
				return fmt.Errorf("packet: copy %s %s: %w", cp.entity, cp.id, err)
			}
			if err := t.record(ctx, ActionExport, cp.entity, cp.id, "", cp.after); err != nil {
				return err
			}
		}
		return t.insertPacket(ctx, manifest, ActionExport)
	})
}

// copyRow is one row an export copies, with its trail record.
type copyRow struct {
	query  string
	args   []any
	entity string
	id     string
	after  string
}

func (t *txn) insertPacket(ctx context.Context, r packetRow, action string) error {
	if _, err := t.tx.ExecContext(ctx, "INSERT INTO packet ("+packetCols+") VALUES ("+placeholders(packetCols)+")", r.values()...); err != nil {
		return err
	}
	return t.record(ctx, action, EntityPacket, r.PacketID, "", encodeJSON(r))
}

// Packets returns the packets exported from this file (and, in a packet
// file, its own manifest), oldest first.
func (s *Store) Packets(ctx context.Context) ([]Packet, error) {
	var out []Packet
	err := s.read(ctx, func(tx *sql.Tx) error {
		return eachRow(ctx, tx, "SELECT "+packetCols+" FROM packet ORDER BY exported_at, packet_id", func(sc scanner) error {
			r, err := scanPacket(sc)
			if err != nil {
				return err
			}
			p, err := r.model()
			out = append(out, p)
			return err
		})
	})
	return out, err
}

// PacketManifest returns the manifest of a packet file; ok is false for an
// ordinary engagement file.
func (s *Store) PacketManifest(ctx context.Context) (p Packet, ok bool, err error) {
	err = s.read(ctx, func(tx *sql.Tx) error {
		r, err := scanPacket(tx.QueryRowContext(ctx, "SELECT "+packetCols+" FROM packet WHERE direction = ?", packetManifest))
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		p, err = r.model()
		ok = err == nil
		return err
	})
	return p, ok, err
}
