package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// hostileSGR is the colour sequence the hostile text carries, always
// followed by hostileSGRTail, so a leak shows as the two together (the
// App's own styling never puts that byte run in a frame).
const (
	hostileSGR     = "\x1b[31m"
	hostileSGRTail = "RED"
	// hostileURL is where the data's hyperlinks point.
	hostileURL = "evil.example"
)

// hostileText is a field's text made of everything a terminal should
// never receive from data: broken UTF-8, C0 and C1 controls, CSI (clear
// screen, colour, leave the alternate screen), OSC 8 hyperlinks, OSC 52
// clipboard writes, OSC 0 titles, DCS, APC, bells, backspaces, carriage
// returns, bidi overrides and isolates, zero-width characters, wide
// characters, a 10,000-character word, and escapes left unterminated at
// the end. It starts with "!" and the field's name, so the field sorts
// first and can be found on screen.
//
// People's names are validated (nothing model.CleanLine would remove, see
// model.Person.Validate), so they get only what validation lets through:
// zero-width and wide characters and the long word.
func hostileText(field string) string {
	tag := "!" + field + " "
	long := strings.Repeat("W", 10_000)
	unicode := "zero\u200b\u200dwidth\ufeff 数据🔥 "
	if strings.HasPrefix(field, "person.") {
		return tag + unicode + long
	}
	return tag + "\u202eevil\u202c \u2066iso\u2069 " +
		"\xff\xfe lone\xc3 c1\x9b raw \u0085\u009b31m " +
		"nul\x00 soh\x01 bell\a back\b\b\b cr\rover del\x7f tab\tnl\n" +
		"\x1b[2J\x1b[H\x1b[?1049l" + hostileSGR + hostileSGRTail + "\x1b[0m " +
		"\x1b]8;;http://" + hostileURL + "/\x07link\x1b]8;;\x07 " +
		"\x1b]52;c;cHduZWQ=\x07 \x1b]0;title\x1b\\ \x1bP+q544e\x1b\\ \x1b_apc\x1b\\ \x1bc " +
		unicode + long + " \x1b[ \x1b]8;;http://unterminated"
}

// hostileLeak reports the first thing in s a terminal would act on, or
// that is not text: invalid UTF-8, an escape sequence other than SGR
// styling, the hostile SGR itself, a C0 control other than newline, DEL,
// a C1 control, or a bidi override, embedding or isolate. Empty means s
// is safe to write to a terminal.
func hostileLeak(s string) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	if i := strings.Index(s, hostileSGR+hostileSGRTail); i >= 0 {
		return "the data's colour sequence at byte " + fmt.Sprint(i)
	}
	var state byte
	p := ansi.NewParser()
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			seq, _, n, newState := ansi.DecodeSequence(s[i:], state, p)
			state = newState
			if !ownEscape(seq) {
				return fmt.Sprintf("escape sequence %q at byte %d", seq, i)
			}
			i += n
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return fmt.Sprintf("control %U at byte %d", r, i)
		case (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
			return fmt.Sprintf("bidi control %U at byte %d", r, i)
		}
		i += n
	}
	return ""
}

// ownEscape reports whether seq is one the App writes itself: a Select
// Graphic Rendition (CSI, parameters, m: its styling), or an OSC 8
// hyperlink as glamour renders a Markdown link, unless it is the data's own
// link (to hostileURL).
func ownEscape(seq string) bool {
	if strings.HasPrefix(seq, "\x1b]8;") {
		return !strings.Contains(seq, hostileURL)
	}
	if !strings.HasPrefix(seq, "\x1b[") || !strings.HasSuffix(seq, "m") {
		return false
	}
	return strings.Trim(seq[2:len(seq)-1], "0123456789;:") == ""
}

// TestHostileTextIsCaughtByTheLeakCheck is the leak detector's own test: it
// must find every kind of hostile byte, or the screen test below proves
// nothing.
func TestHostileTextIsCaughtByTheLeakCheck(t *testing.T) {
	for _, bad := range []string{"\xff", "\x1b[2J", hostileSGR + hostileSGRTail, "\x1b]52;c;eA==\x07", "\a", "\b", "\r",
		"\t", "\u0085", "\u009b", "\u202e", "\u2066", "\x7f", "\x00", "\x1bP+q\x1b\\",
		"\x1b]8;;http://" + hostileURL + "/\x07"} {
		if hostileLeak("ok "+bad+" ok") == "" {
			t.Errorf("%q not caught", bad)
		}
	}
	if why := hostileLeak("\x1b[1;38;2;1;2;3mstyled\x1b[m \x1b]8;id=1;report.md\alink\x1b]8;;\a 数据🔥 zero\u200bwidth\n"); why != "" {
		t.Errorf("the App's own styling flagged: %s", why)
	}
}

