package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Deployment is how an AI system is delivered.
type Deployment string

// Deployments.
const (
	DeployThirdPartyAPI Deployment = "third-party-api"
	DeploySaaSFeature   Deployment = "saas-feature"
	DeploySelfHosted    Deployment = "self-hosted"
	DeployFineTuned     Deployment = "fine-tuned"
	DeployInternalBuild Deployment = "internal-build"
)

// Deployments lists the deployment kinds.
func Deployments() []Deployment {
	return []Deployment{DeployThirdPartyAPI, DeploySaaSFeature, DeploySelfHosted, DeployFineTuned, DeployInternalBuild}
}

// DataCategory is a class of data an AI system processes.
type DataCategory string

// Data categories.
const (
	DataCustomer     DataCategory = "customer"
	DataPersonal     DataCategory = "personal"
	DataConfidential DataCategory = "confidential"
	DataRegulated    DataCategory = "regulated"
	DataPublic       DataCategory = "public"
)

// DataCategories lists the data categories.
func DataCategories() []DataCategory {
	return []DataCategory{DataCustomer, DataPersonal, DataConfidential, DataRegulated, DataPublic}
}

// Oversight is the human oversight of an AI system's outputs.
type Oversight string

// Oversight levels.
const (
	OversightUnset   Oversight = ""
	OversightNone    Oversight = "none"
	OversightSampled Oversight = "sampled"
	OversightEvery   Oversight = "every-decision"
)

// Oversights lists the oversight levels.
func Oversights() []Oversight { return []Oversight{OversightNone, OversightSampled, OversightEvery} }

// Logging is how much of an AI system's interactions are logged.
type Logging string

// Logging levels.
const (
	LoggingUnset   Logging = ""
	LoggingNone    Logging = "none"
	LoggingPartial Logging = "partial"
	LoggingFull    Logging = "full"
)

// Loggings lists the logging levels.
func Loggings() []Logging { return []Logging{LoggingNone, LoggingPartial, LoggingFull} }

// Approval is an AI system's approval status.
type Approval string

// Approval statuses.
const (
	ApprovalApproved Approval = "approved"
	ApprovalPending  Approval = "pending"
	ApprovalShadow   Approval = "shadow"
	ApprovalRetired  Approval = "retired"
)

// Approvals lists approval statuses.
func Approvals() []Approval {
	return []Approval{ApprovalApproved, ApprovalPending, ApprovalShadow, ApprovalRetired}
}

// Access control mechanisms recorded on a system.
const (
	AccessSSOMFA = "sso-mfa"
	AccessRBAC   = "rbac"
)

// System is one AI system of the inventory.
type System struct {
	ID             int64
	Name           string
	Purpose        string
	BusinessOwner  string
	TechnicalOwner string
	// VendorID links to the vendor register; 0 means none (built in-house).
	VendorID int64
	// VendorName is filled by the store for display and import matching.
	VendorName string
	Models     []string
	// Identities tie log lines to this system: cloud roles, service
	// accounts, API projects and keys, deployments and endpoints.
	Identities     []string
	Deployment     Deployment
	DataCategories []DataCategory
	AffectsService bool
	Consequential  bool
	Oversight      Oversight
	Logging        Logging
	LogRetention   string
	AccessControl  []string
	Approval       Approval
	LastReviewed   Date
	// ScopeOverride, when set, replaces the derived scope; it needs a
	// justification.
	ScopeOverride      *bool
	ScopeJustification string
	Notes              string
	UpdatedAt          time.Time
}

// HasData reports whether the system processes a data category.
func (s System) HasData(c DataCategory) bool { return slices.Contains(s.DataCategories, c) }

// DerivedScope is the scope that follows from the facts alone: AI that
// touches service delivery, customer data or confidential data is in scope.
func (s System) DerivedScope() (bool, string) {
	var why []string
	if s.AffectsService {
		why = append(why, "affects service delivery")
	}
	if s.HasData(DataCustomer) {
		why = append(why, "processes customer data")
	}
	if s.HasData(DataConfidential) {
		why = append(why, "processes confidential data")
	}
	if s.HasData(DataRegulated) {
		why = append(why, "processes regulated data")
	}
	if s.Approval == ApprovalRetired {
		return false, "retired"
	}
	if len(why) == 0 {
		return false, "does not touch service delivery, customer or confidential data"
	}
	return true, strings.Join(why, "; ")
}

