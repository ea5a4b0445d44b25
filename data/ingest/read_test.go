package ingest

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"auditwalk/model"
)

func readInventoryFixture(t *testing.T, name string) *InventoryFile {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	inv, err := ReadInventory(name, f, "")
	if err != nil {
		t.Fatalf("ReadInventory(%s): %v", name, err)
	}
	return inv
}

func readInventoryString(t *testing.T, name, text string) *InventoryFile {
	t.Helper()
	inv, err := ReadInventory(name, strings.NewReader(text), "")
	if err != nil {
		t.Fatalf("ReadInventory: %v", err)
	}
	return inv
}

func issueStrings(is []Issue) []string {
	out := make([]string, len(is))
	for i, x := range is {
		out[i] = x.String()
	}
	return out
}

func wantIssues(t *testing.T, what string, got []Issue, want ...string) {
	t.Helper()
	if g := issueStrings(got); !slices.Equal(g, want) {
		t.Errorf("%s:\n got  %q\n want %q", what, g, want)
	}
}

func TestReadInventoryExcelExportWithTitleRowsBOMCRLFAndNotesBelow(t *testing.T) {
	inv := readInventoryFixture(t, "inventory_excel.csv")
	wantIssues(t, "errors", inv.Errors)
	wantIssues(t, "warnings", inv.Warnings,
		`inventory_excel.csv:4: unknown column "Cost centre"; its values are kept in notes`,
		`inventory_excel.csv:11: row ignored as a note below the data: "Notes: figures as of March"`,
		`inventory_excel.csv:12: row ignored as a note below the data: "* Owner emails confirmed by IT"`)
	if len(inv.Rows) != 3 {
		t.Fatalf("rows = %d, want 3", len(inv.Rows))
	}
	// Lines count the multi-line cells of the first data row.
	if got := []int{inv.Rows[0].Line, inv.Rows[1].Line, inv.Rows[2].Line}; !slices.Equal(got, []int{5, 8, 9}) {
		t.Errorf("lines = %v, want [5 8 9]", got)
	}
	s := inv.Rows[0].System
	want := model.System{
		Name: "Support chatbot", Purpose: "Answers customer tickets.\nEscalates to agents.",
		BusinessOwner: "jane@acme.example", TechnicalOwner: "ops@acme.example", VendorName: "OpenAI",
		Models:         []string{"gpt-4o-2024-08-06", "gpt-4o-mini"},
		DataCategories: []model.DataCategory{model.DataCustomer, model.DataPersonal},
		AffectsService: true, Oversight: model.OversightSampled, Logging: model.LoggingFull,
		Approval: model.ApprovalApproved, LastReviewed: "2025-01-15", Notes: "Cost centre: CC-100",
	}
	if d := diff(inventorySchema(), &want, &s); len(d) > 0 {
		t.Errorf("row 5 differs from want: %v", d)
	}
	screener := inv.Rows[1].System
	if !slices.Equal(screener.Models, []string{"screen-v2, 2024 build"}) {
		t.Errorf("models split on a comma: %q", screener.Models)
	}
	if screener.Oversight != model.OversightEvery || screener.Approval != model.ApprovalPending || screener.LastReviewed != "2025-01-15" {
		t.Errorf("HITL / In review / 15/01/2025 read as %q / %q / %q", screener.Oversight, screener.Approval, screener.LastReviewed)
	}
	if screener.Notes != "" || screener.AffectsService {
		t.Errorf("blank unknown cell or N became %q / %v", screener.Notes, screener.AffectsService)
	}
	if got := inv.Rows[2].System; got.Approval != model.ApprovalShadow || got.LastReviewed != "2025-01-05" {
		t.Errorf("Shadow IT / Jan 5, 2025 read as %q / %q", got.Approval, got.LastReviewed)
	}
}

