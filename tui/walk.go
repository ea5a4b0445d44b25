package tui

import (
	"encoding/json"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/sahilm/fuzzy"

	"auditwalk/model"
)

// walkMode is what the walkthrough's keys currently drive.
type walkMode int

const (
	modeNormal  walkMode = iota
	modeJustify          // N/A justification input
	modeText             // text, number or date input
	modeOptions          // option picker (choice, multi, yes/no)
	modeNote             // multi-line note editor
	modeFilter           // control filter input
)

// jumpKind names a "go to the next ..." request from another screen.
type jumpKind int

const (
	jumpUnanswered jumpKind = iota
	jumpFlagged
)

// jumpMsg asks the walkthrough to move to the next unanswered or flagged
// question (sent by the dashboard alongside a NavigateMsg).
type jumpMsg struct{ kind jumpKind }

// cursorTickMsg ends a cursor-save debounce period.
type cursorTickMsg struct{ seq int }

// uiCursorKey is the Store UI-state key of the resume position.
const uiCursorKey = "cursor"

// walkScreen is the walkthrough: a sidebar of sections and controls and a
// pane with the current question, its control, criteria, guidance and
// accepted evidence.
type walkScreen struct {
	c     *Common
	keys  walkKeys
	ikeys inputKeys
	w, h  int
	sideW int
	paneW int

	cur       model.AnswerKey
	curIdx    int
	visible   []int // indices into Session.Items() passing the filter
	visRev    int
	visFilter string
	filter    string
	// mine is the owner view (M, owner_walk.go); visMine is the mineKey
	// the visible list was built for.
	mine    bool
	visMine string

	mode      walkMode
	input     textinput.Model
	note      textarea.Model
	optCursor int
	optDraft  []string
	inputErr  string

	vp      viewport.Model
	paneFor string
	guides  guideCache

	rows    []sideRow
	rowsRev int
	rowsFor string

	savedCursor string
	cursorSeq   int
	debounce    time.Duration
}

func newWalkScreen(c *Common) *walkScreen {
	s := &walkScreen{c: c, keys: defaultWalkKeys(), ikeys: defaultInputKeys(), visRev: -1,
		vp: viewport.New(), guides: newGuideCache(), debounce: 700 * time.Millisecond}
	s.vp.SoftWrap = true
	s.input = textinput.New()
	s.note = textarea.New()
	s.note.ShowLineNumbers = false
	s.note.CharLimit = 0
	s.applyInputStyles()
	if v, ok := c.Session.UI[uiCursorKey]; ok {
		s.savedCursor = v
		s.cur = decodeCursor(v)
	}
	s.refreshVisible()
	return s
}

// applyInputStyles themes the inputs; the cursor does not blink, so no
// ticks run while an input is open.
func (s *walkScreen) applyInputStyles() {
	dark := s.c.Styles.IsDark
	is := textinput.DefaultStyles(dark)
	is.Cursor.Blink = false
	s.input.SetStyles(is)
	ts := textarea.DefaultStyles(dark)
	ts.Cursor.Blink = false
	s.note.SetStyles(ts)
}

type cursorJSON struct {
	Q string `json:"q"`
	S string `json:"s"`
}

func encodeCursor(k model.AnswerKey) string {
	b, _ := json.Marshal(cursorJSON{k.QuestionID, k.Subject})
	return string(b)
}

func decodeCursor(v string) model.AnswerKey {
	var c cursorJSON
	if json.Unmarshal([]byte(v), &c) != nil {
		return model.AnswerKey{}
	}
	return model.AnswerKey{QuestionID: c.Q, Subject: c.S}
}

// ID implements Screen.
func (s *walkScreen) ID() ScreenID { return ScreenWalkthrough }

// Title implements Screen.
func (s *walkScreen) Title() string { return "Walkthrough" }

// Init implements Screen.
func (s *walkScreen) Init() tea.Cmd { return s.refreshPane() }

// Resize implements Screen.
func (s *walkScreen) Resize(w, h int) tea.Cmd {
	s.w, s.h = w, h
	s.sideW = min(max(w*3/10, 24), 44)
	s.paneW = max(w-s.sideW-1, 10)
	s.input.SetWidth(max(s.paneW-8, 10))
	s.note.SetWidth(max(s.paneW-4, 10))
	s.note.SetHeight(min(8, max(h/3, 3)))
	s.applyInputStyles()
	s.paneFor = "" // width or theme changed: rebuild the pane
	return s.refreshPane()
}

