package export

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"auditwalk/model"
)

// Row structs of the CSV/JSON registers. Field order is column order; the
// json tag is the column and field name. Keep SCHEMA.md in step.

type answerRow struct {
	ControlID     string   `json:"control_id"`
	QuestionID    string   `json:"question_id"`
	Subject       string   `json:"subject"`
	SubjectName   string   `json:"subject_name"`
	Prompt        string   `json:"prompt"`
	Kind          string   `json:"kind"`
	Value         string   `json:"value"`
	Choices       []string `json:"choices"`
	Display       string   `json:"display"`
	Status        string   `json:"status"`
	Justification string   `json:"justification"`
	Source        string   `json:"source"`
	Note          string   `json:"note"`
	Flagged       bool     `json:"flagged"`
	UpdatedAt     string   `json:"updated_at"`
	UpdatedBy     string   `json:"updated_by"`
}

type systemRow struct {
	ID             int64    `json:"id"`
	Name           string   `json:"name"`
	Purpose        string   `json:"purpose"`
	BusinessOwner  string   `json:"business_owner"`
	TechnicalOwner string   `json:"technical_owner"`
	VendorID       int64    `json:"vendor_id"`
	Vendor         string   `json:"vendor"`
	Models         []string `json:"models"`
	Identities     []string `json:"identities"`
	Deployment     string   `json:"deployment"`
	DataCategories []string `json:"data_categories"`
	AffectsService bool     `json:"affects_service"`
	Consequential  bool     `json:"consequential"`
	Oversight      string   `json:"oversight"`
	Logging        string   `json:"logging"`
	LogRetention   string   `json:"log_retention"`
	AccessControl  []string `json:"access_control"`
	Approval       string   `json:"approval"`
	LastReviewed   string   `json:"last_reviewed"`
	InScope        bool     `json:"in_scope"`
	ScopeOverride  bool     `json:"scope_override"`
	ScopeReason    string   `json:"scope_reason"`
	RiskTier       string   `json:"risk_tier"`
	RiskReasons    []string `json:"risk_reasons"`
	Notes          string   `json:"notes"`
	UpdatedAt      string   `json:"updated_at"`
}

type vendorRow struct {
	ID                 int64    `json:"id"`
	Name               string   `json:"name"`
	Service            string   `json:"service"`
	Report             string   `json:"report"`
	PeriodEnd          string   `json:"period_end"`
	Opinion            string   `json:"opinion"`
	Covers             string   `json:"covers"`
	CoversNote         string   `json:"covers_note"`
	CoverageGap        bool     `json:"coverage_gap"`
	CoverageGapReason  string   `json:"coverage_gap_reason"`
	CarveOuts          []string `json:"carve_outs"`
	BridgeLetter       string   `json:"bridge_letter"`
	CUECs              []string `json:"cuecs"`
	DPASigned          string   `json:"dpa_signed"`
	Training           string   `json:"training"`
	Retention          string   `json:"retention"`
	Subprocessors      []string `json:"subprocessors"`
	ScoreDataAccess    int      `json:"score_data_access"`
	ScoreIntegration   int      `json:"score_integration_depth"`
	ScoreAuditLogs     int      `json:"score_audit_logs"`
	ScoreHumanApproval int      `json:"score_human_approval"`
	ScoreExceptions    int      `json:"score_exception_handling"`
	ScoreOwnership     int      `json:"score_ownership_after_launch"`
	ScoreAverage       float64  `json:"score_average"`
	ScoreNotes         []string `json:"score_notes"`
	Notes              string   `json:"notes"`
	UpdatedAt          string   `json:"updated_at"`
}

