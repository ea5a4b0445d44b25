package tui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// ScreenTrail is the activity-trail browser tab.
const ScreenTrail ScreenID = "trail"

// TrailFilter selects activity-trail records. Zero fields do not filter.
type TrailFilter struct {
	Actor    string
	Entity   string
	EntityID string
	// Since and Until bound the record time: Since <= at < Until.
	Since, Until time.Time
	// BeforeSeq keeps records older than that sequence number (the next
	// page); 0 starts at the newest.
	BeforeSeq int64
	// Limit caps the page size.
	Limit int
}

// trailPage is how many records one load reads; the next page loads when
// the cursor reaches the end, so a 100k-record trail opens at once.
const trailPage = 200

// trailLoadedMsg carries one page of records.
type trailLoadedMsg struct {
	seq     int
	records []model.Activity
	appendP bool // a next page, not a fresh load
	err     error
}

// trailVerifiedMsg carries a verify run's result.
type trailVerifiedMsg struct {
	res VerifyResult
	err error
}

// trailKeys are the trail screen's bindings.
type trailKeys struct {
	Down, Up, PageDown, PageUp, Open key.Binding
	Filter, Clear, Verify, Refresh   key.Binding
	Next, Apply, Cancel              key.Binding
}

func defaultTrailKeys() trailKeys {
	return trailKeys{
		Down:     binding([]string{"j", "down"}, "j/↓", "next"),
		Up:       binding([]string{"k", "up"}, "k/↑", "prev"),
		PageDown: binding([]string{"ctrl+d", "pgdown"}, "ctrl+d", "page down"),
		PageUp:   binding([]string{"ctrl+u", "pgup"}, "ctrl+u", "page up"),
		Open:     binding([]string{"enter"}, "enter", "before/after"),
		Filter:   binding([]string{"/"}, "/", "filter"),
		Clear:    binding([]string{"c"}, "c", "clear filter"),
		Verify:   binding([]string{"v"}, "v", "verify"),
		Refresh:  binding([]string{"r"}, "r", "refresh"),
		Next:     binding([]string{"tab", "shift+tab"}, "tab", "next field"),
		Apply:    binding([]string{"enter"}, "enter", "apply"),
		Cancel:   binding([]string{"esc"}, "esc", "cancel"),
	}
}

// trailFields are the filter inputs, in form order.
const (
	fieldActor = iota
	fieldEntity
	fieldFrom
	fieldTo
	trailFieldCount
)

// trailScreen lists trail records newest first, filters them by person,
// entity and date range, opens one's before/after, and runs verify.
type trailScreen struct {
	c    *Common
	keys trailKeys
	w, h int

	filter   TrailFilter
	records  []model.Activity
	more     bool // the last page was full: older records may exist
	loading  bool
	loadSeq  int
	loadErr  error
	cur, top int

	editing bool
	inputs  []textinput.Model
	focus   int
	formErr string

	verifying bool
	verify    *VerifyResult
	verifyErr error
}

func newTrailScreen(c *Common) *trailScreen {
	s := &trailScreen{c: c, keys: defaultTrailKeys()}
	for _, p := range []string{"person  ", "entity  ", "from    ", "to      "} {
		in := textinput.New()
		in.Prompt = p
		in.CharLimit = 200
		s.inputs = append(s.inputs, in)
	}
	s.inputs[fieldEntity].Placeholder = "answer, system, narrative… [id]"
	s.inputs[fieldFrom].Placeholder = "YYYY-MM-DD"
	s.inputs[fieldTo].Placeholder = "YYYY-MM-DD (inclusive)"
	s.applyStyles()
	return s
}

func (s *trailScreen) applyStyles() {
	is := textinput.DefaultStyles(s.c.Styles.IsDark)
	is.Cursor.Blink = false
	for i := range s.inputs {
		s.inputs[i].SetStyles(is)
	}
}

// ID implements Screen.
func (s *trailScreen) ID() ScreenID { return ScreenTrail }

// Title implements Screen.
func (s *trailScreen) Title() string { return "Activity trail" }

// Init implements Screen: reload the newest page each time the tab shows.
func (s *trailScreen) Init() tea.Cmd { return s.load(false) }

// load reads a page in a command: the newest (fresh) or the one after the
// last record shown (next).
func (s *trailScreen) load(next bool) tea.Cmd {
	fetch := s.c.Audit.Trail
	if fetch == nil {
		return nil
	}
	f := s.filter
	f.Limit = trailPage
	if next {
		if len(s.records) == 0 {
			return nil
		}
		f.BeforeSeq = s.records[len(s.records)-1].Seq
	}
	s.loadSeq++
	s.loading = true
	seq, ctxf := s.loadSeq, s.c.storeCtx
	return func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		recs, err := fetch(ctx, f)
		return trailLoadedMsg{seq: seq, records: recs, appendP: next, err: err}
	}
}

// runVerify runs Verify in a command.
func (s *trailScreen) runVerify() tea.Cmd {
	v := s.c.Audit.Verify
	if v == nil {
		return ShowStatus("Verify needs an engagement file.", true)
	}
	s.verifying, s.verify, s.verifyErr = true, nil, nil
	ctxf := s.c.storeCtx
	return func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		res, err := v(ctx)
		return trailVerifiedMsg{res: res, err: err}
	}
}

// Resize implements Screen.
func (s *trailScreen) Resize(w, h int) tea.Cmd {
	s.w, s.h = w, h
	for i := range s.inputs {
		s.inputs[i].SetWidth(max(w-14, 10))
	}
	s.scroll()
	return nil
}

