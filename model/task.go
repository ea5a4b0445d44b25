package model

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// TaskStatus is where a remediation task is.
type TaskStatus string

// Task statuses.
const (
	TaskTodo       TaskStatus = "todo"
	TaskInProgress TaskStatus = "in-progress"
	TaskDone       TaskStatus = "done"
	TaskWontDo     TaskStatus = "wont-do"
)

// TaskStatuses lists task statuses in workflow order.
func TaskStatuses() []TaskStatus {
	return []TaskStatus{TaskTodo, TaskInProgress, TaskDone, TaskWontDo}
}

// Valid reports whether s is a known task status.
func (s TaskStatus) Valid() bool { return slices.Contains(TaskStatuses(), s) }

// Title is the status as people read it.
func (s TaskStatus) Title() string {
	switch s {
	case TaskTodo:
		return "To do"
	case TaskInProgress:
		return "In progress"
	case TaskDone:
		return "Done"
	case TaskWontDo:
		return "Won't do"
	}
	return string(s)
}

// Open reports whether the task still needs work.
func (s TaskStatus) Open() bool { return s == TaskTodo || s == TaskInProgress }

// TaskTransitions is the table of allowed task status changes.
func TaskTransitions() map[TaskStatus][]TaskStatus {
	return map[TaskStatus][]TaskStatus{
		TaskTodo:       {TaskInProgress, TaskDone, TaskWontDo},
		TaskInProgress: {TaskTodo, TaskDone, TaskWontDo},
		TaskDone:       {TaskInProgress, TaskTodo},
		TaskWontDo:     {TaskTodo},
	}
}