type exceptionRow struct {
	ID                   int64    `json:"id"`
	Ref                  string   `json:"ref"`
	Kind                 string   `json:"kind"`
	Rule                 string   `json:"rule"`
	Title                string   `json:"title"`
	Detail               string   `json:"detail"`
	Severity             string   `json:"severity"`
	SuggestedSeverity    string   `json:"suggested_severity"`
	SeverityReason       string   `json:"severity_reason"`
	Status               string   `json:"status"`
	Active               bool     `json:"active"`
	Owner                string   `json:"owner"`
	SystemIDs            []int64  `json:"system_ids"`
	Systems              []string `json:"systems"`
	VendorIDs            []int64  `json:"vendor_ids"`
	ControlIDs           []string `json:"control_ids"`
	Criteria             []string `json:"criteria"`
	Citations            []string `json:"citations"`
	RaisedBy             string   `json:"raised_by"`
	RaisedAt             string   `json:"raised_at"`
	UpdatedAt            string   `json:"updated_at"`
	Decision             string   `json:"decision"`
	DecisionBy           string   `json:"decision_by"`
	DecisionAt           string   `json:"decision_at"`
	Rationale            string   `json:"rationale"`
	Approver             string   `json:"approver"`
	CompensatingControls string   `json:"compensating_controls"`
	Expiry               string   `json:"expiry"`
	DuplicateOf          int64    `json:"duplicate_of"`
	ResponseCause        string   `json:"response_cause"`
	ResponseRemediation  string   `json:"response_remediation"`
	ResponseTargetDate   string   `json:"response_target_date"`
	TaskIDs              []int64  `json:"task_ids"`
	Fingerprint          string   `json:"fingerprint"`
}

// taskRow leads with the tracker import columns (model.TrackerHeader's
// meaning, in snake case) and follows with auditwalk's own.
type taskRow struct {
	Summary      string `json:"summary"`
	Description  string `json:"description"`
	Assignee     string `json:"assignee"`
	DueDate      string `json:"due_date"`
	Priority     string `json:"priority"`
	Labels       string `json:"labels"`
	ExternalID   string `json:"external_id"`
	ID           int64  `json:"id"`
	Status       string `json:"status"`
	ExceptionID  int64  `json:"exception_id"`
	ExceptionRef string `json:"exception_ref"`
	TrackerRef   string `json:"tracker_ref"`
	Note         string `json:"note"`
	CreatedAt    string `json:"created_at"`
	UpdatedAt    string `json:"updated_at"`
}

type evidenceRow struct {
	ID            int64    `json:"id"`
	Ref           string   `json:"ref"`
	Path          string   `json:"path"`
	SHA256        string   `json:"sha256"`
	Size          int64    `json:"size"`
	MediaType     string   `json:"media_type"`
	Description   string   `json:"description"`
	AddedBy       string   `json:"added_by"`
	AddedAt       string   `json:"added_at"`
	EffectiveDate string   `json:"effective_date"`
	Retention     string   `json:"retention"`
	AttachedTo    []string `json:"attached_to"`
}

type reviewRow struct {
	SampleID      string `json:"sample_id"`
	System        string `json:"system"`
	Reviewer      string `json:"reviewer"`
	Date          string `json:"date"`
	Verdict       string `json:"verdict"`
	IssueCategory string `json:"issue_category"`
	Note          string `json:"note"`
	SourceFile    string `json:"source_file"`
	Line          int    `json:"line"`
	Fingerprint   string `json:"fingerprint"`
}

type changeRow struct {
	Time        string `json:"time"`
	System      string `json:"system"`
	ChangeType  string `json:"change_type"`
	Description string `json:"description"`
	Ticket      string `json:"ticket"`
	RequestedBy string `json:"requested_by"`
	ApprovedBy  string `json:"approved_by"`
	DeployedBy  string `json:"deployed_by"`
	Tested      string `json:"tested"`
	SourceFile  string `json:"source_file"`
	Line        int    `json:"line"`
	Fingerprint string `json:"fingerprint"`
}

type approvalRow struct {
	At       string `json:"at"`
	Entity   string `json:"entity"`
	Ref      string `json:"ref"`
	Author   string `json:"author"`
	Reviewer string `json:"reviewer"`
	Decision string `json:"decision"`
	Note     string `json:"note"`
}

type attestationRow struct {
	At          string   `json:"at"`
	Owner       string   `json:"owner"`
	Role        string   `json:"role"`
	ControlIDs  []string `json:"control_ids"`
	AnswersHash string   `json:"answers_hash"`
	Signed      bool     `json:"signed"`
	Statement   string   `json:"statement"`
	Status      string   `json:"status"`
	Changed     []string `json:"changed_answers"`
}

