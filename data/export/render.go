package export

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Export formats.
const (
	FormatMarkdown = "markdown"
	FormatCSV      = "csv"
	FormatJSON     = "json"
	FormatOSCAL    = "oscal"
)

// Formats lists every export format in the order they are written.
func Formats() []string { return []string{FormatMarkdown, FormatCSV, FormatJSON, FormatOSCAL} }

// Document is one exported file: its path relative to the export directory
// (always with forward slashes), a title for the preview list, its format
// and its bytes.
type Document struct {
	Name    string
	Title   string
	Format  string
	Content []byte
	// write, when set, renders and encodes the content straight to w
	// instead of Content. Write streams every document this way, a few at
	// a time, so an export never holds all of them in memory; Files and
	// Render call it into a buffer.
	write func(io.Writer) error
	// weight estimates the work write does (roughly, items rendered), so
	// that Write starts the heaviest documents first.
	weight int
}

// lazy makes a Document rendered by write when it is written.
func lazy(name, title, format string, weight int, write func(io.Writer) error) Document {
	return Document{Name: name, Title: title, Format: format, write: write, weight: weight}
}

// materialize renders lazy documents into their Content.
func materialize(docs []Document) error {
	for i := range docs {
		if docs[i].write == nil {
			continue
		}
		var buf bytes.Buffer
		if err := docs[i].write(&buf); err != nil {
			return err
		}
		docs[i].Content, docs[i].write = buf.Bytes(), nil
	}
	return nil
}

// schemaDoc is SCHEMA.md, shipped inside every CSV/JSON export so the
// files travel with their description. A string, so it cannot be mutated.
//
//go:embed SCHEMA.md
var schemaDoc string

// Render returns the Markdown documents, README.md first, for preview. It
// fails only on a bundle it cannot export (no as-of date, a failing
// Narrator).
func Render(b Bundle) ([]Document, error) {
	v, err := newView(&b)
	if err != nil {
		return nil, err
	}
	docs := v.markdown()
	if err := materialize(docs); err != nil {
		return nil, err
	}
	return docs, nil
}

// markdown lists every Markdown document, rendered when written. Each one
// only reads the view, so they can be rendered in any order, concurrently.
func (v *view) markdown() []Document {
	md := func(name, title string, weight int, render func() (*mdDoc, error)) Document {
		return lazy(name, title, FormatMarkdown, weight, func(w io.Writer) error {
			d, err := render()
			if err != nil {
				return err
			}
			return d.writeTo(w)
		})
	}
	ok := func(render func() *mdDoc) func() (*mdDoc, error) {
		return func() (*mdDoc, error) { return render(), nil }
	}
	streamed := func(name, title string, weight int, sp mdSpec, outline *mdDoc) Document {
		return lazy(name, title, FormatMarkdown, weight, func(w io.Writer) error { return writeStreamed(w, sp, outline) })
	}
	results, sys, ex := len(v.summary.Results), len(v.systems), len(v.exceptions)
	return []Document{
		md(docIndex, "Package overview", 1, ok(v.renderIndex)),
		md(docReadiness, "Readiness report", results+ex, ok(v.renderReadiness)),
		streamed(docNarratives, "Control narratives", 4*results, v.narrativesSpec(), nil),
		md(docInventory, "AI inventory register", sys, ok(v.renderInventory)),
		md(docRisk, "AI risk assessment", sys, ok(v.renderRisk)),
		md(docVendors, "Vendor assessments", len(v.vendors), ok(v.renderVendors)),
		streamed(docExceptions, "Exception register", 4*ex, v.exceptionsSpec(nil), v.exOutline),
		md(docRemediation, "Remediation plan", len(v.tasks)+ex, ok(v.renderRemediation)),
		md(docReviews, "Review records", len(v.reviews)+len(v.changes)+len(v.approvals), ok(v.renderReviews)),
		md(docEvidence, "Evidence index", len(v.ev), ok(v.renderEvidence)),
		md(docCrosswalk, "Crosswalk appendix", 1, ok(v.renderCrosswalk)),
	}
}

// ParseFormats checks a list of format names (as given to --format, split
// on commas); an empty list means every format. Duplicates are dropped and
// the result is in Formats() order.
func ParseFormats(list []string) ([]string, error) {
	want := map[string]bool{}
	for _, f := range list {
		for _, part := range strings.Split(f, ",") {
			part = strings.ToLower(strings.TrimSpace(part))
			if part == "" {
				continue
			}
			if part == "md" {
				part = FormatMarkdown
			}
			if !slices.Contains(Formats(), part) {
				return nil, fmt.Errorf("unknown export format %q (use %s)", part, strings.Join(Formats(), ", "))
			}
			want[part] = true
		}
	}
	var out []string
	for _, f := range Formats() {
		if len(want) == 0 || want[f] {
			out = append(out, f)
		}
	}
	return out, nil
}

// Files renders every file of the requested formats (nil or empty: all),
// sorted by name. It does not include the manifest or TRAIL-HEAD, which
// Write adds.
func Files(b Bundle, formats []string) ([]Document, error) {
	docs, err := files(b, formats)
	if err != nil {
		return nil, err
	}
	if err := materialize(docs); err != nil {
		return nil, err
	}
	return docs, nil
}

// files is Files with the documents not rendered yet: each comes with a
// write func, for Write to render straight to disk. It fails only on a
// bundle that cannot be exported at all (no as-of date).
func files(b Bundle, formats []string) ([]Document, error) {
	formats, err := ParseFormats(formats)
	if err != nil {
		return nil, err
	}
	v, err := newView(&b)
	if err != nil {
		return nil, err
	}
	users := 0
	for _, f := range formats {
		if f == FormatCSV || f == FormatJSON {
			users++
		}
	}
	regs := v.registers(users)
	var out []Document
	for _, f := range formats {
		switch f {
		case FormatMarkdown:
			out = append(out, v.markdown()...)
		case FormatCSV:
			out = append(out, v.csvFiles(regs)...)
		case FormatJSON:
			out = append(out, v.jsonFiles(regs)...)
		case FormatOSCAL:
			out = append(out, v.oscalFiles()...)
		}
	}
	if slices.Contains(formats, FormatCSV) || slices.Contains(formats, FormatJSON) {
		out = append(out, Document{Name: "SCHEMA.md", Title: "Schema of the CSV and JSON files", Format: FormatMarkdown,
			Content: []byte(schemaDoc)})
	}
	slices.SortFunc(out, func(a, b Document) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}
