package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sort"

	"auditwalk/model"
)

// Merge outcomes of one answer (packet_item.outcome).
const (
	outcomeApplied  = "applied"
	outcomeSame     = "same"
	outcomeConflict = "conflict"
)

// MergeResult is what merging a packet did.
type MergeResult struct {
	PacketID string
	Owner    string
	// Applied answers were changed (or first given) in the packet only and
	// now read as the packet has them; Same were changed identically on
	// both sides; Conflicts were changed on both sides differently (ids in
	// Conflicts).
	Applied   []model.AnswerKey
	Same      []model.AnswerKey
	Conflicts []int64
	// Attestations made in the packet and brought over.
	Attestations int
}

// Changed reports whether the merge changed anything.
func (m MergeResult) Changed() bool {
	return len(m.Applied)+len(m.Same)+len(m.Conflicts)+m.Attestations > 0
}

// packetItemRow is a row of packet_item.
type packetItemRow struct {
	PacketID     string `json:"packet_id"`
	Key          string `json:"key"`
	TheirsSHA256 string `json:"theirs_sha256"`
	Outcome      string `json:"outcome"`
	MergedAt     string `json:"merged_at"`
	MergedBy     string `json:"merged_by"`
	SourceFile   string `json:"source_file"`
}

const packetItemCols = "packet_id, key, theirs_sha256, outcome, merged_at, merged_by, source_file"

func (r packetItemRow) values() []any {
	return []any{r.PacketID, r.Key, r.TheirsSHA256, r.Outcome, r.MergedAt, r.MergedBy, r.SourceFile}
}

func (r packetItemRow) entityID() string { return r.PacketID + "/" + r.Key }

func scanPacketItem(sc scanner) (packetItemRow, error) {
	var r packetItemRow
	err := sc.Scan(&r.PacketID, &r.Key, &r.TheirsSHA256, &r.Outcome, &r.MergedAt, &r.MergedBy, &r.SourceFile)
	return r, err
}

// packetSide is what a merge reads from the packet file.
type packetSide struct {
	manifest     packetRow
	answers      map[string]answerRow // by "questionID@subject"
	attestations []attestationRow
}

// MergePacket brings an owner's packet back: the packet file must verify
// and must have been exported from this file. Every answer of the packet
// within its scope is considered: the owner's questions as recorded at
// export, including follow-ups that were not asked then and opened in the
// packet (their base is "no answer"); answers copied only as condition
// context are never merged back. For each one changed since export (or
// since the last merge of it): if this file's answer is unchanged since
// then, the packet's answer is applied
// (trail action "merge", keeping the owner as its author; the packet_item
// row records packet id, who merged, when and from which file); if both
// sides changed it differently, nothing is overwritten and a conflict is
// opened. Attestations made in the packet come along. Merging the same
// packet again changes nothing. The actor must be an assessor.
func (s *Store) MergePacket(ctx context.Context, path string) (MergeResult, error) {
	side, err := readPacketSide(ctx, path)
	if err != nil {
		return MergeResult{}, err
	}
	res := MergeResult{PacketID: side.manifest.PacketID, Owner: side.manifest.Owner}
	err = s.write(ctx, func(t *txn) error {
		if err := t.requireRole(ctx, model.RoleAssessor, "merge packets"); err != nil {
			return err
		}
		exp, err := scanPacket(t.tx.QueryRowContext(ctx, "SELECT "+packetCols+" FROM packet WHERE packet_id = ? AND direction = ?", res.PacketID, packetExport))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%s: packet %s was not exported from %s; merge it into the file it came from", path, res.PacketID, s.display)
		}
		if err != nil {
			return err
		}
		for _, k := range mergeKeys(exp, side) {
			if err := t.mergeAnswer(ctx, exp, k, side, filepath.Base(path), &res); err != nil {
				return err
			}
		}
		for _, a := range side.attestations {
			exists, err := t.attestationUIDExists(ctx, a.UID)
			if err != nil || exists {
				if err != nil {
					return err
				}
				continue
			}
			a.Packet = res.PacketID
			if _, err := t.insertAttestation(ctx, a, ActionMerge); err != nil {
				return err
			}
			res.Attestations++
		}
		return nil
	})
	return res, err
}

