package model

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func testNow() time.Time { return time.Date(2025, 6, 15, 10, 0, 0, 0, time.UTC) }

func sampleException(st ExceptionStatus) Exception {
	return Exception{
		ID: 12, Kind: ExKindShadowAI, Rule: "shadow-ai-activity", Title: "Unknown OpenAI project",
		Severity: SeverityHigh, SuggestedSeverity: SeverityHigh, Status: st,
		RaisedBy: "alice", RaisedAt: testNow().AddDate(0, -1, 0),
		Decision: Decision{Kind: decisionFor(st), Approver: "carol", Rationale: "r", CompensatingControls: "c",
			Expiry: "2025-12-31", DuplicateOf: 3},
	}
}

// fullDecision carries everything any decision could need, so the matrix
// test exercises the table rather than the per-decision rules.
func fullDecision() Decision {
	return Decision{Rationale: "because", Approver: "carol", CompensatingControls: "weekly log review",
		Expiry: "2025-12-31", DuplicateOf: 7}
}

func TestTransitionFollowsTableForEveryStatusPair(t *testing.T) {
	table := ExceptionTransitions()
	for _, from := range ExceptionStatuses() {
		for _, to := range ExceptionStatuses() {
			e := sampleException(from)
			if to == StatusExpired {
				e.Decision.Expiry = "2025-06-01" // only a lapsed acceptance may expire
			}
			got, err := Transition(e, to, fullDecision(), "bob", testNow())
			allowed := slices.Contains(table[from], to)
			if allowed && err != nil {
				t.Errorf("%s → %s: allowed by the table but refused: %v", from, to, err)
			}
			if !allowed {
				if err == nil {
					t.Errorf("%s → %s: not in the table but accepted", from, to)
					continue
				}
				want := "cannot move exception 12 from " + string(from) + " to " + string(to)
				if !strings.HasPrefix(err.Error(), want) {
					t.Errorf("%s → %s: message %q does not start with %q", from, to, err, want)
				}
				if got.Status != from {
					t.Errorf("%s → %s: refused move changed status to %s", from, to, got.Status)
				}
				continue
			}
			if got.Status != to || len(got.History) != 1 || got.History[0].From != from || got.History[0].Actor != "bob" {
				t.Errorf("%s → %s: got status %s history %+v", from, to, got.Status, got.History)
			}
		}
	}
}

func TestTransitionTableOnlyNamesKnownStatuses(t *testing.T) {
	for from, tos := range ExceptionTransitions() {
		if !from.Valid() {
			t.Errorf("unknown from %q", from)
		}
		for _, to := range tos {
			if !to.Valid() || to == from {
				t.Errorf("%s → %q is not a real move", from, to)
			}
		}
	}
	if len(ExceptionTransitions()) != len(ExceptionStatuses()) {
		t.Errorf("every status needs a row (even if only reopen)")
	}
}

func TestTransitionRefusesClosedToAcceptedWithClearMessage(t *testing.T) {
	_, err := Transition(sampleException(StatusClosed), StatusAccepted, fullDecision(), "bob", testNow())
	if err == nil || err.Error() != "cannot move exception 12 from closed to accepted: allowed from closed are open" {
		t.Fatalf("got %v", err)
	}
}

func TestAcceptRiskRules(t *testing.T) {
	ok := fullDecision()
	cases := []struct {
		name   string
		edit   func(*Decision)
		actor  string
		errHas string
	}{
		{"complete acceptance", func(*Decision) {}, "bob", ""},
		{"no approver", func(d *Decision) { d.Approver = " " }, "bob", "needs an approver"},
		{"approver raised it", func(d *Decision) { d.Approver = " Alice " }, "bob", "raised the exception"},
		{"no rationale", func(d *Decision) { d.Rationale = "" }, "bob", "needs a rationale"},
		{"no compensating controls", func(d *Decision) { d.CompensatingControls = "" }, "bob", "compensating controls"},
		{"no expiry", func(d *Decision) { d.Expiry = "" }, "bob", "needs an expiry"},
		{"expiry today", func(d *Decision) { d.Expiry = "2025-06-15" }, "bob", "not in the future"},
		{"expiry in the past", func(d *Decision) { d.Expiry = "2024-01-01" }, "bob", "not in the future"},
		{"expiry not a date", func(d *Decision) { d.Expiry = "1/2/2026" }, "bob", "not a date"},
		{"wrong decision kind", func(d *Decision) { d.Kind = DecisionFalsePositive }, "bob", "decision"},
		{"no actor", func(*Decision) {}, "", "who is doing it"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := ok
			c.edit(&d)
			got, err := Transition(sampleException(StatusTriaged), StatusAccepted, d, c.actor, testNow())
			if c.errHas == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got.Decision.Kind != DecisionAcceptRisk || got.Decision.Actor != "bob" || !got.Decision.At.Equal(testNow()) {
					t.Fatalf("decision not recorded: %+v", got.Decision)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.errHas) {
				t.Fatalf("want error containing %q, got %v", c.errHas, err)
			}
		})
	}
}

