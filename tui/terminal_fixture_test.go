package tui

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"auditwalk/data"
	"auditwalk/internal/gen"
	"auditwalk/model"
	"auditwalk/questionnaires"
)

// This file builds the engagement the terminal fault tests draw: a small
// generated engagement (internal/gen) plus, through the data store API,
// one row of every kind a person or an import can put text into, each text
// field set from a textFn. The realistic textFn gives the size tests
// screens full of data; the hostile one (terminal_hostile_test.go) puts
// escape sequences and broken bytes into every field.

// textFn returns the text for one field; field names it (e.g.
// "system.notes"), so a failure can say which field leaked.
type textFn func(field string) string

// faultEngagement is an engagement file and what the App needs to open it.
type faultEngagement struct {
	path  string
	actor string
	st    *data.Store
	pack  *model.Pack
	// text is the fixture's textFn; shownPath is the file name the status
	// line shows (the App takes it as given).
	text      textFn
	shownPath string

	// People: the assessor, a control owner and a reviewer (people's
	// names are validated, so the actor above is not one of them).
	assessor, owner, reviewer string

	vendor     int64  // the vendor with every field set
	system     int64  // the system with every field set
	systemName string // its name
	evidence   int64  // evidence attached to that system
	// Exceptions: accepted with every decision field; in remediation with
	// a management response and a task; raised by detection from the
	// imported records.
	accepted, remediating, detected int64
	// Walkthrough items ("question@subject"): answered N/A with a
	// justification, and a text question answered with text.
	naItem, textItem string
}

// faultClock is the fixture's fixed "now": inside the generated
// engagement's observation period.
func faultClock() time.Time { return time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC) }

