package export

import (
	"fmt"
	"html"
	"strings"
	"testing"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"auditwalk/model"
)

// parseMD parses Markdown the way GitHub reads it for structure: GFM
// tables and strikethrough on.
func parseMD(src []byte) ast.Node {
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))
	return md.Parser().Parse(text.NewReader(src))
}

func rawHTML(n ast.Node, src []byte) string {
	var b strings.Builder
	switch x := n.(type) {
	case *ast.RawHTML:
		for i := 0; i < x.Segments.Len(); i++ {
			s := x.Segments.At(i)
			b.Write(s.Value(src))
		}
	case *ast.HTMLBlock:
		for i := 0; i < x.Lines().Len(); i++ {
			s := x.Lines().At(i)
			b.Write(s.Value(src))
		}
	}
	return b.String()
}

// skeleton describes a document's structure: block nodes, table shapes,
// heading levels, list kinds and the inline nodes that carry markup
// (emphasis, links, code, HTML). Plain text, line breaks and the <br> we
// put in table cells are left out, and runs of paragraphs count as one
// (user text may hold several paragraphs). Two documents that differ only
// in escaped text have the same skeleton.
func skeleton(t testing.TB, src []byte) string {
	t.Helper()
	var out []string
	err := ast.Walk(parseMD(src), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		tok := ""
		switch x := n.(type) {
		case *ast.Text, *ast.String, *ast.Document:
		case *ast.RawHTML:
			if h := rawHTML(x, src); h != "<br>" {
				tok = "RawHTML(" + h + ")"
			}
		case *ast.HTMLBlock:
			tok = "HTMLBlock(" + rawHTML(x, src) + ")"
		case *ast.Heading:
			tok = fmt.Sprintf("Heading%d", x.Level)
		case *ast.List:
			tok = fmt.Sprintf("List(ordered=%v,items=%d)", x.IsOrdered(), x.ChildCount())
		case *east.Table:
			var rows []string
			for r := x.FirstChild(); r != nil; r = r.NextSibling() {
				rows = append(rows, fmt.Sprint(r.ChildCount()))
			}
			tok = "Table(" + strings.Join(rows, ",") + ")"
		case *east.TableHeader, *east.TableRow, *east.TableCell:
		case *ast.Paragraph:
			tok = "Paragraph"
			if len(out) > 0 && out[len(out)-1] == tok {
				tok = ""
			}
		default:
			tok = n.Kind().String()
		}
		if tok != "" {
			out = append(out, tok)
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(out, "\n")
}

// forbidUserHTML fails if a document holds any HTML node other than the
// <br> line breaks the exporter writes into table cells.
func forbidUserHTML(t testing.TB, name string, src []byte) {
	t.Helper()
	_ = ast.Walk(parseMD(src), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.RawHTML, *ast.HTMLBlock:
			if h := rawHTML(n, src); h != "<br>" {
				t.Errorf("%s: raw HTML %q reached the document", name, h)
			}
		}
		return ast.WalkContinue, nil
	})
}

func TestHostileTextInEveryFieldKeepsEveryDocumentsStructure(t *testing.T) {
	plain, err := Render(fixtureBundle(identity))
	if err != nil {
		t.Fatal(err)
	}
	evil, err := Render(fixtureBundle(hostile))
	if err != nil {
		t.Fatal(err)
	}
	for i := range plain {
		want, got := skeleton(t, plain[i].Content), skeleton(t, evil[i].Content)
		if want != got {
			t.Errorf("%s: hostile text changed the structure\nwant:\n%s\n\ngot:\n%s", plain[i].Name, want, got)
		}
		forbidUserHTML(t, evil[i].Name, evil[i].Content)
		if strings.Contains(string(evil[i].Content), "\x1b") {
			t.Errorf("%s: a terminal escape reached the document", evil[i].Name)
		}
	}
}

