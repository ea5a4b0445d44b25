package export

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"time"

	"auditwalk/model"
)

// Bundle is everything one export reads: a snapshot of an engagement. The
// export never reads the clock or the disk, so the same Bundle always gives
// byte-identical files.
type Bundle struct {
	Engagement model.Engagement
	// EngagementID is a stable identifier of the engagement file (a UUID or
	// any string the store keeps for the file's lifetime). It seeds the
	// OSCAL UUIDs; when empty they are seeded from the client name and the
	// engagement's CreatedAt instead.
	EngagementID string
	Pack         *model.Pack
	Answers      model.Answers
	Systems      []model.System
	Vendors      []model.Vendor
	Exceptions   []model.Exception
	Tasks        []model.RemediationTask
	// Reviews are imported prompt/output review records.
	Reviews []model.ReviewRecord
	// Changes are imported model change records (counted in the readiness
	// report; listed in the review records document).
	Changes []model.ChangeRecord
	// Approvals are reviewer decisions on answers and narratives
	// (ApprovalsFromModel converts the store's model.Review states).
	Approvals []Approval
	// Attestations are control owners' sign-offs (AttestationsFromModel).
	Attestations []Attestation
	// Evidence lists the attached files (EvidenceFromModel converts the
	// store's model.Evidence rows).
	Evidence []Evidence
	// Narratives holds the narratives edited in the app, by control and
	// subject. Controls without an entry use the generated narrative.
	Narratives map[NarrativeKey]Narrative
	// Narrator renders a control's narrative template for a subject (the
	// organisation or "system:<id>"); nil falls back to a plain summary of
	// the answers. The caller closes over the answers and systems, e.g. a
	// wrapper around questionnaires.RenderNarrative.
	Narrator Narrator
	// TrailHead is the hash of the newest activity-trail record.
	TrailHead string
	// AsOf is the date stamped on every document; empty means
	// Engagement.AsOf. It is the only date an export adds.
	AsOf model.Date
}

// Narrator renders the narrative template of ctl for subject.
type Narrator func(ctl *model.Control, subject string) (string, error)

// NarrativeKey identifies a control narrative: one control for one subject
// (model.SubjectOrg or model.SystemSubject(id)).
type NarrativeKey struct {
	ControlID string
	Subject   string
}

// Narrative is a narrative edited in the app. Generated is the generated
// text as it was when the edit was made, kept for comparison.
type Narrative struct {
	Text      string
	Generated string
	EditedBy  string
	EditedAt  time.Time
}

// Attachment kinds: what an evidence file is attached to.
const (
	AttachAnswer    = "answer"    // Ref "questionID@subject"
	AttachControl   = "control"   // Ref "controlID@subject"
	AttachSystem    = "system"    // Ref system id
	AttachVendor    = "vendor"    // Ref vendor id
	AttachException = "exception" // Ref exception id
)

// Attachment links an evidence file to what it supports.
type Attachment struct {
	Kind string `json:"kind"`
	Ref  string `json:"ref"`
}

// Evidence is one file attached in the app. The file itself is not copied
// into the export; its name, hash and size let an auditor match the copy
// they receive.
type Evidence struct {
	ID int64
	// Path is the file name as attached (relative or base name).
	Path   string
	SHA256 string
	Size   int64
	// MediaType is optional (e.g. "application/pdf").
	MediaType   string
	Description string
	AddedBy     string
	AddedAt     time.Time
	// EffectiveDate is the date the evidence speaks for (e.g. a report's
	// date); Retention is the date it may be deleted after.
	EffectiveDate model.Date
	Retention     model.Date
	AttachedTo    []Attachment
}

// Ref is how documents refer to an evidence file ("EV-3").
func (e Evidence) Ref() string { return "EV-" + strconv.FormatInt(e.ID, 10) }

// Approval decisions, spelled as model.ReviewState spells them.
const (
	ApprovalReviewed         = "reviewed"
	ApprovalApproved         = "approved"
	ApprovalChangesRequested = "changes-requested"
)