func TestFalsePositiveDuplicateReopenAndCloseNeedTheirFields(t *testing.T) {
	cases := []struct {
		to     ExceptionStatus
		from   ExceptionStatus
		d      Decision
		errHas string
	}{
		{StatusFalsePositive, StatusOpen, Decision{}, "needs a reason"},
		{StatusFalsePositive, StatusOpen, Decision{Rationale: "test tenant"}, ""},
		{StatusDuplicate, StatusOpen, Decision{}, "needs the id"},
		{StatusDuplicate, StatusOpen, Decision{DuplicateOf: 12}, "cannot duplicate itself"},
		{StatusDuplicate, StatusOpen, Decision{DuplicateOf: 4}, ""},
		{StatusOpen, StatusClosed, Decision{}, "give a reason"},
		{StatusOpen, StatusClosed, Decision{Rationale: "came back"}, ""},
		{StatusClosed, StatusRemediated, Decision{}, "give a reason"},
		{StatusInRemediation, StatusOpen, Decision{}, ""},
		{StatusTriaged, StatusOpen, Decision{}, ""},
	}
	for _, c := range cases {
		e := sampleException(c.from)
		_, err := Transition(e, c.to, c.d, "bob", testNow())
		if c.errHas == "" && err != nil {
			t.Errorf("%s → %s: %v", c.from, c.to, err)
		}
		if c.errHas != "" && (err == nil || !strings.Contains(err.Error(), c.errHas)) {
			t.Errorf("%s → %s: want %q, got %v", c.from, c.to, c.errHas, err)
		}
	}
}

func TestTransitionToExpiredOnlyAfterExpiry(t *testing.T) {
	e := sampleException(StatusAccepted) // expiry 2025-12-31
	if _, err := Transition(e, StatusExpired, Decision{}, "bob", testNow()); err == nil {
		t.Fatal("an acceptance still running must not expire by hand")
	}
}

func TestApplyExpiryReopensLapsedAcceptancesOnly(t *testing.T) {
	lapsed := sampleException(StatusAccepted)
	lapsed.ID, lapsed.Decision.Expiry = 1, "2025-06-15" // expires today
	running := sampleException(StatusAccepted)
	running.ID, running.Decision.Expiry = 2, "2025-06-16"
	open := sampleException(StatusOpen)
	open.ID, open.Decision.Expiry = 3, "2020-01-01"
	list := []Exception{lapsed, running, open}

	changed := ApplyExpiry(list, testNow())
	if len(changed) != 1 || changed[0].ID != 1 {
		t.Fatalf("want only exception 1 changed, got %+v", changed)
	}
	got := changed[0]
	if got.Status != StatusExpired || !got.Status.Active() {
		t.Fatalf("status %s; want expired and active", got.Status)
	}
	h := got.History[len(got.History)-1]
	if h.Actor != DetectorActor || !strings.Contains(h.Note, "expired on 2025-06-15") || !strings.Contains(h.Note, "carol") {
		t.Fatalf("history does not say why: %+v", h)
	}
	if got.Decision.Approver != "carol" {
		t.Fatal("the lapsed acceptance must stay visible")
	}
	if list[0].Status != StatusAccepted {
		t.Fatal("ApplyExpiry modified its input")
	}
	if len(ApplyExpiry(list, testNow().AddDate(0, 0, -1))) != 0 {
		t.Fatal("the day before expiry nothing lapses")
	}
	if n := len(ApplyExpiry(list, testNow().AddDate(0, 0, 1))); n != 2 {
		t.Fatalf("a day later both acceptances lapse, got %d", n)
	}
}

