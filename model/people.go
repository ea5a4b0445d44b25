package model

import (
	"fmt"
	"net/mail"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Role is what a person does in an engagement. A person may hold several
// roles (a consultant is often assessor and reviewer); the rules are per
// action, and the one hard separation — nobody approves their own answer —
// is checked against the answer's author, not the role.
type Role string

// Roles.
const (
	RoleAssessor     Role = "assessor"
	RoleControlOwner Role = "control-owner"
	RoleReviewer     Role = "reviewer"
)

// Roles lists the roles in display order.
func Roles() []Role { return []Role{RoleAssessor, RoleControlOwner, RoleReviewer} }

// ParseRoles reads a comma-separated role list ("assessor,reviewer"; "owner"
// is short for control-owner), returning the roles sorted, without
// duplicates.
func ParseRoles(s string) ([]Role, error) {
	var out []Role
	for _, part := range strings.Split(s, ",") {
		r := Role(strings.ToLower(strings.TrimSpace(part)))
		if r == "" {
			continue
		}
		if r == "owner" {
			r = RoleControlOwner
		}
		if !slices.Contains(Roles(), r) {
			return nil, fmt.Errorf("role %q: use assessor, control-owner or reviewer", string(r))
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	return out, nil
}

// Person is someone taking part in the engagement. Name is the identity
// recorded on changes (--as NAME) and is unique, compared case-insensitively.
type Person struct {
	Name      string
	Email     string
	Roles     []Role
	UpdatedAt time.Time
	UpdatedBy string
}

// Has reports whether the person holds role r.
func (p Person) Has(r Role) bool { return slices.Contains(p.Roles, r) }

// RoleList renders the roles as "assessor, reviewer".
func (p Person) RoleList() string {
	s := make([]string, len(p.Roles))
	for i, r := range p.Roles {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

// Validate checks a person's details.
func (p Person) Validate() error {
	name := strings.TrimSpace(p.Name)
	switch {
	case name == "":
		return fmt.Errorf("a person needs a name")
	case name != p.Name || CleanLine(name) != name || strings.ContainsAny(name, ",@"):
		return fmt.Errorf("name %q: no surrounding spaces, control characters, commas or @", p.Name)
	case len(p.Roles) == 0:
		return fmt.Errorf("%s: give at least one role (assessor, control-owner, reviewer)", p.Name)
	}
	if p.Email != "" {
		if a, err := mail.ParseAddress(p.Email); err != nil || a.Address != p.Email {
			return fmt.Errorf("%s: email %q is not a plain address like name@example.com", p.Name, p.Email)
		}
	}
	for _, r := range p.Roles {
		if !slices.Contains(Roles(), r) {
			return fmt.Errorf("%s: unknown role %q", p.Name, string(r))
		}
	}
	return nil
}

// People is the engagement's people, looked up by name case-insensitively.
type People []Person

// Find returns the person with name (case-insensitive).
func (ps People) Find(name string) (Person, bool) {
	for _, p := range ps {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return Person{}, false
}

// Require returns the person named actor if they hold role, or an error a
// user can act on; doing completes "cannot ...".
func (ps People) Require(actor string, role Role, doing string) (Person, error) {
	p, ok := ps.Find(actor)
	if !ok {
		return Person{}, fmt.Errorf("%s is not a person of this engagement, so cannot %s (an assessor adds people with: auditwalk people add %s --role %s)",
			strconv.Quote(actor), doing, shellWord(actor), role)
	}
	if !p.Has(role) {
		return p, fmt.Errorf("%s cannot %s: that needs the %s role (%s holds: %s)", p.Name, doing, role, p.Name, orNone(p.RoleList()))
	}
	return p, nil
}

// CanManagePeople reports whether actor may add or change people: an
// assessor, or anyone while nobody holds the assessor role yet (whoever
// sets up the engagement bootstraps it).
func (ps People) CanManagePeople(actor string) error {
	for _, p := range ps {
		if p.Has(RoleAssessor) {
			_, err := ps.Require(actor, RoleAssessor, "add or change people")
			return err
		}
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "no roles"
	}
	return s
}

// shellWord quotes s for a shell command line when it needs it.
func shellWord(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t'\"\\$`!*?[](){};&|<>#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// AssignKind is what an assignment gives an owner.
type AssignKind string

// Assignment kinds.
const (
	AssignControl AssignKind = "control"
	AssignSystem  AssignKind = "system"
)

// Assignment gives a control (Target: its id) or an AI system (Target: its
// decimal id) to an owner. Each control and system has at most one owner.
type Assignment struct {
	Kind       AssignKind
	Target     string
	Owner      string
	AssignedAt time.Time
	AssignedBy string
}

// Assignments is the engagement's assignments.
type Assignments []Assignment

// ControlOwner returns the owner of control id ("" if none).
func (as Assignments) ControlOwner(id string) string { return as.owner(AssignControl, id) }

// SystemOwner returns the owner of system id ("" if none).
func (as Assignments) SystemOwner(id int64) string {
	return as.owner(AssignSystem, strconv.FormatInt(id, 10))
}

func (as Assignments) owner(k AssignKind, target string) string {
	for _, a := range as {
		if a.Kind == k && a.Target == target {
			return a.Owner
		}
	}
	return ""
}

// Owns reports whether person owns item: its control is assigned to them,
// or it is a per-system item of a system assigned to them. An item can
// have two owners (the control's and the system's); both see it.
func (as Assignments) Owns(person string, it Item) bool {
	if o := as.ControlOwner(it.Control.ID); o != "" && strings.EqualFold(o, person) {
		return true
	}
	if it.System == nil {
		return false
	}
	o := as.SystemOwner(it.System.ID)
	return o != "" && strings.EqualFold(o, person)
}

// Of returns the assignments of person, controls first, each sorted by
// target.
func (as Assignments) Of(person string) Assignments {
	var out Assignments
	for _, a := range as {
		if strings.EqualFold(a.Owner, person) {
			out = append(out, a)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Target < out[j].Target
	})
	return out
}

// OwnerItems filters walk items to those person owns (see Owns), keeping
// walk order: the control owner's view.
func OwnerItems(items []Item, as Assignments, person string) []Item {
	var out []Item
	for _, it := range items {
		if as.Owns(person, it) {
			out = append(out, it)
		}
	}
	return out
}

// ControlProgress is an owner's progress on one control for one subject.
type ControlProgress struct {
	Control  *Control
	Subject  string
	System   *System
	Asked    int
	Answered int
}

// Progress is an owner's progress over their items.
type Progress struct {
	Asked    int
	Answered int
	// Controls lists progress per control and subject, in walk order.
	Controls []ControlProgress
}

// Percent is the share answered, 0–100 (100 when nothing is asked).
func (p Progress) Percent() int {
	if p.Asked == 0 {
		return 100
	}
	return p.Answered * 100 / p.Asked
}

// OwnerProgress counts answered items, overall and per control and subject.
func OwnerProgress(items []Item, answers Answers) Progress {
	var p Progress
	index := map[AnswerKey]int{}
	for _, it := range items {
		k := AnswerKey{it.Control.ID, it.Subject}
		i, ok := index[k]
		if !ok {
			i = len(p.Controls)
			index[k] = i
			p.Controls = append(p.Controls, ControlProgress{Control: it.Control, Subject: it.Subject, System: it.System})
		}
		p.Asked++
		p.Controls[i].Asked++
		if a, ok := answers[it.Key()]; ok && a.IsAnswered() {
			p.Answered++
			p.Controls[i].Answered++
		}
	}
	return p
}