func TestReadInventorySemicolonFileKeepsCommasInsideCells(t *testing.T) {
	inv := readInventoryFixture(t, "inventory_semicolon.csv")
	wantIssues(t, "errors", inv.Errors)
	if len(inv.Rows) != 2 {
		t.Fatalf("rows = %d, want 2", len(inv.Rows))
	}
	s := inv.Rows[0].System
	if s.Purpose != "Reads invoices, extracts totals" || s.LastReviewed != "2025-01-31" || !s.AffectsService {
		t.Errorf("got purpose %q, reviewed %q, affects %v", s.Purpose, s.LastReviewed, s.AffectsService)
	}
	if !slices.Equal(s.Models, []string{"document-intelligence", "prebuilt-invoice"}) {
		t.Errorf("models = %q", s.Models)
	}
	if !slices.Equal(s.DataCategories, []model.DataCategory{model.DataCustomer, model.DataConfidential}) {
		t.Errorf("data = %q", s.DataCategories)
	}
}

func TestReadInventoryTabSeparatedWithInHouseVendor(t *testing.T) {
	inv := readInventoryFixture(t, "inventory_tab.tsv")
	wantIssues(t, "errors", inv.Errors)
	if len(inv.Rows) != 2 {
		t.Fatalf("rows = %d", len(inv.Rows))
	}
	if s := inv.Rows[0].System; s.Deployment != model.DeploySaaSFeature || s.BusinessOwner != "pat@acme.example" {
		t.Errorf("row 2 = %+v", s)
	}
	if r := inv.Rows[1]; r.System.VendorName != "" || !r.Has("vendor") || r.System.Deployment != model.DeployInternalBuild {
		t.Errorf("In-house should state no vendor: %+v", r.System)
	}
}

func TestReadInventoryRejectsRowsNamingColumnAndValue(t *testing.T) {
	inv := readInventoryFixture(t, "inventory_bad.csv")
	wantIssues(t, "errors", inv.Errors,
		`inventory_bad.csv:3: column "Status": "maybe" is not one of approved, pending, shadow, retired`,
		`inventory_bad.csv:4: column "Last reviewed": "2025-13-45" is not a date (use YYYY-MM-DD)`,
		`inventory_bad.csv:5: column "Data": "customer; spaceships" has "spaceships", which is not one of customer, personal, confidential, regulated, public`,
		`inventory_bad.csv:6: column "Customer facing": "sometimes" is not yes or no`,
		`inventory_bad.csv:7: column "Name": a system name is required`)
	if len(inv.Rows) != 2 {
		t.Errorf("accepted %d rows, want 2", len(inv.Rows))
	}
}

func TestReadInventoryMalformedQuoteRejectsOnlyItsRow(t *testing.T) {
	inv := readInventoryFixture(t, "inventory_quotes.csv")
	wantIssues(t, "errors", inv.Errors,
		`inventory_quotes.csv:3: malformed CSV at line 3, column 8: bare " in non-quoted-field (quote the whole cell and double any quote inside it)`)
	if len(inv.Rows) != 2 || inv.Rows[1].Line != 4 {
		t.Errorf("rows = %+v", inv.Rows)
	}
}

