package model

import (
	"fmt"
	"strings"
	"time"
)

// ReportType is the SOC 2 report a vendor provides.
type ReportType string

// Vendor report types.
const (
	ReportNone  ReportType = "none"
	ReportType1 ReportType = "type1"
	ReportType2 ReportType = "type2"
)

// TriState is yes / no / unknown.
type TriState string

// Tri-state values.
const (
	TriUnknown TriState = "unknown"
	TriYes     TriState = "yes"
	TriNo      TriState = "no"
)

// Training is whether a vendor trains on customer data.
type Training string

// Training statuses.
const (
	TrainingUnknown  Training = "unknown"
	TrainingOptedOut Training = "opted-out"
	TrainingYes      Training = "trains"
)

// ScoreDimension is one of the six buyer-test scorecard dimensions.
type ScoreDimension string

// Scorecard dimensions.
const (
	ScoreDataAccess        ScoreDimension = "data-access"
	ScoreIntegrationDepth  ScoreDimension = "integration-depth"
	ScoreAuditLogs         ScoreDimension = "audit-logs"
	ScoreHumanApproval     ScoreDimension = "human-approval"
	ScoreExceptionHandling ScoreDimension = "exception-handling"
	ScoreOwnership         ScoreDimension = "ownership-after-launch"
)

// ScoreDimensions lists the scorecard dimensions in display order.
func ScoreDimensions() []ScoreDimension {
	return []ScoreDimension{ScoreDataAccess, ScoreIntegrationDepth, ScoreAuditLogs, ScoreHumanApproval, ScoreExceptionHandling, ScoreOwnership}
}

// Title is the dimension's display name.
func (d ScoreDimension) Title() string {
	switch d {
	case ScoreDataAccess:
		return "Data access"
	case ScoreIntegrationDepth:
		return "Integration depth"
	case ScoreAuditLogs:
		return "Audit logs"
	case ScoreHumanApproval:
		return "Human approval"
	case ScoreExceptionHandling:
		return "Exception handling"
	case ScoreOwnership:
		return "Ownership after launch"
	}
	return string(d)
}

// Score is one scorecard entry: 1 (poor) to 5 (strong), 0 when not scored.
type Score struct {
	Value int
	Note  string
}

// Vendor is an AI provider with its due diligence.
type Vendor struct {
	ID            int64
	Name          string
	Service       string
	Report        ReportType
	PeriodEnd     Date
	Opinion       string
	Covers        TriState
	CoversNote    string
	CarveOuts     []string
	BridgeLetter  Date
	CUECs         []string
	DPASigned     TriState
	Training      Training
	Retention     string
	Subprocessors []string
	Scores        map[ScoreDimension]Score
	Notes         string
	UpdatedAt     time.Time
}

// Validate checks a vendor before it is saved.
func (v Vendor) Validate() error {
	if strings.TrimSpace(v.Name) == "" {
		return fmt.Errorf("name is required")
	}
	switch v.Report {
	case ReportNone, ReportType1, ReportType2, "":
	default:
		return fmt.Errorf("SOC 2 report must be none, type1 or type2")
	}
	for d, s := range v.Scores {
		if s.Value < 0 || s.Value > 5 {
			return fmt.Errorf("%s score %d is outside 1-5", d.Title(), s.Value)
		}
	}
	for _, d := range []Date{v.PeriodEnd, v.BridgeLetter} {
		if d != "" {
			if _, ok := d.Time(); !ok {
				return fmt.Errorf("%q is not a date", d)
			}
		}
	}
	return nil
}

// ScoreAverage is the mean of the scored dimensions (0 if none scored).
func (v Vendor) ScoreAverage() float64 {
	sum, n := 0, 0
	for _, s := range v.Scores {
		if s.Value > 0 {
			sum += s.Value
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(sum) / float64(n)
}

// CoverageGap reports whether the vendor's assurance does not cover the AI
// service actually used: no report, or a report whose scope does not cover it.
func (v Vendor) CoverageGap() (bool, string) {
	switch {
	case v.Report == ReportNone || v.Report == "":
		return true, "no SOC 2 report"
	case v.Covers == TriNo:
		return true, "SOC 2 report scope does not cover the AI service used"
	case v.Covers == TriUnknown || v.Covers == "":
		return true, "unknown whether the SOC 2 report covers the AI service used"
	}
	return false, ""
}
