package data

import (
	"database/sql"
	"fmt"
	"strconv"

	"auditwalk/model"
)

// systemRow is a row of system. VendorID and ScopeOverride are nullable.
type systemRow struct {
	ID                 int64    `json:"id"`
	Name               string   `json:"name"`
	Purpose            string   `json:"purpose"`
	BusinessOwner      string   `json:"business_owner"`
	TechnicalOwner     string   `json:"technical_owner"`
	VendorID           *int64   `json:"vendor_id"`
	Models             []string `json:"models"`
	Identities         []string `json:"identities"`
	Deployment         string   `json:"deployment"`
	DataCategories     []string `json:"data_categories"`
	AffectsService     bool     `json:"affects_service"`
	Consequential      bool     `json:"consequential"`
	Oversight          string   `json:"oversight"`
	Logging            string   `json:"logging"`
	LogRetention       string   `json:"log_retention"`
	AccessControl      []string `json:"access_control"`
	Approval           string   `json:"approval"`
	LastReviewed       string   `json:"last_reviewed"`
	ScopeOverride      *bool    `json:"scope_override"`
	ScopeJustification string   `json:"scope_justification"`
	Notes              string   `json:"notes"`
	UpdatedAt          string   `json:"updated_at"`
}

// systemCols excludes id, which SQLite assigns on insert.
const systemCols = "name, purpose, business_owner, technical_owner, vendor_id, models, identities, deployment, data_categories, affects_service, consequential, oversight, logging, log_retention, access_control, approval, last_reviewed, scope_override, scope_justification, notes, updated_at"

func newSystemRow(s model.System, at string) systemRow {
	r := systemRow{
		ID: s.ID, Name: s.Name, Purpose: s.Purpose, BusinessOwner: s.BusinessOwner, TechnicalOwner: s.TechnicalOwner,
		Models: list(s.Models), Identities: list(s.Identities), Deployment: string(s.Deployment),
		DataCategories: list(s.DataCategories), AffectsService: s.AffectsService, Consequential: s.Consequential,
		Oversight: string(s.Oversight), Logging: string(s.Logging), LogRetention: s.LogRetention,
		AccessControl: list(s.AccessControl), Approval: string(s.Approval), LastReviewed: string(s.LastReviewed),
		ScopeJustification: s.ScopeJustification, Notes: s.Notes, UpdatedAt: at,
	}
	if s.VendorID != 0 {
		id := s.VendorID
		r.VendorID = &id
	}
	if s.ScopeOverride != nil {
		v := *s.ScopeOverride
		r.ScopeOverride = &v
	}
	return r
}

func (r systemRow) values() []any {
	var scope sql.NullBool
	if r.ScopeOverride != nil {
		scope = sql.NullBool{Bool: *r.ScopeOverride, Valid: true}
	}
	return []any{r.Name, r.Purpose, r.BusinessOwner, r.TechnicalOwner, nullInt64(r.VendorID),
		encodeJSON(r.Models), encodeJSON(r.Identities), r.Deployment, encodeJSON(r.DataCategories),
		r.AffectsService, r.Consequential, r.Oversight, r.Logging, r.LogRetention, encodeJSON(r.AccessControl),
		r.Approval, r.LastReviewed, scope, r.ScopeJustification, r.Notes, r.UpdatedAt}
}

func (r systemRow) entityID() string { return strconv.FormatInt(r.ID, 10) }

func (r systemRow) content() systemRow { r.UpdatedAt = ""; return r }

func scanSystem(sc scanner) (systemRow, error) {
	var r systemRow
	var vendor sql.NullInt64
	var scope sql.NullBool
	var models, idents, cats, access string
	err := sc.Scan(&r.ID, &r.Name, &r.Purpose, &r.BusinessOwner, &r.TechnicalOwner, &vendor, &models, &idents,
		&r.Deployment, &cats, &r.AffectsService, &r.Consequential, &r.Oversight, &r.Logging, &r.LogRetention,
		&access, &r.Approval, &r.LastReviewed, &scope, &r.ScopeJustification, &r.Notes, &r.UpdatedAt)
	if err != nil {
		return r, err
	}
	if vendor.Valid {
		r.VendorID = &vendor.Int64
	}
	if scope.Valid {
		r.ScopeOverride = &scope.Bool
	}
	what := "system " + r.entityID()
	for _, f := range []struct {
		src string
		dst *[]string
		col string
	}{{models, &r.Models, "models"}, {idents, &r.Identities, "identities"}, {cats, &r.DataCategories, "data_categories"}, {access, &r.AccessControl, "access_control"}} {
		if err := decodeJSON(f.src, f.dst, what+" "+f.col); err != nil {
			return r, err
		}
	}
	return r, nil
}

func (r systemRow) model(vendorName string) (model.System, error) {
	t, err := parseTime(r.UpdatedAt)
	if err != nil {
		return model.System{}, fmt.Errorf("system %d: updated_at: %w", r.ID, err)
	}
	s := model.System{
		ID: r.ID, Name: r.Name, Purpose: r.Purpose, BusinessOwner: r.BusinessOwner, TechnicalOwner: r.TechnicalOwner,
		VendorName: vendorName, Models: unlist(r.Models), Identities: unlist(r.Identities),
		Deployment: model.Deployment(r.Deployment), AffectsService: r.AffectsService, Consequential: r.Consequential,
		Oversight: model.Oversight(r.Oversight), Logging: model.Logging(r.Logging), LogRetention: r.LogRetention,
		AccessControl: unlist(r.AccessControl), Approval: model.Approval(r.Approval),
		LastReviewed: model.Date(r.LastReviewed), ScopeOverride: r.ScopeOverride,
		ScopeJustification: r.ScopeJustification, Notes: r.Notes, UpdatedAt: t,
	}
	if r.VendorID != nil {
		s.VendorID = *r.VendorID
	}
	for _, c := range r.DataCategories {
		s.DataCategories = append(s.DataCategories, model.DataCategory(c))
	}
	return s, nil
}

