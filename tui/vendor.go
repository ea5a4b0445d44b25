package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// vendorKeys are the vendor register's bindings.
type vendorKeys struct {
	Down, Up, Add, Edit, Score, Delete, Import key.Binding
}

func defaultVendorKeys() vendorKeys {
	return vendorKeys{
		Down:   binding([]string{"j", "down"}, "j/↓", "down"),
		Up:     binding([]string{"k", "up"}, "k/↑", "up"),
		Add:    binding([]string{"a"}, "a", "add"),
		Edit:   binding([]string{"e", "enter"}, "e/enter", "edit"),
		Score:  binding([]string{"s"}, "s", "scorecard"),
		Delete: binding([]string{"x", "d"}, "x/d", "delete"),
		Import: binding([]string{"i"}, "i", "import"),
	}
}

// vendorRow is a vendor with its derived display values.
type vendorRow struct {
	v       model.Vendor
	name    string
	gap     bool
	gapWhy  string
	avg     float64
	systems int
}

// vendorScreen is the vendor register: a table with the coverage-gap mark
// and the scorecard average, and a detail pane with every field.
type vendorScreen struct {
	c         *Common
	keys      vendorKeys
	w, h      int
	rows      []vendorRow
	loadedRev int
	cursor    int
	offset    int
	selID     int64
}

func newVendorScreen(c *Common) *vendorScreen {
	s := &vendorScreen{c: c, keys: defaultVendorKeys(), loadedRev: -1}
	s.refresh()
	return s
}

func (s *vendorScreen) refresh() {
	sess := s.c.Session
	if s.loadedRev == sess.sysRev {
		return
	}
	s.loadedRev = sess.sysRev
	linked := map[int64]int{}
	for _, sys := range sess.Systems {
		linked[sys.VendorID]++
	}
	s.rows = make([]vendorRow, len(sess.Vendors))
	for i, v := range sess.Vendors {
		gap, why := v.CoverageGap()
		s.rows[i] = vendorRow{v: v, name: model.CleanLine(v.Name), gap: gap, gapWhy: why, avg: v.ScoreAverage(), systems: linked[v.ID]}
	}
	slices.SortFunc(s.rows, func(a, b vendorRow) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.name), strings.ToLower(b.name)), cmp.Compare(a.v.ID, b.v.ID))
	})
	if i := slices.IndexFunc(s.rows, func(r vendorRow) bool { return r.v.ID == s.selID }); i >= 0 {
		s.cursor = i
	}
	s.moveTo(s.cursor)
}

func (s *vendorScreen) listRows() int { return max(s.h-3-10, 3) }

func (s *vendorScreen) moveTo(i int) {
	s.cursor = min(max(i, 0), max(len(s.rows)-1, 0))
	if len(s.rows) > 0 {
		s.selID = s.rows[s.cursor].v.ID
	}
	n := s.listRows()
	if s.w >= invWideAt {
		n = max(s.h-3, 1)
	}
	if s.cursor < s.offset {
		s.offset = s.cursor
	} else if s.cursor >= s.offset+n {
		s.offset = s.cursor - n + 1
	}
}

// ID implements Screen.
func (s *vendorScreen) ID() ScreenID { return ScreenVendors }

// Title implements Screen.
func (s *vendorScreen) Title() string { return "Vendors" }

// Init implements Screen.
func (s *vendorScreen) Init() tea.Cmd { return nil }

// Resize implements Screen.
func (s *vendorScreen) Resize(w, h int) tea.Cmd { s.w, s.h = w, h; s.moveTo(s.cursor); return nil }

// Captures implements Screen.
func (s *vendorScreen) Captures(tea.KeyPressMsg) bool { return false }

// ShortHelp implements help.KeyMap.
func (s *vendorScreen) ShortHelp() []key.Binding {
	k := s.keys
	return append([]key.Binding{k.Add, k.Edit, k.Score, k.Delete, k.Import}, s.c.evidenceHelp()...)
}

// FullHelp implements help.KeyMap.
func (s *vendorScreen) FullHelp() [][]key.Binding {
	k := s.keys
	return [][]key.Binding{{k.Down, k.Up}, append([]key.Binding{k.Add, k.Edit, k.Score, k.Delete, k.Import}, s.c.evidenceHelp()...)}
}

// Update implements Screen.
func (s *vendorScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	s.refresh()
	switch m := msg.(type) {
	case VendorSavedMsg:
		if m.Err == nil && m.Sent.ID == 0 {
			s.selID = m.Saved.ID
			s.loadedRev = -1
			s.refresh()
		}
	case tea.KeyPressMsg:
		return s, s.handleKey(m)
	}
	return s, nil
}