// Captures implements Screen: the filter form takes every key.
func (s *trailScreen) Captures(tea.KeyPressMsg) bool { return s.editing }

// Update implements Screen.
func (s *trailScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		if s.editing {
			return s, s.formKey(m)
		}
		return s, s.handleKey(m)
	case trailLoadedMsg:
		if m.seq != s.loadSeq {
			return s, nil
		}
		s.loading, s.loadErr = false, m.err
		if m.err != nil {
			return s, nil
		}
		if m.appendP {
			s.records = append(s.records, m.records...)
		} else {
			s.records, s.cur, s.top = m.records, 0, 0
		}
		s.more = len(m.records) == trailPage
		s.scroll()
	case trailVerifiedMsg:
		s.verifying = false
		res := m.res
		s.verify, s.verifyErr = &res, m.err
		s.scroll()
	case tea.BackgroundColorMsg:
		s.applyStyles()
	}
	return s, nil
}

func (s *trailScreen) handleKey(m tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(m, k.Filter):
		return s.openForm()
	case key.Matches(m, k.Clear):
		s.filter = TrailFilter{}
		for i := range s.inputs {
			s.inputs[i].SetValue("")
		}
		return s.load(false)
	case key.Matches(m, k.Refresh):
		return s.load(false)
	case key.Matches(m, k.Verify):
		return s.runVerify()
	case len(s.records) == 0:
		return nil
	case key.Matches(m, k.Down):
		return s.moveTo(s.cur + 1)
	case key.Matches(m, k.Up):
		return s.moveTo(s.cur - 1)
	case key.Matches(m, k.PageDown):
		return s.moveTo(s.cur + max(s.listRows()/2, 1))
	case key.Matches(m, k.PageUp):
		return s.moveTo(s.cur - max(s.listRows()/2, 1))
	case key.Matches(m, k.Open):
		return push(newTrailDetail(s.c, s.records[s.cur]))
	}
	return nil
}

// moveTo puts the cursor on row i, loading the next page when it reaches
// the last record and more may exist.
func (s *trailScreen) moveTo(i int) tea.Cmd {
	s.cur = min(max(i, 0), len(s.records)-1)
	s.scroll()
	if s.cur >= len(s.records)-1 && s.more && !s.loading {
		return s.load(true)
	}
	return nil
}

// scroll keeps the cursor inside the visible rows.
func (s *trailScreen) scroll() {
	rows := s.listRows()
	if s.cur < s.top {
		s.top = s.cur
	} else if s.cur >= s.top+rows {
		s.top = s.cur - rows + 1
	}
}

// openForm shows the filter inputs, person first.
func (s *trailScreen) openForm() tea.Cmd {
	s.editing, s.formErr = true, ""
	return s.setFocus(fieldActor)
}

func (s *trailScreen) setFocus(f int) tea.Cmd {
	s.focus = ((f % trailFieldCount) + trailFieldCount) % trailFieldCount
	for i := range s.inputs {
		s.inputs[i].Blur()
	}
	return s.inputs[s.focus].Focus()
}

// formKey drives the filter form: tab moves, enter applies, esc cancels.
func (s *trailScreen) formKey(m tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(m, k.Cancel):
		s.editing = false
		s.formErr = ""
		s.syncInputs()
		return nil
	case key.Matches(m, k.Apply):
		f, err := s.parseForm()
		if err != "" {
			s.formErr = err
			return nil
		}
		s.editing, s.formErr, s.filter = false, "", f
		return s.load(false)
	case m.String() == "tab" || m.String() == "down":
		return s.setFocus(s.focus + 1)
	case m.String() == "shift+tab" || m.String() == "up":
		return s.setFocus(s.focus - 1)
	}
	var cmd tea.Cmd
	s.inputs[s.focus], cmd = s.inputs[s.focus].Update(m)
	return cmd
}

// syncInputs puts the applied filter back into the inputs (after cancel).
func (s *trailScreen) syncInputs() {
	f := s.filter
	ent := f.Entity
	if f.EntityID != "" {
		ent += " " + f.EntityID
	}
	vals := []string{f.Actor, ent, dateText(f.Since), ""}
	if !f.Until.IsZero() {
		vals[fieldTo] = dateText(f.Until.AddDate(0, 0, -1))
	}
	for i, v := range vals {
		s.inputs[i].SetValue(v)
	}
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// parseForm reads the inputs into a filter; the error names the field.
func (s *trailScreen) parseForm() (TrailFilter, string) {
	var f TrailFilter
	f.Actor = strings.TrimSpace(s.inputs[fieldActor].Value())
	ent := strings.Fields(s.inputs[fieldEntity].Value())
	if len(ent) > 0 {
		f.Entity = strings.ToLower(ent[0])
		f.EntityID = strings.Join(ent[1:], " ")
	}
	var err string
	parse := func(field int, name string) time.Time {
		v := strings.TrimSpace(s.inputs[field].Value())
		if v == "" {
			return time.Time{}
		}
		t, e := time.Parse(time.DateOnly, v)
		if e != nil && err == "" {
			err = name + ": " + model.CleanLine(v) + " is not a date (YYYY-MM-DD)"
		}
		return t
	}
	f.Since = parse(fieldFrom, "from")
	if to := parse(fieldTo, "to"); !to.IsZero() {
		f.Until = to.AddDate(0, 0, 1) // the whole "to" day is included
	}
	if err == "" && !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until) {
		err = "from is after to"
	}
	return f, err
}

// listRows is how many records fit under the title, filter and verify
// lines.
func (s *trailScreen) listRows() int {
	return max(s.h-2-s.headerLines(), 1)
}
