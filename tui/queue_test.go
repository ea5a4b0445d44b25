package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

func TestSecondWriteWaitsForTheFirst(t *testing.T) {
	st := &fakeStore{}
	a := walkApp(t, st, model.Snapshot{})
	_, first := a.Update(keyMsg("n")) // ac1.vault = no, cursor to ac1.review
	_, _ = a.Update(keyMsg("k"))
	_, second := a.Update(keyMsg("y")) // ac1.vault = yes while "no" is in flight
	for _, m := range run(second) {
		if _, ok := m.(AnswerSavedMsg); ok {
			t.Fatal("a second answer write started while the first was in flight")
		}
	}
	for _, m := range run(first) {
		_, next := a.Update(m)
		pump(t, a, next)
	}
	if len(st.answers) != 2 || st.answers[0].Value != "no" || st.answers[1].Value != "yes" {
		t.Fatalf("store saw %+v, want no then yes", st.answers)
	}
	if a, state, _, _ := a.com.Session.Answer(model.AnswerKey{QuestionID: "ac1.vault", Subject: "org"}); a.Value != "yes" || state != stateSaved {
		t.Fatalf("session holds %q (state %d)", a.Value, state)
	}
}

func TestThemeChangeRebuildsStylesAndGuidance(t *testing.T) {
	a := walkApp(t, &fakeStore{}, model.Snapshot{})
	settleGuides(t, a)
	send(t, a, tea.BackgroundColorMsg{Color: lightGrey{}})
	if a.com.Styles.IsDark {
		t.Fatal("styles still dark after a light background report")
	}
	it, _ := a.walk.current()
	k := guideKey{control: it.Control.ID, width: a.walk.paneW - 2, style: "light"}
	settleGuides(t, a)
	if _, ok := a.walk.guides.get(k); !ok {
		t.Fatalf("guidance not rendered for the light style (cache %v)", a.walk.guides.done)
	}
	send(t, a, tea.WindowSizeMsg{Width: 120, Height: 40})
	settleGuides(t, a)
	k.width = a.walk.paneW - 2
	if _, ok := a.walk.guides.get(k); !ok {
		t.Fatal("guidance not re-rendered at the new width")
	}
}

// lightGrey is a light terminal background.
type lightGrey struct{}

func (lightGrey) RGBA() (r, g, b, a uint32) { return 0xeeee, 0xeeee, 0xeeee, 0xffff }
