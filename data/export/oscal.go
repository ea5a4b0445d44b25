package export

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"auditwalk/model"
)

// oscalCtx holds what both OSCAL documents share.
type oscalCtx struct {
	v        *view
	ids      uuidGen
	asOf     string
	client   string // client party uuid
	assessor string // assessor party uuid, "" when no assessor is named
	tool     string // auditwalk tool component uuid
}

func (v *view) oscalCtx() *oscalCtx {
	ids := newUUIDGen(v.b)
	asOf, _ := oDate(v.asOf) // newView checked the as-of date
	c := &oscalCtx{v: v, ids: ids, asOf: asOf, client: ids.of("party", "client"), tool: ids.of("component", "auditwalk")}
	if oString(v.b.Engagement.Assessor, "") != "" {
		c.assessor = ids.of("party", "assessor")
	}
	return c
}

// oscalFiles lists oscal/assessment-results.json and oscal/poam.json. Each
// is built and encoded when written, straight to the file (see
// streamJSON), so tens of megabytes of JSON are never held in memory.
func (v *view) oscalFiles() []Document {
	c := v.oscalCtx()
	results, ex := len(v.summary.Results), len(v.exceptions)
	return []Document{
		oscalDoc("oscal/assessment-results.json", "OSCAL assessment results", 6*results+4*ex,
			func() any { return oscalAR{AssessmentResults: c.assessmentResults()} }),
		oscalDoc("oscal/poam.json", "OSCAL plan of action and milestones", 6*len(v.active),
			func() any { return oscalPOAM{POAM: c.poam()} }),
	}
}

// oscalDoc is an OSCAL document to be encoded compactly (one line and a
// newline): at engagement scale the documents run to tens of megabytes,
// and indentation doubles both their size and the time to write them. Any
// JSON tool (jq .) pretty-prints them.
func oscalDoc(name, title string, weight int, build func() any) Document {
	return lazy(name, title, FormatOSCAL, weight, func(w io.Writer) error {
		if err := streamJSON(w, build()); err != nil {
			return fmt.Errorf("export: %s: %w", name, err)
		}
		return nil
	})
}

// metadata is shared by both documents; title differs.
func (c *oscalCtx) metadata(title string) oMetadata {
	e, p := c.v.b.Engagement, c.v.pack
	m := oMetadata{
		Title:        oLine(title, "auditwalk export"),
		LastModified: c.asOf,
		Version:      string(c.v.asOf),
		OSCALVersion: OSCALVersion,
		Props: props("engagement", e.Name, "readiness-type", string(e.Readiness), "as-of", string(c.v.asOf),
			"observation-period-start", string(e.PeriodStart), "observation-period-end", string(e.PeriodEnd),
			"pack-id", firstNonEmpty(p.ID, e.PackID), "pack-version", firstNonEmpty(p.Version, e.PackVersion),
			"pack-sha256", firstNonEmpty(p.Hash, e.PackHash), "activity-trail-head", c.v.b.TrailHead),
		Roles:       []oRole{{ID: "assessor", Title: "Assessor"}, {ID: "service-organization", Title: "Service organization"}},
		Parties:     []oParty{{UUID: c.client, Type: "organization", Name: oString(e.Client, "")}},
		Responsible: []oRespParty{{RoleID: "service-organization", PartyUUIDs: []string{c.client}}},
		Remarks: "Readiness assessment prepared with auditwalk: a pre-audit gap assessment that carries no audit opinion. " +
			"Props in the " + OSCALNamespace + " namespace named tsc-criterion carry SOC 2 Trust Services Criteria ids (2017, rev. 2022).",
	}
	if c.assessor != "" {
		m.Parties = append(m.Parties, oParty{UUID: c.assessor, Type: "person", Name: oString(e.Assessor, "")})
		m.Responsible = append(m.Responsible, oRespParty{RoleID: "assessor", PartyUUIDs: []string{c.assessor}})
	}
	return m
}

