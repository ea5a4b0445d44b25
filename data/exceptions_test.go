package data

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"auditwalk/data/ingest/records"
	"auditwalk/model"
)

func raiseTest(t *testing.T, s *Store, title string) model.Exception {
	t.Helper()
	e := model.NewManualException(model.ExKindManual, title, "found in interview", model.SeverityHigh, "", time.Time{})
	e.Criteria, e.ControlIDs, e.SystemIDs = []string{"CC6.1"}, []string{"AC-1"}, []int64{3}
	e.Citations = []model.Citation{{Type: model.CiteAnswer, Ref: "q1@org", Label: "q1"}}
	got, err := s.RaiseException(context.Background(), e)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestRaisedExceptionRoundTripsWithEveryField(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	e := raiseTest(t, s, "No MFA on the model console")
	if e.ID != 1 || e.RaisedBy != "alice" || e.Status != model.StatusOpen || e.RaisedAt.IsZero() {
		t.Fatalf("raised %+v", e)
	}
	e, err := s.AssignException(ctx, e.ID, " Priya ")
	if err != nil {
		t.Fatal(err)
	}
	e, err = s.SaveManagementResponse(ctx, e.ID, model.ManagementResponse{Cause: "legacy console", Remediation: "enforce SSO", TargetDate: "2026-05-01"})
	if err != nil {
		t.Fatal(err)
	}
	e, err = s.ChangeSeverity(ctx, e.ID, model.SeverityCritical, "console reaches production keys")
	if err != nil {
		t.Fatal(err)
	}
	e, err = s.TransitionException(ctx, e.ID, model.StatusAccepted, model.Decision{Approver: "bob", Rationale: "vendor fix due",
		CompensatingControls: "weekly access review", Expiry: "2026-06-01"})
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.Exceptions(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("%d exceptions, %v", len(list), err)
	}
	got := list[0]
	if !reflect.DeepEqual(normalise(got), normalise(e)) {
		t.Fatalf("stored\n%+v\nreturned\n%+v", got, e)
	}
	if got.Owner != "Priya" || got.ManagementResponse.TargetDate != "2026-05-01" || got.Severity != model.SeverityCritical ||
		got.Decision.Approver != "bob" || got.Decision.Actor != "alice" || len(got.History) != 2 {
		t.Fatalf("stored %+v", got)
	}
	one, err := s.Exception(ctx, e.ID)
	if err != nil || one.Title != e.Title {
		t.Fatalf("Exception(%d): %+v %v", e.ID, one, err)
	}
	trail, _ := s.Activity(ctx, ActivityFilter{Entity: EntityException})
	if len(trail) != 5 || trail[0].Action != ActionUpdate || !strings.Contains(trail[0].After, `"status":"accepted"`) {
		t.Fatalf("trail has %d exception records, newest %+v", len(trail), trail[0])
	}
	mustVerify(t, s)
}

// normalise drops what a round trip through UTC text may change: the
// monotonic clock reading and the zone of equal instants.
func normalise(e model.Exception) model.Exception {
	e.RaisedAt, e.UpdatedAt = e.RaisedAt.UTC().Round(0), e.UpdatedAt.UTC().Round(0)
	e.Decision.At = e.Decision.At.UTC().Round(0)
	for i := range e.History {
		e.History[i].At = e.History[i].At.UTC().Round(0)
	}
	return e
}

func TestRefusedTransitionsLeaveNothingBehind(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	e := raiseTest(t, s, "Shared API key")
	before := activityCount(t, s)
	for _, tc := range []struct {
		to model.ExceptionStatus
		d  model.Decision
	}{
		{model.StatusRemediated, model.Decision{}},    // not allowed from open
		{model.StatusFalsePositive, model.Decision{}}, // needs a reason
		{model.StatusAccepted, model.Decision{Approver: "alice", Rationale: "r", CompensatingControls: "c", Expiry: "2027-01-01"}}, // raiser approves
		{model.StatusDuplicate, model.Decision{DuplicateOf: 99}},                                                                   // no such exception
	} {
		if _, err := s.TransitionException(ctx, e.ID, tc.to, tc.d); err == nil {
			t.Errorf("move to %s with %+v accepted", tc.to, tc.d)
		}
	}
	if _, err := s.TransitionException(ctx, 42, model.StatusTriaged, model.Decision{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("moving a missing exception: %v", err)
	}
	if _, err := s.ChangeSeverity(ctx, e.ID, model.SeverityLow, ""); err == nil {
		t.Error("severity below the suggestion without a reason accepted")
	}
	if activityCount(t, s) != before {
		t.Fatal("refused changes left trail records")
	}
	got, _ := s.Exception(ctx, e.ID)
	if got.Status != model.StatusOpen || len(got.History) != 0 {
		t.Fatalf("refused changes changed the exception: %+v", got)
	}
	other := raiseTest(t, s, "Same shared key")
	dup, err := s.TransitionException(ctx, other.ID, model.StatusDuplicate, model.Decision{DuplicateOf: e.ID})
	if err != nil || dup.Status != model.StatusDuplicate || dup.Decision.DuplicateOf != e.ID {
		t.Fatalf("duplicate of an existing exception: %+v %v", dup, err)
	}
}

func TestVerifyCatchesAnExceptionEditedOutsideAuditwalk(t *testing.T) {
	s, _ := newTestStore(t)
	raiseTest(t, s, "Prompt logs not retained")
	mustVerify(t, s)
	if _, err := s.db.Exec("UPDATE exception SET status = 'closed' WHERE id = 1"); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() || !strings.Contains(strings.Join(rep.Problems(), "\n"), "exception 1: row differs") {
		t.Fatalf("problems %q", rep.Problems())
	}
}

// detectionFixture is an engagement with something for several rules: an
// in-scope system with no owner and no logging, activity on projects the
// inventory does not know, and change records without segregation.
func detectionFixture(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.SaveEngagement(ctx, model.Engagement{Client: "Acme", Readiness: model.Type2, PeriodStart: "2025-01-01", PeriodEnd: "2025-06-30"}); err != nil {
		t.Fatal(err)
	}
	sys := model.System{Name: "Support bot", Purpose: "replies", Identities: []string{"proj-0"}, Models: []string{"gpt-4o"},
		DataCategories: []model.DataCategory{model.DataCustomer}, AffectsService: true, Logging: model.LoggingNone,
		Approval: model.ApprovalApproved, LastReviewed: "2025-01-15"}
	if _, err := s.SaveSystem(ctx, sys); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportAccessLog(ctx, "a.jsonl", genAccess(30, ""), records.FormatJSON, nil, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportChanges(ctx, "changes.json", bytes.NewReader(fixture(t, "changes.json")), "", nil, false); err != nil {
		t.Fatal(err)
	}
}

func rulesOf(list []model.Exception) map[string]int {
	m := map[string]int{}
	for _, e := range list {
		m[e.Rule]++
	}
	return m
}

func TestRunDetectionFindsExceptionsOnceAndClosesFixedOnes(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	detectionFixture(t, s)
	now := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	sum, err := s.RunDetection(ctx, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	list, _ := s.Exceptions(ctx)
	rules := rulesOf(list)
	for _, want := range []string{model.RuleShadowActivity, model.RuleLoggingNone, model.RuleOwnership, model.RuleChangeSoD} {
		if rules[want] == 0 {
			t.Errorf("no %s finding; found %v", want, rules)
		}
	}
	if sum.New != len(list) || sum.Findings != len(list) || sum.Closed+sum.Updated+sum.Reopened+sum.Expired != 0 {
		t.Fatalf("first run %+v, %d stored", sum, len(list))
	}
	trail, _ := s.Activity(ctx, ActivityFilter{Entity: EntityException})
	if len(trail) != len(list) {
		t.Fatalf("%d trail records for %d new exceptions", len(trail), len(list))
	}
	before := activityCount(t, s)
	again, err := s.RunDetection(ctx, nil, now.Add(time.Hour))
	if err != nil || again.Changed() || again.Findings != sum.Findings {
		t.Fatalf("second run %+v %v, want no change", again, err)
	}
	if activityCount(t, s) != before {
		t.Fatal("a second run wrote to the trail")
	}
	// Fix the logging: its finding closes with a record of why.
	sys := mustSystem(t, s)
	sys.Logging = model.LoggingFull
	if _, err := s.SaveSystem(ctx, sys); err != nil {
		t.Fatal(err)
	}
	fixed, err := s.RunDetection(ctx, nil, now.Add(2*time.Hour))
	if err != nil || fixed.Closed != 1 || fixed.New != 0 {
		t.Fatalf("after the fix %+v %v", fixed, err)
	}
	list, _ = s.Exceptions(ctx)
	for _, e := range list {
		if e.Rule == model.RuleLoggingNone && (e.Status != model.StatusClosed || !strings.Contains(e.History[len(e.History)-1].Note, "no longer detected")) {
			t.Fatalf("logging finding after the fix: %+v", e)
		}
	}
	mustVerify(t, s)
}

func mustSystem(t *testing.T, s *Store) model.System {
	t.Helper()
	snap, err := s.Load(context.Background())
	if err != nil || len(snap.Systems) == 0 {
		t.Fatalf("load: %v", err)
	}
	return snap.Systems[0]
}

func TestRunDetectionReopensExpiredRiskAcceptances(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t) // clock: 2026-03-01
	e := raiseTest(t, s, "Vendor report gap")
	if _, err := s.TransitionException(ctx, e.ID, model.StatusAccepted, model.Decision{Approver: "bob", Rationale: "bridge letter due",
		CompensatingControls: "monthly review", Expiry: "2026-04-01"}); err != nil {
		t.Fatal(err)
	}
	if sum, err := s.RunDetection(ctx, nil, time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)); err != nil || sum.Expired != 0 {
		t.Fatalf("before expiry %+v %v", sum, err)
	}
	sum, err := s.RunDetection(ctx, nil, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || sum.Expired != 1 {
		t.Fatalf("on expiry %+v %v", sum, err)
	}
	got, _ := s.Exception(ctx, e.ID)
	if got.Status != model.StatusExpired || !got.Status.Active() {
		t.Fatalf("after expiry %+v", got)
	}
	mustVerify(t, s)
}
