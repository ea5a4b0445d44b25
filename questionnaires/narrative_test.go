package questionnaires

import (
	"strings"
	"testing"

	"auditwalk/model"
)

func minimalPack(t testing.TB) *model.Pack {
	t.Helper()
	p, err := LoadFile("testdata/valid/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func ans(q, subject, value string, choices ...string) model.Answer {
	return model.Answer{QuestionID: q, Subject: subject, Value: value, Choices: choices}
}

func answers(as ...model.Answer) model.Answers {
	out := model.Answers{}
	for _, a := range as {
		out[a.Key()] = a
	}
	return out
}

func render(t *testing.T, p *model.Pack, ctlID string, d NarrativeData) string {
	t.Helper()
	c, ok := p.Control(ctlID)
	if !ok {
		t.Fatalf("no control %s", ctlID)
	}
	d.Pack = p
	out, err := RenderNarrative(c, d)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestNarrativeDescribesAMetControlWithItsOwner(t *testing.T) {
	p := minimalPack(t)
	got := render(t, p, "gov-policy", NarrativeData{
		Engagement: model.Engagement{Client: "Acme"},
		Subject:    model.SubjectOrg,
		Answers:    answers(ans("pol-exists", "org", "yes"), ans("pol-owner", "org", "Jo Bloggs, CISO")),
	})
	if want := "Acme has an approved AI policy, owned by Jo Bloggs, CISO."; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestNarrativeStatesAGapPlainly(t *testing.T) {
	p := minimalPack(t)
	got := render(t, p, "gov-policy", NarrativeData{
		Subject: model.SubjectOrg,
		Answers: answers(ans("pol-exists", "org", "no")),
	})
	if want := "the organisation has no approved AI policy."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestNarrativeReadsTheSubjectsOwnAnswersAndListsGaps(t *testing.T) {
	p := minimalPack(t)
	sys := &model.System{ID: 7, Name: "Support bot", Deployment: model.DeployThirdPartyAPI}
	subj := model.SystemSubject(7)
	got := render(t, p, "sys-log", NarrativeData{
		Subject: subj,
		System:  sys,
		Answers: answers(
			ans("log-what", subj, "", "outputs"),
			ans("log-what", model.SystemSubject(8), "", "prompts"),
		),
	})
	want := "Support bot logs: Outputs. Gap: What is logged? (Outputs)."
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestNarrativeStripsTerminalEscapesFromAnswers(t *testing.T) {
	p := minimalPack(t)
	got := render(t, p, "gov-policy", NarrativeData{
		Subject: model.SubjectOrg,
		Answers: answers(ans("pol-exists", "org", "yes"), ans("pol-owner", "org", "Eve\x1b]0;pwned\x07\x1b[31m")),
	})
	if strings.ContainsRune(got, 0x1b) || strings.ContainsRune(got, 0x07) {
		t.Errorf("escape sequence survived: %q", got)
	}
}

func TestNarrativeDefaultTemplateListsQuestionsAndGaps(t *testing.T) {
	p := minimalPack(t)
	c, _ := p.Control("gov-policy")
	bare := *c
	bare.Narrative = ""
	got, err := RenderNarrative(&bare, NarrativeData{Pack: p, Subject: model.SubjectOrg, Answers: answers(ans("pol-exists", "org", "partial"))})
	if err != nil {
		t.Fatal(err)
	}
	want := "- Is there an approved AI policy? Partially\n- Who owns it? Not answered.\n\n" +
		"Gap: Is there an approved AI policy? (answer: Partially).\nGap: Who owns it? (answer: not answered)."
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestClaimQualifiesWhatIsNotFullyMet(t *testing.T) {
	for _, tc := range []struct {
		s    model.Status
		a    model.Answer
		want string
	}{
		{model.StatusMet, model.Answer{}, "Y"},
		{model.StatusNotMet, model.Answer{}, "N"},
		{model.StatusPartial, model.Answer{}, "Partly in place: Y"},
		{model.StatusUnknown, model.Answer{}, "Not known whether this holds: Y"},
		{model.StatusUnanswered, model.Answer{}, "Not yet confirmed: Y"},
		{model.StatusNA, model.Answer{Justification: "no training"}, "Not applicable: no training"},
	} {
		if got := claim(tc.s, tc.a, "Y", "N"); got != tc.want {
			t.Errorf("claim(%s) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

// TestEveryDefaultNarrativeRendersForOrgAndSystem renders each control of
// the built-in pack with no answers, meeting answers and failing answers,
// and checks the text is never empty and never leaks template artefacts.
func TestEveryDefaultNarrativeRendersForOrgAndSystem(t *testing.T) {
	p, _, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	everyFact := func(s *model.System) *model.System {
		if s == nil {
			return nil
		}
		c := *s
		c.Consequential, c.VendorID, c.Deployment = true, 1, model.DeploySelfHosted
		c.DataCategories = []model.DataCategory{model.DataCustomer, model.DataPersonal}
		return &c
	}
	for _, c := range p.Controls() {
		for _, mode := range []string{"", "meet", "fail", "fail+facts"} {
			d := sampleData(p, c, strings.TrimSuffix(mode, "+facts"))
			if strings.HasSuffix(mode, "+facts") {
				d.System = everyFact(d.System)
			}
			out, err := RenderNarrative(c, d)
			if err != nil {
				t.Fatalf("%s/%s: %v", c.ID, mode, err)
			}
			if strings.TrimSpace(out) == "" || strings.Contains(out, "<no value>") || strings.Contains(out, "{{") {
				t.Errorf("%s/%s rendered %q", c.ID, mode, out)
			}
			if mode == "meet" && strings.Contains(out, "Gaps:") {
				t.Errorf("%s: all-meeting answers still list gaps: %q", c.ID, out)
			}
			if mode == "fail+facts" && !strings.Contains(out, "Gaps:") {
				t.Errorf("%s: failing answers list no gaps: %q", c.ID, out)
			}
		}
	}
}

func BenchmarkRenderNarrative(b *testing.B) {
	p, _, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	c, _ := p.Control("ops-logging")
	d := sampleData(p, c, "meet")
	for b.Loop() {
		if _, err := RenderNarrative(c, d); err != nil {
			b.Fatal(err)
		}
	}
}
