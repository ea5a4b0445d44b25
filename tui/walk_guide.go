package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
)

// guideKey identifies one rendering of a control's guidance: the Markdown
// depends on the pane width and the light/dark style.
type guideKey struct {
	control string
	width   int
	style   string
}

// guideRenderedMsg carries glamour output back to the event loop.
type guideRenderedMsg struct {
	key guideKey
	out string
	err error
}

// guideCache holds rendered guidance and which renders are in flight.
type guideCache struct {
	done    map[guideKey]string
	pending map[guideKey]string // markdown being rendered
}

// maxGuides bounds the cache: resizing renders a new entry per width.
const maxGuides = 512

func newGuideCache() guideCache {
	return guideCache{done: map[guideKey]string{}, pending: map[guideKey]string{}}
}

func (g *guideCache) get(k guideKey) (string, bool) {
	s, ok := g.done[k]
	return s, ok
}

func (g *guideCache) put(m guideRenderedMsg) {
	delete(g.pending, m.key)
	if m.err != nil {
		return // the plain text stays; rendering is a nicety
	}
	if len(g.done) >= maxGuides {
		clear(g.done)
	}
	g.done[m.key] = m.out
}

// request returns a render command unless k is cached or already rendering.
func (g *guideCache) request(k guideKey, markdown string) tea.Cmd {
	_, busy := g.pending[k]
	if _, ok := g.done[k]; ok || busy || strings.TrimSpace(markdown) == "" {
		return nil
	}
	g.pending[k] = markdown
	return renderGuideCmd(k, markdown)
}

// renderGuideCmd renders Markdown with glamour off the event loop. The
// caller has already stripped terminal escapes from markdown.
func renderGuideCmd(k guideKey, markdown string) tea.Cmd {
	return func() tea.Msg {
		r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(k.style), glamour.WithWordWrap(k.width))
		if err != nil {
			return guideRenderedMsg{key: k, err: err}
		}
		out, err := r.Render(markdown)
		return guideRenderedMsg{key: k, out: strings.Trim(out, "\n"), err: err}
	}
}
