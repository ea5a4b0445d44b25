package records

import (
	"fmt"
	"slices"
	"strings"
)

// ColumnMapping maps a record field (as named by AccessFields,
// ChangeFields or ReviewFields) to the CSV column or JSON key that holds it
// in the imported file. JSON keys of nested objects are written with dots
// ("actor.email"). Fields not mapped are found by their usual names.
type ColumnMapping map[string]string

// ParseMapping parses "field=column,field=column" (as given to --map).
func ParseMapping(spec string) (ColumnMapping, error) {
	m := ColumnMapping{}
	for part := range strings.SplitSeq(spec, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		field, col, ok := strings.Cut(part, "=")
		field, col = strings.ToLower(strings.TrimSpace(field)), strings.TrimSpace(col)
		if !ok || field == "" || col == "" {
			return nil, fmt.Errorf("mapping %q: want field=column", strings.TrimSpace(part))
		}
		if _, dup := m[field]; dup {
			return nil, fmt.Errorf("mapping: field %q given twice", field)
		}
		m[field] = col
	}
	return m, nil
}

// fieldSpec is a record field and the column names that mean it, most
// specific first.
type fieldSpec struct {
	name     string
	synonyms []string
	required bool // for CSV, the header must have it
}

// Record fields, as a mapping names them.
const (
	fTime          = "time"
	fActor         = "actor"
	fAction        = "action"
	fService       = "service"
	fModel         = "model"
	fResource      = "resource"
	fSource        = "source"
	fOutcome       = "outcome"
	fEventID       = "id"
	fSystem        = "system"
	fChangeType    = "change_type"
	fDescription   = "description"
	fTicket        = "ticket"
	fRequestedBy   = "requested_by"
	fApprovedBy    = "approved_by"
	fDeployedBy    = "deployed_by"
	fTested        = "tested"
	fSampleID      = "sample_id"
	fReviewer      = "reviewer"
	fDate          = "date"
	fVerdict       = "verdict"
	fIssueCategory = "issue_category"
	fNote          = "note"
)

func accessSpecs() []fieldSpec {
	return []fieldSpec{
		{fTime, []string{"time", "timestamp", "eventtime", "datetime", "occurredat", "createdat", "ts", "when", "date"}, true},
		{fActor, []string{"actor", "user", "username", "principal", "email", "useremail", "userid", "identity", "caller"}, false},
		{fAction, []string{"action", "operation", "operationname", "eventname", "event", "activity", "method", "type"}, false},
		{fService, []string{"service", "provider", "vendor", "platform", "eventsource"}, false},
		{fModel, []string{"model", "modelid", "modelname", "deployment", "modeldeployment"}, false},
		{fResource, []string{"resource", "application", "app", "resourceid", "resourcename", "endpoint", "project"}, false},
		{fSource, []string{"source", "sourceip", "ip", "ipaddress", "clientip", "callerip", "useragent", "client"}, false},
		{fOutcome, []string{"outcome", "result", "status", "statuscode", "resulttype", "success"}, false},
		{fEventID, []string{"id", "eventid", "requestid", "logid"}, false},
	}
}

func changeSpecs() []fieldSpec {
	return []fieldSpec{
		{fTime, []string{"time", "timestamp", "changedat", "deployedat", "datetime", "date", "when"}, true},
		{fSystem, []string{"system", "aisystem", "application", "app", "service", "model"}, true},
		{fChangeType, []string{"changetype", "type", "whatchanged", "change", "kind", "category"}, true},
		{fDescription, []string{"description", "summary", "details", "detail", "title", "what"}, false},
		{fTicket, []string{"ticket", "ticketid", "changerequest", "cr", "jira", "reference", "ref"}, false},
		{fRequestedBy, []string{"requestedby", "requester", "requestor", "author", "raisedby"}, false},
		{fApprovedBy, []string{"approvedby", "approver", "approval"}, false},
		{fDeployedBy, []string{"deployedby", "deployer", "implementedby", "releasedby"}, false},
		{fTested, []string{"tested", "testpassed", "testing", "tests"}, false},
	}
}

func reviewSpecs() []fieldSpec {
	return []fieldSpec{
		{fSampleID, []string{"sampleid", "sample", "id", "sampleno", "conversationid", "requestid"}, true},
		{fSystem, []string{"system", "aisystem", "application", "app", "model"}, true},
		{fReviewer, []string{"reviewer", "reviewedby", "reviewername"}, false},
		{fDate, []string{"date", "reviewdate", "reviewedat", "reviewedon", "time", "timestamp"}, true},
		{fVerdict, []string{"verdict", "result", "outcome", "status", "decision"}, true},
		{fIssueCategory, []string{"issuecategory", "category", "issue", "issuetype", "finding"}, false},
		{fNote, []string{"note", "notes", "comment", "comments", "remarks"}, false},
	}
}

func fieldNames(specs []fieldSpec) []string {
	out := make([]string, len(specs))
	for i, s := range specs {
		out[i] = s.name
	}
	return out
}

// AccessFields lists the fields of an access event a mapping can name.
func AccessFields() []string { return fieldNames(accessSpecs()) }

// ChangeFields lists the fields of a change record a mapping can name.
func ChangeFields() []string { return fieldNames(changeSpecs()) }

// ReviewFields lists the fields of a review record a mapping can name.
func ReviewFields() []string { return fieldNames(reviewSpecs()) }

// canonicalMapping keys a mapping by the record kind's field names,
// accepting any spelling of them ("change-type", "ChangeType"), and
// rejects fields the kind does not have.
func canonicalMapping(m ColumnMapping, specs []fieldSpec) (ColumnMapping, error) {
	out := ColumnMapping{}
	for f, col := range m {
		i := slices.IndexFunc(specs, func(s fieldSpec) bool { return foldKey(s.name) == foldKey(f) })
		if i < 0 {
			return nil, fmt.Errorf("mapping: unknown field %q (fields: %s)", f, strings.Join(fieldNames(specs), ", "))
		}
		out[specs[i].name] = col
	}
	return out, nil
}

// candidates returns the normalised column names that can hold a field:
// the mapped one alone, or the synonyms.
func candidates(spec fieldSpec, m ColumnMapping) []string {
	if col, ok := m[spec.name]; ok {
		return []string{foldKey(col)}
	}
	return spec.synonyms
}

// foldKey normalises a column name or JSON key for matching: lowercase,
// without spaces, dashes, underscores, dots or a byte-order mark.
func foldKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch r {
		case ' ', '-', '_', '.', '\t', '\ufeff', '"', '\'':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// row is one generic record: a value per field, and the line it is on.
type row interface {
	get(field string) string
	lineOf(field string) int
}
