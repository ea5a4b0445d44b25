package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

func taskStatusNames(list []model.TaskStatus) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = string(s)
	}
	return out
}

// newTaskForm adds a remediation task to e (t.ID 0) or edits one. A status
// change on an existing task goes through model.TransitionTask, saved after
// the field changes, so the state machine has the last word.
func newTaskForm(c *Common, e model.Exception, t model.RemediationTask) *formScreen {
	title := e.Ref() + ": new remediation task"
	if t.ID != 0 {
		title = e.Ref() + ": edit " + t.Ref()
	}
	f := newForm(c, title, func(v formValues, token int) (tea.Cmd, string) {
		return saveTaskForm(c, t, v, token)
	})
	f.note(model.CleanLine(e.Title))
	return f.text("title", "Title", t.Title, "required").
		text("description", "Description", t.Description, "").
		text("owner", "Owner", t.Owner, "who does it").
		text("due", "Due date", string(t.Due), "YYYY-MM-DD").
		choice("status", "Status", taskStatusNames(model.TaskStatuses()), string(t.Status), "←/→ or a letter").
		text("tracker", "Tracker ref", t.TrackerRef, "ticket key, e.g. SEC-123").
		text("note", "Note", "", "required for won't do")
}

func saveTaskForm(c *Common, t model.RemediationTask, v formValues, token int) (tea.Cmd, string) {
	due, err := model.ParseDate(v["due"])
	if err != nil {
		return nil, "due date: " + err.Error()
	}
	now := c.Now()
	nt := t
	nt.Title, nt.Description, nt.Owner, nt.Due, nt.TrackerRef = v["title"], v["description"], v["owner"], due, v["tracker"]
	to, note := model.TaskStatus(v["status"]), v["note"]
	if t.ID == 0 {
		nt.Status, nt.Note, nt.CreatedAt, nt.UpdatedAt = to, note, now, now
		if err := nt.Validate(); err != nil {
			return nil, err.Error()
		}
		return c.taskWrite(token, opTask, func(ctx context.Context, s model.TriageStore) (model.RemediationTask, error) {
			return s.SaveTask(ctx, nt)
		}), ""
	}
	if err := nt.Validate(); err != nil {
		return nil, err.Error()
	}
	if to == t.Status {
		return c.taskWrite(token, opTask, func(ctx context.Context, s model.TriageStore) (model.RemediationTask, error) {
			return s.SaveTask(ctx, nt)
		}), ""
	}
	if _, err := model.TransitionTask(nt, to, note, now); err != nil {
		return nil, err.Error()
	}
	id := t.ID
	var cmds []tea.Cmd
	if fieldsChanged(t, nt) {
		// Token 0: the form waits for the status move, which comes after.
		cmds = append(cmds, c.taskWrite(0, opTask, func(ctx context.Context, s model.TriageStore) (model.RemediationTask, error) {
			return s.SaveTask(ctx, nt)
		}))
	}
	cmds = append(cmds, c.taskWrite(token, opTaskMove, func(ctx context.Context, s model.TriageStore) (model.RemediationTask, error) {
		return s.TransitionTask(ctx, id, to, note)
	}))
	return tea.Batch(cmds...), ""
}

func fieldsChanged(a, b model.RemediationTask) bool {
	return a.Title != b.Title || a.Description != b.Description || a.Owner != b.Owner || a.Due != b.Due ||
		a.TrackerRef != b.TrackerRef
}

// newTaskStatusForm moves a task along model.TaskTransitions.
func newTaskStatusForm(c *Common, t model.RemediationTask) *formScreen {
	id := t.ID
	f := newForm(c, t.Ref()+": status", func(v formValues, token int) (tea.Cmd, string) {
		to, note := model.TaskStatus(v["status"]), v["note"]
		if _, err := model.TransitionTask(t, to, note, c.Now()); err != nil {
			return nil, err.Error()
		}
		return c.taskWrite(token, opTaskMove, func(ctx context.Context, s model.TriageStore) (model.RemediationTask, error) {
			return s.TransitionTask(ctx, id, to, note)
		}), ""
	})
	f.note(model.CleanLine(t.Title), "Now "+t.Status.Title()+".")
	return f.choice("status", "Move to", taskStatusNames(model.TaskTransitions()[t.Status]), "", "←/→ or a letter").
		text("note", "Note", "", "required for won't do")
}
