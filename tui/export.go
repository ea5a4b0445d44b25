package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"auditwalk/data/export"
	"auditwalk/model"
)

// ScreenExport is the export preview tab.
const ScreenExport ScreenID = "export"

// AuditConfig backs the export, narrative and trail screens. main.go wires
// every field from the store; a nil field shows a notice instead of data.
// Every func is called inside a tea.Cmd, never in Update or View.
type AuditConfig struct {
	// ExportBundle reads everything an export needs from the store (the
	// same bundle `auditwalk export` writes).
	ExportBundle func(ctx context.Context) (export.Bundle, error)
	// WriteExport writes a bundle to dir; nil means export.Write.
	WriteExport func(dir string, b export.Bundle, formats []string, force bool) ([]string, error)
	// Narratives keeps narratives edited in the app.
	Narratives model.NarrativeStore
	// Trail lists activity-trail records matching f, newest first.
	Trail func(ctx context.Context, f TrailFilter) ([]model.Activity, error)
	// Verify checks the file's integrity and trail (auditwalk verify).
	Verify func(ctx context.Context) (VerifyResult, error)
}

// VerifyResult is the outcome of a verify run, summarised for display.
type VerifyResult struct {
	OK      bool
	Records int
	// Problems has one line per problem found (empty when OK).
	Problems []string
}

// defaultExportDir is where the write action proposes to write.
const defaultExportDir = "./auditwalk-export"

// exportMode is what the export screen's keys drive.
type exportMode int

const (
	exportBrowse  exportMode = iota
	exportForm               // path input and format toggles
	exportConfirm            // the directory is not empty: overwrite?
	exportWriting
)

// exportKeys are the export screen's bindings.
type exportKeys struct {
	Down, Up, PageDown, PageUp, Top key.Binding
	Refresh, Write, Narratives      key.Binding
	Next, Prev, Toggle, Submit      key.Binding
	Cancel, Yes, No                 key.Binding
}

func defaultExportKeys() exportKeys {
	return exportKeys{
		Down:       binding([]string{"j", "down"}, "j/↓", "next doc"),
		Up:         binding([]string{"k", "up"}, "k/↑", "prev doc"),
		PageDown:   binding([]string{"ctrl+d", "pgdown", "space"}, "ctrl+d/space", "scroll"),
		PageUp:     binding([]string{"ctrl+u", "pgup", "b"}, "ctrl+u/b", "scroll up"),
		Top:        binding([]string{"home"}, "home", "top"),
		Refresh:    binding([]string{"r"}, "r", "refresh"),
		Write:      binding([]string{"w"}, "w", "write export"),
		Narratives: binding([]string{"n"}, "n", "edit narratives"),
		Next:       binding([]string{"tab"}, "tab", "next field"),
		Prev:       binding([]string{"shift+tab"}, "shift+tab", "prev field"),
		Toggle:     binding([]string{"space"}, "space", "toggle format"),
		Submit:     binding([]string{"enter"}, "enter", "write"),
		Cancel:     binding([]string{"esc"}, "esc", "cancel"),
		Yes:        binding([]string{"y"}, "y", "overwrite"),
		No:         binding([]string{"n", "esc"}, "n/esc", "keep"),
	}
}

// previewKey identifies one glamour rendering of a document.
type previewKey struct {
	gen   int // bundle load the document came from
	doc   string
	width int
	style string
}

// exportLoadedMsg carries the bundle and its rendered Markdown documents.
type exportLoadedMsg struct {
	seq    int
	bundle export.Bundle
	docs   []export.Document
	err    error
}

// previewRenderedMsg carries a glamour rendering of a document.
type previewRenderedMsg struct {
	key previewKey
	out string
	err error
}

// exportWrittenMsg reports a write; notEmpty asks for confirmation.
type exportWrittenMsg struct {
	dir      string
	files    []string
	notEmpty bool
	err      error
}

// exportScreen lists the documents an export produces, previews the
// selected one with glamour and writes the export to a directory.
type exportScreen struct {
	c    *Common
	keys exportKeys
	w, h int

	loading bool
	loadSeq int
	loadErr error
	gen     int
	bundle  export.Bundle
	docs    []export.Document
	cur     int

	vp       viewport.Model
	previews map[previewKey]string
	pending  map[previewKey]bool
	shown    previewKey // what vp holds

	mode    exportMode
	path    textinput.Model
	formats []bool // in export.Formats() order
	focus   int    // 0 path, 1.. a format
	result  []string
	failed  bool
}

