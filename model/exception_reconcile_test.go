package model

import (
	"fmt"
	"strings"
	"testing"
)

// stored gives detected findings ids, as the store would on insert.
func stored(fs []Exception) []Exception {
	out := make([]Exception, len(fs))
	for i, f := range fs {
		f.ID = int64(i + 1)
		out[i] = f
	}
	return out
}

func gapInput() DetectInput {
	in := cleanInput()
	in.Systems[0].Logging = LoggingNone
	in.Changes[0].ApprovedBy = ""
	return in
}

func TestReconcileTwiceAddsNothing(t *testing.T) {
	in := gapInput()
	first := Reconcile(nil, Detect(in), in.Now)
	if len(first.New) != 2 {
		t.Fatalf("want 2 new findings, got %v", rulesOf(first.New))
	}
	db := stored(first.New)
	again := Reconcile(db, Detect(in), in.Now.AddDate(0, 0, 1))
	if !again.Empty() {
		t.Fatalf("second run changed something: %+v", again)
	}
}

func TestReconcileClosesFixedFindingsAndKeepsDecisions(t *testing.T) {
	in := gapInput()
	db := stored(Detect(in))
	for i := range db {
		if db[i].Rule == RuleChangeUnapproved {
			var err error
			db[i], err = Transition(db[i], StatusInRemediation, Decision{Rationale: "fix process"}, "bob", in.Now)
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	in.Systems[0].Logging = LoggingFull // logging fixed
	res := Reconcile(db, Detect(in), in.Now)
	if len(res.New)+len(res.Updated)+len(res.Reopened) != 0 || len(res.Closed) != 1 {
		t.Fatalf("want only the logging finding closed, got %+v", res)
	}
	c := res.Closed[0]
	h := c.History[len(c.History)-1]
	if c.Rule != RuleLoggingNone || c.Status != StatusClosed || h.Actor != DetectorActor || !strings.Contains(h.Note, "no longer detected") {
		t.Fatalf("closed %+v history %+v", c, h)
	}

	// The cause comes back: the auto-closed finding reopens, not a new one.
	db = stored(append(findingsOf(db, RuleChangeUnapproved), c))
	in.Systems[0].Logging = LoggingNone
	res = Reconcile(db, Detect(in), in.Now)
	if len(res.New) != 0 || len(res.Reopened) != 1 || res.Reopened[0].Status != StatusOpen {
		t.Fatalf("want the logging finding reopened, got %+v", res)
	}
}

func TestReconcileNeverBringsBackWhatAPersonDismissed(t *testing.T) {
	in := gapInput()
	for _, to := range []ExceptionStatus{StatusFalsePositive, StatusClosed, StatusDuplicate} {
		db := stored(Detect(in))
		for i := range db {
			var err error
			db[i], err = Transition(db[i], to, Decision{Rationale: "test tenant", DuplicateOf: 99}, "bob", in.Now)
			if err != nil {
				t.Fatal(err)
			}
		}
		if res := Reconcile(db, Detect(in), in.Now); !res.Empty() {
			t.Errorf("%s findings came back: %+v", to, res)
		}
	}
}

func TestReconcileRefreshesEvidenceAndFollowsSuggestionUnlessOverridden(t *testing.T) {
	in := gapInput()
	db := stored(Detect(in))
	for i := range db {
		if db[i].Rule == RuleChangeUnapproved {
			db[i].Severity, db[i].SeverityReason = SeverityLow, "sandbox change"
		}
	}
	in.Systems[0].AffectsService = false // tier drops: suggestions go down a step
	res := Reconcile(db, Detect(in), in.Now)
	if len(res.Updated) != 2 {
		t.Fatalf("want both refreshed, got %+v", res)
	}
	for _, u := range res.Updated {
		switch u.Rule {
		case RuleLoggingNone:
			if u.Severity != u.SuggestedSeverity || u.Severity == SeverityCritical {
				t.Errorf("logging severity should follow the new suggestion: %s/%s", u.Severity, u.SuggestedSeverity)
			}
		case RuleChangeUnapproved:
			if u.Severity != SeverityLow || u.SeverityReason == "" {
				t.Errorf("a person's override must survive: %s %q", u.Severity, u.SeverityReason)
			}
		}
	}
}

func TestReconcileIgnoresManualExceptions(t *testing.T) {
	in := cleanInput()
	manual := NewManualException(ExKindManual, "Keys in a shared drive", "", SeverityHigh, "alice", in.Now)
	manual.ID = 1
	if res := Reconcile([]Exception{manual}, Detect(in), in.Now); !res.Empty() {
		t.Fatalf("manual exception touched: %+v", res)
	}
}

func ExampleTransition() {
	e := Exception{ID: 12, Title: "Unknown OpenAI project", Kind: ExKindShadowAI, Severity: SeverityHigh,
		Status: StatusClosed, RaisedBy: DetectorActor}
	_, err := Transition(e, StatusAccepted, Decision{}, "bob", testNow())
	fmt.Println(err)
	// Output: cannot move exception 12 from closed to accepted: allowed from closed are open
}
