package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// reviewComment asks what to change before sending an answer back
// (request changes needs a comment; model.Apply refuses an empty one).
type reviewComment struct {
	c     *Common
	it    model.Item
	input textinput.Model
	keys  inputKeys
	err   string
	w, h  int
}

func newReviewComment(c *Common, it model.Item) *reviewComment {
	in := textinput.New()
	in.Placeholder = "what should change, and why"
	in.CharLimit = 500
	is := textinput.DefaultStyles(c.Styles.IsDark)
	is.Cursor.Blink = false
	in.SetStyles(is)
	in.Focus()
	k := defaultInputKeys()
	k.Submit.SetHelp("enter", "send back")
	return &reviewComment{c: c, it: it, input: in, keys: k}
}

// ID implements Screen.
func (r *reviewComment) ID() ScreenID { return "review-comment" }

// Title implements Screen.
func (r *reviewComment) Title() string { return "Request changes" }

// Init implements Screen.
func (r *reviewComment) Init() tea.Cmd { return nil }

// Resize implements Screen.
func (r *reviewComment) Resize(w, h int) tea.Cmd {
	r.w, r.h = w, h
	r.input.SetWidth(max(w-6, 10))
	return nil
}

// Captures implements Screen: the input takes every key.
func (r *reviewComment) Captures(tea.KeyPressMsg) bool { return true }

// ShortHelp implements help.KeyMap.
func (r *reviewComment) ShortHelp() []key.Binding { return []key.Binding{r.keys.Submit, r.keys.Cancel} }

// FullHelp implements help.KeyMap.
func (r *reviewComment) FullHelp() [][]key.Binding { return [][]key.Binding{r.ShortHelp()} }

// Update implements Screen.
func (r *reviewComment) Update(msg tea.Msg) (Screen, tea.Cmd) {
	var cmd tea.Cmd
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(m, r.keys.Cancel):
			return r, Navigate(NavigateMsg{Pop: true})
		case key.Matches(m, r.keys.Submit):
			comment := strings.TrimSpace(r.input.Value())
			if err := r.c.reviewCheck(r.it.Key(), model.ReviewRequestChanges, comment); err != nil {
				r.err = err.Error()
				return r, nil
			}
			return r, tea.Batch(r.c.reviewAnswer(r.it.Key(), model.ReviewRequestChanges, comment), Navigate(NavigateMsg{Pop: true}))
		}
		r.input, cmd = r.input.Update(m)
		r.err = ""
	case tea.PasteMsg:
		r.input, cmd = r.input.Update(m)
	}
	return r, cmd
}

// View implements Screen.
func (r *reviewComment) View() string {
	st := r.c.Styles
	w := r.w
	a, _, _, _ := r.c.Session.Answer(r.it.Key())
	lines := []string{
		st.Title.Render(ansi.Truncate(" Request changes · "+model.CleanLine(r.it.Control.ID)+" "+model.CleanLine(r.it.Question.ID)+"@"+model.CleanLine(r.it.Subject), w, "…")),
		"",
		ansi.Truncate(" "+model.CleanLine(r.it.Question.Prompt), w, "…"),
		ansi.Truncate(" Answer: "+model.CleanLine(a.Display(r.it.Question))+st.Muted.Render(" · by "+orText(model.CleanLine(a.UpdatedBy), "?")), w, "…"),
		"",
		st.Accent.Render(" What should change?"),
		" " + r.input.View(),
	}
	if r.err != "" {
		lines = append(lines, st.Danger.Render(ansi.Truncate(" "+model.CleanLine(r.err), w, "…")))
	}
	return strings.Join(lines, "\n")
}