// registers lists every register, each to be used by users files (one per
// format written); rows are built on first use, once. Text is stripped of
// terminal escapes; nothing else is changed (CSV formula guarding happens
// in encodeCSV).
func (v *view) registers(users int) []*register {
	reg := func(name string, n int, build func() any) *register {
		return &register{name: name, n: n, build: build, users: users}
	}
	return []*register{
		reg("answers", len(v.b.Answers), func() any { return v.answerRows() }),
		reg("inventory", len(v.systems), func() any { return v.systemRows() }),
		reg("vendors", len(v.vendors), func() any { return v.vendorRows() }),
		reg("exceptions", 2*len(v.exceptions), func() any { return v.exceptionRows() }),
		reg("tasks", len(v.tasks), func() any { return v.taskRows() }),
		reg("evidence", len(v.ev), func() any { return v.evidenceRows() }),
		reg("reviews", len(v.reviews), func() any { return v.reviewRows() }),
		reg("changes", len(v.changes), func() any { return v.changeRows() }),
		reg("approvals", len(v.approvals), func() any { return v.approvalRows() }),
		reg("attestations", len(v.attests), func() any { return v.attestationRows() }),
	}
}

// ct is model.CleanText, short for the many fields below.
func ct(s string) string { return model.CleanText(s) }

func cts[S ~string](in []S) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = model.CleanText(string(s))
	}
	return out
}

// answerRows lists recorded answers in pack order (answers to questions no
// longer in the pack last, by id), then by subject.
func (v *view) answerRows() []answerRow {
	order := map[string]int{}
	for i, c := range v.pack.Controls() {
		for j, q := range c.Questions {
			order[q.ID] = i*10000 + j
		}
	}
	keys := make([]model.AnswerKey, 0, len(v.b.Answers))
	for k := range v.b.Answers {
		keys = append(keys, k)
	}
	pos := func(id string) int {
		if p, ok := order[id]; ok {
			return p
		}
		return int(^uint(0) >> 1)
	}
	slices.SortFunc(keys, func(a, b model.AnswerKey) int {
		return cmp.Or(cmp.Compare(pos(a.QuestionID), pos(b.QuestionID)), cmp.Compare(a.QuestionID, b.QuestionID),
			cmp.Compare(a.Subject, b.Subject))
	})
	rows := make([]answerRow, 0, len(keys))
	for _, k := range keys {
		a := v.b.Answers[k]
		q, ctl, ok := v.pack.Question(k.QuestionID)
		row := answerRow{QuestionID: ct(k.QuestionID), Subject: ct(k.Subject), SubjectName: v.subjectName(k.Subject),
			Value: ct(a.Value), Choices: cts(a.Choices), Justification: ct(a.Justification), Source: string(a.Source),
			Note: ct(a.Note), Flagged: a.Flagged, UpdatedAt: rfc3339(a.UpdatedAt), UpdatedBy: ct(a.UpdatedBy)}
		if row.Choices == nil {
			row.Choices = []string{}
		}
		if ok {
			row.ControlID, row.Prompt, row.Kind = ctl.ID, ct(q.Prompt), string(q.Kind)
			row.Display = ct(a.Display(q))
			row.Status = string(model.ItemStatus(q, a, true))
		} else {
			row.Display, row.Status = ct(a.Value), "orphaned"
		}
		rows = append(rows, row)
	}
	return rows
}

func (v *view) systemRows() []systemRow {
	rows := make([]systemRow, 0, len(v.systems))
	for _, s := range v.systems {
		in, why := s.InScope()
		tier, reasons := s.RiskTier()
		vendor := ""
		if s.VendorID != 0 {
			vendor = v.vendorName(s.VendorID)
		}
		rows = append(rows, systemRow{ID: s.ID, Name: ct(s.Name), Purpose: ct(s.Purpose), BusinessOwner: ct(s.BusinessOwner),
			TechnicalOwner: ct(s.TechnicalOwner), VendorID: s.VendorID, Vendor: vendor, Models: cts(s.Models),
			Identities: cts(s.Identities), Deployment: string(s.Deployment), DataCategories: cts(s.DataCategories),
			AffectsService: s.AffectsService, Consequential: s.Consequential, Oversight: string(s.Oversight),
			Logging: string(s.Logging), LogRetention: ct(s.LogRetention), AccessControl: cts(s.AccessControl),
			Approval: string(s.Approval), LastReviewed: string(s.LastReviewed), InScope: in, ScopeOverride: s.ScopeOverride != nil,
			ScopeReason: ct(why), RiskTier: string(tier), RiskReasons: reasons, Notes: ct(s.Notes), UpdatedAt: rfc3339(s.UpdatedAt)})
	}
	return rows
}

