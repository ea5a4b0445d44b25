package tui

import (
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// paneContent renders the scrollable right pane for it at width w: the
// question and its answer (or the open input), the control's other
// questions, criteria, guidance and accepted evidence.
func (s *walkScreen) paneContent(it model.Item, w int) (string, tea.Cmd) {
	st := s.c.Styles
	var b strings.Builder
	line := func(parts ...string) {
		for _, p := range parts {
			b.WriteString(p)
		}
		b.WriteByte('\n')
	}
	wrap := func(text string, indent string) string {
		return indentBlock(ansi.Wrap(text, max(w-len(indent), 8), " -/"), indent)
	}
	q := it.Question
	line(st.Bold.Render(wrap(model.CleanText(q.Prompt), " ")))
	if q.Help != "" {
		line(st.Muted.Render(wrap(model.CleanText(q.Help), " ")))
	}
	line()
	s.answerBlock(&b, it, w)
	line()
	s.controlQuestions(&b, it, w)
	line()
	line(st.Subtitle.Render(" Criteria"))
	for _, id := range it.Control.Criteria {
		id = model.CleanLine(id)
		if c, ok := model.LookupCriterion(id); ok {
			line(ansi.Truncate(" "+st.Accent.Render(c.ID)+" "+c.Title, w, "…"))
		} else {
			line(" " + id)
		}
	}
	if len(it.Control.NIST) > 0 {
		line(wrap("NIST AI RMF: "+model.CleanLine(strings.Join(it.Control.NIST, ", ")), " "))
	}
	if len(it.Control.ISO) > 0 {
		line(wrap("ISO/IEC 42001: "+model.CleanLine(strings.Join(it.Control.ISO, ", ")), " "))
	}
	var cmd tea.Cmd
	if g := model.CleanText(it.Control.Guidance); strings.TrimSpace(g) != "" {
		line()
		line(st.Subtitle.Render(" Guidance"))
		k := guideKey{control: it.Control.ID, width: w, style: st.GlamourStyle()}
		if out, ok := s.guides.get(k); ok {
			line(out)
		} else {
			cmd = s.guides.request(k, g)
			line(wrap(g, " "))
		}
	}
	if len(it.Control.Evidence) > 0 {
		line()
		line(st.Subtitle.Render(" Evidence an auditor accepts"))
		for _, e := range it.Control.Evidence {
			line(wrap("• "+model.CleanLine(e), " "))
		}
	}
	return strings.TrimRight(b.String(), "\n"), cmd
}

// answerBlock shows the current answer with its save state, source, flag
// and note, or the open input, plus the keys that answer this kind.
func (s *walkScreen) answerBlock(b *strings.Builder, it model.Item, w int) {
	st := s.c.Styles
	a, state, err, ok := s.c.Session.Answer(it.Key())
	q := it.Question
	ans := st.Muted.Render("not answered")
	if ok && a.IsAnswered() {
		ans = st.Bold.Render(ansi.Truncate(model.CleanLine(a.Display(q)), max(w-24, 8), "…"))
	}
	switch {
	case !ok:
	case state == stateSaving:
		ans += "  " + st.Warning.Render("saving…")
	case state == stateUnsaved:
		ans += "  " + st.Danger.Render("NOT SAVED")
	case a.IsAnswered():
		ans += "  " + st.Success.Render("✓ saved")
	case a.Flagged || a.Note != "" || a.Source != "":
		ans += "  " + st.Success.Render("✓ flag/source/note saved")
	}
	fmt.Fprintf(b, " Answer: %s\n", ans)
	if state == stateUnsaved && err != nil {
		b.WriteString(st.Danger.Render(ansi.Truncate("   "+model.CleanLine(err.Error()), w, "…")) + "\n")
	}
	if a.Value == model.AnswerNA && a.Justification != "" {
		b.WriteString(st.Muted.Render(indentBlock(ansi.Wrap("N/A because: "+model.CleanText(a.Justification), max(w-1, 8), " "), " ")) + "\n")
	}
	meta := []string{"Source: " + sourceLabel(a.Source)}
	if a.Flagged {
		meta = append(meta, st.Warning.Render("⚑ flagged to come back to"))
	}
	meta = append(meta, s.evidenceMeta(it)...)
	b.WriteString(" " + strings.Join(meta, " · ") + "\n")
	s.reviewBlock(b, it, w)
	if a.Note != "" && s.mode != modeNote {
		b.WriteString(st.Muted.Render(indentBlock(ansi.Wrap("Note: "+model.CleanText(a.Note), max(w-1, 8), " "), " ")) + "\n")
	}
	s.inputBlock(b, it, a, w)
}

// inputBlock renders the open input or option picker, or the key hint.
func (s *walkScreen) inputBlock(b *strings.Builder, it model.Item, a model.Answer, w int) {
	st := s.c.Styles
	switch s.mode {
	case modeJustify:
		b.WriteString("\n" + st.Accent.Render(" Why does this not apply?") + "\n " + s.input.View() + "\n")
	case modeText:
		b.WriteString("\n" + st.Accent.Render(" Your answer:") + "\n " + s.input.View() + "\n")
	case modeNote:
		b.WriteString("\n" + st.Accent.Render(" Note (ctrl+s saves, esc cancels):") + "\n" + indentBlock(s.note.View(), " ") + "\n")
	case modeOptions:
		b.WriteString("\n")
		for i, o := range options(it.Question) {
			mark := "( )"
			if it.Question.Kind == model.KindMulti {
				mark = "[ ]"
				if slices.Contains(s.optDraft, o.Value) {
					mark = "[x]"
				}
			} else if o.Value == a.Value {
				mark = "(•)"
			}
			l := fmt.Sprintf(" %d %s %s", i+1, mark, model.CleanLine(o.Label))
			l = ansi.Truncate(l, w, "…")
			if i == s.optCursor {
				l = st.Selected.Render("▸" + l[1:])
			}
			b.WriteString(l + "\n")
		}
	default:
		if it.Question.Kind == model.KindChoice || it.Question.Kind == model.KindMulti {
			b.WriteString("\n")
			for i, o := range it.Question.Options {
				sel := slices.Contains(a.Choices, o.Value) || o.Value == a.Value
				m := " "
				if sel {
					m = st.Success.Render("•")
				}
				b.WriteString(ansi.Truncate(fmt.Sprintf(" %s %d %s", m, i+1, model.CleanLine(o.Label)), w, "…") + "\n")
			}
		}
		b.WriteString("\n" + st.Muted.Render(ansi.Truncate(" "+kindHint(it.Question.Kind), w, "…")) + "\n")
	}
	if s.inputErr != "" {
		b.WriteString(st.Danger.Render(ansi.Truncate(" "+model.CleanLine(s.inputErr), w, "…")) + "\n")
	}
}

func kindHint(k model.QuestionKind) string {
	switch k {
	case model.KindYesNo:
		return "y yes · n no · p partial · a N/A · d don't know · f flag · s source · o note · enter list"
	case model.KindChoice:
		return "1-9 choose · enter pick from list · f flag · s source · o note"
	case model.KindMulti:
		return "enter or 1-9 to tick options, enter saves · f flag · s source · o note"
	case model.KindDate:
		return "enter to type a date (YYYY-MM-DD) · f flag · s source · o note"
	case model.KindNumber:
		return "enter to type a number · f flag · s source · o note"
	}
	return "enter to type an answer · f flag · s source · o note"
}

func sourceLabel(src model.Source) string {
	switch src {
	case model.SourceInterview:
		return "interview"
	case model.SourceDocument:
		return "document"
	case model.SourceObservation:
		return "observation"
	case model.SourceSystemRecord:
		return "system record"
	}
	return "—"
}

// controlQuestions lists every question of the current control for this
// subject with its mark, so the auditor sees the whole control at once.
func (s *walkScreen) controlQuestions(b *strings.Builder, it model.Item, w int) {
	st := s.c.Styles
	lo, hi := s.groupBounds(s.curIdx)
	if hi-lo <= 1 {
		return
	}
	b.WriteString(st.Subtitle.Render(" In this control") + "\n")
	items := s.c.Session.Items()
	for vi := lo; vi < hi; vi++ {
		qi := items[s.visible[vi]]
		a, state, _, ok := s.c.Session.Answer(qi.Key())
		mark := s.itemMark(qi, a, ok, state)
		text := model.CleanLine(qi.Question.Prompt)
		if ok && a.IsAnswered() {
			text += " — " + model.CleanLine(a.Display(qi.Question))
		}
		pre := "  "
		if vi == s.curIdx {
			pre = "▸ "
		}
		l := ansi.Truncate(pre+mark+" "+text, w, "…")
		if vi == s.curIdx {
			l = st.Bold.Render(l)
		}
		b.WriteString(l + "\n")
	}
}

func (s *walkScreen) itemMark(it model.Item, a model.Answer, ok bool, state saveState) string {
	st := s.c.Styles
	var m string
	switch model.ItemStatus(it.Question, a, ok) {
	case model.StatusUnanswered:
		m = st.Muted.Render("·")
	case model.StatusNotMet:
		m = st.Danger.Render("✗")
	case model.StatusPartial, model.StatusUnknown:
		m = st.Warning.Render("◐")
	default:
		m = st.Success.Render("✓")
	}
	switch {
	case state == stateUnsaved:
		m += st.Danger.Render("!")
	case ok && a.Flagged:
		m += st.Warning.Render("⚑")
	default:
		m += " "
	}
	return m
}

// indentBlock prefixes every line of s.
func indentBlock(s, pre string) string {
	return pre + strings.ReplaceAll(s, "\n", "\n"+pre)
}

// cleanBlock is model.CleanText for multi-line text drawn as it is rather
// than through a lipgloss style: a tab becomes four spaces, as a style
// renders it, because the width functions count a tab as no column and
// the renderer drops it, running the words together.
func cleanBlock(s string) string { return strings.ReplaceAll(model.CleanText(s), "\t", "    ") }
