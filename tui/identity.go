package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// IdentitySavedMsg reports saving who runs auditwalk: Name is recorded on
// every later change from then on; Where is the identity file (empty when
// only this session knows it); Err says why it was not remembered.
type IdentitySavedMsg struct {
	Name, Where string
	Err         error
}

func (IdentitySavedMsg) writeDone() {}

func (m IdentitySavedMsg) fold(c *Common) (StatusMsg, bool) {
	// The store records the new name whatever happened to the file, so the
	// screens must too.
	c.Actor = m.Name
	switch {
	case m.Err != nil:
		return failed("You are "+model.CleanLine(m.Name)+" for this session, but it was NOT remembered", m.Err), true
	case m.Where == "":
		return succeeded("You are " + model.CleanLine(m.Name) + " for this session"), true
	}
	return succeeded("You are " + model.CleanLine(m.Name) + " on this machine (saved in " + model.CleanLine(m.Where) + ")"), true
}

// saveIdentity queues the identity save, so every write queued after it is
// recorded under the new name.
func (c *Common) saveIdentity(name string) tea.Cmd {
	save, ctxf := c.Acct.cfg.SaveIdentity, c.storeCtx
	return c.Writes.push(write{run: func() tea.Msg {
		if save == nil {
			return IdentitySavedMsg{Name: name}
		}
		ctx, cancel := ctxf()
		defer cancel()
		where, err := save(ctx, name)
		return IdentitySavedMsg{Name: name, Where: where, Err: err}
	}})
}

// identityScreen asks who is at the keyboard: pick one of the engagement's
// people or type a name. It is pushed at start when nothing says who runs
// auditwalk, and from the people screen (I).
type identityScreen struct {
	c     *Common
	keys  identityKeys
	input textinput.Model
	pick  int // index into matches(); -1 means the typed name
	err   string
	w, h  int
}

type identityKeys struct {
	Save, Skip, Down, Up key.Binding
}

func defaultIdentityKeys() identityKeys {
	return identityKeys{
		Save: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "that's me")),
		Skip: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "skip")),
		Down: key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "next person")),
		Up:   key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", "prev person")),
	}
}

func newIdentityScreen(c *Common) *identityScreen {
	in := textinput.New()
	in.Placeholder = "your name as the engagement knows you"
	in.CharLimit = 80
	is := textinput.DefaultStyles(c.Styles.IsDark)
	is.Cursor.Blink = false
	in.SetStyles(is)
	in.Focus()
	return &identityScreen{c: c, keys: defaultIdentityKeys(), input: in, pick: -1}
}

// ID implements Screen.
func (s *identityScreen) ID() ScreenID { return ScreenIdentity }

// Title implements Screen.
func (s *identityScreen) Title() string { return "Who are you?" }

// Init implements Screen.
func (s *identityScreen) Init() tea.Cmd { return nil }

// Resize implements Screen.
func (s *identityScreen) Resize(w, h int) tea.Cmd {
	s.w, s.h = w, h
	s.input.SetWidth(min(max(w-8, 10), 60))
	return nil
}

// Captures implements Screen: the input takes every key.
func (s *identityScreen) Captures(tea.KeyPressMsg) bool { return true }

// ShortHelp implements help.KeyMap.
func (s *identityScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Save, s.keys.Down, s.keys.Up, s.keys.Skip}
}

// FullHelp implements help.KeyMap.
func (s *identityScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// matches are the engagement's people whose name starts with (or contains)
// what was typed.
func (s *identityScreen) matches() []model.Person {
	typed := strings.ToLower(strings.TrimSpace(s.input.Value()))
	var out []model.Person
	for _, p := range s.c.Acct.people {
		if typed == "" || strings.Contains(strings.ToLower(p.Name), typed) {
			out = append(out, p)
		}
	}
	return out
}

// chosen is the name enter would save.
func (s *identityScreen) chosen() string {
	if ms := s.matches(); s.pick >= 0 && s.pick < len(ms) {
		return ms[s.pick].Name
	}
	return strings.TrimSpace(s.input.Value())
}

// Update implements Screen.
func (s *identityScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		return s, s.handleKey(m)
	case tea.PasteMsg:
		var cmd tea.Cmd
		s.input, cmd = s.input.Update(m)
		s.pick = -1
		return s, cmd
	}
	return s, nil
}

func (s *identityScreen) handleKey(m tea.KeyPressMsg) tea.Cmd {
	n := len(s.matches())
	switch {
	case key.Matches(m, s.keys.Skip):
		return Navigate(NavigateMsg{Pop: true})
	case key.Matches(m, s.keys.Down):
		s.pick = min(s.pick+1, n-1)
		return nil
	case key.Matches(m, s.keys.Up):
		s.pick = max(s.pick-1, -1)
		return nil
	case key.Matches(m, s.keys.Save):
		name := s.chosen()
		if err := (model.Person{Name: name, Roles: []model.Role{model.RoleAssessor}}).Validate(); err != nil {
			s.err = err.Error()
			return nil
		}
		if p, ok := s.c.Acct.people.Find(name); ok {
			name = p.Name // the engagement's spelling
		}
		return tea.Sequence(s.c.saveIdentity(name), Navigate(NavigateMsg{Pop: true}))
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(m)
	s.err = ""
	if s.pick >= len(s.matches()) {
		s.pick = -1
	}
	return cmd
}

// View implements Screen.
func (s *identityScreen) View() string {
	st := s.c.Styles
	w := s.w
	lines := []string{
		st.Title.Render(" Who are you?"),
		st.Muted.Render(ansi.Truncate(" Every change records who made it. Say it once on this machine; it is saved", w, "…")),
		st.Muted.Render(ansi.Truncate(" where `auditwalk whoami --set` keeps it (change it later with --as or here).", w, "…")),
		"",
		" " + s.input.View(),
	}
	if s.err != "" {
		lines = append(lines, st.Danger.Render(ansi.Truncate(" "+model.CleanLine(s.err), w, "…")))
	} else if name := s.chosen(); name != "" {
		lines = append(lines, st.Accent.Render(ansi.Truncate(" enter: you are "+model.CleanLine(name), w, "…")))
	}
	lines = append(lines, "")
	ms := s.matches()
	if len(s.c.Acct.people) == 0 {
		lines = append(lines, st.Muted.Render(ansi.Truncate(" No people in this engagement yet: type your name, then add people (8).", w, "…")))
	} else {
		lines = append(lines, st.Subtitle.Render(" People of this engagement"))
	}
	for i, p := range ms {
		if len(lines) >= s.h-1 {
			break
		}
		row := "   " + model.CleanLine(p.Name) + "  " + st.Muted.Render(orText(p.RoleList(), "no roles"))
		if i == s.pick {
			row = st.Selected.Render(" ▸ " + model.CleanLine(p.Name) + "  " + orText(p.RoleList(), "no roles"))
		}
		lines = append(lines, ansi.Truncate(row, w, "…"))
	}
	return strings.Join(lines, "\n")
}

// identityNeeded reports whether the prompt should open at start.
func identityNeeded(cfg AccountabilityConfig) bool { return cfg.AskIdentity && cfg.Store != nil }
