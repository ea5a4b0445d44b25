package tui

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// triageNow is the clock of every triage test: 2026-03-01 09:00 UTC.
func triageNow() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }

// triageCall is one write the fake triage store received.
type triageCall struct {
	op   string
	id   int64
	to   string
	dec  model.Decision
	ex   model.Exception
	task model.RemediationTask
	text string
}

// fakeTriage is an in-memory TriageStore applying the model's rules with
// actor "tester" and triageNow, as the real store does with its own.
type fakeTriage struct {
	mu    sync.Mutex
	ex    []model.Exception
	tasks []model.RemediationTask
	calls []triageCall
	loads int
	fail  error
}

func (f *fakeTriage) Exceptions(context.Context) ([]model.Exception, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.loads++
	return append([]model.Exception(nil), f.ex...), nil
}

func (f *fakeTriage) Tasks(context.Context) ([]model.RemediationTask, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]model.RemediationTask(nil), f.tasks...), nil
}

func (f *fakeTriage) find(id int64) (int, error) {
	for i, e := range f.ex {
		if e.ID == id {
			return i, nil
		}
	}
	return -1, fmt.Errorf("exception %d not found", id)
}

// change applies fn to exception id, recording call c.
func (f *fakeTriage) change(c triageCall, fn func(model.Exception) (model.Exception, error)) (model.Exception, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return model.Exception{}, f.fail
	}
	i, err := f.find(c.id)
	if err != nil {
		return model.Exception{}, err
	}
	e, err := fn(f.ex[i])
	if err != nil {
		return model.Exception{}, err
	}
	f.ex[i] = e
	f.calls = append(f.calls, c)
	return e, nil
}

func (f *fakeTriage) RaiseException(_ context.Context, e model.Exception) (model.Exception, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := e.Validate(); err != nil {
		return model.Exception{}, err
	}
	e.ID = int64(len(f.ex) + 1)
	f.ex = append(f.ex, e)
	f.calls = append(f.calls, triageCall{op: "raise", id: e.ID, ex: e})
	return e, nil
}

func (f *fakeTriage) TransitionException(_ context.Context, id int64, to model.ExceptionStatus, d model.Decision) (model.Exception, error) {
	return f.change(triageCall{op: "move", id: id, to: string(to), dec: d}, func(e model.Exception) (model.Exception, error) {
		return model.Transition(e, to, d, "tester", triageNow())
	})
}

func (f *fakeTriage) ChangeSeverity(_ context.Context, id int64, sev model.Severity, reason string) (model.Exception, error) {
	return f.change(triageCall{op: "severity", id: id, to: string(sev), text: reason}, func(e model.Exception) (model.Exception, error) {
		return model.ChangeSeverity(e, sev, reason, "tester", triageNow())
	})
}

func (f *fakeTriage) AssignException(_ context.Context, id int64, owner string) (model.Exception, error) {
	return f.change(triageCall{op: "assign", id: id, text: owner}, func(e model.Exception) (model.Exception, error) {
		e.Owner = owner
		return e, nil
	})
}

func (f *fakeTriage) SaveManagementResponse(_ context.Context, id int64, r model.ManagementResponse) (model.Exception, error) {
	return f.change(triageCall{op: "response", id: id, text: r.Cause + "|" + r.Remediation + "|" + string(r.TargetDate)},
		func(e model.Exception) (model.Exception, error) {
			e.ManagementResponse = r
			return e, nil
		})
}

func (f *fakeTriage) SaveTask(_ context.Context, t model.RemediationTask) (model.RemediationTask, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := t.Validate(); err != nil {
		return t, err
	}
	if t.ID == 0 {
		t.ID = int64(len(f.tasks) + 1)
		f.tasks = append(f.tasks, t)
	} else {
		f.tasks[t.ID-1] = t
	}
	f.calls = append(f.calls, triageCall{op: "task", id: t.ID, task: t})
	return t, nil
}

func (f *fakeTriage) TransitionTask(_ context.Context, id int64, to model.TaskStatus, note string) (model.RemediationTask, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if id < 1 || int(id) > len(f.tasks) {
		return model.RemediationTask{}, errors.New("no such task")
	}
	t, err := model.TransitionTask(f.tasks[id-1], to, note, triageNow())
	if err != nil {
		return t, err
	}
	f.tasks[id-1] = t
	f.calls = append(f.calls, triageCall{op: "task-move", id: id, to: string(to), text: note})
	return t, nil
}