// actor is who the walkthrough's observations come from: the assessor, or
// the service organization when no assessor is named.
func (c *oscalCtx) actor() oOrigin {
	if c.assessor != "" {
		return oOrigin{Actors: []oActor{{Type: "party", ActorUUID: c.assessor, RoleID: "assessor"}}}
	}
	return oOrigin{Actors: []oActor{{Type: "party", ActorUUID: c.client}}}
}

func (c *oscalCtx) toolOrigin() oOrigin {
	return oOrigin{Actors: []oActor{{Type: "tool", ActorUUID: c.tool}}}
}

func (c *oscalCtx) toolComponent() oComponent {
	return oComponent{UUID: c.tool, Type: "software", Title: "auditwalk",
		Description: "The readiness walkthrough tool that recorded the answers and detected exceptions.",
		Status:      oComponentState{State: "operational"}}
}

// assessmentResults builds the assessment-results document: one result
// with an observation and a finding per control and subject walked, and a
// risk per exception (built as they are written).
func (c *oscalCtx) assessmentResults() arDoc {
	v := c.v
	apUUID := c.ids.of("assessment-plan")
	res := oResult{
		UUID:        c.ids.of("result"),
		Title:       "Readiness walkthrough as of " + string(v.asOf),
		Description: "SOC 2 readiness walkthrough of the AI systems of " + oLine(v.b.Engagement.Client, "the service organization") + ".",
		Start:       c.start(),
		End:         c.asOf,
		Props:       c.readinessProps(),
		LocalDefinitions: &oResultLocal{Components: seqOf(1+len(v.systems), func(i int) oComponent {
			if i == 0 {
				return c.toolComponent()
			}
			return c.systemComponent(v.systems[i-1])
		})},
		ReviewedControls: c.reviewed(),
	}
	results := v.summary.Results
	// An observation and its finding share their title and the
	// observation's UUID; observations are all written before findings,
	// so each title is computed once.
	titles := make([]string, len(results))
	title := func(i int) string {
		if titles[i] == "" {
			titles[i] = c.resultTitle(results[i])
		}
		return titles[i]
	}
	res.Observations = seqOf(len(results), func(i int) oObservation { return c.observation(results[i], title(i)) })
	res.Findings = seqOf(len(results), func(i int) oFinding {
		r := results[i]
		return c.finding(r, c.observationUUID(r.Control.ID, r.Subject), title(i))
	})
	res.Risks = seqOf(len(v.exceptions), func(i int) oRisk { return c.risk(v.exceptions[i]) })
	return arDoc{
		UUID:     c.ids.of("assessment-results"),
		Metadata: c.metadata("SOC 2 readiness assessment results — " + oString(v.b.Engagement.Client, "service organization")),
		ImportAP: oImport{Href: "#" + apUUID, Remarks: "auditwalk keeps no separate OSCAL assessment plan; the plan is the " +
			"questionnaire pack described in back-matter."},
		Results: []oResult{res},
		BackMatter: &oBackMatter{Resources: seqOf(1+len(v.ev), func(i int) oResource {
			if i == 0 {
				return c.planResource(apUUID)
			}
			return c.evidenceResource(v.ev[i-1])
		})},
	}
}

// start is the day the engagement file was created (evidence collection
// began), or the as-of date when that is unknown or later.
func (c *oscalCtx) start() string {
	created := c.v.b.Engagement.CreatedAt
	if s, ok := oDate(model.DateOf(created)); ok && !created.IsZero() && s <= c.asOf {
		return s
	}
	return c.asOf
}

func (c *oscalCtx) readinessProps() []oProp {
	t := c.v.summary.Overall
	ready := "not-assessed"
	if r, ok := t.Readiness(); ok {
		ready = pct(r)
	}
	return props("readiness", ready, "progress", pct(t.Progress()), "controls", strconv.Itoa(t.Controls),
		"controls-not-met", strconv.Itoa(t.Gaps))
}

