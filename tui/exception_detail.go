package tui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// ScreenException is the exception detail page's id.
const ScreenException ScreenID = "exception"

// detailItem is a selectable line of the detail page: a citation (an
// answer citation jumps to its question) or a remediation task.
type detailItem struct {
	line int
	cite *model.Citation
	task int64
}

// exceptionDetail shows one exception in full — what was found, why, what
// it affects, its decision, management response, tasks and history — and
// takes the triage decisions on it. It reads the exception from the shared
// triageState each frame, so saved changes show as soon as they return.
type exceptionDetail struct {
	c    *Common
	id   int64
	keys detailKeys
	w, h int

	lines   []string
	items   []detailItem
	sel     int
	offset  int
	builtAt [4]any
}

type detailKeys struct {
	Down, Up, PageDown, PageUp, Enter               key.Binding
	Triage, Remediate, Accept, FalsePos, Duplicate  key.Binding
	Fixed, Close, Reopen, Severity, Owner, Response key.Binding
	NewTask, EditTask, TaskStatus                   key.Binding
}

func defaultDetailKeys() detailKeys {
	b := func(k, h, d string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(h, d)) }
	return detailKeys{
		Down:       key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("j/↓", "next item")),
		Up:         key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("k/↑", "prev item")),
		PageDown:   key.NewBinding(key.WithKeys("ctrl+d", "pgdown"), key.WithHelp("ctrl+d", "scroll down")),
		PageUp:     key.NewBinding(key.WithKeys("ctrl+u", "pgup"), key.WithHelp("ctrl+u", "scroll up")),
		Enter:      b("enter", "enter", "follow"),
		Triage:     b("t", "t", "triaged"),
		Remediate:  b("r", "r", "remediate"),
		Accept:     b("a", "a", "accept risk"),
		FalsePos:   b("f", "f", "false pos."),
		Duplicate:  b("d", "d", "dup"),
		Fixed:      b("x", "x", "remediated"),
		Close:      b("c", "c", "close"),
		Reopen:     b("o", "o", "reopen"),
		Severity:   b("v", "v", "severity"),
		Owner:      b("O", "O", "owner"),
		Response:   b("m", "m", "response"),
		NewTask:    b("n", "n", "task"),
		EditTask:   b("e", "e", "edit task"),
		TaskStatus: b("T", "T", "task status"),
	}
}

func newExceptionDetail(c *Common, id int64) *exceptionDetail {
	return &exceptionDetail{c: c, id: id, keys: defaultDetailKeys()}
}

// ID implements Screen.
func (d *exceptionDetail) ID() ScreenID { return ScreenException }

// Title implements Screen.
func (d *exceptionDetail) Title() string { return fmt.Sprintf("EX-%d", d.id) }

// Init implements Screen: load when the queue has not been (the page was
// opened from the walkthrough).
func (d *exceptionDetail) Init() tea.Cmd {
	if !d.c.Triage.loaded {
		return d.c.loadTriage()
	}
	return nil
}

// Resize implements Screen.
func (d *exceptionDetail) Resize(w, h int) tea.Cmd { d.w, d.h = w, h; return nil }

// Captures implements Screen: no inputs here; forms are pushed screens.
func (d *exceptionDetail) Captures(tea.KeyPressMsg) bool { return false }

// ShortHelp implements help.KeyMap.
func (d *exceptionDetail) ShortHelp() []key.Binding {
	k := d.keys
	var out []key.Binding
	if it, ok := d.selected(); ok && it.task != 0 {
		out = append(out, k.EditTask, k.TaskStatus)
	} else if ok && it.cite != nil && it.cite.Type == model.CiteAnswer {
		out = append(out, k.Enter)
	}
	return append(out, k.Remediate, k.Accept, k.FalsePos, k.Duplicate, k.Severity, k.Response, k.NewTask, k.Down)
}

// FullHelp implements help.KeyMap.
func (d *exceptionDetail) FullHelp() [][]key.Binding {
	k := d.keys
	return [][]key.Binding{
		{k.Triage, k.Remediate, k.Accept, k.FalsePos, k.Duplicate, k.Fixed},
		append([]key.Binding{k.Close, k.Reopen, k.Severity, k.Owner, k.Response}, d.c.evidenceHelp()...),
		{k.NewTask, k.EditTask, k.TaskStatus, k.Enter},
		{k.Down, k.Up, k.PageDown, k.PageUp},
	}
}

// exception is the exception as last loaded or saved.
func (d *exceptionDetail) exception() (model.Exception, bool) { return d.c.Triage.exception(d.id) }

func (d *exceptionDetail) selected() (detailItem, bool) {
	if d.sel < 0 || d.sel >= len(d.items) {
		return detailItem{}, false
	}
	return d.items[d.sel], true
}