// Captures implements Screen: inputs take every key; esc clears a filter;
// digits pick options on choice questions.
func (s *walkScreen) Captures(msg tea.KeyPressMsg) bool {
	if s.mode != modeNormal {
		return true
	}
	if s.filter != "" && msg.String() == "esc" {
		return true
	}
	if it, ok := s.current(); ok && key.Matches(msg, s.keys.Pick) {
		k := it.Question.Kind
		return k == model.KindChoice || k == model.KindMulti
	}
	return false
}

// current returns the item under the cursor.
func (s *walkScreen) current() (model.Item, bool) {
	s.refreshVisible()
	if len(s.visible) == 0 {
		return model.Item{}, false
	}
	return s.c.Session.Items()[s.visible[s.curIdx]], true
}

// refreshVisible recomputes the filtered item list after answers or the
// filter change, keeping the cursor on the same question when it is still
// there and on the nearest one when it is not.
func (s *walkScreen) refreshVisible() {
	sess := s.c.Session
	mk := s.mineKey()
	if s.visRev == sess.rev && s.visFilter == s.filter && s.visMine == mk {
		return
	}
	items := sess.Items()
	match := s.filterControls()
	s.visible = s.visible[:0]
	for i, it := range items {
		if (match == nil || match[it.Control.ID]) && s.mineShows(it) {
			s.visible = append(s.visible, i)
		}
	}
	filterChanged := s.visFilter != s.filter || s.visMine != mk
	if s.visMine != mk {
		s.rows = nil // the sidebar caches by revision and filter only
	}
	s.visRev, s.visFilter, s.visMine = sess.rev, s.filter, mk
	for vi, i := range s.visible {
		if items[i].Key() == s.cur {
			s.curIdx = vi
			return
		}
	}
	// A new filter starts at its first match; a question that vanished
	// because its condition stopped holding leaves the cursor nearby.
	if filterChanged {
		s.curIdx = 0
	}
	s.curIdx = min(max(s.curIdx, 0), max(len(s.visible)-1, 0))
	if len(s.visible) > 0 {
		s.cur = items[s.visible[s.curIdx]].Key()
	}
}

// filterControls returns the ids of controls matching the filter (nil means
// no filter): a case-insensitive substring of id, title or any criterion id,
// or failing that a fuzzy match.
func (s *walkScreen) filterControls() map[string]bool {
	f := strings.ToLower(strings.TrimSpace(s.filter))
	if f == "" {
		return nil
	}
	ctls := s.c.Session.Pack.Controls()
	hay := make([]string, len(ctls))
	out := map[string]bool{}
	for i, c := range ctls {
		hay[i] = strings.ToLower(c.ID + " " + c.Title + " " + strings.Join(c.Criteria, " ") +
			" " + strings.Join(c.NIST, " ") + " " + strings.Join(c.ISO, " "))
		if strings.Contains(hay[i], f) {
			out[c.ID] = true
		}
	}
	if len(out) == 0 {
		for _, m := range fuzzy.Find(f, hay) {
			out[ctls[m.Index].ID] = true
		}
	}
	return out
}

// moveTo puts the cursor on visible index vi and schedules a position save.
func (s *walkScreen) moveTo(vi int) tea.Cmd {
	if len(s.visible) == 0 {
		return nil
	}
	vi = min(max(vi, 0), len(s.visible)-1)
	s.curIdx = vi
	s.cur = s.c.Session.Items()[s.visible[vi]].Key()
	return s.scheduleCursorSave()
}

// scheduleCursorSave debounces position saves so holding j does not queue
// a write per line; quitting saves at once (App.quit).
func (s *walkScreen) scheduleCursorSave() tea.Cmd {
	if s.debounce <= 0 {
		return s.saveCursor()
	}
	s.cursorSeq++
	seq := s.cursorSeq
	return tea.Tick(s.debounce, func(time.Time) tea.Msg { return cursorTickMsg{seq} })
}

// saveCursor queues a write of the resume position unless it is unchanged.
func (s *walkScreen) saveCursor() tea.Cmd {
	if s.cur.QuestionID == "" {
		return nil
	}
	v := encodeCursor(s.cur)
	if v == s.savedCursor {
		return nil
	}
	s.savedCursor = v
	return s.c.saveUIState(uiCursorKey, v)
}

// step moves to the next (dir>0) or previous visible item for which ok is
// true, wrapping around; it reports false when none matches.
func (s *walkScreen) step(dir int, ok func(model.Item) bool) (tea.Cmd, bool) {
	n := len(s.visible)
	items := s.c.Session.Items()
	for d := 1; d <= n; d++ {
		vi := ((s.curIdx+dir*d)%n + n) % n
		if ok(items[s.visible[vi]]) {
			return s.moveTo(vi), true
		}
	}
	return nil, false
}

