package tui

import (
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// attachKey is E wherever evidence can be attached from: the walkthrough
// (the current answer), an exception page, a system's page and the vendor
// register (the selected vendor).
func attachKey() key.Binding {
	return key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "attach evidence"))
}

// detectKey is D on the triage queue: re-run detection, then reload.
func detectKey() key.Binding {
	return key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "run detection"))
}

// answerTarget is the evidence target of a walkthrough item.
func answerTarget(it model.Item) model.EvidenceTarget {
	return model.EvidenceTarget{Type: model.TargetAnswer, Key: it.Question.ID + "@" + it.Subject}
}

// evidenceKey handles E in the walkthrough; ok is false for other keys.
func (s *walkScreen) evidenceKey(m tea.KeyPressMsg) (tea.Cmd, bool) {
	if !key.Matches(m, attachKey()) {
		return nil, false
	}
	it, ok := s.current()
	if !ok {
		return nil, true
	}
	return s.c.attachTo(answerTarget(it)), true
}

// evidenceBindings are the walkthrough's evidence keys for the full help
// (none when no store backs evidence).
func (s *walkScreen) evidenceBindings() []key.Binding {
	if !s.c.Evidence.canAttach() {
		return nil
	}
	return []key.Binding{attachKey()}
}

// evidenceMeta is the pane's evidence count for it: read from the map the
// last load built, never counted here.
func (s *walkScreen) evidenceMeta(it model.Item) []string {
	e := s.c.Evidence
	if !e.available() {
		return nil
	}
	switch n := e.countFor(answerTarget(it).String()); n {
	case 0:
		return []string{s.c.Styles.Muted.Render("no evidence (E attaches)")}
	default:
		return []string{s.c.Styles.Accent.Render("Evidence: " + countOf(n, "file", "files"))}
	}
}

// attachToException opens the attach form for exception e.
func (c *Common) attachToException(e model.Exception) tea.Cmd {
	return c.attachTo(model.EvidenceTarget{Type: model.TargetException, Key: strconv.FormatInt(e.ID, 10)})
}

// attachToSystem opens the attach form for system id.
func (c *Common) attachToSystem(id int64) tea.Cmd {
	return c.attachTo(model.EvidenceTarget{Type: model.TargetSystem, Key: strconv.FormatInt(id, 10)})
}

// attachToVendor opens the attach form for vendor id.
func (c *Common) attachToVendor(id int64) tea.Cmd {
	return c.attachTo(model.EvidenceTarget{Type: model.TargetVendor, Key: strconv.FormatInt(id, 10)})
}

// evidenceHelp is the attach binding when attaching is possible.
func (c *Common) evidenceHelp() []key.Binding {
	if !c.Evidence.canAttach() {
		return nil
	}
	return []key.Binding{attachKey()}
}

// detectHelp is the detection binding when detection is wired.
func (c *Common) detectHelp() []key.Binding {
	if c.Evidence == nil || c.Evidence.detect == nil {
		return nil
	}
	return []key.Binding{detectKey()}
}