// Approval is a reviewer's decision on an answer or a narrative (from
// model.Review: Entity = Kind, Ref = Key, Decision = State, Note =
// Comment).
type Approval struct {
	// Entity is "answer" (Ref "questionID@subject") or "narrative" (Ref
	// "controlID@subject").
	Entity string
	Ref    string
	// Author is who wrote the answer or narrative (its UpdatedBy/EditedBy),
	// shown so a reader sees that someone else reviewed it.
	Author   string
	Reviewer string
	Decision string
	At       time.Time
	Note     string
}

// Attestation is a control owner's sign-off over the answers they saw
// (from model.Attestation: Owner = Person, ControlIDs = Controls,
// AnswersHash = AnswersSHA256, Signed = Signature != "").
type Attestation struct {
	Owner      string
	Role       string
	ControlIDs []string
	// AnswersHash is the hash of exactly the answers attested.
	AnswersHash string
	Statement   string
	Signed      bool
	At          time.Time
	// Status is valid, superseded (an attested answer changed since) or
	// invalid (the stored attestation does not match itself); Changed names
	// the answers ("question@subject") that superseded it.
	Status  string
	Changed []string
}

// asOf returns the export's as-of date, or an error naming what to set.
func (b *Bundle) asOf() (model.Date, error) {
	d := b.AsOf
	if d == "" {
		d = b.Engagement.AsOf
	}
	if d == "" {
		return "", fmt.Errorf("export: the engagement has no as-of date (set Bundle.AsOf or Engagement.AsOf)")
	}
	if t, ok := d.Time(); !ok || t.Year() < 1900 || t.Year() > 2999 {
		return "", fmt.Errorf("export: as-of date %q is not a date between 1900 and 2999 (YYYY-MM-DD)", d)
	}
	return d, nil
}

// view is a Bundle prepared for rendering: sorted copies, indexes and the
// readiness summary, computed once and shared by every document.
type view struct {
	b          *Bundle
	asOf       model.Date
	pack       *model.Pack
	summary    model.Summary
	systems    []model.System
	sysByID    map[int64]*model.System
	sysName    map[int64]string // cleaned once: named in every document
	vendors    []model.Vendor
	venByID    map[int64]*model.Vendor
	exceptions []model.Exception
	exByID     map[int64]*model.Exception
	tasks      []model.RemediationTask
	tasksByEx  map[int64][]model.RemediationTask
	ev         []Evidence
	reviews    []model.ReviewRecord
	changes    []model.ChangeRecord
	approvals  []Approval
	attests    []Attestation
	// exAnchor is the exception register's anchor for each exception,
	// taken from the register's outline (exOutline) up front so documents
	// never depend on one another.
	exAnchor  map[int64]string
	exOutline *mdDoc
	// exByControl, exByControlSystem and evByAttachment index exceptions
	// and evidence for the per-control lookups (see index.go); walked
	// marks control/subject pairs assessed.
	exByControl       map[string][]int
	exByControlSystem map[controlSystem][]int
	evByAttachment    map[string][]int
	walked            map[[2]string]bool
	// critTitle holds the short title of every Trust Services Criterion.
	critTitle map[string]string
	// active holds the exceptions that still need work, worst first
	// (pointing into exceptions).
	active []*model.Exception
}

// sortedView returns s sorted stably by cmp: s itself when it already is
// (the store returns rows in order, and a copy of a large register costs
// memory for the whole export), else a sorted copy. s is never modified.
func sortedView[T any](s []T, cmp func(a, b T) int) []T {
	if slices.IsSortedFunc(s, cmp) {
		return s
	}
	c := slices.Clone(s)
	slices.SortStableFunc(c, cmp)
	return c
}