// TestHostileTextInEveryFieldNeverReachesTheTerminal fills every text
// field people and imports can set with hostileText, then draws every
// screen and detail page at 80×24 and 300×100, and at 300×100
// moves down (j) through up to hostilePages more frames (scrolling panes
// and every export document are checked in full): each frame and window
// title must be valid
// UTF-8 with no escape sequence but the App's own styling, no control
// characters and no bidi overrides; each must fit the terminal; and the
// fields' names must be on screen, so the test saw the data it planted.
func TestHostileTextInEveryFieldNeverReachesTheTerminal(t *testing.T) {
	t.Parallel()
	f := buildFaultEngagement(t, tinyScale(), hostileText)
	seen := map[string]bool{}
	for _, v := range faultViews() {
		t.Run(v.name, func(t *testing.T) {
			a := openView(t, f, v, 80, 24)
			var last string
			for _, sz := range [][2]int{{80, 24}, {300, 100}} {
				resize(a, sz[0], sz[1])
				last = requireSafeFrame(t, a, fmt.Sprintf("%dx%d", sz[0], sz[1]), sz[0], sz[1])
				noteFields(seen, last)
			}
			if body, ok := scrollBody(a.top()); ok {
				if why := hostileLeak(body); why != "" {
					t.Fatalf("%s: scrollable body: %s", a.top().ID(), why)
				}
				noteFields(seen, body)
			}
			_, export := a.top().(*exportScreen)
			for i := range hostilePages {
				if export {
					break // j renders the next document: checked in full below
				}
				pressAll(a, "j")
				frame := requireSafeFrame(t, a, fmt.Sprintf("300x100 after %d×j", i+1), 300, 100)
				if frame == last {
					break
				}
				noteFields(seen, frame)
				last = frame
			}
			if ex, ok := a.top().(*exportScreen); ok {
				checkExportPreviews(t, a, ex, seen)
			}
		})
	}
	for _, field := range plantedFields() {
		if !seen[field] {
			t.Errorf("%s never appeared on any screen: the test did not see it", field)
		}
	}
}

// hostilePages is how many frames further down (j) each view is checked.
const hostilePages = 4

// scrollBody is the whole content of a screen's scrolling pane, of which a
// frame shows one page.
func scrollBody(s Screen) (string, bool) {
	switch s := s.(type) {
	case *walkScreen:
		return s.vp.GetContent(), true
	case *systemDetail:
		return s.vp.GetContent(), true
	case *trailDetail:
		return s.vp.GetContent(), true
	case *narrativeScreen:
		return s.vp.GetContent(), true
	case *exportScreen:
		return s.vp.GetContent(), true
	}
	return "", false
}

// requireSafeFrame fails unless a's frame and window title are safe to
// write to a terminal and the frame fits w×h; it returns the frame.
func requireSafeFrame(t *testing.T, a *App, where string, w, h int) string {
	t.Helper()
	view := a.View()
	if why := hostileLeak(view.Content); why != "" {
		t.Fatalf("%s, %s: frame: %s\n%s", a.top().ID(), where, why, ansi.Strip(view.Content))
	}
	if why := hostileLeak(view.WindowTitle); why != "" || strings.Contains(view.WindowTitle, "\n") {
		t.Fatalf("%s, %s: window title %q: %s", a.top().ID(), where, view.WindowTitle, why)
	}
	if why := viewFits(view, w, h); why != "" {
		t.Fatalf("%s, %s: %s", a.top().ID(), where, why)
	}
	return view.Content
}

// checkExportPreviews checks every export document as the preview pane
// first shows it (the cleaned Markdown) and the smaller ones as glamour
// renders them (the large ones take seconds each with 10,000-character
// fields; their frames are checked above).
func checkExportPreviews(t *testing.T, a *App, ex *exportScreen, seen map[string]bool) {
	t.Helper()
	if len(ex.docs) == 0 {
		t.Fatal("export documents never loaded")
	}
	pw, _ := ex.previewSize()
	for _, d := range ex.docs {
		plain := model.CleanText(string(d.Content))
		if why := hostileLeak(plain); why != "" {
			t.Fatalf("export document %s: %s", d.Name, why)
		}
		noteFields(seen, plain)
		if !slices.Contains(glamourChecked(), d.Name) {
			continue
		}
		out, err := renderMarkdown(plain, pw, a.com.Styles.GlamourStyle())
		if err != nil {
			t.Fatalf("export preview %s: %v", d.Name, err)
		}
		if why := hostileLeak(out); why != "" {
			t.Fatalf("export preview %s: %s", d.Name, why)
		}
		noteFields(seen, out)
	}
}

// glamourChecked are the export documents rendered with glamour in full:
// the one shown first, and two whose headings (and so the links of their
// contents) are made of the data.
func glamourChecked() []string {
	return []string{"README.md", "vendor-assessments.md", "ai-risk-assessment.md"}
}

// noteFields records which planted fields' names a frame shows.
func noteFields(seen map[string]bool, frame string) {
	plain := ansi.Strip(frame)
	for _, field := range plantedFields() {
		if strings.Contains(plain, "!"+field) {
			seen[field] = true
		}
	}
}

// plantedFields are the fields some screen must show by name (a field
// shown only cut short, or only in an export document, is left out).
func plantedFields() []string {
	return []string{
		"engagement.name", "engagement.client", "engagement.assessor",
		"person.assessor", "person.owner", "person.reviewer",
		"vendor.name", "vendor.service", "vendor.opinion", "vendor.notes",
		"system.name", "system.purpose", "system.business_owner", "system.notes", "system.scope_justification",
		"answer.note", "answer.justification", "answer.text",
		"accepted.title", "accepted.detail", "remediating.title", "decision.rationale", "decision.approver",
		"decision.compensating", "response.cause", "response.remediation",
		"task.title", "task.description", "task.tracker",
		"review.comment", "narrative.text",
		"conflict.ours_note", "conflict.theirs_note",
		"evidence.filename", "evidence.note",
		"actor.assessor", "status.error",
	}
}
