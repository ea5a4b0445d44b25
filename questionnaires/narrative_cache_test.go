package questionnaires

import (
	"testing"

	"auditwalk/model"
)

// A renderer reuses one parsed template across subjects; each call must
// still see only its own answers, as RenderNarrative does.
func TestNarrativeRendererRebindsAnswersPerCall(t *testing.T) {
	p := minimalPack(t)
	c, ok := p.Control("gov-policy")
	if !ok {
		t.Fatal("no control gov-policy")
	}
	r := NewNarrativeRenderer()
	cases := []model.Answers{
		answers(ans("pol-exists", "org", "yes"), ans("pol-owner", "org", "Jo Bloggs, CISO")),
		answers(ans("pol-exists", "org", "no")),
		answers(ans("pol-exists", "org", "yes"), ans("pol-owner", "org", "Sam, CTO")),
	}
	for i, a := range cases {
		d := NarrativeData{Pack: p, Engagement: model.Engagement{Client: "Acme"}, Subject: model.SubjectOrg, Answers: a}
		want, err := RenderNarrative(c, d)
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.Render(c, d)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("case %d: renderer gave %q, RenderNarrative %q", i, got, want)
		}
	}
}

// A control whose template text changes (a pack reload) is parsed afresh,
// not served from the cache.
func TestNarrativeRendererReparsesChangedTemplate(t *testing.T) {
	p := minimalPack(t)
	c, _ := p.Control("gov-policy")
	r := NewNarrativeRenderer()
	d := NarrativeData{Pack: p, Subject: model.SubjectOrg, Answers: answers()}
	if _, err := r.Render(c, d); err != nil {
		t.Fatal(err)
	}
	changed := *c
	changed.Narrative = "Changed for {{.Client}}."
	got, err := r.Render(&changed, d)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Changed for the organisation."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