// scoreJSON is one scorecard entry as stored.
type scoreJSON struct {
	Value int    `json:"value"`
	Note  string `json:"note"`
}

// vendorRow is a row of vendor. Scores is a JSON object keyed by dimension.
type vendorRow struct {
	ID            int64                `json:"id"`
	Name          string               `json:"name"`
	Service       string               `json:"service"`
	Report        string               `json:"report"`
	PeriodEnd     string               `json:"period_end"`
	Opinion       string               `json:"opinion"`
	Covers        string               `json:"covers"`
	CoversNote    string               `json:"covers_note"`
	CarveOuts     []string             `json:"carve_outs"`
	BridgeLetter  string               `json:"bridge_letter"`
	CUECs         []string             `json:"cuecs"`
	DPASigned     string               `json:"dpa_signed"`
	Training      string               `json:"training"`
	Retention     string               `json:"retention"`
	Subprocessors []string             `json:"subprocessors"`
	Scores        map[string]scoreJSON `json:"scores"`
	Notes         string               `json:"notes"`
	UpdatedAt     string               `json:"updated_at"`
}

// vendorCols excludes id, which SQLite assigns on insert.
const vendorCols = "name, service, report, period_end, opinion, covers, covers_note, carve_outs, bridge_letter, cuecs, dpa_signed, training, retention, subprocessors, scores, notes, updated_at"

func newVendorRow(v model.Vendor, at string) vendorRow {
	scores := make(map[string]scoreJSON, len(v.Scores))
	for d, s := range v.Scores {
		scores[string(d)] = scoreJSON(s)
	}
	return vendorRow{
		ID: v.ID, Name: v.Name, Service: v.Service, Report: string(v.Report), PeriodEnd: string(v.PeriodEnd),
		Opinion: v.Opinion, Covers: string(v.Covers), CoversNote: v.CoversNote, CarveOuts: list(v.CarveOuts),
		BridgeLetter: string(v.BridgeLetter), CUECs: list(v.CUECs), DPASigned: string(v.DPASigned),
		Training: string(v.Training), Retention: v.Retention, Subprocessors: list(v.Subprocessors),
		Scores: scores, Notes: v.Notes, UpdatedAt: at,
	}
}

func (r vendorRow) values() []any {
	return []any{r.Name, r.Service, r.Report, r.PeriodEnd, r.Opinion, r.Covers, r.CoversNote, encodeJSON(r.CarveOuts),
		r.BridgeLetter, encodeJSON(r.CUECs), r.DPASigned, r.Training, r.Retention, encodeJSON(r.Subprocessors),
		encodeJSON(r.Scores), r.Notes, r.UpdatedAt}
}

func (r vendorRow) entityID() string { return strconv.FormatInt(r.ID, 10) }

func (r vendorRow) content() vendorRow { r.UpdatedAt = ""; return r }

func scanVendor(sc scanner) (vendorRow, error) {
	var r vendorRow
	var carve, cuecs, subs, scores string
	err := sc.Scan(&r.ID, &r.Name, &r.Service, &r.Report, &r.PeriodEnd, &r.Opinion, &r.Covers, &r.CoversNote, &carve,
		&r.BridgeLetter, &cuecs, &r.DPASigned, &r.Training, &r.Retention, &subs, &scores, &r.Notes, &r.UpdatedAt)
	if err != nil {
		return r, err
	}
	what := "vendor " + r.entityID()
	for _, f := range []struct {
		src string
		dst any
		col string
	}{{carve, &r.CarveOuts, "carve_outs"}, {cuecs, &r.CUECs, "cuecs"}, {subs, &r.Subprocessors, "subprocessors"}, {scores, &r.Scores, "scores"}} {
		if err := decodeJSON(f.src, f.dst, what+" "+f.col); err != nil {
			return r, err
		}
	}
	if r.Scores == nil {
		r.Scores = map[string]scoreJSON{} // a stored "null" reads as no scores
	}
	return r, nil
}

func (r vendorRow) model() (model.Vendor, error) {
	t, err := parseTime(r.UpdatedAt)
	if err != nil {
		return model.Vendor{}, fmt.Errorf("vendor %d: updated_at: %w", r.ID, err)
	}
	v := model.Vendor{
		ID: r.ID, Name: r.Name, Service: r.Service, Report: model.ReportType(r.Report), PeriodEnd: model.Date(r.PeriodEnd),
		Opinion: r.Opinion, Covers: model.TriState(r.Covers), CoversNote: r.CoversNote, CarveOuts: unlist(r.CarveOuts),
		BridgeLetter: model.Date(r.BridgeLetter), CUECs: unlist(r.CUECs), DPASigned: model.TriState(r.DPASigned),
		Training: model.Training(r.Training), Retention: r.Retention, Subprocessors: unlist(r.Subprocessors),
		Notes: r.Notes, UpdatedAt: t,
	}
	if len(r.Scores) > 0 {
		v.Scores = make(map[model.ScoreDimension]model.Score, len(r.Scores))
		for d, s := range r.Scores {
			v.Scores[model.ScoreDimension(d)] = model.Score(s)
		}
	}
	return v, nil
}
