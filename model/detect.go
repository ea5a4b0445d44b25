package model

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Rule describes one automatic detection rule: what it looks for, the
// exception kind and TSC criteria of its findings and their base severity
// (before the system's risk tier moves it).
type Rule struct {
	ID          string        `json:"id"`
	Kind        ExceptionKind `json:"kind"`
	Title       string        `json:"title"`
	Description string        `json:"description"`
	Criteria    []string      `json:"criteria"`
	Base        Severity      `json:"base_severity"`
}

// Rule ids. They are part of every automatic finding's fingerprint: never
// rename one, or its findings come back as new.
const (
	RuleShadowActivity   = "shadow-ai-activity"
	RuleShadowInventory  = "shadow-ai-inventory"
	RuleUnlistedModel    = "unapproved-model"
	RuleLoggingNone      = "logging-none"
	RuleLoggingPartial   = "logging-partial"
	RuleNoActivity       = "no-log-activity"
	RuleOwnership        = "unclear-ownership"
	RuleVendorCoverage   = "vendor-coverage-gap"
	RuleVendorStale      = "vendor-report-stale"
	RuleChangeUnapproved = "change-unapproved"
	RuleChangeSoD        = "change-segregation"
	RuleChangeUntested   = "change-untested"
	RuleReviewFailed     = "review-failed"
	RuleReviewFollowUp   = "review-follow-up"
	RuleControlGap       = "control-gap"
	RuleInventoryStale   = "inventory-review-stale"
)

// Rules is the catalogue of detection rules in the order Detect runs them.
func Rules() []Rule {
	return []Rule{
		{RuleShadowActivity, ExKindShadowAI, "AI activity not tied to the inventory",
			"Access-log activity whose actor, resource or model matches no inventory system's identities.",
			[]string{"CC6.1", "CC2.1", "CC9.2"}, SeverityHigh},
		{RuleShadowInventory, ExKindShadowAI, "Unapproved AI system in use",
			"An inventory system recorded as shadow, or as pending or retired while its identities show activity.",
			[]string{"CC6.1", "CC2.1", "CC9.2"}, SeverityHigh},
		{RuleLoggingDisabled, ExKindPrivilegedChange, "AI logging turned off",
			"Access-log activity that disables AI interaction or audit logging (e.g. deleting the Bedrock model invocation logging configuration).",
			[]string{"CC7.2", "CC8.1"}, SeverityHigh},
		{RulePrivilegedChange, ExKindPrivilegedChange, "Privileged AI configuration change",
			"Access-log activity that changes guardrails or content filters, creates credentials, or grants permissions; each needs an approved change.",
			[]string{"CC8.1", "CC6.1", "CC6.3"}, SeverityMedium},
		{RuleChangeNoTicket, ExKindUnapprovedChange, "AI change in the logs with no change record",
			"A privileged change seen in the logs for a system whose change records were imported, none of them within a day of it. A ticketed change record of the same system within a day covers a privileged change, which is then not raised.",
			[]string{"CC8.1"}, SeverityMedium},
		{RuleUnlistedModel, ExKindUnapprovedModel, "Model in use that the inventory does not list",
			"Activity of an inventory system with a model that is not among the system's listed models.",
			[]string{"CC8.1", "CC2.1"}, SeverityMedium},
		{RuleLoggingNone, ExKindMissingLogs, "In-scope AI system without interaction logging",
			"An in-scope system whose inventory record says its AI interactions are not logged.",
			[]string{"CC7.2"}, SeverityHigh},
		{RuleLoggingPartial, ExKindMissingLogs, "In-scope AI system with partial logging",
			"An in-scope system whose inventory record says only some AI interactions are logged.",
			[]string{"CC7.2"}, SeverityMedium},
		{RuleNoActivity, ExKindMissingLogs, "No logged activity for an in-scope AI system",
			"Logs were imported for the system's provider, yet none of its identities appears in them during the observation period.",
			[]string{"CC7.2"}, SeverityMedium},
		{RuleLogGap, ExKindMissingLogs, "Gap in the logged activity of an in-scope AI system",
			"An in-scope system whose logged activity stops for more than 7 days (MaxLogGapDays) between two active days, within the observation period (all imported days when there is none).",
			[]string{"CC7.2"}, SeverityMedium},
		{RuleOwnership, ExKindUnclearOwnership, "Unclear ownership of an in-scope AI system",
			"An in-scope system without a business or technical owner, or whose owner is not a named person.",
			[]string{"CC1.3"}, SeverityMedium},
		{RuleOwnerUnseen, ExKindUnclearOwnership, "Owner who never appears in the records",
			"An in-scope system's named business or technical owner who appears in no imported record (access-log actor, change requester, approver or deployer, reviewer), matched on the whole value, e-mail local part or a name word; only once some records were imported.",
			[]string{"CC1.3"}, SeverityLow},
		{RuleVendorCoverage, ExKindVendorCoverage, "Vendor assurance does not cover the AI workflow",
			"A vendor of in-scope systems with no SOC 2 report, or one whose scope does not (or is not known to) cover the AI service used.",
			[]string{"CC9.2"}, SeverityHigh},
		{RuleVendorStale, ExKindVendorCoverage, "Vendor SOC 2 report out of date",
			"A vendor of in-scope systems whose SOC 2 period ended more than 12 months ago with no later bridge letter.",
			[]string{"CC9.2"}, SeverityMedium},
		{RuleChangeUnapproved, ExKindUnapprovedChange, "AI change without approval",
			"A model change record with no approver or no ticket.",
			[]string{"CC8.1"}, SeverityHigh},
		{RuleChangeSoD, ExKindUnapprovedChange, "AI change approved by its requester or deployer",
			"A model change record whose approver also requested or deployed it (no segregation of duties).",
			[]string{"CC8.1", "CC6.3"}, SeverityHigh},
		{RuleChangeUntested, ExKindUntestedChange, "AI change not tested before release",
			"A model change record marked untested, or with no record of testing.",
			[]string{"CC8.1"}, SeverityMedium},
		changeWindowRule(),
		cuecRule(),
		{RuleReviewFailed, ExKindFailedReview, "Failed AI output review",
			"A sampled prompt/output review whose latest verdict is fail.",
			[]string{"PI1.4"}, SeverityMedium},
		{RuleReviewFollowUp, ExKindFailedReview, "AI output review awaiting follow-up",
			"A sampled prompt/output review whose latest verdict is needs-follow-up.",
			[]string{"PI1.4"}, SeverityLow},
		{RuleControlGap, ExKindControlGap, "Control not met",
			"A control whose answers do not meet it (scored not met).",
			nil, SeverityMedium},
		{RuleInventoryStale, ExKindStaleReview, "AI inventory entry not reviewed in 12 months",
			"An in-scope system whose inventory record was last reviewed more than 12 months ago.",
			[]string{"CC3.2", "CC2.1"}, SeverityLow},
	}
}

