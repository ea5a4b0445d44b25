package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"auditwalk/data/export"
	"auditwalk/model"
)

// ScreenNarrative is the narrative editor (pushed, not a tab).
const ScreenNarrative ScreenID = "narrative"

// narrativeMode is what the narrative screen's keys drive.
type narrativeMode int

const (
	narrView narrativeMode = iota
	narrEdit
	narrConfirmRevert
)

// narrativeKeys are the narrative screen's bindings.
type narrativeKeys struct {
	Edit, Revert, Down, Up, PageDown, PageUp key.Binding
	Save, Cancel, Yes, No                    key.Binding
}

func defaultNarrativeKeys() narrativeKeys {
	return narrativeKeys{
		Edit:     binding([]string{"e", "enter"}, "e/enter", "edit"),
		Revert:   binding([]string{"R"}, "R", "revert to generated"),
		Down:     binding([]string{"j", "down"}, "j/↓", "scroll"),
		Up:       binding([]string{"k", "up"}, "k/↑", "scroll up"),
		PageDown: binding([]string{"ctrl+d", "pgdown", "space"}, "ctrl+d", "page down"),
		PageUp:   binding([]string{"ctrl+u", "pgup"}, "ctrl+u", "page up"),
		Save:     binding([]string{"ctrl+s"}, "ctrl+s", "save"),
		Cancel:   binding([]string{"esc"}, "esc", "cancel"),
		Yes:      binding([]string{"y"}, "y", "revert"),
		No:       binding([]string{"n", "esc"}, "n/esc", "keep"),
	}
}

// narrativeLoadedMsg carries the generated narrative and the edited one
// (nil when not edited) for one narrative screen.
type narrativeLoadedMsg struct {
	to        *narrativeScreen
	generated string
	edited    *model.Narrative
	err       error
}

// narrativeSavedMsg reports a save or a revert. It ends a queued write.
type narrativeSavedMsg struct {
	to       *narrativeScreen
	key      export.NarrativeKey
	saved    model.Narrative
	reverted bool
	err      error
}

func (narrativeSavedMsg) writeDone() {}

// narrativeScreen shows a control's narrative for one subject: the edited
// text (if any), the generated one kept for comparison and a word diff;
// e edits it in a textarea, R reverts to the generated text.
type narrativeScreen struct {
	c       *Common
	keys    narrativeKeys
	ctl     *model.Control
	subject string
	w, h    int

	loading   bool
	loadErr   error
	generated string
	edited    *model.Narrative
	saving    bool

	mode narrativeMode
	ta   textarea.Model
	vp   viewport.Model
}

func newNarrativeScreen(c *Common, ctl *model.Control, subject string) *narrativeScreen {
	s := &narrativeScreen{c: c, keys: defaultNarrativeKeys(), ctl: ctl, subject: subject, vp: viewport.New()}
	s.vp.SoftWrap = false
	s.ta = textarea.New()
	s.ta.ShowLineNumbers = false
	s.ta.CharLimit = 0
	s.ta.MaxHeight = 0
	s.applyStyles()
	return s
}

func (s *narrativeScreen) applyStyles() {
	ts := textarea.DefaultStyles(s.c.Styles.IsDark)
	ts.Cursor.Blink = false
	s.ta.SetStyles(ts)
}

// ID implements Screen.
func (s *narrativeScreen) ID() ScreenID { return ScreenNarrative }

// Title implements Screen.
func (s *narrativeScreen) Title() string { return "Narrative " + model.CleanLine(s.ctl.ID) }

// Init implements Screen: render the generated narrative from a fresh
// bundle and read the edited one, in a command.
func (s *narrativeScreen) Init() tea.Cmd {
	build, store := s.c.Audit.ExportBundle, s.c.Audit.Narratives
	if build == nil || store == nil {
		s.loadErr = errNoNarratives
		return nil
	}
	s.loading = true
	to, ctl, subject, ctxf := s, s.ctl, s.subject, s.c.storeCtx
	return func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		b, err := build(ctx)
		if err != nil {
			return narrativeLoadedMsg{to: to, err: err}
		}
		gen, err := export.GeneratedNarrative(&b, ctl, subject)
		if err != nil {
			return narrativeLoadedMsg{to: to, err: err}
		}
		list, err := store.Narratives(ctx)
		m := narrativeLoadedMsg{to: to, generated: gen, err: err}
		for i := range list {
			if list[i].ControlID == ctl.ID && list[i].Subject == subject {
				m.edited = &list[i]
			}
		}
		return m
	}
}

// Resize implements Screen.
func (s *narrativeScreen) Resize(w, h int) tea.Cmd {
	s.w, s.h = w, h
	s.vp.SetWidth(max(w, 10))
	s.vp.SetHeight(max(h-2, 1))
	s.ta.SetWidth(max(w-2, 10))
	s.ta.SetHeight(max(h-5, 3))
	s.refresh()
	return nil
}

// Captures implements Screen: the editor takes every key.
func (s *narrativeScreen) Captures(msg tea.KeyPressMsg) bool {
	return s.mode == narrEdit || s.mode == narrConfirmRevert
}

