package tui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// evidenceWideAt is the width from which the list shows retention and who
// attached each file.
const evidenceWideAt = 120

// Lines above and below the evidence table.
const (
	evidenceHeadLines = 4 // title, period note, blank, column header
	evidenceFootLines = 2 // blank, the selected file's path or check detail
)

func (s *evidenceScreen) listHeight() int {
	return max(s.h-evidenceHeadLines-evidenceFootLines, 1)
}

// evidenceCols are the column widths of the evidence table.
type evidenceCols struct {
	ref, name, target, size, sha, eff, ret, kept, by, when, check int
}

func (s *evidenceScreen) columns() evidenceCols {
	c := evidenceCols{ref: 5, size: 7, sha: 8, eff: 11, kept: 4, check: 8}
	gaps := 7
	if s.w >= evidenceWideAt {
		c.ref, c.check, c.ret, c.by, c.when = 6, 10, 10, 12, 10
		gaps += 3
	}
	fixed := 2 + c.ref + c.size + c.sha + c.eff + c.ret + c.kept + c.by + c.when + c.check
	flex := max(s.w-fixed-gaps, 16)
	c.name = flex * 9 / 20
	c.target = flex - c.name
	return c
}

// View implements Screen.
func (s *evidenceScreen) View() string {
	if s.w == 0 || s.h == 0 {
		return ""
	}
	st := s.c.Styles
	e := s.c.Evidence
	if !e.available() {
		return st.Muted.Render(" Evidence needs an engagement file (auditwalk evidence attach works on one too).")
	}
	s.clamp()
	lines := []string{st.Title.Render(ansi.Truncate(" "+s.summary(), s.w, "…")), s.periodNote(), ""}
	if e.loadErr != nil {
		lines = append(lines, wrapLines("✗ Evidence not loaded: "+oneLine(e.loadErr), s.w, st.Danger)...)
		return strings.Join(lines, "\n")
	}
	if len(e.list) == 0 {
		lines = append(lines, wrapLines("No evidence yet. In the walkthrough, E attaches a file to the current answer; "+
			"on an exception page, E attaches one to the exception.", s.w, st.Muted)...)
		return strings.Join(lines, "\n")
	}
	cols := s.columns()
	lines = append(lines, st.Muted.Render(s.headerRow(cols)))
	end := min(s.offset+s.listHeight(), len(e.list))
	for i := s.offset; i < end; i++ {
		lines = append(lines, s.row(e.list[i], cols, i == s.cursor))
	}
	for len(lines) < s.h-evidenceFootLines {
		lines = append(lines, "")
	}
	lines = append(lines, "", s.footer())
	return strings.Join(lines, "\n")
}

// summary is the title line: counts and the last check's outcome.
func (s *evidenceScreen) summary() string {
	e := s.c.Evidence
	stored := 0
	for _, ev := range e.list {
		if ev.Stored {
			stored++
		}
	}
	out := "Evidence · " + countOf(len(e.list), "file", "files")
	if len(e.list) > 0 {
		out += fmt.Sprintf(" · %d stored, %d by reference", stored, len(e.list)-stored)
	}
	switch {
	case e.checking:
		out += " · checking…"
	case len(e.checks) > 0:
		failed := 0
		for _, c := range e.checks {
			if c.Failed() {
				failed++
			}
		}
		out += fmt.Sprintf(" · checked: %d ok, %d failed", len(e.checks)-failed, failed)
	}
	return out
}

// periodNote explains the out-of-period flag for Type 2 engagements.
func (s *evidenceScreen) periodNote() string {
	st := s.c.Styles
	eng := s.c.Session.Engagement
	if eng.Readiness == model.Type2 && eng.PeriodStart != "" && eng.PeriodEnd != "" {
		return st.Muted.Render(ansi.Truncate(" Type 2 period "+model.CleanLine(string(eng.PeriodStart))+" to "+
			model.CleanLine(string(eng.PeriodEnd))+" · ! = effective date outside it", s.w, "…"))
	}
	return st.Muted.Render(ansi.Truncate(" c re-hashes every file · enter shows one in full · x deletes", s.w, "…"))
}

func (s *evidenceScreen) headerRow(c evidenceCols) string {
	parts := []string{"  " + pad("ref", c.ref), pad("file", c.name), pad("attached to", c.target),
		padLeft("size", c.size), pad("sha256", c.sha), pad("effective", c.eff)}
	if c.ret > 0 {
		parts = append(parts, pad("retain to", c.ret))
	}
	parts = append(parts, pad("kept", c.kept))
	if c.by > 0 {
		parts = append(parts, pad("by", c.by), pad("attached", c.when))
	}
	parts = append(parts, pad("check", c.check))
	return ansi.Truncate(strings.Join(parts, " "), s.w, "")
}

