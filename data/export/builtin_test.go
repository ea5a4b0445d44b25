package export

import (
	"testing"

	"auditwalk/model"
	"auditwalk/questionnaires"
)

// builtinBundle is the fixture engagement walked with the real built-in
// pack and its narrative templates, wired the way the CLI wires them.
func builtinBundle(t testing.TB, txt func(string) string) Bundle {
	t.Helper()
	pack, _, err := questionnaires.Default()
	if err != nil {
		t.Fatal(err)
	}
	b := fixtureBundle(txt)
	b.Pack = pack
	b.Answers = model.Answers{}
	// Answer every yes/no question "partial" with a hostile-capable note,
	// for the organisation and system 1, so templates see real answers.
	for _, c := range pack.Controls() {
		subj := model.SubjectOrg
		if c.Applies == model.AppliesPerSystem {
			subj = model.SystemSubject(1)
		}
		for _, q := range c.Questions {
			if q.Kind == model.KindYesNo {
				a := model.Answer{QuestionID: q.ID, Subject: subj, Value: model.AnswerPartial, Note: txt("note on " + q.ID)}
				b.Answers[a.Key()] = a
			}
		}
	}
	sys := map[int64]*model.System{}
	for i := range b.Systems {
		sys[b.Systems[i].ID] = &b.Systems[i]
	}
	b.Narrator = func(ctl *model.Control, subject string) (string, error) {
		d := questionnaires.NarrativeData{Pack: pack, Engagement: b.Engagement, Subject: subject, Answers: b.Answers}
		if id, ok := model.SubjectSystemID(subject); ok {
			d.System = sys[id]
		}
		return questionnaires.RenderNarrative(ctl, d)
	}
	return b
}

func TestBuiltinPackNarrativesExportWithTheirStructureIntact(t *testing.T) {
	plain, err := Render(builtinBundle(t, identity))
	if err != nil {
		t.Fatal(err)
	}
	evil, err := Render(builtinBundle(t, hostile))
	if err != nil {
		t.Fatal(err)
	}
	for i := range plain {
		if want, got := skeleton(t, plain[i].Content), skeleton(t, evil[i].Content); want != got {
			t.Errorf("%s: hostile answers changed the structure", plain[i].Name)
		}
		forbidUserHTML(t, evil[i].Name, evil[i].Content)
	}
	ar, poam := oscalSchemas(t)
	validateOSCAL(t, ar, poam, builtinBundle(t, hostile))
}
