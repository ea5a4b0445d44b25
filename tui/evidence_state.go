package tui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// EvidenceConfig backs the evidence screen and the attach forms. main.go
// wires it from the *data.Store; a nil Store hides evidence.
type EvidenceConfig struct {
	// Store lists and deletes evidence.
	Store model.EvidenceStore
	// Attach hashes the file at path and attaches it to target
	// ("answer:QID@subject", "system:ID", "vendor:ID", "exception:ID").
	// It runs inside a command: hashing a large file never blocks the UI.
	Attach func(ctx context.Context, target, path string, opts EvidenceAttachOptions) (model.Evidence, error)
	// Check re-hashes every evidence file (read-only).
	Check func(ctx context.Context) ([]EvidenceCheck, error)
}

// EvidenceAttachOptions are the attach form's choices (data.AttachOptions
// without the size limit, which stays the store's default).
type EvidenceAttachOptions struct {
	EffectiveDate model.Date
	Retention     model.Date
	ReferenceOnly bool
	Note          string
}

// EvidenceCheck is the outcome of re-hashing one evidence file: Status is
// "ok", "changed", "missing" or "unreadable"; Detail explains anything but
// ok in one line.
type EvidenceCheck struct {
	ID     int64
	Status string
	Detail string
}

// Failed reports whether the file changed, vanished or cannot be read.
func (c EvidenceCheck) Failed() bool { return c.Status != "ok" }

// DetectFunc re-runs exception detection and returns a one-line summary
// ("3 new, 1 reopened, 2 closed").
type DetectFunc func(ctx context.Context) (string, error)

// evidenceState is the evidence list as every screen sees it: the last
// load, indexed by target for the walkthrough's counts, and the last check.
// It lives in Common and is changed only on the event loop (App.Update
// folds every evidence result before the screens see it).
type evidenceState struct {
	cfg    EvidenceConfig
	detect DetectFunc

	list     []model.Evidence
	byTarget map[string]int
	checks   map[int64]EvidenceCheck
	checking bool
	checkErr error
	loaded   bool
	loadErr  error
	// rev changes whenever list or checks change, so screens can cache.
	rev                 int
	loadSeq, appliedSeq int
	token               int
	detecting           bool
}

func newEvidenceState(cfg EvidenceConfig, detect DetectFunc) *evidenceState {
	return &evidenceState{cfg: cfg, detect: detect, byTarget: map[string]int{}, checks: map[int64]EvidenceCheck{}}
}

// available reports whether a store backs evidence.
func (e *evidenceState) available() bool { return e != nil && e.cfg.Store != nil }

// canAttach reports whether the attach forms can save.
func (e *evidenceState) canAttach() bool { return e.available() && e.cfg.Attach != nil }

// countFor is how many evidence files support target (as the store keys
// it, model.EvidenceTarget.String()); 0 before the first load.
func (e *evidenceState) countFor(target string) int {
	if e == nil {
		return 0
	}
	return e.byTarget[target]
}

// evidenceResult marks the messages App.Update folds into evidenceState.
type evidenceResult interface{ evidenceResult() }

// evidenceLoadedMsg carries a full evidence list.
type evidenceLoadedMsg struct {
	seq  int
	list []model.Evidence
	err  error
}

// EvidenceAttachedMsg reports an attach. Token is the asking form's.
type EvidenceAttachedMsg struct {
	Token  int
	Target string
	Saved  model.Evidence
	Err    error
}

// EvidenceDeletedMsg reports a delete.
type EvidenceDeletedMsg struct {
	ID   int64
	Name string
	Err  error
}

// evidenceCheckedMsg carries a re-hash of every file.
type evidenceCheckedMsg struct {
	checks []EvidenceCheck
	err    error
}

// DetectionRanMsg reports a detection run from the triage queue.
type DetectionRanMsg struct {
	Summary string
	Err     error
}

func (evidenceLoadedMsg) evidenceResult()   {}
func (EvidenceAttachedMsg) evidenceResult() {}
func (EvidenceDeletedMsg) evidenceResult()  {}
func (evidenceCheckedMsg) evidenceResult()  {}
func (DetectionRanMsg) evidenceResult()     {}

// Attaches, deletes and detection runs are writes: they go through the
// write queue so they stay in order with answers and quitting waits.
func (EvidenceAttachedMsg) writeDone() {}
func (EvidenceDeletedMsg) writeDone()  {}
func (DetectionRanMsg) writeDone()     {}

// loadEvidence returns the command that lists evidence.
func (c *Common) loadEvidence() tea.Cmd {
	e := c.Evidence
	if !e.available() {
		return nil
	}
	e.loadSeq++
	seq, store, ctxf := e.loadSeq, e.cfg.Store, c.storeCtx
	return func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		list, err := store.ListEvidence(ctx)
		return evidenceLoadedMsg{seq: seq, list: list, err: err}
	}
}