// newView sorts and indexes a bundle. Inputs are not modified (nor copied
// when already in order: the view must not modify its slices).
func newView(b *Bundle) (*view, error) {
	asOf, err := b.asOf()
	if err != nil {
		return nil, err
	}
	pack := b.Pack
	if pack == nil {
		pack = &model.Pack{}
	}
	v := &view{b: b, asOf: asOf, pack: pack}
	v.systems = sortedView(b.Systems, func(x, y model.System) int { return cmp.Compare(x.ID, y.ID) })
	v.sysByID = make(map[int64]*model.System, len(v.systems))
	v.sysName = make(map[int64]string, len(v.systems))
	for i := range v.systems {
		v.sysByID[v.systems[i].ID] = &v.systems[i]
		v.sysName[v.systems[i].ID] = model.CleanLine(v.systems[i].Name)
	}
	// The readiness summary is the longest step; it runs while the rest
	// is sorted and indexed (it reads only the pack, answers and systems).
	summary := make(chan model.Summary, 1)
	go func() { summary <- model.Summarize(pack, b.Answers, v.systems) }()
	v.vendors = sortedView(b.Vendors, func(x, y model.Vendor) int { return cmp.Compare(x.ID, y.ID) })
	v.venByID = make(map[int64]*model.Vendor, len(v.vendors))
	for i := range v.vendors {
		v.venByID[v.vendors[i].ID] = &v.vendors[i]
	}
	v.exceptions = sortedView(b.Exceptions, func(x, y model.Exception) int { return cmp.Compare(x.ID, y.ID) })
	v.exByID = make(map[int64]*model.Exception, len(v.exceptions))
	for i := range v.exceptions {
		v.exByID[v.exceptions[i].ID] = &v.exceptions[i]
	}
	v.tasks = sortedView(b.Tasks, func(x, y model.RemediationTask) int { return cmp.Compare(x.ID, y.ID) })
	v.tasksByEx = map[int64][]model.RemediationTask{}
	for _, t := range v.tasks {
		v.tasksByEx[t.ExceptionID] = append(v.tasksByEx[t.ExceptionID], t)
	}
	v.ev = sortedView(b.Evidence, func(x, y Evidence) int { return cmp.Or(cmp.Compare(x.ID, y.ID), cmp.Compare(x.Path, y.Path)) })
	v.reviews = sortedView(b.Reviews, func(x, y model.ReviewRecord) int {
		return cmp.Or(cmp.Compare(x.Date, y.Date), cmp.Compare(x.System, y.System), cmp.Compare(x.SampleID, y.SampleID),
			cmp.Compare(x.Fingerprint, y.Fingerprint))
	})
	v.changes = sortedView(b.Changes, func(x, y model.ChangeRecord) int {
		return cmp.Or(x.Time.Compare(y.Time), cmp.Compare(x.System, y.System), cmp.Compare(x.Fingerprint, y.Fingerprint))
	})
	v.approvals = sortedView(b.Approvals, func(x, y Approval) int {
		return cmp.Or(x.At.Compare(y.At), cmp.Compare(x.Entity, y.Entity), cmp.Compare(x.Ref, y.Ref), cmp.Compare(x.Reviewer, y.Reviewer))
	})
	v.attests = sortedView(b.Attestations, func(x, y Attestation) int {
		return cmp.Or(x.At.Compare(y.At), cmp.Compare(x.Owner, y.Owner))
	})
	v.index()
	v.summary = <-summary
	v.walked = make(map[[2]string]bool, len(v.summary.Results))
	for _, r := range v.summary.Results {
		v.walked[[2]string{r.Control.ID, r.Subject}] = true
	}
	return v, nil
}

// subjectName is how documents name a subject: "Organisation" or the
// system's name (with its id when the system is unknown).
func (v *view) subjectName(subject string) string {
	if subject == model.SubjectOrg {
		return "Organisation"
	}
	if id, ok := model.SubjectSystemID(subject); ok {
		if name, ok := v.sysName[id]; ok {
			return name
		}
		return "System " + strconv.FormatInt(id, 10)
	}
	return model.CleanLine(subject)
}

// systemName names a system by id for registers.
func (v *view) systemName(id int64) string {
	if name, ok := v.sysName[id]; ok {
		return name
	}
	return "system " + strconv.FormatInt(id, 10)
}

// vendorName names a vendor by id.
func (v *view) vendorName(id int64) string {
	if x := v.venByID[id]; x != nil {
		return model.CleanLine(x.Name)
	}
	return "vendor " + strconv.FormatInt(id, 10)
}

// activeExceptions returns the exceptions that still need work, worst
// first, then by id (computed once by index; callers must not modify it).
func (v *view) activeExceptions() []*model.Exception { return v.active }