func TestReadRejectsFilesThatAreNotTextTables(t *testing.T) {
	cases := []struct {
		name, content, want string
	}{
		{"empty.csv", "", "empty.csv: file is empty"},
		{"blank.csv", "\r\n  \r\n\t\r\n", "blank.csv: file is empty"},
		{"bom-only.csv", "\xEF\xBB\xBF", "bom-only.csv: file is empty"},
		{"inv.csv", "Name,Vendor\n\x89PNG\x00\x00\x00\rIHDR", "inv.csv: not a CSV or JSON file (binary data at byte 12)"},
		{"nul.csv", "Name\x00\x00", "nul.csv: not a CSV or JSON file (binary data at byte 4)"},
		{"latin1.csv", "Name,Purpose\nCaf\xe9,x\n", `latin1.csv: not UTF-8 text (byte 0xE9 at byte 16); save it as UTF-8 ("CSV UTF-8" in Excel)`},
		{"utf16.csv", "\xFF\xFEN\x00a\x00", `utf16.csv: file is UTF-16 text; save it as UTF-8 ("CSV UTF-8" in Excel)`},
		{"book.csv", "PK\x03\x04\x14\x00", `book.csv: not a CSV or JSON file (it looks like an Excel workbook or a zip archive; export the sheet as "CSV UTF-8")`},
		{"noheader.csv", "foo,bar\n1,2\n", `noheader.csv: no header row found in the first 30 rows (expected a column such as "Name", "System" or "Tool name")`},
		{"bad.json", "[\n{\"name\": \"a\",}\n]", "bad.json:2: invalid JSON: invalid character '}' looking for beginning of object key string"},
		{"cut.json", `[{"name": "a"`, "cut.json: invalid JSON: unexpected end of file"},
		{"scalar.json", `{"count": 3}`, `scalar.json: expected an array of objects or {"systems": [...]}`},
	}
	for _, c := range cases {
		_, err := ReadInventory(c.name, strings.NewReader(c.content), "")
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: err = %v\n want %s", c.name, err, c.want)
		}
	}
	for _, f := range []string{"empty.csv", "blank.csv", "garbage.bin", "inventory_latin1.csv", "no_header.csv"} {
		fh, err := os.Open(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ReadInventory(f, fh, ""); err == nil || !strings.HasPrefix(err.Error(), f+": ") {
			t.Errorf("fixture %s: err = %v, want a file-level error naming it", f, err)
		}
		fh.Close()
	}
}

func TestReadInventoryJSONArrayReportsObjectLines(t *testing.T) {
	inv := readInventoryFixture(t, "inventory.json")
	if inv.Format != "json" {
		t.Errorf("format = %q", inv.Format)
	}
	wantIssues(t, "errors", inv.Errors, `inventory.json:13: column "approval_status": "nope" is not one of approved, pending, shadow, retired`)
	wantIssues(t, "warnings", inv.Warnings, `inventory.json:2: unknown column "cost_centre"; its values are kept in notes`)
	if len(inv.Rows) != 1 {
		t.Fatalf("rows = %d", len(inv.Rows))
	}
	s := inv.Rows[0].System
	if s.Notes != "cost_centre: 100" || !s.AffectsService || !slices.Equal(s.Models, []string{"gpt-4o", "gpt-4o-mini"}) ||
		!slices.Equal(s.DataCategories, []model.DataCategory{model.DataCustomer, model.DataPersonal}) {
		t.Errorf("system = %+v", s)
	}
}

func TestReadInventoryJSONObjectWithSystemsKey(t *testing.T) {
	inv := readInventoryFixture(t, "inventory_object.json")
	wantIssues(t, "errors", inv.Errors)
	wantIssues(t, "warnings", inv.Warnings)
	if len(inv.Rows) != 2 || inv.Rows[1].Line != 5 || inv.Rows[1].System.VendorName != "Anthropic" {
		t.Errorf("rows = %+v", inv.Rows)
	}
}

func TestReadInventoryJSONRejectsNestedObjectsAndNonObjects(t *testing.T) {
	inv := readInventoryString(t, "x.json", "[\n{\"name\": \"a\", \"owner\": {\"email\": \"x\"}},\n\"stray\",\n{\"name\": \"b\"}\n]")
	wantIssues(t, "errors", inv.Errors,
		`x.json:2: column "owner": nested object is not supported (use text, a number, true/false or a list)`,
		`x.json:3: expected an object with the system's fields, found a string`)
	if len(inv.Rows) != 1 || inv.Rows[0].System.Name != "b" || inv.Rows[0].Line != 4 {
		t.Errorf("rows = %+v", inv.Rows)
	}
}

