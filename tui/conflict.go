package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// ConflictResolvedMsg reports AccountabilityStore.ResolveConflict.
type ConflictResolvedMsg struct {
	ID    int64
	Take  string
	Saved model.Conflict
	Err   error
}

func (ConflictResolvedMsg) writeDone() {}

func (m ConflictResolvedMsg) fold(c *Common) (StatusMsg, bool) {
	if m.Err != nil {
		return failed(fmt.Sprintf("Conflict %d NOT resolved", m.ID), m.Err), false
	}
	list := append([]model.Conflict(nil), c.Acct.conflicts...)
	for i := range list {
		if list[i].ID == m.ID {
			list[i] = m.Saved
		}
	}
	c.Acct.conflicts = list
	if m.Take == "theirs" && m.Saved.TheirsOK {
		// The store wrote the packet's answer; show it everywhere at once.
		c.Session.putSaved(m.Saved.Theirs)
	}
	label := model.ReviewKey(m.Saved.Key.QuestionID, m.Saved.Key.Subject)
	return succeeded(fmt.Sprintf("Conflict %d on %s resolved: took %s", m.ID, model.CleanLine(label), m.Take)), true
}

// conflictScreen shows merge conflicts side by side, ours (this file)
// against theirs (the owner's packet), and resolves one by taking a side
// (g c, or C on the dashboard when any are open).
type conflictScreen struct {
	c    *Common
	keys conflictKeys
	all  bool
	cur  int
	w, h int
}

type conflictKeys struct {
	Down, Up, Ours, Theirs, All, Reload key.Binding
}

func defaultConflictKeys() conflictKeys {
	return conflictKeys{
		Down:   binding([]string{"j", "down"}, "j/↓", "next"),
		Up:     binding([]string{"k", "up"}, "k/↑", "prev"),
		Ours:   binding([]string{"o"}, "o", "keep ours"),
		Theirs: binding([]string{"t"}, "t", "take theirs"),
		All:    binding([]string{"f"}, "f", "open/all"),
		Reload: binding([]string{"r"}, "r", "reload"),
	}
}

func newConflictScreen(c *Common) *conflictScreen {
	return &conflictScreen{c: c, keys: defaultConflictKeys()}
}

// list is the conflicts shown: open ones, or every one with f.
func (s *conflictScreen) list() []model.Conflict {
	var out []model.Conflict
	for _, c := range s.c.Acct.conflicts {
		if s.all || c.Status == model.ConflictOpen {
			out = append(out, c)
		}
	}
	return out
}

// ID implements Screen.
func (s *conflictScreen) ID() ScreenID { return ScreenConflicts }

// Title implements Screen.
func (s *conflictScreen) Title() string { return "Merge conflicts" }

// Init implements Screen.
func (s *conflictScreen) Init() tea.Cmd { return s.c.loadAcct() }

// Resize implements Screen.
func (s *conflictScreen) Resize(w, h int) tea.Cmd { s.w, s.h = w, h; return nil }

// Captures implements Screen.
func (s *conflictScreen) Captures(tea.KeyPressMsg) bool { return false }

// ShortHelp implements help.KeyMap.
func (s *conflictScreen) ShortHelp() []key.Binding {
	k := s.keys
	return []key.Binding{k.Ours, k.Theirs, k.Down, k.Up, k.All, k.Reload}
}

