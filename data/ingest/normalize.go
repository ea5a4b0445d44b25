package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// normKey folds a header or an enum value to a comparable key: lower case,
// apostrophes and brackets dropped ("Model(s)" → "models"), every other run
// of punctuation or space turned into one space ("Customer-facing?" →
// "customer facing").
func normKey(s string) string {
	if isNormal(s) {
		return s // most cells are already plain lower-case words: no allocation
	}
	var b strings.Builder
	b.Grow(len(s))
	gap := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if gap && b.Len() > 0 {
				b.WriteByte(' ')
			}
			gap = false
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’' || r == '(' || r == ')' || r == '[' || r == ']':
			// dropped without a gap so "model(s)" reads as "models"
		default:
			gap = true
		}
	}
	return b.String()
}

// isNormal reports whether normKey(s) == s: lower-case ASCII letters and
// digits in words separated by single spaces.
func isNormal(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
		case c == ' ' && i > 0 && i < len(s)-1 && s[i-1] != ' ':
		default:
			return false
		}
	}
	return true
}

// headerKeys returns the keys a header cell may match, most specific first:
// the whole text, then without bracketed hints ("Owner (email)" → "owner")
// and without a trailing answer hint ("Customer facing Y/N" → "customer
// facing").
func headerKeys(h string) []string {
	keys := []string{normKey(h)}
	if i := strings.IndexAny(h, "(["); i > 0 {
		keys = append(keys, normKey(h[:i]))
	}
	for _, suffix := range []string{" y n", " yes no", " 1 5", " 1 to 5", " yyyy mm dd", " date"} {
		if k, ok := strings.CutSuffix(keys[0], suffix); ok && k != "" {
			keys = append(keys, k)
		}
	}
	return keys
}

// splitList splits a list cell on any of seps, trims the items and drops
// empty ones and repeats (first spelling wins).
func splitList(v, seps string) []string {
	parts := strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune(seps, r) })
	out := make([]string, 0, len(parts))
	seen := make(map[string]bool, len(parts))
	for _, p := range parts {
		p = strings.TrimSpace(p)
		k := strings.ToLower(p)
		if p == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, p)
	}
	return out
}

// short quotes-safe truncates a value for messages.
func short(v string) string {
	const limit = 60
	if utf8.RuneCountInString(v) <= limit {
		return v
	}
	r := []rune(v)
	return string(r[:limit-1]) + "…"
}

// badByte returns the offset of the first byte that makes b not text (a NUL
// or a control other than tab, newline, carriage return, form feed, and the
// ESC and BEL of terminal sequences, which text may carry and CleanText
// strips) and whether it found one. Invalid UTF-8 is reported by badUTF8.
func badByte(b []byte) (int, bool) {
	for i, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b && c != 0x07 {
			return i, true
		}
	}
	return 0, false
}

// badUTF8 returns the offset of the first invalid UTF-8 sequence in b; a
// sequence cut off by the end of b is not counted when truncated is true
// (b is a prefix of a longer stream).
func badUTF8(b []byte, truncated bool) (int, bool) {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			if truncated && len(b)-i < utf8.UTFMax && !utf8.FullRune(b[i:]) {
				return 0, false
			}
			return i, true
		}
		i += size
	}
	return 0, false
}
