package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"auditwalk/data"
	"auditwalk/model"
	"auditwalk/tui"
)

func TestExportMarksANarrativeEditedInTheApp(t *testing.T) {
	path, p := newEngagement(t)
	ctx := context.Background()
	st, err := data.Open(ctx, path, data.Options{Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	first := model.Walk(p, model.Answers{}, nil)[0]
	if _, err := st.SaveAnswer(ctx, model.Answer{QuestionID: first.Question.ID, Subject: model.SubjectOrg, Value: model.AnswerYes}); err != nil {
		t.Fatal(err)
	}
	// The app's path: the bundle it previews gives the generated text the
	// edit keeps for comparison.
	cfg := auditConfig(st, p)
	b, err := cfg.ExportBundle(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gen, err := b.Narrator(first.Control, model.SubjectOrg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Narratives.SaveNarrative(ctx, model.Narrative{ControlID: first.Control.ID, Subject: model.SubjectOrg,
		Text: "Edited in the app: the policy is reviewed each year by the CISO.", Generated: gen}); err != nil {
		t.Fatal(err)
	}
	recs, err := cfg.Trail(ctx, tui.TrailFilter{Entity: data.EntityNarrative, Limit: 10})
	if err != nil || len(recs) != 1 || recs[0].Actor != "tester" {
		t.Fatalf("trail through the app's wiring: %v %+v", err, recs)
	}
	if v, err := cfg.Verify(ctx); err != nil || !v.OK {
		t.Fatalf("verify through the app's wiring: %v %+v", err, v)
	}
	st.Close()

	out := filepath.Join(t.TempDir(), "out")
	if code, _, errs := runCLI(t, "export", "--db", path, "--out", out, "--format", "markdown", "--as-of", "2026-06-30"); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	doc, err := os.ReadFile(filepath.Join(out, "control-narratives.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(doc)
	i := strings.Index(s, "**Narrative — edited** by tester")
	if i < 0 {
		t.Fatalf("control-narratives.md does not mark the edit:\n%s", s)
	}
	rest := s[i:]
	if !strings.Contains(rest, "Edited in the app: the policy is reviewed each year by the CISO.") ||
		!strings.Contains(rest, "**Generated narrative** (kept for comparison)") {
		t.Fatalf("edited narrative or generated text missing after the mark:\n%s", rest[:min(len(rest), 800)])
	}
	if strings.Count(s, "**Narrative — edited**") != 1 {
		t.Fatal("more than the one edited narrative is marked edited")
	}
}
