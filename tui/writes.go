package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// storeTimeout bounds one store call; SQLite with synchronous=FULL on a slow
// laptop disk is well under this.
const storeTimeout = 15 * time.Second

// AnswerSavedMsg reports the result of Store.SaveAnswer. Sent is the value
// the screen asked to save; Saved is what the store returned.
type AnswerSavedMsg struct {
	Sent  model.Answer
	Saved model.Answer
	Err   error
}

// EngagementSavedMsg reports the result of Store.SaveEngagement.
type EngagementSavedMsg struct {
	Engagement model.Engagement
	Err        error
}

// UIStateSavedMsg reports the result of Store.SetUIState.
type UIStateSavedMsg struct {
	Key, Value string
	Err        error
}

// writeResult marks the messages that end a queued write.
type writeResult interface{ writeDone() }

func (AnswerSavedMsg) writeDone()     {}
func (EngagementSavedMsg) writeDone() {}
func (UIStateSavedMsg) writeDone()    {}

// write is one queued store call. coalesce, when set, lets a newer write with
// the same coalesce key replace a queued (not yet started) one: only the last
// cursor position matters.
type write struct {
	coalesce string
	run      tea.Cmd
}

// writeQueue runs store writes one at a time, in the order they were asked
// for. Bubble Tea runs commands concurrently, so without it two quick
// answers to the same question could reach the store out of order.
type writeQueue struct {
	inFlight bool
	queue    []write
}

// push queues w and returns the command to start it if nothing is running.
func (q *writeQueue) push(w write) tea.Cmd {
	if !q.inFlight {
		q.inFlight = true
		return w.run
	}
	if w.coalesce != "" {
		for i := range q.queue {
			if q.queue[i].coalesce == w.coalesce {
				q.queue[i] = w
				return nil
			}
		}
	}
	q.queue = append(q.queue, w)
	return nil
}

// done is called when a write's result arrives; it starts the next one.
func (q *writeQueue) done() tea.Cmd {
	if len(q.queue) == 0 {
		q.inFlight = false
		return nil
	}
	next := q.queue[0]
	q.queue = q.queue[1:]
	return next.run
}

// idle reports whether no write is queued or running.
func (q *writeQueue) idle() bool { return !q.inFlight && len(q.queue) == 0 }

func (c *Common) storeCtx() (context.Context, context.CancelFunc) {
	parent := c.ctx
	if parent == nil {
		parent = context.Background()
	}
	return context.WithTimeout(parent, storeTimeout)
}

// saveAnswer queues a write of a (captured by value) and marks it saving.
func (c *Common) saveAnswer(a model.Answer) tea.Cmd {
	a.Choices = append([]string(nil), a.Choices...)
	c.Session.begin(a)
	store, ctxf := c.Store, c.storeCtx
	return c.Writes.push(write{run: func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		saved, err := store.SaveAnswer(ctx, a)
		if err == nil && saved.QuestionID == "" {
			saved = a
		}
		return AnswerSavedMsg{Sent: a, Saved: saved, Err: err}
	}})
}

// saveEngagement queues a write of e.
func (c *Common) saveEngagement(e model.Engagement) tea.Cmd {
	store, ctxf := c.Store, c.storeCtx
	return c.Writes.push(write{run: func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		saved, err := store.SaveEngagement(ctx, e)
		if err == nil && !saved.IsSetUp() {
			saved = e
		}
		return EngagementSavedMsg{Engagement: saved, Err: err}
	}})
}

// saveUIState queues a SetUIState; queued writes of the same key coalesce.
func (c *Common) saveUIState(k, v string) tea.Cmd {
	store, ctxf := c.Store, c.storeCtx
	return c.Writes.push(write{coalesce: "ui:" + k, run: func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		return UIStateSavedMsg{Key: k, Value: v, Err: store.SetUIState(ctx, k, v)}
	}})
}
