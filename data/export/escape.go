package export

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"auditwalk/model"
)

// The functions in this file are the only way user text enters a Markdown
// document. Each one first strips terminal escapes (model.CleanText) and
// then escapes for the place the text lands, so that text shows exactly as
// it was typed and can never open, close or restructure a block: a pipe
// cannot add a table column, a backtick fence cannot start a code block,
// "<script>" is shown, not parsed as HTML, and a leading "#", ">", "-" or
// "1." stays a character instead of becoming a heading, quote or list.

// escapeInlineTo writes s with every character that Markdown could read as
// inline syntax backslash-escaped (or entity-encoded for < > &). Newlines
// must already be handled by the caller. Runs of characters that need no
// escape are copied whole; invalid UTF-8 becomes U+FFFD, as ranging over
// the string would make it.
func escapeInlineTo(b *strings.Builder, s string) {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b.WriteString(s[start:i])
				b.WriteRune(r)
				start = i + 1
			}
			i += size
			continue
		}
		if rep := inlineEscape(c); rep != "" {
			b.WriteString(s[start:i])
			b.WriteString(rep)
			start = i + 1
		}
		i++
	}
	b.WriteString(s[start:])
}

// inlineEscape is what escapeInlineTo writes for an ASCII character, or ""
// when it stays as it is.
func inlineEscape(c byte) string {
	// The punctuation that can start or delimit inline or block syntax
	// anywhere in a line is backslash-escaped: backslash escapes are
	// defined for every ASCII punctuation character and render as the
	// character itself everywhere. Others (. : - + = ...) only matter at
	// the start of a line and are handled by escapeLineStart. Entities
	// rather than backslashes for ~ and $: glamour shows "\~" and "\$"
	// literally, GitHub reads "~~" as strikethrough and "$...$" as maths;
	// both decode the entity to the character.
	switch c {
	case '\\':
		return `\\`
	case '`':
		return "\\`"
	case '*':
		return `\*`
	case '_':
		return `\_`
	case '[':
		return `\[`
	case ']':
		return `\]`
	case '|':
		return `\|`
	case '#':
		return `\#`
	case '!':
		return `\!`
	case '~':
		return "&#126;"
	case '$':
		return "&#36;"
	case '<':
		return "&lt;"
	case '>':
		return "&gt;"
	case '&':
		return "&amp;"
	}
	return ""
}

// escapeInline is escapeInlineTo into a new string; text that needs no
// escape (most of it) is returned as it is, without a copy.
func escapeInline(s string) string {
	if !needsInlineEscape(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	escapeInlineTo(&b, s)
	return b.String()
}

// needsInlineEscape reports whether escapeInlineTo would change s.
func needsInlineEscape(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf {
			ascii = false
		} else if inlineEscape(c) != "" {
			return true
		}
	}
	return !ascii && !utf8.ValidString(s)
}

// Inline escapes single-line user text for running prose, a list item or
// emphasis: newlines and tabs become spaces, surrounding space is trimmed.
func Inline(s string) string { return inlineClean(model.CleanLine(s)) }

// inlineClean is Inline for text CleanLine has already cleaned.
func inlineClean(s string) string { return escapeLineStart(escapeInline(strings.TrimSpace(s))) }

// Heading escapes user text for a heading: one line, no trailing "#"
// sequence that could be read as a closing marker.
func Heading(s string) string { return Inline(s) }

// LinkText escapes user text for the text of a link: brackets cannot
// close the link early.
func LinkText(s string) string { return Inline(s) }

// Cell escapes user text for a table cell: pipes are escaped, newlines
// become <br> (the one line break a GFM table cell can hold) and an empty
// value becomes an en dash so that every row keeps its columns visible.
func Cell(s string) string {
	s = strings.TrimSpace(model.CleanText(s))
	if s == "" {
		return "–"
	}
	if !strings.ContainsAny(s, "\n\t") {
		return escapeInline(s) // one line, already trimmed
	}
	lines := strings.Split(strings.ReplaceAll(s, "\t", " "), "\n")
	var b strings.Builder
	b.Grow(len(s) + 8)
	first := true
	for _, ln := range lines {
		ln = strings.TrimSpace(ln)
		if ln == "" {
			continue
		}
		if !first {
			// Spaces around the break keep words apart in renderers that
			// drop HTML (glamour); browsers collapse them.
			b.WriteString(" <br> ")
		}
		first = false
		escapeInlineTo(&b, ln)
	}
	return b.String()
}

