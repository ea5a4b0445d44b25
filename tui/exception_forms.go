package tui

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// actor is who the TUI checks moves as; the store stamps its own, which
// main.go sets from the same flag.
func (c *Common) actor() string {
	if strings.TrimSpace(c.Actor) == "" {
		return "unknown"
	}
	return c.Actor
}

// moveTitle names a move for a form title.
func moveTitle(to model.ExceptionStatus) string {
	switch to {
	case model.StatusTriaged:
		return "mark triaged"
	case model.StatusInRemediation:
		return "remediate"
	case model.StatusAccepted:
		return "accept the risk"
	case model.StatusFalsePositive:
		return "false positive"
	case model.StatusDuplicate:
		return "duplicate of another exception"
	case model.StatusRemediated:
		return "mark remediated"
	case model.StatusClosed:
		return "close"
	case model.StatusOpen:
		return "reopen"
	}
	return "move to " + string(to)
}

// newDecisionForm asks for what a move to status to needs, checks it with
// model.Transition (the state machine's own messages) and saves it.
func newDecisionForm(c *Common, e model.Exception, to model.ExceptionStatus) *formScreen {
	id := e.ID
	f := newForm(c, e.Ref()+": "+moveTitle(to), func(v formValues, token int) (tea.Cmd, string) {
		cur, ok := c.Triage.exception(id)
		if !ok {
			return nil, "the exception is no longer loaded; go back and reopen it"
		}
		d, problem := decisionFrom(c, cur, v)
		if problem != "" {
			return nil, problem
		}
		if _, err := model.Transition(cur, to, d, c.actor(), c.Now()); err != nil {
			return nil, err.Error()
		}
		return c.exceptionWrite(token, opMove, func(ctx context.Context, s model.TriageStore) (model.Exception, error) {
			return s.TransitionException(ctx, id, to, d)
		}), ""
	})
	f.note(model.CleanLine(e.Title), fmt.Sprintf("Now %s; raised by %s.", e.Status, model.CleanLine(e.RaisedBy)))
	switch to {
	case model.StatusAccepted:
		f.note("The approver must not be the person who raised it. The acceptance holds until the day before its expiry, then the exception shows as expired.")
		f.text("approver", "Approver", "", "who accepts the risk (not "+model.CleanLine(e.RaisedBy)+")").
			text("rationale", "Rationale", "", "why the risk is acceptable").
			text("compensating", "Compensating controls", "", "what limits the risk meanwhile").
			text("expiry", "Expiry date", "", "YYYY-MM-DD, after today")
	case model.StatusFalsePositive:
		f.text("rationale", "Reason", "", "required: why this is not an exception")
	case model.StatusDuplicate:
		f.text("duplicate", "Duplicate of", "", "the other exception, e.g. EX-12").
			text("rationale", "Note", "", "optional")
	case model.StatusClosed, model.StatusOpen:
		f.text("rationale", "Reason", "", "required")
	case model.StatusInRemediation:
		f.note("Add remediation tasks on the exception page (n) and a management response (m).")
		f.text("rationale", "Plan / note", "", "optional")
	default:
		f.text("rationale", "Note", "", "optional")
	}
	return f
}

// decisionFrom reads a decision form's values; problem is non-empty for a
// value that cannot be read (a date, an exception reference).
func decisionFrom(c *Common, e model.Exception, v formValues) (model.Decision, string) {
	d := model.Decision{Rationale: v["rationale"], Approver: v["approver"], CompensatingControls: v["compensating"]}
	if s, ok := v["expiry"]; ok {
		date, err := model.ParseDate(s)
		if err != nil {
			return d, "expiry: " + err.Error()
		}
		d.Expiry = date
	}
	if s, ok := v["duplicate"]; ok {
		n, err := strconv.ParseInt(strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(s)), "EX-"), 10, 64)
		if err != nil || n <= 0 {
			return d, "duplicate of: give the other exception's number, e.g. EX-12"
		}
		if _, ok := c.Triage.exception(n); !ok && n != e.ID {
			return d, fmt.Sprintf("duplicate of: there is no EX-%d", n)
		}
		d.DuplicateOf = n
	}
	return d, ""
}

func severityNames() []string {
	var out []string
	for _, s := range model.Severities() {
		out = append(out, string(s))
	}
	return out
}

// newSeverityForm changes the severity, with a reason when it departs from
// the suggested one (model.ChangeSeverity decides).
func newSeverityForm(c *Common, e model.Exception) *formScreen {
	id := e.ID
	f := newForm(c, e.Ref()+": severity", func(v formValues, token int) (tea.Cmd, string) {
		cur, ok := c.Triage.exception(id)
		if !ok {
			return nil, "the exception is no longer loaded; go back and reopen it"
		}
		sev, reason := model.Severity(v["severity"]), v["reason"]
		if sev == cur.Severity && reason == "" {
			return nil, "severity unchanged (esc to leave)"
		}
		if _, err := model.ChangeSeverity(cur, sev, reason, c.actor(), c.Now()); err != nil {
			return nil, err.Error()
		}
		return c.exceptionWrite(token, opSeverity, func(ctx context.Context, s model.TriageStore) (model.Exception, error) {
			return s.ChangeSeverity(ctx, id, sev, reason)
		}), ""
	})
	sugg := "Suggested severity: " + orNone(string(e.SuggestedSeverity))
	if r, ok := model.RuleByID(e.Rule); ok {
		sugg += fmt.Sprintf(" (rule %s: base %s, moved by the system's risk tier)", r.ID, r.Base)
	}
	f.note(model.CleanLine(e.Title), sugg)
	return f.choice("severity", "Severity", severityNames(), string(e.Severity), "←/→ or c/h/m/l").
		text("reason", "Reason", e.SeverityReason, "required when it differs from the suggestion")
}

