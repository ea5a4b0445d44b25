package ingest

import (
	"bytes"
	"strings"
	"testing"

	"auditwalk/model"
)

// fakeApply applies a plan the way the store's ImportInventory does: vendors
// first, upserting by ID (0 = by name, else insert), then systems, linking
// VendorName to a vendor when VendorID is 0.
func fakeApply(t *testing.T, p Plan, systems []model.System, vendors []model.Vendor) ([]model.System, []model.Vendor) {
	t.Helper()
	if !p.OK() {
		t.Fatalf("plan has errors: %v", issueStrings(p.Errors))
	}
	newSys, newVen := p.Records()
	next := int64(1000 + len(systems) + len(vendors))
	vendorID := func(name string) int64 {
		for _, v := range vendors {
			if foldKey(v.Name) == foldKey(name) {
				return v.ID
			}
		}
		return 0
	}
	for _, v := range newVen {
		if v.ID == 0 {
			next++
			v.ID = next
			vendors = append(vendors, v)
			continue
		}
		for i := range vendors {
			if vendors[i].ID == v.ID {
				vendors[i] = v
			}
		}
	}
	for _, s := range newSys {
		if s.VendorID == 0 && s.VendorName != "" {
			s.VendorID = vendorID(s.VendorName)
			if s.VendorID == 0 {
				t.Fatalf("system %q names vendor %q, which the plan did not create", s.Name, s.VendorName)
			}
		}
		if s.ID == 0 {
			next++
			s.ID = next
			systems = append(systems, s)
			continue
		}
		for i := range systems {
			if systems[i].ID == s.ID {
				systems[i] = s
			}
		}
	}
	return systems, vendors
}

func TestPlanInventoryFromScratchCreatesSystemsAndTheirVendors(t *testing.T) {
	inv := readInventoryFixture(t, "inventory_excel.csv")
	p := PlanInventory(nil, []model.Vendor{{ID: 7, Name: "openai"}}, inv)
	wantIssues(t, "errors", p.Errors)
	if got := p.Summary(); got != "3 created, 0 updated, 0 unchanged; 2 new vendors" {
		t.Errorf("summary = %q", got)
	}
	if s := p.Systems[0].System; s.VendorID != 7 || s.VendorName != "openai" {
		t.Errorf("existing vendor not resolved with the register's spelling: %d %q", s.VendorID, s.VendorName)
	}
	if len(p.Vendors) != 2 || p.Vendors[0].Vendor.Name != "Acme HR Cloud" || !p.Vendors[0].Implied || p.Vendors[0].Line != 8 {
		t.Errorf("vendors = %+v", p.Vendors)
	}
}

func TestReimportingTheSameFilePlansNoChanges(t *testing.T) {
	for _, name := range []string{"inventory_excel.csv", "inventory_semicolon.csv", "inventory_tab.tsv", "inventory_object.json"} {
		inv := readInventoryFixture(t, name)
		systems, vendors := fakeApply(t, PlanInventory(nil, nil, inv), nil, nil)
		again := PlanInventory(systems, vendors, readInventoryFixture(t, name))
		wantIssues(t, name+" errors", again.Errors)
		if len(again.Systems)+len(again.Vendors) != 0 || again.UnchangedSystems != len(inv.Rows) {
			t.Errorf("%s: re-import plans %s: %+v", name, again.Summary(), again.Systems)
		}
	}
}

