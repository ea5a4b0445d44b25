package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// EvidenceTargetType names what an evidence file is attached to.
type EvidenceTargetType string

// Evidence target types. The key of an answer target is
// "questionID@subject"; of a system, vendor or exception its id.
const (
	TargetAnswer    EvidenceTargetType = "answer"
	TargetSystem    EvidenceTargetType = "system"
	TargetVendor    EvidenceTargetType = "vendor"
	TargetException EvidenceTargetType = "exception"
)

// EvidenceTargetTypes lists the target types.
func EvidenceTargetTypes() []EvidenceTargetType {
	return []EvidenceTargetType{TargetAnswer, TargetSystem, TargetVendor, TargetException}
}

// EvidenceTarget is what an evidence file supports.
type EvidenceTarget struct {
	Type EvidenceTargetType `json:"type"`
	Key  string             `json:"key"`
}

// String renders the target as ParseEvidenceTarget reads it.
func (t EvidenceTarget) String() string { return string(t.Type) + ":" + t.Key }

// ParseEvidenceTarget reads "answer:QID[@subject]", "system:NAME-OR-ID",
// "vendor:NAME-OR-ID" or "exception:ID" (also "EX-7"). An answer without a
// subject is about the organisation. Names are not resolved here: the store
// turns a system or vendor name into its id.
func ParseEvidenceTarget(s string) (EvidenceTarget, error) {
	typ, key, ok := strings.Cut(strings.TrimSpace(s), ":")
	key = strings.TrimSpace(key)
	t := EvidenceTarget{Type: EvidenceTargetType(strings.ToLower(strings.TrimSpace(typ))), Key: key}
	if !ok || !slices.Contains(EvidenceTargetTypes(), t.Type) {
		return t, fmt.Errorf("evidence target %q: use answer:QID[@subject], system:NAME, vendor:NAME or exception:ID", s)
	}
	if key == "" {
		return t, fmt.Errorf("evidence target %q: the %s is missing after the colon", s, t.Type)
	}
	switch t.Type {
	case TargetAnswer:
		q, subject, found := strings.Cut(key, "@")
		if !found || strings.TrimSpace(subject) == "" {
			subject = SubjectOrg
		}
		if strings.TrimSpace(q) == "" {
			return t, fmt.Errorf("evidence target %q: the question id is missing", s)
		}
		t.Key = strings.TrimSpace(q) + "@" + strings.TrimSpace(subject)
	case TargetException:
		k := strings.TrimPrefix(strings.ToUpper(key), "EX-")
		if id, err := strconv.ParseInt(k, 10, 64); err != nil || id <= 0 {
			return t, fmt.Errorf("evidence target %q: an exception is named by its number", s)
		}
		t.Key = k
	}
	return t, nil
}

// Evidence is a file attached to an answer, system, vendor or exception.
// Stored files travel inside the engagement file; reference-only ones (too
// large, or not allowed to leave the client's site) keep the path and hash.
type Evidence struct {
	ID     int64          `json:"id"`
	Target EvidenceTarget `json:"target"`
	// Path is where the file was attached from (absolute), for re-hashing.
	Path string `json:"path"`
	// Name is the file's base name, for display.
	Name       string    `json:"name"`
	Size       int64     `json:"size"`
	SHA256     string    `json:"sha256"`
	AttachedBy string    `json:"attached_by"`
	AttachedAt time.Time `json:"attached_at"`
	// EffectiveDate is the date the evidence speaks for, which can differ
	// from when it was collected; RetentionDate is when it may be deleted.
	EffectiveDate Date   `json:"effective_date,omitempty"`
	RetentionDate Date   `json:"retention_date,omitempty"`
	Stored        bool   `json:"stored"`
	Note          string `json:"note,omitempty"`
}

// Ref is how people refer to the file ("EV-3").
func (e Evidence) Ref() string { return "EV-" + strconv.FormatInt(e.ID, 10) }

// Validate checks the dates a person typed.
func (e Evidence) Validate() error {
	for _, d := range []struct {
		name string
		v    Date
	}{{"effective date", e.EffectiveDate}, {"retention date", e.RetentionDate}} {
		if d.v == "" {
			continue
		}
		if _, ok := d.v.Time(); !ok {
			return fmt.Errorf("%s %q is not a date (YYYY-MM-DD)", d.name, d.v)
		}
	}
	if e.EffectiveDate != "" && e.RetentionDate != "" && e.RetentionDate < e.EffectiveDate {
		return fmt.Errorf("retention date %s is before the effective date %s", e.RetentionDate, e.EffectiveDate)
	}
	return nil
}

// EvidenceOutsidePeriod reports whether evidence cannot speak for a Type 2
// engagement's observation period: its effective date falls before the
// period starts or after it ends. Type 1 engagements, engagements without a
// period and evidence without an effective date are never flagged. The
// reason is one line for the user.
func EvidenceOutsidePeriod(e Evidence, eng Engagement) (bool, string) {
	if eng.Readiness != Type2 || eng.PeriodStart == "" || eng.PeriodEnd == "" || e.EffectiveDate == "" {
		return false, ""
	}
	switch {
	case e.EffectiveDate < eng.PeriodStart:
		return true, fmt.Sprintf("effective %s, before the observation period %s to %s", e.EffectiveDate, eng.PeriodStart, eng.PeriodEnd)
	case e.EffectiveDate > eng.PeriodEnd:
		return true, fmt.Sprintf("effective %s, after the observation period %s to %s", e.EffectiveDate, eng.PeriodStart, eng.PeriodEnd)
	}
	return false, ""
}