func newExportScreen(c *Common) *exportScreen {
	s := &exportScreen{c: c, keys: defaultExportKeys(), vp: viewport.New(),
		previews: map[previewKey]string{}, pending: map[previewKey]bool{}}
	s.vp.SoftWrap = false
	s.path = textinput.New()
	s.path.Prompt = ""
	s.path.CharLimit = 4096
	s.path.SetValue(defaultExportDir)
	s.formats = make([]bool, len(export.Formats()))
	for i := range s.formats {
		s.formats[i] = true
	}
	s.applyStyles()
	return s
}

func (s *exportScreen) applyStyles() {
	is := textinput.DefaultStyles(s.c.Styles.IsDark)
	is.Cursor.Blink = false
	s.path.SetStyles(is)
}

// ID implements Screen.
func (s *exportScreen) ID() ScreenID { return ScreenExport }

// Title implements Screen.
func (s *exportScreen) Title() string { return "Export" }

// Init implements Screen: the bundle is rebuilt each time the tab is shown,
// so the preview matches what a write would produce now.
func (s *exportScreen) Init() tea.Cmd { return s.load() }

// load builds the bundle and renders the documents in a command.
func (s *exportScreen) load() tea.Cmd {
	build := s.c.Audit.ExportBundle
	if build == nil {
		return nil
	}
	s.loadSeq++
	s.loading = true
	seq, ctxf := s.loadSeq, s.c.storeCtx
	return func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		b, err := build(ctx)
		if err != nil {
			return exportLoadedMsg{seq: seq, err: err}
		}
		docs, err := export.Render(b)
		return exportLoadedMsg{seq: seq, bundle: b, docs: docs, err: err}
	}
}

// Resize implements Screen.
func (s *exportScreen) Resize(w, h int) tea.Cmd {
	s.w, s.h = w, h
	pw, ph := s.previewSize()
	s.vp.SetWidth(pw)
	s.vp.SetHeight(ph)
	s.path.SetWidth(max(w-14, 10))
	return s.preview()
}

// listWidth is the document list's width; the preview gets the rest.
func (s *exportScreen) listWidth() int { return min(max(s.w/4, 26), 40) }

// previewSize is the viewport's size inside the preview pane's border.
func (s *exportScreen) previewSize() (int, int) {
	return max(s.w-s.listWidth()-3, 10), max(s.h-3-s.formHeight(), 1)
}

// formHeight is the lines the write form or its result takes at the bottom.
func (s *exportScreen) formHeight() int {
	switch {
	case s.mode != exportBrowse:
		return 4
	case len(s.result) > 0:
		return min(len(s.result), 3) + 1
	}
	return 0
}

// preview shows the selected document's rendering, asking for it (in a
// command) when it is not cached.
func (s *exportScreen) preview() tea.Cmd {
	if len(s.docs) == 0 || s.w == 0 {
		return nil
	}
	s.cur = min(max(s.cur, 0), len(s.docs)-1)
	doc := s.docs[s.cur]
	pw, _ := s.previewSize()
	k := previewKey{gen: s.gen, doc: doc.Name, width: pw, style: s.c.Styles.GlamourStyle()}
	if out, ok := s.previews[k]; ok {
		if s.shown != k {
			s.vp.SetContent(out)
			s.vp.GotoTop()
			s.shown = k
		}
		return nil
	}
	if s.shown.doc != doc.Name || s.shown.gen != s.gen {
		// Plain text until glamour returns, so the pane is never blank.
		s.vp.SetContent(model.CleanText(string(doc.Content)))
		s.vp.GotoTop()
		s.shown = previewKey{gen: s.gen, doc: doc.Name}
	}
	if len(s.pending) > 0 {
		// One rendering at a time; the next starts when it comes back. A
		// resize storm would otherwise start a glamour run per size, each
		// seconds long on a large document, all at once.
		return nil
	}
	s.pending[k] = true
	return renderPreviewCmd(k, model.CleanText(string(doc.Content)))
}

// renderPreviewCmd renders a document with glamour off the event loop.
func renderPreviewCmd(k previewKey, markdown string) tea.Cmd {
	return func() tea.Msg {
		out, err := renderMarkdown(markdown, k.width, k.style)
		return previewRenderedMsg{key: k, out: out, err: err}
	}
}

// Captures implements Screen: the write form takes every key.
func (s *exportScreen) Captures(msg tea.KeyPressMsg) bool {
	return s.mode == exportForm || s.mode == exportConfirm
}

