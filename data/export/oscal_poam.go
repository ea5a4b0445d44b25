package export

import (
	"strconv"
	"strings"

	"auditwalk/model"
)

func (c *oscalCtx) riskUUID(exID int64) string { return c.ids.of("risk", strconv.FormatInt(exID, 10)) }

// riskStatus maps an exception's status to OSCAL's risk status.
func riskStatus(s model.ExceptionStatus) string {
	switch s {
	case model.StatusInRemediation, model.StatusRemediated:
		return "remediating"
	case model.StatusAccepted:
		return "deviation-approved"
	case model.StatusClosed, model.StatusFalsePositive, model.StatusDuplicate:
		return "closed"
	case model.StatusTriaged:
		return "investigating"
	}
	return "open"
}

// risk describes one exception as an OSCAL risk, with the management
// response and remediation tasks as its remediations.
func (c *oscalCtx) risk(e model.Exception) oRisk {
	origin := c.actor()
	if e.Automatic() {
		origin = c.toolOrigin()
	}
	var stmt []string
	stmt = append(stmt, "Kind: "+Inline(string(e.Kind))+". Raised by "+Inline(orDash(e.RaisedBy))+" on "+when(e.RaisedAt)+".")
	for _, ci := range e.Citations {
		stmt = append(stmt, "- "+Inline(string(ci.Type))+" "+Code(ci.Ref)+labelSuffix(ci.Label))
	}
	r := oRisk{
		UUID:        c.riskUUID(e.ID),
		Title:       riskTitle(e),
		Description: riskDescription(e),
		Statement:   strings.Join(stmt, "\n"),
		Props: append(criterionProps(e.Criteria), props("exception-ref", e.Ref(), "kind", string(e.Kind),
			"severity", string(e.Severity), "exception-status", string(e.Status), "owner", e.Owner,
			"decision", string(e.Decision.Kind), "fingerprint", e.Fingerprint)...),
		Status:  riskStatus(e.Status),
		Origins: []oOrigin{origin},
	}
	for _, id := range e.ControlIDs {
		r.Props = append(r.Props, props("control-id", id)...)
	}
	if sev := oString(string(e.Severity), ""); sev != "" {
		r.Characterizations = []oCharacterize{{Origin: origin,
			Facets: []oFacet{{Name: "severity", System: OSCALNamespace, Value: sev}}}}
	}
	if e.Decision.Kind == model.DecisionAcceptRisk && strings.TrimSpace(e.Decision.CompensatingControls) != "" {
		r.MitigatingFactors = []oMitigating{{UUID: c.ids.of("mitigation", strconv.FormatInt(e.ID, 10)),
			Description: oMulti(e.Decision.CompensatingControls, "Compensating controls.")}}
	}
	if d, ok := oDate(firstNonEmptyDate(e.ManagementResponse.TargetDate, e.Decision.Expiry)); ok {
		r.Deadline = d
	}
	r.Remediations = c.remediations(e)
	r.RelatedObservations = c.exceptionObservations(e)
	return r
}

// riskTitle and riskDescription are shared by an exception's risk and its
// POA&M item.
func riskTitle(e model.Exception) string { return oLine(e.Ref()+" "+e.Title, e.Ref()) }

func riskDescription(e model.Exception) string { return oMulti(e.Detail, oLine(e.Title, e.Ref())) }

func labelSuffix(label string) string {
	if strings.TrimSpace(label) == "" {
		return ""
	}
	return " — " + Inline(label)
}

func firstNonEmptyDate(ds ...model.Date) model.Date {
	for _, d := range ds {
		if d != "" {
			return d
		}
	}
	return ""
}