func (v *view) vendorRows() []vendorRow {
	rows := make([]vendorRow, 0, len(v.vendors))
	for _, x := range v.vendors {
		gap, why := x.CoverageGap()
		var notes []string
		for _, d := range model.ScoreDimensions() {
			if n := strings.TrimSpace(x.Scores[d].Note); n != "" {
				notes = append(notes, string(d)+": "+ct(n))
			}
		}
		rows = append(rows, vendorRow{ID: x.ID, Name: ct(x.Name), Service: ct(x.Service), Report: string(x.Report),
			PeriodEnd: string(x.PeriodEnd), Opinion: ct(x.Opinion), Covers: string(x.Covers), CoversNote: ct(x.CoversNote),
			CoverageGap: gap, CoverageGapReason: why, CarveOuts: cts(x.CarveOuts), BridgeLetter: string(x.BridgeLetter),
			CUECs: cts(x.CUECs), DPASigned: string(x.DPASigned), Training: string(x.Training), Retention: ct(x.Retention),
			Subprocessors: cts(x.Subprocessors), ScoreDataAccess: x.Scores[model.ScoreDataAccess].Value,
			ScoreIntegration: x.Scores[model.ScoreIntegrationDepth].Value, ScoreAuditLogs: x.Scores[model.ScoreAuditLogs].Value,
			ScoreHumanApproval: x.Scores[model.ScoreHumanApproval].Value, ScoreExceptions: x.Scores[model.ScoreExceptionHandling].Value,
			ScoreOwnership: x.Scores[model.ScoreOwnership].Value, ScoreAverage: roundTenth(x.ScoreAverage()),
			ScoreNotes: nonNil(notes), Notes: ct(x.Notes), UpdatedAt: rfc3339(x.UpdatedAt)})
	}
	return rows
}

func roundTenth(f float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 1, 64), 64)
	return r
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (v *view) exceptionRows() []exceptionRow {
	rows := make([]exceptionRow, 0, len(v.exceptions))
	for _, e := range v.exceptions {
		systems := make([]string, len(e.SystemIDs))
		for i, id := range e.SystemIDs {
			systems[i] = v.systemName(id)
		}
		cites := make([]string, len(e.Citations))
		for i, c := range e.Citations {
			cites[i] = string(c.Type) + ":" + ct(c.Ref)
		}
		var taskIDs []int64
		for _, t := range v.tasksByEx[e.ID] {
			taskIDs = append(taskIDs, t.ID)
		}
		d, m := e.Decision, e.ManagementResponse
		rows = append(rows, exceptionRow{ID: e.ID, Ref: e.Ref(), Kind: string(e.Kind), Rule: ct(e.Rule), Title: ct(e.Title),
			Detail: ct(e.Detail), Severity: string(e.Severity), SuggestedSeverity: string(e.SuggestedSeverity),
			SeverityReason: ct(e.SeverityReason), Status: string(e.Status), Active: e.Status.Active(), Owner: ct(e.Owner),
			SystemIDs: nonNil(e.SystemIDs), Systems: systems, VendorIDs: nonNil(e.VendorIDs), ControlIDs: cts(e.ControlIDs),
			Criteria: cts(e.Criteria), Citations: cites, RaisedBy: ct(e.RaisedBy), RaisedAt: rfc3339(e.RaisedAt),
			UpdatedAt: rfc3339(e.UpdatedAt), Decision: string(d.Kind), DecisionBy: ct(d.Actor), DecisionAt: rfc3339(d.At),
			Rationale: ct(d.Rationale), Approver: ct(d.Approver), CompensatingControls: ct(d.CompensatingControls),
			Expiry: string(d.Expiry), DuplicateOf: d.DuplicateOf, ResponseCause: ct(m.Cause),
			ResponseRemediation: ct(m.Remediation), ResponseTargetDate: string(m.TargetDate), TaskIDs: nonNil(taskIDs),
			Fingerprint: e.Fingerprint})
	}
	return rows
}