// attachEvidence queues an attach of path to target. A leading ~/ means the
// home directory, as in the path completion.
func (c *Common) attachEvidence(token int, target, path string, opts EvidenceAttachOptions) tea.Cmd {
	attach, ctxf := c.Evidence.cfg.Attach, c.storeCtx
	return c.Writes.push(write{run: func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		p := path
		if rest, ok := strings.CutPrefix(p, "~/"); ok {
			if home, err := os.UserHomeDir(); err == nil {
				p = filepath.Join(home, rest)
			}
		}
		ev, err := attach(ctx, target, p, opts)
		return EvidenceAttachedMsg{Token: token, Target: target, Saved: ev, Err: err}
	}})
}

// deleteEvidence queues a delete of evidence id.
func (c *Common) deleteEvidence(id int64, name string) tea.Cmd {
	store, ctxf := c.Evidence.cfg.Store, c.storeCtx
	return c.Writes.push(write{run: func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		return EvidenceDeletedMsg{ID: id, Name: name, Err: store.DeleteEvidence(ctx, id)}
	}})
}

// checkEvidence re-hashes every file in a command (read-only, so not
// queued behind writes).
func (c *Common) checkEvidence() tea.Cmd {
	e := c.Evidence
	if !e.available() || e.cfg.Check == nil {
		return ShowStatus("Evidence checks are not available in this session (use auditwalk evidence check).", true)
	}
	if e.checking {
		return nil
	}
	e.checking = true
	check, ctxf := e.cfg.Check, c.storeCtx
	return func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		out, err := check(ctx)
		return evidenceCheckedMsg{checks: out, err: err}
	}
}

// runDetection queues a detection run; its result reloads the queue.
func (c *Common) runDetection() tea.Cmd {
	e := c.Evidence
	if e == nil || e.detect == nil {
		return ShowStatus("Detection is not available in this session (use auditwalk detect).", true)
	}
	if e.detecting {
		return ShowStatus("Detection is already running…", false)
	}
	e.detecting = true
	detect, ctxf := e.detect, c.storeCtx
	return tea.Batch(ShowStatus("Running detection…", false), c.Writes.push(write{run: func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		sum, err := detect(ctx)
		return DetectionRanMsg{Summary: sum, Err: err}
	}}))
}

// applyEvidence folds a result into the shared state before any screen
// sees it, and returns the status report and any reload.
func (c *Common) applyEvidence(m evidenceResult) tea.Cmd {
	e := c.Evidence
	switch m := m.(type) {
	case evidenceLoadedMsg:
		return e.applyLoad(m)
	case EvidenceAttachedMsg:
		if m.Err != nil {
			return ShowStatus("Evidence NOT attached: "+oneLine(m.Err), true)
		}
		ev := m.Saved
		text := fmt.Sprintf("attached %s (sha256 %s…)", model.CleanLine(ev.Name), shortHash(ev.SHA256, 16))
		return tea.Batch(succeededStatus(text), c.loadEvidence())
	case EvidenceDeletedMsg:
		if m.Err != nil {
			return ShowStatus("Evidence NOT deleted: "+oneLine(m.Err), true)
		}
		delete(e.checks, m.ID)
		return tea.Batch(succeededStatus("deleted EV-"+itoa64(m.ID)+" "+model.CleanLine(m.Name)), c.loadEvidence())
	case evidenceCheckedMsg:
		return e.applyCheck(m)
	case DetectionRanMsg:
		e.detecting = false
		if m.Err != nil {
			return ShowStatus("Detection failed: "+oneLine(m.Err), true)
		}
		return tea.Batch(succeededStatus("Detection: "+model.CleanLine(m.Summary)), c.loadTriage())
	}
	return nil
}

func (e *evidenceState) applyLoad(m evidenceLoadedMsg) tea.Cmd {
	if m.seq < e.appliedSeq {
		return nil
	}
	e.appliedSeq = m.seq
	e.rev++
	if m.err != nil {
		e.loadErr = m.err
		return ShowStatus("Evidence not loaded: "+oneLine(m.err), true)
	}
	e.loadErr, e.loaded, e.list = nil, true, m.list
	clear(e.byTarget)
	for _, ev := range e.list {
		e.byTarget[ev.Target.String()]++
	}
	return nil
}

func (e *evidenceState) applyCheck(m evidenceCheckedMsg) tea.Cmd {
	e.checking = false
	e.rev++
	if m.err != nil {
		e.checkErr = m.err
		return ShowStatus("Evidence check failed: "+oneLine(m.err), true)
	}
	e.checkErr = nil
	clear(e.checks)
	failed := 0
	for _, c := range m.checks {
		e.checks[c.ID] = c
		if c.Failed() {
			failed++
		}
	}
	text := fmt.Sprintf("Checked %d evidence files: %d ok, %d changed, missing or unreadable",
		len(m.checks), len(m.checks)-failed, failed)
	if failed > 0 {
		return ShowStatus(text, true)
	}
	return succeededStatus(text)
}

// succeededStatus is a green status line message.
func succeededStatus(text string) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Text: text, Kind: statusSuccess} }
}

// oneLine renders an error on one cleaned line.
func oneLine(err error) string { return model.CleanLine(err.Error()) }

// shortHash is the first n characters of a hex digest.
func shortHash(h string, n int) string {
	if len(h) > n {
		return h[:n]
	}
	return h
}
