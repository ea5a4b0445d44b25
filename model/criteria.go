package model

import "strings"

// Category is a Trust Services Category.
type Category string

// The five Trust Services Categories. Security (the Common Criteria) is
// always in scope; the others are chosen per engagement.
const (
	CategorySecurity            Category = "security"
	CategoryAvailability        Category = "availability"
	CategoryProcessingIntegrity Category = "processing-integrity"
	CategoryConfidentiality     Category = "confidentiality"
	CategoryPrivacy             Category = "privacy"
)

// Categories lists the Trust Services Categories in report order.
func Categories() []Category {
	return []Category{CategorySecurity, CategoryAvailability, CategoryProcessingIntegrity, CategoryConfidentiality, CategoryPrivacy}
}

// Title is the category's display name.
func (c Category) Title() string {
	switch c {
	case CategorySecurity:
		return "Security"
	case CategoryAvailability:
		return "Availability"
	case CategoryProcessingIntegrity:
		return "Processing Integrity"
	case CategoryConfidentiality:
		return "Confidentiality"
	case CategoryPrivacy:
		return "Privacy"
	}
	return string(c)
}

// Criterion is one of the 61 SOC 2 Trust Services Criteria (2017, rev. 2022),
// identified by id with a short title written by us (not AICPA text).
type Criterion struct {
	ID       string
	Title    string
	Category Category
}

// CategoryOf returns the category a criterion id belongs to by its prefix.
func CategoryOf(id string) Category {
	switch {
	case strings.HasPrefix(id, "CC"):
		return CategorySecurity
	case strings.HasPrefix(id, "A"):
		return CategoryAvailability
	case strings.HasPrefix(id, "PI"):
		return CategoryProcessingIntegrity
	case strings.HasPrefix(id, "C"):
		return CategoryConfidentiality
	case strings.HasPrefix(id, "P"):
		return CategoryPrivacy
	}
	return ""
}

// criteriaTable is ordered as in the TSC; kept as a function-built value so
// there is no package-level mutable state.
func criteriaTable() [][2]string {
	return [][2]string{
		{"CC1.1", "Commitment to integrity and ethical values"},
		{"CC1.2", "Board independence and oversight of internal control"},
		{"CC1.3", "Structures, reporting lines, authorities and responsibilities"},
		{"CC1.4", "Attracting, developing and keeping competent people"},
		{"CC1.5", "Holding individuals accountable for control responsibilities"},
		{"CC2.1", "Relevant, quality information supports internal control"},
		{"CC2.2", "Internal communication of objectives and responsibilities"},
		{"CC2.3", "Communication with external parties"},
		{"CC3.1", "Objectives specified clearly enough to assess risks"},
		{"CC3.2", "Entity-wide risk identification and analysis"},
		{"CC3.3", "Fraud risk considered in the risk assessment"},
		{"CC3.4", "Significant changes identified and assessed"},
		{"CC4.1", "Ongoing and/or separate evaluations of controls"},
		{"CC4.2", "Deficiencies evaluated and communicated"},
		{"CC5.1", "Control activities chosen to mitigate risks"},
		{"CC5.2", "General control activities over technology"},
		{"CC5.3", "Controls deployed through policies and procedures"},
		{"CC6.1", "Logical access security software, infrastructure and architecture"},
		{"CC6.2", "User registration and authorisation; credential removal"},
		{"CC6.3", "Role-based access, least privilege, segregation of duties"},
		{"CC6.4", "Restriction of physical access"},
		{"CC6.5", "Data made unrecoverable before assets are retired"},
		{"CC6.6", "Protection against threats from outside the boundary"},
		{"CC6.7", "Protection of data in transmission, movement and removal"},
		{"CC6.8", "Prevention and detection of unauthorised or malicious software"},
		{"CC7.1", "Detection of configuration changes and new vulnerabilities"},
		{"CC7.2", "Monitoring of system components for anomalies"},
		{"CC7.3", "Evaluation of security events"},
		{"CC7.4", "Incident response"},
		{"CC7.5", "Recovery from security incidents"},
		{"CC8.1", "Change management"},
		{"CC9.1", "Mitigation of business-disruption risks"},
		{"CC9.2", "Vendor and business-partner risk management"},
		{"A1.1", "Capacity monitoring, evaluation and forecasting"},
		{"A1.2", "Environmental protections, backup and recovery infrastructure"},
		{"A1.3", "Testing of recovery plans"},
		{"C1.1", "Confidential information identified and protected"},
		{"C1.2", "Confidential information disposed of"},
		{"PI1.1", "Processing objectives and specifications communicated"},
		{"PI1.2", "Input completeness and accuracy"},
		{"PI1.3", "Processing controls"},
		{"PI1.4", "Output complete, accurate and timely"},
		{"PI1.5", "Inputs, items in process and outputs stored accurately"},
		{"P1.1", "Privacy notice"},
		{"P2.1", "Choice and consent"},
		{"P3.1", "Collection consistent with objectives"},
		{"P3.2", "Explicit consent before collection"},
		{"P4.1", "Use limited to identified purposes"},
		{"P4.2", "Retention"},
		{"P4.3", "Secure disposal"},
		{"P5.1", "Data-subject access"},
		{"P5.2", "Correction and amendment"},
		{"P6.1", "Disclosure to third parties with consent"},
		{"P6.2", "Record of authorised disclosures"},
		{"P6.3", "Record of unauthorised disclosures"},
		{"P6.4", "Privacy commitments from vendors"},
		{"P6.5", "Vendors report unauthorised disclosures"},
		{"P6.6", "Breach and incident notification"},
		{"P6.7", "Accounting of personal information held and disclosed"},
		{"P7.1", "Personal information accurate, complete and relevant"},
		{"P8.1", "Inquiries, complaints and disputes; compliance monitoring"},
	}
}

// Criteria returns the 61 Trust Services Criteria in TSC order.
func Criteria() []Criterion {
	t := criteriaTable()
	out := make([]Criterion, len(t))
	for i, row := range t {
		out[i] = Criterion{ID: row[0], Title: row[1], Category: CategoryOf(row[0])}
	}
	return out
}

// LookupCriterion finds a criterion by id (case-sensitive, e.g. "CC6.1").
func LookupCriterion(id string) (Criterion, bool) {
	for _, row := range criteriaTable() {
		if row[0] == id {
			return Criterion{ID: row[0], Title: row[1], Category: CategoryOf(row[0])}, true
		}
	}
	return Criterion{}, false
}