// FullHelp implements help.KeyMap.
func (s *conflictScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// Update implements Screen.
func (s *conflictScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	m, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	k := s.keys
	list := s.list()
	switch {
	case key.Matches(m, k.All):
		s.all = !s.all
		s.cur = 0
	case key.Matches(m, k.Reload):
		return s, s.c.loadAcct()
	case len(list) == 0:
	case key.Matches(m, k.Down):
		s.cur = min(s.cur+1, len(list)-1)
	case key.Matches(m, k.Up):
		s.cur = max(s.cur-1, 0)
	case key.Matches(m, k.Ours):
		return s, s.resolve(list[min(s.cur, len(list)-1)], "ours")
	case key.Matches(m, k.Theirs):
		return s, s.resolve(list[min(s.cur, len(list)-1)], "theirs")
	}
	return s, nil
}

// resolve checks the actor may resolve (an assessor) and queues it.
func (s *conflictScreen) resolve(cf model.Conflict, take string) tea.Cmd {
	if cf.Status != model.ConflictOpen {
		return ShowStatus(fmt.Sprintf("conflict %d was already resolved (took %s, by %s)", cf.ID, cf.Resolution, model.CleanLine(cf.ResolvedBy)), true)
	}
	if _, err := s.c.Acct.people.Require(s.c.Actor, model.RoleAssessor, "resolve conflicts"); err != nil {
		return ShowStatus(err.Error(), true)
	}
	id := cf.ID
	return s.c.acctWrite(func(ctx context.Context, st model.AccountabilityStore) tea.Msg {
		saved, err := st.ResolveConflict(ctx, id, take)
		return ConflictResolvedMsg{ID: id, Take: take, Saved: saved, Err: err}
	})
}

// View implements Screen.
func (s *conflictScreen) View() string {
	st := s.c.Styles
	w := s.w
	list := s.list()
	what := "open"
	if s.all {
		what = "in all"
	}
	lines := []string{st.Title.Render(ansi.Truncate(fmt.Sprintf(" Merge conflicts · %d %s · you are %s", len(list), what, s.c.meLabel()), w, "…"))}
	switch {
	case !s.c.Acct.available():
		return strings.Join(append(lines, st.Muted.Render(" No engagement store: conflicts are not available here.")), "\n")
	case len(list) == 0:
		return strings.Join(append(lines, "", st.Muted.Render(ansi.Truncate(" No open conflicts. A packet merge lists here any answer both you and the owner changed. f shows resolved ones.", w, "…"))), "\n")
	}
	cur := min(s.cur, len(list)-1)
	listH := min(len(list), max(s.h/4, 2))
	start := min(max(cur-listH/2, 0), max(len(list)-listH, 0))
	for i := start; i < len(list) && i < start+listH; i++ {
		cf := list[i]
		state := "open"
		if cf.Status == model.ConflictResolved {
			state = "took " + cf.Resolution + " · " + model.CleanLine(cf.ResolvedBy)
		}
		row := fmt.Sprintf(" #%-3d %s  %s", cf.ID, pad(s.conflictLabel(cf), max(w/2, 20)), state)
		if i == cur {
			lines = append(lines, st.Selected.Render(pad("▸"+row[1:], w)))
		} else {
			lines = append(lines, ansi.Truncate(row, w, "…"))
		}
	}
	lines = append(lines, "")
	return strings.Join(append(lines, s.sideBySide(list[cur], s.h-len(lines))...), "\n")
}

func (s *conflictScreen) conflictLabel(cf model.Conflict) string {
	label := model.CleanLine(cf.Key.QuestionID) + "@" + model.CleanLine(cf.Key.Subject)
	if _, ctl, ok := s.c.Session.Pack.Question(cf.Key.QuestionID); ok && ctl != nil {
		label = model.CleanLine(ctl.ID) + " " + label
	}
	return label
}

// sideBySide renders the two answers in columns.
func (s *conflictScreen) sideBySide(cf model.Conflict, room int) []string {
	st := s.c.Styles
	w := s.w
	var q *model.Question
	if qq, _, ok := s.c.Session.Pack.Question(cf.Key.QuestionID); ok {
		q = qq
	}
	lines := []string{}
	if q != nil {
		lines = append(lines, st.Bold.Render(ansi.Truncate(" "+model.CleanLine(q.Prompt), w, "…")))
	}
	colW := max((w-3)/2, 10)
	left := s.sideLines("Ours (this file)", cf.Ours, cf.OursOK, q, colW)
	right := s.sideLines("Theirs (packet "+shortID(cf.PacketID)+")", cf.Theirs, cf.TheirsOK, q, colW)
	for i := 0; i < max(len(left), len(right)) && len(lines) < room-1; i++ {
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		lines = append(lines, " "+pad(l, colW)+st.BarEmpty.Render("│")+" "+pad(r, colW-1))
	}
	if cf.Status == model.ConflictResolved && len(lines) < room {
		lines = append(lines, st.Muted.Render(ansi.Truncate(fmt.Sprintf(" Resolved %s by %s: took %s", cf.ResolvedAt.UTC().Format("2006-01-02 15:04"),
			model.CleanLine(cf.ResolvedBy), cf.Resolution), w, "…")))
	}
	return lines
}

func (s *conflictScreen) sideLines(title string, a model.Answer, ok bool, q *model.Question, w int) []string {
	st := s.c.Styles
	out := []string{st.Subtitle.Render(ansi.Truncate(title, w, "…"))}
	if !ok {
		return append(out, st.Muted.Render("no answer"))
	}
	val := model.CleanLine(a.Value)
	if q != nil {
		val = model.CleanLine(a.Display(q))
	}
	out = append(out, "value: "+st.Bold.Render(ansi.Truncate(val, w-8, "…")))
	if a.Justification != "" {
		out = append(out, "why:   "+model.CleanLine(a.Justification))
	}
	if a.Note != "" {
		out = append(out, "note:  "+model.CleanLine(a.Note))
	}
	if a.Source != "" {
		out = append(out, "source: "+sourceLabel(a.Source))
	}
	by := "by " + orText(model.CleanLine(a.UpdatedBy), "?")
	if !a.UpdatedAt.IsZero() {
		by += " · " + a.UpdatedAt.UTC().Format("2006-01-02 15:04")
	}
	out = append(out, st.Muted.Render(by))
	return out
}

// shortID shortens a packet id for a column heading.
func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return model.CleanLine(id)
}
