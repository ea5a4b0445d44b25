package tui

import (
	"bytes"
	"encoding/json"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// ScreenTrailDetail shows one trail record (pushed from the trail).
const ScreenTrailDetail ScreenID = "trail-detail"

// trailDetail shows a record's fields and its before/after JSON,
// indented, in a scrollable pane.
type trailDetail struct {
	c    *Common
	rec  model.Activity
	vp   viewport.Model
	keys struct{ Down, Up, PageDown, PageUp key.Binding }
}

func newTrailDetail(c *Common, rec model.Activity) *trailDetail {
	d := &trailDetail{c: c, rec: rec, vp: viewport.New()}
	d.vp.SoftWrap = true
	d.keys.Down = key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("j/↓", "scroll"))
	d.keys.Up = key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("k/↑", "scroll up"))
	d.keys.PageDown = key.NewBinding(key.WithKeys("ctrl+d", "pgdown", "space"), key.WithHelp("ctrl+d", "page down"))
	d.keys.PageUp = key.NewBinding(key.WithKeys("ctrl+u", "pgup"), key.WithHelp("ctrl+u", "page up"))
	return d
}

// ID implements Screen.
func (d *trailDetail) ID() ScreenID { return ScreenTrailDetail }

// Title implements Screen.
func (d *trailDetail) Title() string { return "Trail record " + itoa64(d.rec.Seq) }

// Init implements Screen.
func (d *trailDetail) Init() tea.Cmd { return nil }

// Resize implements Screen.
func (d *trailDetail) Resize(w, h int) tea.Cmd {
	d.vp.SetWidth(max(w, 10))
	d.vp.SetHeight(max(h, 1))
	d.vp.SetContent(d.body(w))
	return nil
}

// Captures implements Screen.
func (d *trailDetail) Captures(tea.KeyPressMsg) bool { return false }

// Update implements Screen.
func (d *trailDetail) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(m, d.keys.Down):
			d.vp.ScrollDown(1)
		case key.Matches(m, d.keys.Up):
			d.vp.ScrollUp(1)
		case key.Matches(m, d.keys.PageDown):
			d.vp.HalfPageDown()
		case key.Matches(m, d.keys.PageUp):
			d.vp.HalfPageUp()
		}
	case tea.BackgroundColorMsg:
		d.vp.SetContent(d.body(d.vp.Width()))
	}
	return d, nil
}

// body lays out the record: its fields, then before and after.
func (d *trailDetail) body(w int) string {
	st := d.c.Styles
	r := d.rec
	field := func(name, v string) string {
		return ansi.Truncate(st.Muted.Render(" "+audCell(name, 10))+model.CleanLine(v), w, "…")
	}
	lines := []string{
		st.Title.Render(" Trail record " + itoa64(r.Seq)),
		field("time", r.At.UTC().Format("2006-01-02 15:04:05")+" UTC"),
		field("person", r.Actor),
		field("action", r.Action),
		field("entity", r.Entity+" "+r.EntityID),
		field("hash", r.Hash),
		field("prev hash", r.PrevHash),
		"",
	}
	for _, part := range []struct{ name, js string }{{"Before", r.Before}, {"After", r.After}} {
		lines = append(lines, st.SectionHead.Render(" "+part.name))
		if strings.TrimSpace(part.js) == "" {
			lines = append(lines, st.Muted.Render("   (none)"))
		} else {
			for _, l := range strings.Split(prettyJSON(part.js), "\n") {
				lines = append(lines, "   "+l)
			}
		}
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// prettyJSON indents JSON for reading, escapes stripped; text that is not
// JSON is shown as it is.
func prettyJSON(s string) string {
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(s), "", "  "); err != nil {
		return model.CleanText(s)
	}
	return model.CleanText(b.String())
}

// View implements Screen.
func (d *trailDetail) View() string { return d.vp.View() }

// ShortHelp implements help.KeyMap.
func (d *trailDetail) ShortHelp() []key.Binding {
	return []key.Binding{d.keys.Down, d.keys.Up, d.keys.PageDown}
}

// FullHelp implements help.KeyMap.
func (d *trailDetail) FullHelp() [][]key.Binding {
	return [][]key.Binding{{d.keys.Down, d.keys.Up, d.keys.PageDown, d.keys.PageUp}}
}