func (s *evidenceScreen) row(ev model.Evidence, c evidenceCols, current bool) string {
	st := s.c.Styles
	mark := "  "
	if current {
		mark = st.Accent.Render("▸ ")
	}
	eff := orNone(string(ev.EffectiveDate))
	effCell := pad(model.CleanLine(eff), c.eff)
	if out, _ := model.EvidenceOutsidePeriod(ev, s.c.Session.Engagement); out {
		effCell = st.Warning.Render(pad(model.CleanLine(eff)+"!", c.eff))
	}
	kept := "copy" // a copy is stored in the engagement file
	if !ev.Stored {
		kept = "ref"
	}
	name := pad(model.CleanLine(ev.Name), c.name)
	if current {
		name = st.Bold.Render(name)
	}
	parts := []string{mark + pad(ev.Ref(), c.ref), name, pad(s.c.evidenceTargetLabel(ev.Target), c.target),
		padLeft(humanBytes(ev.Size), c.size), st.Muted.Render(pad(shortHash(model.CleanLine(ev.SHA256), 8), c.sha)), effCell}
	if c.ret > 0 {
		parts = append(parts, pad(orNone(model.CleanLine(string(ev.RetentionDate))), c.ret))
	}
	parts = append(parts, pad(kept, c.kept))
	if c.by > 0 {
		parts = append(parts, pad(model.CleanLine(ev.AttachedBy), c.by), pad(attachedDay(ev), c.when))
	}
	parts = append(parts, s.checkCell(ev.ID, c.check))
	return ansi.Truncate(strings.Join(parts, " "), s.w, "")
}

// checkCell is the last re-hash's outcome for id, coloured.
func (s *evidenceScreen) checkCell(id int64, w int) string {
	st := s.c.Styles
	e := s.c.Evidence
	c, ok := e.checks[id]
	switch {
	case e.checking:
		return st.Muted.Render(pad("checking…", w))
	case !ok:
		return st.Muted.Render(pad("—", w))
	case !c.Failed():
		return st.Success.Render(pad("ok", w))
	}
	return st.Danger.Render(pad(strings.ToUpper(model.CleanLine(c.Status)), w))
}

// footer shows the selected file's check detail when it failed, the
// out-of-period reason, or else where it was attached from.
func (s *evidenceScreen) footer() string {
	st := s.c.Styles
	ev, ok := s.selected()
	if !ok {
		return ""
	}
	if c, found := s.c.Evidence.checks[ev.ID]; found && c.Failed() {
		return st.Danger.Render(ansi.Truncate(" ✗ "+model.CleanLine(c.Detail), s.w, "…"))
	}
	if out, why := model.EvidenceOutsidePeriod(ev, s.c.Session.Engagement); out {
		return st.Warning.Render(ansi.Truncate(" ! "+model.CleanLine(why), s.w, "…"))
	}
	return st.Muted.Render(ansi.Truncate(" "+model.CleanLine(ev.Path), s.w, "…"))
}

// evidenceTargetLabel names what an evidence file supports: "QID@subject",
// "system NAME", "vendor NAME" or "EX-7".
func (c *Common) evidenceTargetLabel(t model.EvidenceTarget) string {
	switch t.Type {
	case model.TargetAnswer:
		q, subject, _ := strings.Cut(t.Key, "@")
		name := "org"
		if subject != model.SubjectOrg {
			name = narrativeSubjectName(c.Session, subject)
		}
		return model.CleanLine(q) + "@" + name
	case model.TargetSystem:
		id, _ := strconv.ParseInt(t.Key, 10, 64)
		return "system " + narrativeSubjectName(c.Session, model.SystemSubject(id))
	case model.TargetVendor:
		id, _ := strconv.ParseInt(t.Key, 10, 64)
		for _, v := range c.Session.Vendors {
			if v.ID == id {
				return "vendor " + model.CleanLine(v.Name)
			}
		}
		return "vendor " + model.CleanLine(t.Key)
	case model.TargetException:
		return "EX-" + model.CleanLine(t.Key)
	}
	return model.CleanLine(t.String())
}

// humanBytes is a size for people in at most 7 columns: 512 B, 1.2 KB,
// 700 MB.
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	v := float64(n) / float64(div)
	if v < 10 {
		return fmt.Sprintf("%.1f %cB", v, "KMGTPE"[exp])
	}
	return fmt.Sprintf("%.0f %cB", v, "KMGTPE"[exp])
}

// padLeft right-aligns plain text in w columns.
func padLeft(s string, w int) string {
	s = ansi.Truncate(s, w, "…")
	return strings.Repeat(" ", max(w-ansi.StringWidth(s), 0)) + s
}

// attachedDay is the UTC day an evidence file was attached.
func attachedDay(ev model.Evidence) string {
	if ev.AttachedAt.IsZero() {
		return "—"
	}
	return ev.AttachedAt.UTC().Format("2006-01-02")
}

func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
