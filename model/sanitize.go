package model

import "strings"

// CleanText removes terminal control and escape sequences (CSI, OSC, DCS and
// friends, and lone C0/C1 controls) from text that came from users or
// imported files, so it can never drive the terminal, and the bidi
// overrides that would make it read as something else. Newlines and tabs
// are kept; carriage returns are dropped.
func CleanText(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == 0x1b: // ESC: skip the whole sequence
			i = skipEscape(rs, i)
		case r == 0x9b: // C1 CSI
			i = skipCSI(rs, i+1)
		case r == 0x9d || r == 0x90 || r == 0x9e || r == 0x9f || r == 0x98: // C1 OSC/DCS/PM/APC/SOS
			i = skipString(rs, i+1)
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			// drop other controls
		case isBidiControl(r):
			// drop bidi embeddings, overrides and isolates
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CleanLine is CleanText for single-line fields: newlines and tabs become
// spaces.
func CleanLine(s string) string {
	s = CleanText(s)
	if strings.ContainsAny(s, "\n\t") {
		s = strings.NewReplacer("\n", " ", "\t", " ").Replace(s)
	}
	return s
}

func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || c >= 0x80 {
			return false
		}
	}
	return true
}

// skipEscape returns the index of the last rune of the escape sequence that
// starts at i (rs[i] == ESC).
func skipEscape(rs []rune, i int) int {
	if i+1 >= len(rs) {
		return i
	}
	switch rs[i+1] {
	case '[':
		return skipCSI(rs, i+2)
	case ']', 'P', '^', '_', 'X':
		return skipString(rs, i+2)
	}
	// two-character escape (or ESC + intermediate bytes + final)
	j := i + 1
	for j < len(rs) && rs[j] >= 0x20 && rs[j] <= 0x2f {
		j++
	}
	if j >= len(rs) {
		return len(rs) - 1
	}
	return j
}

// skipCSI skips parameter and intermediate bytes up to the final byte.
func skipCSI(rs []rune, j int) int {
	for j < len(rs) {
		if rs[j] >= 0x40 && rs[j] <= 0x7e {
			return j
		}
		if rs[j] < 0x20 || rs[j] > 0x3f && rs[j] < 0x40 {
			return j
		}
		j++
	}
	return len(rs) - 1
}

// skipString skips an OSC/DCS/APC/PM/SOS payload up to BEL or ST.
func skipString(rs []rune, j int) int {
	for j < len(rs) {
		switch {
		case rs[j] == 0x07 || rs[j] == 0x9c:
			return j
		case rs[j] == 0x1b && j+1 < len(rs) && rs[j+1] == '\\':
			return j + 1
		}
		j++
	}
	return len(rs) - 1
}

// isBidiControl reports the Unicode bidi embeddings, overrides and isolates
// (U+202A-U+202E, U+2066-U+2069): they reorder the text around them on
// screen, so "report\u202efdp.exe" reads "reportexe.pdf" (CVE-2021-42574,
// "Trojan Source"). The bidi marks (LRM, RLM, ALM) do not and stay.
func isBidiControl(r rune) bool { return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) }
