package ingest

import (
	"bufio"
	"fmt"
	"io"

	"auditwalk/model"
)

// Describe writes exactly what the plan would change, one record per line
// and one indented line per changed field, then warnings and errors, then a
// summary line:
//
//	create system "Support bot" (vendor OpenAI), line 5
//	create vendor "Anthropic", named on line 7
//	update system "Resume screener" (vendor Acme), line 9
//	    approval: pending → approved
//	    models: gpt-4o → gpt-4o; gpt-4.1
//	warning: inv.csv:3: unknown column "Cost centre"; its values are kept in notes
//	error: inv.csv:14: column "Status": "maybe" is not one of approved, pending, shadow, retired
//	inv.csv: 1 created, 1 updated, 40 unchanged; 1 new vendor; 1 error
//
// Every value is stripped of terminal escapes and shortened for display.
func (p Plan) Describe(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for _, c := range p.Vendors {
		if c.Implied {
			fmt.Fprintf(bw, "create vendor %q, named on line %d\n", show(c.Vendor.Name), c.Line)
		} else {
			describeChange(bw, "vendor", c.Vendor.ID, c.Vendor.Name, "", c.Line, c.Changes)
		}
	}
	for _, c := range p.Systems {
		describeChange(bw, "system", c.System.ID, c.System.Name, c.System.VendorName, c.Line, c.Changes)
	}
	for _, is := range p.Warnings {
		fmt.Fprintf(bw, "warning: %s\n", model.CleanLine(is.String()))
	}
	for _, is := range p.Errors {
		fmt.Fprintf(bw, "error: %s\n", model.CleanLine(is.String()))
	}
	s := p.Summary()
	switch n := len(p.Errors); n {
	case 0:
		if len(p.Systems)+len(p.Vendors) == 0 {
			s += "; nothing to change"
		}
	case 1:
		s += "; 1 error"
	default:
		s += fmt.Sprintf("; %d errors", n)
	}
	fmt.Fprintf(bw, "%s: %s\n", model.CleanLine(p.Source), s)
	return bw.Flush()
}

func describeChange(w io.Writer, noun string, id int64, name, vendor string, line int, changes []FieldChange) {
	verb := "update"
	if id == 0 {
		verb = "create"
	}
	with := ""
	if vendor != "" {
		with = fmt.Sprintf(" (vendor %s)", show(vendor))
	}
	fmt.Fprintf(w, "%s %s %q%s, line %d\n", verb, noun, show(name), with, line)
	for _, ch := range changes {
		fmt.Fprintf(w, "    %s: %s → %s\n", ch.Field, showValue(ch.Old), showValue(ch.New))
	}
}

// show makes imported text safe and short for one terminal line.
func show(s string) string { return short(model.CleanLine(s)) }

func showValue(s string) string {
	if s == "" {
		return "(blank)"
	}
	return show(s)
}