func TestReadInventoryHeaderSynonyms(t *testing.T) {
	cases := map[string]string{
		"System": "name", "Tool name": "name", "AI system": "name", "Application": "name",
		"Owner": "business owner", "Business owner": "business owner", "Owner email": "business owner", "Owner (e-mail)": "business owner",
		"Tech owner": "technical owner", "Engineering owner": "technical owner",
		"Vendor": "vendor", "Provider": "vendor", "Supplier": "vendor",
		"Model(s)": "models", "Model version": "models", "Data": "data", "Data categories": "data", "Data types": "data",
		"Customer facing": "affects service", "Customer-facing?": "affects service", "Affects service delivery (Y/N)": "affects service",
		"Human in the loop": "oversight", "Oversight": "oversight", "Logging": "logging",
		"Status": "approval", "Approval status": "approval", "Last review": "last reviewed", "Last reviewed": "last reviewed",
		"Scope override": "scope override", "Justification": "scope justification", "Deployment type": "deployment",
		"Service accounts": "identities", "Access control": "access control", "Log retention": "log retention",
		"Consequential decisions": "consequential", "Intended use": "purpose", "Comments": "notes",
	}
	for header, field := range cases {
		name := "Name"
		if field == "name" {
			name = "Other"
		}
		inv := readInventoryString(t, "h.csv", name+","+csvQuote(header)+"\nx,"+sampleValue(field)+"\n")
		if field == "name" {
			inv = readInventoryString(t, "h.csv", csvQuote(header)+",Vendor\nx,OpenAI\n")
		}
		if len(inv.Rows) != 1 || !inv.Rows[0].Has(field) {
			t.Errorf("header %q does not map to %q (errors %v, warnings %v)", header, field, issueStrings(inv.Errors), issueStrings(inv.Warnings))
		}
	}
}

func csvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// sampleValue is a valid cell for a field in the header synonym test.
func sampleValue(field string) string {
	switch field {
	case "affects service", "consequential":
		return "yes"
	case "oversight":
		return "HITL"
	case "logging":
		return "full"
	case "approval":
		return "approved"
	case "last reviewed":
		return "2025-01-01"
	case "scope override":
		return "in"
	case "deployment":
		return "API"
	case "data":
		return "PII"
	}
	return "something"
}

func TestReadInventoryNormalisesBooleansAndEnums(t *testing.T) {
	for v, want := range map[string]bool{"Y": true, "Yes": true, "TRUE": true, "x": true, "1": true, "✓": true, "N": false, "No": false, "FALSE": false, "0": false} {
		inv := readInventoryString(t, "b.csv", "Name,Customer facing\nA,"+v+"\n")
		if len(inv.Rows) != 1 || inv.Rows[0].System.AffectsService != want {
			t.Errorf("%q → %+v %v, want %v", v, inv.Rows, issueStrings(inv.Errors), want)
		}
	}
	enums := []struct{ header, value, want string }{
		{"Status", "Shadow IT", "shadow"}, {"Status", "In review", "pending"}, {"Status", "Decommissioned", "retired"},
		{"Deployment", "3rd party API", "third-party-api"}, {"Deployment", "API", "third-party-api"}, {"Deployment", "on-prem", "self-hosted"},
		{"Oversight", "HITL", "every-decision"}, {"Oversight", "every decision", "every-decision"}, {"Oversight", "spot checks", "sampled"},
		{"Logging", "metadata only", "partial"}, {"Data", "PII", "personal"}, {"Data", "Customer data", "customer"},
	}
	for _, e := range enums {
		inv := readInventoryString(t, "e.csv", "Name,"+e.header+"\nA,"+e.value+"\n")
		if len(inv.Rows) != 1 {
			t.Errorf("%s %q rejected: %v", e.header, e.value, issueStrings(inv.Errors))
			continue
		}
		s := inv.Rows[0].System
		got := map[string]string{"Status": string(s.Approval), "Deployment": string(s.Deployment), "Oversight": string(s.Oversight),
			"Logging": string(s.Logging), "Data": joinCats(s.DataCategories)}[e.header]
		if got != e.want {
			t.Errorf("%s %q → %q, want %q", e.header, e.value, got, e.want)
		}
	}
}

