package tui

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/google/uuid"

	"auditwalk/model"
)

// AttestedMsg reports AccountabilityStore.Attest (or the signing before
// it).
type AttestedMsg struct {
	Saved model.Attestation
	Err   error
}

func (AttestedMsg) writeDone() {}

func (m AttestedMsg) fold(c *Common) (StatusMsg, bool) {
	if m.Err != nil {
		return failed("Attestation NOT recorded", m.Err), false
	}
	c.Acct.atts = append(append([]model.Attestation(nil), c.Acct.atts...), m.Saved)
	signed := ""
	if m.Saved.Signature != "" {
		signed = ", signed"
	}
	return succeeded(fmt.Sprintf("Attested %s: %d answers%s, sha256 %.12s…", strings.Join(m.Saved.Controls, ", "),
		len(m.Saved.Answers), signed, m.Saved.AnswersSHA256)), true
}

// attestSignedMsg carries an attestation signed (or not) by ssh-keygen,
// ready to store.
type attestSignedMsg struct {
	att model.Attestation
	err error
}

// attestInput copies what an attestation is built from, so commands never
// read the session from their goroutine.
func (c *Common) attestInput(person model.Person, controls []string, items []model.Item, statement string) model.AttestationInput {
	return model.AttestationInput{Engagement: c.Session.Engagement, Person: person, Statement: statement,
		Controls: append([]string(nil), controls...), Items: append([]model.Item(nil), items...),
		Answers: maps.Clone(c.Session.answers), At: c.Now()}
}

// buildAttestation gives the input a fresh id and builds the attestation.
func buildAttestation(in model.AttestationInput) (model.Attestation, error) {
	in.UID = uuid.NewString()
	return model.NewAttestation(in)
}

// attest queues building and storing an unsigned attestation.
func (c *Common) attest(in model.AttestationInput) tea.Cmd {
	return c.acctWrite(func(ctx context.Context, st model.AccountabilityStore) tea.Msg {
		att, err := buildAttestation(in)
		if err != nil {
			return AttestedMsg{Err: err}
		}
		saved, err := st.Attest(ctx, att)
		return AttestedMsg{Saved: saved, Err: err}
	})
}

// storeSigned queues storing an attestation signed by signRun.
func (c *Common) storeSigned(att model.Attestation) tea.Cmd {
	return c.acctWrite(func(ctx context.Context, st model.AccountabilityStore) tea.Msg {
		saved, err := st.Attest(ctx, att)
		return AttestedMsg{Saved: saved, Err: err}
	})
}

// signRun builds and signs an attestation while Bubble Tea has handed the
// terminal back (tea.Exec), so ssh-keygen can ask for a passphrase.
type signRun struct {
	in      model.AttestationInput
	keyPath string
	sign    func(ctx context.Context, keyPath, payload string, prompt io.Writer) (string, string, error)
	ctxf    func() (context.Context, context.CancelFunc)
	stderr  io.Writer

	att model.Attestation
}

// SetStdin implements tea.ExecCommand; ssh-keygen reads the payload from
// its own stdin and passphrases from the terminal.
func (r *signRun) SetStdin(io.Reader) {}

// SetStdout implements tea.ExecCommand.
func (r *signRun) SetStdout(io.Writer) {}

// SetStderr implements tea.ExecCommand: prompts go there.
func (r *signRun) SetStderr(w io.Writer) { r.stderr = w }

// Run implements tea.ExecCommand.
func (r *signRun) Run() error {
	att, err := buildAttestation(r.in)
	if err != nil {
		return err
	}
	if r.stderr != nil {
		fmt.Fprintf(r.stderr, "auditwalk: signing attestation with %s\n", r.keyPath)
	}
	ctx, cancel := r.ctxf()
	defer cancel()
	att.Signature, att.SignerKey, err = r.sign(ctx, r.keyPath, att.Payload, r.stderr)
	r.att = att
	return err
}

// signAndAttest signs in the terminal, then stores through the queue.
func (c *Common) signAndAttest(in model.AttestationInput, keyPath string) tea.Cmd {
	parent := c.ctx
	if parent == nil {
		parent = context.Background()
	}
	// Long enough to type a passphrase; the program's context still ends it.
	ctxf := func() (context.Context, context.CancelFunc) { return context.WithTimeout(parent, 5*time.Minute) }
	r := &signRun{in: in, keyPath: expandTilde(keyPath), sign: c.Acct.cfg.Sign, ctxf: ctxf}
	return tea.Exec(r, func(err error) tea.Msg { return attestSignedMsg{att: r.att, err: err} })
}

// expandTilde expands a leading ~/ the way a shell would, for a key path
// typed into the app (no I/O: it reads $HOME only).
func expandTilde(p string) string {
	p = strings.TrimSpace(p)
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home := os.Getenv("HOME"); home != "" {
			return filepath.Join(home, rest)
		}
	}
	return p
}
