package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// ScreenSystemDetail is the full-page view of one system.
const ScreenSystemDetail ScreenID = "system-detail"

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func listOrDash(items []string) string {
	if len(items) == 0 {
		return "—"
	}
	return strings.Join(items, ", ")
}

// systemDetailLines renders every field of a system, its scope with the
// reason and its risk tier with the reasons, w columns wide.
func systemDetailLines(c *Common, r *invRow, w int) []string {
	st := c.Styles
	sys := r.sys
	var out []string
	// wrap wraps "label: value" as one text, so the label's width counts,
	// and colours the label on the first line.
	wrap := func(label, value string) {
		text := ansi.Wrap(label+": "+cleanBlock(value), max(w-4, 10), " ,;/-")
		for i, l := range strings.Split(text, "\n") {
			if i == 0 {
				if rest, ok := strings.CutPrefix(l, label+": "); ok {
					l = st.Muted.Render(label+": ") + rest
				}
				out = append(out, ansi.Truncate(" "+l, w, "…"))
				continue
			}
			out = append(out, ansi.Truncate("   "+l, w, "…"))
		}
	}
	out = append(out, ansi.Truncate(st.Title.Render(" "+r.name), w, "…"))
	scope := "OUT of scope"
	if r.inScope {
		scope = "IN scope"
	}
	if r.override {
		scope += " (override)"
	}
	out = append(out, ansi.Truncate(" "+st.Subtitle.Render(scope), w, "…"))
	wrap("why", r.scopeWhy)
	if r.override {
		d, dwhy := sys.DerivedScope()
		wrap("derived", map[bool]string{true: "in", false: "out"}[d]+" — "+dwhy)
	}
	out = append(out, ansi.Truncate(" "+st.Subtitle.Render("Risk tier: ")+styled(tierStyle(st, r), string(r.tier)), w, "…"))
	for _, why := range r.tierWhy {
		out = append(out, ansi.Truncate("   • "+model.CleanLine(why), w, "…"))
	}
	out = append(out, "")
	wrap("Purpose", orDash(sys.Purpose))
	wrap("Business owner", orDash(sys.BusinessOwner))
	wrap("Technical owner", orDash(sys.TechnicalOwner))
	wrap("Vendor", orDash(sys.VendorName))
	wrap("Approval", string(sys.Approval))
	wrap("Last reviewed", orDash(string(sys.LastReviewed)))
	wrap("Deployment", orDash(string(sys.Deployment)))
	wrap("Models", listOrDash(sys.Models))
	wrap("Identities", listOrDash(sys.Identities))
	cats := make([]string, len(sys.DataCategories))
	for i, d := range sys.DataCategories {
		cats[i] = string(d)
	}
	wrap("Data", listOrDash(cats))
	wrap("Affects service delivery", yesNo(sys.AffectsService))
	wrap("Consequential decisions", yesNo(sys.Consequential))
	wrap("Human oversight", orDash(string(sys.Oversight)))
	logging := orDash(string(sys.Logging))
	if sys.LogRetention != "" {
		logging += ", retention " + sys.LogRetention
	}
	wrap("Interaction logging", logging)
	wrap("Access control", listOrDash(sys.AccessControl))
	if sys.Notes != "" {
		wrap("Notes", sys.Notes)
	}
	return out
}

// systemDetail is a scrollable page with every field of one system.
type systemDetail struct {
	c    *Common
	id   int64
	sys  model.System
	vp   viewport.Model
	keys systemDetailKeys
}

type systemDetailKeys struct{ Down, Up, Edit key.Binding }

func newSystemDetail(c *Common, sys model.System) *systemDetail {
	return &systemDetail{c: c, id: sys.ID, sys: sys, vp: viewport.New(), keys: systemDetailKeys{
		Down: key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("j/k", "scroll")),
		Up:   key.NewBinding(key.WithKeys("k", "up")),
		Edit: key.NewBinding(key.WithKeys("e", "enter"), key.WithHelp("e", "edit")),
	}}
}

// ID implements Screen.
func (d *systemDetail) ID() ScreenID { return ScreenSystemDetail }

// Title implements Screen.
func (d *systemDetail) Title() string { return "System " + model.CleanLine(d.sys.Name) }

// Init implements Screen.
func (d *systemDetail) Init() tea.Cmd { return nil }

// Resize implements Screen.
func (d *systemDetail) Resize(w, h int) tea.Cmd {
	d.vp.SetWidth(w)
	d.vp.SetHeight(h)
	d.render()
	return nil
}

func (d *systemDetail) render() {
	r := newInvRow(d.sys)
	d.vp.SetContent(strings.Join(systemDetailLines(d.c, &r, d.vp.Width()), "\n"))
}

// Captures implements Screen.
func (d *systemDetail) Captures(tea.KeyPressMsg) bool { return false }

// ShortHelp implements help.KeyMap.
func (d *systemDetail) ShortHelp() []key.Binding {
	return append([]key.Binding{d.keys.Down, d.keys.Edit}, d.c.evidenceHelp()...)
}

// FullHelp implements help.KeyMap.
func (d *systemDetail) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

// Update implements Screen.
func (d *systemDetail) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch m := msg.(type) {
	case SystemsChangedMsg:
		for _, s := range m.Systems {
			if s.ID == d.id {
				d.sys = s
				d.render()
			}
		}
	case tea.KeyPressMsg:
		switch {
		case key.Matches(m, d.keys.Edit):
			return d, Navigate(NavigateMsg{Push: newSystemForm(d.c, d.sys)})
		case key.Matches(m, attachKey()):
			return d, d.c.attachToSystem(d.id)
		case key.Matches(m, d.keys.Down):
			d.vp.ScrollDown(1)
		case key.Matches(m, d.keys.Up):
			d.vp.ScrollUp(1)
		}
	}
	return d, nil
}

// View implements Screen.
func (d *systemDetail) View() string { return d.vp.View() }
