package model

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// ExceptionFilter narrows the triage queue; zero fields match everything.
type ExceptionFilter struct {
	Kind      ExceptionKind
	Status    ExceptionStatus
	SystemID  int64
	ControlID string
	Owner     string
	// ActiveOnly keeps exceptions that still need work (Status.Active).
	ActiveOnly bool
}

// Match reports whether e passes the filter.
func (f ExceptionFilter) Match(e Exception) bool {
	switch {
	case f.Kind != "" && e.Kind != f.Kind,
		f.Status != "" && e.Status != f.Status,
		f.ActiveOnly && !e.Status.Active(),
		f.SystemID != 0 && !slices.Contains(e.SystemIDs, f.SystemID),
		f.ControlID != "" && !slices.Contains(e.ControlIDs, f.ControlID),
		f.Owner != "" && !strings.EqualFold(strings.TrimSpace(e.Owner), strings.TrimSpace(f.Owner)):
		return false
	}
	return true
}

// SortQueue orders exceptions for triage: those needing work first, then
// worst severity, then oldest, then id. It sorts positions and moves each
// exception once, because a stable sort swapping the large structs
// themselves took over 100 ms on a 10,000-exception queue.
func SortQueue(list []Exception) {
	idx := make([]int, len(list))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int {
		a, b := &list[i], &list[j]
		if c := cmpBool(a.Status.Active(), b.Status.Active()); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(a.Severity.Rank(), b.Severity.Rank()),
			a.RaisedAt.Compare(b.RaisedAt), cmp.Compare(a.ID, b.ID))
	})
	sorted := make([]Exception, len(list))
	for k, i := range idx {
		sorted[k] = list[i]
	}
	copy(list, sorted)
}

// ExceptionCounts is the exception summary for the queue header and
// `status --json`.
type ExceptionCounts struct {
	Total        int                     `json:"total"`
	Active       int                     `json:"active"`
	ByKind       map[ExceptionKind]int   `json:"by_kind"`
	BySeverity   map[Severity]int        `json:"by_severity"`
	ByStatus     map[ExceptionStatus]int `json:"by_status"`
	OverdueTasks int                     `json:"overdue_tasks"`
}

// CountExceptions tallies exceptions (kind and severity counts cover active
// ones only, which is what people act on) and overdue tasks.
func CountExceptions(list []Exception, tasks []RemediationTask, now time.Time) ExceptionCounts {
	c := ExceptionCounts{ByKind: map[ExceptionKind]int{}, BySeverity: map[Severity]int{}, ByStatus: map[ExceptionStatus]int{}}
	// Every key is present, zero or not, so scripts reading status --json
	// can rely on the shape.
	for _, k := range ExceptionKinds() {
		c.ByKind[k] = 0
	}
	for _, s := range Severities() {
		c.BySeverity[s] = 0
	}
	for _, s := range ExceptionStatuses() {
		c.ByStatus[s] = 0
	}
	for _, e := range list {
		c.Total++
		c.ByStatus[e.Status]++
		if e.Status.Active() {
			c.Active++
			c.ByKind[e.Kind]++
			c.BySeverity[e.Severity]++
		}
	}
	for _, t := range tasks {
		if t.Overdue(now) {
			c.OverdueTasks++
		}
	}
	return c
}
