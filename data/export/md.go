package export

import (
	"hash/maphash"
	"io"
	"strconv"
	"strings"

	"auditwalk/model"
)

// mdDoc builds one Markdown document: a title, a short preamble, a table of
// contents and a body. Headings get GitHub-compatible anchors computed here
// (with GitHub's "-1", "-2" suffixes for repeats), so the contents links
// work on GitHub and the anchors are the same on every export.
//
// A large document is rendered twice instead of being held in memory (see
// writeStreamed): first as an outline, which records only its headings
// (renderers skip everything else), then straight to the file, taking its
// contents and anchors from the outline.
type mdDoc struct {
	title    string
	pre      strings.Builder
	body     chunkBuf
	seen     map[string]int
	toc      []heading // headings down to tocDepth (not kept when outlining)
	tocDepth int
	// outline is set while outlining: heads records every heading and
	// nothing else is kept.
	outline bool
	heads   []heading
	seed    maphash.Seed
	// stream is set while streaming: the body goes there, and headings
	// come from the outline from (next is the next one due).
	stream *bodyStream
	from   *mdDoc
	next   int
	err    error
}

// newDoc starts a document. Headings down to tocDepth (2 or 3) are listed
// in the contents.
func newDoc(title string, tocDepth int) *mdDoc { return newDocSized(title, tocDepth, 0) }

// newDocSized is newDoc for a document of about headings headings, so the
// anchor map is not regrown over and over on the way.
func newDocSized(title string, tocDepth, headings int) *mdDoc {
	d := &mdDoc{title: title, seen: make(map[string]int, headings+2), tocDepth: tocDepth}
	d.slug(title)
	d.slug("Contents")
	return d
}

// slug registers a heading's text and returns its unique anchor, exactly
// as github-slugger assigns them in document order.
func (d *mdDoc) slug(text string) string { return d.slugClean(model.CleanLine(text)) }

// slugClean is slug for text CleanLine has already cleaned.
func (d *mdDoc) slugClean(text string) string {
	base := slugClean(text)
	s := base
	for {
		if _, taken := d.seen[s]; !taken {
			break
		}
		d.seen[base]++
		s = base + "-" + strconv.Itoa(d.seen[base])
	}
	d.seen[s] = 0
	return s
}

// preamble adds a raw Markdown paragraph between the title and the
// contents. Callers escape user text.
func (d *mdDoc) preamble(md string) {
	d.pre.WriteString(md)
	d.pre.WriteString("\n\n")
}

// h writes a heading (level 2..4) whose plain text may contain user text
// and returns its anchor.
func (d *mdDoc) h(level int, plain string) string {
	if d.stream != nil {
		return d.streamHeading(level, plain)
	}
	// Cleaned once for the anchor, the heading and the contents entry
	// (Heading and LinkText are both Inline).
	clean := model.CleanLine(plain)
	s := d.slugClean(clean)
	text := inlineClean(clean)
	if d.outline {
		d.heads = append(d.heads, heading{level: level, key: maphash.String(d.seed, plain), text: text, slug: s})
		return s
	}
	if level <= d.tocDepth {
		d.toc = append(d.toc, heading{level: level, text: text, slug: s})
	}
	d.writeHeading(level, text)
	return s
}

func (d *mdDoc) writeHeading(level int, text string) {
	d.write(strings.Repeat("#", level))
	d.writeByte(' ')
	d.write(text)
	d.write("\n\n")
}

// write adds body text: to the file when streaming, nowhere when
// outlining, else to the in-memory body.
func (d *mdDoc) write(s string) {
	switch {
	case d.stream != nil:
		d.stream.writeString(s)
	case !d.outline:
		d.body.writeString(s)
	}
}

func (d *mdDoc) writeByte(b byte) {
	switch {
	case d.stream != nil:
		d.stream.writeByte(b)
	case !d.outline:
		d.body.writeByte(b)
	}
}

// p writes a paragraph of already escaped Markdown.
func (d *mdDoc) p(md string) {
	if md == "" {
		return
	}
	d.write(md)
	d.write("\n\n")
}

// list writes a bullet list of already escaped items.
func (d *mdDoc) list(items []string) {
	if len(items) == 0 {
		return
	}
	for _, it := range items {
		d.write("- ")
		d.write(it)
		d.writeByte('\n')
	}
	d.writeByte('\n')
}

// table writes a GFM table. Header and cells are already escaped (Cell,
// CodeCell or fixed text); a row shorter than the header is padded.
func (d *mdDoc) table(header []string, rows [][]string) {
	writeRow := func(cells []string) {
		d.write("|")
		for i := range header {
			c := "–"
			if i < len(cells) && cells[i] != "" {
				c = cells[i]
			}
			d.writeByte(' ')
			d.write(c)
			d.write(" |")
		}
		d.writeByte('\n')
	}
	writeRow(header)
	d.write("|")
	for range header {
		d.write(" --- |")
	}
	d.writeByte('\n')
	for _, r := range rows {
		writeRow(r)
	}
	d.writeByte('\n')
}

// facts writes a two-column table of label/value pairs; values are already
// escaped.
func (d *mdDoc) facts(pairs [][2]string) {
	rows := make([][]string, len(pairs))
	for i, p := range pairs {
		rows[i] = []string{p[0], p[1]}
	}
	d.table([]string{"Item", "Detail"}, rows)
}

// head renders everything above the body: the title, the preamble and the
// table of contents.
func (d *mdDoc) head() string {
	var b strings.Builder
	toc := d.toc
	if d.outline {
		for _, h := range d.heads {
			if h.level <= d.tocDepth {
				toc = append(toc, h)
			}
		}
	}
	b.Grow(d.pre.Len() + 64*len(toc) + 256)
	b.WriteString("# ")
	b.WriteString(Heading(d.title))
	b.WriteString("\n\n")
	b.WriteString(d.pre.String())
	if len(toc) > 0 {
		b.WriteString("## Contents\n\n")
		for _, e := range toc {
			b.WriteString(strings.Repeat("  ", e.level-2))
			b.WriteString("- [")
			b.WriteString(e.text)
			b.WriteString("](#")
			b.WriteString(e.slug)
			b.WriteString(")\n")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// writeTo writes the document: head, body, and exactly one final newline.
// The body is written from its chunks, never joined: at engagement scale
// it runs to tens of megabytes and every copy of it shows in the export
// time.
func (d *mdDoc) writeTo(w io.Writer) error {
	head := d.head()
	body := d.body.trimmedLen('\n')
	if body == 0 {
		_, err := io.WriteString(w, endWithOneNewline(head))
		return err
	}
	if _, err := io.WriteString(w, head); err != nil {
		return err
	}
	if err := d.body.writePrefix(w, body); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// endWithOneNewline trims trailing newlines to one.
func endWithOneNewline(s string) string {
	t := strings.TrimRight(s, "\n")
	if len(t) < len(s) {
		return s[:len(t)+1]
	}
	return s + "\n"
}

// link renders a Markdown link with escaped text to a target we built
// (a file name and/or an anchor, never user text).
func link(text, target string) string {
	return "[" + LinkText(text) + "](" + target + ")"
}

// pct renders a fraction as a whole percentage.
func pct(f float64) string { return strconv.Itoa(int(f*100+0.5)) + "%" }

// yesNo renders a boolean for people.
func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// orDash returns s, or an en dash when s is blank.
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return s
}
