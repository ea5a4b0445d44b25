package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"auditwalk/model"
)

// Tasks returns every remediation task by id. Sort for display with
// model.SortTasks, or pick one person's with model.MyTasks.
func (s *Store) Tasks(ctx context.Context) ([]model.RemediationTask, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, "+taskCols+" FROM task ORDER BY id")
	if err != nil {
		return nil, s.fail("load tasks", err)
	}
	defer rows.Close()
	var out []model.RemediationTask
	for rows.Next() {
		r, err := scanTask(rows)
		if err != nil {
			return nil, s.fail("load tasks", err)
		}
		t, err := r.model()
		if err != nil {
			return nil, s.fail("load tasks", err)
		}
		out = append(out, t)
	}
	return out, s.classify(rows.Err())
}

// SaveTask adds (ID 0) or edits a remediation task and returns it as
// stored. A new task starts as todo unless given a status; an edit keeps
// its status (move it with TransitionTask) and creation time. The
// exception must exist.
func (s *Store) SaveTask(ctx context.Context, task model.RemediationTask) (model.RemediationTask, error) {
	task.Title, task.Owner = strings.TrimSpace(task.Title), strings.TrimSpace(task.Owner)
	var out model.RemediationTask
	err := s.write(ctx, func(t *txn) error {
		if _, found, err := t.exception(ctx, task.ExceptionID); err != nil || !found {
			return cmpErr(err, fmt.Errorf("task %q: exception EX-%d: %w", task.Title, task.ExceptionID, ErrNotFound))
		}
		task.UpdatedAt = t.at
		if task.ID == 0 {
			if task.Status == "" {
				task.Status = model.TaskTodo
			}
			task.CreatedAt = t.at
			if err := task.Validate(); err != nil {
				return err
			}
			r := newTaskRow(task)
			res, err := t.tx.ExecContext(ctx, "INSERT INTO task ("+taskCols+") VALUES ("+placeholders(taskCols)+")", r.values()...)
			if err != nil {
				return err
			}
			if r.ID, err = res.LastInsertId(); err != nil {
				return err
			}
			if err := t.record(ctx, ActionCreate, EntityTask, r.entityID(), "", encodeJSON(r)); err != nil {
				return err
			}
			out, err = r.model()
			return err
		}
		cur, found, err := t.task(ctx, task.ID)
		if err != nil || !found {
			return cmpErr(err, fmt.Errorf("task T-%d: %w", task.ID, ErrNotFound))
		}
		if task.Status != "" && string(task.Status) != cur.Status {
			return fmt.Errorf("task T-%d: change its status with a transition, not an edit", task.ID)
		}
		task.Status = model.TaskStatus(cur.Status)
		c, err := cur.model()
		if err != nil {
			return err
		}
		task.CreatedAt = c.CreatedAt
		if err := task.Validate(); err != nil {
			return err
		}
		out, err = t.putTask(ctx, cur, newTaskRow(task))
		return err
	})
	return out, err
}

// TransitionTask moves a task to status to (model.TransitionTask: won't do
// needs a reason in note). A refused move writes nothing.
func (s *Store) TransitionTask(ctx context.Context, id int64, to model.TaskStatus, note string) (model.RemediationTask, error) {
	var out model.RemediationTask
	err := s.write(ctx, func(t *txn) error {
		cur, found, err := t.task(ctx, id)
		if err != nil || !found {
			return cmpErr(err, fmt.Errorf("task T-%d: %w", id, ErrNotFound))
		}
		task, err := cur.model()
		if err != nil {
			return err
		}
		task, err = model.TransitionTask(task, to, note, t.at)
		if err != nil {
			return err
		}
		out, err = t.putTask(ctx, cur, newTaskRow(task))
		return err
	})
	return out, err
}

// putTask updates a task unless only its stamp changed, with a trail record.
func (t *txn) putTask(ctx context.Context, cur, r taskRow) (model.RemediationTask, error) {
	if encodeJSON(cur.content()) == encodeJSON(r.content()) {
		return cur.model()
	}
	if _, err := t.tx.ExecContext(ctx, "UPDATE task SET "+assignments(taskCols)+" WHERE id = ?", append(r.values(), r.ID)...); err != nil {
		return model.RemediationTask{}, err
	}
	if err := t.record(ctx, ActionUpdate, EntityTask, r.entityID(), encodeJSON(cur), encodeJSON(r)); err != nil {
		return model.RemediationTask{}, err
	}
	return r.model()
}

func (t *txn) task(ctx context.Context, id int64) (taskRow, bool, error) {
	r, err := scanTask(t.tx.QueryRowContext(ctx, "SELECT id, "+taskCols+" FROM task WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}
