package tui

import (
	"maps"

	"auditwalk/model"
)

// saveState is where an answer stands between a key press and the store.
type saveState int

const (
	// saved: the store holds this value.
	stateSaved saveState = iota
	// saving: a write is queued or in flight.
	stateSaving
	// unsaved: the last write failed; the value is shown but not durable.
	stateUnsaved
)

type pendingAnswer struct {
	answer model.Answer
	state  saveState
	err    error
}

// Session is the engagement's data as the TUI sees it: the snapshot read at
// start, plus answers that are being saved. Walk and Summarize results are
// cached by revision so View stays cheap.
type Session struct {
	Pack       *model.Pack
	Engagement model.Engagement
	Systems    []model.System
	Vendors    []model.Vendor
	UI         map[string]string

	// sysRev changes whenever Systems or Vendors change, so the inventory
	// and vendor screens re-derive their rows only then.
	sysRev int

	answers model.Answers
	pending map[model.AnswerKey]pendingAnswer
	rev     int

	itemsRev   int
	items      []model.Item
	resultList []model.ControlResult
	results    map[resultKey]int // index into resultList
	markCache  walkMarks
	summaryRev int
	summary    model.Summary
}

type resultKey struct{ control, subject string }

func newSession(p *model.Pack, snap model.Snapshot) *Session {
	ans := make(model.Answers, len(snap.Answers))
	maps.Copy(ans, snap.Answers)
	ui := make(map[string]string, len(snap.UI))
	maps.Copy(ui, snap.UI)
	return &Session{
		Pack: p, Engagement: snap.Engagement, Systems: snap.Systems, Vendors: snap.Vendors, UI: ui,
		answers: ans, pending: map[model.AnswerKey]pendingAnswer{},
		rev: 1, itemsRev: -1, summaryRev: -1,
	}
}

// Answer returns the answer shown for k (a pending value wins over the saved
// one) and its save state.
func (s *Session) Answer(k model.AnswerKey) (model.Answer, saveState, error, bool) {
	if p, ok := s.pending[k]; ok {
		return p.answer, p.state, p.err, true
	}
	a, ok := s.answers[k]
	return a, stateSaved, nil, ok
}

// viewAnswers is the saved answers overlaid with pending ones: what the user
// sees, and what decides which conditional questions appear.
func (s *Session) viewAnswers() model.Answers {
	if len(s.pending) == 0 {
		return s.answers
	}
	m := make(model.Answers, len(s.answers)+len(s.pending))
	maps.Copy(m, s.answers)
	for k, p := range s.pending {
		m[k] = p.answer
	}
	return m
}

// begin records a value the user gave, before it is written.
func (s *Session) begin(a model.Answer) {
	s.pending[a.Key()] = pendingAnswer{answer: a, state: stateSaving}
	s.rev++
}

// finish applies a write result. A newer pending value for the same key (the
// user changed it again while this write ran) stays pending.
func (s *Session) finish(sent, saved model.Answer, err error) {
	k := sent.Key()
	p, ok := s.pending[k]
	if err != nil {
		if ok && answersEqual(p.answer, sent) {
			s.pending[k] = pendingAnswer{answer: sent, state: stateUnsaved, err: err}
		}
		s.rev++
		return
	}
	s.answers[k] = saved
	if ok && answersEqual(p.answer, sent) {
		delete(s.pending, k)
	}
	s.rev++
}

func answersEqual(a, b model.Answer) bool {
	if a.Value != b.Value || a.Justification != b.Justification || a.Source != b.Source ||
		a.Note != b.Note || a.Flagged != b.Flagged || len(a.Choices) != len(b.Choices) {
		return false
	}
	for i := range a.Choices {
		if a.Choices[i] != b.Choices[i] {
			return false
		}
	}
	return true
}

// Items is model.Walk over the answers the user sees.
func (s *Session) Items() []model.Item {
	s.refreshItems()
	return s.items
}

// Result is the assessment of one control for one subject.
func (s *Session) Result(controlID, subject string) model.ControlResult {
	s.refreshItems()
	if i, ok := s.results[resultKey{controlID, subject}]; ok {
		return s.resultList[i]
	}
	return model.ControlResult{}
}

func (s *Session) refreshItems() {
	if s.itemsRev == s.rev {
		return
	}
	view := s.viewAnswers()
	s.items = model.Walk(s.Pack, view, s.Systems)
	res := model.Assess(s.items, view)
	s.resultList = res
	s.results = make(map[resultKey]int, len(res))
	for i, r := range res {
		s.results[resultKey{r.Control.ID, r.Subject}] = i
	}
	s.markCache = markItems(s.items, res, view)
	s.itemsRev = s.rev
}

// walkMarks is what the dashboard's "what to do next" needs from the walk.
// It is derived once per revision, with the items: scanning ~45,000 items
// on every redraw cost 4.8 ms a keypress on the large engagement.
type walkMarks struct {
	// next is the index of the first unanswered item, -1 when none is.
	next int
	// flagged counts the items whose shown answer is flagged.
	flagged int
}

// markItems stops at the first unanswered item; flags come from the
// control results, which counted them over the same answers.
func markItems(items []model.Item, res []model.ControlResult, view model.Answers) walkMarks {
	m := walkMarks{next: -1}
	for i, it := range items {
		if a, ok := view[it.Key()]; !ok || !a.IsAnswered() {
			m.next = i
			break
		}
	}
	for _, r := range res {
		m.flagged += r.Flagged
	}
	return m
}

// marks is the first unanswered item and the flagged count over Items.
func (s *Session) marks() walkMarks {
	s.refreshItems()
	return s.markCache
}

// Summary is model.Summarize over the saved answers only: the dashboard
// reports what is durable. With nothing pending the saved answers are the
// shown ones, so it tallies the cached walk instead of walking again: at
// start-up that halves the Walk+Assess work (~45,000 items on the large
// engagement).
func (s *Session) Summary() model.Summary {
	if s.summaryRev != s.rev {
		if len(s.pending) == 0 {
			s.refreshItems()
			s.summary = model.SummarizeResults(s.resultList)
		} else {
			s.summary = model.Summarize(s.Pack, s.answers, s.Systems)
		}
		s.summaryRev = s.rev
	}
	return s.summary
}

// Unsaved counts answers whose last write failed.
func (s *Session) Unsaved() int {
	n := 0
	for _, p := range s.pending {
		if p.state == stateUnsaved {
			n++
		}
	}
	return n
}
