package tui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// bigPack has 1,000 yes/no questions (10 sections × 10 controls × 10), every
// tenth conditional on the one before, and answers for all of them.
func bigPack() (*model.Pack, model.Answers) {
	p := &model.Pack{ID: "bench", Version: "1"}
	ans := model.Answers{}
	for s := range 10 {
		sec := model.Section{ID: fmt.Sprintf("s%d", s), Title: fmt.Sprintf("Section %d", s)}
		for c := range 10 {
			ctl := model.Control{ID: fmt.Sprintf("C%d.%d", s, c), Title: "Control with a reasonably long title",
				SectionID: sec.ID, Criteria: []string{"CC6.1", "C1.1"}, Applies: model.AppliesOnce,
				Guidance: "Guidance with **bold** text.", Evidence: []string{"A record"}}
			for q := range 10 {
				id := fmt.Sprintf("q%d.%d.%d", s, c, q)
				qq := model.Question{ID: id, ControlID: ctl.ID, Prompt: "Is the thing done properly for " + id + "?", Kind: model.KindYesNo}
				if q == 9 {
					qq.When = &model.Condition{Question: fmt.Sprintf("q%d.%d.8", s, c), In: []string{"yes"}}
				}
				ctl.Questions = append(ctl.Questions, qq)
				ans[model.AnswerKey{QuestionID: id, Subject: model.SubjectOrg}] = model.Answer{QuestionID: id, Subject: model.SubjectOrg, Value: "yes"}
			}
			sec.Controls = append(sec.Controls, ctl)
		}
		p.Sections = append(p.Sections, sec)
	}
	return p, ans
}

func benchApp(b *testing.B, p *model.Pack, ans model.Answers) *App {
	a := New(Config{Store: &fakeStore{}, Pack: p, Snapshot: model.Snapshot{Engagement: setUpEngagement(), Answers: ans}})
	a.walk.debounce = 0
	return a
}

func BenchmarkFirstFrame(b *testing.B) {
	p, ans := bigPack()
	b.ReportAllocs()
	for b.Loop() {
		a := benchApp(b, p, ans)
		a.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
		_ = a.View()
	}
}

func BenchmarkFirstFrameWalkthrough(b *testing.B) {
	p, ans := bigPack()
	b.ReportAllocs()
	for b.Loop() {
		a := benchApp(b, p, ans)
		a.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
		a.Update(keyMsg("2"))
		_ = a.View()
	}
}

// BenchmarkKeypress is one j (next question) on the walkthrough: Update and
// View, as the program does per key.
func BenchmarkKeypress(b *testing.B) {
	p, ans := bigPack()
	a := benchApp(b, p, ans)
	a.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	a.Update(keyMsg("2"))
	j, k := keyMsg("j"), keyMsg("k")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		key := j
		if (i/500)%2 == 1 {
			key = k
		}
		i++
		a.Update(key)
		_ = a.View()
	}
}

// BenchmarkKeypressAnswer is one y: the answer is queued, the walk re-run,
// the save result applied and the frame drawn.
func BenchmarkKeypressAnswer(b *testing.B) {
	p, ans := bigPack()
	a := benchApp(b, p, ans)
	a.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	a.Update(keyMsg("2"))
	y, k := keyMsg("y"), keyMsg("k")
	b.ReportAllocs()
	for b.Loop() {
		_, cmd := a.Update(y)
		for _, m := range run(cmd) {
			if _, ok := m.(AnswerSavedMsg); ok {
				a.Update(m)
			}
		}
		_ = a.View()
		a.Update(k)
	}
}
