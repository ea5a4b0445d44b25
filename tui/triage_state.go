package tui

import (
	"context"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// triageState is the exceptions and tasks as the triage screens see them:
// the last load from the TriageStore, patched in place as saves return so
// a change shows at once, and replaced by the reload every save triggers.
// It is shared through Common and mutated only on the event loop (by the
// triage queue screen, which is always live).
type triageState struct {
	store model.TriageStore

	list  []model.Exception
	byID  map[int64]int
	tasks []model.RemediationTask
	// rev changes whenever list or tasks change, so screens can cache what
	// they derive from them.
	rev     int
	loaded  bool
	loadErr error
	// loadSeq numbers loads; a result older than the newest applied one is
	// dropped, so a slow early load cannot undo a later one.
	loadSeq, appliedSeq int
	token               int
}

func newTriageState(store model.TriageStore) *triageState {
	return &triageState{store: store, byID: map[int64]int{}}
}

// available reports whether an engagement store backs the triage screens.
func (t *triageState) available() bool { return t != nil && t.store != nil }

// nextToken numbers a save so the screen that asked for it (a form) can
// recognise its result among the broadcast messages.
func (t *triageState) nextToken() int {
	t.token++
	return t.token
}

// exception returns the exception with id as last loaded or saved.
func (t *triageState) exception(id int64) (model.Exception, bool) {
	i, ok := t.byID[id]
	if !ok {
		return model.Exception{}, false
	}
	return t.list[i], true
}

// tasksOf returns exception id's tasks in display order.
func (t *triageState) tasksOf(id int64, now time.Time) []model.RemediationTask {
	var out []model.RemediationTask
	for _, k := range t.tasks {
		if k.ExceptionID == id {
			out = append(out, k)
		}
	}
	model.SortTasks(out, now)
	return out
}

// triageLoadedMsg carries a full load of exceptions and tasks.
type triageLoadedMsg struct {
	seq        int
	exceptions []model.Exception
	tasks      []model.RemediationTask
	err        error
}

// load returns the command that reads everything; I/O happens only there.
func (c *Common) loadTriage() tea.Cmd {
	t := c.Triage
	if !t.available() {
		return nil
	}
	t.loadSeq++
	seq, store, ctxf := t.loadSeq, t.store, c.storeCtx
	return func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		ex, err := store.Exceptions(ctx)
		if err != nil {
			return triageLoadedMsg{seq: seq, err: err}
		}
		tasks, err := store.Tasks(ctx)
		return triageLoadedMsg{seq: seq, exceptions: ex, tasks: tasks, err: err}
	}
}

// applyLoad replaces the data with a load result unless a newer one has
// been applied; it reports whether anything changed. Accepted risks whose
// expiry has passed are shown as expired (model.ApplyExpiry) even before
// the store's own expiry pass has recorded it, so the queue never counts a
// lapsed acceptance as settled.
func (t *triageState) applyLoad(m triageLoadedMsg, now time.Time) bool {
	if m.seq < t.appliedSeq {
		return false
	}
	t.appliedSeq = m.seq
	if m.err != nil {
		t.loadErr = m.err
		t.rev++
		return true
	}
	t.loadErr, t.loaded = nil, true
	t.list = m.exceptions
	t.reindex()
	for _, e := range model.ApplyExpiry(t.list, now) {
		t.list[t.byID[e.ID]] = e
	}
	model.SortQueue(t.list)
	t.reindex()
	t.tasks = m.tasks
	t.rev++
	return true
}

func (t *triageState) reindex() {
	clear(t.byID)
	for i, e := range t.list {
		t.byID[e.ID] = i
	}
}

// putException patches one exception into the list (appending a new one)
// and re-sorts, so the change shows before the reload returns.
func (t *triageState) putException(e model.Exception) {
	if i, ok := t.byID[e.ID]; ok {
		t.list[i] = e
	} else {
		t.list = append(t.list, e)
	}
	model.SortQueue(t.list)
	t.reindex()
	t.rev++
}

// putTask patches one task into the list.
func (t *triageState) putTask(k model.RemediationTask) {
	i := slices.IndexFunc(t.tasks, func(x model.RemediationTask) bool { return x.ID == k.ID })
	if i >= 0 {
		t.tasks[i] = k
	} else {
		t.tasks = append(t.tasks, k)
	}
	t.rev++
}

// triageOp names what a save did, for the status line.
type triageOp string

const (
	opRaise    triageOp = "raised"
	opMove     triageOp = "moved"
	opSeverity triageOp = "severity changed"
	opAssign   triageOp = "owner set"
	opResponse triageOp = "management response saved"
	opTask     triageOp = "task saved"
	opTaskMove triageOp = "task moved"
)

// ExceptionSavedMsg reports a TriageStore write to an exception. Token is
// the asking screen's; Saved is the row as stored.
type ExceptionSavedMsg struct {
	Token int
	Op    triageOp
	Saved model.Exception
	Err   error
}

// TaskSavedMsg reports a TriageStore write to a remediation task.
type TaskSavedMsg struct {
	Token int
	Op    triageOp
	Saved model.RemediationTask
	Err   error
}

func (ExceptionSavedMsg) writeDone() {}
func (TaskSavedMsg) writeDone()      {}

// triageResult is a save result a form waits for.
type triageResult interface {
	resultToken() int
	resultErr() error
}

func (m ExceptionSavedMsg) resultToken() int { return m.Token }
func (m ExceptionSavedMsg) resultErr() error { return m.Err }
func (m TaskSavedMsg) resultToken() int      { return m.Token }
func (m TaskSavedMsg) resultErr() error      { return m.Err }

// exceptionWrite queues a store call on an exception through the write
// queue, so writes stay in order and quitting waits for them. call runs off
// the event loop and must use only values its caller captured.
func (c *Common) exceptionWrite(token int, op triageOp,
	call func(context.Context, model.TriageStore) (model.Exception, error)) tea.Cmd {
	store, ctxf := c.Triage.store, c.storeCtx
	return c.Writes.push(write{run: func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		saved, err := call(ctx, store)
		return ExceptionSavedMsg{Token: token, Op: op, Saved: saved, Err: err}
	}})
}

// taskWrite is exceptionWrite for tasks.
func (c *Common) taskWrite(token int, op triageOp,
	call func(context.Context, model.TriageStore) (model.RemediationTask, error)) tea.Cmd {
	store, ctxf := c.Triage.store, c.storeCtx
	return c.Writes.push(write{run: func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		saved, err := call(ctx, store)
		return TaskSavedMsg{Token: token, Op: op, Saved: saved, Err: err}
	}})
}