// RemediationTask is one piece of work that fixes an exception.
type RemediationTask struct {
	ID          int64      `json:"id"`
	ExceptionID int64      `json:"exception_id"`
	Title       string     `json:"title"`
	Description string     `json:"description,omitempty"`
	Owner       string     `json:"owner,omitempty"`
	Due         Date       `json:"due,omitempty"`
	Status      TaskStatus `json:"status"`
	// TrackerRef is the key of the ticket in the team's tracker, if any.
	TrackerRef string `json:"tracker_ref,omitempty"`
	// Note records why the task was last moved (required for won't do).
	Note      string    `json:"note,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Ref is how people refer to the task ("T-7"); "T-new" before it is saved.
func (t RemediationTask) Ref() string {
	if t.ID == 0 {
		return "T-new"
	}
	return "T-" + strconv.FormatInt(t.ID, 10)
}

// Validate checks a task before it is saved.
func (t RemediationTask) Validate() error {
	if t.ExceptionID <= 0 {
		return fmt.Errorf("a task belongs to an exception")
	}
	if strings.TrimSpace(t.Title) == "" {
		return fmt.Errorf("task title is required")
	}
	if !t.Status.Valid() {
		return fmt.Errorf("task status must be todo, in-progress, done or wont-do, not %q", t.Status)
	}
	if t.Due != "" {
		if _, ok := t.Due.Time(); !ok {
			return fmt.Errorf("due date %q is not a date (YYYY-MM-DD)", t.Due)
		}
	}
	if t.Status == TaskWontDo && strings.TrimSpace(t.Note) == "" {
		return fmt.Errorf("won't do needs a reason")
	}
	return nil
}

// Overdue reports whether an open task's due date has passed.
func (t RemediationTask) Overdue(now time.Time) bool {
	return t.Status.Open() && t.Due != "" && t.Due < DateOf(now)
}

// TransitionTask moves a task to status to. Won't do needs a reason (note);
// a note on other moves is kept as the task's latest note.
func TransitionTask(t RemediationTask, to TaskStatus, note string, now time.Time) (RemediationTask, error) {
	if !to.Valid() {
		return t, fmt.Errorf("cannot move task %d to %q: unknown status", t.ID, to)
	}
	if !slices.Contains(TaskTransitions()[t.Status], to) {
		return t, fmt.Errorf("cannot move task %d from %s to %s", t.ID, t.Status, to)
	}
	note = strings.TrimSpace(note)
	if to == TaskWontDo && note == "" {
		return t, fmt.Errorf("cannot move task %d to won't do: give a reason", t.ID)
	}
	t.Status, t.UpdatedAt = to, now
	if note != "" {
		t.Note = note
	}
	return t, nil
}

// MyTasks returns the tasks owned by person (case and surrounding space
// ignored), open ones first, then overdue first, by due date (undated last)
// and id.
func MyTasks(tasks []RemediationTask, person string, now time.Time) []RemediationTask {
	person = strings.TrimSpace(person)
	var out []RemediationTask
	for _, t := range tasks {
		if person != "" && strings.EqualFold(strings.TrimSpace(t.Owner), person) {
			out = append(out, t)
		}
	}
	SortTasks(out, now)
	return out
}

// SortTasks orders tasks for display: open before closed, overdue first,
// then by due date (undated last) and id.
func SortTasks(tasks []RemediationTask, now time.Time) {
	slices.SortStableFunc(tasks, func(a, b RemediationTask) int {
		if c := cmpBool(a.Status.Open(), b.Status.Open()); c != 0 {
			return c
		}
		if c := cmpBool(a.Overdue(now), b.Overdue(now)); c != 0 {
			return c
		}
		if c := cmpBool(a.Due != "", b.Due != ""); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(a.Due, b.Due), cmp.Compare(a.ID, b.ID))
	})
}

// cmpBool orders true before false.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}

// TrackerPriority maps an exception severity to the priority names tracker
// imports (Jira and most others) accept without a mapping step.
func TrackerPriority(s Severity) string {
	switch s {
	case SeverityCritical:
		return "Highest"
	case SeverityHigh:
		return "High"
	case SeverityLow:
		return "Low"
	}
	return "Medium"
}

// TrackerHeader is the header row of the tracker CSV.
func TrackerHeader() []string {
	return []string{"Summary", "Description", "Assignee", "Due Date", "Priority", "Labels", "External ID"}
}

// TrackerRows maps tasks to tracker CSV rows, header first. Priority comes
// from the task's exception severity; labels (space separated, as labels may
// not contain spaces) name the tool, the exception kind, its criteria and
// systems. exceptions is looked up by id; systemName turns a system id into
// a name (nil: "system-<id>"). Text is stripped of control characters;
// guarding cells against spreadsheet formulas is the writer's job.
func TrackerRows(tasks []RemediationTask, exceptions map[int64]Exception, systemName func(int64) string) [][]string {
	rows := [][]string{TrackerHeader()}
	for _, t := range tasks {
		e := exceptions[t.ExceptionID]
		desc := strings.TrimSpace(CleanText(t.Description))
		if e.ID != 0 {
			ref := fmt.Sprintf("Remediates %s (%s, %s): %s", e.Ref(), e.Kind, e.Severity, CleanLine(e.Title))
			if len(e.Criteria) > 0 {
				ref += "\nCriteria: " + strings.Join(e.Criteria, ", ")
			}
			desc = strings.TrimSpace(desc + "\n\n" + ref)
		}
		rows = append(rows, []string{
			CleanLine(t.Title), desc, CleanLine(t.Owner), string(t.Due),
			TrackerPriority(e.Severity), strings.Join(trackerLabels(e, systemName), " "), "auditwalk-" + t.Ref(),
		})
	}
	return rows
}

func trackerLabels(e Exception, systemName func(int64) string) []string {
	labels := []string{"auditwalk"}
	if e.Kind != "" {
		labels = append(labels, string(e.Kind))
	}
	for _, c := range e.Criteria {
		labels = append(labels, "soc2-"+c)
	}
	for _, id := range e.SystemIDs {
		name := "system-" + strconv.FormatInt(id, 10)
		if systemName != nil {
			if n := systemName(id); n != "" {
				name = n
			}
		}
		labels = append(labels, labelSafe(name))
	}
	return labels
}

// labelSafe turns text into a tracker label: no spaces or control
// characters, lower case.
func labelSafe(s string) string {
	s = strings.ToLower(CleanLine(s))
	return strings.Join(strings.Fields(s), "-")
}