// mergeKeys lists, sorted, the keys of the packet's answers within the
// packet's scope: those whose base revision the export recorded in this
// file (the owner's questions of their controls and systems, asked at
// export or not). The scope comes from this file's export record, not the
// packet, so an owner cannot widen it; context answers have no base and
// stay out.
func mergeKeys(exp packetRow, side packetSide) []string {
	keys := make([]string, 0, len(side.answers))
	for k := range side.answers {
		if hasKey(exp.Base, k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// readPacketSide opens the packet read-only, refuses it unless it verifies,
// and reads its manifest, answers and attestations.
func readPacketSide(ctx context.Context, path string) (packetSide, error) {
	p, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		return packetSide{}, err
	}
	defer p.Close()
	rep, err := p.Verify(ctx)
	if err != nil {
		return packetSide{}, err
	}
	if !rep.OK() {
		return packetSide{}, fmt.Errorf("%s: packet fails verification (%s); not merged", path, rep.Problems()[0])
	}
	side := packetSide{answers: map[string]answerRow{}}
	err = p.read(ctx, func(tx *sql.Tx) error {
		side.manifest, err = scanPacket(tx.QueryRowContext(ctx, "SELECT "+packetCols+" FROM packet WHERE direction = ?", packetManifest))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("not a packet (no packet manifest); export one with auditwalk packet export")
		}
		if err != nil {
			return err
		}
		if err := eachRow(ctx, tx, "SELECT "+answerCols+" FROM answer", func(sc scanner) error {
			r, err := scanAnswer(sc)
			side.answers[model.ReviewKey(r.QuestionID, r.Subject)] = r
			return err
		}); err != nil {
			return err
		}
		return eachRow(ctx, tx, "SELECT id, "+attestationCols+" FROM attestation ORDER BY id", func(sc scanner) error {
			r, err := scanAttestation(sc)
			side.attestations = append(side.attestations, r)
			return err
		})
	})
	return side, err
}

// mergeAnswer merges one answer of the packet. The base is the content at
// export ("" for a question unanswered then, such as a follow-up that
// opened in the packet), or the packet's content last merged for this key
// (so a packet answered further after a merge can be merged again). With
// no base, this file's answer decides: still none → applied; the same →
// same; a different one the assessor gave meanwhile → conflict.
func (t *txn) mergeAnswer(ctx context.Context, exp packetRow, k string, side packetSide, source string, res *MergeResult) error {
	theirs, ok := side.answers[k]
	if !ok {
		return nil // the packet has no answer here: nothing to bring back (answers are never deleted)
	}
	th := answerContentHash(theirs, true)
	base := exp.Base[k]
	prior, err := scanPacketItem(t.tx.QueryRowContext(ctx, "SELECT "+packetItemCols+" FROM packet_item WHERE packet_id = ? AND key = ?", exp.PacketID, k))
	found := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if found {
		base = prior.TheirsSHA256
	}
	if th == base {
		return nil // unchanged in the packet since export or the last merge
	}
	key := model.AnswerKey{QuestionID: theirs.QuestionID, Subject: theirs.Subject}
	ours, oursOK, err := t.answerRow(ctx, key)
	if err != nil {
		return err
	}
	item := packetItemRow{PacketID: exp.PacketID, Key: k, TheirsSHA256: th, MergedAt: t.stamp, MergedBy: t.actor, SourceFile: source}
	switch oh := answerContentHash(ours, oursOK); {
	case oh == th:
		item.Outcome = outcomeSame
		res.Same = append(res.Same, key)
	case oh == base:
		item.Outcome = outcomeApplied
		if _, err := t.putAnswerRow(ctx, theirs, ActionMerge); err != nil {
			return err
		}
		res.Applied = append(res.Applied, key)
	default:
		item.Outcome = outcomeConflict
		oursJSON := ""
		if oursOK {
			oursJSON = encodeJSON(ours)
		}
		id, err := t.insertConflict(ctx, conflictRow{PacketID: exp.PacketID, QuestionID: key.QuestionID, Subject: key.Subject,
			Ours: oursJSON, Theirs: encodeJSON(theirs), Status: string(model.ConflictOpen), CreatedAt: t.stamp})
		if err != nil {
			return err
		}
		res.Conflicts = append(res.Conflicts, id)
	}
	before := ""
	if found {
		before = encodeJSON(prior)
	}
	q := "INSERT INTO packet_item (" + packetItemCols + ") VALUES (" + placeholders(packetItemCols) + ")" +
		" ON CONFLICT (packet_id, key) DO UPDATE SET " + excludedAssignments(packetItemCols)
	if _, err := t.tx.ExecContext(ctx, q, item.values()...); err != nil {
		return err
	}
	return t.record(ctx, ActionMerge, EntityPacketItem, item.entityID(), before, encodeJSON(item))
}
