package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// ScreenEvidenceDetail is the id of one evidence file's page.
const ScreenEvidenceDetail ScreenID = "evidence-detail"

// evidenceDetail shows every field of one evidence file, its last check
// and the period flag. It reads the file from the shared list each frame,
// so a reload or check shows at once; a deleted file pops the page.
type evidenceDetail struct {
	c      *Common
	id     int64
	w, h   int
	offset int
	keys   evidenceDetailKeys
}

type evidenceDetailKeys struct{ Down, Up, Delete, Check key.Binding }

func newEvidenceDetail(c *Common, id int64) *evidenceDetail {
	return &evidenceDetail{c: c, id: id, keys: evidenceDetailKeys{
		Down:   key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("j/k", "scroll")),
		Up:     key.NewBinding(key.WithKeys("k", "up")),
		Delete: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "delete")),
		Check:  key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "check hashes")),
	}}
}

// ID implements Screen.
func (d *evidenceDetail) ID() ScreenID { return ScreenEvidenceDetail }

// Title implements Screen.
func (d *evidenceDetail) Title() string { return "EV-" + itoa64(d.id) }

// Init implements Screen.
func (d *evidenceDetail) Init() tea.Cmd { return nil }

// Resize implements Screen.
func (d *evidenceDetail) Resize(w, h int) tea.Cmd { d.w, d.h = w, h; return nil }

// Captures implements Screen.
func (d *evidenceDetail) Captures(tea.KeyPressMsg) bool { return false }

// ShortHelp implements help.KeyMap.
func (d *evidenceDetail) ShortHelp() []key.Binding {
	return []key.Binding{d.keys.Check, d.keys.Delete, d.keys.Down}
}

// FullHelp implements help.KeyMap.
func (d *evidenceDetail) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

func (d *evidenceDetail) evidence() (model.Evidence, bool) {
	for _, ev := range d.c.Evidence.list {
		if ev.ID == d.id {
			return ev, true
		}
	}
	return model.Evidence{}, false
}

// Update implements Screen.
func (d *evidenceDetail) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch m := msg.(type) {
	case EvidenceDeletedMsg:
		if m.ID == d.id && m.Err == nil {
			return d, Navigate(NavigateMsg{Pop: true})
		}
	case tea.KeyPressMsg:
		ev, ok := d.evidence()
		switch {
		case !ok:
		case key.Matches(m, d.keys.Down):
			d.offset = min(d.offset+1, max(len(d.lines(ev))-d.h, 0))
		case key.Matches(m, d.keys.Up):
			d.offset = max(d.offset-1, 0)
		case key.Matches(m, d.keys.Check):
			return d, d.c.checkEvidence()
		case key.Matches(m, d.keys.Delete):
			return d, push((&evidenceScreen{c: d.c}).confirmDelete(ev))
		}
	}
	return d, nil
}

// View implements Screen.
func (d *evidenceDetail) View() string {
	ev, ok := d.evidence()
	if !ok {
		return d.c.Styles.Muted.Render(" EV-" + itoa64(d.id) + " is no longer in the engagement.")
	}
	lines := d.lines(ev)
	d.offset = min(d.offset, max(len(lines)-d.h, 0))
	return strings.Join(lines[d.offset:], "\n")
}

// lines renders every field, wrapped to the width.
func (d *evidenceDetail) lines(ev model.Evidence) []string {
	st := d.c.Styles
	const labelW = 13
	out := []string{st.Title.Render(ansi.Truncate(" "+ev.Ref()+" "+model.CleanLine(ev.Name), max(d.w, 1), "…")), ""}
	field := func(label, value string, style lipgloss.Style) {
		for i, l := range wrapWords(value, max(d.w-labelW-3, 10)) {
			head := strings.Repeat(" ", labelW)
			if i == 0 {
				head = pad(label, labelW)
			}
			out = append(out, " "+st.Muted.Render(head)+" "+style.Render(l))
		}
	}
	plain := lipgloss.NewStyle()
	kept := "stored in the engagement file"
	if !ev.Stored {
		kept = "by reference only (path and hash)"
	}
	field("Attached to", d.c.evidenceTargetLabel(ev.Target)+"  ("+model.CleanLine(ev.Target.String())+")", plain)
	field("Path", model.CleanLine(ev.Path), plain)
	field("Size", humanBytes(ev.Size)+" ("+itoa64(ev.Size)+" bytes)", plain)
	field("SHA-256", model.CleanLine(ev.SHA256), plain)
	field("Kept", kept, plain)
	field("Effective", orNone(model.CleanLine(string(ev.EffectiveDate))), plain)
	field("Retain until", orNone(model.CleanLine(string(ev.RetentionDate))), plain)
	field("Attached", model.CleanLine(ev.AttachedBy)+" · "+ev.AttachedAt.UTC().Format("2006-01-02 15:04 UTC"), plain)
	if ev.Note != "" {
		field("Note", model.CleanText(ev.Note), plain)
	}
	if out, why := model.EvidenceOutsidePeriod(ev, d.c.Session.Engagement); out {
		field("Period", "! "+why, st.Warning)
	}
	e := d.c.Evidence
	switch c, ok := e.checks[ev.ID]; {
	case e.checking:
		field("Check", "checking…", st.Muted)
	case !ok:
		field("Check", "not checked in this session (c re-hashes every file)", st.Muted)
	case c.Failed():
		field("Check", strings.ToUpper(model.CleanLine(c.Status))+": "+model.CleanLine(c.Detail), st.Danger)
	default:
		field("Check", "ok: the SHA-256 still matches", st.Success)
	}
	return out
}

// wrapWords wraps plain text at spaces only (dates and hashes are never
// split at their hyphens), cutting a word longer than w.
func wrapWords(text string, w int) []string {
	var out []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= w:
			line += " " + word
		default:
			out = append(out, line)
			line = word
		}
		for ansi.StringWidth(line) > w {
			out = append(out, ansi.Truncate(line, w, ""))
			line = ansi.TruncateLeft(line, w, "")
		}
	}
	if line != "" || len(out) == 0 {
		out = append(out, line)
	}
	return out
}
