package ingest

import (
	"fmt"
	"io"

	"auditwalk/model"
)

// SystemRow is one accepted row of an inventory file.
type SystemRow struct {
	// Line is where the row starts in the file.
	Line int
	// System holds the row's values; fields the file left blank are zero.
	System model.System
	set    fieldSet
}

// Has reports whether the file stated a field (by its diff name, e.g.
// "approval"); blank cells and absent columns are not stated.
func (r SystemRow) Has(field string) bool {
	for i, f := range inventorySchema().fields {
		if f.key == field {
			return r.set.has(i)
		}
	}
	return false
}

// InventoryFile is an inventory file as read: its accepted rows in file
// order, and the rows it rejected.
type InventoryFile struct {
	Name   string
	Format string // "csv" or "json"
	Rows   []SystemRow
	// Errors are rejected rows (file:line: reason); an import with errors
	// must write nothing.
	Errors []Issue
	// Warnings are worth reading but do not block the import (unknown
	// columns kept in notes, note rows skipped below the data).
	Warnings []Issue
}

// ReadInventory reads AI systems from r, which holds the file called name.
// format is "csv", "tsv", "json" or "" to detect it from the content. It
// returns an error only when the file as a whole cannot be read (empty,
// binary, no header); problems with single rows are in the result's Errors.
func ReadInventory(name string, r io.Reader, format string) (*InventoryFile, error) {
	f := &InventoryFile{Name: name}
	t, err := readTable(name, r, format, inventorySchema(), func(r row[model.System]) {
		f.Rows = append(f.Rows, SystemRow{Line: r.line, System: r.v, set: r.set})
	})
	if err != nil {
		return nil, err
	}
	f.Format, f.Errors, f.Warnings = t.format, t.errs.list("errors"), t.warns.list("warnings")
	return f, nil
}

// Inventory field indexes the planner needs by position.
const (
	sysName   = 0
	sysVendor = 4
)

// inventorySchema describes the inventory columns. The order of fields is
// the order of diffs in a plan.
func inventorySchema() *schema[model.System] {
	type S = model.System
	return &schema[S]{
		kind: "inventory", noun: "system", hint: `"Name", "System" or "Tool name"`,
		jsonKeys: []string{"systems", "inventory", "ai systems", "items", "data"},
		name:     sysName,
		notes:    func(s *S) *string { return &s.Notes },
		fields: []fieldSpec[S]{
			textField("name", "Name", []string{"system", "system name", "ai system", "ai system name", "tool", "tool name", "ai tool", "application", "application name", "app", "app name", "use case", "product name"}, false, func(s *S) *string { return &s.Name }),
			textField("purpose", "Purpose", []string{"description", "intended use", "purpose intended use", "purpose and intended use", "business purpose", "what it does", "use case description", "summary"}, true, func(s *S) *string { return &s.Purpose }),
			textField("business owner", "Business owner", []string{"owner", "owner email", "owner name", "business owner email", "business owner name", "system owner", "product owner", "accountable owner", "accountable", "responsible", "responsible person"}, false, func(s *S) *string { return &s.BusinessOwner }),
			textField("technical owner", "Technical owner", []string{"tech owner", "tech owner email", "technical owner email", "engineering owner", "engineering owner email", "it owner", "tech lead", "technical lead", "technical contact", "engineering contact", "maintainer"}, false, func(s *S) *string { return &s.TechnicalOwner }),
			vendorRefField(),
			listField("models", "Models", []string{"model", "model version", "model versions", "models and versions", "models versions", "model name", "model names", "llm", "llms", "foundation model"}, ";\n", func(s *S) *[]string { return &s.Models }),
			listField("identities", "Identities", []string{"identity", "service account", "service accounts", "runs as", "principal", "principals", "iam role", "iam roles", "roles", "api key", "api keys", "api project", "api projects", "endpoint", "endpoints", "accounts"}, ";,\n", func(s *S) *[]string { return &s.Identities }),
			enumField("deployment", "Deployment", []string{"deployment type", "deployment model", "hosting", "how deployed", "delivery model", "type"}, deploymentSynonyms(), model.Deployments(), func(s *S) *model.Deployment { return &s.Deployment }),
			dataField(),
			boolField("affects service", "Affects service delivery", []string{"affects service", "customer facing", "client facing", "external facing", "service delivery", "in service delivery", "customer impact", "production impact"}, func(s *S) *bool { return &s.AffectsService }),
			boolField("consequential", "Consequential decisions", []string{"consequential", "makes consequential decisions", "makes or supports consequential decisions", "supports consequential decisions", "makes decisions", "automated decisions", "automated decision making", "decision making", "high impact decisions"}, func(s *S) *bool { return &s.Consequential }),
			enumField("oversight", "Human oversight", []string{"oversight", "human in the loop", "hitl", "human review", "human approval", "review of outputs", "output review"}, oversightSynonyms(), model.Oversights(), func(s *S) *model.Oversight { return &s.Oversight }),
			enumField("logging", "Logging", []string{"interaction logging", "logs", "logged", "audit logging", "prompt logging", "logging level"}, loggingSynonyms(), model.Loggings(), func(s *S) *model.Logging { return &s.Logging }),
			textField("log retention", "Log retention", []string{"logging retention", "log retention period", "retention", "retention period"}, false, func(s *S) *string { return &s.LogRetention }),
			accessField(),
			enumField("approval", "Approval status", []string{"status", "approval", "approved", "approval state", "governance status", "sanctioned", "review status"}, approvalSynonyms(), model.Approvals(), func(s *S) *model.Approval { return &s.Approval }),
			dateField("last reviewed", "Last reviewed", []string{"last review", "last review date", "last reviewed date", "last reviewed on", "reviewed", "reviewed on", "review date", "date reviewed", "last assessed", "last assessment"}, func(s *S) *model.Date { return &s.LastReviewed }),
			scopeField(),
			textField("scope justification", "Justification", []string{"justification", "scope justification", "override justification", "scope reason", "override reason", "scope rationale", "rationale", "reason"}, true, func(s *S) *string { return &s.ScopeJustification }),
			textField("notes", "Notes", []string{"note", "comments", "comment", "remarks"}, true, func(s *S) *string { return &s.Notes }),
		},
	}
}

