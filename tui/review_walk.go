package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// ReviewSavedMsg reports AccountabilityStore.ReviewAnswer.
type ReviewSavedMsg struct {
	Key    model.AnswerKey
	Action model.ReviewAction
	Saved  model.Review
	Err    error
}

func (ReviewSavedMsg) writeDone() {}

func (m ReviewSavedMsg) fold(c *Common) (StatusMsg, bool) {
	label := model.ReviewKey(m.Key.QuestionID, m.Key.Subject)
	if m.Err != nil {
		return failed("Review of "+model.CleanLine(label)+" NOT saved", m.Err), false
	}
	c.Acct.reviews[m.Key] = m.Saved
	return succeeded(model.CleanLine(label) + ": " + reviewWord(m.Saved.State) + " by " + model.CleanLine(m.Saved.Reviewer)), true
}

// acctWalkKeys are the walkthrough's accountability bindings: review the
// current answer, assign its control, and the owner view.
type acctWalkKeys struct {
	Approve, Reviewed, Changes, Owner, Mine key.Binding
}

func defaultAcctWalkKeys() acctWalkKeys {
	b := func(k, h, d string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(h, d)) }
	return acctWalkKeys{
		Approve:  b("A", "A", "approve"),
		Reviewed: b("R", "R", "mark reviewed"),
		Changes:  b("C", "C", "request changes"),
		Owner:    b("O", "O", "assign owner"),
		Mine:     b("M", "M", "mine only"),
	}
}

// acctBindings are the accountability keys for the walkthrough's help
// (none when no store backs them).
func (s *walkScreen) acctBindings() []key.Binding {
	if !s.c.Acct.available() {
		return nil
	}
	k := defaultAcctWalkKeys()
	return []key.Binding{k.Approve, k.Reviewed, k.Changes, k.Owner, k.Mine}
}

// acctKey handles the accountability keys of the walkthrough; ok is false
// when the key is not one of them.
func (s *walkScreen) acctKey(m tea.KeyPressMsg) (tea.Cmd, bool) {
	if !s.c.Acct.available() {
		return nil, false
	}
	k := defaultAcctWalkKeys()
	switch {
	case key.Matches(m, k.Mine):
		return s.toggleMine(), true
	case key.Matches(m, k.Owner):
		return s.assignCurrent(), true
	case key.Matches(m, k.Approve):
		return s.review(model.ReviewApprove), true
	case key.Matches(m, k.Reviewed):
		return s.review(model.ReviewMarkReviewed), true
	case key.Matches(m, k.Changes):
		it, ok := s.current()
		if !ok {
			return nil, true
		}
		if err := s.c.reviewCheck(it.Key(), model.ReviewRequestChanges, "(comment follows)"); err != nil {
			return ShowStatus(err.Error(), true), true
		}
		return Navigate(NavigateMsg{Push: newReviewComment(s.c, it)}), true
	}
	return nil, false
}

func (s *walkScreen) review(action model.ReviewAction) tea.Cmd {
	it, ok := s.current()
	if !ok {
		return nil
	}
	return s.c.reviewAnswer(it.Key(), action, "")
}

// reviewCheck applies the model's review rules to what the screens know
// (model.People.Require, model.Apply), so a refusal shows at once with the
// model's own words; the store applies them again when writing.
func (c *Common) reviewCheck(k model.AnswerKey, action model.ReviewAction, comment string) error {
	p, err := c.Acct.people.Require(c.Actor, model.RoleReviewer, "review")
	if err != nil {
		return err
	}
	if _, state, _, ok := c.Session.Answer(k); ok && state != stateSaved {
		return errString("wait until the answer is saved, then review it")
	}
	a, ok := c.Session.answers[k]
	target := model.ReviewTarget{Kind: model.ReviewAnswer, Key: model.ReviewKey(k.QuestionID, k.Subject),
		ContentSHA256: model.AnswerContentSHA256(k, a, ok), Authors: []string{a.UpdatedBy}, Empty: !ok || !a.IsAnswered()}
	cur, found := c.Acct.reviews[k]
	if !found {
		cur = model.Review{Kind: model.ReviewAnswer, Key: target.Key}
	}
	_, err = model.Apply(cur, target, action, p.Name, comment, c.Now())
	return err
}

// reviewAnswer checks and queues a review action on the answer for k.
func (c *Common) reviewAnswer(k model.AnswerKey, action model.ReviewAction, comment string) tea.Cmd {
	if err := c.reviewCheck(k, action, comment); err != nil {
		return ShowStatus(err.Error(), true)
	}
	return c.acctWrite(func(ctx context.Context, st model.AccountabilityStore) tea.Msg {
		saved, err := st.ReviewAnswer(ctx, k, action, comment)
		return ReviewSavedMsg{Key: k, Action: action, Saved: saved, Err: err}
	})
}

// reviewWord is a review state as people say it.
func reviewWord(s model.ReviewState) string {
	switch s {
	case model.ReviewReviewed:
		return "reviewed"
	case model.ReviewApproved:
		return "approved"
	case model.ReviewChangesRequested:
		return "changes requested"
	}
	return "not reviewed"
}

// reviewBadge renders a review as one styled phrase: state, reviewer and
// comment, or why an earlier review no longer holds.
func (c *Common) reviewBadge(r model.Review) string {
	st := c.Styles
	by := ""
	if r.Reviewer != "" {
		by = " by " + model.CleanLine(r.Reviewer)
		if !r.At.IsZero() {
			by += " " + r.At.UTC().Format("2006-01-02")
		}
	}
	switch r.StateOrDefault() {
	case model.ReviewApproved:
		return st.Success.Render("✓ approved" + by)
	case model.ReviewReviewed:
		return st.Accent.Render("◉ reviewed" + by)
	case model.ReviewChangesRequested:
		out := st.Danger.Render("✎ changes requested" + by)
		if r.Comment != "" {
			out += st.Danger.Render(": " + model.CleanLine(r.Comment))
		}
		return out
	}
	if r.Reset != "" {
		return st.Warning.Render("○ not reviewed — " + model.CleanLine(r.Reset))
	}
	return st.Muted.Render("○ not reviewed")
}

// reviewBlock adds the current answer's review state and the owners of its
// control and system to the walkthrough pane (nothing without a store).
func (s *walkScreen) reviewBlock(b *strings.Builder, it model.Item, w int) {
	c := s.c
	if !c.Acct.available() {
		return
	}
	if a, ok := c.Session.answers[it.Key()]; ok && a.IsAnswered() {
		line := " Review: " + c.reviewBadge(c.reviewOf(it.Key()))
		if a.UpdatedBy != "" {
			line += c.Styles.Muted.Render(" · answered by " + model.CleanLine(a.UpdatedBy))
		}
		// Wrapped, not cut: the reason a review was reset is the point.
		b.WriteString(ansi.Wrap(line, max(w, 20), " ") + "\n")
	}
	owner := "Owner: " + orText(model.CleanLine(c.ownerOf(controlTarget(it.Control))), "nobody")
	if it.System != nil {
		owner += " · system owner: " + orText(model.CleanLine(c.ownerOf(systemTarget(it.System))), "nobody")
	}
	b.WriteString(c.Styles.Muted.Render(ansi.Truncate(" "+owner, w, "…")) + "\n")
}