// Update implements Screen.
func (s *narrativeScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		return s, s.handleKey(m)
	case narrativeLoadedMsg:
		if m.to != s {
			return s, nil
		}
		s.loading, s.loadErr = false, m.err
		if m.err == nil {
			s.generated, s.edited = cleanBlock(m.generated), m.edited
		}
		s.refresh()
	case narrativeSavedMsg:
		if m.to != s {
			return s, nil
		}
		return s, s.saved(m)
	case tea.BackgroundColorMsg:
		s.applyStyles()
		s.refresh()
	}
	return s, nil
}

func (s *narrativeScreen) handleKey(m tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch s.mode {
	case narrEdit:
		switch {
		case key.Matches(m, k.Save):
			return s.save()
		case key.Matches(m, k.Cancel):
			s.mode = narrView
			s.ta.Blur()
			return ShowStatus("Edit cancelled; nothing saved.", false)
		}
		var cmd tea.Cmd
		s.ta, cmd = s.ta.Update(m)
		return cmd
	case narrConfirmRevert:
		s.mode = narrView
		if key.Matches(m, k.Yes) {
			return s.revert()
		}
		return nil
	}
	switch {
	case s.loading || s.loadErr != nil || s.saving:
		return nil
	case key.Matches(m, k.Edit):
		s.mode = narrEdit
		text := s.generated
		if s.edited != nil {
			text = cleanBlock(s.edited.Text)
		}
		s.ta.SetValue(text)
		s.ta.MoveToEnd()
		return s.ta.Focus()
	case key.Matches(m, k.Revert):
		if s.edited == nil {
			return ShowStatus("This narrative is not edited: it is the generated one.", false)
		}
		s.mode = narrConfirmRevert
	case key.Matches(m, k.Down):
		s.vp.ScrollDown(1)
	case key.Matches(m, k.Up):
		s.vp.ScrollUp(1)
	case key.Matches(m, k.PageDown):
		s.vp.HalfPageDown()
	case key.Matches(m, k.PageUp):
		s.vp.HalfPageUp()
	}
	return nil
}

// save queues the textarea's text as the edited narrative, keeping the
// generated text it replaces.
func (s *narrativeScreen) save() tea.Cmd {
	text := strings.TrimRight(s.ta.Value(), " \n")
	if strings.TrimSpace(text) == "" {
		return ShowStatus("An empty narrative cannot be saved; esc and R reverts to the generated one.", true)
	}
	if s.edited == nil && text == strings.TrimRight(s.generated, " \n") {
		s.mode = narrView
		s.ta.Blur()
		return ShowStatus("Unchanged: the generated narrative is kept.", false)
	}
	s.mode = narrView
	s.ta.Blur()
	s.saving = true
	n := model.Narrative{ControlID: s.ctl.ID, Subject: s.subject, Text: text, Generated: s.generated, EditedBy: s.c.actor()}
	store, to, ctxf := s.c.Audit.Narratives, s, s.c.storeCtx
	k := export.NarrativeKey{ControlID: n.ControlID, Subject: n.Subject}
	return s.c.Writes.push(write{run: func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		saved, err := store.SaveNarrative(ctx, n)
		return narrativeSavedMsg{to: to, key: k, saved: saved, err: err}
	}})
}

// revert queues the deletion of the edited narrative.
func (s *narrativeScreen) revert() tea.Cmd {
	s.saving = true
	store, to, ctxf := s.c.Audit.Narratives, s, s.c.storeCtx
	id, subj := s.ctl.ID, s.subject
	return s.c.Writes.push(write{run: func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		err := store.DeleteNarrative(ctx, id, subj)
		return narrativeSavedMsg{to: to, key: export.NarrativeKey{ControlID: id, Subject: subj}, reverted: true, err: err}
	}})
}

// saved applies a save or revert result: the screen shows "edited" only
// once the store has it.
func (s *narrativeScreen) saved(m narrativeSavedMsg) tea.Cmd {
	s.saving = false
	name := model.CleanLine(s.ctl.ID)
	if m.err != nil {
		return func() tea.Msg {
			return StatusMsg{Kind: statusError, Text: "Narrative " + name + " NOT saved: " + model.CleanLine(m.err.Error())}
		}
	}
	text := "Narrative " + name + " saved as edited"
	if m.reverted {
		s.edited = nil
		text = "Narrative " + name + " reverted to the generated text"
	} else {
		saved := m.saved
		s.edited = &saved
	}
	s.refresh()
	return func() tea.Msg { return StatusMsg{Kind: statusSuccess, Text: text} }
}

// subjectName names the subject as the export does.
func (s *narrativeScreen) subjectName() string {
	return narrativeSubjectName(s.c.Session, s.subject)
}

// narrativeSubjectName is "Organisation" or the system's name.
func narrativeSubjectName(sess *Session, subject string) string {
	if subject == model.SubjectOrg {
		return "Organisation"
	}
	if id, ok := model.SubjectSystemID(subject); ok {
		for _, sys := range sess.Systems {
			if sys.ID == id {
				return model.CleanLine(sys.Name)
			}
		}
	}
	return model.CleanLine(subject)
}
