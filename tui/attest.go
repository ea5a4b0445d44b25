package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// attestScreen is the sign-off (tab 9, g s): a control owner selects
// their controls (or all of them), sees exactly the answers an attestation
// over them covers, writes a statement and attests, optionally signing with
// an SSH key. Below, every attestation with its status against the
// answers now: valid, or superseded naming the answers that changed.
type attestScreen struct {
	c    *Common
	keys attestKeys
	w, h int

	cur int
	sel map[string]bool

	composing bool
	focus     int // 0 statement, 1 key path
	statement textarea.Model
	keyPath   textinput.Model
	err       string

	// items is model.Walk over the saved answers (an attestation covers
	// what is durable), cached by session revision.
	items    []model.Item
	itemsRev int
}

type attestKeys struct {
	Down, Up, Toggle, All, Compose key.Binding
	Attest, Next, Cancel           key.Binding
}

func defaultAttestKeys() attestKeys {
	return attestKeys{
		Down:    binding([]string{"j", "down"}, "j/↓", "next"),
		Up:      binding([]string{"k", "up"}, "k/↑", "prev"),
		Toggle:  binding([]string{"space"}, "space", "select"),
		All:     binding([]string{"a"}, "a", "all mine"),
		Compose: binding([]string{"enter"}, "enter", "write statement"),
		Attest:  binding([]string{"ctrl+s"}, "ctrl+s", "attest"),
		Next:    binding([]string{"tab"}, "tab", "statement/key"),
		Cancel:  binding([]string{"esc"}, "esc", "back"),
	}
}

func newAttestScreen(c *Common) *attestScreen {
	s := &attestScreen{c: c, keys: defaultAttestKeys(), sel: map[string]bool{}, itemsRev: -1}
	s.statement = textarea.New()
	s.statement.ShowLineNumbers = false
	s.statement.Placeholder = "I confirm these answers describe how the controls operated…"
	s.keyPath = textinput.New()
	s.keyPath.Placeholder = "~/.ssh/id_ed25519 (optional: sign with ssh-keygen -Y sign)"
	s.applyStyles()
	return s
}

func (s *attestScreen) applyStyles() {
	ts := textarea.DefaultStyles(s.c.Styles.IsDark)
	ts.Cursor.Blink = false
	s.statement.SetStyles(ts)
	is := textinput.DefaultStyles(s.c.Styles.IsDark)
	is.Cursor.Blink = false
	s.keyPath.SetStyles(is)
}

// ID implements Screen.
func (s *attestScreen) ID() ScreenID { return ScreenAttest }

// Title implements Screen.
func (s *attestScreen) Title() string { return "Sign-off" }

// Init implements Screen.
func (s *attestScreen) Init() tea.Cmd { return s.c.loadAcct() }

// Resize implements Screen.
func (s *attestScreen) Resize(w, h int) tea.Cmd {
	s.w, s.h = w, h
	s.statement.SetWidth(max(w-4, 10))
	s.statement.SetHeight(3)
	s.keyPath.SetWidth(max(w-8, 10))
	s.applyStyles()
	return nil
}

// Captures implements Screen: the statement and key inputs take every key.
func (s *attestScreen) Captures(tea.KeyPressMsg) bool { return s.composing }

// ShortHelp implements help.KeyMap.
func (s *attestScreen) ShortHelp() []key.Binding {
	k := s.keys
	if s.composing {
		next := k.Next
		next.SetEnabled(s.c.Acct.cfg.Sign != nil)
		return []key.Binding{k.Attest, next, k.Cancel}
	}
	return []key.Binding{k.Toggle, k.All, k.Compose, k.Down, k.Up}
}