// Update implements Screen.
func (d *exceptionDetail) Update(msg tea.Msg) (Screen, tea.Cmd) {
	m, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return d, nil
	}
	e, ok := d.exception()
	if !ok {
		return d, nil
	}
	d.build(e)
	k := d.keys
	switch {
	case key.Matches(m, k.Down):
		d.move(1)
	case key.Matches(m, k.Up):
		d.move(-1)
	case key.Matches(m, k.PageDown):
		d.scroll(max(d.h/2, 1))
	case key.Matches(m, k.PageUp):
		d.scroll(-max(d.h/2, 1))
	case key.Matches(m, k.Enter):
		return d, d.activate(e)
	default:
		return d, d.actionKey(m, e)
	}
	return d, nil
}

// actionKey maps the decision, edit and task keys to their forms.
func (d *exceptionDetail) actionKey(m tea.KeyPressMsg, e model.Exception) tea.Cmd {
	k := d.keys
	moves := []struct {
		b  key.Binding
		to model.ExceptionStatus
	}{
		{k.Triage, model.StatusTriaged}, {k.Remediate, model.StatusInRemediation},
		{k.Accept, model.StatusAccepted}, {k.FalsePos, model.StatusFalsePositive},
		{k.Duplicate, model.StatusDuplicate}, {k.Fixed, model.StatusRemediated},
		{k.Close, model.StatusClosed}, {k.Reopen, model.StatusOpen},
	}
	for _, mv := range moves {
		if key.Matches(m, mv.b) {
			return d.decide(e, mv.to)
		}
	}
	switch {
	case key.Matches(m, k.Severity):
		return push(newSeverityForm(d.c, e))
	case key.Matches(m, k.Owner):
		return push(newOwnerForm(d.c, e))
	case key.Matches(m, k.Response):
		return push(newResponseForm(d.c, e))
	case key.Matches(m, attachKey()):
		return d.c.attachToException(e)
	case key.Matches(m, k.NewTask):
		t := model.RemediationTask{ExceptionID: e.ID, Status: model.TaskTodo, Owner: e.Owner}
		return push(newTaskForm(d.c, e, t))
	case key.Matches(m, k.EditTask), key.Matches(m, k.TaskStatus):
		it, ok := d.selected()
		t, found := d.task(it.task)
		if !ok || !found {
			return ShowStatus("Select a task first (j/k).", true)
		}
		if key.Matches(m, k.EditTask) {
			return push(newTaskForm(d.c, e, t))
		}
		return push(newTaskStatusForm(d.c, t))
	}
	return nil
}

func push(s Screen) tea.Cmd { return Navigate(NavigateMsg{Push: s}) }

// decide opens the form for a move, or says at once why the state machine
// refuses it (the model's own message).
func (d *exceptionDetail) decide(e model.Exception, to model.ExceptionStatus) tea.Cmd {
	if !model.CanTransition(e.Status, to) {
		_, err := model.Transition(e, to, model.Decision{}, d.c.Actor, d.c.Now())
		return ShowStatus(err.Error(), true)
	}
	return push(newDecisionForm(d.c, e, to))
}

func (d *exceptionDetail) task(id int64) (model.RemediationTask, bool) {
	for _, t := range d.c.Triage.tasks {
		if t.ID == id && id != 0 {
			return t, true
		}
	}
	return model.RemediationTask{}, false
}

// activate follows the selected item: an answer citation opens its question
// in the walkthrough; a task opens its editor.
func (d *exceptionDetail) activate(e model.Exception) tea.Cmd {
	it, ok := d.selected()
	switch {
	case !ok:
		return nil
	case it.task != 0:
		if t, found := d.task(it.task); found {
			return push(newTaskForm(d.c, e, t))
		}
	case it.cite != nil && it.cite.Type == model.CiteAnswer:
		k, ok := answerRef(it.cite.Ref)
		if !ok {
			return ShowStatus("Cannot read answer reference "+model.CleanLine(it.cite.Ref), true)
		}
		return tea.Sequence(Navigate(NavigateMsg{Tab: ScreenWalkthrough}),
			func() tea.Msg { return jumpToMsg{key: k} })
	case it.cite != nil:
		return ShowStatus("Imported record: "+model.CleanLine(it.cite.Label), false)
	}
	return nil
}

func (d *exceptionDetail) move(dir int) {
	if len(d.items) == 0 {
		d.scroll(dir)
		return
	}
	d.sel = min(max(d.sel+dir, 0), len(d.items)-1)
	line := d.items[d.sel].line
	if line < d.offset {
		d.offset = max(line-1, 0)
	}
	if line >= d.offset+d.h {
		d.offset = line - d.h + 2
	}
	d.clampOffset()
}

func (d *exceptionDetail) scroll(n int) {
	d.offset += n
	d.clampOffset()
}

func (d *exceptionDetail) clampOffset() {
	d.offset = min(max(d.offset, 0), max(len(d.lines)-d.h, 0))
}
