package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"auditwalk/model"
)

// ScreenSystemForm is the add/edit form of an AI system.
const ScreenSystemForm ScreenID = "system-form"

// Scope choices of the form.
const (
	scopeDerived = "derived"
	scopeForceIn = "in"
	scopeOutNow  = "out"
)

// systemValues is heap-allocated so the huh fields' pointers stay live.
type systemValues struct {
	name, purpose, biz, tech string
	vendorID                 int64
	models, identities       string
	deployment               model.Deployment
	data                     []model.DataCategory
	affects, consequential   bool
	oversight                model.Oversight
	logging                  model.Logging
	retention                string
	access                   []string
	approval                 model.Approval
	reviewed                 string
	scope, justification     string
	notes                    string
}

func newSystemValues(s model.System) *systemValues {
	// Stored text is shown as it will be saved: without terminal escapes.
	v := &systemValues{name: model.CleanLine(s.Name), purpose: model.CleanText(s.Purpose),
		biz: model.CleanLine(s.BusinessOwner), tech: model.CleanLine(s.TechnicalOwner),
		vendorID: s.VendorID, models: cleanList(s.Models), identities: cleanList(s.Identities),
		deployment: s.Deployment, data: append([]model.DataCategory(nil), s.DataCategories...),
		affects: s.AffectsService, consequential: s.Consequential, oversight: s.Oversight, logging: s.Logging,
		retention: model.CleanLine(s.LogRetention), access: append([]string(nil), s.AccessControl...), approval: s.Approval,
		reviewed: string(s.LastReviewed), scope: scopeDerived, justification: model.CleanText(s.ScopeJustification),
		notes: model.CleanText(s.Notes)}
	if s.ScopeOverride != nil {
		v.scope = scopeOutNow
		if *s.ScopeOverride {
			v.scope = scopeForceIn
		}
	}
	if v.approval == "" {
		v.approval = model.ApprovalPending
	}
	return v
}

// cleanList is a stored list as a form shows it: one cleaned item a line.
func cleanList(items []string) string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = model.CleanLine(s)
	}
	return strings.Join(out, "\n")
}

// splitList turns one-per-line (or ;-separated) text into a list.
func splitList(s string) []string {
	var out []string
	for _, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ';' }) {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// system builds the value to save from the form, on top of base (which
// keeps the id and stamp).
func (v *systemValues) system(base model.System, vendorName string) (model.System, error) {
	s := base
	s.Name, s.Purpose = strings.TrimSpace(v.name), strings.TrimSpace(v.purpose)
	s.BusinessOwner, s.TechnicalOwner = strings.TrimSpace(v.biz), strings.TrimSpace(v.tech)
	s.VendorID, s.VendorName = v.vendorID, vendorName
	s.Models, s.Identities = splitList(v.models), splitList(v.identities)
	s.Deployment = v.deployment
	s.DataCategories = append([]model.DataCategory(nil), v.data...)
	s.AffectsService, s.Consequential = v.affects, v.consequential
	s.Oversight, s.Logging = v.oversight, v.logging
	s.LogRetention = strings.TrimSpace(v.retention)
	s.AccessControl = append([]string(nil), v.access...)
	s.Approval = v.approval
	s.ScopeOverride, s.ScopeJustification = nil, strings.TrimSpace(v.justification)
	switch v.scope {
	case scopeForceIn, scopeOutNow:
		in := v.scope == scopeForceIn
		s.ScopeOverride = &in
	default:
		s.ScopeJustification = ""
	}
	s.Notes = strings.TrimSpace(v.notes)
	d, err := model.ParseDate(v.reviewed)
	if err != nil {
		return s, err
	}
	s.LastReviewed = d
	return s, s.Validate()
}

// systemForm adds or edits one system with a huh form. ctrl+s saves from
// any field; enter on the last field saves too. It closes only once the
// store has the system (SystemSavedMsg without error).
type systemForm struct {
	c      *Common
	base   model.System
	vals   *systemValues
	form   *huh.Form
	err    string
	saving bool
	w, h   int
	keys   entryFormKeys
}

// entryFormKeys are the bindings shown while a huh form is open.
type entryFormKeys struct{ Next, Prev, Save, Cancel key.Binding }

func defaultEntryFormKeys() entryFormKeys {
	return entryFormKeys{
		Next:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("enter/tab", "next")),
		Prev:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "back")),
		Save:   key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

func newSystemForm(c *Common, sys model.System) *systemForm {
	f := &systemForm{c: c, base: sys, vals: newSystemValues(sys), keys: defaultEntryFormKeys()}
	f.form = f.buildForm()
	return f
}

