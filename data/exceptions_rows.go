package data

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"auditwalk/model"
)

// Activity entities of exceptions and tasks.
const (
	EntityException = "exception"
	EntityTask      = "task"
)

// exceptionRow is a row of exception with its JSON columns decoded, so its
// canonical JSON (the trail's before/after) reads naturally. Lists are never
// nil and times are UTC, so a row read back encodes byte for byte as written.
type exceptionRow struct {
	ID                 int64                    `json:"id"`
	Kind               string                   `json:"kind"`
	Rule               string                   `json:"rule"`
	Title              string                   `json:"title"`
	Detail             string                   `json:"detail"`
	Citations          []model.Citation         `json:"citations"`
	SystemIDs          []int64                  `json:"system_ids"`
	VendorIDs          []int64                  `json:"vendor_ids"`
	ControlIDs         []string                 `json:"control_ids"`
	Criteria           []string                 `json:"criteria"`
	Severity           string                   `json:"severity"`
	SuggestedSeverity  string                   `json:"suggested_severity"`
	SeverityReason     string                   `json:"severity_reason"`
	Owner              string                   `json:"owner"`
	Status             string                   `json:"status"`
	Decision           model.Decision           `json:"decision"`
	RaisedBy           string                   `json:"raised_by"`
	RaisedAt           string                   `json:"raised_at"`
	UpdatedAt          string                   `json:"updated_at"`
	ManagementResponse model.ManagementResponse `json:"management_response"`
	Fingerprint        string                   `json:"fingerprint"`
	History            []model.StatusChange     `json:"history"`
}

// exceptionCols excludes id, which SQLite assigns on insert.
const exceptionCols = "kind, rule, title, detail, citations, system_ids, vendor_ids, control_ids, criteria, severity, suggested_severity, severity_reason, owner, status, decision, raised_by, raised_at, updated_at, management_response, fingerprint, history"

func newExceptionRow(e model.Exception) exceptionRow {
	d := e.Decision
	if !d.At.IsZero() {
		d.At = d.At.UTC()
	}
	hist := make([]model.StatusChange, len(e.History))
	for i, h := range e.History {
		h.At = h.At.UTC()
		hist[i] = h
	}
	return exceptionRow{
		ID: e.ID, Kind: string(e.Kind), Rule: e.Rule, Title: e.Title, Detail: e.Detail,
		Citations: nonNil(e.Citations), SystemIDs: nonNil(e.SystemIDs), VendorIDs: nonNil(e.VendorIDs),
		ControlIDs: nonNil(e.ControlIDs), Criteria: nonNil(e.Criteria),
		Severity: string(e.Severity), SuggestedSeverity: string(e.SuggestedSeverity), SeverityReason: e.SeverityReason,
		Owner: e.Owner, Status: string(e.Status), Decision: d, RaisedBy: e.RaisedBy,
		RaisedAt: formatTime(e.RaisedAt), UpdatedAt: formatTime(e.UpdatedAt),
		ManagementResponse: e.ManagementResponse, Fingerprint: e.Fingerprint, History: hist,
	}
}

func nonNil[T any](in []T) []T {
	if in == nil {
		return []T{}
	}
	return slices.Clone(in)
}

func nilIfEmpty[T any](in []T) []T {
	if len(in) == 0 {
		return nil
	}
	return in
}

func (r exceptionRow) values() []any {
	return []any{r.Kind, r.Rule, r.Title, r.Detail, encodeJSON(r.Citations), encodeJSON(r.SystemIDs),
		encodeJSON(r.VendorIDs), encodeJSON(r.ControlIDs), encodeJSON(r.Criteria), r.Severity, r.SuggestedSeverity,
		r.SeverityReason, r.Owner, r.Status, encodeJSON(r.Decision), r.RaisedBy, r.RaisedAt, r.UpdatedAt,
		encodeJSON(r.ManagementResponse), r.Fingerprint, encodeJSON(r.History)}
}

func (r exceptionRow) entityID() string { return strconv.FormatInt(r.ID, 10) }

func scanException(sc scanner) (exceptionRow, error) {
	var r exceptionRow
	var cites, sys, ven, ctl, crit, dec, mr, hist string
	err := sc.Scan(&r.ID, &r.Kind, &r.Rule, &r.Title, &r.Detail, &cites, &sys, &ven, &ctl, &crit, &r.Severity,
		&r.SuggestedSeverity, &r.SeverityReason, &r.Owner, &r.Status, &dec, &r.RaisedBy, &r.RaisedAt, &r.UpdatedAt,
		&mr, &r.Fingerprint, &hist)
	if err != nil {
		return r, err
	}
	what := "exception " + r.entityID()
	for _, f := range []struct {
		src string
		dst any
		col string
	}{{cites, &r.Citations, "citations"}, {sys, &r.SystemIDs, "system_ids"}, {ven, &r.VendorIDs, "vendor_ids"},
		{ctl, &r.ControlIDs, "control_ids"}, {crit, &r.Criteria, "criteria"}, {dec, &r.Decision, "decision"},
		{mr, &r.ManagementResponse, "management_response"}, {hist, &r.History, "history"}} {
		if err := decodeJSON(f.src, f.dst, what+" "+f.col); err != nil {
			return r, err
		}
	}
	r.Citations, r.SystemIDs, r.VendorIDs = nonNil(r.Citations), nonNil(r.SystemIDs), nonNil(r.VendorIDs)
	r.ControlIDs, r.Criteria, r.History = nonNil(r.ControlIDs), nonNil(r.Criteria), nonNil(r.History)
	return r, nil
}

