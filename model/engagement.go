package model

import (
	"fmt"
	"strings"
	"time"
)

// ReadinessType is the kind of SOC 2 report the engagement prepares for.
type ReadinessType string

// Readiness types: Type 1 tests design at a point in time, Type 2 also tests
// operation over an observation period.
const (
	Type1 ReadinessType = "type1"
	Type2 ReadinessType = "type2"
)

// Engagement is the header of an engagement file.
type Engagement struct {
	Name      string
	Client    string
	Assessor  string
	Readiness ReadinessType
	// PeriodStart and PeriodEnd bound the planned observation period
	// (YYYY-MM-DD; Type 2 only).
	PeriodStart Date
	PeriodEnd   Date
	// AsOf is the "as of" date stamped on exports.
	AsOf        Date
	PackID      string
	PackVersion string
	PackHash    string
	CreatedAt   time.Time
	// ChangeWindow is the approved change window; zero when none is set.
	ChangeWindow ChangeWindow
}

// IsSetUp reports whether the first-run details have been given.
func (e Engagement) IsSetUp() bool { return strings.TrimSpace(e.Client) != "" }

// Validate checks the engagement details.
func (e Engagement) Validate() error {
	if strings.TrimSpace(e.Client) == "" {
		return fmt.Errorf("client organisation is required")
	}
	if e.Readiness != Type1 && e.Readiness != Type2 {
		return fmt.Errorf("readiness must be Type 1 or Type 2")
	}
	if err := e.ChangeWindow.Validate(); err != nil {
		return err
	}
	if e.Readiness == Type2 {
		if e.PeriodStart == "" || e.PeriodEnd == "" {
			return fmt.Errorf("type 2 needs an observation period start and end")
		}
		if e.PeriodEnd < e.PeriodStart {
			return fmt.Errorf("observation period ends before it starts")
		}
	}
	return nil
}
