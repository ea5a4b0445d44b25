package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"auditwalk/model"
)

// ScreenVendorForm is the add/edit form of a vendor (or its scorecard).
const ScreenVendorForm ScreenID = "vendor-form"

// vendorValues is heap-allocated so the huh fields' pointers stay live.
type vendorValues struct {
	name, service, opinion, coversNote, retention, notes string
	report                                               model.ReportType
	periodEnd, bridge                                    string
	covers, dpa                                          model.TriState
	training                                             model.Training
	carveOuts, cuecs, subprocessors                      string
	scores                                               [6]int
	scoreNotes                                           [6]string
}

func newVendorValues(v model.Vendor) *vendorValues {
	// Stored text is shown as it will be saved: without terminal escapes.
	x := &vendorValues{name: model.CleanLine(v.Name), service: model.CleanLine(v.Service),
		opinion: model.CleanText(v.Opinion), coversNote: model.CleanText(v.CoversNote),
		retention: model.CleanLine(v.Retention), notes: model.CleanText(v.Notes), report: v.Report,
		periodEnd: string(v.PeriodEnd), bridge: string(v.BridgeLetter), covers: v.Covers, dpa: v.DPASigned,
		training: v.Training, carveOuts: cleanList(v.CarveOuts), cuecs: cleanList(v.CUECs),
		subprocessors: cleanList(v.Subprocessors)}
	for i, d := range model.ScoreDimensions() {
		x.scores[i], x.scoreNotes[i] = v.Scores[d].Value, model.CleanText(v.Scores[d].Note)
	}
	if x.report == "" {
		x.report = model.ReportNone
	}
	for _, p := range []*model.TriState{&x.covers, &x.dpa} {
		if *p == "" {
			*p = model.TriUnknown
		}
	}
	if x.training == "" {
		x.training = model.TrainingUnknown
	}
	return x
}

// vendor builds the value to save on top of base (id, stamp).
func (x *vendorValues) vendor(base model.Vendor) (model.Vendor, error) {
	v := base
	v.Name, v.Service = strings.TrimSpace(x.name), strings.TrimSpace(x.service)
	v.Report, v.Opinion = x.report, strings.TrimSpace(x.opinion)
	v.Covers, v.CoversNote = x.covers, strings.TrimSpace(x.coversNote)
	v.CarveOuts, v.CUECs, v.Subprocessors = splitList(x.carveOuts), splitList(x.cuecs), splitList(x.subprocessors)
	v.DPASigned, v.Training = x.dpa, x.training
	v.Retention, v.Notes = strings.TrimSpace(x.retention), strings.TrimSpace(x.notes)
	v.Scores = map[model.ScoreDimension]model.Score{}
	for i, d := range model.ScoreDimensions() {
		if x.scores[i] > 0 || strings.TrimSpace(x.scoreNotes[i]) != "" {
			v.Scores[d] = model.Score{Value: x.scores[i], Note: strings.TrimSpace(x.scoreNotes[i])}
		}
	}
	var err error
	if v.PeriodEnd, err = model.ParseDate(x.periodEnd); err != nil {
		return v, err
	}
	if v.BridgeLetter, err = model.ParseDate(x.bridge); err != nil {
		return v, err
	}
	return v, v.Validate()
}

// vendorForm adds or edits a vendor; scoreOnly shows just the scorecard.
type vendorForm struct {
	c         *Common
	base      model.Vendor
	scoreOnly bool
	vals      *vendorValues
	form      *huh.Form
	err       string
	saving    bool
	w, h      int
	keys      entryFormKeys
}

func newVendorForm(c *Common, v model.Vendor, scoreOnly bool) *vendorForm {
	f := &vendorForm{c: c, base: v, scoreOnly: scoreOnly, vals: newVendorValues(v), keys: defaultEntryFormKeys()}
	f.form = f.buildForm()
	return f
}

func triOptions() []huh.Option[model.TriState] {
	return enumOptions([]model.TriState{model.TriUnknown, model.TriYes, model.TriNo}, false)
}

func (f *vendorForm) scoreGroups() []*huh.Group {
	x := f.vals
	opts := []huh.Option[int]{huh.NewOption("not scored", 0)}
	for n, label := range []string{"1 poor", "2", "3", "4", "5 strong"} {
		opts = append(opts, huh.NewOption(label, n+1))
	}
	var fields []huh.Field
	for i, d := range model.ScoreDimensions() {
		fields = append(fields,
			huh.NewSelect[int]().Title(d.Title()).Options(opts...).Value(&x.scores[i]).Inline(true),
			huh.NewInput().Title("  note").Value(&x.scoreNotes[i]))
	}
	return []*huh.Group{
		huh.NewGroup(fields[:6]...).Title("Scorecard (1–5) — 1 of 2"),
		huh.NewGroup(fields[6:]...).Title("Scorecard (1–5) — 2 of 2"),
	}
}

