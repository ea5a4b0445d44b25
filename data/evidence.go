package data

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"auditwalk/model"
)

// DefaultMaxStoredBytes is the largest evidence file stored inside the
// engagement file; larger files are kept by reference and hash only.
const DefaultMaxStoredBytes int64 = 25 << 20

// AttachOptions describe an evidence attachment.
type AttachOptions struct {
	// EffectiveDate is the date the evidence speaks for; Retention the date
	// it may be deleted after. Both optional.
	EffectiveDate model.Date
	Retention     model.Date
	// ReferenceOnly keeps only path, size and hash, for evidence that may
	// not leave the client's site.
	ReferenceOnly bool
	// MaxStoredBytes is the size limit for storing the bytes; 0 means
	// DefaultMaxStoredBytes.
	MaxStoredBytes int64
	// Note is a free-text description.
	Note string
}

// AttachEvidence hashes the file at path while reading it once and attaches
// it to target ("answer:QID[@subject]", "system:NAME-OR-ID",
// "vendor:NAME-OR-ID" or "exception:ID"). A file no larger than the limit is
// stored in the engagement file unless ReferenceOnly is set, so the
// engagement travels as one package. The target must exist (an answer's
// question is not checked: the store does not parse packs).
func (s *Store) AttachEvidence(ctx context.Context, target, path string, opts AttachOptions) (model.Evidence, error) {
	tgt, err := model.ParseEvidenceTarget(target)
	if err != nil {
		return model.Evidence{}, err
	}
	ev := model.Evidence{EffectiveDate: opts.EffectiveDate, RetentionDate: opts.Retention, Note: strings.TrimSpace(opts.Note)}
	if err := ev.Validate(); err != nil {
		return ev, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return ev, fmt.Errorf("%s: %w", path, err)
	}
	limit := opts.MaxStoredBytes
	if limit <= 0 {
		limit = DefaultMaxStoredBytes
	}
	if opts.ReferenceOnly {
		limit = -1
	}
	sum, size, content, err := hashFile(abs, path, limit)
	if err != nil {
		return ev, err
	}
	var out model.Evidence
	err = s.write(ctx, func(t *txn) error {
		resolved, err := t.resolveTarget(ctx, tgt)
		if err != nil {
			return err
		}
		r := evidenceRow{TargetType: string(resolved.Type), TargetKey: resolved.Key, Path: abs, Name: filepath.Base(abs),
			Size: size, SHA256: sum, AttachedBy: t.actor, AttachedAt: t.stamp, EffectiveDate: string(opts.EffectiveDate),
			RetentionDate: string(opts.Retention), Stored: content != nil, Note: ev.Note}
		if content != nil {
			r.ContentSHA256 = sum
		}
		res, err := t.tx.ExecContext(ctx, "INSERT INTO evidence ("+evidenceCols+", content) VALUES ("+placeholders(evidenceCols)+", ?)",
			append(r.values(), content)...)
		if err != nil {
			return err
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if err := t.record(ctx, ActionCreate, EntityEvidence, r.entityID(), "", encodeJSON(r)); err != nil {
			return err
		}
		out, err = r.model()
		return err
	})
	return out, err
}

// hashFile streams the file through SHA-256. With limit >= 0 it also keeps
// the bytes while they stay within limit; content is nil when the file is
// larger (or limit < 0).
func hashFile(abs, display string, limit int64) (sum string, size int64, content []byte, err error) {
	f, err := os.Open(abs)
	if err != nil {
		return "", 0, nil, fmt.Errorf("%s: %w", display, unwrapPath(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", 0, nil, fmt.Errorf("%s: %w", display, unwrapPath(err))
	}
	if !fi.Mode().IsRegular() {
		return "", 0, nil, fmt.Errorf("%s: not a regular file", display)
	}
	h := sha256.New()
	var keep *capBuffer
	w := io.Writer(h)
	if limit >= 0 && fi.Size() <= limit {
		keep = &capBuffer{limit: limit}
		keep.buf.Grow(int(fi.Size()))
		w = io.MultiWriter(h, keep)
	}
	n, err := io.Copy(w, f)
	if err != nil {
		return "", 0, nil, fmt.Errorf("%s: %w", display, unwrapPath(err))
	}
	if keep != nil && !keep.over {
		// Never nil for a stored file, even an empty one: nil means "by
		// reference" to the caller and NULL to the table.
		if content = keep.buf.Bytes(); content == nil {
			content = []byte{}
		}
	}
	return hex.EncodeToString(h.Sum(nil)), n, content, nil
}

// capBuffer keeps bytes up to limit and then drops them all (the file grew
// while being read: it is kept by reference instead).
type capBuffer struct {
	buf   bytes.Buffer
	limit int64
	over  bool
}

func (c *capBuffer) Write(p []byte) (int, error) {
	if c.over || int64(c.buf.Len()+len(p)) > c.limit {
		c.over = true
		c.buf = bytes.Buffer{}
		return len(p), nil
	}
	return c.buf.Write(p)
}

// unwrapPath drops the *PathError wrapper (its path is the absolute one;
// messages name the file as the user typed it).
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// resolveTarget checks that the target exists and turns system and vendor
// names into ids (and an answer's "system:NAME" subject into "system:ID").
func (t *txn) resolveTarget(ctx context.Context, tgt model.EvidenceTarget) (model.EvidenceTarget, error) {
	switch tgt.Type {
	case model.TargetSystem, model.TargetVendor:
		id, err := t.idOrName(ctx, string(tgt.Type), tgt.Key)
		if err != nil {
			return tgt, err
		}
		tgt.Key = strconv.FormatInt(id, 10)
	case model.TargetException:
		var n int
		if err := t.tx.QueryRowContext(ctx, "SELECT count(*) FROM exception WHERE id = ?", tgt.Key).Scan(&n); err != nil {
			return tgt, err
		}
		if n == 0 {
			return tgt, fmt.Errorf("exception EX-%s: %w", tgt.Key, ErrNotFound)
		}
	case model.TargetAnswer:
		q, subject, _ := strings.Cut(tgt.Key, "@")
		if subject != model.SubjectOrg {
			id, err := t.idOrName(ctx, "system", strings.TrimPrefix(subject, "system:"))
			if err != nil {
				return tgt, err
			}
			tgt.Key = q + "@" + model.SystemSubject(id)
		}
	}
	return tgt, nil
}

// idOrName finds a system or vendor by id or (case-insensitive) name.
func (t *txn) idOrName(ctx context.Context, table, key string) (int64, error) {
	if id, err := strconv.ParseInt(key, 10, 64); err == nil {
		var n int
		if err := t.tx.QueryRowContext(ctx, "SELECT count(*) FROM "+table+" WHERE id = ?", id).Scan(&n); err != nil {
			return 0, err
		}
		if n > 0 {
			return id, nil
		}
	}
	id, err := t.lookupID(ctx, table, key)
	if err != nil {
		return 0, err
	}
	if id == 0 {
		return 0, fmt.Errorf("no %s named %s: %w", table, strconv.Quote(key), ErrNotFound)
	}
	return id, nil
}

// ListEvidence returns every evidence file, oldest first, without content.
func (s *Store) ListEvidence(ctx context.Context) ([]model.Evidence, error) {
	rows, err := s.db.QueryContext(ctx, evidenceListSelect+" ORDER BY id")
	if err != nil {
		return nil, s.fail("list evidence", err)
	}
	defer rows.Close()
	var out []model.Evidence
	for rows.Next() {
		r, err := scanEvidence(rows)
		if err != nil {
			return nil, s.fail("list evidence", err)
		}
		ev, err := r.model()
		if err != nil {
			return nil, s.fail("list evidence", err)
		}
		out = append(out, ev)
	}
	return out, s.classify(rows.Err())
}

// DeleteEvidence removes an evidence file (and its stored bytes); the trail
// keeps its record, hash included.
func (s *Store) DeleteEvidence(ctx context.Context, id int64) error {
	return s.write(ctx, func(t *txn) error {
		cur, err := scanEvidence(t.tx.QueryRowContext(ctx, evidenceSelect+" WHERE id = ?", id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("evidence EV-%d: %w", id, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if _, err := t.tx.ExecContext(ctx, "DELETE FROM evidence WHERE id = ?", id); err != nil {
			return err
		}
		return t.record(ctx, ActionDelete, EntityEvidence, cur.entityID(), encodeJSON(cur), "")
	})
}

// ExtractEvidence writes a stored evidence file's bytes to w. A
// reference-only file is an error naming where the original lives.
func (s *Store) ExtractEvidence(ctx context.Context, id int64, w io.Writer) error {
	var content []byte
	var path string
	var stored bool
	err := s.db.QueryRowContext(ctx, "SELECT path, stored, content FROM evidence WHERE id = ?", id).Scan(&path, &stored, &content)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("evidence EV-%d: %w", id, ErrNotFound)
	case err != nil:
		return s.fail("extract evidence", err)
	case !stored:
		return fmt.Errorf("evidence EV-%d is kept by reference only: the file is %s", id, path)
	}
	_, err = w.Write(content)
	return err
}

// EvidenceStatus is the outcome of re-hashing one evidence file.
type EvidenceStatus string

// Evidence check outcomes.
const (
	EvidenceOK         EvidenceStatus = "ok"
	EvidenceChanged    EvidenceStatus = "changed"
	EvidenceMissing    EvidenceStatus = "missing"
	EvidenceUnreadable EvidenceStatus = "unreadable"
)

// EvidenceCheck is one re-hashed evidence file.
type EvidenceCheck struct {
	Evidence model.Evidence
	Status   EvidenceStatus
	// Actual is the SHA-256 found when it differs from the recorded one.
	Actual string
	// Detail explains a status other than ok in one line.
	Detail string
	// OutsidePeriod flags evidence whose effective date falls outside a
	// Type 2 engagement's observation period; PeriodNote says how.
	OutsidePeriod bool
	PeriodNote    string
}

// Failed reports whether the file changed, vanished or cannot be read.
func (c EvidenceCheck) Failed() bool { return c.Status != EvidenceOK }

// RehashEvidence re-hashes every evidence file: stored ones against their
// stored bytes, reference-only ones against the file at their path, which
// may have changed or gone. It writes nothing (it works read-only). Files
// are read one at a time, so memory stays bounded by the largest stored
// file.
func (s *Store) RehashEvidence(ctx context.Context) ([]EvidenceCheck, error) {
	list, err := s.ListEvidence(ctx)
	if err != nil {
		return nil, err
	}
	eng, err := s.loadEngagementOnly(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]EvidenceCheck, 0, len(list))
	for _, ev := range list {
		c := EvidenceCheck{Evidence: ev, Status: EvidenceOK}
		c.OutsidePeriod, c.PeriodNote = model.EvidenceOutsidePeriod(ev, eng)
		got, err := s.currentHash(ctx, ev)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			c.Status, c.Detail = EvidenceMissing, ev.Path+": file not found"
		case err != nil:
			c.Status, c.Detail = EvidenceUnreadable, oneLineErr(err)
		case got != ev.SHA256:
			c.Status, c.Actual = EvidenceChanged, got
			where := ev.Path
			if ev.Stored {
				where = "stored copy"
			}
			c.Detail = fmt.Sprintf("%s: SHA-256 is now %s, recorded %s", where, got, ev.SHA256)
		}
		out = append(out, c)
	}
	return out, nil
}

// currentHash hashes the stored bytes or the referenced file.
func (s *Store) currentHash(ctx context.Context, ev model.Evidence) (string, error) {
	var h hash.Hash = sha256.New()
	if ev.Stored {
		var content []byte
		if err := s.db.QueryRowContext(ctx, "SELECT content FROM evidence WHERE id = ?", ev.ID).Scan(&content); err != nil {
			return "", s.fail("rehash evidence", err)
		}
		h.Write(content)
		return hex.EncodeToString(h.Sum(nil)), nil
	}
	f, err := os.Open(ev.Path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("%s: %w", ev.Path, unwrapPath(err))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// loadEngagementOnly reads the engagement header (zero when not set up).
func (s *Store) loadEngagementOnly(ctx context.Context) (model.Engagement, error) {
	var snap model.Snapshot
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return snap.Engagement, s.fail("load", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	if err := loadEngagement(ctx, tx, &snap); err != nil {
		return snap.Engagement, s.fail("load", err)
	}
	return snap.Engagement, nil
}

func oneLineErr(err error) string {
	return strings.NewReplacer("\n", " ", "\r", " ").Replace(err.Error())
}
