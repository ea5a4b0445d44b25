package export

import (
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
	// write, when set, encodes the content straight to a file instead of
	// Content (Write streams large documents this way).
	write func(io.Writer) error
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
	return v.markdown()
}

// markdown renders every Markdown document. The exception register goes
// first internally because the others link to its anchors.
func (v *view) markdown() ([]Document, error) {
	exceptions := v.renderExceptions()
	narratives, err := v.renderNarratives()
	if err != nil {
		return nil, err
	}
	md := func(name, title, content string) Document {
		return Document{Name: name, Title: title, Format: FormatMarkdown, Content: []byte(content)}
	}
	return []Document{
		md(docIndex, "Package overview", v.renderIndex()),
		md(docReadiness, "Readiness report", v.renderReadiness()),
		md(docNarratives, "Control narratives", narratives),
		md(docInventory, "AI inventory register", v.renderInventory()),
		md(docRisk, "AI risk assessment", v.renderRisk()),
		md(docVendors, "Vendor assessments", v.renderVendors()),
		md(docExceptions, "Exception register", exceptions),
		md(docRemediation, "Remediation plan", v.renderRemediation()),
		md(docReviews, "Review records", v.renderReviews()),
		md(docEvidence, "Evidence index", v.renderEvidence()),
		md(docCrosswalk, "Crosswalk appendix", v.renderCrosswalk()),
	}, nil
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
	return files(b, formats, false)
}

// files is Files; with stream, large documents come with a write func and
// no Content, for Write to encode straight to disk.
func files(b Bundle, formats []string, stream bool) ([]Document, error) {
	formats, err := ParseFormats(formats)
	if err != nil {
		return nil, err
	}
	v, err := newView(&b)
	if err != nil {
		return nil, err
	}
	var out []Document
	for _, f := range formats {
		var docs []Document
		switch f {
		case FormatMarkdown:
			docs, err = v.markdown()
		case FormatCSV:
			docs, err = v.csvFiles()
		case FormatJSON:
			docs, err = v.jsonFiles()
		case FormatOSCAL:
			docs, err = v.oscalFiles(stream)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, docs...)
	}
	if slices.Contains(formats, FormatCSV) || slices.Contains(formats, FormatJSON) {
		out = append(out, Document{Name: "SCHEMA.md", Title: "Schema of the CSV and JSON files", Format: FormatMarkdown,
			Content: []byte(schemaDoc)})
	}
	slices.SortFunc(out, func(a, b Document) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}
