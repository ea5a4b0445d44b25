package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"auditwalk/model"
)

// setupValues is heap-allocated so the huh fields' pointers stay live while
// the screen is copied around.
type setupValues struct {
	name, client, assessor string
	readiness              model.ReadinessType
	start, end             string
	window                 string // approved change window text
}

// setupScreen is the engagement form: shown on first run (and then it
// cannot be dismissed) or from the dashboard with e.
type setupScreen struct {
	c      *Common
	first  bool
	vals   *setupValues
	form   *huh.Form
	err    string
	saving bool
	w, h   int
	keys   setupKeys
}

type setupKeys struct{ Next, Prev, Cancel key.Binding }

func newSetupScreen(c *Common, first bool) *setupScreen {
	e := c.Session.Engagement
	// Stored text is shown as it will be saved: without terminal escapes.
	v := &setupValues{name: model.CleanLine(e.Name), client: model.CleanLine(e.Client),
		assessor: model.CleanLine(e.Assessor), readiness: e.Readiness,
		start: string(e.PeriodStart), end: string(e.PeriodEnd), window: e.ChangeWindow.String()}
	if v.readiness == "" {
		v.readiness = model.Type1
	}
	s := &setupScreen{c: c, first: first, vals: v, keys: setupKeys{
		Next:   key.NewBinding(key.WithKeys("enter", "tab"), key.WithHelp("enter/tab", "next field")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"), key.WithDisabled()),
	}}
	s.keys.Cancel.SetEnabled(!first)
	s.form = s.buildForm()
	return s
}

func validDate(s string) error {
	_, err := model.ParseDate(s)
	return err
}

func validChangeWindow(s string) error {
	_, err := model.ParseChangeWindow(s)
	return err
}

func (s *setupScreen) buildForm() *huh.Form {
	v := s.vals
	f := huh.NewForm(
		huh.NewGroup(
			huh.NewInput().Title("Engagement name").Placeholder("FY26 SOC 2 readiness").Value(&v.name).CharLimit(120),
			huh.NewInput().Title("Client organisation").Value(&v.client).CharLimit(120).
				Validate(func(x string) error {
					if strings.TrimSpace(x) == "" {
						return errString("client organisation is required")
					}
					return nil
				}),
			huh.NewInput().Title("Assessor").Value(&v.assessor).CharLimit(120),
			huh.NewSelect[model.ReadinessType]().Title("Readiness for").Options(
				huh.NewOption("Type 1 — design at a point in time", model.Type1),
				huh.NewOption("Type 2 — design and operation over a period", model.Type2),
			).Value(&v.readiness),
		),
		huh.NewGroup(
			huh.NewInput().Title("Observation period start (YYYY-MM-DD)").Value(&v.start).Validate(validDate),
			huh.NewInput().Title("Observation period end (YYYY-MM-DD)").Value(&v.end).Validate(validDate),
		).WithHideFunc(func() bool { return v.readiness != model.Type2 }),
		huh.NewGroup(
			huh.NewInput().Title("Approved change window (e.g. mon-fri 09:00-17:00 UTC; empty for none)").
				Value(&v.window).CharLimit(80).Validate(validChangeWindow),
		),
	).WithShowHelp(false).WithTheme(s.c.Styles.HuhTheme())
	if s.w > 0 {
		f = f.WithWidth(min(s.w-4, 72))
	}
	return f
}

type errString string

func (e errString) Error() string { return string(e) }

// ID implements Screen.
func (s *setupScreen) ID() ScreenID { return ScreenSetup }

// Title implements Screen.
func (s *setupScreen) Title() string { return "Engagement" }

// Init implements Screen.
func (s *setupScreen) Init() tea.Cmd { return s.form.Init() }

// Resize implements Screen.
func (s *setupScreen) Resize(w, h int) tea.Cmd {
	s.w, s.h = w, h
	s.form = s.form.WithWidth(min(w-4, 72))
	return nil
}

// Captures implements Screen: the form has text inputs, so it takes every
// key (esc included; it cancels unless this is the first run).
func (s *setupScreen) Captures(tea.KeyPressMsg) bool { return true }

// ShortHelp implements help.KeyMap.
func (s *setupScreen) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Next, s.keys.Prev, s.keys.Cancel}
}

// FullHelp implements help.KeyMap.
func (s *setupScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// Update implements Screen.
func (s *setupScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch m := msg.(type) {
	case EngagementSavedMsg:
		if !s.saving {
			return s, nil
		}
		s.saving = false
		if m.Err == nil {
			return s, Navigate(NavigateMsg{Pop: true})
		}
		s.err = "Not saved: " + m.Err.Error()
		s.form = s.buildForm()
		return s, s.form.Init()
	case tea.KeyPressMsg:
		if s.saving {
			return s, nil
		}
		if m.String() == "esc" {
			if s.first {
				s.err = "Set up the engagement first (ctrl+c quits)."
				return s, nil
			}
			return s, Navigate(NavigateMsg{Pop: true})
		}
	}
	fm, cmd := s.form.Update(msg)
	if f, ok := fm.(*huh.Form); ok {
		s.form = f
	}
	if s.form.State == huh.StateCompleted && !s.saving {
		return s, s.submit()
	}
	return s, cmd
}

// submit validates the engagement and queues its save.
func (s *setupScreen) submit() tea.Cmd {
	v := s.vals
	e := s.c.Session.Engagement
	e.Name = strings.TrimSpace(v.name)
	e.Client = strings.TrimSpace(v.client)
	e.Assessor = strings.TrimSpace(v.assessor)
	e.Readiness = v.readiness
	e.PeriodStart, e.PeriodEnd = "", ""
	var err error
	if e.Readiness == model.Type2 {
		if e.PeriodStart, err = model.ParseDate(v.start); err == nil {
			e.PeriodEnd, err = model.ParseDate(v.end)
		}
	}
	if err == nil {
		e.ChangeWindow, err = model.ParseChangeWindow(v.window)
	}
	if err == nil {
		err = e.Validate()
	}
	if err != nil {
		s.err = err.Error()
		s.form = s.buildForm()
		return s.form.Init()
	}
	if p := s.c.Session.Pack; p != nil && e.PackID == "" {
		e.PackID, e.PackVersion, e.PackHash = p.ID, p.Version, p.Hash
	}
	if e.CreatedAt.IsZero() {
		e.CreatedAt = s.c.Now()
	}
	s.err = ""
	s.saving = true
	return s.c.saveEngagement(e)
}

// View implements Screen.
func (s *setupScreen) View() string {
	st := s.c.Styles
	title := "Edit engagement"
	if s.first {
		title = "Set up the engagement"
	}
	out := []string{st.Title.Render(" " + title)}
	if s.first {
		out = append(out, st.Muted.Render(" First run: whose readiness is this? (Change it later with e on the dashboard.)"))
	}
	out = append(out, "")
	if s.saving {
		out = append(out, st.Warning.Render("  Saving…"))
	} else {
		out = append(out, indentBlock(s.form.View(), "  "))
	}
	if s.err != "" {
		out = append(out, "", st.Danger.Render("  "+model.CleanLine(s.err)))
	}
	return strings.Join(out, "\n")
}
