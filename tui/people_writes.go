package tui

import (
	"context"
	"fmt"
	"strconv"

	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// PersonSavedMsg reports AccountabilityStore.SavePerson.
type PersonSavedMsg struct {
	Sent, Saved model.Person
	Err         error
}

// AssignedMsg reports AccountabilityStore.Assign. Label names the target
// for the status line.
type AssignedMsg struct {
	Kind          model.AssignKind
	Target, Label string
	Owner         string
	Saved         model.Assignment
	Err           error
}

func (PersonSavedMsg) writeDone() {}
func (AssignedMsg) writeDone()    {}

func (m PersonSavedMsg) fold(*Common) (StatusMsg, bool) {
	if m.Err != nil {
		return failed("Person "+model.CleanLine(m.Sent.Name)+" NOT saved", m.Err), false
	}
	return succeeded("Saved " + model.CleanLine(m.Saved.Name) + " (" + m.Saved.RoleList() + ")"), true
}

func (m AssignedMsg) fold(c *Common) (StatusMsg, bool) {
	if m.Err != nil {
		return failed("NOT assigned "+model.CleanLine(m.Label), m.Err), false
	}
	// Patch at once so the owner shows before the reload lands.
	as := make(model.Assignments, 0, len(c.Acct.assign)+1)
	for _, a := range c.Acct.assign {
		if a.Kind != m.Kind || a.Target != m.Target {
			as = append(as, a)
		}
	}
	if m.Saved.Owner != "" {
		as = append(as, m.Saved)
	}
	c.Acct.assign = as
	if m.Owner == "" {
		return succeeded(model.CleanLine(m.Label) + " has no owner now"), true
	}
	return succeeded(model.CleanLine(m.Label) + " → " + model.CleanLine(m.Saved.Owner)), true
}

// savePerson queues SavePerson.
func (c *Common) savePerson(p model.Person) tea.Cmd {
	return c.acctWrite(func(ctx context.Context, st model.AccountabilityStore) tea.Msg {
		saved, err := st.SavePerson(ctx, p)
		return PersonSavedMsg{Sent: p, Saved: saved, Err: err}
	})
}

// assignOwner queues Assign; owner "" removes the assignment.
func (c *Common) assignOwner(t assignTarget, owner string) tea.Cmd {
	return c.acctWrite(func(ctx context.Context, st model.AccountabilityStore) tea.Msg {
		saved, err := st.Assign(ctx, t.kind, t.target, owner)
		return AssignedMsg{Kind: t.kind, Target: t.target, Label: t.label, Owner: owner, Saved: saved, Err: err}
	})
}

// assignTarget is a control or AI system that can be given an owner.
type assignTarget struct {
	kind   model.AssignKind
	target string
	label  string
}

func controlTarget(ctl *model.Control) assignTarget {
	return assignTarget{kind: model.AssignControl, target: ctl.ID,
		label: "control " + model.CleanLine(ctl.ID)}
}

func systemTarget(sys *model.System) assignTarget {
	return assignTarget{kind: model.AssignSystem, target: strconv.FormatInt(sys.ID, 10),
		label: "system " + model.CleanLine(sys.Name)}
}

// ownerOf is the current owner of t ("" if none).
func (c *Common) ownerOf(t assignTarget) string {
	for _, a := range c.Acct.assign {
		if a.Kind == t.kind && a.Target == t.target {
			return a.Owner
		}
	}
	return ""
}

// ownsLabel lists what person owns: control ids, then system names.
func (c *Common) ownsLabel(person string) []string {
	var out []string
	for _, a := range c.Acct.assign.Of(person) {
		if a.Kind == model.AssignControl {
			out = append(out, model.CleanLine(a.Target))
			continue
		}
		name := "system " + a.Target
		for _, s := range c.Session.Systems {
			if strconv.FormatInt(s.ID, 10) == a.Target {
				name = model.CleanLine(s.Name)
			}
		}
		out = append(out, name)
	}
	return out
}

// progressLabel is "answered/asked (n%)" for a progress.
func progressLabel(p model.Progress) string {
	return fmt.Sprintf("%d/%d answered (%d%%)", p.Answered, p.Asked, p.Percent())
}