// Code renders user text as an inline code span that cannot be closed early:
// the fence is one backtick longer than the longest run inside. For use
// outside tables (see CodeCell).
func Code(s string) string {
	s = strings.TrimSpace(model.CleanLine(s))
	if s == "" {
		return "–"
	}
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	// Code spans show < > & literally in CommonMark; no entity escaping.
	return fence + pad + s + pad + fence
}

// CodeCell is Code for a table cell: GFM splits cells on pipes even inside
// code spans, so they are escaped there (GFM renders "\|" in a code span
// inside a table as "|").
func CodeCell(s string) string {
	c := Code(s)
	if c == "–" {
		return c
	}
	return strings.ReplaceAll(c, "|", `\|`)
}

func longestRun(s string, c byte) int {
	best, cur := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			cur++
			best = max(best, cur)
		} else {
			cur = 0
		}
	}
	return best
}

// Block escapes multi-line user text (notes, narratives, details) as one or
// more paragraphs. Blank lines separate paragraphs; single newlines become
// hard line breaks. Leading indentation is dropped (it would make an
// indented code block) and every line start is escaped, so the text can
// never form a heading, list, quote, fence, table or HTML block.
func Block(s string) string {
	s = strings.TrimSpace(model.CleanText(s))
	if s == "" {
		return ""
	}
	if !strings.ContainsAny(s, "\n\t") {
		return escapeLineStart(escapeInline(s)) // one line, already trimmed
	}
	var paras [][]string
	var cur []string
	for _, ln := range strings.Split(strings.ReplaceAll(s, "\t", " "), "\n") {
		ln = strings.TrimSpace(ln)
		if ln == "" {
			if len(cur) > 0 {
				paras = append(paras, cur)
				cur = nil
			}
			continue
		}
		esc := escapeLineStart(escapeInline(ln))
		if strings.HasSuffix(ln, "\\") {
			// An escaped backslash right before the hard break ("\\\\" then
			// "\\\n") is read by goldmark as a break plus a stray escape
			// that turns later asterisks into emphasis (found by
			// FuzzMarkdownEscape); the entity cannot pair with anything.
			esc = strings.TrimSuffix(esc, "\\\\") + "&#92;"
		}
		cur = append(cur, esc)
	}
	if len(cur) > 0 {
		paras = append(paras, cur)
	}
	out := make([]string, len(paras))
	for i, p := range paras {
		// A trailing backslash is CommonMark's hard line break; it keeps
		// the writer's line breaks without relying on trailing spaces.
		out[i] = strings.Join(p, "\\\n")
	}
	return strings.Join(out, "\n\n")
}

// escapeLineStart escapes what could make an already inline-escaped line
// start a block: list bullets (- + *), ordered list numbers ("1." "1)"),
// setext underlines (= -), thematic breaks and block quotes (> is already
// &gt;). Headings (#) and fences (` ~) are escaped by escapeInlineTo.
func escapeLineStart(s string) string {
	if s == "" {
		return s
	}
	r, _ := utf8.DecodeRuneInString(s)
	switch r {
	case '-', '+', '=', '*', ':':
		return `\` + s
	}
	if unicode.IsDigit(r) {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i < len(s) && (s[i] == '.' || s[i] == ')') {
			return s[:i] + `\` + s[i:]
		}
	}
	return s
}

// Slug computes the anchor GitHub gives a heading (github-slugger): lower
// case, letters, marks, numbers, "-" and "_" kept, spaces turned into "-",
// everything else dropped. Text is the heading's plain text (before
// escaping). Renderers that compute anchors differently still show the
// document correctly; only in-page links depend on this.
func Slug(text string) string { return slugClean(model.CleanLine(text)) }

// slugClean is Slug for text CleanLine has already cleaned. ASCII, most of
// every heading, is lowered and classified without the unicode tables.
func slugClean(text string) string {
	text = strings.TrimSpace(text)
	b := make([]byte, 0, len(text))
	for _, r := range text {
		switch {
		case r == ' ':
			b = append(b, '-')
		case r == '-' || r == '_':
			b = append(b, byte(r))
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
				b = append(b, byte(r))
			}
		default:
			if r = unicode.ToLower(r); unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) {
				b = utf8.AppendRune(b, r)
			}
		}
	}
	return string(b)
}