func TestEscapedTextShowsAsTyped(t *testing.T) {
	// Rendered to HTML, escaped text reads back as the characters typed.
	cases := map[string]string{
		"a | b":                 "a | b",
		"<script>x</script>":    "&lt;script&gt;x&lt;/script&gt;",
		"*not em* _nor_ `code`": "*not em* _nor_ `code`",
		"# not a heading":       "# not a heading",
		"1. not a list":         "1. not a list",
		"R&D \\ done":           "R&amp;D \\ done",
		"~~no strike~~ $5 $x$":  "~~no strike~~ $5 $x$",
	}
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))
	for in, want := range cases {
		var b strings.Builder
		if err := md.Convert([]byte(Block(in)), &b); err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(b.String()); got != "<p>"+want+"</p>" {
			t.Errorf("Block(%q) renders %q, want <p>%s</p>", in, got, want)
		}
	}
}

func TestCellKeepsItsColumnsAndTurnsNewlinesIntoBreaks(t *testing.T) {
	if got := Cell("a|b\nc"); got != `a\|b <br> c` {
		t.Errorf("Cell = %q", got)
	}
	if got := Cell("  "); got != "–" {
		t.Errorf("blank Cell = %q, want an en dash", got)
	}
	if got := CodeCell("x|y"); got != "`x\\|y`" {
		t.Errorf("CodeCell = %q", got)
	}
	if got := Code("a ``b`` c"); got != "```a ``b`` c```" {
		t.Errorf("Code = %q", got)
	}
	if got := Inline("\x1b[31m- red\x1b[0m"); got != `\- red` {
		t.Errorf("Inline = %q", got)
	}
}

func TestSlugMatchesGitHubAnchors(t *testing.T) {
	for in, want := range map[string]string{
		"Readiness by Trust Services Category": "readiness-by-trust-services-category",
		"EX-12 Shadow AI: Copy | helper":       "ex-12-shadow-ai-copy--helper",
		"GOV-01 — AI governance policy":        "gov-01--ai-governance-policy",
		"Größe & Café 2.0":                     "größe--café-20",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
	d := newDoc("T", 2)
	if a, b := d.h(2, "Same"), d.h(2, "Same"); a != "same" || b != "same-1" {
		t.Errorf("repeated headings got %q and %q, want same and same-1", a, b)
	}
}

func TestContentsLinksPointAtHeadings(t *testing.T) {
	docs, err := Render(fixtureBundle(hostile))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		src := d.Content
		anchors := map[string]bool{}
		seen := &mdDoc{seen: map[string]int{}}
		var links []string
		_ = ast.Walk(parseMD(src), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch x := n.(type) {
			case *ast.Heading:
				anchors[seen.slug(plainText(x, src))] = true
			case *ast.Link:
				if dest := string(x.Destination); strings.HasPrefix(dest, "#") {
					links = append(links, dest[1:])
				}
			}
			return ast.WalkContinue, nil
		})
		for _, l := range links {
			if !anchors[l] {
				t.Errorf("%s: link #%s has no heading", d.Name, l)
			}
		}
	}
}

// plainText is a heading's text as a browser shows it: text segments with
// backslash escapes and entities resolved.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(src))
		}
		return ast.WalkContinue, nil
	})
	var out strings.Builder
	s := b.String()
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		out.WriteByte(s[i])
	}
	return html.UnescapeString(out.String())
}

// escapeHarness puts s through every escaping function in the places they
// are used, around fixed text whose position proves the structure held.
func escapeHarness(s string) []byte {
	return []byte("# " + Heading(s) + "\n\n" +
		"- " + Inline(s) + "\n- second\n\n" +
		"see " + link(s, "#x") + " and " + Code(s) + "\n\n" +
		"| a | b | c |\n| --- | --- | --- |\n| x | " + Cell(s) + " | z |\n| x | " + CodeCell(s) + " | z |\n\n" +
		orDash(Block(s)) + "\n\nend\n")
}