// Update implements Screen.
func (s *exportScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		return s, s.handleKey(m)
	case exportLoadedMsg:
		if m.seq != s.loadSeq {
			return s, nil
		}
		s.loading = false
		s.loadErr = m.err
		if m.err == nil {
			s.gen++
			s.bundle, s.docs = m.bundle, m.docs
			clear(s.previews)
			clear(s.pending)
		}
		return s, s.preview()
	case previewRenderedMsg:
		delete(s.pending, m.key)
		if m.err == nil && m.key.gen == s.gen {
			if len(s.previews) > 64 {
				clear(s.previews)
			}
			s.previews[m.key] = m.out
		}
		return s, s.preview()
	case exportWrittenMsg:
		return s, s.written(m)
	case tea.BackgroundColorMsg:
		s.applyStyles()
	case narrativeSavedMsg:
		// The bundle now differs from the store; rebuild when shown.
		s.loadErr = nil
	}
	return s, nil
}

func (s *exportScreen) handleKey(m tea.KeyPressMsg) tea.Cmd {
	switch s.mode {
	case exportForm:
		return s.formKey(m)
	case exportConfirm:
		return s.confirmKey(m)
	case exportWriting:
		return nil
	}
	k := s.keys
	switch {
	case key.Matches(m, k.Refresh):
		return s.load()
	case key.Matches(m, k.Narratives):
		return s.openNarratives()
	case len(s.docs) == 0:
		return nil
	case key.Matches(m, k.Down):
		s.cur = min(s.cur+1, len(s.docs)-1)
		return s.preview()
	case key.Matches(m, k.Up):
		s.cur = max(s.cur-1, 0)
		return s.preview()
	case key.Matches(m, k.PageDown):
		s.vp.HalfPageDown()
	case key.Matches(m, k.PageUp):
		s.vp.HalfPageUp()
	case key.Matches(m, k.Top):
		s.vp.GotoTop()
	case key.Matches(m, k.Write):
		s.mode, s.focus, s.result = exportForm, 0, nil
		s.path.CursorEnd()
		return tea.Batch(s.path.Focus(), s.Resize(s.w, s.h))
	}
	return nil
}

// openNarratives opens the list of control narratives to edit.
func (s *exportScreen) openNarratives() tea.Cmd {
	if s.c.Audit.Narratives == nil || s.c.Session.Pack == nil {
		return ShowStatus("Narrative editing needs an engagement file.", true)
	}
	return push(newNarrativeList(s.c))
}

// selectedFormats lists the toggled formats in export.Formats() order.
func (s *exportScreen) selectedFormats() []string {
	var out []string
	for i, f := range export.Formats() {
		if s.formats[i] {
			out = append(out, f)
		}
	}
	return out
}

// writeCmd writes the previewed bundle (captured by value) to dir.
func (s *exportScreen) writeCmd(force bool) tea.Cmd {
	dir := strings.TrimSpace(s.path.Value())
	formats := s.selectedFormats()
	b := s.bundle
	write := s.c.Audit.WriteExport
	if write == nil {
		write = export.Write
	}
	s.mode = exportWriting
	return func() tea.Msg {
		files, err := write(dir, b, formats, force)
		var ne *export.NotEmptyError
		if asNotEmpty(err, &ne) {
			return exportWrittenMsg{dir: dir, notEmpty: true, err: err}
		}
		return exportWrittenMsg{dir: dir, files: files, err: err}
	}
}

// written shows a write's outcome: the files written, the one-line error,
// or the overwrite question.
func (s *exportScreen) written(m exportWrittenMsg) tea.Cmd {
	if m.notEmpty {
		s.mode = exportConfirm
		return s.Resize(s.w, s.h)
	}
	s.mode = exportBrowse
	s.path.Blur()
	if m.err != nil {
		s.failed = true
		s.result = []string{"Export NOT written: " + model.CleanLine(m.err.Error())}
		return tea.Batch(s.Resize(s.w, s.h), ShowStatus("Export not written", true))
	}
	s.failed = false
	dir := model.CleanLine(m.dir)
	s.result = []string{"Wrote " + itoa(len(m.files)) + " files to " + dir +
		" — check with: cd " + dir + " && sha256sum -c MANIFEST.sha256", filesSummary(m.files)}
	return tea.Batch(s.Resize(s.w, s.h), func() tea.Msg {
		return StatusMsg{Text: "Export written to " + dir, Kind: statusSuccess}
	})
}

// filesSummary lists written files on one line.
func filesSummary(files []string) string {
	clean := make([]string, len(files))
	for i, f := range files {
		clean[i] = model.CleanLine(f)
	}
	return strings.Join(clean, ", ")
}
