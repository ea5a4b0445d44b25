package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
)

// packRecord is the trail's view of pack_source: the source itself is
// represented by its SHA-256 and size, so records stay small.
type packRecord struct {
	PackID       string `json:"pack_id"`
	Version      string `json:"version"`
	Hash         string `json:"hash"`
	SourceSHA256 string `json:"source_sha256"`
	SourceSize   int    `json:"source_size"`
	RecordedAt   string `json:"recorded_at"`
}

func (r packRecord) content() packRecord { r.RecordedAt = ""; return r }

// StartEngagement records the pack the walkthrough runs on: its id, version
// and content hash on the engagement, and its exact source bytes, so the
// engagement can be reloaded with that pack after the binary's packs change.
// Calling it again with the same pack changes nothing; a different pack
// replaces the record (a deliberate pack upgrade), and the trail keeps both.
func (s *Store) StartEngagement(ctx context.Context, packID, version, hash string, source []byte) error {
	if packID == "" || len(source) == 0 {
		return fmt.Errorf("start engagement: pack id and source are required")
	}
	sum := sha256.Sum256(source)
	return s.write(ctx, func(t *txn) error {
		rec := packRecord{PackID: packID, Version: version, Hash: hash, SourceSHA256: hex.EncodeToString(sum[:]),
			SourceSize: len(source), RecordedAt: t.stamp}
		cur, found, err := t.packRecord(ctx)
		if err != nil {
			return err
		}
		if !found || encodeJSON(cur.content()) != encodeJSON(rec.content()) {
			_, err := t.tx.ExecContext(ctx, `INSERT INTO pack_source (id, pack_id, version, hash, source, recorded_at)
				VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET pack_id = excluded.pack_id,
				version = excluded.version, hash = excluded.hash, source = excluded.source, recorded_at = excluded.recorded_at`,
				packID, version, hash, source, t.stamp)
			if err != nil {
				return err
			}
			before := ""
			if found {
				before = encodeJSON(cur)
			}
			if err := t.record(ctx, ActionStart, EntityPack, "1", before, encodeJSON(rec)); err != nil {
				return err
			}
		}
		e, found, err := t.engagement(ctx)
		if err != nil {
			return err
		}
		next := e
		if !found {
			next.CreatedAt = t.stamp
		}
		next.PackID, next.PackVersion, next.PackHash = packID, version, hash
		_, err = t.putEngagement(ctx, e, found, next)
		return err
	})
}

func (t *txn) packRecord(ctx context.Context) (packRecord, bool, error) {
	return readPackRecord(t.tx.QueryRowContext(ctx,
		"SELECT pack_id, version, hash, source, recorded_at FROM pack_source WHERE id = 1"))
}

func readPackRecord(row scanner) (packRecord, bool, error) {
	var r packRecord
	var src []byte
	err := row.Scan(&r.PackID, &r.Version, &r.Hash, &src, &r.RecordedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, err
	}
	sum := sha256.Sum256(src)
	r.SourceSHA256, r.SourceSize = hex.EncodeToString(sum[:]), len(src)
	return r, true, nil
}

// PackSource returns the recorded pack; ok is false when the walkthrough
// has not been started.
func (s *Store) PackSource(ctx context.Context) (id, version, hash string, src []byte, ok bool, err error) {
	err = s.db.QueryRowContext(ctx, "SELECT pack_id, version, hash, source FROM pack_source WHERE id = 1").
		Scan(&id, &version, &hash, &src)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", "", nil, false, nil
	}
	if err != nil {
		return "", "", "", nil, false, s.classify(err)
	}
	return id, version, hash, src, true, nil
}