// FullHelp implements help.KeyMap.
func (s *attestScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// savedItems is the walk over saved answers.
func (s *attestScreen) savedItems() []model.Item {
	sess := s.c.Session
	if s.itemsRev != sess.rev {
		s.items = model.Walk(sess.Pack, sess.answers, sess.Systems)
		s.itemsRev = sess.rev
	}
	return s.items
}

// mine is what the actor owns: their items and its progress per control.
func (s *attestScreen) mine() ([]model.Item, []string) {
	items := model.OwnerItems(s.savedItems(), s.c.Acct.assign, s.c.Actor)
	var ids []string
	for _, it := range items {
		if !slices.Contains(ids, it.Control.ID) {
			ids = append(ids, it.Control.ID)
		}
	}
	return items, ids
}

// selected are the chosen control ids, in the order they are listed.
func (s *attestScreen) selected() []string {
	_, ids := s.mine()
	var out []string
	for _, id := range ids {
		if s.sel[id] {
			out = append(out, id)
		}
	}
	return out
}

// preview builds the attestation the selection would make, exactly as it
// will be stored (less its id): its Answers are what it covers.
func (s *attestScreen) preview() (model.Attestation, model.AttestationInput, error) {
	p, ok := s.c.me()
	if !ok {
		_, err := s.c.Acct.people.Require(s.c.Actor, model.RoleControlOwner, "attest")
		return model.Attestation{}, model.AttestationInput{}, err
	}
	items, _ := s.mine()
	statement := strings.TrimSpace(s.statement.Value())
	if statement == "" {
		statement = "(statement)" // the preview needs one; attesting checks the real one
	}
	in := s.c.attestInput(p, s.selected(), items, statement)
	att, err := model.NewAttestation(in)
	in.Statement = s.statement.Value()
	return att, in, err
}

// Update implements Screen.
func (s *attestScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		if s.composing {
			return s, s.composeKey(m)
		}
		return s, s.listKey(m)
	case tea.PasteMsg:
		if s.composing {
			return s, s.forward(m)
		}
	case attestSignedMsg:
		if m.err != nil {
			return s, func() tea.Msg {
				return StatusMsg{Kind: statusError, Text: "NOT attested: " + model.CleanLine(m.err.Error())}
			}
		}
		return s, s.c.storeSigned(m.att)
	case AttestedMsg:
		if m.Err == nil {
			s.composing, s.sel = false, map[string]bool{}
			s.statement.Reset()
			s.statement.Blur()
			s.keyPath.Blur()
		}
	case tea.BackgroundColorMsg:
		s.applyStyles()
	}
	return s, nil
}

func (s *attestScreen) listKey(m tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	_, ids := s.mine()
	switch {
	case !s.c.Acct.available():
	case key.Matches(m, k.Down):
		s.cur = min(s.cur+1, max(len(ids)-1, 0))
	case key.Matches(m, k.Up):
		s.cur = max(s.cur-1, 0)
	case key.Matches(m, k.Toggle):
		if s.cur < len(ids) {
			s.sel[ids[s.cur]] = !s.sel[ids[s.cur]]
		}
	case key.Matches(m, k.All):
		all := len(s.selected()) < len(ids)
		for _, id := range ids {
			s.sel[id] = all
		}
	case key.Matches(m, k.Compose):
		if len(s.selected()) == 0 && s.cur < len(ids) {
			s.sel[ids[s.cur]] = true
		}
		if _, _, err := s.preview(); err != nil {
			return ShowStatus(err.Error(), true)
		}
		s.composing, s.focus, s.err = true, 0, ""
		s.keyPath.Blur()
		return s.statement.Focus()
	}
	return nil
}

func (s *attestScreen) composeKey(m tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(m, k.Cancel):
		s.composing = false
		s.statement.Blur()
		s.keyPath.Blur()
		return nil
	case key.Matches(m, k.Next) && s.c.Acct.cfg.Sign != nil:
		s.focus = 1 - s.focus
		if s.focus == 1 {
			s.statement.Blur()
			return s.keyPath.Focus()
		}
		s.keyPath.Blur()
		return s.statement.Focus()
	case key.Matches(m, k.Attest):
		return s.submit()
	}
	return s.forward(m)
}

func (s *attestScreen) forward(m tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	if s.focus == 0 {
		s.statement, cmd = s.statement.Update(m)
	} else {
		s.keyPath, cmd = s.keyPath.Update(m)
	}
	s.err = ""
	return cmd
}

// submit checks the attestation and queues it (signing first when a key is
// given). Pending answer saves must land first: it covers durable answers.
func (s *attestScreen) submit() tea.Cmd {
	if strings.TrimSpace(s.statement.Value()) == "" {
		s.err = "an attestation needs a statement"
		return nil
	}
	if !s.c.Writes.idle() || len(s.c.Session.pending) > 0 {
		s.err = "answers are still being saved; attest once they are"
		return nil
	}
	_, in, err := s.preview()
	if err == nil {
		_, err = model.NewAttestation(in)
	}
	if err != nil {
		s.err = err.Error()
		return nil
	}
	if p := strings.TrimSpace(s.keyPath.Value()); p != "" && s.c.Acct.cfg.Sign != nil {
		return s.c.signAndAttest(in, p)
	}
	return s.c.attest(in)
}
