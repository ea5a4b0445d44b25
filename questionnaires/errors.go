package questionnaires

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Problem is one validation finding at a line of a pack file.
type Problem struct {
	File string
	// Line is 1-based; 0 when the problem concerns the whole file.
	Line int
	Msg  string
}

// String renders the problem as "file:line: message".
func (p Problem) String() string {
	if p.Line <= 0 {
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
}

// ValidationError lists every problem found in one pack file, sorted by
// line. Its Error method stays on one line; use Lines for the full list.
type ValidationError struct {
	Problems []Problem
}

// Error returns the first problem and how many more there are.
func (e *ValidationError) Error() string {
	if len(e.Problems) == 0 {
		return "invalid pack"
	}
	s := e.Problems[0].String()
	if n := len(e.Problems) - 1; n > 0 {
		s += fmt.Sprintf(" (and %d more)", n)
	}
	return s
}

// Lines returns every problem as "file:line: message".
func (e *ValidationError) Lines() []string {
	out := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p.String()
	}
	return out
}

// problems collects findings while a pack is decoded and validated.
type problems struct {
	file string
	list []Problem
}

func (ps *problems) add(line int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	// Messages must stay on one line whatever a pack author wrote.
	msg = strings.Join(strings.Fields(msg), " ")
	ps.list = append(ps.list, Problem{File: ps.file, Line: line, Msg: msg})
}

// err returns nil when nothing was found, else a *ValidationError with the
// problems sorted by line (stable, so findings on one line keep their order).
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	list := slices.Clone(ps.list)
	slices.SortStableFunc(list, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
	list = slices.Compact(list)
	return &ValidationError{Problems: list}
}