// taskRows uses model.TrackerRows for the tracker columns so the CSV a
// tracker imports matches what the app's own tracker export produces.
func (v *view) taskRows() []taskRow {
	exMap := make(map[int64]model.Exception, len(v.exceptions))
	for _, e := range v.exceptions {
		exMap[e.ID] = e
	}
	tracker := model.TrackerRows(v.tasks, exMap, func(id int64) string { return v.systemName(id) })[1:]
	rows := make([]taskRow, 0, len(v.tasks))
	for i, t := range v.tasks {
		tr := tracker[i]
		ref := ""
		if e, ok := exMap[t.ExceptionID]; ok {
			ref = e.Ref()
		}
		rows = append(rows, taskRow{Summary: tr[0], Description: tr[1], Assignee: tr[2], DueDate: tr[3], Priority: tr[4],
			Labels: tr[5], ExternalID: tr[6], ID: t.ID, Status: string(t.Status), ExceptionID: t.ExceptionID,
			ExceptionRef: ref, TrackerRef: ct(t.TrackerRef), Note: ct(t.Note), CreatedAt: rfc3339(t.CreatedAt),
			UpdatedAt: rfc3339(t.UpdatedAt)})
	}
	return rows
}

func (v *view) evidenceRows() []evidenceRow {
	rows := make([]evidenceRow, 0, len(v.ev))
	for _, e := range v.ev {
		att := make([]string, len(e.AttachedTo))
		for i, a := range e.AttachedTo {
			att[i] = ct(a.Kind) + ":" + ct(a.Ref)
		}
		rows = append(rows, evidenceRow{ID: e.ID, Ref: e.Ref(), Path: ct(e.Path), SHA256: ct(e.SHA256), Size: e.Size,
			MediaType: ct(e.MediaType), Description: ct(e.Description), AddedBy: ct(e.AddedBy), AddedAt: rfc3339(e.AddedAt),
			EffectiveDate: string(e.EffectiveDate), Retention: string(e.Retention), AttachedTo: att})
	}
	return rows
}

func (v *view) reviewRows() []reviewRow {
	rows := make([]reviewRow, 0, len(v.reviews))
	for _, r := range v.reviews {
		rows = append(rows, reviewRow{SampleID: ct(r.SampleID), System: ct(r.System), Reviewer: ct(r.Reviewer),
			Date: string(r.Date), Verdict: string(r.Verdict), IssueCategory: ct(r.IssueCategory), Note: ct(r.Note),
			SourceFile: ct(r.SourceFile), Line: r.Line, Fingerprint: r.Fingerprint})
	}
	return rows
}

func (v *view) changeRows() []changeRow {
	rows := make([]changeRow, 0, len(v.changes))
	for _, c := range v.changes {
		rows = append(rows, changeRow{Time: rfc3339(c.Time), System: ct(c.System), ChangeType: string(c.ChangeType),
			Description: ct(c.Description), Ticket: ct(c.Ticket), RequestedBy: ct(c.RequestedBy), ApprovedBy: ct(c.ApprovedBy),
			DeployedBy: ct(c.DeployedBy), Tested: string(c.Tested), SourceFile: ct(c.SourceFile), Line: c.Line,
			Fingerprint: c.Fingerprint})
	}
	return rows
}

func (v *view) approvalRows() []approvalRow {
	rows := make([]approvalRow, 0, len(v.approvals))
	for _, a := range v.approvals {
		rows = append(rows, approvalRow{At: rfc3339(a.At), Entity: ct(a.Entity), Ref: ct(a.Ref), Author: ct(a.Author),
			Reviewer: ct(a.Reviewer), Decision: ct(a.Decision), Note: ct(a.Note)})
	}
	return rows
}

func (v *view) attestationRows() []attestationRow {
	rows := make([]attestationRow, 0, len(v.attests))
	for _, a := range v.attests {
		rows = append(rows, attestationRow{At: rfc3339(a.At), Owner: ct(a.Owner), Role: ct(a.Role), ControlIDs: cts(a.ControlIDs),
			AnswersHash: ct(a.AnswersHash), Signed: a.Signed, Statement: ct(a.Statement), Status: ct(a.Status),
			Changed: cts(a.Changed)})
	}
	return rows
}