func TestChangeSeverityNeedsReasonAwayFromSuggestion(t *testing.T) {
	e := sampleException(StatusOpen)
	if _, err := ChangeSeverity(e, SeverityLow, " ", "bob", testNow()); err == nil {
		t.Fatal("lowering without a reason must be refused")
	}
	if _, err := ChangeSeverity(e, "urgent", "x", "bob", testNow()); err == nil {
		t.Fatal("unknown severity accepted")
	}
	low, err := ChangeSeverity(e, SeverityLow, "test data only", "bob", testNow())
	if err != nil || low.Severity != SeverityLow || low.SeverityReason != "test data only" || len(low.History) != 1 {
		t.Fatalf("got %+v, %v", low, err)
	}
	back, err := ChangeSeverity(low, SeverityHigh, "", "bob", testNow())
	if err != nil || back.SeverityReason != "" {
		t.Fatalf("back to suggestion should clear the reason: %+v, %v", back, err)
	}
}

func TestSuggestSeverityFollowsTier(t *testing.T) {
	r := Rule{ID: "x", Base: SeverityMedium}
	crit := Rule{ID: "y", Base: SeverityCritical}
	low := Rule{ID: "z", Base: SeverityLow}
	cases := []struct {
		r    Rule
		tier Tier
		want Severity
	}{
		{r, TierHigh, SeverityHigh}, {r, TierMedium, SeverityMedium}, {r, TierLow, SeverityLow}, {r, "", SeverityMedium},
		{crit, TierHigh, SeverityCritical}, {low, TierLow, SeverityLow}, {low, TierHigh, SeverityMedium},
	}
	for _, c := range cases {
		if got := SuggestSeverity(c.r, c.tier); got != c.want {
			t.Errorf("base %s tier %q: got %s want %s", c.r.Base, c.tier, got, c.want)
		}
	}
}

func TestValidateExplainsWhatIsMissing(t *testing.T) {
	good := sampleException(StatusAccepted)
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	cases := map[string]func(*Exception){
		"title is required":        func(e *Exception) { e.Title = "" },
		"unknown exception kind":   func(e *Exception) { e.Kind = "weird" },
		"severity must be":         func(e *Exception) { e.Severity = "" },
		"give a reason":            func(e *Exception) { e.Severity = SeverityLow },
		"unknown exception status": func(e *Exception) { e.Status = "parked" },
		"who raised":               func(e *Exception) { e.RaisedBy = "" },
		"unknown type":             func(e *Exception) { e.Citations = []Citation{{Type: "x", Ref: "1"}} },
		"needs a reference":        func(e *Exception) { e.Citations = []Citation{{Type: CiteSystem}} },
		"unknown criterion":        func(e *Exception) { e.Criteria = []string{"XX9"} },
		"needs an approver":        func(e *Exception) { e.Decision.Approver = "" },
		"target date":              func(e *Exception) { e.ManagementResponse.TargetDate = "soon" },
	}
	for want, edit := range cases {
		e := good
		edit(&e)
		if err := e.Validate(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q, got %v", want, err)
		}
	}
}

func TestExceptionRoundTripsThroughJSON(t *testing.T) {
	e := sampleException(StatusAccepted)
	e.Citations = []Citation{{Type: CiteAccessEvent, Ref: "audit.jsonl:4", Label: "first event"}}
	e.SystemIDs, e.Criteria, e.Fingerprint = []int64{3}, []string{"CC6.1"}, "fp"
	e.ManagementResponse = ManagementResponse{Cause: "c", Remediation: "r", TargetDate: "2025-09-30"}
	e.History = []StatusChange{{From: StatusOpen, To: StatusAccepted, Actor: "bob", At: testNow()}}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var back Exception
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(e, back) {
		t.Fatalf("round trip changed the exception:\n%+v\n%+v", e, back)
	}
}

func TestExceptionFromItemPrefillsControlAndSystem(t *testing.T) {
	ctl := &Control{ID: "LOG-01", Title: "AI interactions are logged", Criteria: []string{"CC7.2"}}
	q := &Question{ID: "log-1", Prompt: "Are prompts logged?", Kind: KindYesNo}
	sys := &System{ID: 5, Name: "Support bot"}
	it := Item{Question: q, Control: ctl, Subject: SystemSubject(5), System: sys}
	e := ExceptionFromItem(it, Answer{QuestionID: "log-1", Subject: "system:5", Value: AnswerNo}, "alice", testNow())
	if e.Status != StatusOpen || e.ControlIDs[0] != "LOG-01" || e.Criteria[0] != "CC7.2" || e.SystemIDs[0] != 5 {
		t.Fatalf("not pre-filled: %+v", e)
	}
	if c := e.Citations[0]; c.Type != CiteAnswer || c.Ref != "log-1@system:5" || !strings.HasSuffix(c.Label, "→ No") {
		t.Fatalf("citation %+v", c)
	}
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
}
