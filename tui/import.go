package tui

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/data/ingest"
	"auditwalk/model"
)

// ScreenImport is the import dialog: path, preview, confirm.
const ScreenImport ScreenID = "import"

// importKind is what a file is imported as.
type importKind string

const (
	importInventory importKind = "inventory"
	importVendors   importKind = "vendors"
)

// importStep is where the import dialog stands.
type importStep int

const (
	stepPath     importStep = iota // typing the path
	stepReading                    // reading and planning in a command
	stepPreview                    // showing what would change
	stepApplying                   // the import is being written
)

// importPreviewMsg carries a plan computed off the event loop. seq drops a
// stale preview when the user asked again meanwhile.
type importPreviewMsg struct {
	seq  int
	plan ingest.Plan
	err  error
}

// importScreen reads a file the user names, shows exactly what importing
// it would change, and applies it only on confirmation, in one transaction.
type importScreen struct {
	c     *Common
	kind  importKind
	step  importStep
	input textinput.Model
	vp    viewport.Model
	plan  ingest.Plan
	err   string
	hint  string
	seq   int
	w, h  int
	keys  importKeys
}

type importKeys struct {
	Read, Complete, Apply, Back, Scroll key.Binding
}

func newImportScreen(c *Common, kind importKind) *importScreen {
	s := &importScreen{c: c, kind: kind, vp: viewport.New(), keys: importKeys{
		Read:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "preview")),
		Complete: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete path")),
		Apply:    key.NewBinding(key.WithKeys("y", "enter"), key.WithHelp("y/enter", "import")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "edit path")),
		Scroll:   key.NewBinding(key.WithKeys("j", "k", "down", "up", "pgdown", "pgup"), key.WithHelp("j/k", "scroll")),
	}}
	s.input = textinput.New()
	s.input.Prompt = "File: "
	s.input.Placeholder = "path/to/" + string(kind) + ".csv (CSV, TSV or JSON)"
	s.input.CharLimit = 4096
	return s
}

// ID implements Screen.
func (s *importScreen) ID() ScreenID { return ScreenImport }

// Title implements Screen.
func (s *importScreen) Title() string { return "Import " + string(s.kind) }

// Init implements Screen.
func (s *importScreen) Init() tea.Cmd {
	if s.step == stepPath {
		return s.input.Focus()
	}
	return nil
}

// Resize implements Screen.
func (s *importScreen) Resize(w, h int) tea.Cmd {
	s.w, s.h = w, h
	s.input.SetWidth(max(w-12, 20))
	s.vp.SetWidth(w)
	s.vp.SetHeight(max(h-4, 1))
	if s.step == stepPreview {
		s.vp.SetContent(s.previewText())
	}
	return nil
}

// Captures implements Screen: the path input takes every key; the preview
// leaves only digits and q to the App while a write is not running.
func (s *importScreen) Captures(msg tea.KeyPressMsg) bool {
	return s.step != stepPreview || key.Matches(msg, s.keys.Apply, s.keys.Back)
}

// ShortHelp implements help.KeyMap.
func (s *importScreen) ShortHelp() []key.Binding {
	k := s.keys
	switch s.step {
	case stepPath:
		return []key.Binding{k.Read, k.Complete, k.Back}
	case stepPreview:
		if s.plan.OK() {
			return []key.Binding{k.Apply, k.Scroll, k.Back}
		}
		return []key.Binding{k.Scroll, k.Back}
	}
	return nil
}