func joinCats(cs []model.DataCategory) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, ",")
}

func TestReadInventoryWarnsOnceAboutUnknownColumnAndKeepsValuesInNotes(t *testing.T) {
	inv := readInventoryString(t, "u.csv", "Name,Notes,Cost centre,Budget\nA,first,CC1,\nB,,CC2,10k\n")
	wantIssues(t, "warnings", inv.Warnings,
		`u.csv:1: unknown column "Cost centre"; its values are kept in notes`,
		`u.csv:1: unknown column "Budget"; its values are kept in notes`)
	if got := inv.Rows[0].System.Notes; got != "first\nCost centre: CC1" {
		t.Errorf("notes A = %q", got)
	}
	if got := inv.Rows[1].System.Notes; got != "Cost centre: CC2\nBudget: 10k" {
		t.Errorf("notes B = %q", got)
	}
}

func TestReadInventoryStripsTerminalEscapes(t *testing.T) {
	inv := readInventoryString(t, "esc.csv", "Name,Purpose\n\"Evil\x1b[2J bot\",\"line1\x1b]0;title\x07\nline2\"\n")
	if len(inv.Rows) != 1 {
		t.Fatalf("rows = %+v %v", inv.Rows, issueStrings(inv.Errors))
	}
	if s := inv.Rows[0].System; s.Name != "Evil bot" || s.Purpose != "line1\nline2" {
		t.Errorf("got %q / %q", s.Name, s.Purpose)
	}
}

func TestReadInventoryRejectsBinaryCellsPastTheHead(t *testing.T) {
	var b strings.Builder
	b.WriteString("Name,Purpose\n")
	for b.Len() < sniffSize+100 {
		b.WriteString("ok,fine\n")
	}
	b.WriteString("bad,\xff\xfe\n")
	inv := readInventoryString(t, "tail.csv", b.String())
	if len(inv.Errors) != 1 || !strings.HasSuffix(inv.Errors[0].Msg, `column "Purpose": binary data or text that is not UTF-8`) {
		t.Errorf("errors = %v", issueStrings(inv.Errors))
	}
}

func TestReadInventoryFormatOption(t *testing.T) {
	if _, err := ReadInventory("a.csv", strings.NewReader("Name\nA\n"), "json"); err == nil || err.Error() != "a.csv: not a JSON file (expected [ or { at the start)" {
		t.Errorf("json on csv: %v", err)
	}
	if _, err := ReadInventory("a.csv", strings.NewReader("Name\nA\n"), "xlsx"); err == nil || err.Error() != `a.csv: unknown format "xlsx" (use csv, tsv or json)` {
		t.Errorf("xlsx: %v", err)
	}
	inv, err := ReadInventory("a.txt", strings.NewReader("Name\tVendor\nA, B\tOpenAI\n"), "tsv")
	if err != nil || len(inv.Rows) != 1 || inv.Rows[0].System.Name != "A, B" {
		t.Errorf("tsv: %+v %v", inv, err)
	}
}

