package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
)

// diffOp is one run of words in a word diff: kept, removed (only in the
// generated text) or added (only in the edited text).
type diffOp struct {
	kind  byte // ' ', '-', '+'
	words []string
}

// maxDiffWords bounds the word diff: the LCS table is words², so past this
// the texts are shown whole instead.
const maxDiffWords = 3000

// diffContext is how many unchanged words are kept around a change.
const diffContext = 8

// wordDiff compares a and b word by word (longest common subsequence). ok is
// false when either text is too long to diff.
func wordDiff(a, b string) (ops []diffOp, ok bool) {
	x, y := strings.Fields(a), strings.Fields(b)
	if len(x) > maxDiffWords || len(y) > maxDiffWords {
		return nil, false
	}
	// lcs[i][j] is the LCS length of x[i:] and y[j:].
	lcs := make([][]int32, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	add := func(kind byte, w string) {
		if n := len(ops); n > 0 && ops[n-1].kind == kind {
			ops[n-1].words = append(ops[n-1].words, w)
			return
		}
		ops = append(ops, diffOp{kind: kind, words: []string{w}})
	}
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			add(' ', x[i])
			i, j = i+1, j+1
		case i < len(x) && (j == len(y) || lcs[i+1][j] >= lcs[i][j+1]):
			add('-', x[i]) // removals first, then what replaced them
			i++
		default:
			add('+', y[j])
			j++
		}
	}
	return ops, true
}

// diffStats counts the words removed and added.
func diffStats(ops []diffOp) (removed, added int) {
	for _, o := range ops {
		switch o.kind {
		case '-':
			removed += len(o.words)
		case '+':
			added += len(o.words)
		}
	}
	return removed, added
}

// renderDiff writes ops as prose: removed words as [-…-], added as {+…+}
// (so the change reads without colour too), coloured when colour is on.
// Unchanged runs longer than 2×context words are cut to their ends, "…"
// in between, so the changes stand out in a long narrative.
func renderDiff(ops []diffOp, context int, del, ins lipgloss.Style) string {
	parts := make([]string, 0, len(ops))
	for i, o := range ops {
		text := strings.Join(o.words, " ")
		if o.kind == ' ' && len(o.words) > 2*context {
			head, tail := o.words[:context], o.words[len(o.words)-context:]
			switch {
			case i == 0:
				text = "… " + strings.Join(tail, " ")
			case i == len(ops)-1:
				text = strings.Join(head, " ") + " …"
			default:
				text = strings.Join(head, " ") + " … " + strings.Join(tail, " ")
			}
		}
		switch o.kind {
		case '-':
			parts = append(parts, del.Render("[-"+text+"-]"))
		case '+':
			parts = append(parts, ins.Render("{+"+text+"+}"))
		default:
			parts = append(parts, text)
		}
	}
	return strings.Join(parts, " ")
}