func (c *oscalCtx) planResource(id string) oResource {
	p := c.v.pack
	return oResource{UUID: id, Title: oLine("Questionnaire pack: "+p.Title, "Questionnaire pack"),
		Description: "The questionnaire pack the walkthrough followed; its controls map to SOC 2 Trust Services Criteria.",
		Props:       props("pack-id", p.ID, "pack-version", p.Version, "pack-sha256", p.Hash, "pack-source", p.Source)}
}

// evidenceResource describes an evidence file as a back-matter resource
// with its SHA-256.
func (c *oscalCtx) evidenceResource(e Evidence) oResource {
	r := oResource{UUID: c.ids.of("evidence", strconv.FormatInt(e.ID, 10)), Title: oLine(e.Path, e.Ref()),
		Props: props("evidence-ref", e.Ref(), "effective-date", string(e.EffectiveDate),
			"retain-until", string(e.Retention), "size-bytes", strconv.FormatInt(e.Size, 10), "added-by", e.AddedBy)}
	if d := Block(e.Description); d != "" {
		r.Description = d
	}
	if href := hrefPath(e.Path); href != "" {
		link := oRLink{Href: href}
		if h := oString(e.SHA256, ""); h != "" {
			link.Hashes = []oHash{{Algorithm: "SHA-256", Value: h}}
		}
		r.RLinks = []oRLink{link}
	}
	return r
}

// systemComponent describes an AI system as a component.
func (c *oscalCtx) systemComponent(s model.System) oComponent {
	in, why := s.InScope()
	tier, _ := s.RiskTier()
	typ := "software"
	if s.Deployment == model.DeployThirdPartyAPI || s.Deployment == model.DeploySaaSFeature {
		typ = "service"
	}
	return oComponent{UUID: c.systemUUID(s.ID), Type: typ, Title: oLine(s.Name, "AI system "+strconv.FormatInt(s.ID, 10)),
		Description: oMulti(s.Purpose, "AI system."),
		Props: props("ai-system-id", strconv.FormatInt(s.ID, 10), "in-scope", strconv.FormatBool(in), "scope-reason", why,
			"risk-tier", string(tier), "approval", string(s.Approval), "deployment", string(s.Deployment)),
		Status: oComponentState{State: componentState(s.Approval)}}
}

func (c *oscalCtx) systemUUID(id int64) string { return c.ids.of("system", strconv.FormatInt(id, 10)) }

func componentState(a model.Approval) string {
	switch a {
	case model.ApprovalApproved:
		return "operational"
	case model.ApprovalPending:
		return "under-development"
	case model.ApprovalRetired:
		return "disposition"
	}
	return "other"
}

// reviewed lists the TSC criteria the walked controls evidence.
func (c *oscalCtx) reviewed() oReviewed {
	seen := map[string]bool{}
	var ids []string
	for _, r := range c.v.summary.Results {
		for _, id := range r.Control.Criteria {
			t := token(id)
			if !seen[t] {
				seen[t] = true
				ids = append(ids, t)
			}
		}
	}
	slices.Sort(ids)
	sel := oSelections{Description: "SOC 2 Trust Services Criteria (2017, rev. 2022) evidenced by the controls walked."}
	if len(ids) == 0 {
		sel.IncludeAll = &struct{}{}
	}
	for _, id := range ids {
		sel.IncludeControls = append(sel.IncludeControls, oSelectControl{ControlID: id})
	}
	return oReviewed{ControlSelections: []oSelections{sel}}
}

// subjectRef points at the system component or the client party.
func (c *oscalCtx) subjectRef(subject string) oSubjectRef {
	if id, ok := model.SubjectSystemID(subject); ok {
		return oSubjectRef{SubjectUUID: c.systemUUID(id), Type: "component"}
	}
	return oSubjectRef{SubjectUUID: c.client, Type: "party"}
}

func (c *oscalCtx) observationUUID(ctlID, subject string) string {
	return c.ids.of("observation", ctlID, subject)
}