func TestReadVendorsMessySheet(t *testing.T) {
	f, err := os.Open("testdata/vendors_messy.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	vf, err := ReadVendors("vendors_messy.csv", f, "")
	if err != nil {
		t.Fatal(err)
	}
	wantIssues(t, "errors", vf.Errors)
	wantIssues(t, "warnings", vf.Warnings)
	if len(vf.Rows) != 3 {
		t.Fatalf("rows = %d", len(vf.Rows))
	}
	o := vf.Rows[0].Vendor
	if o.Report != model.ReportType2 || o.PeriodEnd != "2024-12-31" || o.Covers != model.TriYes || o.BridgeLetter != "2025-03-31" ||
		o.DPASigned != model.TriYes || o.Training != model.TrainingOptedOut || o.Retention != "30 days" || o.Opinion != "Unqualified" {
		t.Errorf("OpenAI = %+v", o)
	}
	if !slices.Equal(o.CUECs, []string{"Restrict API keys to named services", "Review usage monthly"}) ||
		!slices.Equal(o.CarveOuts, []string{"Microsoft Azure", "Snowflake"}) || !slices.Equal(o.Subprocessors, []string{"Microsoft", "Snowflake"}) {
		t.Errorf("lists = %q %q %q", o.CUECs, o.CarveOuts, o.Subprocessors)
	}
	if o.Scores[model.ScoreDataAccess] != (model.Score{Value: 4, Note: "Prompts only"}) || o.Scores[model.ScoreOwnership].Value != 5 {
		t.Errorf("scores = %+v", o.Scores)
	}
	ot := vf.Rows[1].Vendor
	if ot.Report != model.ReportType1 || ot.PeriodEnd != "2024-06-30" || ot.Covers != model.TriUnknown || ot.Training != model.TrainingYes || ot.DPASigned != model.TriNo {
		t.Errorf("Otter = %+v", ot)
	}
	if a := vf.Rows[2]; a.Vendor.Report != model.ReportNone || a.Line != 6 || a.Has("period end") {
		t.Errorf("Acme = %+v", a)
	}
}

func TestReadVendorsReportTypeSpellings(t *testing.T) {
	for v, want := range map[string]model.ReportType{
		"Type II": model.ReportType2, "SOC2 T2": model.ReportType2, "SOC 2 Type 2": model.ReportType2, "type2": model.ReportType2,
		"Type I": model.ReportType1, "SOC 2 Type 1": model.ReportType1, "None": model.ReportNone, "no report": model.ReportNone,
	} {
		vf, err := ReadVendors("r.csv", strings.NewReader("Vendor,SOC 2 report\nA,"+v+"\n"), "")
		if err != nil || len(vf.Rows) != 1 || vf.Rows[0].Vendor.Report != want {
			t.Errorf("%q → %+v %v", v, vf, err)
		}
	}
	for _, v := range []string{"3/5", "3.0", "3 - adequate", "3"} {
		vf, _ := ReadVendors("s.csv", strings.NewReader("Vendor,Audit logs\nA,"+v+"\n"), "")
		if len(vf.Rows) != 1 || vf.Rows[0].Vendor.Scores[model.ScoreAuditLogs].Value != 3 {
			t.Errorf("score %q → %+v %v", v, vf.Rows, issueStrings(vf.Errors))
		}
	}
	for _, v := range []string{"3.5", "6", "4/10", "good"} {
		vf, _ := ReadVendors("s.csv", strings.NewReader("Vendor,Audit logs\nA,"+v+"\n"), "")
		if len(vf.Errors) != 1 {
			t.Errorf("score %q accepted: %+v", v, vf.Rows)
		}
	}
}

func TestReadVendorsJSON(t *testing.T) {
	f, err := os.Open("testdata/vendors.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	vf, err := ReadVendors("vendors.json", f, "")
	if err != nil {
		t.Fatal(err)
	}
	wantIssues(t, "errors", vf.Errors,
		`vendors.json:3: column "soc2": "Type 3" is not a SOC 2 report type (none, type 1, type 2)`,
		`vendors.json:3: column "audit_logs": "7" is not a score from 1 to 5`)
	if len(vf.Rows) != 1 || !slices.Equal(vf.Rows[0].Vendor.CUECs, []string{"Rotate keys", "Review usage"}) {
		t.Errorf("rows = %+v", vf.Rows)
	}
}

func testdataFile(name string) ([]byte, error) { return os.ReadFile(filepath.Join("testdata", name)) }