func (s *vendorScreen) handleKey(m tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(m, k.Down):
		s.moveTo(s.cursor + 1)
		return nil
	case key.Matches(m, k.Up):
		s.moveTo(s.cursor - 1)
		return nil
	case key.Matches(m, k.Add):
		return Navigate(NavigateMsg{Push: newVendorForm(s.c, model.Vendor{}, false)})
	case key.Matches(m, k.Import):
		if s.c.Importer == nil {
			return ShowStatus("Import is not available in this session (use auditwalk import vendors FILE).", true)
		}
		return Navigate(NavigateMsg{Push: newImportScreen(s.c, importVendors)})
	}
	if len(s.rows) == 0 {
		return nil
	}
	r := s.rows[s.cursor]
	switch {
	case key.Matches(m, k.Edit):
		return Navigate(NavigateMsg{Push: newVendorForm(s.c, r.v, false)})
	case key.Matches(m, k.Score):
		return Navigate(NavigateMsg{Push: newVendorForm(s.c, r.v, true)})
	case key.Matches(m, attachKey()):
		return s.c.attachToVendor(r.v.ID)
	case key.Matches(m, k.Delete):
		id, name := r.v.ID, r.v.Name
		body := []string{"It leaves the register; its record stays in the activity trail."}
		switch r.systems {
		case 0:
			body = append(body, "No system is linked to it.")
		case 1:
			body = append(body, "1 system linked to it will be unlinked (vendor: none).")
		default:
			body = append(body, fmt.Sprintf("%d systems linked to it will be unlinked (vendor: none).", r.systems))
		}
		return Navigate(NavigateMsg{Push: newConfirm(s.c, "Delete vendor "+r.name+"?", body,
			func() tea.Cmd { return s.c.deleteVendor(id, name) })})
	}
	return nil
}

// View implements Screen: the table, then the detail of the selected
// vendor below it (or beside it when wide).
func (s *vendorScreen) View() string {
	if s.w == 0 || s.h == 0 {
		return ""
	}
	s.refresh()
	if s.w < invWideAt {
		lines := s.tableLines(s.w, s.listRows())
		lines = append(lines, s.c.Styles.BarEmpty.Render(strings.Repeat("─", s.w)))
		if len(s.rows) > 0 {
			lines = append(lines, vendorCompactLines(s.c, &s.rows[s.cursor], s.w)...)
		}
		return strings.Join(lines, "\n")
	}
	pw := min(max(s.w*3/10, 40), 60)
	tw := s.w - pw - 1
	left := strings.Split(fit(strings.Join(s.tableLines(tw, s.h-3), "\n"), tw, s.h), "\n")
	var pane []string
	if len(s.rows) > 0 {
		pane = vendorDetailLines(s.c, &s.rows[s.cursor], pw-1)
	}
	right := strings.Split(fit(strings.Join(pane, "\n"), pw, s.h), "\n")
	sep := s.c.Styles.BarEmpty.Render("│")
	var b strings.Builder
	for i := range s.h {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(left[i] + sep + right[i])
	}
	return b.String()
}

func (s *vendorScreen) tableLines(w, n int) []string {
	st := s.c.Styles
	gaps := 0
	for _, r := range s.rows {
		if r.gap {
			gaps++
		}
	}
	wide := w >= invWideColumns
	out := []string{
		ansi.Truncate(st.Title.Render(" Vendor register")+st.Muted.Render(fmt.Sprintf(" %d vendors · %d with a coverage gap (!)", len(s.rows), gaps)), w, "…"),
		"",
	}
	cols := []struct {
		title string
		w     int
		cell  func(r *vendorRow) string
	}{
		{"", 1, func(r *vendorRow) string { return map[bool]string{true: "!", false: " "}[r.gap] }},
		{"Name", 0, func(r *vendorRow) string { return r.name }},
		{"SOC 2", 6, func(r *vendorRow) string { return orDash(string(r.v.Report)) }},
		{"Period end", 10, func(r *vendorRow) string { return orDash(string(r.v.PeriodEnd)) }},
		{"Covers", 7, func(r *vendorRow) string { return orDash(string(r.v.Covers)) }},
		{"DPA", 7, func(r *vendorRow) string { return orDash(string(r.v.DPASigned)) }},
		{"Score", 5, func(r *vendorRow) string { return scoreText(r.avg) }},
	}
	if wide {
		cols = slices.Insert(cols, 2, struct {
			title string
			w     int
			cell  func(r *vendorRow) string
		}{"Service", 20, func(r *vendorRow) string { return model.CleanLine(r.v.Service) }})
		cols = slices.Insert(cols, 7, struct {
			title string
			w     int
			cell  func(r *vendorRow) string
		}{"Training", 9, func(r *vendorRow) string { return orDash(string(r.v.Training)) }})
	}
	fixed := 2
	for _, c := range cols {
		fixed += c.w + 1
	}
	flex := max(w-fixed, 8)
	line := func(cell func(i int) string) string {
		var b strings.Builder
		for i, c := range cols {
			cw := c.w
			if cw == 0 {
				cw = flex
			}
			b.WriteString(cellText(cell(i), cw) + " ")
		}
		return b.String()
	}
	out = append(out, st.SectionHead.Render(ansi.Truncate("  "+line(func(i int) string { return cols[i].title }), w, "")))
	if len(s.rows) == 0 {
		return append(out, st.Muted.Render(" No vendors yet: a adds one, i imports a vendor spreadsheet."))
	}
	for i := s.offset; i < min(s.offset+n, len(s.rows)); i++ {
		r := &s.rows[i]
		text := line(func(c int) string { return cols[c].cell(r) })
		switch {
		case i == s.cursor:
			out = append(out, st.Selected.Render(ansi.Truncate("▸ "+text, w, "")))
		case r.gap:
			out = append(out, ansi.Truncate(" "+st.Danger.Render(text[:1])+" "+text[1:], w, ""))
		default:
			out = append(out, ansi.Truncate("  "+text, w, ""))
		}
	}
	return out
}