func TestPlanInventoryUpdatesOnlyStatedFieldsAndDiffsThem(t *testing.T) {
	existing := []model.System{
		{ID: 1, Name: "Support Chatbot", VendorID: 7, VendorName: "OpenAI", BusinessOwner: "old@acme.example",
			Purpose: "kept", Approval: model.ApprovalPending, Models: []string{"gpt-4o"}},
		{ID: 2, Name: "Untouched", Approval: model.ApprovalApproved},
	}
	vendors := []model.Vendor{{ID: 7, Name: "OpenAI"}}
	inv := readInventoryString(t, "u.csv", "System,Provider,Owner,Status,Models,Purpose\n"+
		"support chatbot,OPENAI,new@acme.example,approved,gpt-4o;gpt-4.1,\n"+
		"Untouched,,,approved,,\n"+
		"Brand new,,,,,\n")
	p := PlanInventory(existing, vendors, inv)
	wantIssues(t, "errors", p.Errors)
	wantIssues(t, "warnings", p.Warnings, "u.csv: 1 new system(s) have no approval status and will be recorded as pending")
	if got := p.Summary(); got != "1 created, 1 updated, 1 unchanged" {
		t.Errorf("summary = %q", got)
	}
	up := p.Systems[0]
	if up.System.ID != 1 || up.System.Purpose != "kept" || up.System.Name != "Support Chatbot" {
		t.Errorf("update = %+v", up.System)
	}
	want := []FieldChange{
		{"business owner", "old@acme.example", "new@acme.example"},
		{"models", "gpt-4o", "gpt-4o; gpt-4.1"},
		{"approval", "pending", "approved"},
	}
	if len(up.Changes) != len(want) {
		t.Fatalf("changes = %+v", up.Changes)
	}
	for i := range want {
		if up.Changes[i] != want[i] {
			t.Errorf("change %d = %+v, want %+v", i, up.Changes[i], want[i])
		}
	}
	if c := p.Systems[1].System; c.ID != 0 || c.Approval != model.ApprovalPending {
		t.Errorf("create = %+v", c)
	}
}

func TestPlanInventoryMergesCompatibleDuplicatesAndReportsConflicts(t *testing.T) {
	inv := readInventoryFixture(t, "inventory_duplicates.csv")
	p := PlanInventory(nil, nil, inv)
	wantIssues(t, "errors", p.Errors, "inventory_duplicates.csv:4: duplicate of row 2 with different business owner")
	wantIssues(t, "warnings", p.Warnings, "inventory_duplicates.csv:3: duplicate of row 2 merged into it")
	merged := p.Systems[0].System
	if merged.Name != "Chat assistant" || merged.BusinessOwner != "jane@acme.example" || merged.Logging != model.LoggingFull ||
		len(merged.Models) != 1 || merged.Models[0] != "gpt-4o" {
		t.Errorf("merged = %+v", merged)
	}
	if len(p.Vendors) != 1 || p.Vendors[0].Vendor.Name != "OpenAI" {
		t.Errorf("vendors = %+v", p.Vendors)
	}
}

func TestPlanInventoryScopeOverride(t *testing.T) {
	inv := readInventoryString(t, "s.csv", "Name,Customer facing,In scope,Justification\n"+
		"Agrees,yes,yes,\n"+
		"Disagrees,yes,no,\n"+
		"Justified,yes,no,Sandbox only; no customer traffic\n")
	p := PlanInventory(nil, nil, inv)
	wantIssues(t, "errors", p.Errors, `s.csv:3: scope override "out of scope" needs a justification (the facts say in scope: affects service delivery)`)
	if p.Systems[0].System.ScopeOverride != nil {
		t.Errorf("an override that agrees with the facts should be dropped")
	}
	if o := p.Systems[2].System.ScopeOverride; o == nil || *o {
		t.Errorf("justified override lost: %v", o)
	}
}

func TestPlanInventoryNameWithAnotherVendorUpdatesTheVendor(t *testing.T) {
	existing := []model.System{{ID: 1, Name: "Bot", VendorID: 7, VendorName: "Azure", Approval: model.ApprovalApproved}}
	inv := readInventoryString(t, "v.csv", "Name,Vendor\nBot,OpenAI\nOther,OpenAI\nother,Anthropic\n")
	p := PlanInventory(existing, []model.Vendor{{ID: 7, Name: "Azure"}}, inv)
	wantIssues(t, "errors", p.Errors, `v.csv:4: row 3 already adds a system named "other" with another vendor; system names must be unique`)
	wantIssues(t, "warnings", p.Warnings, `v.csv:2: system "Bot" is recorded with vendor "Azure"; this row changes it to "OpenAI"`,
		"v.csv: 1 new system(s) have no approval status and will be recorded as pending")
	if ch := p.Systems[0].Changes; len(ch) != 1 || ch[0] != (FieldChange{"vendor", "Azure", "OpenAI"}) {
		t.Errorf("changes = %+v", ch)
	}
	if s := p.Systems[0].System; s.VendorID != 0 || s.VendorName != "OpenAI" {
		t.Errorf("new vendor must be linked by name: %+v", s)
	}
}