func (f *vendorForm) buildForm() *huh.Form {
	x := f.vals
	groups := []*huh.Group{
		huh.NewGroup(
			huh.NewInput().Title("Name").Value(&x.name).CharLimit(200).Validate(required("name")),
			huh.NewInput().Title("AI service used").Value(&x.service),
			huh.NewSelect[model.ReportType]().Title("SOC 2 report").Options(
				huh.NewOption("none", model.ReportNone), huh.NewOption("Type 1", model.ReportType1), huh.NewOption("Type 2", model.ReportType2),
			).Value(&x.report).Inline(true),
			huh.NewInput().Title("Report period end (YYYY-MM-DD)").Value(&x.periodEnd).Validate(validDate),
			huh.NewInput().Title("Auditor opinion").Placeholder("unqualified, qualified…").Value(&x.opinion),
			huh.NewSelect[model.TriState]().Title("Report scope covers the AI service used?").Options(triOptions()...).Value(&x.covers).Inline(true),
			huh.NewInput().Title("  coverage note").Value(&x.coversNote),
		).Title("Vendor and SOC 2 report"),
		huh.NewGroup(
			huh.NewText().Title("Carve-out subservice organisations (one per line)").Value(&x.carveOuts).Lines(2),
			huh.NewInput().Title("Bridge letter date (YYYY-MM-DD)").Value(&x.bridge).Validate(validDate),
			huh.NewText().Title("CUECs the customer must run (one per line)").Value(&x.cuecs).Lines(3),
			huh.NewSelect[model.TriState]().Title("DPA signed?").Options(triOptions()...).Value(&x.dpa).Inline(true),
			huh.NewSelect[model.Training]().Title("Training on customer data").Options(
				huh.NewOption("unknown", model.TrainingUnknown), huh.NewOption("opted out", model.TrainingOptedOut),
				huh.NewOption("trains on it", model.TrainingYes),
			).Value(&x.training).Inline(true),
		).Title("Agreements"),
		huh.NewGroup(
			huh.NewInput().Title("Retention terms").Value(&x.retention),
			huh.NewText().Title("Subprocessors (one per line)").Value(&x.subprocessors).Lines(3),
			huh.NewText().Title("Notes").Value(&x.notes).Lines(3),
		).Title("Retention and subprocessors"),
	}
	if f.scoreOnly {
		groups = nil
	}
	groups = append(groups, f.scoreGroups()...)
	form := huh.NewForm(groups...).WithShowHelp(false).WithTheme(f.c.Styles.HuhTheme())
	if f.w > 0 {
		form = form.WithWidth(min(f.w-4, 100)).WithHeight(max(f.h-4, 8))
	}
	return form
}

// ID implements Screen.
func (f *vendorForm) ID() ScreenID { return ScreenVendorForm }

// Title implements Screen.
func (f *vendorForm) Title() string {
	switch {
	case f.scoreOnly:
		return "Scorecard of " + model.CleanLine(f.base.Name)
	case f.base.ID == 0:
		return "New vendor"
	}
	return "Edit " + model.CleanLine(f.base.Name)
}

// Init implements Screen.
func (f *vendorForm) Init() tea.Cmd { return f.form.Init() }

// Resize implements Screen.
func (f *vendorForm) Resize(w, h int) tea.Cmd {
	f.w, f.h = w, h
	f.form = f.form.WithWidth(min(w-4, 100)).WithHeight(max(h-4, 8))
	return nil
}

// Captures implements Screen: the form has text inputs.
func (f *vendorForm) Captures(tea.KeyPressMsg) bool { return true }

// ShortHelp implements help.KeyMap.
func (f *vendorForm) ShortHelp() []key.Binding {
	return []key.Binding{f.keys.Save, f.keys.Next, f.keys.Prev, f.keys.Cancel}
}

// FullHelp implements help.KeyMap.
func (f *vendorForm) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

// Update implements Screen.
func (f *vendorForm) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch m := msg.(type) {
	case VendorSavedMsg:
		if !f.saving || m.Sent.ID != f.base.ID {
			return f, nil
		}
		f.saving = false
		if m.Err == nil {
			return f, Navigate(NavigateMsg{Pop: true})
		}
		f.err = "Not saved: " + m.Err.Error()
		return f, f.reopen()
	case tea.KeyPressMsg:
		if f.saving {
			return f, nil
		}
		switch {
		case key.Matches(m, f.keys.Cancel):
			return f, Navigate(NavigateMsg{Pop: true})
		case key.Matches(m, f.keys.Save):
			if fld := f.form.GetFocusedField(); fld != nil {
				fld.Blur()
			}
			return f, f.submit()
		}
	}
	fm, cmd := f.form.Update(msg)
	if hf, ok := fm.(*huh.Form); ok {
		f.form = hf
	}
	if f.form.State == huh.StateCompleted && !f.saving {
		return f, f.submit()
	}
	return f, cmd
}

func (f *vendorForm) reopen() tea.Cmd {
	if f.form.State == huh.StateNormal {
		return nil
	}
	f.form = f.buildForm()
	return f.form.Init()
}

// submit validates (model.Vendor.Validate) and queues the save.
func (f *vendorForm) submit() tea.Cmd {
	v, err := f.vals.vendor(f.base)
	if err != nil {
		f.err = err.Error()
		return f.reopen()
	}
	f.err = ""
	f.saving = true
	return f.c.saveVendor(v)
}

// View implements Screen.
func (f *vendorForm) View() string {
	st := f.c.Styles
	out := []string{st.Title.Render(" " + f.Title())}
	if f.err != "" {
		out = append(out, st.Danger.Render(" ✗ "+model.CleanLine(f.err)))
	} else {
		out = append(out, st.Muted.Render(" ctrl+s saves from any field · esc cancels"))
	}
	out = append(out, "")
	if f.saving {
		out = append(out, st.Warning.Render("  Saving…"))
	} else {
		out = append(out, indentBlock(f.form.View(), "  "))
	}
	return strings.Join(out, "\n")
}