// resultTitle is the title of a result's observation and finding:
// "<control> <title> — <subject>", escaped. (It is never empty: the dash
// survives cleaning, so no fallback shows.)
func (c *oscalCtx) resultTitle(r model.ControlResult) string {
	return oLine(r.Control.ID+" "+r.Control.Title+" — "+c.v.subjectName(r.Subject), "–")
}

// observation records what the answers said for one control and subject.
func (c *oscalCtx) observation(r model.ControlResult, title string) oObservation {
	v := c.v
	var lines []string
	methods := map[string]bool{}
	for i := range r.Control.Questions {
		q := &r.Control.Questions[i]
		a, ok := v.b.Answers[model.AnswerKey{QuestionID: q.ID, Subject: r.Subject}]
		if !ok || !a.IsAnswered() {
			continue
		}
		lines = append(lines, "- "+Inline(q.Prompt)+" — **"+Inline(a.Display(q))+"**"+noteSuffix(a.Note))
		methods[method(a.Source)] = true
	}
	desc := "No answers recorded yet."
	if len(lines) > 0 {
		desc = strings.Join(lines, "\n")
	}
	ms := sortedKeys(methods)
	if len(ms) == 0 {
		ms = []string{"UNKNOWN"}
	}
	obs := oObservation{
		UUID:        c.observationUUID(r.Control.ID, r.Subject),
		Title:       title,
		Description: desc,
		Props: append(criterionProps(r.Control.Criteria), props("control-id", r.Control.ID, "subject", r.Subject,
			"status", string(r.Status))...),
		Methods:   ms,
		Types:     []string{"control-objective"},
		Origins:   []oOrigin{c.actor()},
		Subjects:  []oSubjectRef{c.subjectRef(r.Subject)},
		Collected: c.asOf,
	}
	for _, e := range v.evidenceFor(r.Control, r.Subject) {
		ev := oEvidence{Href: "#" + c.ids.of("evidence", strconv.FormatInt(e.ID, 10)),
			Description: e.Ref() + " " + Inline(e.Path), Props: props("sha256", e.SHA256)}
		obs.RelevantEvidence = append(obs.RelevantEvidence, ev)
	}
	return obs
}

// method maps an answer's source to an OSCAL assessment method.
func method(s model.Source) string {
	switch s {
	case model.SourceInterview:
		return "INTERVIEW"
	case model.SourceDocument, model.SourceObservation, model.SourceSystemRecord:
		return "EXAMINE"
	}
	return "UNKNOWN"
}

// finding states whether one control is met for one subject.
func (c *oscalCtx) finding(r model.ControlResult, obsUUID, title string) oFinding {
	state, reason := "not-satisfied", "other"
	switch r.Status {
	case model.StatusMet:
		state, reason = "satisfied", "pass"
	case model.StatusNA:
		state = "satisfied"
	case model.StatusNotMet, model.StatusPartial:
		reason = "fail"
	}
	f := oFinding{
		UUID:  c.ids.of("finding", r.Control.ID, r.Subject),
		Title: title,
		Description: fmt.Sprintf("%s: %d of %d questions answered, %d not met, %d partially met.",
			statusLabel(r.Status), r.Answered, r.Asked, r.NotMet, r.Partial),
		Props: append(criterionProps(r.Control.Criteria), props("control-id", r.Control.ID, "subject", r.Subject)...),
		Target: oTarget{Type: "objective-id", TargetID: token(r.Control.ID), Props: criterionProps(r.Control.Criteria),
			Status: oTargetStatus{State: state, Reason: reason}},
		RelatedObservations: []oRelObs{{ObservationUUID: obsUUID}},
	}
	for _, e := range c.v.exceptionsFor(r.Control.ID, r.Subject) {
		f.RelatedRisks = append(f.RelatedRisks, oRelRisk{RiskUUID: c.riskUUID(e.ID)})
	}
	return f
}