// newOwnerForm sets who owns the exception.
func newOwnerForm(c *Common, e model.Exception) *formScreen {
	id := e.ID
	f := newForm(c, e.Ref()+": owner", func(v formValues, token int) (tea.Cmd, string) {
		owner := v["owner"]
		return c.exceptionWrite(token, opAssign, func(ctx context.Context, s model.TriageStore) (model.Exception, error) {
			return s.AssignException(ctx, id, owner)
		}), ""
	})
	return f.note(model.CleanLine(e.Title)).text("owner", "Owner", e.Owner, "the person who sees it through; empty clears")
}

// newResponseForm edits the management response.
func newResponseForm(c *Common, e model.Exception) *formScreen {
	id := e.ID
	r := e.ManagementResponse
	f := newForm(c, e.Ref()+": management response", func(v formValues, token int) (tea.Cmd, string) {
		date, err := model.ParseDate(v["target"])
		if err != nil {
			return nil, "target date: " + err.Error()
		}
		resp := model.ManagementResponse{Cause: v["cause"], Remediation: v["remediation"], TargetDate: date}
		return c.exceptionWrite(token, opResponse, func(ctx context.Context, s model.TriageStore) (model.Exception, error) {
			return s.SaveManagementResponse(ctx, id, resp)
		}), ""
	})
	f.note(model.CleanLine(e.Title), "Management's reply as it will read in the report's other information.")
	return f.text("cause", "Cause", r.Cause, "why it happened").
		text("remediation", "Remediation", r.Remediation, "what management will do").
		text("target", "Target date", string(r.TargetDate), "YYYY-MM-DD")
}

func kindNames() []string {
	var out []string
	for _, k := range model.ExceptionKinds() {
		out = append(out, string(k))
	}
	return out
}

// newRaiseForm raises an exception by hand, pre-filled from base (a blank
// manual exception, or model.ExceptionFromItem from the walkthrough), and
// opens it once saved.
func newRaiseForm(c *Common, base model.Exception) *formScreen {
	f := newForm(c, "Raise an exception", func(v formValues, token int) (tea.Cmd, string) {
		e, problem := raisedFrom(c, base, v)
		if problem != "" {
			return nil, problem
		}
		return c.exceptionWrite(token, opRaise, func(ctx context.Context, s model.TriageStore) (model.Exception, error) {
			return s.RaiseException(ctx, e)
		}), ""
	})
	for _, cite := range base.Citations {
		f.note("Cites " + string(cite.Type) + " " + model.CleanLine(cite.Label))
	}
	var systems []string
	for _, id := range base.SystemIDs {
		systems = append(systems, strconv.FormatInt(id, 10))
	}
	f.choice("kind", "Kind", kindNames(), string(base.Kind), "←/→ or a letter").
		text("title", "Title", base.Title, "required").
		text("detail", "What was found", base.Detail, "").
		choice("severity", "Severity", severityNames(), string(base.Severity), "←/→ or c/h/m/l").
		text("owner", "Owner", base.Owner, "optional").
		text("systems", "Affected systems", strings.Join(systems, ", "), "ids or names, comma separated").
		text("controls", "Controls", strings.Join(base.ControlIDs, ", "), "control ids, comma separated").
		text("criteria", "TSC criteria", strings.Join(base.Criteria, ", "), "e.g. CC6.1; empty takes the controls'")
	return f.then(func(r triageResult) tea.Cmd {
		if m, ok := r.(ExceptionSavedMsg); ok && m.Saved.ID != 0 {
			return push(newExceptionDetail(c, m.Saved.ID))
		}
		return nil
	})
}

// raisedFrom builds the exception a raise form describes and validates it.
func raisedFrom(c *Common, base model.Exception, v formValues) (model.Exception, string) {
	e := base
	e.Kind, e.Title, e.Detail = model.ExceptionKind(v["kind"]), v["title"], v["detail"]
	e.Severity = model.Severity(v["severity"])
	e.SuggestedSeverity = e.Severity // a person chose it
	e.Owner = v["owner"]
	e.SystemIDs = nil
	for _, term := range splitNameList(v["systems"]) {
		id, ok := resolveSystem(term, c.Session.Systems)
		if !ok {
			return e, fmt.Sprintf("affected systems: no single system matches %q", term)
		}
		if !slices.Contains(e.SystemIDs, id) {
			e.SystemIDs = append(e.SystemIDs, id)
		}
	}
	e.ControlIDs = splitIDList(v["controls"])
	e.Criteria = splitIDList(v["criteria"])
	for _, id := range e.ControlIDs {
		if c.Session.Pack == nil {
			break
		}
		ctl, ok := c.Session.Pack.Control(id)
		if !ok {
			return e, fmt.Sprintf("controls: %q is not a control of this pack", id)
		}
		if strings.TrimSpace(v["criteria"]) == "" {
			for _, cr := range ctl.Criteria {
				if !slices.Contains(e.Criteria, cr) {
					e.Criteria = append(e.Criteria, cr)
				}
			}
		}
	}
	e.RaisedBy = c.actor()
	if err := e.Validate(); err != nil {
		return e, err.Error()
	}
	return e, ""
}

// splitNameList reads a comma separated list of names (which may hold spaces).
func splitNameList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// splitIDList reads a list of ids separated by commas or spaces.
func splitIDList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
}

// resolveSystem finds one system by id, exact name, or a unique name part.
func resolveSystem(term string, systems []model.System) (int64, bool) {
	for _, s := range systems {
		if strconv.FormatInt(s.ID, 10) == term || strings.EqualFold(s.Name, term) {
			return s.ID, true
		}
	}
	ids := matchSystems(term, systems)
	if len(ids) == 1 {
		return ids[0], true
	}
	return 0, false
}
