package questionnaires

import (
	"errors"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// nodeKind is the shape of a YAML value as the pack decoder sees it.
type nodeKind int

const (
	kindNull nodeKind = iota
	kindScalar
	kindMap
	kindSeq
	// kindInvalid stands for a value already reported as unusable (an
	// alias, a tag), so later checks do not also call it missing.
	kindInvalid
)

// node is a YAML value reduced to what a pack needs: its shape, its line and
// its text or children. Working on this small tree instead of goccy's AST
// keeps the decoder free of the AST's many node types.
type node struct {
	kind nodeKind
	line int
	// literal is true for block scalars (| and >), whose text starts on the
	// line after the key; template error lines are offset from there.
	literal bool
	text    string
	entries []entry
	items   []*node
}

// entry is one key of a mapping.
type entry struct {
	key  string
	line int
	val  *node
}

// maxDepth bounds nesting so a hostile file cannot exhaust the stack; a
// valid pack nests about eight levels deep.
const maxDepth = 32

// parseTree parses src into a node tree. Syntax errors come back as a line
// and message; anchors, aliases, tags and merge keys are refused because a
// pack has no use for them and aliases allow exponential expansion.
func parseTree(src []byte, ps *problems) *node {
	f, err := parser.ParseBytes(src, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		line, msg := syntaxError(err)
		ps.add(line, "YAML syntax error: %s", msg)
		return nil
	}
	var docs []*ast.DocumentNode
	for _, d := range f.Docs {
		if d != nil && d.Body != nil {
			if _, isComment := d.Body.(*ast.CommentGroupNode); !isComment {
				docs = append(docs, d)
			}
		}
	}
	switch len(docs) {
	case 0:
		ps.add(0, "empty pack: expected a mapping with id, version, title and sections")
		return nil
	case 1:
	default:
		ps.add(lineOf(docs[1].Body), "a pack file holds one YAML document, found %d", len(docs))
		return nil
	}
	return convert(docs[0].Body, ps, 0)
}

// syntaxError extracts line and message from a goccy error.
func syntaxError(err error) (int, string) {
	var ye yaml.Error
	if errors.As(err, &ye) {
		line := 0
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			line = tk.Position.Line
		}
		return line, ye.GetMessage()
	}
	return 0, err.Error()
}

func lineOf(n ast.Node) int {
	if n == nil {
		return 0
	}
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return tk.Position.Line
	}
	return 0
}

func convert(n ast.Node, ps *problems, depth int) *node {
	if depth > maxDepth {
		ps.add(lineOf(n), "nesting deeper than %d levels", maxDepth)
		return nil
	}
	line := lineOf(n)
	switch v := n.(type) {
	case nil:
		return &node{kind: kindNull}
	case *ast.NullNode:
		return &node{kind: kindNull, line: line}
	case *ast.StringNode:
		return &node{kind: kindScalar, line: line, text: v.Value}
	case *ast.LiteralNode:
		return &node{kind: kindScalar, line: line, literal: true, text: v.Value.Value}
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		// The source text, not the parsed value: version 1.10 stays "1.10".
		return &node{kind: kindScalar, line: line, text: v.GetToken().Value}
	case *ast.MappingNode:
		out := &node{kind: kindMap, line: line}
		for _, mv := range v.Values {
			out.entries = append(out.entries, convertEntry(mv, ps, depth)...)
		}
		return out
	case *ast.MappingValueNode:
		return &node{kind: kindMap, line: line, entries: convertEntry(v, ps, depth)}
	case *ast.SequenceNode:
		out := &node{kind: kindSeq, line: line}
		for _, item := range v.Values {
			if c := convert(item, ps, depth+1); c != nil {
				out.items = append(out.items, c)
			}
		}
		return out
	case *ast.AnchorNode, *ast.AliasNode:
		ps.add(line, "YAML anchors and aliases are not supported in packs")
	case *ast.TagNode:
		ps.add(line, "YAML tags are not supported in packs")
	default:
		ps.add(line, "unsupported YAML value (%s)", n.Type())
	}
	return nil
}

func convertEntry(mv *ast.MappingValueNode, ps *problems, depth int) []entry {
	line := lineOf(mv.Key)
	if mv.Key == nil || mv.Key.IsMergeKey() {
		ps.add(line, "YAML merge keys are not supported in packs")
		return nil
	}
	var key string
	switch k := mv.Key.(type) {
	case *ast.StringNode:
		key = k.Value
	case ast.ScalarNode:
		key = k.GetToken().Value
	default:
		ps.add(line, "mapping keys must be plain words")
		return nil
	}
	val := convert(mv.Value, ps, depth+1)
	if val == nil {
		val = &node{kind: kindInvalid, line: line}
	}
	if val.line == 0 {
		val.line = line
	}
	return []entry{{key: strings.TrimSpace(key), line: line, val: val}}
}
