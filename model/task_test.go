package model

import (
	"slices"
	"strings"
	"testing"
)

func TestTaskTransitionsFollowTableForEveryPair(t *testing.T) {
	table := TaskTransitions()
	for _, from := range TaskStatuses() {
		for _, to := range TaskStatuses() {
			task := RemediationTask{ID: 3, ExceptionID: 1, Title: "t", Status: from}
			got, err := TransitionTask(task, to, "out of scope now", testNow())
			allowed := slices.Contains(table[from], to)
			if allowed != (err == nil) {
				t.Errorf("%s → %s: allowed=%v err=%v", from, to, allowed, err)
			}
			if allowed && (got.Status != to || !got.UpdatedAt.Equal(testNow())) {
				t.Errorf("%s → %s: got %+v", from, to, got)
			}
			if !allowed && err != nil && !strings.HasPrefix(err.Error(), "cannot move task 3 from "+string(from)) {
				t.Errorf("%s → %s: unclear message %q", from, to, err)
			}
		}
	}
}

func TestWontDoNeedsAReason(t *testing.T) {
	task := RemediationTask{ID: 3, ExceptionID: 1, Title: "t", Status: TaskTodo}
	if _, err := TransitionTask(task, TaskWontDo, "  ", testNow()); err == nil {
		t.Fatal("won't do without a reason accepted")
	}
	got, err := TransitionTask(task, TaskWontDo, "vendor retired", testNow())
	if err != nil || got.Note != "vendor retired" || got.Validate() != nil {
		t.Fatalf("got %+v, %v", got, err)
	}
}

func TestTaskValidate(t *testing.T) {
	good := RemediationTask{ExceptionID: 1, Title: "Turn on logging", Status: TaskTodo, Due: "2025-07-01"}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	cases := map[string]func(*RemediationTask){
		"belongs to an exception": func(r *RemediationTask) { r.ExceptionID = 0 },
		"title is required":       func(r *RemediationTask) { r.Title = " " },
		"task status":             func(r *RemediationTask) { r.Status = "blocked" },
		"not a date":              func(r *RemediationTask) { r.Due = "next week" },
		"won't do needs":          func(r *RemediationTask) { r.Status = TaskWontDo },
	}
	for want, edit := range cases {
		r := good
		edit(&r)
		if err := r.Validate(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q, got %v", want, err)
		}
	}
}

func TestOverdueOnlyForOpenTasksPastTheirDueDate(t *testing.T) {
	cases := []struct {
		due    Date
		status TaskStatus
		want   bool
	}{
		{"2025-06-14", TaskTodo, true},
		{"2025-06-14", TaskInProgress, true},
		{"2025-06-15", TaskTodo, false}, // due today is not late yet
		{"2025-06-14", TaskDone, false},
		{"2025-06-14", TaskWontDo, false},
		{"", TaskTodo, false},
	}
	for _, c := range cases {
		task := RemediationTask{Due: c.due, Status: c.status}
		if got := task.Overdue(testNow()); got != c.want {
			t.Errorf("due %q %s: got %v", c.due, c.status, got)
		}
	}
}

func TestMyTasksFiltersByOwnerAndPutsOverdueFirst(t *testing.T) {
	tasks := []RemediationTask{
		{ID: 1, Owner: "Priya Shah", Due: "2025-07-01", Status: TaskTodo},
		{ID: 2, Owner: "bob", Due: "2025-01-01", Status: TaskTodo},
		{ID: 3, Owner: " priya shah ", Due: "2025-06-01", Status: TaskInProgress},
		{ID: 4, Owner: "Priya Shah", Status: TaskTodo},
		{ID: 5, Owner: "Priya Shah", Due: "2025-01-01", Status: TaskDone},
		{ID: 6, Owner: "Priya Shah", Due: "2025-06-20", Status: TaskTodo},
	}
	var ids []int64
	for _, t := range MyTasks(tasks, "PRIYA SHAH", testNow()) {
		ids = append(ids, t.ID)
	}
	if want := []int64{3, 6, 1, 4, 5}; !slices.Equal(ids, want) {
		t.Fatalf("got %v want %v", ids, want)
	}
	if len(MyTasks(tasks, "", testNow())) != 0 {
		t.Fatal("an empty name must match nobody, not unowned tasks")
	}
}

func TestTrackerRowsCarryPriorityLabelsAndExternalID(t *testing.T) {
	ex := Exception{ID: 12, Kind: ExKindMissingLogs, Title: "Support bot: AI interactions are not logged",
		Severity: SeverityCritical, Criteria: []string{"CC7.2"}, SystemIDs: []int64{5, 9}}
	tasks := []RemediationTask{
		{ID: 7, ExceptionID: 12, Title: "Enable\x1b[31m invocation logging", Description: "Bedrock console",
			Owner: "Priya Shah", Due: "2025-07-01", Status: TaskTodo},
		{ID: 8, ExceptionID: 99, Title: "Orphan", Status: TaskTodo},
	}
	names := func(id int64) string {
		if id == 5 {
			return "Support Bot"
		}
		return ""
	}
	rows := TrackerRows(tasks, map[int64]Exception{12: ex}, names)
	if !slices.Equal(rows[0], []string{"Summary", "Description", "Assignee", "Due Date", "Priority", "Labels", "External ID"}) {
		t.Fatalf("header %v", rows[0])
	}
	r := rows[1]
	if r[0] != "Enable invocation logging" || r[2] != "Priya Shah" || r[3] != "2025-07-01" || r[4] != "Highest" {
		t.Fatalf("row %q", r)
	}
	if !strings.Contains(r[1], "Bedrock console") || !strings.Contains(r[1], "Remediates EX-12 (missing-logs, critical)") {
		t.Fatalf("description %q", r[1])
	}
	if r[5] != "auditwalk missing-logs soc2-CC7.2 support-bot system-9" || r[6] != "auditwalk-T-7" {
		t.Fatalf("labels %q id %q", r[5], r[6])
	}
	if o := rows[2]; o[4] != "Medium" || o[5] != "auditwalk" || len(o) != 7 {
		t.Fatalf("task without a known exception: %q", o)
	}
}