// remediations lists the management response and the tasks of an
// exception as OSCAL responses.
func (c *oscalCtx) remediations(e model.Exception) []oResponse {
	var out []oResponse
	if m := e.ManagementResponse; !m.IsZero() {
		var parts []string
		if b := Block(m.Cause); b != "" {
			parts = append(parts, "**Cause:** "+b)
		}
		if b := Block(m.Remediation); b != "" {
			parts = append(parts, "**Remediation:** "+b)
		}
		out = append(out, oResponse{UUID: c.ids.of("response", strconv.FormatInt(e.ID, 10)), Lifecycle: "planned",
			Title: "Management response", Description: orDash(strings.Join(parts, "\n\n")),
			Props: props("target-date", string(m.TargetDate)), Origins: []oOrigin{c.actor()}})
	}
	for _, t := range c.v.tasksByEx[e.ID] {
		life := "planned"
		switch t.Status {
		case model.TaskDone:
			life = "completed"
		case model.TaskWontDo:
			life = "recommendation"
		}
		out = append(out, oResponse{UUID: c.ids.of("task", strconv.FormatInt(t.ID, 10)), Lifecycle: life,
			Title: oLine(t.Ref()+" "+t.Title, t.Ref()), Description: oMulti(t.Description, oLine(t.Title, t.Ref())),
			Props: props("task-ref", t.Ref(), "owner", t.Owner, "due", string(t.Due), "task-status", string(t.Status),
				"tracker-ref", t.TrackerRef)})
	}
	return out
}

// exceptionObservations links an exception to the observations of the
// controls and subjects it names, where those were walked.
func (c *oscalCtx) exceptionObservations(e model.Exception) []oRelObs {
	subjects := []string{model.SubjectOrg}
	for _, id := range e.SystemIDs {
		subjects = append(subjects, model.SystemSubject(id))
	}
	var out []oRelObs
	seen := map[string]bool{}
	for _, ctl := range e.ControlIDs {
		for _, s := range subjects {
			u := c.observationUUID(ctl, s)
			if c.v.walked[[2]string{ctl, s}] && !seen[u] {
				seen[u] = true
				out = append(out, oRelObs{ObservationUUID: u})
			}
		}
	}
	return out
}

// poam builds the plan of action and milestones: one item per exception
// that is still open or accepted, each tied to its risk (both built as
// they are written).
func (c *oscalCtx) poam() poamDoc {
	v := c.v
	doc := poamDoc{
		UUID:     c.ids.of("poam"),
		Metadata: c.metadata("Plan of action and milestones — " + oString(v.b.Engagement.Client, "service organization")),
		SystemID: &oSystemID{IdentifierType: "http://ietf.org/rfc/rfc4122", ID: c.ids.of("system-under-assessment")},
		LocalDefinitions: &oPOAMLocal{Components: []oComponent{c.toolComponent()},
			Remarks: "Exceptions from the auditwalk readiness walkthrough that still need work or are accepted risks."},
	}
	var items []*model.Exception
	for i := range v.exceptions {
		if e := &v.exceptions[i]; e.Status.Active() || e.Status == model.StatusAccepted {
			items = append(items, e)
		}
	}
	doc.Risks = seqOf(len(items), func(i int) oRisk { return c.risk(*items[i]) })
	doc.POAMItems = seqOf(len(items), func(i int) oPOAMItem {
		e := items[i]
		return oPOAMItem{
			UUID:        c.ids.of("poam-item", strconv.FormatInt(e.ID, 10)),
			Title:       riskTitle(*e),
			Description: riskDescription(*e),
			Props: append(criterionProps(e.Criteria), props("exception-ref", e.Ref(), "severity", string(e.Severity),
				"exception-status", string(e.Status), "owner", e.Owner)...),
			RelatedRisks: []oRelRisk{{RiskUUID: c.riskUUID(e.ID)}},
		}
	})
	if len(items) == 0 {
		// The schema requires at least one item; say plainly there is no work.
		doc.POAMItems = seqOf(1, func(int) oPOAMItem {
			return oPOAMItem{UUID: c.ids.of("poam-item", "none"), Title: "No open items",
				Description: "No exception is open or accepted as of " + string(v.asOf) + "."}
		})
	}
	return doc
}
