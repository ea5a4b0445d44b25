package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// View implements Screen.
func (s *attestScreen) View() string {
	st := s.c.Styles
	w := s.w
	head := []string{st.Title.Render(ansi.Truncate(" Sign-off · you are "+s.c.meLabel(), w, "…"))}
	if !s.c.Acct.available() {
		return strings.Join(append(head, st.Muted.Render(" No engagement store: attestations are not available here.")), "\n")
	}
	if s.composing {
		return strings.Join(append(head, s.composeLines()...), "\n")
	}
	attH := min(max(s.h/3, 4), 2+2*len(s.c.Acct.atts))
	top := s.controlLines(max((s.h-attH-len(head))/2, 3))
	top = append(top, s.coveredLines(s.h-attH-len(head)-len(top))...)
	lines := append(head, top...)
	lines = append(lines, s.attestationLines(s.h-len(lines))...)
	return strings.Join(lines, "\n")
}

// controlLines lists the actor's controls with selection and progress.
func (s *attestScreen) controlLines(room int) []string {
	st := s.c.Styles
	w := s.w
	items, ids := s.mine()
	if len(ids) == 0 {
		return []string{st.Muted.Render(ansi.Truncate(" You own no controls here, so there is nothing to attest to. An assessor assigns owners (walkthrough, O).", w, "…")), ""}
	}
	prog := model.OwnerProgress(items, s.c.Session.answers)
	lines := []string{st.Subtitle.Render(fmt.Sprintf(" Your controls · %s", progressLabel(prog)))}
	cur := min(s.cur, len(ids)-1) // View reads state; it never changes it
	idW := 4
	for _, id := range ids {
		idW = max(idW, min(len(id), 24))
	}
	start := min(max(cur-(room-2)/2, 0), max(len(ids)-(room-1), 0))
	for i := start; i < len(ids) && len(lines) < room; i++ {
		id := ids[i]
		ctl, _ := s.c.Session.Pack.Control(id)
		var asked, answered int
		for _, cp := range prog.Controls {
			if cp.Control.ID == id {
				asked, answered = asked+cp.Asked, answered+cp.Answered
			}
		}
		box := "[ ]"
		if s.sel[id] {
			box = "[x]"
		}
		title := ""
		if ctl != nil {
			title = model.CleanLine(ctl.Title)
		}
		stats := fmt.Sprintf("%d/%d", answered, asked)
		row := " " + box + " " + pad(model.CleanLine(id), idW) + " " + pad(title, max(w-len(stats)-idW-10, 8)) + " " + stats
		if i == cur {
			lines = append(lines, st.Selected.Render(pad("▸"+row[1:], w)))
		} else {
			lines = append(lines, ansi.Truncate(row, w, "…"))
		}
	}
	return append(lines, "")
}

// coveredLines are exactly the answers an attestation over the selection
// covers, as model.NewAttestation computes them.
func (s *attestScreen) coveredLines(room int) []string {
	st := s.c.Styles
	if room <= 0 || len(s.selected()) == 0 {
		return nil
	}
	att, _, err := s.preview()
	if err != nil {
		return []string{st.Danger.Render(ansi.Truncate(" "+model.CleanLine(err.Error()), s.w, "…")), ""}
	}
	lines := []string{st.Subtitle.Render(fmt.Sprintf(" Covered: %d answers of %s", len(att.Answers), strings.Join(att.Controls, ", ")))}
	return append(append(lines, s.answerRows(att, room-2)...), "")
}

// answerRows renders covered answers: key and the answer as shown.
func (s *attestScreen) answerRows(att model.Attestation, room int) []string {
	st := s.c.Styles
	var lines []string
	for i, x := range att.Answers {
		if len(lines) >= room-1 && i < len(att.Answers)-1 {
			lines = append(lines, st.Muted.Render(fmt.Sprintf("   … and %d more", len(att.Answers)-i)))
			break
		}
		val := st.Muted.Render("not answered")
		if a, ok := s.c.Session.answers[x.Key]; ok && a.IsAnswered() {
			if q, _, ok := s.c.Session.Pack.Question(x.Key.QuestionID); ok {
				val = model.CleanLine(a.Display(q))
			}
		}
		label := model.CleanLine(x.Key.QuestionID) + "@" + model.CleanLine(x.Key.Subject)
		lines = append(lines, ansi.Truncate("   "+pad(label, min(max(s.w/3, 18), 34))+" "+val, s.w, "…"))
	}
	return lines
}

// attestationLines lists attestations, newest first, judged against the
// saved answers now (Attestation.Check).
func (s *attestScreen) attestationLines(room int) []string {
	st := s.c.Styles
	w := s.w
	atts := s.c.Acct.atts
	lines := []string{st.Subtitle.Render(fmt.Sprintf(" Attestations (%d)", len(atts)))}
	if len(atts) == 0 {
		return append(lines, st.Muted.Render(" None yet."))
	}
	for i := len(atts) - 1; i >= 0 && len(lines) < room; i-- {
		a := atts[i]
		chk := a.Check(s.c.Session.answers)
		status := st.Success.Render("✓ valid     ")
		switch chk.Status {
		case model.AttestSuperseded:
			status = st.Warning.Render("✗ superseded")
		case model.AttestInvalid:
			status = st.Danger.Render("! invalid   ")
		}
		signed := ""
		if a.Signature != "" {
			signed = " · signed"
		}
		if a.Packet != "" {
			signed += " · from packet"
		}
		row := fmt.Sprintf(" #%-3d %s %s %s %s%s", a.ID, status, model.CleanLine(a.Person), a.At.UTC().Format("2006-01-02 15:04"),
			strings.Join(a.Controls, ","), signed)
		lines = append(lines, ansi.Truncate(row, w, "…"))
		if len(chk.Changed) > 0 && len(lines) < room {
			var keys []string
			for _, k := range chk.Changed {
				keys = append(keys, model.ReviewKey(k.QuestionID, k.Subject))
			}
			lines = append(lines, st.Warning.Render(ansi.Truncate("      changed since: "+model.CleanLine(strings.Join(keys, ", ")), w, "…")))
		}
		if chk.Problem != "" && len(lines) < room {
			lines = append(lines, st.Danger.Render(ansi.Truncate("      "+chk.Problem, w, "…")))
		}
	}
	return lines
}

// composeLines is the statement editor with what will be covered.
func (s *attestScreen) composeLines() []string {
	st := s.c.Styles
	att, _, _ := s.preview()
	lines := []string{
		st.Subtitle.Render(ansi.Truncate(fmt.Sprintf(" Attest to %s · %d answers covered", strings.Join(att.Controls, ", "), len(att.Answers)), s.w, "…")),
		st.Accent.Render(" Statement"),
		indentBlock(s.statement.View(), " "),
	}
	if s.c.Acct.cfg.Sign != nil {
		lines = append(lines, st.Accent.Render(" SSH signing key (optional)"), " "+s.keyPath.View())
	}
	if s.err != "" {
		lines = append(lines, st.Danger.Render(ansi.Truncate(" "+model.CleanLine(s.err), s.w, "…")))
	}
	lines = append(lines, "", st.Muted.Render(" You attest to exactly these answers; changing any later marks it superseded:"))
	used := 0
	for _, l := range lines {
		used += strings.Count(l, "\n") + 1
	}
	return append(lines, s.answerRows(att, s.h-used-1)...)
}
