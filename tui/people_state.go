package tui

import (
	"context"
	"io"
	"maps"
	"strings"

	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// Screen ids of the accountability screens (people*.go, review*.go,
// attest*.go, conflict*.go).
const (
	ScreenPeople    ScreenID = "people"
	ScreenAttest    ScreenID = "attest"
	ScreenConflicts ScreenID = "conflicts"
	ScreenReviews   ScreenID = "reviews"
	ScreenIdentity  ScreenID = "identity"
)

// AccountabilityConfig backs the people, review, attestation and conflict
// screens; main.go wires it from the *data.Store. A nil Store leaves them
// empty with a notice, and hides review badges in the walkthrough.
type AccountabilityConfig struct {
	Store model.AccountabilityStore
	// AskIdentity shows the "who are you?" prompt at start: nothing said
	// who runs auditwalk (no --as, no $AUDITWALK_AS, no saved identity).
	AskIdentity bool
	// SaveIdentity makes the store record name on later changes and
	// remembers it on this machine (the file whoami --set writes); it runs
	// in a command and returns where it saved. nil keeps it for the session.
	SaveIdentity func(ctx context.Context, name string) (where string, err error)
	// Sign signs an attestation payload with the SSH private key at keyPath
	// (ssh-keygen -Y sign); passphrase prompts go to prompt. nil hides
	// signing.
	Sign func(ctx context.Context, keyPath, payload string, prompt io.Writer) (signature, signerKey string, err error)
}

// acctState is people, assignments, reviews, attestations and conflicts as
// the screens see them: the last load, replaced by the reload every save
// triggers. It is shared through Common and mutated only on the event loop,
// by Common.applyAcct (called by the App) and the load result.
type acctState struct {
	cfg AccountabilityConfig

	people    model.People
	assign    model.Assignments
	reviews   map[model.AnswerKey]model.Review
	atts      []model.Attestation
	conflicts []model.Conflict
	loaded    bool
	loadErr   error
	// rev changes whenever anything here changes, so screens can cache
	// what they derive from it.
	rev int
	// loadSeq numbers loads; an older result than the newest applied one
	// is dropped, so a slow early load cannot undo a later one.
	loadSeq, appliedSeq int
}

func newAcctState(cfg AccountabilityConfig) *acctState {
	return &acctState{cfg: cfg, reviews: map[model.AnswerKey]model.Review{}}
}

// available reports whether an engagement store backs the screens.
func (t *acctState) available() bool { return t != nil && t.cfg.Store != nil }

// openConflicts counts conflicts still waiting for a decision.
func (t *acctState) openConflicts() int {
	n := 0
	for _, c := range t.conflicts {
		if c.Status == model.ConflictOpen {
			n++
		}
	}
	return n
}

// acctLoadedMsg carries a full load.
type acctLoadedMsg struct {
	seq       int
	people    model.People
	assign    model.Assignments
	reviews   map[model.AnswerKey]model.Review
	atts      []model.Attestation
	conflicts []model.Conflict
	err       error
}

// loadAcct returns the command that reads everything. The saved answers are
// copied first: the command runs off the event loop.
func (c *Common) loadAcct() tea.Cmd {
	t := c.Acct
	if !t.available() {
		return nil
	}
	t.loadSeq++
	seq, store, ctxf := t.loadSeq, t.cfg.Store, c.storeCtx
	answers := maps.Clone(c.Session.answers)
	return func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		m := acctLoadedMsg{seq: seq}
		if m.people, m.err = store.People(ctx); m.err != nil {
			return m
		}
		if m.assign, m.err = store.Assignments(ctx); m.err != nil {
			return m
		}
		if m.reviews, m.err = store.AnswerReviews(ctx, answers); m.err != nil {
			return m
		}
		if m.atts, m.err = store.Attestations(ctx); m.err != nil {
			return m
		}
		m.conflicts, m.err = store.Conflicts(ctx, "")
		return m
	}
}

// applyLoad folds a load result in unless a newer one was applied.
func (t *acctState) applyLoad(m acctLoadedMsg) {
	if m.seq < t.appliedSeq {
		return
	}
	t.appliedSeq = m.seq
	t.rev++
	if m.err != nil {
		t.loadErr = m.err
		return
	}
	t.loadErr, t.loaded = nil, true
	t.people, t.assign, t.atts, t.conflicts = m.people, m.assign, m.atts, m.conflicts
	t.reviews = m.reviews
	if t.reviews == nil {
		t.reviews = map[model.AnswerKey]model.Review{}
	}
}

// me is the person at the keyboard, if the engagement knows them.
func (c *Common) me() (model.Person, bool) { return c.Acct.people.Find(c.Actor) }

// meLabel names the actor with their roles, for screen headings.
func (c *Common) meLabel() string {
	if p, ok := c.me(); ok {
		return model.CleanLine(p.Name) + " (" + orText(p.RoleList(), "no roles") + ")"
	}
	return model.CleanLine(c.Actor) + " (not a person of this engagement)"
}

// reviewOf is the review of k judged against the saved answer now: an
// answer changed after approval reads "not reviewed" with the reason.
func (c *Common) reviewOf(k model.AnswerKey) model.Review {
	r, ok := c.Acct.reviews[k]
	if !ok {
		return model.Review{Kind: model.ReviewAnswer, Key: model.ReviewKey(k.QuestionID, k.Subject), State: model.ReviewNotReviewed}
	}
	a, has := c.Session.answers[k]
	return r.Current(model.AnswerContentSHA256(k, a, has))
}

// putSaved records an answer the store changed outside the walkthrough (a
// conflict resolved by taking theirs), so every screen shows it.
func (s *Session) putSaved(a model.Answer) {
	s.answers[a.Key()] = a
	s.rev++
}

func orText(s, alt string) string {
	if strings.TrimSpace(s) == "" {
		return alt
	}
	return s
}

// acctResult is a write result of the accountability screens: the App
// folds it in (Common.applyAcct) before broadcasting it.
type acctResult interface {
	writeResult
	fold(c *Common) (status StatusMsg, ok bool)
}

// applyAcct folds a write result into the state and the session, reports
// it, and reloads so every screen shows what the store now holds.
func (c *Common) applyAcct(m acctResult) tea.Cmd {
	st, ok := m.fold(c)
	c.Acct.rev++
	status := func() tea.Msg { return st }
	if !ok {
		return status
	}
	return tea.Batch(status, c.loadAcct())
}

// acctWrite queues a store call through the write queue, so writes stay in
// order and quitting waits for them. call runs off the event loop and must
// use only values its caller captured.
func (c *Common) acctWrite(call func(context.Context, model.AccountabilityStore) tea.Msg) tea.Cmd {
	store, ctxf := c.Acct.cfg.Store, c.storeCtx
	return c.Writes.push(write{run: func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		return call(ctx, store)
	}})
}

func failed(what string, err error) StatusMsg {
	return StatusMsg{Kind: statusError, Text: what + ": " + model.CleanLine(err.Error())}
}

func succeeded(text string) StatusMsg { return StatusMsg{Kind: statusSuccess, Text: text} }