// InScope returns the effective scope and its reason, honouring an override.
func (s System) InScope() (bool, string) {
	if s.ScopeOverride != nil {
		return *s.ScopeOverride, "override: " + s.ScopeJustification
	}
	return s.DerivedScope()
}

// Tier is a risk tier.
type Tier string

// Risk tiers.
const (
	TierHigh   Tier = "high"
	TierMedium Tier = "medium"
	TierLow    Tier = "low"
)

// RiskTier derives the tier from data sensitivity, consequential use,
// oversight and exposure, and returns the reasons that drove it.
func (s System) RiskTier() (Tier, []string) {
	points := 0
	var why []string
	add := func(p int, reason string) { points += p; why = append(why, reason) }
	switch {
	case s.HasData(DataRegulated):
		add(3, "regulated data")
	case s.HasData(DataPersonal):
		add(2, "personal data")
	case s.HasData(DataCustomer) || s.HasData(DataConfidential):
		add(2, "customer or confidential data")
	}
	if s.Consequential {
		add(3, "makes or supports consequential decisions")
	}
	switch s.Oversight {
	case OversightNone, OversightUnset:
		if s.Consequential || s.AffectsService {
			add(2, "no human oversight")
		}
	case OversightSampled:
		if s.Consequential {
			add(1, "only sampled human oversight")
		}
	}
	if s.AffectsService {
		add(1, "customer-facing (affects service delivery)")
	}
	if s.Approval == ApprovalShadow {
		add(2, "unapproved (shadow) use")
	}
	if s.Logging == LoggingNone {
		add(1, "interactions not logged")
	}
	switch {
	case points >= 5:
		return TierHigh, why
	case points >= 2:
		return TierMedium, why
	}
	if len(why) == 0 {
		why = []string{"no sensitive data, consequential use or exposure recorded"}
	}
	return TierLow, why
}

// Fact returns a system fact by name, for pack conditions on per-system
// questions. Multi-valued facts are joined with commas; booleans are yes/no.
func (s System) Fact(name string) (string, bool) {
	yn := func(b bool) string {
		if b {
			return AnswerYes
		}
		return AnswerNo
	}
	switch name {
	case "deployment":
		return string(s.Deployment), true
	case "oversight":
		return string(s.Oversight), true
	case "logging":
		return string(s.Logging), true
	case "approval":
		return string(s.Approval), true
	case "affects_service":
		return yn(s.AffectsService), true
	case "consequential":
		return yn(s.Consequential), true
	case "tier":
		t, _ := s.RiskTier()
		return string(t), true
	case "has_vendor":
		return yn(s.VendorID != 0), true
	}
	if c, ok := strings.CutPrefix(name, "data."); ok {
		return yn(s.HasData(DataCategory(c))), true
	}
	return "", false
}

// FactNames lists the names Fact understands (data.<category> for each data
// category).
func FactNames() []string {
	names := []string{"deployment", "oversight", "logging", "approval", "affects_service", "consequential", "tier", "has_vendor"}
	for _, c := range DataCategories() {
		names = append(names, "data."+string(c))
	}
	return names
}

// Validate checks a system before it is saved.
func (s System) Validate() error {
	if strings.TrimSpace(s.Name) == "" {
		return fmt.Errorf("name is required")
	}
	if s.Deployment != "" && !slices.Contains(Deployments(), s.Deployment) {
		return fmt.Errorf("unknown deployment %q", s.Deployment)
	}
	for _, c := range s.DataCategories {
		if !slices.Contains(DataCategories(), c) {
			return fmt.Errorf("unknown data category %q", c)
		}
	}
	if s.Oversight != "" && !slices.Contains(Oversights(), s.Oversight) {
		return fmt.Errorf("unknown oversight %q", s.Oversight)
	}
	if s.Logging != "" && !slices.Contains(Loggings(), s.Logging) {
		return fmt.Errorf("unknown logging %q", s.Logging)
	}
	if !slices.Contains(Approvals(), s.Approval) {
		return fmt.Errorf("approval status must be approved, pending, shadow or retired")
	}
	if s.ScopeOverride != nil && strings.TrimSpace(s.ScopeJustification) == "" {
		return fmt.Errorf("a scope override needs a written justification")
	}
	if s.LastReviewed != "" {
		if _, ok := s.LastReviewed.Time(); !ok {
			return fmt.Errorf("last reviewed %q is not a date", s.LastReviewed)
		}
	}
	return nil
}