func (s *walkScreen) unanswered(it model.Item) bool {
	a, _, _, ok := s.c.Session.Answer(it.Key())
	return !ok || !a.IsAnswered()
}

func (s *walkScreen) flagged(it model.Item) bool {
	a, _, _, ok := s.c.Session.Answer(it.Key())
	return ok && a.Flagged
}

// groupStart returns the visible index where the control-subject group
// containing vi starts, and the one after it ends.
func (s *walkScreen) groupBounds(vi int) (int, int) {
	items := s.c.Session.Items()
	g := func(i int) [2]string {
		it := items[s.visible[i]]
		return [2]string{it.Control.ID, it.Subject}
	}
	cur := g(vi)
	lo, hi := vi, vi
	for lo > 0 && g(lo-1) == cur {
		lo--
	}
	for hi < len(s.visible)-1 && g(hi+1) == cur {
		hi++
	}
	return lo, hi + 1
}

// Update implements Screen.
func (s *walkScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	var cmd tea.Cmd
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		cmd = s.handleKey(m)
	case tea.PasteMsg:
		cmd = s.handlePaste(m)
	case jumpMsg:
		s.refreshVisible()
		if m.kind == jumpFlagged {
			cmd, _ = s.step(1, s.flagged)
		} else {
			cmd = s.jumpUnanswered()
		}
	case jumpToMsg:
		cmd = s.jumpTo(m.key)
	case cursorTickMsg:
		if m.seq == s.cursorSeq {
			cmd = s.saveCursor()
		}
	case UIStateSavedMsg:
		if m.Err != nil && m.Key == uiCursorKey {
			s.savedCursor = "" // retry on the next save
		}
	case guideRenderedMsg:
		s.guides.put(m)
		s.paneFor = ""
	case tea.BackgroundColorMsg:
		s.paneFor = ""
	}
	return s, tea.Batch(cmd, s.refreshPane())
}

func (s *walkScreen) jumpUnanswered() tea.Cmd {
	if len(s.visible) > 0 && s.unanswered(s.c.Session.Items()[s.visible[s.curIdx]]) {
		return nil
	}
	cmd, ok := s.step(1, s.unanswered)
	if !ok {
		return ShowStatus("Every question here is answered.", false)
	}
	return cmd
}

func (s *walkScreen) handleKey(m tea.KeyPressMsg) tea.Cmd {
	if s.mode != modeNormal {
		return s.handleInputKey(m)
	}
	s.refreshVisible()
	if cmd, ok := s.acctKey(m); ok { // review, owner, mine (review_walk.go)
		return cmd
	}
	if cmd, ok := s.evidenceKey(m); ok { // E attaches evidence (evidence_hooks.go)
		return cmd
	}
	k := s.keys
	switch {
	case s.filter != "" && key.Matches(m, k.ClearFilter):
		s.filter = ""
		return nil
	case key.Matches(m, k.Filter):
		return s.openFilter()
	case len(s.visible) == 0:
		return nil
	case key.Matches(m, k.Down):
		return s.moveTo(s.curIdx + 1)
	case key.Matches(m, k.Up):
		return s.moveTo(s.curIdx - 1)
	case key.Matches(m, k.NextCtl):
		_, hi := s.groupBounds(s.curIdx)
		return s.moveTo(hi)
	case key.Matches(m, k.PrevCtl):
		lo, _ := s.groupBounds(s.curIdx)
		if lo > 0 {
			lo, _ = s.groupBounds(lo - 1)
		}
		return s.moveTo(lo)
	case key.Matches(m, k.NextUnanswered):
		cmd, ok := s.step(1, s.unanswered)
		if !ok {
			return ShowStatus("Every question here is answered.", false)
		}
		return cmd
	case key.Matches(m, k.NextFlagged):
		cmd, ok := s.step(1, s.flagged)
		if !ok {
			return ShowStatus("No flagged questions.", false)
		}
		return cmd
	case key.Matches(m, k.Narrative):
		return s.openNarrative()
	case key.Matches(m, k.Raise):
		return s.raiseFromQuestion()
	case key.Matches(m, k.PageDown):
		s.vp.HalfPageDown()
		return nil
	case key.Matches(m, k.PageUp):
		s.vp.HalfPageUp()
		return nil
	}
	return s.answerKey(m)
}
