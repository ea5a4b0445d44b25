package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"

	"github.com/spf13/cobra"

	"auditwalk/data"
	"auditwalk/model"
	"auditwalk/questionnaires"
)

// defaultDBFile is the engagement file used when neither --db nor
// AUDITWALK_DB is given.
const defaultDBFile = "auditwalk.db"

// cliEnv carries the global flags and output streams to every subcommand.
type cliEnv struct {
	stdout, stderr io.Writer
	db             string
	packsDir       string
	packID         string
	actor          string
}

func newCLIEnv(stdout, stderr io.Writer) *cliEnv {
	return &cliEnv{stdout: stdout, stderr: stderr}
}

func (e *cliEnv) bindGlobalFlags(root *cobra.Command) {
	f := root.PersistentFlags()
	f.StringVar(&e.db, "db", "", "engagement file (default $AUDITWALK_DB or ./"+defaultDBFile+")")
	f.StringVar(&e.packsDir, "packs", "", "directory of custom questionnaire packs (YAML)")
	f.StringVar(&e.packID, "pack", "", "pack id to start a new engagement with (default soc2-ai)")
	f.StringVar(&e.actor, "as", "", "your name, recorded on every change (default $AUDITWALK_AS, then whoami --set, then your login)")
}

// dbPath resolves the engagement file: --db, then $AUDITWALK_DB, then the
// default in the working directory.
func (e *cliEnv) dbPath() string {
	if e.db != "" {
		return e.db
	}
	if v := os.Getenv("AUDITWALK_DB"); v != "" {
		return v
	}
	return defaultDBFile
}

// actorName resolves who is making changes.
func (e *cliEnv) actorName() string {
	if e.actor != "" {
		return e.actor
	}
	if v := os.Getenv("AUDITWALK_AS"); v != "" {
		return v
	}
	if v := savedIdentity(); v != "" { // auditwalk whoami --set (cli_people.go)
		return v
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}

// openStore opens the engagement file. Read-only opens never create or
// migrate the file and do not take the writer lock.
//
// Only the walkthrough and imports create a new file (createStore); every
// other command refuses a missing one, so a mistyped --db never leaves a
// stray engagement behind.
func (e *cliEnv) openStore(ctx context.Context, readOnly bool) (*data.Store, error) {
	path := e.dbPath()
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%s: no engagement file here (run auditwalk to create one, or pass --db)", path)
	}
	return e.open(ctx, path, readOnly)
}

// createStore opens the engagement file for writing, creating it (0600,
// built aside and moved into place) when it does not exist.
func (e *cliEnv) createStore(ctx context.Context) (*data.Store, error) {
	return e.open(ctx, e.dbPath(), false)
}

func (e *cliEnv) open(ctx context.Context, path string, readOnly bool) (*data.Store, error) {
	st, err := data.Open(ctx, path, data.Options{Actor: e.actorName(), ReadOnly: readOnly})
	if readOnly && errors.Is(err, data.ErrOlderSchema) {
		// An older engagement file is upgraded in place (forward-only
		// migrations, each in a transaction) before reading it, as opening
		// it in the app would.
		w, werr := data.Open(ctx, path, data.Options{Actor: e.actorName()})
		if werr != nil {
			return nil, werr
		}
		if werr = w.Close(); werr != nil {
			return nil, werr
		}
		return data.Open(ctx, path, data.Options{Actor: e.actorName(), ReadOnly: true})
	}
	return st, err
}

// availablePacks returns the built-in packs plus any custom ones; a bad
// custom pack is reported on stderr and skipped, never fatal.
func (e *cliEnv) availablePacks() ([]*model.Pack, error) {
	packs, errs := questionnaires.Available(e.packsDir)
	for _, err := range errs {
		fmt.Fprintln(e.stderr, "auditwalk: warning: "+oneLine(err.Error()))
	}
	if len(packs) == 0 {
		return nil, fmt.Errorf("no questionnaire packs could be loaded")
	}
	return packs, nil
}

// enginePack returns the pack the engagement was started with, starting the
// engagement on the chosen pack if it has none yet. The pack's source is
// stored in the file, so answers keep their meaning when the binary's packs
// change.
func (e *cliEnv) engagementPack(ctx context.Context, st *data.Store) (*model.Pack, error) {
	id, _, _, src, ok, err := st.PackSource(ctx)
	if err != nil {
		return nil, err
	}
	if ok {
		p, err := questionnaires.Parse("engagement:"+id, src)
		if err != nil {
			return nil, fmt.Errorf("%s: stored pack %s does not load: %w", e.dbPath(), id, err)
		}
		return p, nil
	}
	p, src, err := e.choosePack()
	if err != nil {
		return nil, err
	}
	if err := st.StartEngagement(ctx, p.ID, p.Version, p.Hash, src); err != nil {
		return nil, err
	}
	return p, nil
}

func (e *cliEnv) choosePack() (*model.Pack, []byte, error) {
	if e.packID == "" && e.packsDir == "" {
		return questionnaires.Default()
	}
	packs, err := e.availablePacks()
	if err != nil {
		return nil, nil, err
	}
	want := e.packID
	if want == "" {
		want = questionnaires.DefaultPackID
	}
	for _, p := range packs {
		if !strings.EqualFold(p.ID, want) {
			continue
		}
		if strings.HasPrefix(p.Source, questionnaires.BuiltinPrefix) {
			return questionnaires.Default()
		}
		// A custom pack's source is its file; re-parse what we store so the
		// recorded hash matches the stored bytes exactly.
		src, err := os.ReadFile(p.Source)
		if err != nil {
			return nil, nil, err
		}
		p, err = questionnaires.Parse(p.Source, src)
		return p, src, err
	}
	return nil, nil, usageError{fmt.Errorf("no pack with id %q (see auditwalk pack list)", want)}
}

// storedPack is engagementPack for read-only commands: it never starts an
// engagement; a file without a recorded pack reports against the default.
func (e *cliEnv) storedPack(ctx context.Context, st *data.Store) (*model.Pack, error) {
	id, _, _, src, ok, err := st.PackSource(ctx)
	if err != nil {
		return nil, err
	}
	if !ok {
		p, _, err := questionnaires.Default()
		return p, err
	}
	p, err := questionnaires.Parse("engagement:"+id, src)
	if err != nil {
		return nil, fmt.Errorf("%s: stored pack %s does not load: %w", e.dbPath(), id, err)
	}
	return p, nil
}
