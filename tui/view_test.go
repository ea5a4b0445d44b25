package tui

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"auditwalk/model"
)

// settleGuides renders pending guidance synchronously so golden views do
// not depend on how fast glamour ran.
func settleGuides(t *testing.T, a *App) {
	t.Helper()
	for range 5 {
		if len(a.walk.guides.pending) == 0 {
			return
		}
		for k, md := range a.walk.guides.pending {
			send(t, a, renderGuideCmd(k, md)())
		}
	}
}

func goldenSnapshot() model.Snapshot {
	return model.Snapshot{Engagement: setUpEngagement(), Answers: model.Answers{
		{QuestionID: "ac1.vault", Subject: "org"}: {QuestionID: "ac1.vault", Subject: "org", Value: "yes",
			Source: model.SourceInterview, Note: "Vault is HashiCorp; export requested."},
		{QuestionID: "ac1.rotate", Subject: "org"}: {QuestionID: "ac1.rotate", Subject: "org", Value: "partial", Flagged: true},
		{QuestionID: "ac2.how", Subject: "org"}:    {QuestionID: "ac2.how", Subject: "org", Value: "none"},
		{QuestionID: "pr1.optout", Subject: "system:1"}: {QuestionID: "pr1.optout", Subject: "system:1",
			Value: "na", Justification: "bot uses a vendor model with no training"},
	}}
}

func TestGoldenViews(t *testing.T) {
	sizes := []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"160x48", 160, 48}}
	for _, sz := range sizes {
		t.Run("dashboard_"+sz.name, func(t *testing.T) {
			a := newTestApp(t, &fakeStore{}, goldenSnapshot(), sz.w, sz.h)
			golden.RequireEqual(t, screen(a))
		})
		t.Run("walkthrough_"+sz.name, func(t *testing.T) {
			a := newTestApp(t, &fakeStore{}, goldenSnapshot(), sz.w, sz.h)
			press(t, a, "2")
			settleGuides(t, a)
			golden.RequireEqual(t, screen(a))
		})
		t.Run("walkthrough_note_"+sz.name, func(t *testing.T) {
			a := newTestApp(t, &fakeStore{}, goldenSnapshot(), sz.w, sz.h)
			press(t, a, "2", "o")
			settleGuides(t, a)
			golden.RequireEqual(t, screen(a))
		})
		t.Run("walkthrough_multi_"+sz.name, func(t *testing.T) {
			a := newTestApp(t, &fakeStore{}, goldenSnapshot(), sz.w, sz.h)
			press(t, a, "2", "]", "j", "enter", "space")
			settleGuides(t, a)
			golden.RequireEqual(t, screen(a))
		})
		t.Run("walkthrough_fullhelp_"+sz.name, func(t *testing.T) {
			a := newTestApp(t, &fakeStore{}, goldenSnapshot(), sz.w, sz.h)
			press(t, a, "2", "?")
			settleGuides(t, a)
			golden.RequireEqual(t, screen(a))
		})
		t.Run("setup_"+sz.name, func(t *testing.T) {
			a := newTestApp(t, &fakeStore{}, model.Snapshot{}, sz.w, sz.h)
			golden.RequireEqual(t, screen(a))
		})
	}
	t.Run("too_small", func(t *testing.T) {
		a := newTestApp(t, &fakeStore{}, goldenSnapshot(), 50, 12)
		golden.RequireEqual(t, screen(a))
	})
}