// FullHelp implements help.KeyMap.
func (s *importScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// Update implements Screen.
func (s *importScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch m := msg.(type) {
	case importPreviewMsg:
		if m.seq != s.seq || s.step != stepReading {
			return s, nil
		}
		if m.err != nil {
			s.step, s.err = stepPath, m.err.Error()
			return s, s.input.Focus()
		}
		s.step, s.plan, s.err = stepPreview, m.plan, ""
		s.vp.SetContent(s.previewText())
		s.vp.GotoTop()
		return s, nil
	case pathCompletedMsg:
		if m.from == s.input.Value() {
			s.input.SetValue(m.to)
			s.input.CursorEnd()
			s.hint = m.hint
		}
		return s, nil
	case InventoryImportedMsg:
		if s.step != stepApplying {
			return s, nil
		}
		if m.Err != nil && !m.Applied {
			s.step, s.err = stepPreview, "Not imported: "+m.Err.Error()
			return s, nil
		}
		return s, Navigate(NavigateMsg{Pop: true})
	case tea.KeyPressMsg:
		return s, s.handleKey(m)
	case tea.PasteMsg:
		if s.step == stepPath {
			var cmd tea.Cmd
			s.input, cmd = s.input.Update(m)
			return s, cmd
		}
	}
	return s, nil
}

func (s *importScreen) handleKey(m tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch s.step {
	case stepPath:
		switch {
		case key.Matches(m, k.Back):
			return Navigate(NavigateMsg{Pop: true})
		case key.Matches(m, k.Read):
			return s.read()
		case key.Matches(m, k.Complete):
			return completePathCmd(s.input.Value())
		}
		s.hint = ""
		var cmd tea.Cmd
		s.input, cmd = s.input.Update(m)
		return cmd
	case stepPreview:
		switch {
		case key.Matches(m, k.Back):
			s.step, s.err = stepPath, ""
			return s.input.Focus()
		case key.Matches(m, k.Apply):
			return s.apply()
		}
		var cmd tea.Cmd
		s.vp, cmd = s.vp.Update(m)
		return cmd
	}
	return nil
}

// read starts reading and planning the file in a command.
func (s *importScreen) read() tea.Cmd {
	path := strings.TrimSpace(s.input.Value())
	if path == "" {
		s.err = "Type the path of a CSV, TSV or JSON file."
		return nil
	}
	s.seq++
	s.step, s.err, s.hint = stepReading, "", ""
	s.input.Blur()
	return readImportCmd(s.seq, s.kind, path, s.c.Session.Systems, s.c.Session.Vendors)
}

// readImportCmd reads path and plans it against the given inventory; it
// runs off the event loop and touches nothing but the file.
func readImportCmd(seq int, kind importKind, path string, systems []model.System, vendors []model.Vendor) tea.Cmd {
	return func() tea.Msg {
		name := model.CleanLine(path)
		f, err := os.Open(path)
		if err != nil {
			return importPreviewMsg{seq: seq, err: err}
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil && fi.IsDir() {
			return importPreviewMsg{seq: seq, err: fmt.Errorf("%s: is a directory, not a file", name)}
		}
		if kind == importVendors {
			vf, err := ingest.ReadVendors(name, f, "")
			if err != nil {
				return importPreviewMsg{seq: seq, err: err}
			}
			return importPreviewMsg{seq: seq, plan: ingest.PlanVendors(vendors, vf)}
		}
		inv, err := ingest.ReadInventory(name, f, "")
		if err != nil {
			return importPreviewMsg{seq: seq, err: err}
		}
		return importPreviewMsg{seq: seq, plan: ingest.PlanInventory(systems, vendors, inv)}
	}
}

// apply queues the import of a plan without errors.
func (s *importScreen) apply() tea.Cmd {
	if !s.plan.OK() {
		s.err = "This file has errors; nothing can be imported until they are fixed."
		return nil
	}
	if len(s.plan.Systems)+len(s.plan.Vendors) == 0 {
		return tea.Batch(Navigate(NavigateMsg{Pop: true}), ShowStatus(model.CleanLine(s.plan.Source)+": nothing to change", false))
	}
	s.step, s.err = stepApplying, ""
	systems, vendors := s.plan.Records()
	return s.c.applyImport(s.c.Importer, systems, vendors, s.plan.Source)
}

// previewText is Plan.Describe, coloured by line kind (Describe already
// strips terminal escapes from every value).
func (s *importScreen) previewText() string {
	st := s.c.Styles
	var buf bytes.Buffer
	if err := s.plan.Describe(&buf); err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		// Wrapped, not cut: the reason is at the end of an error line.
		l = ansi.Wrap(model.CleanLine(l), max(s.w-1, 10), " ,")
		switch {
		case strings.HasPrefix(l, "error:"):
			l = st.Danger.Render(l)
		case strings.HasPrefix(l, "warning:"):
			l = st.Warning.Render(l)
		case strings.HasPrefix(l, "create "):
			l = st.Success.Render(l)
		case strings.HasPrefix(l, "update "):
			l = st.Accent.Render(l)
		case strings.HasPrefix(l, "    "):
		default:
			l = st.Bold.Render(l)
		}
		out = append(out, indentBlock(l, " "))
	}
	return strings.Join(out, "\n")
}

// View implements Screen.
func (s *importScreen) View() string {
	st := s.c.Styles
	out := []string{st.Title.Render(" Import " + string(s.kind))}
	switch s.step {
	case stepPath, stepReading:
		out = append(out, st.Muted.Render(" CSV (comma, semicolon or tab) or JSON. Nothing is written before you confirm the preview."), "",
			" "+s.input.View())
		if s.hint != "" {
			out = append(out, st.Muted.Render(ansi.Truncate("   "+model.CleanLine(s.hint), s.w, "…")))
		}
		if s.step == stepReading {
			out = append(out, "", st.Warning.Render(" Reading…"))
		}
	case stepPreview, stepApplying:
		c, u, n, v := s.plan.Counts()
		sum := fmt.Sprintf(" %d to create, %d to update, %d unchanged", c, u, n)
		if v > 0 {
			sum += fmt.Sprintf(", %d new vendor(s)", v)
		}
		sum += fmt.Sprintf(" · %d warning(s) · %d error(s)", len(s.plan.Warnings), len(s.plan.Errors))
		out = append(out, st.Bold.Render(ansi.Truncate(sum, s.w, "…")))
		switch {
		case s.step == stepApplying:
			out = append(out, st.Warning.Render(" Importing…"))
		case !s.plan.OK():
			out = append(out, st.Danger.Render(" The file has errors: nothing will be imported. Fix them and read it again (esc)."))
		default:
			out = append(out, st.Accent.Render(" y or enter imports all of this in one transaction; esc goes back."))
		}
		out = append(out, s.vp.View())
	}
	if s.err != "" {
		out = append(out, "", st.Danger.Render(ansi.Truncate(" ✗ "+model.CleanLine(s.err), s.w, "…")))
	}
	return strings.Join(out, "\n")
}