func (r exceptionRow) model() (model.Exception, error) {
	raised, err := parseTime(r.RaisedAt)
	if err != nil {
		return model.Exception{}, fmt.Errorf("exception %d: raised_at: %w", r.ID, err)
	}
	updated, err := parseTime(r.UpdatedAt)
	if err != nil {
		return model.Exception{}, fmt.Errorf("exception %d: updated_at: %w", r.ID, err)
	}
	return model.Exception{
		ID: r.ID, Kind: model.ExceptionKind(r.Kind), Rule: r.Rule, Title: r.Title, Detail: r.Detail,
		Citations: nilIfEmpty(r.Citations), SystemIDs: nilIfEmpty(r.SystemIDs), VendorIDs: nilIfEmpty(r.VendorIDs),
		ControlIDs: nilIfEmpty(r.ControlIDs), Criteria: nilIfEmpty(r.Criteria),
		Severity: model.Severity(r.Severity), SuggestedSeverity: model.Severity(r.SuggestedSeverity),
		SeverityReason: r.SeverityReason, Owner: r.Owner, Status: model.ExceptionStatus(r.Status),
		Decision: r.Decision, RaisedBy: r.RaisedBy, RaisedAt: raised, UpdatedAt: updated,
		ManagementResponse: r.ManagementResponse, Fingerprint: r.Fingerprint, History: nilIfEmpty(r.History),
	}, nil
}

func loadExceptions(ctx context.Context, q dbQuerier) ([]model.Exception, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, "+exceptionCols+" FROM exception ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Exception
	for rows.Next() {
		r, err := scanException(rows)
		if err != nil {
			return nil, err
		}
		e, err := r.model()
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// taskRow is a row of task.
type taskRow struct {
	ID          int64  `json:"id"`
	ExceptionID int64  `json:"exception_id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Owner       string `json:"owner"`
	Due         string `json:"due"`
	Status      string `json:"status"`
	TrackerRef  string `json:"tracker_ref"`
	Note        string `json:"note"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
}

const taskCols = "exception_id, title, description, owner, due, status, tracker_ref, note, created_at, updated_at"

func newTaskRow(t model.RemediationTask) taskRow {
	return taskRow{ID: t.ID, ExceptionID: t.ExceptionID, Title: t.Title, Description: t.Description, Owner: t.Owner,
		Due: string(t.Due), Status: string(t.Status), TrackerRef: t.TrackerRef, Note: t.Note,
		CreatedAt: formatTime(t.CreatedAt), UpdatedAt: formatTime(t.UpdatedAt)}
}

func (r taskRow) values() []any {
	return []any{r.ExceptionID, r.Title, r.Description, r.Owner, r.Due, r.Status, r.TrackerRef, r.Note, r.CreatedAt, r.UpdatedAt}
}

func (r taskRow) entityID() string { return strconv.FormatInt(r.ID, 10) }

func (r taskRow) content() taskRow { r.UpdatedAt = ""; return r }

func scanTask(sc scanner) (taskRow, error) {
	var r taskRow
	err := sc.Scan(&r.ID, &r.ExceptionID, &r.Title, &r.Description, &r.Owner, &r.Due, &r.Status, &r.TrackerRef,
		&r.Note, &r.CreatedAt, &r.UpdatedAt)
	return r, err
}

func (r taskRow) model() (model.RemediationTask, error) {
	var ts [2]time.Time
	for i, v := range []string{r.CreatedAt, r.UpdatedAt} {
		t, err := parseTime(v)
		if err != nil {
			return model.RemediationTask{}, fmt.Errorf("task %d: bad time %q", r.ID, v)
		}
		ts[i] = t
	}
	return model.RemediationTask{ID: r.ID, ExceptionID: r.ExceptionID, Title: r.Title, Description: r.Description,
		Owner: r.Owner, Due: model.Date(r.Due), Status: model.TaskStatus(r.Status), TrackerRef: r.TrackerRef,
		Note: r.Note, CreatedAt: ts[0], UpdatedAt: ts[1]}, nil
}
