package ingest

import (
	"fmt"
	"slices"
	"strings"

	"auditwalk/model"
)

// fieldSet marks which fields of a row the file actually stated. Blank cells
// and absent columns are not stated: they never overwrite a stored value.
type fieldSet uint64

func (s fieldSet) has(i int) bool { return s&(1<<uint(i)) != 0 }
func (s *fieldSet) add(i int)     { *s |= 1 << uint(i) }

// fieldSpec describes one importable field of T: how columns are named, how
// a cell is parsed into T, and how the field is compared and copied when a
// plan merges rows or updates stored records.
type fieldSpec[T any] struct {
	key   string   // name in diffs: "approval"
	label string   // canonical column name: "Approval status"
	names []string // header synonyms (compared with normKey)
	// parse stores the cleaned, non-blank cell v into dst. Its error text
	// follows the quoted value: `"maybe" <err>`.
	parse func(v string, dst *T) error
	// get renders the field for comparison and display.
	get func(*T) string
	// copy sets the field of dst from src.
	copy func(dst, src *T)
}

// schema is what a reader and planner need to know about a record kind.
type schema[T any] struct {
	kind     string   // "inventory" or "vendors"
	noun     string   // "system" or "vendor"
	hint     string   // examples of the name column, for messages
	jsonKeys []string // accepted wrapper keys: {"systems": [...]}
	fields   []fieldSpec[T]
	name     int // index of the required name field
	// notes returns the field that unknown columns are appended to.
	notes func(*T) *string
}

// lookup maps every normalised header synonym to its field index. It is
// built per read (no package state).
func (sc *schema[T]) lookup() map[string]int {
	m := make(map[string]int)
	for i, f := range sc.fields {
		for _, n := range append([]string{f.key, f.label}, f.names...) {
			if _, dup := m[normKey(n)]; !dup {
				m[normKey(n)] = i
			}
		}
	}
	return m
}

// match returns the field a header cell names, or -1.
func matchHeader(lk map[string]int, h string) int {
	for _, k := range headerKeys(h) {
		if i, ok := lk[k]; ok {
			return i
		}
	}
	return -1
}

// textField is a free-text field; single-line fields have newlines folded.
func textField[T any](key, label string, names []string, multiline bool, ptr func(*T) *string) fieldSpec[T] {
	return fieldSpec[T]{
		key: key, label: label, names: names,
		parse: func(v string, dst *T) error {
			if multiline {
				*ptr(dst) = model.CleanText(v)
			} else {
				*ptr(dst) = strings.Join(strings.Fields(model.CleanLine(v)), " ")
			}
			return nil
		},
		get:  func(t *T) string { return *ptr(t) },
		copy: func(dst, src *T) { *ptr(dst) = *ptr(src) },
	}
}

// listField is a list cell split on any of seps.
func listField[T any](key, label string, names []string, seps string, ptr func(*T) *[]string) fieldSpec[T] {
	return fieldSpec[T]{
		key: key, label: label, names: names,
		parse: func(v string, dst *T) error {
			items := splitList(model.CleanText(v), seps)
			for i, it := range items {
				items[i] = strings.Join(strings.Fields(it), " ")
			}
			*ptr(dst) = items
			return nil
		},
		get:  func(t *T) string { return strings.Join(*ptr(t), "; ") },
		copy: func(dst, src *T) { *ptr(dst) = slices.Clone(*ptr(src)) },
	}
}

// boolField is a yes/no cell.
func boolField[T any](key, label string, names []string, ptr func(*T) *bool) fieldSpec[T] {
	return fieldSpec[T]{
		key: key, label: label, names: names,
		parse: func(v string, dst *T) error {
			b, ok := parseBool(v)
			if !ok {
				return fmt.Errorf("is not yes or no")
			}
			*ptr(dst) = b
			return nil
		},
		get:  func(t *T) string { return yesNo(*ptr(t)) },
		copy: func(dst, src *T) { *ptr(dst) = *ptr(src) },
	}
}

// enumField is a cell that must name one of allowed, through synonyms.
func enumField[T any, E ~string](key, label string, names []string, syn map[string]E, allowed []E, ptr func(*T) *E) fieldSpec[T] {
	return fieldSpec[T]{
		key: key, label: label, names: names,
		parse: func(v string, dst *T) error {
			e, ok := lookupEnum(v, syn, allowed)
			if !ok {
				return fmt.Errorf("is not one of %s", joinEnum(allowed))
			}
			*ptr(dst) = e
			return nil
		},
		get:  func(t *T) string { return string(*ptr(t)) },
		copy: func(dst, src *T) { *ptr(dst) = *ptr(src) },
	}
}

// dateField is a date typed any common way.
func dateField[T any](key, label string, names []string, ptr func(*T) *model.Date) fieldSpec[T] {
	return fieldSpec[T]{
		key: key, label: label, names: names,
		parse: func(v string, dst *T) error {
			switch normKey(v) {
			case "none", "n a", "na", "no", "":
				*ptr(dst) = ""
				return nil
			}
			d, err := model.ParseDate(v)
			if err != nil {
				return fmt.Errorf("is not a date (use YYYY-MM-DD)")
			}
			*ptr(dst) = d
			return nil
		},
		get:  func(t *T) string { return string(*ptr(t)) },
		copy: func(dst, src *T) { *ptr(dst) = *ptr(src) },
	}
}

// lookupEnum resolves v through the synonyms and the canonical values.
func lookupEnum[E ~string](v string, syn map[string]E, allowed []E) (E, bool) {
	k := normKey(v)
	if e, ok := syn[k]; ok {
		return e, true
	}
	for _, a := range allowed {
		if k == normKey(string(a)) {
			return a, true
		}
	}
	return "", false
}

func joinEnum[E ~string](allowed []E) string {
	s := make([]string, len(allowed))
	for i, a := range allowed {
		s[i] = string(a)
	}
	return strings.Join(s, ", ")
}

// parseBool reads the ways people write yes and no in a spreadsheet. A blank
// cell never reaches it (blank means "not stated", which is false for a new
// record).
func parseBool(v string) (bool, bool) {
	switch strings.TrimSpace(v) {
	case "✓", "✔", "☑", "✅", "x", "X":
		return true, true
	case "✗", "✘", "☐", "❌", "-", "–", "—":
		return false, true
	}
	switch normKey(v) {
	case "y", "yes", "true", "t", "1", "on", "checked", "ja", "oui", "si":
		return true, true
	case "n", "no", "false", "f", "0", "off", "unchecked", "none", "nein", "non", "":
		return false, true
	}
	return false, false
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
