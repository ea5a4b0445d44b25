package model

import (
	"slices"
	"testing"
)

func TestSortQueuePutsActiveWorstOldestFirst(t *testing.T) {
	day := func(d int) Exception { return Exception{RaisedAt: testNow().AddDate(0, 0, d)} }
	mk := func(id int64, st ExceptionStatus, sev Severity, d int) Exception {
		e := day(d)
		e.ID, e.Status, e.Severity = id, st, sev
		return e
	}
	list := []Exception{
		mk(1, StatusClosed, SeverityCritical, -9),
		mk(2, StatusOpen, SeverityMedium, -9),
		mk(3, StatusExpired, SeverityHigh, -1),
		mk(4, StatusTriaged, SeverityHigh, -5),
		mk(5, StatusAccepted, SeverityHigh, -5),
	}
	SortQueue(list)
	var ids []int64
	for _, e := range list {
		ids = append(ids, e.ID)
	}
	if want := []int64{4, 3, 2, 1, 5}; !slices.Equal(ids, want) {
		t.Fatalf("got %v want %v", ids, want)
	}
}

func TestFilterAndCounts(t *testing.T) {
	list := []Exception{
		{ID: 1, Kind: ExKindShadowAI, Severity: SeverityHigh, Status: StatusOpen, SystemIDs: []int64{3}, Owner: "Priya"},
		{ID: 2, Kind: ExKindControlGap, Severity: SeverityLow, Status: StatusAccepted, ControlIDs: []string{"LOG-01"}},
		{ID: 3, Kind: ExKindShadowAI, Severity: SeverityMedium, Status: StatusExpired},
	}
	f := ExceptionFilter{Kind: ExKindShadowAI, ActiveOnly: true}
	if !f.Match(list[0]) || f.Match(list[1]) || !f.Match(list[2]) {
		t.Fatal("kind/active filter wrong")
	}
	if !(ExceptionFilter{SystemID: 3, Owner: "priya "}).Match(list[0]) || (ExceptionFilter{SystemID: 4}).Match(list[0]) {
		t.Fatal("system/owner filter wrong")
	}
	if !(ExceptionFilter{ControlID: "LOG-01"}).Match(list[1]) {
		t.Fatal("control filter wrong")
	}
	tasks := []RemediationTask{{Due: "2025-01-01", Status: TaskTodo}, {Due: "2025-01-01", Status: TaskDone}}
	c := CountExceptions(list, tasks, testNow())
	if c.Total != 3 || c.Active != 2 || c.ByKind[ExKindShadowAI] != 2 || c.ByKind[ExKindControlGap] != 0 ||
		c.ByStatus[StatusAccepted] != 1 || c.BySeverity[SeverityHigh] != 1 || c.OverdueTasks != 1 {
		t.Fatalf("counts %+v", c)
	}
}
