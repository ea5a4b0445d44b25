package ingest

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"auditwalk/model"
)

// VendorRow is one accepted row of a vendor file.
type VendorRow struct {
	// Line is where the row starts in the file.
	Line int
	// Vendor holds the row's values; fields the file left blank are zero.
	Vendor model.Vendor
	set    fieldSet
}

// Has reports whether the file stated a field (by its diff name, e.g.
// "report"); blank cells and absent columns are not stated.
func (r VendorRow) Has(field string) bool {
	for i, f := range vendorSchema().fields {
		if f.key == field {
			return r.set.has(i)
		}
	}
	return false
}

// VendorFile is a vendor file as read: accepted rows in file order, and the
// rows it rejected.
type VendorFile struct {
	Name     string
	Format   string // "csv" or "json"
	Rows     []VendorRow
	Errors   []Issue
	Warnings []Issue
}

// ReadVendors reads AI vendors from r, which holds the file called name; see
// ReadInventory for formats and errors.
func ReadVendors(name string, r io.Reader, format string) (*VendorFile, error) {
	f := &VendorFile{Name: name}
	t, err := readTable(name, r, format, vendorSchema(), func(r row[model.Vendor]) {
		f.Rows = append(f.Rows, VendorRow{Line: r.line, Vendor: r.v, set: r.set})
	})
	if err != nil {
		return nil, err
	}
	f.Format, f.Errors, f.Warnings = t.format, t.errs.list("errors"), t.warns.list("warnings")
	return f, nil
}

// vendorSchema describes the vendor columns, in diff order.
func vendorSchema() *schema[model.Vendor] {
	type V = model.Vendor
	fields := []fieldSpec[V]{
		textField("name", "Vendor", []string{"name", "vendor name", "provider", "provider name", "supplier", "supplier name", "company", "ai vendor", "ai provider"}, false, func(v *V) *string { return &v.Name }),
		textField("service", "Service", []string{"service used", "services", "ai service", "product", "product used", "offering", "service name"}, false, func(v *V) *string { return &v.Service }),
		reportField(),
		dateField("period end", "Period end", []string{"report period end", "period end date", "soc 2 period end", "soc2 period end", "report period", "period", "coverage period end", "period ending"}, func(v *V) *model.Date { return &v.PeriodEnd }),
		textField("opinion", "Opinion", []string{"auditor opinion", "audit opinion", "report opinion", "auditors opinion"}, false, func(v *V) *string { return &v.Opinion }),
		enumField("covers", "Covers AI service", []string{"covers ai", "covers ai service", "scope covers ai service", "report covers ai service", "report covers ai", "covers ai workflow", "covers workflow", "ai in scope", "ai service in scope", "report scope covers ai service"}, triSynonyms(), triStates(), func(v *V) *model.TriState { return &v.Covers }),
		textField("coverage note", "Coverage note", []string{"coverage notes", "covers note", "scope note", "coverage comment", "coverage"}, true, func(v *V) *string { return &v.CoversNote }),
		listField("carve-outs", "Carve-outs", []string{"carve outs", "carve out", "carveouts", "carved out subservice organizations", "carved out subservice organisations", "subservice organizations", "subservice organisations", "carve out subservice organizations", "carve out subservice organisations"}, ";,\n", func(v *V) *[]string { return &v.CarveOuts }),
		dateField("bridge letter", "Bridge letter", []string{"bridge letter date", "gap letter", "bridge letter dated"}, func(v *V) *model.Date { return &v.BridgeLetter }),
		listField("cuecs", "CUECs", []string{"cuec", "complementary user entity controls", "user entity controls", "customer controls", "complementary controls"}, ";\n", func(v *V) *[]string { return &v.CUECs }),
		enumField("dpa", "DPA signed", []string{"dpa", "dpa signed", "data processing agreement", "data processing addendum", "dpa in place"}, triSynonyms(), triStates(), func(v *V) *model.TriState { return &v.DPASigned }),
		enumField("training", "Training on customer data", []string{"trains on customer data", "training", "model training", "training opt out", "opt out", "trains on our data", "uses data for training", "training on data"}, trainingSynonyms(), []model.Training{model.TrainingOptedOut, model.TrainingYes, model.TrainingUnknown}, func(v *V) *model.Training { return &v.Training }),
		textField("retention", "Retention", []string{"data retention", "retention terms", "retention period"}, false, func(v *V) *string { return &v.Retention }),
		listField("subprocessors", "Subprocessors", []string{"sub processors", "subprocessor", "sub processor", "sub processors list"}, ";,\n", func(v *V) *[]string { return &v.Subprocessors }),
		textField("notes", "Notes", []string{"note", "comments", "comment", "remarks"}, true, func(v *V) *string { return &v.Notes }),
	}
	for _, d := range model.ScoreDimensions() {
		fields = append(fields, scoreField(d), scoreNoteField(d))
	}
	return &schema[V]{
		kind: "vendors", noun: "vendor", hint: `"Vendor", "Provider" or "Supplier"`,
		jsonKeys: []string{"vendors", "providers", "suppliers", "items", "data"},
		name:     0,
		notes:    func(v *V) *string { return &v.Notes },
		fields:   fields,
	}
}

