package data

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"

	"auditwalk/model"
)

// EntityEvidence is the activity entity of evidence files.
const EntityEvidence = "evidence"

// evidenceRow is a row of evidence without its content. It is also the
// trail's view of the row: ContentSHA256 is the SHA-256 of the stored bytes
// ("" when not stored), so Verify notices swapped content without the trail
// carrying the file.
type evidenceRow struct {
	ID            int64  `json:"id"`
	TargetType    string `json:"target_type"`
	TargetKey     string `json:"target_key"`
	Path          string `json:"path"`
	Name          string `json:"name"`
	Size          int64  `json:"size"`
	SHA256        string `json:"sha256"`
	AttachedBy    string `json:"attached_by"`
	AttachedAt    string `json:"attached_at"`
	EffectiveDate string `json:"effective_date"`
	RetentionDate string `json:"retention_date"`
	Stored        bool   `json:"stored"`
	ContentSHA256 string `json:"content_sha256"`
	Note          string `json:"note"`
}

// evidenceCols excludes id (assigned) and content (read only on demand).
const evidenceCols = "target_type, target_key, path, name, size, sha256, attached_by, attached_at, effective_date, retention_date, stored, note"

func (r evidenceRow) values() []any {
	return []any{r.TargetType, r.TargetKey, r.Path, r.Name, r.Size, r.SHA256, r.AttachedBy, r.AttachedAt,
		r.EffectiveDate, r.RetentionDate, r.Stored, r.Note}
}

func (r evidenceRow) entityID() string { return strconv.FormatInt(r.ID, 10) }

// evidenceSelect reads rows with their content, which scanEvidence hashes
// (for Verify); evidenceListSelect reads them without, so listing never
// loads the files.
const (
	evidenceSelect     = "SELECT id, " + evidenceCols + ", content FROM evidence"
	evidenceListSelect = "SELECT id, " + evidenceCols + ", NULL FROM evidence"
)

// scanEvidence reads a row selected by evidenceSelect or evidenceListSelect,
// hashing the content when there is one.
func scanEvidence(sc scanner) (evidenceRow, error) {
	var r evidenceRow
	var content []byte
	err := sc.Scan(&r.ID, &r.TargetType, &r.TargetKey, &r.Path, &r.Name, &r.Size, &r.SHA256, &r.AttachedBy,
		&r.AttachedAt, &r.EffectiveDate, &r.RetentionDate, &r.Stored, &r.Note, &content)
	if err != nil {
		return r, err
	}
	// The driver reads an empty blob back as nil; stored says there is one.
	// (evidenceListSelect reads no content: its hash is not used.)
	if r.Stored {
		r.ContentSHA256 = sha256Hex(content)
	}
	return r, nil
}

func (r evidenceRow) model() (model.Evidence, error) {
	t, err := parseTime(r.AttachedAt)
	if err != nil {
		return model.Evidence{}, fmt.Errorf("evidence %d: attached_at: %w", r.ID, err)
	}
	return model.Evidence{
		ID: r.ID, Target: model.EvidenceTarget{Type: model.EvidenceTargetType(r.TargetType), Key: r.TargetKey},
		Path: r.Path, Name: r.Name, Size: r.Size, SHA256: r.SHA256, AttachedBy: r.AttachedBy, AttachedAt: t,
		EffectiveDate: model.Date(r.EffectiveDate), RetentionDate: model.Date(r.RetentionDate),
		Stored: r.Stored, Note: r.Note,
	}, nil
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
