package questionnaires

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"

	"auditwalk/model"
)

// checkNarrative parses a control's narrative, checks the question ids and
// option values it names, and executes it against sample answers (all
// meeting, all failing, none) so a broken template is found at load time,
// not during an export.
func checkNarrative(p *model.Pack, ctl *model.Control, info ctlInfo, ps *problems) {
	n := info.narrative
	if n == nil || strings.TrimSpace(ctl.Narrative) == "" {
		return
	}
	what := "control " + quoteID(ctl.ID) + " narrative"
	sample := sampleData(p, ctl, "")
	t, err := template.New(ctl.ID).Option("missingkey=error").Funcs(funcMap(ctl, sample)).Parse(ctl.Narrative)
	if err != nil {
		line, msg := templateLine(n, err)
		ps.add(line, "%s: %s", what, msg)
		return
	}
	before := len(ps.list)
	if len(t.Templates()) > 1 {
		ps.add(n.line, "%s: define and block are not supported; a narrative is one template", what)
	}
	forbidden(t.Tree.Root, func(pos parse.Pos, msg string) {
		tline := 1 + strings.Count(ctl.Narrative[:min(int(pos), len(ctl.Narrative))], "\n")
		ps.add(fileLine(n, tline), "%s: %s", what, msg)
	})
	for _, tree := range t.Templates() {
		if tree.Tree != nil {
			walkTemplate(tree.Root, func(id string, opt *string, pos parse.Pos) {
				tline := 1 + strings.Count(ctl.Narrative[:min(int(pos), len(ctl.Narrative))], "\n")
				checkTemplateRef(p, ctl, id, opt, what, fileLine(n, tline), ps)
			})
		}
	}
	if len(ps.list) > before {
		return // execution would only repeat the same unknown ids
	}
	for _, mode := range []string{"meet", "fail", ""} {
		d := sampleData(p, ctl, mode)
		t, _ := template.New(ctl.ID).Option("missingkey=error").Funcs(funcMap(ctl, d)).Parse(ctl.Narrative)
		if err := t.Execute(discard{}, dot(ctl, d)); err != nil {
			line, msg := templateLine(n, err)
			ps.add(line, "%s: %s", what, msg)
			return
		}
	}
}

// forbidden reports template constructs narratives may not use: template
// calls (nothing to call) and ranging over a number, which would let a pack
// make validation loop for as long as it likes.
func forbidden(n parse.Node, report func(parse.Pos, string)) {
	switch v := n.(type) {
	case *parse.ListNode:
		if v == nil {
			return
		}
		for _, c := range v.Nodes {
			forbidden(c, report)
		}
	case *parse.TemplateNode:
		report(v.Position(), "template calls are not supported")
	case *parse.IfNode:
		forbidden(v.List, report)
		forbidden(v.ElseList, report)
	case *parse.WithNode:
		forbidden(v.List, report)
		forbidden(v.ElseList, report)
	case *parse.RangeNode:
		for _, c := range v.Pipe.Cmds {
			for _, a := range c.Args {
				if _, isNum := a.(*parse.NumberNode); isNum {
					report(v.Position(), "range over a number is not supported")
				}
			}
		}
		forbidden(v.List, report)
		forbidden(v.ElseList, report)
	}
}

// checkTemplateRef checks a question id (and option value, for has) named
// in a template.
func checkTemplateRef(p *model.Pack, ctl *model.Control, id string, opt *string, what string, line int, ps *problems) {
	q, qc, ok := p.Question(id)
	if !ok {
		ps.add(line, "%s: unknown question %q", what, id)
		return
	}
	if ctl.Applies == model.AppliesOnce && qc.Applies == model.AppliesPerSystem {
		ps.add(line, "%s: an organisation-wide narrative cannot use per-system question %q", what, id)
	}
	if opt != nil {
		allowed := answerValues(q)
		if allowed == nil || !slices.Contains(allowed, *opt) {
			ps.add(line, "%s: %q is not an answer to question %q", what, *opt, id)
		}
	}
}

// walkTemplate calls fn for every call of a question function whose id is a
// string literal, with the option argument of has, and its offset.
func walkTemplate(n parse.Node, fn func(id string, opt *string, pos parse.Pos)) {
	switch v := n.(type) {
	case *parse.ListNode:
		if v == nil {
			return
		}
		for _, c := range v.Nodes {
			walkTemplate(c, fn)
		}
	case *parse.ActionNode:
		walkTemplate(v.Pipe, fn)
	case *parse.IfNode:
		walkBranch(&v.BranchNode, fn)
	case *parse.RangeNode:
		walkBranch(&v.BranchNode, fn)
	case *parse.WithNode:
		walkBranch(&v.BranchNode, fn)
	case *parse.TemplateNode:
		walkTemplate(v.Pipe, fn)
	case *parse.PipeNode:
		if v == nil {
			return
		}
		for _, c := range v.Cmds {
			walkTemplate(c, fn)
		}
	case *parse.CommandNode:
		walkCommand(v, fn)
	}
}

func walkBranch(b *parse.BranchNode, fn func(string, *string, parse.Pos)) {
	walkTemplate(b.Pipe, fn)
	walkTemplate(b.List, fn)
	walkTemplate(b.ElseList, fn)
}

func walkCommand(v *parse.CommandNode, fn func(string, *string, parse.Pos)) {
	for _, a := range v.Args {
		if p, ok := a.(*parse.PipeNode); ok {
			walkTemplate(p, fn)
		}
	}
	if len(v.Args) < 2 {
		return
	}
	ident, ok := v.Args[0].(*parse.IdentifierNode)
	if !ok || !slices.Contains(questionFuncs(), ident.Ident) {
		return
	}
	id, ok := v.Args[1].(*parse.StringNode)
	if !ok {
		return
	}
	var opt *string
	if ident.Ident == "has" && len(v.Args) > 2 {
		if o, ok := v.Args[2].(*parse.StringNode); ok {
			opt = &o.Text
		}
	}
	fn(id.Text, opt, id.Position())
}

// fileLine maps a line within a narrative to a line of the pack file: block
// scalars start on the line after their key.
func fileLine(n *node, tline int) int {
	if !n.literal {
		return n.line
	}
	return n.line + tline
}

// templateLine extracts the template line from a text/template error
// ("template: id:3: ...") and maps it to the file.
func templateLine(n *node, err error) (int, string) {
	msg := err.Error()
	m := regexp.MustCompile(`^template: [^:]*:(\d+)(?::\d+)?: (.*)$`).FindStringSubmatch(msg)
	if m == nil {
		return n.line, strings.TrimPrefix(msg, "template: ")
	}
	tl, _ := strconv.Atoi(m[1])
	// An unclosed action is reported past the last line; point at the last.
	tl = max(1, min(tl, strings.Count(strings.TrimRight(n.text, "\n"), "\n")+1))
	msg = regexp.MustCompile(`^executing "[^"]*" at <[^>]*>: `).ReplaceAllString(m[2], "")
	return fileLine(n, tl), msg
}

// discard is an io.Writer that drops what it is given.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
