package ingest

import "fmt"

// Issue is a problem (or a warning) about an imported file. Line is the line
// in the file where the offending row starts; 0 means the file as a whole.
type Issue struct {
	File string
	Line int
	Msg  string
}

// String renders the issue as "file:line: message" (or "file: message").
func (i Issue) String() string {
	if i.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", i.File, i.Line, i.Msg)
	}
	return i.File + ": " + i.Msg
}

// maxIssues bounds how many errors or warnings one read keeps, so a large
// file of garbage cannot exhaust memory or bury the terminal; the rest are
// counted and summarised in a final issue.
const maxIssues = 1000

// issues collects Issues up to maxIssues and counts the overflow.
type issues struct {
	file    string
	items   []Issue
	dropped int
}

func (l *issues) add(line int, format string, args ...any) {
	if len(l.items) >= maxIssues {
		l.dropped++
		return
	}
	l.items = append(l.items, Issue{File: l.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// list returns the issues, with a trailing summary when some were dropped.
func (l *issues) list(noun string) []Issue {
	if l.dropped == 0 {
		return l.items
	}
	return append(l.items, Issue{File: l.file, Msg: fmt.Sprintf("%d more %s not shown", l.dropped, noun)})
}
