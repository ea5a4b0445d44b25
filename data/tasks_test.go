package data

import (
	"context"
	"errors"
	"strings"
	"testing"

	"auditwalk/model"
)

func TestTasksRoundTripAndMoveThroughTheirStates(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	e := raiseTest(t, s, "Keys not rotated")
	task, err := s.SaveTask(ctx, model.RemediationTask{ExceptionID: e.ID, Title: " Rotate keys ", Owner: "priya", Due: "2026-04-01", TrackerRef: "SEC-12"})
	if err != nil {
		t.Fatal(err)
	}
	if task.ID != 1 || task.Status != model.TaskTodo || task.Title != "Rotate keys" || task.CreatedAt.IsZero() {
		t.Fatalf("saved %+v", task)
	}
	task.Description = "all production keys"
	edited, err := s.SaveTask(ctx, task)
	if err != nil || edited.Description != "all production keys" || !edited.CreatedAt.Equal(task.CreatedAt) {
		t.Fatalf("edit %+v %v", edited, err)
	}
	moved, err := s.TransitionTask(ctx, task.ID, model.TaskInProgress, "started")
	if err != nil || moved.Status != model.TaskInProgress || moved.Note != "started" {
		t.Fatalf("move %+v %v", moved, err)
	}
	list, err := s.Tasks(ctx)
	if err != nil || len(list) != 1 || list[0].Status != model.TaskInProgress || list[0].TrackerRef != "SEC-12" || list[0].Due != "2026-04-01" {
		t.Fatalf("tasks %+v %v", list, err)
	}
	trail, _ := s.Activity(ctx, ActivityFilter{Entity: EntityTask})
	if len(trail) != 3 || !strings.Contains(trail[0].After, `"status":"in-progress"`) {
		t.Fatalf("task trail %+v", trail)
	}
	mustVerify(t, s)
}

func TestRefusedTaskChangesWriteNothing(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	e := raiseTest(t, s, "No output review")
	task, err := s.SaveTask(ctx, model.RemediationTask{ExceptionID: e.ID, Title: "Sample 25 outputs a month"})
	if err != nil {
		t.Fatal(err)
	}
	before := activityCount(t, s)
	if _, err := s.TransitionTask(ctx, task.ID, model.TaskWontDo, ""); err == nil {
		t.Error("won't do without a reason accepted")
	}
	task.Status = model.TaskDone
	if _, err := s.SaveTask(ctx, task); err == nil {
		t.Error("status changed by an edit")
	}
	if _, err := s.SaveTask(ctx, model.RemediationTask{ExceptionID: 99, Title: "orphan"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("task for a missing exception: %v", err)
	}
	if _, err := s.SaveTask(ctx, model.RemediationTask{ExceptionID: e.ID, Title: "x", Due: "next week"}); err == nil {
		t.Error("bad due date accepted")
	}
	if _, err := s.TransitionTask(ctx, 77, model.TaskDone, ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("moving a missing task: %v", err)
	}
	if activityCount(t, s) != before {
		t.Fatal("refused task changes left trail records")
	}
}
