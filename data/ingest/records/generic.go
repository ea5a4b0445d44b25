package records

import (
	"bytes"
	"encoding/json"
	"strings"

	"auditwalk/model"
)

// jsonRow is a generic JSON record flattened to folded key paths
// ("actor": {"email": ...} becomes "actoremail").
type jsonRow struct {
	vals  map[string]string
	cands map[string][]string // field → keys to try, in order
	line  int
}

// maxFlattenDepth bounds how deep nested objects are flattened.
const maxFlattenDepth = 4

// newJSONRow decodes one generic record.
func newJSONRow(raw []byte, line int, cands map[string][]string) (*jsonRow, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return nil, problemf("invalid JSON record: %v", jsonReason(err))
	}
	if obj == nil {
		return nil, problemf("expected a JSON object")
	}
	r := &jsonRow{vals: map[string]string{}, cands: cands, line: line}
	r.flatten("", obj, 1)
	return r, nil
}

func (r *jsonRow) flatten(prefix string, obj map[string]any, depth int) {
	for k, v := range obj {
		key := prefix + foldKey(k)
		switch v := v.(type) {
		case string:
			r.vals[key] = strings.TrimSpace(v)
		case json.Number:
			r.vals[key] = v.String()
		case bool:
			if v {
				r.vals[key] = "true"
			} else {
				r.vals[key] = "false"
			}
		case map[string]any:
			if depth < maxFlattenDepth {
				r.flatten(key, v, depth+1)
			}
		}
	}
}

// get returns the first non-empty value among the field's candidate keys.
func (r *jsonRow) get(field string) string {
	for _, k := range r.cands[field] {
		if v := r.vals[k]; v != "" {
			return v
		}
	}
	return ""
}

func (r *jsonRow) lineOf(string) int { return r.line }

// candidateTable precomputes the keys to try for every field.
func candidateTable(specs []fieldSpec, m ColumnMapping) map[string][]string {
	out := make(map[string][]string, len(specs))
	for _, s := range specs {
		out[s.name] = candidates(s, m)
	}
	return out
}

// jsonReason shortens encoding/json's messages ("json: cannot
// unmarshal...") for a row error.
func jsonReason(err error) string {
	return strings.TrimPrefix(err.Error(), "json: ")
}

// accessFromRow builds an access event from a generic row.
func accessFromRow(r row) (model.AccessEvent, error) {
	t, err := parseTime(r.get(fTime))
	if err != nil {
		return model.AccessEvent{}, problemAt(r.lineOf(fTime), "%v", err)
	}
	return model.AccessEvent{
		Time: t, Actor: r.get(fActor), Action: r.get(fAction), Service: strings.ToLower(r.get(fService)),
		Model: r.get(fModel), Resource: r.get(fResource), Source: r.get(fSource),
		Outcome: parseOutcome(r.get(fOutcome)), EventID: r.get(fEventID),
	}, nil
}

// changeFromRow builds a change record from a generic row.
func changeFromRow(r row) (model.ChangeRecord, error) {
	t, err := parseTime(r.get(fTime))
	if err != nil {
		return model.ChangeRecord{}, problemAt(r.lineOf(fTime), "%v", err)
	}
	ct, err := model.ParseChangeType(r.get(fChangeType))
	if err != nil {
		return model.ChangeRecord{}, problemAt(r.lineOf(fChangeType), "%v", err)
	}
	tested, err := parseTested(r.get(fTested))
	if err != nil {
		return model.ChangeRecord{}, problemAt(r.lineOf(fTested), "%v", err)
	}
	return model.ChangeRecord{
		Time: t, System: r.get(fSystem), ChangeType: ct, Description: r.get(fDescription), Ticket: r.get(fTicket),
		RequestedBy: r.get(fRequestedBy), ApprovedBy: r.get(fApprovedBy), DeployedBy: r.get(fDeployedBy), Tested: tested,
	}, nil
}

// reviewFromRow builds a review record from a generic row.
func reviewFromRow(r row) (model.ReviewRecord, error) {
	d, err := model.ParseDate(r.get(fDate))
	if err != nil {
		return model.ReviewRecord{}, problemAt(r.lineOf(fDate), "%v", err)
	}
	v, err := model.ParseVerdict(r.get(fVerdict))
	if err != nil {
		return model.ReviewRecord{}, problemAt(r.lineOf(fVerdict), "%v", err)
	}
	return model.ReviewRecord{
		SampleID: r.get(fSampleID), System: r.get(fSystem), Reviewer: r.get(fReviewer), Date: d, Verdict: v,
		IssueCategory: r.get(fIssueCategory), Note: r.get(fNote),
	}, nil
}