// lastCall returns the last write, failing when there was none.
func (f *fakeTriage) lastCall(t *testing.T) triageCall {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.calls) == 0 {
		t.Fatal("triage store got no write")
	}
	return f.calls[len(f.calls)-1]
}

func (f *fakeTriage) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

// seededTriage holds four exceptions and three tasks:
//
//	EX-1 automatic shadow AI, high, open, cites an access-log record
//	EX-2 manual control gap raised by tester, medium, triaged, cites an answer
//	EX-3 accepted risk whose expiry (2026-02-15) has passed
//	EX-4 closed, low
//	T-1 (EX-2, tester, overdue), T-2 (EX-1, tester, due later), T-3 (EX-2, someone else)
func seededTriage() *fakeTriage {
	day := func(d int) time.Time { return time.Date(2026, 2, d, 10, 0, 0, 0, time.UTC) }
	return &fakeTriage{
		ex: []model.Exception{
			{ID: 1, Kind: model.ExKindShadowAI, Rule: model.RuleShadowActivity, Title: "Bedrock calls by an unknown application",
				Detail: "40 InvokeModel calls from app-x, which no inventory system lists.",
				Citations: []model.Citation{{Type: model.CiteAccessEvent, Ref: "fp-1",
					Label: "logs/cloudtrail.json:12: bedrock InvokeModel by alice on app-x: 40 events"}},
				SystemIDs: []int64{1}, Criteria: []string{"CC6.1", "CC9.2"}, Severity: model.SeverityHigh,
				SuggestedSeverity: model.SeverityHigh, Status: model.StatusOpen, RaisedBy: model.DetectorActor,
				RaisedAt: day(1), Fingerprint: "shadow-ai-activity:abc"},
			{ID: 2, Kind: model.ExKindControlGap, Title: "Access reviews are not quarterly", Owner: "tester",
				ControlIDs: []string{"AC-1"}, Criteria: []string{"CC6.1"},
				Citations: []model.Citation{{Type: model.CiteAnswer, Ref: "ac1.review@org",
					Label: "ac1.review: Is access reviewed quarterly? → No"}},
				Severity: model.SeverityMedium, SuggestedSeverity: model.SeverityMedium, Status: model.StatusTriaged,
				RaisedBy: "tester", RaisedAt: day(10)},
			{ID: 3, Kind: model.ExKindVendorCoverage, Title: "Vendor report does not cover the AI service",
				Severity: model.SeverityMedium, SuggestedSeverity: model.SeverityMedium, Status: model.StatusAccepted,
				Decision: model.Decision{Kind: model.DecisionAcceptRisk, Actor: "lead", At: day(2), Approver: "cfo",
					Rationale: "bridge letter due", CompensatingControls: "monthly review", Expiry: "2026-02-15"},
				RaisedBy: model.DetectorActor, RaisedAt: day(1)},
			{ID: 4, Kind: model.ExKindManual, Title: "Old finding", Severity: model.SeverityLow,
				Status: model.StatusClosed, RaisedBy: "tester", RaisedAt: day(3)},
		},
		tasks: []model.RemediationTask{
			{ID: 1, ExceptionID: 2, Title: "Schedule quarterly access review", Owner: "tester", Due: "2026-02-20", Status: model.TaskTodo},
			{ID: 2, ExceptionID: 1, Title: "Add app-x to the inventory", Owner: "tester", Due: "2026-04-01", Status: model.TaskInProgress},
			{ID: 3, ExceptionID: 2, Title: "Someone else's task", Owner: "dana", Status: model.TaskTodo},
		},
	}
}

// newTriageApp builds an App backed by ft at w×h, on the dashboard.
func newTriageApp(t testing.TB, ft *fakeTriage, w, h int) *App {
	t.Helper()
	snap := goldenSnapshot()
	snap.Systems = testSystems()
	cfg := Config{Store: &fakeStore{}, Triage: ft, Pack: testPack(), Snapshot: snap, DBPath: "test.db",
		Actor: "tester", Now: triageNow}
	if ft == nil {
		cfg.Triage = nil
	}
	a := New(cfg)
	if a.walk != nil {
		a.walk.debounce = 0
	}
	pump(t, a, a.Init())
	send(t, a, tea.WindowSizeMsg{Width: w, Height: h})
	return a
}

// topID is the id of the screen on top.
func topID(a *App) ScreenID { return a.top().ID() }