func (f *systemForm) buildForm() *huh.Form {
	v := f.vals
	vendors := []huh.Option[int64]{huh.NewOption("(none — built in-house)", int64(0))}
	for _, vd := range f.c.Session.Vendors {
		vendors = append(vendors, huh.NewOption(model.CleanLine(vd.Name), vd.ID))
	}
	derived, why := f.base.DerivedScope()
	derivedTxt := map[bool]string{true: "in", false: "out"}[derived] + " — " + model.CleanLine(why)
	form := huh.NewForm(
		huh.NewGroup(
			huh.NewInput().Title("Name").Value(&v.name).CharLimit(200).Validate(required("name")),
			huh.NewText().Title("Purpose / intended use").Value(&v.purpose).Lines(2),
			huh.NewInput().Title("Business owner").Value(&v.biz),
			huh.NewInput().Title("Technical owner").Value(&v.tech),
			huh.NewSelect[int64]().Title("Vendor").Options(vendors...).Value(&v.vendorID).Inline(true),
			huh.NewSelect[model.Approval]().Title("Approval status").Options(enumOptions(model.Approvals(), false)...).Value(&v.approval).Inline(true),
			huh.NewInput().Title("Last reviewed (YYYY-MM-DD)").Value(&v.reviewed).Validate(validDate),
		).Title("System"),
		huh.NewGroup(
			huh.NewText().Title("Models and versions (one per line)").Value(&v.models).Lines(3),
			huh.NewText().Title("Identities: cloud roles, service accounts, API projects/keys, deployments, endpoints (one per line)").Value(&v.identities).Lines(3),
			huh.NewSelect[model.Deployment]().Title("Deployment").Options(enumOptions(model.Deployments(), true)...).Value(&v.deployment).Inline(true),
			huh.NewMultiSelect[model.DataCategory]().Title("Data categories (space toggles)").Options(enumOptions(model.DataCategories(), false)...).Value(&v.data),
		).Title("Technology and data"),
		huh.NewGroup(
			huh.NewConfirm().Title("Affects service delivery?").Value(&v.affects).Inline(true),
			huh.NewConfirm().Title("Makes or supports consequential decisions?").Value(&v.consequential).Inline(true),
			huh.NewSelect[model.Oversight]().Title("Human oversight").Options(enumOptions(model.Oversights(), true)...).Value(&v.oversight).Inline(true),
			huh.NewSelect[model.Logging]().Title("Interaction logging").Options(enumOptions(model.Loggings(), true)...).Value(&v.logging).Inline(true),
			huh.NewInput().Title("Log retention").Placeholder("e.g. 90 days").Value(&v.retention),
			huh.NewMultiSelect[string]().Title("Access control").Options(
				huh.NewOption("SSO with MFA", model.AccessSSOMFA), huh.NewOption("Role-based access (RBAC)", model.AccessRBAC),
			).Value(&v.access),
		).Title("Use and controls"),
		huh.NewGroup(
			huh.NewSelect[string]().Title("SOC 2 scope").Description("derived now: "+derivedTxt).Options(
				huh.NewOption("derived from the facts", scopeDerived),
				huh.NewOption("override: IN scope", scopeForceIn),
				huh.NewOption("override: OUT of scope", scopeOutNow),
			).Value(&v.scope).Inline(true),
			huh.NewText().Title("Override justification (required for an override)").Value(&v.justification).Lines(2).
				Validate(func(x string) error {
					if v.scope != scopeDerived && strings.TrimSpace(x) == "" {
						return errString("a scope override needs a written justification")
					}
					return nil
				}),
			huh.NewText().Title("Notes").Value(&v.notes).Lines(3),
		).Title("Scope and notes"),
	).WithShowHelp(false).WithTheme(f.c.Styles.HuhTheme())
	if f.w > 0 {
		form = form.WithWidth(min(f.w-4, 100)).WithHeight(max(f.h-4, 8))
	}
	return form
}

// enumOptions lists enum values as options, with "(not recorded)" first
// when blank is allowed.
func enumOptions[E ~string](vals []E, blank bool) []huh.Option[E] {
	var out []huh.Option[E]
	if blank {
		out = append(out, huh.NewOption("(not recorded)", E("")))
	}
	for _, v := range vals {
		out = append(out, huh.NewOption(string(v), v))
	}
	return out
}

func required(what string) func(string) error {
	return func(x string) error {
		if strings.TrimSpace(x) == "" {
			return errString(what + " is required")
		}
		return nil
	}
}

// ID implements Screen.
func (f *systemForm) ID() ScreenID { return ScreenSystemForm }

// Title implements Screen.
func (f *systemForm) Title() string {
	if f.base.ID == 0 {
		return "New AI system"
	}
	return "Edit " + model.CleanLine(f.base.Name)
}

// Init implements Screen.
func (f *systemForm) Init() tea.Cmd { return f.form.Init() }

// Resize implements Screen.
func (f *systemForm) Resize(w, h int) tea.Cmd {
	f.w, f.h = w, h
	f.form = f.form.WithWidth(min(w-4, 100)).WithHeight(max(h-4, 8))
	return nil
}

// Captures implements Screen: the form has text inputs.
func (f *systemForm) Captures(tea.KeyPressMsg) bool { return true }

// ShortHelp implements help.KeyMap.
func (f *systemForm) ShortHelp() []key.Binding {
	return []key.Binding{f.keys.Save, f.keys.Next, f.keys.Prev, f.keys.Cancel}
}

// FullHelp implements help.KeyMap.
func (f *systemForm) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

// Update implements Screen.
func (f *systemForm) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch m := msg.(type) {
	case SystemSavedMsg:
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
				fld.Blur() // commits the field's text to its value
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

// reopen rebuilds a completed form so the user can correct it.
func (f *systemForm) reopen() tea.Cmd {
	if f.form.State == huh.StateNormal {
		return nil
	}
	f.form = f.buildForm()
	return f.form.Init()
}

// submit validates (model.System.Validate) and queues the save.
func (f *systemForm) submit() tea.Cmd {
	sys, err := f.vals.system(f.base, f.c.Session.vendorName(f.vals.vendorID))
	if err != nil {
		f.err = err.Error()
		return f.reopen()
	}
	f.err = ""
	f.saving = true
	return f.c.saveSystem(sys)
}

// View implements Screen.
func (f *systemForm) View() string {
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