func triStates() []model.TriState {
	return []model.TriState{model.TriYes, model.TriNo, model.TriUnknown}
}

// reportField is the SOC 2 report type.
func reportField() fieldSpec[model.Vendor] {
	return fieldSpec[model.Vendor]{
		key: "report", label: "SOC 2 report",
		names: []string{"soc 2", "soc2", "soc 2 report", "soc2 report", "soc 2 type", "soc2 type", "soc 2 report type", "report type", "soc report", "assurance report", "attestation report"},
		parse: func(v string, dst *model.Vendor) error {
			switch normKey(v) {
			case "", "unknown", "tbd", "tbc", "not sure":
				dst.Report = ""
				return nil
			}
			r, ok := parseReport(v)
			if !ok {
				return fmt.Errorf("is not a SOC 2 report type (none, type 1, type 2)")
			}
			dst.Report = r
			return nil
		},
		get:  func(v *model.Vendor) string { return string(v.Report) },
		copy: func(dst, src *model.Vendor) { dst.Report = src.Report },
	}
}

// scoreDimNames are the header spellings of a scorecard dimension.
func scoreDimNames(d model.ScoreDimension) []string {
	names := []string{d.Title(), string(d)}
	switch d {
	case model.ScoreDataAccess:
		names = append(names, "access to data")
	case model.ScoreIntegrationDepth:
		names = append(names, "integration")
	case model.ScoreAuditLogs:
		names = append(names, "audit log", "audit logging")
	case model.ScoreExceptionHandling:
		names = append(names, "exceptions", "error handling")
	case model.ScoreOwnership:
		names = append(names, "ownership", "post launch ownership", "owner after launch")
	}
	return names
}

// scoreField is a scorecard value 1–5 ("3", "3/5", "3 - adequate").
func scoreField(d model.ScoreDimension) fieldSpec[model.Vendor] {
	var names []string
	for _, n := range scoreDimNames(d) {
		names = append(names, n, n+" score", "score "+n)
	}
	return fieldSpec[model.Vendor]{
		key: "score " + string(d), label: d.Title(), names: names,
		parse: func(v string, dst *model.Vendor) error {
			n, ok := parseScore(v)
			if !ok {
				return fmt.Errorf("is not a score from 1 to 5")
			}
			s := scores(dst)[d]
			s.Value = n
			dst.Scores[d] = s
			return nil
		},
		get: func(v *model.Vendor) string {
			if n := v.Scores[d].Value; n > 0 {
				return strconv.Itoa(n)
			}
			return ""
		},
		copy: func(dst, src *model.Vendor) {
			s := scores(dst)[d]
			s.Value = src.Scores[d].Value
			dst.Scores[d] = s
		},
	}
}

// scoreNoteField is the note beside a scorecard value.
func scoreNoteField(d model.ScoreDimension) fieldSpec[model.Vendor] {
	var names []string
	for _, n := range scoreDimNames(d) {
		names = append(names, n+" note", n+" notes", n+" comment", n+" comments")
	}
	return fieldSpec[model.Vendor]{
		key: "note " + string(d), label: d.Title() + " note", names: names,
		parse: func(v string, dst *model.Vendor) error {
			s := scores(dst)[d]
			s.Note = model.CleanText(v)
			dst.Scores[d] = s
			return nil
		},
		get: func(v *model.Vendor) string { return v.Scores[d].Note },
		copy: func(dst, src *model.Vendor) {
			s := scores(dst)[d]
			s.Note = src.Scores[d].Note
			dst.Scores[d] = s
		},
	}
}

// scores returns v's score map, creating it when nil.
func scores(v *model.Vendor) map[model.ScoreDimension]model.Score {
	if v.Scores == nil {
		v.Scores = make(map[model.ScoreDimension]model.Score)
	}
	return v.Scores
}

// parseScore reads "3", "3/5", "3.0" or "3 - adequate"; blank, 0 and "n/a"
// mean not scored. Fractions are refused rather than rounded.
func parseScore(v string) (int, bool) {
	s := strings.TrimSpace(v)
	switch normKey(s) {
	case "n a", "na", "none", "not scored", "0", "":
		return 0, true
	}
	if l, r, ok := strings.Cut(s, "/"); ok {
		if strings.TrimSpace(r) != "5" {
			return 0, false
		}
		s = strings.TrimSpace(l)
	}
	s = strings.TrimSuffix(s, ".0")
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n, err := strconv.Atoi(s[:i])
	if err != nil || n < 1 || n > 5 {
		return 0, false
	}
	rest := strings.TrimSpace(s[i:])
	return n, rest == "" || rest[0] != '.' && rest[0] != ','
}