// buildFaultEngagement generates the small engagement in a temp dir and
// fills every text field through the store with text(field). The store
// is left open (read-write) for the App and closed by t.Cleanup.
func buildFaultEngagement(t testing.TB, scale gen.Scale, text textFn) *faultEngagement {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "fault.db")
	if _, err := gen.Generate(ctx, gen.Config{Out: path, Seed: 8, Scale: scale}); err != nil {
		t.Fatal(err)
	}
	f := &faultEngagement{path: path, actor: text("actor.assessor"), text: text, shownPath: text("file.path")}
	st, err := data.Open(ctx, path, data.Options{Actor: f.actor, Now: faultClock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f.st = st
	_, _, _, src, ok, err := st.PackSource(ctx)
	if err != nil || !ok {
		t.Fatalf("pack source: ok=%v %v", ok, err)
	}
	if f.pack, err = questionnaires.Parse("engagement", src); err != nil {
		t.Fatal(err)
	}
	fill := &filler{t: t, ctx: ctx, f: f, text: text, dir: dir}
	for _, step := range []func(){fill.engagement, fill.people, fill.inventory, fill.answers, fill.records,
		fill.exceptions, fill.evidence, fill.accountability, fill.conflict} {
		step()
	}
	return f
}

// filler holds what the fill steps share.
type filler struct {
	t    testing.TB
	ctx  context.Context
	f    *faultEngagement
	text textFn
	dir  string

	assessor string       // the assessor's name (people names are validated)
	owner    string       // a control owner's name
	items    []model.Item // the walk after answers were given
}

func (x *filler) must(err error, what string) {
	x.t.Helper()
	if err != nil {
		// Errors quote the hostile text: show the end, where the reason is.
		msg := err.Error()
		x.t.Fatalf("fixture: %s: %q", what, msg[max(len(msg)-300, 0):])
	}
}

func (x *filler) snapshot() model.Snapshot {
	x.t.Helper()
	snap, err := x.f.st.Load(x.ctx)
	x.must(err, "load")
	return snap
}

func (x *filler) engagement() {
	e := x.snapshot().Engagement
	e.Name, e.Client, e.Assessor = x.text("engagement.name"), x.text("engagement.client"), x.text("engagement.assessor")
	_, err := x.f.st.SaveEngagement(x.ctx, e)
	x.must(err, "engagement")
}

func (x *filler) people() {
	st := x.f.st
	// E-mail addresses are validated as plain addresses, so they stay plain.
	x.assessor, x.owner = x.text("person.assessor"), x.text("person.owner")
	x.f.assessor, x.f.owner, x.f.reviewer = x.assessor, x.owner, x.text("person.reviewer")
	// Once the engagement has an assessor, only an assessor manages people.
	st.SetActor(x.assessor)
	defer st.SetActor(x.f.actor)
	for _, p := range []model.Person{
		{Name: x.assessor, Email: "ana@example.com", Roles: []model.Role{model.RoleAssessor}},
		{Name: x.owner, Email: "olu@example.com", Roles: []model.Role{model.RoleControlOwner}},
		{Name: x.text("person.reviewer"), Roles: []model.Role{model.RoleReviewer}},
	} {
		_, err := st.SavePerson(x.ctx, p)
		x.must(err, "person")
	}
}

func (x *filler) inventory() {
	scores := map[model.ScoreDimension]model.Score{}
	for _, d := range model.ScoreDimensions() {
		scores[d] = model.Score{Value: 3, Note: x.text("vendor.score_note")}
	}
	v, err := x.f.st.SaveVendor(x.ctx, model.Vendor{Name: x.text("vendor.name"), Service: x.text("vendor.service"),
		Report: model.ReportType2, PeriodEnd: "2026-01-31", Covers: model.TriYes, DPASigned: model.TriNo,
		Training: model.TrainingUnknown, Opinion: x.text("vendor.opinion"),
		CoversNote: x.text("vendor.covers_note"), CarveOuts: []string{x.text("vendor.carve_out")},
		CUECs: []string{x.text("vendor.cuec")}, Retention: x.text("vendor.retention"),
		Subprocessors: []string{x.text("vendor.subprocessor")}, Notes: x.text("vendor.notes"), Scores: scores})
	x.must(err, "vendor")
	x.f.vendor = v.ID
	in := true
	s, err := x.f.st.SaveSystem(x.ctx, model.System{Name: x.text("system.name"), Purpose: x.text("system.purpose"),
		BusinessOwner: x.text("system.business_owner"), TechnicalOwner: x.text("system.technical_owner"),
		VendorID: v.ID, Models: []string{x.text("system.model")}, Identities: []string{x.text("system.identity")},
		Deployment: model.DeployThirdPartyAPI, DataCategories: []model.DataCategory{model.DataCustomer},
		AffectsService: true, Approval: model.ApprovalPending, Oversight: model.OversightSampled, Logging: model.LoggingPartial,
		LogRetention:  x.text("system.log_retention"),
		AccessControl: []string{x.text("system.access_control")}, ScopeOverride: &in,
		ScopeJustification: x.text("system.scope_justification"), Notes: x.text("system.notes")})
	x.must(err, "system")
	x.f.system, x.f.systemName = s.ID, s.Name
}

// answers answers the first 40 open yes/no and text questions of the walk
// (text ones with text), each with a note, the first yes/no one N/A with
// a justification.
func (x *filler) answers() {
	snap := x.snapshot()
	items := model.Walk(x.f.pack, snap.Answers, snap.Systems)
	n := 0
	for i, it := range items {
		if n == 40 {
			break
		}
		if _, done := snap.Answers[it.Key()]; done {
			continue
		}
		a := model.Answer{QuestionID: it.Question.ID, Subject: it.Subject, Source: model.SourceDocument,
			Note: x.text("answer.note"), Flagged: i%2 == 0}
		ref := it.Question.ID + "@" + it.Subject
		switch it.Question.Kind {
		case model.KindYesNo:
			a.Value = model.AnswerYes
			if x.f.naItem == "" {
				a.Value, a.Justification, x.f.naItem = model.AnswerNA, x.text("answer.justification"), ref
			}
		case model.KindText:
			a.Value = x.text("answer.text")
			if x.f.textItem == "" {
				x.f.textItem = ref
			}
		default:
			continue
		}
		_, err := x.f.st.SaveAnswer(x.ctx, a)
		x.must(err, "answer "+it.Question.ID)
		n++
	}
	if x.f.naItem == "" || x.f.textItem == "" {
		x.t.Fatalf("fixture: no N/A (%q) or text answer (%q) among the first questions", x.f.naItem, x.f.textItem)
	}
	snap = x.snapshot()
	x.items = model.Walk(x.f.pack, snap.Answers, snap.Systems)
}

// records imports access-log, change and review records with every text
// column set, named from text too, then runs detection so that findings
// quote them.
func (x *filler) records() {
	st := x.f.st
	// The readers refuse NUL bytes (a binary file, not a log); every
	// other byte goes in.
	text := func(field string) string { return strings.ReplaceAll(x.text(field), "\x00", "") }
	access := csvOf(x.t, []string{"time", "actor", "action", "service", "model", "resource", "source", "outcome", "event id"},
		[]string{"2026-03-10T10:00:00Z", text("access.actor"), text("access.action"), "openai",
			text("access.model"), text("access.resource"), text("access.source"), text("access.outcome"),
			text("access.event_id")})
	_, err := st.ImportAccessLog(x.ctx, text("import.access_name")+".csv", bytes.NewReader(access), "csv", nil, false)
	x.must(err, "access log")
	changes := csvOf(x.t, []string{"time", "system", "change type", "description", "ticket", "requested by", "approved by", "deployed by", "tested"},
		[]string{"2026-03-11", text("change.system"), "prompt", text("change.description"), text("change.ticket"),
			text("change.requested_by"), text("change.approved_by"), text("change.deployed_by"), "no"})
	_, err = st.ImportChanges(x.ctx, text("import.changes_name")+".csv", bytes.NewReader(changes), "csv", nil, false)
	x.must(err, "changes")
	reviews := csvOf(x.t, []string{"sample id", "system", "reviewer", "date", "verdict", "issue category", "note"},
		[]string{text("review.sample"), text("review.system"), text("review.reviewer"), "2026-03-12", "fail",
			text("review.category"), text("review.note")})
	_, err = st.ImportReviews(x.ctx, text("import.reviews_name")+".csv", bytes.NewReader(reviews), "csv", nil, false)
	x.must(err, "reviews")
	_, err = st.RunDetection(x.ctx, x.f.pack, faultClock())
	x.must(err, "detection")
}

// csvOf is a header and one row as CSV (quoted as needed, bytes kept).
func csvOf(t testing.TB, header, row []string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll([][]string{header, row}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// exceptions raises two by hand: one accepted with every decision field,
// one in remediation with a management response and a task with every
// field; and finds one detection raised from the imported records.
func (x *filler) exceptions() {
	st := x.f.st
	raise := func(tag string) model.Exception {
		e, err := st.RaiseException(x.ctx, model.Exception{Kind: model.ExKindManual, Title: x.text(tag + ".title"),
			Detail: x.text(tag + ".detail"), Severity: model.SeverityHigh, Owner: x.text(tag + ".owner"),
			SystemIDs: []int64{x.f.system}, VendorIDs: []int64{x.f.vendor}, ControlIDs: []string{x.items[0].Control.ID},
			Citations: []model.Citation{{Type: model.CiteSystem, Ref: fmt.Sprint(x.f.system), Label: x.text(tag + ".cite_system")},
				{Type: model.CiteAnswer, Ref: x.items[0].Question.ID + "@" + x.items[0].Subject, Label: x.text(tag + ".cite_answer")}}})
		x.must(err, "raise")
		_, err = st.ChangeSeverity(x.ctx, e.ID, model.SeverityCritical, x.text(tag+".severity_reason"))
		x.must(err, "severity")
		_, err = st.TransitionException(x.ctx, e.ID, model.StatusTriaged, model.Decision{})
		x.must(err, "triage")
		return e
	}
	acc := raise("accepted")
	_, err := st.TransitionException(x.ctx, acc.ID, model.StatusAccepted, model.Decision{Kind: model.DecisionAcceptRisk,
		Rationale: x.text("decision.rationale"), Approver: x.text("decision.approver"),
		CompensatingControls: x.text("decision.compensating"), Expiry: "2026-12-31"})
	x.must(err, "accept risk")
	rem := raise("remediating")
	_, err = st.SaveManagementResponse(x.ctx, rem.ID, model.ManagementResponse{Cause: x.text("response.cause"),
		Remediation: x.text("response.remediation"), TargetDate: "2026-05-01"})
	x.must(err, "management response")
	_, err = st.TransitionException(x.ctx, rem.ID, model.StatusInRemediation, model.Decision{Kind: model.DecisionRemediate,
		Rationale: x.text("decision.remediate_note")})
	x.must(err, "remediate")
	task, err := st.SaveTask(x.ctx, model.RemediationTask{ExceptionID: rem.ID, Title: x.text("task.title"),
		Description: x.text("task.description"), Owner: x.owner, Due: "2026-03-01", Status: model.TaskTodo,
		TrackerRef: x.text("task.tracker"), Note: x.text("task.note")})
	x.must(err, "task")
	_, err = st.TransitionTask(x.ctx, task.ID, model.TaskInProgress, x.text("task.transition_note"))
	x.must(err, "task transition")
	x.f.accepted, x.f.remediating = acc.ID, rem.ID
	x.f.detected = x.detectedFromRecords()
}

// detectedFromRecords is the id of an exception detection raised that
// quotes an imported record's text.
func (x *filler) detectedFromRecords() int64 {
	all, err := x.f.st.Exceptions(x.ctx)
	x.must(err, "exceptions")
	for _, e := range all {
		if e.Kind == model.ExKindManual {
			continue
		}
		for _, field := range []string{"access.actor", "access.model", "change.description", "review.note", "review.sample"} {
			if strings.Contains(e.Title+e.Detail, field) {
				return e.ID
			}
		}
	}
	x.t.Fatal("fixture: detection raised nothing quoting the imported records")
	return 0
}

// evidence attaches a file whose name is hostile (as far as a file name
// can be) to an answer, a system and a vendor.
func (x *filler) evidence() {
	name := x.text("evidence.filename")
	name = strings.NewReplacer("/", "_", "\x00", "_").Replace(name)
	if len(name) > 200 {
		name = name[:200]
	}
	path := filepath.Join(x.dir, name+".pdf")
	x.must(os.WriteFile(path, []byte("%PDF-1.4 fixture"), 0o600), "evidence file")
	it := x.items[0]
	for _, target := range []string{"answer:" + it.Question.ID + "@" + it.Subject,
		fmt.Sprintf("system:%d", x.f.system), fmt.Sprintf("vendor:%d", x.f.vendor)} {
		ev, err := x.f.st.AttachEvidence(x.ctx, target, path, data.AttachOptions{EffectiveDate: "2026-03-01",
			Note: x.text("evidence.note")})
		x.must(err, "evidence "+target)
		if strings.HasPrefix(target, "system:") {
			x.f.evidence = ev.ID
		}
	}
}

// accountability assigns the first control to the owner, has a reviewer
// request changes with a comment, keeps an edited narrative and has the
// owner attest with a statement.
func (x *filler) accountability() {
	st := x.f.st
	it := x.items[0]
	st.SetActor(x.assessor)
	_, err := st.Assign(x.ctx, model.AssignControl, it.Control.ID, x.owner)
	x.must(err, "assign control")
	_, err = st.Assign(x.ctx, model.AssignSystem, fmt.Sprint(x.f.system), x.owner)
	x.must(err, "assign system")
	// The request is on the N/A answer, which nothing changes later (a
	// change would reset the review and hide the comment).
	na := strings.SplitN(x.f.naItem, "@", 2)
	st.SetActor(x.text("person.reviewer"))
	_, err = st.ReviewAnswer(x.ctx, model.AnswerKey{QuestionID: na[0], Subject: na[1]}, model.ReviewRequestChanges,
		x.text("review.comment"))
	x.must(err, "review")
	st.SetActor(x.f.actor)
	_, err = st.SaveNarrative(x.ctx, model.Narrative{ControlID: it.Control.ID, Subject: it.Subject,
		Text: x.text("narrative.text"), Generated: x.text("narrative.generated")})
	x.must(err, "narrative")
	snap := x.snapshot()
	people, err := st.People(x.ctx)
	x.must(err, "people")
	as, err := st.Assignments(x.ctx)
	x.must(err, "assignments")
	owner, _ := people.Find(x.owner)
	att, err := model.NewAttestation(model.AttestationInput{UID: "fault-1", Engagement: snap.Engagement, Person: owner,
		Statement: x.text("attestation.statement"), Controls: []string{it.Control.ID},
		Items: model.OwnerItems(x.items, as, x.owner), Answers: snap.Answers, At: faultClock()})
	x.must(err, "attestation")
	st.SetActor(x.owner)
	_, err = st.Attest(x.ctx, att)
	x.must(err, "attest")
	st.SetActor(x.f.actor)
}

// conflict exports the owner's packet, answers in it differently from the
// assessor (both with notes) and merges it back: one open conflict.
func (x *filler) conflict() {
	st := x.f.st
	snap := x.snapshot()
	as, err := st.Assignments(x.ctx)
	x.must(err, "assignments")
	var keys []model.AnswerKey
	var target model.Item
	for _, it := range model.OwnerItems(x.items, as, x.owner) {
		keys = append(keys, it.Key())
		if it.Question.Kind == model.KindYesNo && target.Question == nil {
			target = it
		}
	}
	out := filepath.Join(x.dir, "packet.db")
	st.SetActor(x.assessor) // only an assessor exports packets
	_, err = st.ExportPacket(x.ctx, out, data.PacketSpec{Owner: x.owner, Keys: keys})
	x.must(err, "export packet")
	st.SetActor(x.f.actor)
	pk, err := data.Open(x.ctx, out, data.Options{Actor: x.owner, Now: faultClock})
	x.must(err, "open packet")
	_, err = pk.SaveAnswer(x.ctx, model.Answer{QuestionID: target.Question.ID, Subject: target.Subject,
		Value: model.AnswerNo, Note: x.text("conflict.theirs_note")})
	x.must(err, "packet answer")
	x.must(pk.Close(), "close packet")
	ours := snap.Answers[target.Key()]
	ours.Value, ours.Note = model.AnswerPartial, x.text("conflict.ours_note")
	_, err = st.SaveAnswer(x.ctx, ours)
	x.must(err, "our answer")
	st.SetActor(x.assessor)
	res, err := st.MergePacket(x.ctx, out)
	x.must(err, "merge")
	st.SetActor(x.f.actor)
	if len(res.Conflicts) == 0 {
		x.t.Fatalf("fixture: merge made no conflict: %+v", res)
	}
}

// faultScale is gen.Small with fewer access-log records: the screens need
// many rows, not many log lines, and the fixture is built once per test.
func faultScale() gen.Scale {
	s := gen.Small()
	s.AccessRecords = 300
	return s
}

// tinyScale is a few rows of each kind beside the fixture's own: with
// 10,000-character words in every field, the export documents still run
// to megabytes; more rows would only make them slower to check.
func tinyScale() gen.Scale {
	return gen.Scale{Systems: 3, Vendors: 2, Answers: 10, Exceptions: 4, AccessRecords: 20, Evidence: 2}
}
