package questionnaires

import (
	"slices"
	"strings"

	"auditwalk/model"
)

// Keys allowed at each level of a pack; anything else is a typo or a field
// this version does not know, and is reported rather than silently dropped.
func packKeys() []string {
	return []string{"id", "version", "title", "description", "complete_coverage", "covered", "sections"}
}
func coveredKeys() []string { return []string{"criterion", "reason"} }
func sectionKeys() []string { return []string{"id", "title", "controls"} }
func controlKeys() []string {
	return []string{"id", "title", "criteria", "nist", "iso", "applies", "guidance", "evidence", "narrative", "questions"}
}
func questionKeys() []string {
	return []string{"id", "prompt", "help", "kind", "options", "meets", "when"}
}
func optionKeys() []string { return []string{"value", "label"} }
func whenKeys() []string   { return []string{"question", "fact", "in"} }

// decoded is a pack plus the source lines the cross-reference checks need.
type decoded struct {
	pack             *model.Pack
	completeCoverage bool
	coverageLine     int
	coveredLines     []int // parallel to pack.Covered
	sectionLines     []int
	controls         []ctlInfo // document order
	questions        []qInfo   // document order
}

// ctlInfo locates a decoded control: its indexes in the pack (so pointers
// are taken only once decoding has stopped appending) and its key lines.
type ctlInfo struct {
	si, ci    int
	line      int
	fields    map[string]int
	narrative *node
	// itemLines holds the line of each criteria/nist/iso item by field.
	itemLines map[string][]int
}

// qInfo locates a decoded question and its condition.
type qInfo struct {
	si, ci, qi int
	line       int
	whenLine   int
	inLines    []int
	meetsLines []int
	optLines   []int
	kindLine   int
}

// decoder turns the node tree into model values, reporting shape problems.
type decoder struct {
	ps *problems
	d  *decoded
}

// fields checks that n is a mapping with only known keys and no key twice,
// and returns its entries by key.
func (dc *decoder) fields(n *node, what string, allowed []string) map[string]entry {
	if n == nil {
		return nil
	}
	if n.kind != kindMap {
		dc.ps.add(n.line, "%s must be a mapping of keys to values", what)
		return nil
	}
	out := map[string]entry{}
	for _, e := range n.entries {
		if !slices.Contains(allowed, e.key) {
			dc.ps.add(e.line, "unknown key %q in %s (known keys: %s)", e.key, what, strings.Join(allowed, ", "))
			continue
		}
		if prev, dup := out[e.key]; dup {
			dc.ps.add(e.line, "key %q given twice in %s (first at line %d)", e.key, what, prev.line)
			continue
		}
		out[e.key] = e
	}
	return out
}

// str reads a string field; required fields must be present and not blank.
func (dc *decoder) str(m map[string]entry, key, what string, line int, required bool) (string, int) {
	e, ok := m[key]
	if ok && e.val.kind == kindInvalid {
		return "", e.line
	}
	if !ok || e.val.kind == kindNull {
		if required {
			if ok {
				line = e.line
			}
			dc.ps.add(line, "%s needs %q", what, key)
		}
		return "", line
	}
	if e.val.kind != kindScalar {
		dc.ps.add(e.line, "%s %q must be text, not a list or mapping", what, key)
		return "", e.line
	}
	if required && strings.TrimSpace(e.val.text) == "" {
		dc.ps.add(e.line, "%s %q must not be empty", what, key)
	}
	return e.val.text, e.line
}

// list reads a sequence field; a missing or null field is an empty list.
func (dc *decoder) list(m map[string]entry, key, what string) ([]*node, int, bool) {
	e, ok := m[key]
	if !ok || e.val.kind == kindNull {
		return nil, 0, false
	}
	if e.val.kind == kindInvalid {
		return nil, e.line, false
	}
	if e.val.kind != kindSeq {
		dc.ps.add(e.line, "%s %q must be a list", what, key)
		return nil, e.line, false
	}
	return e.val.items, e.line, true
}

// strList reads a list of strings, reporting non-text items and blanks.
func (dc *decoder) strList(m map[string]entry, key, what string) ([]string, []int, int) {
	items, line, _ := dc.list(m, key, what)
	var out []string
	var lines []int
	for _, it := range items {
		if it.kind != kindScalar || strings.TrimSpace(it.text) == "" {
			dc.ps.add(it.line, "%s %q items must be non-empty text", what, key)
			continue
		}
		out = append(out, strings.TrimSpace(it.text))
		lines = append(lines, it.line)
	}
	return out, lines, line
}

func decodePack(root *node, ps *problems) *decoded {
	d := &decoded{
		pack: &model.Pack{},
	}
	dc := &decoder{ps: ps, d: d}
	m := dc.fields(root, "pack", packKeys())
	if m == nil {
		return d
	}
	top := root.line
	p := d.pack
	p.ID, _ = dc.str(m, "id", "pack", top, true)
	p.Version, _ = dc.str(m, "version", "pack", top, true)
	p.Title, _ = dc.str(m, "title", "pack", top, true)
	p.Description, _ = dc.str(m, "description", "pack", top, false)
	if e, ok := m["complete_coverage"]; ok {
		d.coverageLine = e.line
		switch e.val.text {
		case "true":
			d.completeCoverage = true
		case "false":
		default:
			ps.add(e.line, "complete_coverage must be true or false")
		}
	}
	covered, _, _ := dc.list(m, "covered", "pack")
	for _, cn := range covered {
		cm := dc.fields(cn, "covered entry", coveredKeys())
		if cm == nil {
			continue
		}
		c, line := dc.str(cm, "criterion", "covered entry", cn.line, true)
		r, _ := dc.str(cm, "reason", "covered entry", cn.line, true)
		p.Covered = append(p.Covered, model.CoveredCriterion{Criterion: strings.TrimSpace(c), Reason: strings.TrimSpace(r)})
		d.coveredLines = append(d.coveredLines, line)
	}
	sections, _, _ := dc.list(m, "sections", "pack")
	if len(sections) == 0 && emptyOrMissing(m, "sections") {
		line := top
		if e, has := m["sections"]; has {
			line = e.line
		}
		ps.add(line, "pack needs at least one section")
	}
	for _, sn := range sections {
		dc.section(sn)
	}
	return d
}

func (dc *decoder) section(n *node) {
	m := dc.fields(n, "section", sectionKeys())
	if m == nil {
		return
	}
	var s model.Section
	var line int
	s.ID, line = dc.str(m, "id", "section", n.line, true)
	s.Title, _ = dc.str(m, "title", "section", n.line, true)
	controls, _, _ := dc.list(m, "controls", "section")
	if len(controls) == 0 && emptyOrMissing(m, "controls") {
		dc.ps.add(line, "section %q needs at least one control", s.ID)
	}
	si := len(dc.d.pack.Sections)
	for _, cn := range controls {
		if c, ok := dc.control(cn, s.ID, si, len(s.Controls)); ok {
			s.Controls = append(s.Controls, c)
		}
	}
	dc.d.pack.Sections = append(dc.d.pack.Sections, s)
	dc.d.sectionLines = append(dc.d.sectionLines, line)
}

// emptyOrMissing reports whether a list field is absent, null or an empty
// list, as opposed to a value of the wrong shape (reported on its own).
func emptyOrMissing(m map[string]entry, key string) bool {
	e, ok := m[key]
	return !ok || e.val.kind == kindNull || e.val.kind == kindSeq
}