// vendorRefField is the system's vendor, by name; "In-house" and the like
// mean none. The planner resolves the name against the vendor register.
func vendorRefField() fieldSpec[model.System] {
	f := textField("vendor", "Vendor", []string{"provider", "supplier", "vendor name", "provider name", "supplier name", "model provider", "ai vendor", "ai provider", "third party"}, false,
		func(s *model.System) *string { return &s.VendorName })
	parse := f.parse
	f.parse = func(v string, dst *model.System) error {
		switch normKey(v) {
		case "none", "n a", "na", "in house", "internal", "internal build", "built in house", "self", "own":
			dst.VendorName = ""
			return nil
		}
		return parse(v, dst)
	}
	f.copy = func(dst, src *model.System) { dst.VendorID, dst.VendorName = src.VendorID, src.VendorName }
	return f
}

// dataField is the list of data categories, each through synonyms.
func dataField() fieldSpec[model.System] {
	syn := dataSynonyms()
	return fieldSpec[model.System]{
		key: "data", label: "Data categories",
		names: []string{"data categories", "data category", "data types", "data type", "data processed", "data classification", "data sensitivity", "data touched", "data it touches", "data classes"},
		parse: func(v string, dst *model.System) error {
			var out []model.DataCategory
			for _, item := range splitList(v, ";,\n/|") {
				if k := normKey(item); k == "none" || k == "n a" || k == "no data" {
					continue
				}
				c, ok := lookupEnum(item, syn, model.DataCategories())
				if !ok {
					return fmt.Errorf("has %q, which is not one of %s", short(item), joinEnum(model.DataCategories()))
				}
				if !containsCat(out, c) {
					out = append(out, c)
				}
			}
			dst.DataCategories = out
			return nil
		},
		get: func(s *model.System) string {
			str := make([]string, len(s.DataCategories))
			for i, c := range s.DataCategories {
				str[i] = string(c)
			}
			return joinItems(str)
		},
		copy: func(dst, src *model.System) {
			dst.DataCategories = append([]model.DataCategory(nil), src.DataCategories...)
		},
	}
}

// accessField is the list of access-control mechanisms; the two the model
// knows are normalised, others are kept as written.
func accessField() fieldSpec[model.System] {
	f := listField("access control", "Access control", []string{"access", "access controls", "authentication", "auth", "sso mfa", "sso", "rbac"}, ";,\n",
		func(s *model.System) *[]string { return &s.AccessControl })
	parse := f.parse
	f.parse = func(v string, dst *model.System) error {
		if err := parse(v, dst); err != nil {
			return err
		}
		var out []string
		for _, item := range dst.AccessControl {
			switch normKey(item) {
			case "sso", "mfa", "sso mfa", "sso and mfa", "sso with mfa", "sso plus mfa", "single sign on", "2fa":
				item = model.AccessSSOMFA
			case "rbac", "role based", "role based access", "role based access control", "roles":
				item = model.AccessRBAC
			}
			if !containsStr(out, item) {
				out = append(out, item)
			}
		}
		dst.AccessControl = out
		return nil
	}
	return f
}

// scopeField is the scope override: in, out, or blank for "derived".
func scopeField() fieldSpec[model.System] {
	return fieldSpec[model.System]{
		key: "scope override", label: "Scope override",
		names: []string{"override", "in scope", "in scope override", "scope", "soc 2 scope", "soc2 scope", "in soc 2 scope"},
		parse: func(v string, dst *model.System) error {
			var in bool
			switch normKey(v) {
			case "in", "in scope", "include", "included", "yes", "y", "true", "1", "x":
				in = true
			case "out", "out of scope", "exclude", "excluded", "no", "n", "false", "0":
			case "derived", "auto", "default":
				dst.ScopeOverride = nil
				return nil
			default:
				return fmt.Errorf("is not in or out of scope")
			}
			dst.ScopeOverride = &in
			return nil
		},
		get: func(s *model.System) string {
			switch {
			case s.ScopeOverride == nil:
				return ""
			case *s.ScopeOverride:
				return "in scope"
			}
			return "out of scope"
		},
		copy: func(dst, src *model.System) {
			dst.ScopeOverride = nil
			if src.ScopeOverride != nil {
				v := *src.ScopeOverride
				dst.ScopeOverride = &v
			}
		},
	}
}
