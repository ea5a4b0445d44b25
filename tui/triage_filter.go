package tui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"auditwalk/model"
)

// queueFilter is the triage queue's filter: model.ExceptionFilter for kind,
// status, control and owner, plus what the model's filter does not cover
// (any of several systems matched by name, severity, free text).
//
// The filter bar (/) reads space-separated terms:
//
//	kind:shadow-ai  status:open|active|all  sev:high  system:bot  control:AC-1
//	owner:sam  and any other word, matched in the ref, title and detail.
//
// System and owner terms match a part of the name, in any case (system
// also matches an id), so owner:ops finds "Ops lead". Unknown kinds,
// statuses and severities are errors, so a typo never shows an empty queue
// as if nothing were wrong.
type queueFilter struct {
	base      model.ExceptionFilter
	all       bool // status:all — closed ones too
	owner     string
	severity  model.Severity
	system    string
	systemIDs []int64
	text      []string
}

// defaultQueueFilter shows the exceptions that still need work.
func defaultQueueFilter() queueFilter {
	return queueFilter{base: model.ExceptionFilter{ActiveOnly: true}}
}

// isDefault reports whether nothing but the default is set.
func (f queueFilter) isDefault() bool { return f.String() == defaultQueueFilter().String() }

// statusTerm is the filter's status as typed in the bar.
func (f queueFilter) statusTerm() string {
	switch {
	case f.base.Status != "":
		return string(f.base.Status)
	case f.all:
		return "all"
	}
	return "active"
}

// String renders the filter in the bar's syntax.
func (f queueFilter) String() string {
	parts := []string{"status:" + f.statusTerm()}
	if f.base.Kind != "" {
		parts = append(parts, "kind:"+string(f.base.Kind))
	}
	if f.severity != "" {
		parts = append(parts, "sev:"+string(f.severity))
	}
	if f.system != "" {
		parts = append(parts, "system:"+f.system)
	}
	if f.base.ControlID != "" {
		parts = append(parts, "control:"+f.base.ControlID)
	}
	if f.owner != "" {
		parts = append(parts, "owner:"+f.owner)
	}
	return strings.Join(append(parts, f.text...), " ")
}

// parseQueueFilter reads the bar's text. systems resolves system terms.
func parseQueueFilter(s string, systems []model.System) (queueFilter, error) {
	f := defaultQueueFilter()
	for _, tok := range strings.Fields(s) {
		k, v, ok := strings.Cut(tok, ":")
		if !ok || v == "" {
			f.text = append(f.text, strings.ToLower(tok))
			continue
		}
		if err := f.set(strings.ToLower(k), v, systems); err != nil {
			return f, err
		}
	}
	return f, nil
}

func (f *queueFilter) set(k, v string, systems []model.System) error {
	switch k {
	case "kind", "k":
		kind := model.ExceptionKind(strings.ToLower(v))
		if !slices.Contains(model.ExceptionKinds(), kind) {
			return fmt.Errorf("unknown kind %q: one of %s", v, joinKinds())
		}
		f.base.Kind = kind
	case "status", "st":
		return f.setStatus(strings.ToLower(v))
	case "sev", "severity":
		sev := model.Severity(strings.ToLower(v))
		if !sev.Valid() {
			return fmt.Errorf("unknown severity %q: critical, high, medium or low", v)
		}
		f.severity = sev
	case "system", "sys":
		f.system = v
		f.systemIDs = matchSystems(v, systems)
	case "control", "ctl":
		f.base.ControlID = v
	case "owner":
		f.owner = v
	default:
		return fmt.Errorf("unknown filter %q: use kind, status, sev, system, control or owner", k+":")
	}
	return nil
}

func (f *queueFilter) setStatus(v string) error {
	f.base.Status, f.base.ActiveOnly, f.all = "", false, false
	switch v {
	case "active":
		f.base.ActiveOnly = true
	case "all":
		f.all = true
	default:
		st := model.ExceptionStatus(v)
		if !st.Valid() {
			return fmt.Errorf("unknown status %q: active, all or one of %s", v, joinStatusNames())
		}
		f.base.Status = st
	}
	return nil
}

// matchSystems returns the ids of systems whose id or name matches term.
func matchSystems(term string, systems []model.System) []int64 {
	t := strings.ToLower(term)
	var ids []int64
	for _, s := range systems {
		if strconv.FormatInt(s.ID, 10) == t || strings.Contains(strings.ToLower(s.Name), t) {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

// match reports whether e passes the filter.
func (f queueFilter) match(e *model.Exception) bool {
	if !f.base.Match(*e) {
		return false
	}
	if f.severity != "" && e.Severity != f.severity {
		return false
	}
	if f.owner != "" && !containsFold(e.Owner, strings.ToLower(f.owner)) {
		return false
	}
	if f.system != "" && !slices.ContainsFunc(e.SystemIDs, func(id int64) bool { return slices.Contains(f.systemIDs, id) }) {
		return false
	}
	for _, w := range f.text {
		if !containsFold(e.Title, w) && !containsFold(e.Detail, w) && !strings.EqualFold(e.Ref(), w) {
			return false
		}
	}
	return true
}

// containsFold is a case-insensitive substring test; low must be lower
// case already (the filter lower-cases its words once).
func containsFold(s, low string) bool {
	if len(low) > len(s) {
		return false
	}
	return strings.Contains(strings.ToLower(s), low)
}

// cycleStatus moves the status filter on: active, all, then each status.
func (f queueFilter) cycleStatus() queueFilter {
	order := []string{"active", "all"}
	for _, s := range model.ExceptionStatuses() {
		order = append(order, string(s))
	}
	i := slices.Index(order, f.statusTerm())
	_ = f.setStatus(order[(i+1)%len(order)])
	return f
}

// cycleKind moves the kind filter on: any, then each kind.
func (f queueFilter) cycleKind() queueFilter {
	kinds := model.ExceptionKinds()
	i := slices.Index(kinds, f.base.Kind)
	if i == len(kinds)-1 {
		f.base.Kind = ""
	} else {
		f.base.Kind = kinds[i+1]
	}
	return f
}

func joinKinds() string {
	var out []string
	for _, k := range model.ExceptionKinds() {
		out = append(out, string(k))
	}
	return strings.Join(out, ", ")
}

func joinStatusNames() string {
	var out []string
	for _, s := range model.ExceptionStatuses() {
		out = append(out, string(s))
	}
	return strings.Join(out, ", ")
}
