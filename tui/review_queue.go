package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// reviewQueue lists answers awaiting review (not reviewed, reviewed but
// not approved, changes requested), in walkthrough order; f shows approved
// ones too. Reached with g r. A, R and C act on the selected answer; enter
// opens it in the walkthrough.
type reviewQueue struct {
	c    *Common
	keys reviewQueueKeys
	akey acctWalkKeys
	all  bool
	cur  int
	w, h int
	// cached rows and what they were built from: scanning every walk item
	// (45,000 on a large engagement) per key cost 5 ms.
	cache    []reviewRow
	cacheFor [3]int // session rev, acct rev, all (0/1)
}

type reviewQueueKeys struct {
	Down, Up, Open, All key.Binding
}

func defaultReviewQueueKeys() reviewQueueKeys {
	return reviewQueueKeys{
		Down: binding([]string{"j", "down"}, "j/↓", "next"),
		Up:   binding([]string{"k", "up"}, "k/↑", "prev"),
		Open: binding([]string{"enter"}, "enter", "open in walkthrough"),
		All:  binding([]string{"f"}, "f", "awaiting/all"),
	}
}

func newReviewQueue(c *Common) *reviewQueue {
	return &reviewQueue{c: c, keys: defaultReviewQueueKeys(), akey: defaultAcctWalkKeys()}
}

// reviewRow is one answer in the queue.
type reviewRow struct {
	it     model.Item
	answer model.Answer
	review model.Review
}

// rows are the answered questions in walkthrough order with their review,
// approved ones only when showing all.
func (q *reviewQueue) rows() []reviewRow {
	all := 0
	if q.all {
		all = 1
	}
	key := [3]int{q.c.Session.rev, q.c.Acct.rev, all}
	if q.cache != nil && q.cacheFor == key {
		return q.cache
	}
	q.cache, q.cacheFor = q.buildRows(), key
	return q.cache
}

func (q *reviewQueue) buildRows() []reviewRow {
	out := []reviewRow{}
	for _, it := range q.c.Session.Items() {
		a, ok := q.c.Session.answers[it.Key()]
		if !ok || !a.IsAnswered() {
			continue
		}
		r := q.c.reviewOf(it.Key())
		if !q.all && r.StateOrDefault() == model.ReviewApproved {
			continue
		}
		out = append(out, reviewRow{it: it, answer: a, review: r})
	}
	return out
}

// ID implements Screen.
func (q *reviewQueue) ID() ScreenID { return ScreenReviews }

// Title implements Screen.
func (q *reviewQueue) Title() string { return "Review queue" }

// Init implements Screen.
func (q *reviewQueue) Init() tea.Cmd { return q.c.loadAcct() }

// Resize implements Screen.
func (q *reviewQueue) Resize(w, h int) tea.Cmd { q.w, q.h = w, h; return nil }

// Captures implements Screen.
func (q *reviewQueue) Captures(tea.KeyPressMsg) bool { return false }

// ShortHelp implements help.KeyMap.
func (q *reviewQueue) ShortHelp() []key.Binding {
	return []key.Binding{q.akey.Approve, q.akey.Reviewed, q.akey.Changes, q.keys.Open, q.keys.All, q.keys.Down, q.keys.Up}
}

// FullHelp implements help.KeyMap.
func (q *reviewQueue) FullHelp() [][]key.Binding { return [][]key.Binding{q.ShortHelp()} }

// Update implements Screen.
func (q *reviewQueue) Update(msg tea.Msg) (Screen, tea.Cmd) {
	m, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return q, nil
	}
	rows := q.rows()
	k := q.keys
	switch {
	case key.Matches(m, k.All):
		q.all = !q.all
		q.cur = 0
		return q, nil
	case len(rows) == 0:
		return q, nil
	case key.Matches(m, k.Down):
		q.cur = min(q.cur+1, len(rows)-1)
	case key.Matches(m, k.Up):
		q.cur = max(q.cur-1, 0)
	}
	q.cur = min(q.cur, len(rows)-1)
	row := rows[q.cur]
	switch {
	case key.Matches(m, k.Open):
		target := row.it.Key()
		return q, tea.Sequence(Navigate(NavigateMsg{Tab: ScreenWalkthrough}), func() tea.Msg { return jumpToMsg{key: target} })
	case key.Matches(m, q.akey.Approve):
		return q, q.c.reviewAnswer(row.it.Key(), model.ReviewApprove, "")
	case key.Matches(m, q.akey.Reviewed):
		return q, q.c.reviewAnswer(row.it.Key(), model.ReviewMarkReviewed, "")
	case key.Matches(m, q.akey.Changes):
		if err := q.c.reviewCheck(row.it.Key(), model.ReviewRequestChanges, "(comment follows)"); err != nil {
			return q, ShowStatus(err.Error(), true)
		}
		return q, Navigate(NavigateMsg{Push: newReviewComment(q.c, row.it)})
	}
	return q, nil
}

// View implements Screen.
func (q *reviewQueue) View() string {
	st := q.c.Styles
	w := q.w
	rows := q.rows()
	what := "awaiting review"
	if q.all {
		what = "all answers"
	}
	lines := []string{st.Title.Render(ansi.Truncate(fmt.Sprintf(" Review queue · %d %s · you are %s", len(rows), what, q.c.meLabel()), w, "…"))}
	if !q.c.Acct.available() {
		return strings.Join(append(lines, st.Muted.Render(" No engagement store: reviews are not available here.")), "\n")
	}
	if len(rows) == 0 {
		return strings.Join(append(lines, "", st.Muted.Render(" Nothing awaits review. f shows approved answers too.")), "\n")
	}
	keyW, byW := min(max(w/4, 18), 34), min(max(w/8, 8), 16)
	lines = append(lines, st.Muted.Render(" "+pad("QUESTION", keyW)+" "+pad("ANSWER BY", byW)+" REVIEW"))
	listH := max(q.h-len(lines)-4, 1)
	cur := min(q.cur, len(rows)-1)
	start := min(max(cur-listH/2, 0), max(len(rows)-listH, 0))
	for i := start; i < len(rows) && i < start+listH; i++ {
		r := rows[i]
		label := model.CleanLine(r.it.Question.ID) + "@" + model.CleanLine(r.it.Subject)
		row := pad(label, keyW) + " " + pad(orText(model.CleanLine(r.answer.UpdatedBy), "?"), byW) + " "
		if i == cur {
			text := ansi.Strip(q.c.reviewBadge(r.review))
			lines = append(lines, st.Selected.Render(pad("▸"+row+text, w)))
			continue
		}
		lines = append(lines, ansi.Truncate(" "+row+q.c.reviewBadge(r.review), w, "…"))
	}
	r := rows[cur]
	lines = append(lines, "",
		st.Bold.Render(ansi.Truncate(" "+model.CleanLine(r.it.Control.ID)+" · "+model.CleanLine(r.it.Question.Prompt), w, "…")),
		ansi.Truncate(" Answer: "+model.CleanLine(r.answer.Display(r.it.Question)), w, "…"))
	return strings.Join(lines, "\n")
}
