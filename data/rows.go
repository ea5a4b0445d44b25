package data

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"auditwalk/model"
)

// timeLayout is RFC 3339 in UTC with exactly nine fractional digits: a fixed
// width, so stored times sort correctly as text (RFC3339Nano trims zeros,
// and "05Z" would sort after "05.5Z"). time.RFC3339Nano parses it.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }

// scanner is *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// The *Row types mirror the tables column for column. They are what is
// written, what is read back, and what the activity trail records: their
// canonical JSON (encoding/json, struct field order, sorted map keys,
// empty lists as []) is the trail's before/after, so Verify can compare a
// current row with its last recorded state byte for byte.

// answerRow is a row of answer.
type answerRow struct {
	QuestionID    string   `json:"question_id"`
	Subject       string   `json:"subject"`
	Value         string   `json:"value"`
	Choices       []string `json:"choices"`
	Justification string   `json:"justification"`
	Source        string   `json:"source"`
	Note          string   `json:"note"`
	Flagged       bool     `json:"flagged"`
	UpdatedAt     string   `json:"updated_at"`
	UpdatedBy     string   `json:"updated_by"`
}

const answerCols = "question_id, subject, value, choices, justification, source, note, flagged, updated_at, updated_by"

func newAnswerRow(a model.Answer, at, by string) answerRow {
	return answerRow{
		QuestionID: a.QuestionID, Subject: a.Subject, Value: a.Value, Choices: list(a.Choices),
		Justification: a.Justification, Source: string(a.Source), Note: a.Note, Flagged: a.Flagged,
		UpdatedAt: at, UpdatedBy: by,
	}
}

func (r answerRow) values() []any {
	return []any{r.QuestionID, r.Subject, r.Value, encodeJSON(r.Choices), r.Justification, r.Source, r.Note, r.Flagged, r.UpdatedAt, r.UpdatedBy}
}

func (r answerRow) entityID() string { return r.Subject + "/" + r.QuestionID }

// content is the row without its change stamp, to tell a real change from
// a re-save of the same answer.
func (r answerRow) content() answerRow { r.UpdatedAt, r.UpdatedBy = "", ""; return r }

func scanAnswer(sc scanner) (answerRow, error) {
	var r answerRow
	var choices string
	if err := sc.Scan(&r.QuestionID, &r.Subject, &r.Value, &choices, &r.Justification, &r.Source, &r.Note, &r.Flagged, &r.UpdatedAt, &r.UpdatedBy); err != nil {
		return r, err
	}
	err := decodeJSON(choices, &r.Choices, "answer "+r.entityID()+" choices")
	return r, err
}

func (r answerRow) model() (model.Answer, error) {
	t, err := parseTime(r.UpdatedAt)
	if err != nil {
		return model.Answer{}, fmt.Errorf("answer %s: updated_at: %w", r.entityID(), err)
	}
	return model.Answer{
		QuestionID: r.QuestionID, Subject: r.Subject, Value: r.Value, Choices: unlist(r.Choices),
		Justification: r.Justification, Source: model.Source(r.Source), Note: r.Note, Flagged: r.Flagged,
		UpdatedAt: t, UpdatedBy: r.UpdatedBy,
	}, nil
}

// engagementRow is the single row of engagement.
type engagementRow struct {
	Name        string `json:"name"`
	Client      string `json:"client"`
	Assessor    string `json:"assessor"`
	Readiness   string `json:"readiness"`
	PeriodStart string `json:"period_start"`
	PeriodEnd   string `json:"period_end"`
	AsOf        string `json:"as_of"`
	PackID      string `json:"pack_id"`
	PackVersion string `json:"pack_version"`
	PackHash    string `json:"pack_hash"`
	CreatedAt   string `json:"created_at"`
	// ChangeWindow is omitted from the JSON when empty so the trail records
	// of files written before migration 0005 still match their rows.
	ChangeWindow string `json:"change_window,omitempty"`
}

const engagementCols = "name, client, assessor, readiness, period_start, period_end, as_of, pack_id, pack_version, pack_hash, created_at, change_window"

func newEngagementRow(e model.Engagement, createdAt string) engagementRow {
	return engagementRow{
		Name: e.Name, Client: e.Client, Assessor: e.Assessor, Readiness: string(e.Readiness),
		PeriodStart: string(e.PeriodStart), PeriodEnd: string(e.PeriodEnd), AsOf: string(e.AsOf),
		PackID: e.PackID, PackVersion: e.PackVersion, PackHash: e.PackHash, CreatedAt: createdAt,
		ChangeWindow: e.ChangeWindow.String(),
	}
}

func (r engagementRow) values() []any {
	return []any{r.Name, r.Client, r.Assessor, r.Readiness, r.PeriodStart, r.PeriodEnd, r.AsOf, r.PackID, r.PackVersion, r.PackHash, r.CreatedAt, r.ChangeWindow}
}

func scanEngagement(sc scanner) (engagementRow, error) {
	var r engagementRow
	err := sc.Scan(&r.Name, &r.Client, &r.Assessor, &r.Readiness, &r.PeriodStart, &r.PeriodEnd, &r.AsOf, &r.PackID, &r.PackVersion, &r.PackHash, &r.CreatedAt, &r.ChangeWindow)
	return r, err
}

func (r engagementRow) model() (model.Engagement, error) {
	t, err := parseTime(r.CreatedAt)
	if err != nil {
		return model.Engagement{}, fmt.Errorf("engagement: created_at: %w", err)
	}
	window, err := model.ParseChangeWindow(r.ChangeWindow)
	if err != nil {
		return model.Engagement{}, fmt.Errorf("engagement: change_window: %w", err)
	}
	return model.Engagement{
		Name: r.Name, Client: r.Client, Assessor: r.Assessor, Readiness: model.ReadinessType(r.Readiness),
		PeriodStart: model.Date(r.PeriodStart), PeriodEnd: model.Date(r.PeriodEnd), AsOf: model.Date(r.AsOf),
		PackID: r.PackID, PackVersion: r.PackVersion, PackHash: r.PackHash, CreatedAt: t,
		ChangeWindow: window,
	}, nil
}

// list normalises a list for storage: never nil, so it encodes as [].
func list[T ~string](in []T) []string {
	out := make([]string, len(in))
	for i, v := range in {
		out[i] = string(v)
	}
	return out
}

// unlist turns a stored list back into a model list; empty becomes nil so
// values round-trip.
func unlist(in []string) []string {
	if len(in) == 0 {
		return nil
	}
	return in
}

// encodeJSON is the canonical encoding of a column value or a trail record.
// It cannot fail for the types used here (strings, ints, bools, maps with
// string keys).
func encodeJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("data: canonical JSON of %T: %v", v, err)) // unreachable for our row types
	}
	return string(b)
}

func decodeJSON(s string, dst any, what string) error {
	if err := json.Unmarshal([]byte(s), dst); err != nil {
		return fmt.Errorf("%s: stored value %q is not valid JSON: %w", what, truncate(s, 40), err)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// placeholders returns "?, ?, ..." for the columns in cols.
func placeholders(cols string) string {
	n := strings.Count(cols, ",") + 1
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// assignments returns "a = ?, b = ?" for the columns in cols.
func assignments(cols string) string {
	parts := strings.Split(cols, ", ")
	for i, c := range parts {
		parts[i] = c + " = ?"
	}
	return strings.Join(parts, ", ")
}

// nullInt64 maps 0 (no link) to NULL.
func nullInt64(p *int64) sql.NullInt64 {
	if p == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: *p, Valid: true}
}