// FuzzMarkdownEscape checks that escaped text never changes a document's
// structure: the harness has the same skeleton as with plain text, the
// table keeps its fixed cells, and no HTML gets through.
func FuzzMarkdownEscape(f *testing.F) {
	for _, s := range []string{"x", "a|b", "```", "~~~\ncode", "<script>alert(1)</script>", "# h", "> q", "- l", "1. x", "1) x",
		"    code", "---", "===", "a\n\nb", "[x]: http://y", "<div>\n", "\\", "`", "x\\", "***", "| a |\n|---|", "&lt;b&gt;", "\x1b[2J"} {
		f.Add(s)
	}
	want := skeleton(f, escapeHarness("x"))
	f.Fuzz(func(t *testing.T, s string) {
		if strings.TrimSpace(model.CleanText(s)) == "" {
			t.Skip("blank text renders as a dash")
		}
		src := escapeHarness(s)
		if got := skeleton(t, src); got != want {
			t.Fatalf("structure changed for %q\nsource:\n%s\nwant:\n%s\ngot:\n%s", s, src, want, got)
		}
		forbidUserHTML(t, "harness", src)
		checkFixedCells(t, src)
	})
}

// checkFixedCells requires the harness table's first and last cells to be
// the fixed x and z: a pipe that got through would shift them.
func checkFixedCells(t *testing.T, src []byte) {
	t.Helper()
	_ = ast.Walk(parseMD(src), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		row, ok := n.(*east.TableRow)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		first, last := row.FirstChild(), row.LastChild()
		if got := plainText(first, src); got != "x" {
			t.Errorf("first cell = %q, want x\n%s", got, src)
		}
		if got := plainText(last, src); got != "z" {
			t.Errorf("last cell = %q, want z\n%s", got, src)
		}
		return ast.WalkSkipChildren, nil
	})
}

// escapeInlineByRune is escapeInlineTo as it was first written, rune by
// rune: the run-copying version must write exactly the same.
func escapeInlineByRune(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '|', '#', '!':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '~':
			b.WriteString("&#126;")
		case '$':
			b.WriteString("&#36;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// FuzzInlineEscapeMatchesRuneByRuneEscaping pins the fast paths of the
// escapers (runs copied whole, text needing no escape returned as it is)
// to the plain rune-by-rune escape, invalid UTF-8 included.
func FuzzInlineEscapeMatchesRuneByRuneEscaping(f *testing.F) {
	for _, s := range []string{"", "plain words", "a|b*c_d", "Control — Organisation · 12", "caf\xe9 \xff", "x\\y`z~$<>&!#[]",
		"é|", "\xe2\x80", "日本語 | テキスト"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		escapeInlineTo(&b, s)
		want := escapeInlineByRune(s)
		if got := b.String(); got != want {
			t.Fatalf("escapeInlineTo(%q) = %q, want %q", s, got, want)
		}
		if got := escapeInline(s); got != want {
			t.Fatalf("escapeInline(%q) = %q, want %q", s, got, want)
		}
	})
}

// slugByStringsToLower is Slug's first version: lower the whole text, then
// keep letters, marks, numbers, "-" and "_".
func slugByStringsToLower(text string) string {
	text = strings.ToLower(strings.TrimSpace(text))
	var b strings.Builder
	for _, r := range text {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_':
			b.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// FuzzSlugMatchesLoweringTheWholeText pins slugClean's ASCII shortcut and
// per-rune lowering to lowering the whole text first.
func FuzzSlugMatchesLoweringTheWholeText(f *testing.F) {
	for _, s := range []string{"GOV-01 · Organisation", "  Ünïcode  Héading ", "KELVIN \u212a İstanbul", "a_b-c d!e", "caf\xe9", "x\u0301y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := slugClean(s), slugByStringsToLower(s); got != want {
			t.Fatalf("slugClean(%q) = %q, want %q", s, got, want)
		}
	})
}