func TestPlanCarriesReadErrors(t *testing.T) {
	p := PlanInventory(nil, nil, readInventoryFixture(t, "inventory_bad.csv"))
	if p.OK() || len(p.Errors) != 6 {
		t.Errorf("errors = %v", issueStrings(p.Errors))
	}
}

func TestPlanVendorsCreatesUpdatesAndIsIdempotent(t *testing.T) {
	vf, err := ReadVendors("v.csv", strings.NewReader("Vendor,SOC 2,Audit logs,Audit logs note,DPA\nOpenAI,Type 2,4,reviewed,yes\nnew co,none,,,\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	existing := []model.Vendor{{ID: 3, Name: "OpenAI", Report: model.ReportType1, Retention: "30 days",
		Scores: map[model.ScoreDimension]model.Score{model.ScoreAuditLogs: {Value: 2}, model.ScoreDataAccess: {Value: 5}}}}
	p := PlanVendors(existing, vf)
	wantIssues(t, "errors", p.Errors)
	if got := p.Summary(); got != "1 created, 1 updated, 0 unchanged" {
		t.Errorf("summary = %q", got)
	}
	up := p.Vendors[0]
	if up.Vendor.Retention != "30 days" || up.Vendor.Scores[model.ScoreDataAccess].Value != 5 || up.Vendor.Scores[model.ScoreAuditLogs] != (model.Score{Value: 4, Note: "reviewed"}) {
		t.Errorf("update = %+v", up.Vendor)
	}
	if existing[0].Scores[model.ScoreAuditLogs].Value != 2 {
		t.Errorf("planning mutated the stored vendor's scores")
	}
	if len(up.Changes) != 4 {
		t.Errorf("changes = %+v", up.Changes)
	}
	_, vendors := fakeApply(t, p, nil, existing)
	again := PlanVendors(vendors, vf)
	if len(again.Vendors) != 0 || again.UnchangedVendors != 2 {
		t.Errorf("re-import plans %s", again.Summary())
	}
}

func TestDescribeShowsExactlyWhatWouldChange(t *testing.T) {
	existing := []model.System{{ID: 1, Name: "Resume screener", VendorID: 2, VendorName: "Acme", Approval: model.ApprovalPending, Models: []string{"gpt-4o"}}}
	inv := readInventoryString(t, "inv.csv", "Name,Vendor,Status,Models,Cost centre\n"+
		"Support bot,OpenAI,approved,,CC1\n"+
		"Resume screener,Acme,approved,gpt-4o;gpt-4.1,\n"+
		"Evil\x1b[31m,Acme,maybe,,\n")
	p := PlanInventory(existing, []model.Vendor{{ID: 2, Name: "Acme"}}, inv)
	var b bytes.Buffer
	if err := p.Describe(&b); err != nil {
		t.Fatal(err)
	}
	want := `create vendor "OpenAI", named on line 2
create system "Support bot" (vendor OpenAI), line 2
update system "Resume screener" (vendor Acme), line 3
    models: gpt-4o → gpt-4o; gpt-4.1
    approval: pending → approved
warning: inv.csv:1: unknown column "Cost centre"; its values are kept in notes
error: inv.csv:4: column "Status": "maybe" is not one of approved, pending, shadow, retired
inv.csv: 1 created, 1 updated, 0 unchanged; 1 new vendor; 1 error
`
	if b.String() != want {
		t.Errorf("Describe:\n%s\nwant:\n%s", b.String(), want)
	}
	var none bytes.Buffer
	_ = PlanInventory(nil, nil, &InventoryFile{Name: "e.csv"}).Describe(&none)
	if none.String() != "e.csv: 0 created, 0 updated, 0 unchanged; nothing to change\n" {
		t.Errorf("empty plan: %q", none.String())
	}
}