// RuleByID finds a rule in the catalogue.
func RuleByID(id string) (Rule, bool) {
	for _, r := range Rules() {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// SuggestSeverity is the rule's base severity raised one step for a
// high-risk system and lowered one step for a low-risk one (medium or no
// system leaves it), within critical..low.
func SuggestSeverity(r Rule, systemTier Tier) Severity {
	base := r.Base
	if !base.Valid() {
		base = SeverityMedium
	}
	switch systemTier {
	case TierHigh:
		return base.shift(-1)
	case TierLow:
		return base.shift(1)
	}
	return base
}

// AccessSummary is access-log activity aggregated per (service, actor,
// resource, model, action), so detection works on one row per group
// however many million events were imported. The store computes it in one
// pass over the events in key order.
type AccessSummary struct {
	Service  string `json:"service"`
	Actor    string `json:"actor"`
	Resource string `json:"resource"`
	Model    string `json:"model"`
	Action   string `json:"action"`
	Events   int64  `json:"events"`
	// EventsInPeriod counts the events inside the engagement's observation
	// period (all events when the engagement has none).
	EventsInPeriod int64     `json:"events_in_period"`
	First          time.Time `json:"first"`
	Last           time.Time `json:"last"`
	// SampleRef is "file:line" of the earliest event; SampleFingerprint its
	// fingerprint. Findings cite the fingerprint as the Ref (the store's key
	// for the event) and show the location in the label. Both may be left
	// empty when DetectInput.Sample supplies them on demand.
	SampleRef         string `json:"sample_ref"`
	SampleFingerprint string `json:"sample_fingerprint"`
	// Days are the distinct days with events inside the observation period
	// (all days when the engagement has none), ascending: the log-gap
	// rule's input. The store shares one string per day.
	Days []Date `json:"days,omitempty"`
}

// DetectInput is everything detection reads. Access is pre-aggregated (see
// AccessSummary); Now is injected so runs are reproducible.
type DetectInput struct {
	Pack       *Pack
	Answers    Answers
	Systems    []System
	Vendors    []Vendor
	Access     []AccessSummary
	Changes    []ChangeRecord
	Reviews    []ReviewRecord
	Engagement Engagement
	Now        time.Time
	// Sample, when set, returns the fingerprint and "file:line" of a
	// summary's earliest event, for the summaries a finding cites. A store
	// passes it so that it need not load a sample for each of a large
	// log's hundreds of thousands of groups when findings cite a few
	// thousand; without it the summaries' own Sample fields are used.
	Sample func(AccessSummary) (fingerprint, ref string)
}

// maxCitations caps the records one finding cites; the detail says how many
// more there were.
const maxCitations = 25

// detector carries the per-run indexes the rules share.
type detector struct {
	in      DetectInput
	inScope []bool
	tiers   []Tier
	vendors map[int64]int
	rules   map[string]Rule
	match   *identityIndex
	// systemActivity[i] lists the summaries tied to system i.
	systemActivity [][]int
	unmatched      []int
	out            []Exception

	// changesBySystem[i] lists the change records tied to system i
	// (systemChanges builds it on first use).
	changesBySystem [][]int
	// uncited counts the records citeAccess left out of the finding being
	// built; add reports and resets it.
	uncited int
}

// sampled returns a with its sample filled in by the input's Sample
// function, if any.
func (d *detector) sampled(a AccessSummary) AccessSummary {
	if d.in.Sample != nil && a.SampleFingerprint == "" {
		a.SampleFingerprint, a.SampleRef = d.in.Sample(a)
	}
	return a
}

// citeAccess cites the access summaries rows on f, up to maxCitations
// citations in all, and only counts the rest: a shadow-AI finding over a
// large log can tie to a hundred thousand groups, and formatting a citation
// for each, only for add to drop all but 25, was most of detection's time
// and memory.
func (d *detector) citeAccess(f *Exception, rows []int) {
	for k, j := range rows {
		if len(f.Citations) >= maxCitations {
			d.uncited += len(rows) - k
			return
		}
		f.Citations = append(f.Citations, accessCitation(d.sampled(d.in.Access[j])))
	}
}

// Detect runs every rule and returns the findings: open, raised by
// DetectorActor at in.Now, with stable fingerprints, in rule order. It is a
// pure function of its input: the same input gives the same findings.
func Detect(in DetectInput) []Exception {
	d := &detector{in: in, vendors: map[int64]int{}, rules: map[string]Rule{}}
	for _, r := range Rules() {
		d.rules[r.ID] = r
	}
	d.inScope = make([]bool, len(in.Systems))
	d.tiers = make([]Tier, len(in.Systems))
	for i, s := range in.Systems {
		d.inScope[i], _ = s.InScope()
		d.tiers[i], _ = s.RiskTier()
	}
	for i, v := range in.Vendors {
		d.vendors[v.ID] = i
	}
	d.match = newIdentityIndex(in.Systems)
	d.tieActivity()

	d.detectShadowActivity()
	d.detectShadowInventory()
	d.detectPrivilegedChanges()
	d.detectUnlistedModels()
	d.detectLogging()
	d.detectNoActivity()
	d.detectLogGaps()
	d.detectOwnership()
	d.detectOwnersUnseen()
	d.detectVendors()
	d.detectUnmappedCUECs()
	d.detectChanges()
	d.detectChangeWindow()
	d.detectReviews()
	d.detectControlGaps()
	d.detectStaleInventory()
	return d.out
}

// add records a finding of rule r keyed by key (the fingerprint parts).
func (d *detector) add(ruleID string, key []string, tier Tier, f Exception) {
	r := d.rules[ruleID]
	f.Kind, f.Rule = r.Kind, r.ID
	if f.Criteria == nil {
		f.Criteria = slices.Clone(r.Criteria)
	}
	f.SuggestedSeverity = SuggestSeverity(r, tier)
	f.Severity = f.SuggestedSeverity
	f.Status = StatusOpen
	f.RaisedBy, f.RaisedAt, f.UpdatedAt = DetectorActor, d.in.Now, d.in.Now
	f.Fingerprint = FindingFingerprint(r.ID, key...)
	if more := len(f.Citations) + d.uncited - maxCitations; more > 0 {
		f.Detail += fmt.Sprintf(" (%d more records not cited here)", more)
		// A copy, so the list it was cut from is not kept alive.
		f.Citations = slices.Clone(f.Citations[:min(len(f.Citations), maxCitations)])
	}
	d.uncited = 0
	d.out = append(d.out, f)
}

// FindingFingerprint is the stable key of an automatic finding: the rule id
// and the hex SHA-256 of the length-prefixed key parts (so no two part lists
// collide). It never includes times, counts or wording, which change between
// runs.
func FindingFingerprint(ruleID string, parts ...string) string {
	h := sha256.New()
	for _, p := range append([]string{ruleID}, parts...) {
		h.Write([]byte(strconv.Itoa(len(p)) + ":" + p))
	}
	return ruleID + ":" + hex.EncodeToString(h.Sum(nil))[:32]
}

func systemCitation(s System) Citation {
	return Citation{Type: CiteSystem, Ref: strconv.FormatInt(s.ID, 10), Label: CleanLine(s.Name)}
}

func vendorCitation(v Vendor) Citation {
	return Citation{Type: CiteVendor, Ref: strconv.FormatInt(v.ID, 10), Label: CleanLine(v.Name)}
}

// worstTier is the highest of the tiers ("" when none).
func worstTier(tiers ...Tier) Tier {
	best := Tier("")
	rank := map[Tier]int{"": 0, TierLow: 1, TierMedium: 2, TierHigh: 3}
	for _, t := range tiers {
		if rank[t] > rank[best] {
			best = t
		}
	}
	return best
}

// periodLabel names the window activity was counted in, for details (the
// counts themselves come from the store).
func (d *detector) periodLabel() string {
	e := d.in.Engagement
	if e.PeriodStart != "" && e.PeriodEnd != "" {
		return fmt.Sprintf("the observation period %s to %s", e.PeriodStart, e.PeriodEnd)
	}
	return "the imported logs"
}
