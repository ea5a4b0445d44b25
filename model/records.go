package model

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Services seen in access logs. Service is a free string (generic CSVs can
// name any provider); these are the values the named log formats produce.
const (
	ServiceBedrock     = "bedrock"
	ServiceSageMaker   = "sagemaker"
	ServiceOpenAI      = "openai"
	ServiceAzureOpenAI = "azure-openai"
	ServiceVertexAI    = "vertex-ai"
)

// Outcomes of an access event. Outcome is a free string so that a generic
// log's own wording survives when it is none of these.
const (
	OutcomeSuccess = "success"
	OutcomeFailure = "failure"
	OutcomeDenied  = "denied"
)

// AccessEvent is one normalised line of an AI service's access or audit log.
// Text fields hold the imported data verbatim (trimmed): sanitising for the
// terminal or Markdown happens where they are rendered.
type AccessEvent struct {
	Time    time.Time
	Actor   string // user, role ARN, service account, API key owner
	Action  string // API operation or audit event type
	Service string // provider: one of the Service* constants, or the log's own name
	Model   string // model id, model name or deployment
	// Resource is the resource or application the call concerned: an
	// endpoint, project, account or deployment.
	Resource string
	// Source is where the call came from: source IP, else user agent or client.
	Source string
	// Outcome is one of the Outcome* constants, or the log's own word.
	Outcome string
	// EventID is the log's own id for the event (CloudTrail eventID,
	// requestId, insertId...), empty when the format has none.
	EventID string
	// Detail holds a few format-specific facts as "key=value" pairs (error
	// code, token counts, region) for the evidence trail.
	Detail string
	// SourceFile and Line locate the record in the imported file.
	SourceFile string
	Line       int
	// Fingerprint is ComputeFingerprint's value, set by the importer; the
	// store de-duplicates on it so re-importing a file adds nothing.
	Fingerprint string
}

// Validate reports whether the event carries enough to be evidence: a time
// and at least one of actor, action, service, model or resource.
func (e AccessEvent) Validate() error {
	if e.Time.IsZero() {
		return errors.New("missing time")
	}
	if e.Actor == "" && e.Action == "" && e.Service == "" && e.Model == "" && e.Resource == "" {
		return errors.New("no actor, action, service, model or resource")
	}
	return nil
}

// ComputeFingerprint hashes the normalised fields (not the file or line), so
// the same event imported twice, from the same file or an overlapping
// export, has the same fingerprint. Two events identical in every field
// (including EventID) are indistinguishable and share one.
func (e AccessEvent) ComputeFingerprint() string {
	return recordFingerprint("access-event/1", recordTimeKey(e.Time), e.Actor, e.Action, e.Service, e.Model,
		e.Resource, e.Source, e.Outcome, e.EventID, e.Detail)
}

// ChangeType is what a model change record changed.
type ChangeType string

// Change types.
const (
	ChangeModelVersion ChangeType = "model-version"
	ChangePrompt       ChangeType = "prompt"
	ChangeFineTune     ChangeType = "fine-tune"
	ChangeConfig       ChangeType = "config"
	ChangeGuardrail    ChangeType = "guardrail"
	ChangeOther        ChangeType = "other"
)

// ChangeTypes lists the change types.
func ChangeTypes() []ChangeType {
	return []ChangeType{ChangeModelVersion, ChangePrompt, ChangeFineTune, ChangeConfig, ChangeGuardrail, ChangeOther}
}

// ParseChangeType accepts the canonical values and the ways people write
// them in change logs ("Model version", "model upgrade", "system prompt",
// "fine tuning", "configuration", "safety filter").
func ParseChangeType(s string) (ChangeType, error) {
	k := foldRecordWord(s)
	switch {
	case k == "":
		return "", errors.New("missing change type")
	case k == "modelversion" || k == "model" || k == "modelupgrade" || k == "modelchange" || k == "version" || k == "modelupdate":
		return ChangeModelVersion, nil
	case strings.Contains(k, "prompt"):
		return ChangePrompt, nil
	case strings.HasPrefix(k, "finetun") || k == "training" || k == "retrain" || k == "retraining":
		return ChangeFineTune, nil
	case strings.HasPrefix(k, "config") || k == "settings" || k == "parameters" || k == "parameter":
		return ChangeConfig, nil
	case strings.HasPrefix(k, "guardrail") || k == "safetyfilter" || k == "contentfilter" || k == "filter":
		return ChangeGuardrail, nil
	case k == "other":
		return ChangeOther, nil
	}
	return "", errors.New("unknown change type " + strconv.Quote(s) + " (model-version, prompt, fine-tune, config, guardrail, other)")
}

// ChangeRecord is one entry of a model change log.
type ChangeRecord struct {
	Time        time.Time
	System      string // AI system name or identity as the log writes it
	ChangeType  ChangeType
	Description string
	Ticket      string
	RequestedBy string
	ApprovedBy  string
	DeployedBy  string
	// Tested is whether the change was tested before release; TriUnknown
	// when the log does not say.
	Tested      TriState
	SourceFile  string
	Line        int
	Fingerprint string
}

// Validate checks the fields a change record must have.
func (c ChangeRecord) Validate() error {
	switch {
	case c.Time.IsZero():
		return errors.New("missing time")
	case c.System == "":
		return errors.New("missing system")
	}
	if _, err := ParseChangeType(string(c.ChangeType)); err != nil {
		return err
	}
	switch c.Tested {
	case TriYes, TriNo, TriUnknown:
		return nil
	}
	return errors.New("tested must be yes, no or unknown")
}

// ComputeFingerprint hashes the normalised fields (not the file or line).
func (c ChangeRecord) ComputeFingerprint() string {
	return recordFingerprint("change/1", recordTimeKey(c.Time), c.System, string(c.ChangeType), c.Description,
		c.Ticket, c.RequestedBy, c.ApprovedBy, c.DeployedBy, string(c.Tested))
}

// Verdict is the outcome of a prompt/output review.
type Verdict string

// Review verdicts.
const (
	VerdictPass     Verdict = "pass"
	VerdictFail     Verdict = "fail"
	VerdictFollowUp Verdict = "needs-follow-up"
)

// Verdicts lists the review verdicts.
func Verdicts() []Verdict { return []Verdict{VerdictPass, VerdictFail, VerdictFollowUp} }

// ParseVerdict accepts the canonical values and common spellings ("Passed",
// "OK", "Failed", "follow up", "needs review", "escalate").
func ParseVerdict(s string) (Verdict, error) {
	switch k := foldRecordWord(s); k {
	case "":
		return "", errors.New("missing verdict")
	case "pass", "passed", "ok", "acceptable", "approved", "good", "compliant":
		return VerdictPass, nil
	case "fail", "failed", "failure", "rejected", "bad", "noncompliant", "unacceptable":
		return VerdictFail, nil
	case "needsfollowup", "followup", "needsreview", "review", "escalate", "escalated", "tbd", "pending", "needsattention":
		return VerdictFollowUp, nil
	}
	return "", errors.New("unknown verdict " + strconv.Quote(s) + " (pass, fail, needs-follow-up)")
}

// ReviewRecord is one sampled prompt/output review.
type ReviewRecord struct {
	SampleID      string
	System        string
	Reviewer      string
	Date          Date
	Verdict       Verdict
	IssueCategory string
	Note          string
	SourceFile    string
	Line          int
	Fingerprint   string
}

// Validate checks the fields a review record must have.
func (r ReviewRecord) Validate() error {
	switch {
	case r.SampleID == "":
		return errors.New("missing sample id")
	case r.System == "":
		return errors.New("missing system")
	case r.Date == "":
		return errors.New("missing date")
	}
	if _, ok := r.Date.Time(); !ok {
		return errors.New("date " + strconv.Quote(string(r.Date)) + " is not YYYY-MM-DD")
	}
	_, err := ParseVerdict(string(r.Verdict))
	return err
}

// ComputeFingerprint hashes the normalised fields (not the file or line).
func (r ReviewRecord) ComputeFingerprint() string {
	return recordFingerprint("review/1", r.SampleID, r.System, r.Reviewer, string(r.Date), string(r.Verdict),
		r.IssueCategory, r.Note)
}

// recordFingerprint is the hex SHA-256 of length-prefixed parts, so that no two
// different field lists can produce the same byte stream.
func recordFingerprint(parts ...string) string {
	h := sha256.New()
	var n [20]byte
	for _, p := range parts {
		h.Write(strconv.AppendInt(n[:0], int64(len(p)), 10))
		h.Write([]byte{':'})
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// recordTimeKey renders a time for hashing: UTC, full precision; zero is empty.
func recordTimeKey(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// foldRecordWord lowercases s and drops spaces, dashes, underscores and dots, so
// "Needs Follow-up" and "needs_follow_up" compare equal.
func foldRecordWord(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch r {
		case ' ', '-', '_', '.', '\t', '/':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
