package export

import (
	"fmt"
	"hash/maphash"
	"io"
	"strings"
)

// heading is a heading of a document: its level, escaped text and anchor.
// An outline also keeps a hash of the plain text the renderer gave, to
// check that the second pass asks for the same heading.
type heading struct {
	level      int
	key        uint64
	text, slug string
}

// mdSpec describes a Markdown document rendered by render into a doc that
// writeStreamed (or bufferMarkdown) made from title, tocDepth and headings
// (about how many headings it has, to size the anchor map).
//
// render must give the same headings whether it outlines or writes the
// document (d.outline tells which; it should skip everything but headings
// when outlining, which is what makes the outline cheap).
type mdSpec struct {
	title    string
	tocDepth int
	headings int
	render   func(d *mdDoc) error
}

// outlineOf renders the outline of a document: its title, preamble,
// contents and headings with their anchors, and no body.
func outlineOf(sp mdSpec) (*mdDoc, error) {
	o := newDocSized(sp.title, sp.tocDepth, sp.headings)
	o.outline = true
	o.heads = make([]heading, 0, sp.headings)
	o.seed = maphash.MakeSeed()
	if err := sp.render(o); err != nil {
		return nil, err
	}
	o.seen = nil // streaming takes the anchors from heads
	return o, nil
}

// writeStreamed writes a document to w without holding its body: the
// outline (computed here when o is nil) gives the head, contents and
// anchors, then the document is rendered again straight to w. The result
// is byte for byte what rendering it in memory gives.
func writeStreamed(w io.Writer, sp mdSpec, o *mdDoc) error {
	if o == nil {
		var err error
		if o, err = outlineOf(sp); err != nil {
			return err
		}
	}
	d := &mdDoc{title: sp.title, tocDepth: sp.tocDepth, from: o, stream: &bodyStream{w: w}}
	d.stream.writeString(o.head())
	if err := sp.render(d); err != nil {
		return err
	}
	switch {
	case d.err != nil:
		return d.err
	case d.next != len(o.heads):
		return fmt.Errorf("export: %s: %d headings written, %d outlined", sp.title, d.next, len(o.heads))
	case d.pre.String() != o.pre.String():
		return fmt.Errorf("export: %s: preamble differs from the outline's", sp.title)
	}
	d.stream.end()
	return d.stream.err
}

// streamHeading writes the next heading of the outline, which must be the
// one the renderer asks for, and returns its anchor.
func (d *mdDoc) streamHeading(level int, plain string) string {
	i := d.next
	d.next++
	if i >= len(d.from.heads) || d.from.heads[i].level != level || d.from.heads[i].key != maphash.String(d.from.seed, plain) {
		if d.err == nil {
			d.err = fmt.Errorf("export: %s: heading %d %q is not the outline's", d.title, i+1, plain)
		}
		return ""
	}
	hd := d.from.heads[i]
	d.writeHeading(level, hd.text)
	return hd.slug
}

// bodyStream writes a document to w, holding back trailing newlines so
// that the document ends in exactly one (see endWithOneNewline): they are
// written only when more text follows. The first write error sticks.
type bodyStream struct {
	w   io.Writer
	nl  int
	err error
}

func (b *bodyStream) writeString(s string) {
	t := strings.TrimRight(s, "\n")
	if t == "" {
		b.nl += len(s)
		return
	}
	b.flushNewlines()
	if b.err == nil {
		_, b.err = io.WriteString(b.w, t)
	}
	b.nl = len(s) - len(t)
}

func (b *bodyStream) writeByte(c byte) {
	if c == '\n' {
		b.nl++
		return
	}
	b.flushNewlines()
	if b.err != nil {
		return
	}
	if bw, ok := b.w.(io.ByteWriter); ok {
		b.err = bw.WriteByte(c)
	} else {
		_, b.err = b.w.Write([]byte{c})
	}
}

// end drops the newlines held back and ends the document with one.
func (b *bodyStream) end() {
	b.nl = 0
	if b.err == nil {
		_, b.err = io.WriteString(b.w, "\n")
	}
}

// flushNewlines writes the newlines held back.
func (b *bodyStream) flushNewlines() {
	for ; b.nl > 0 && b.err == nil; b.nl-- {
		_, b.err = io.WriteString(b.w, "\n")
	}
	b.nl = 0
}