func scoreText(avg float64) string {
	if avg == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f", avg)
}

// vendorDetailLines renders every field of a vendor, w columns wide.
func vendorDetailLines(c *Common, r *vendorRow, w int) []string {
	st := c.Styles
	v := r.v
	var out []string
	add := func(label, value string) {
		out = append(out, ansi.Truncate(" "+st.Muted.Render(label+": ")+model.CleanLine(value), w, "…"))
	}
	out = append(out, ansi.Truncate(st.Title.Render(" "+r.name)+st.Muted.Render(fmt.Sprintf("  %d linked system(s)", r.systems)), w, "…"))
	if r.gap {
		out = append(out, ansi.Truncate(" "+st.Danger.Render("! coverage gap: "+r.gapWhy), w, "…"))
	}
	add("Service", orDash(v.Service))
	add("SOC 2 report", orDash(string(v.Report))+", period end "+orDash(string(v.PeriodEnd))+", opinion "+orDash(v.Opinion))
	add("Covers the AI service used", orDash(string(v.Covers))+" "+v.CoversNote)
	add("Carve-outs", listOrDash(v.CarveOuts))
	add("Bridge letter", orDash(string(v.BridgeLetter)))
	add("CUECs", listOrDash(v.CUECs))
	add("DPA signed", orDash(string(v.DPASigned)))
	add("Training on customer data", orDash(string(v.Training)))
	add("Retention", orDash(v.Retention))
	add("Subprocessors", listOrDash(v.Subprocessors))
	out = append(out, ansi.Truncate(" "+st.Subtitle.Render("Scorecard")+st.Muted.Render(" avg "+scoreText(r.avg)), w, "…"))
	for _, d := range model.ScoreDimensions() {
		sc := v.Scores[d]
		val := "—"
		if sc.Value > 0 {
			val = strings.Repeat("■", sc.Value) + strings.Repeat("□", 5-sc.Value)
		}
		out = append(out, ansi.Truncate(fmt.Sprintf("   %-22s %s %s", d.Title(), val, st.Muted.Render(model.CleanLine(sc.Note))), w, "…"))
	}
	if v.Notes != "" {
		add("Notes", v.Notes)
	}
	return out
}

// vendorCompactLines is every field of a vendor in nine lines, for the
// strip under a narrow table.
func vendorCompactLines(c *Common, r *vendorRow, w int) []string {
	st := c.Styles
	v := r.v
	head := st.Title.Render(" "+r.name) + st.Muted.Render(fmt.Sprintf("  %d linked system(s) · %s", r.systems, orDash(model.CleanLine(v.Service))))
	if r.gap {
		head += " " + st.Danger.Render("! "+r.gapWhy)
	}
	covers := orDash(string(v.Covers))
	if v.CoversNote != "" {
		covers += " (" + v.CoversNote + ")"
	}
	lines := []string{head,
		"SOC 2 " + orDash(string(v.Report)) + " · period end " + orDash(string(v.PeriodEnd)) + " · opinion " + orDash(v.Opinion) + " · covers AI service: " + covers,
		"Carve-outs: " + listOrDash(v.CarveOuts) + " · bridge letter " + orDash(string(v.BridgeLetter)),
		"CUECs: " + listOrDash(v.CUECs),
		"DPA " + orDash(string(v.DPASigned)) + " · training " + orDash(string(v.Training)) + " · retention " + orDash(v.Retention),
		"Subprocessors: " + listOrDash(v.Subprocessors),
	}
	var scores []string
	for _, d := range model.ScoreDimensions() {
		val := "—"
		if sc := v.Scores[d]; sc.Value > 0 {
			val = fmt.Sprint(sc.Value)
		}
		scores = append(scores, d.Title()+" "+val)
	}
	lines = append(lines, "Scorecard (avg "+scoreText(r.avg)+"): "+strings.Join(scores[:3], " · "), "  "+strings.Join(scores[3:], " · "))
	for i := 1; i < len(lines); i++ {
		lines[i] = " " + st.Muted.Render(model.CleanLine(lines[i]))
	}
	for i := range lines {
		lines[i] = ansi.Truncate(lines[i], w, "…")
	}
	return lines
}
