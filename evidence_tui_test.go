package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"auditwalk/data"
	"auditwalk/model"
	"auditwalk/tui"
)

// TestWalkthroughAttachLandsInSQLiteWithItsHash drives the real TUI against
// the real store: E on the first question, type a file's path, ctrl+s, then
// find the file in ListEvidence, on that answer, with the file's SHA-256.
func TestWalkthroughAttachLandsInSQLiteWithItsHash(t *testing.T) {
	path, p := newEngagement(t)
	file := filepath.Join(t.TempDir(), "vault-acl.csv")
	content := []byte("principal,role\nci-bot,reader\n")
	if err := os.WriteFile(file, content, 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(content)
	ctx := context.Background()
	st, err := data.Open(ctx, path, data.Options{Actor: "consultant"})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := st.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	app := tui.New(tui.Config{Store: st, Pack: p, Snapshot: snap, DBPath: path, Actor: "consultant",
		Evidence: evidenceConfig(st), Detect: detectFunc(st, p)})
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(160, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	wait := func(s string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
			teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	wait("What to do next")
	tm.Type("2")
	first := model.Walk(p, snap.Answers, snap.Systems)[0]
	wait("no evidence (E attaches)")
	tm.Type("E")
	wait("Attach evidence to")
	tm.Type(file)
	tm.Send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	wait("attached vault-acl.csv (sha256 " + hex.EncodeToString(sum[:4]))
	tm.Type("q")
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second))
	// The renderer sends only changed cells, so the pane's count is read
	// from the final frame rather than the byte stream.
	if v := ansi.Strip(final.View().Content); !strings.Contains(v, "Evidence: 1 file") {
		t.Fatalf("the walkthrough pane does not count the attached file:\n%s", v)
	}
	st.Close()

	st, err = data.Open(ctx, path, data.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	list, err := st.ListEvidence(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 {
		t.Fatalf("evidence in file: %+v", list)
	}
	ev := list[0]
	wantTarget := "answer:" + first.Question.ID + "@" + first.Subject
	if ev.SHA256 != hex.EncodeToString(sum[:]) || ev.Target.String() != wantTarget || !ev.Stored ||
		ev.AttachedBy != "consultant" || ev.Size != int64(len(content)) {
		t.Fatalf("evidence in file: %+v, want sha256 %x on %s", ev, sum, wantTarget)
	}
}
