package export

// OSCAL 1.2.2 JSON structures: only the parts auditwalk fills, named and
// shaped as in NIST's schemas (oscal_assessment-results_schema.json and
// oscal_poam_schema.json). Optional members are omitempty because the
// schemas forbid empty arrays (minItems 1) and empty strings in most
// places.

// OSCALVersion is the OSCAL release the documents conform to.
const OSCALVersion = "1.2.2"

type oscalAR struct {
	AssessmentResults arDoc `json:"assessment-results"`
}

type arDoc struct {
	UUID       string       `json:"uuid"`
	Metadata   oMetadata    `json:"metadata"`
	ImportAP   oImport      `json:"import-ap"`
	Results    []oResult    `json:"results"`
	BackMatter *oBackMatter `json:"back-matter,omitempty"`
}

type oscalPOAM struct {
	POAM poamDoc `json:"plan-of-action-and-milestones"`
}

type poamDoc struct {
	UUID             string          `json:"uuid"`
	Metadata         oMetadata       `json:"metadata"`
	SystemID         *oSystemID      `json:"system-id,omitempty"`
	LocalDefinitions *oPOAMLocal     `json:"local-definitions,omitempty"`
	Observations     []oObservation  `json:"observations,omitempty"`
	Risks            oSeq[oRisk]     `json:"risks,omitempty"`
	POAMItems        oSeq[oPOAMItem] `json:"poam-items"`
	BackMatter       *oBackMatter    `json:"back-matter,omitempty"`
}

type oSystemID struct {
	IdentifierType string `json:"identifier-type,omitempty"`
	ID             string `json:"id"`
}

type oPOAMLocal struct {
	Components []oComponent `json:"components,omitempty"`
	Remarks    string       `json:"remarks,omitempty"`
}

type oMetadata struct {
	Title        string       `json:"title"`
	LastModified string       `json:"last-modified"`
	Version      string       `json:"version"`
	OSCALVersion string       `json:"oscal-version"`
	Props        []oProp      `json:"props,omitempty"`
	Roles        []oRole      `json:"roles,omitempty"`
	Parties      []oParty     `json:"parties,omitempty"`
	Responsible  []oRespParty `json:"responsible-parties,omitempty"`
	Remarks      string       `json:"remarks,omitempty"`
}

type oRole struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

type oParty struct {
	UUID string `json:"uuid"`
	Type string `json:"type"`
	Name string `json:"name,omitempty"`
}

type oRespParty struct {
	RoleID     string   `json:"role-id"`
	PartyUUIDs []string `json:"party-uuids"`
}

type oProp struct {
	Name    string `json:"name"`
	NS      string `json:"ns,omitempty"`
	Value   string `json:"value"`
	Class   string `json:"class,omitempty"`
	Remarks string `json:"remarks,omitempty"`
}

type oLink struct {
	Href string `json:"href"`
	Rel  string `json:"rel,omitempty"`
	Text string `json:"text,omitempty"`
}

type oImport struct {
	Href    string `json:"href"`
	Remarks string `json:"remarks,omitempty"`
}

type oBackMatter struct {
	Resources oSeq[oResource] `json:"resources,omitempty"`
}

type oResource struct {
	UUID        string   `json:"uuid"`
	Title       string   `json:"title,omitempty"`
	Description string   `json:"description,omitempty"`
	Props       []oProp  `json:"props,omitempty"`
	RLinks      []oRLink `json:"rlinks,omitempty"`
	Remarks     string   `json:"remarks,omitempty"`
}

type oRLink struct {
	Href   string  `json:"href"`
	Hashes []oHash `json:"hashes,omitempty"`
}

type oHash struct {
	Algorithm string `json:"algorithm"`
	Value     string `json:"value"`
}

type oResult struct {
	UUID             string             `json:"uuid"`
	Title            string             `json:"title"`
	Description      string             `json:"description"`
	Start            string             `json:"start"`
	End              string             `json:"end,omitempty"`
	Props            []oProp            `json:"props,omitempty"`
	LocalDefinitions *oResultLocal      `json:"local-definitions,omitempty"`
	ReviewedControls oReviewed          `json:"reviewed-controls"`
	Observations     oSeq[oObservation] `json:"observations,omitempty"`
	Risks            oSeq[oRisk]        `json:"risks,omitempty"`
	Findings         oSeq[oFinding]     `json:"findings,omitempty"`
	Remarks          string             `json:"remarks,omitempty"`
}

type oResultLocal struct {
	Components oSeq[oComponent] `json:"components,omitempty"`
}

type oComponent struct {
	UUID        string          `json:"uuid"`
	Type        string          `json:"type"`
	Title       string          `json:"title"`
	Description string          `json:"description"`
	Purpose     string          `json:"purpose,omitempty"`
	Props       []oProp         `json:"props,omitempty"`
	Status      oComponentState `json:"status"`
}

type oComponentState struct {
	State string `json:"state"`
}

type oReviewed struct {
	Description       string        `json:"description,omitempty"`
	ControlSelections []oSelections `json:"control-selections"`
}

// oSelections is either include-all (an empty object) or a list of
// included controls; exactly one is set.
type oSelections struct {
	Description     string           `json:"description,omitempty"`
	IncludeAll      *struct{}        `json:"include-all,omitempty"`
	IncludeControls []oSelectControl `json:"include-controls,omitempty"`
}

type oSelectControl struct {
	ControlID string `json:"control-id"`
}

type oOrigin struct {
	Actors []oActor `json:"actors"`
}

type oActor struct {
	Type      string `json:"type"`
	ActorUUID string `json:"actor-uuid"`
	RoleID    string `json:"role-id,omitempty"`
}

type oSubjectRef struct {
	SubjectUUID string `json:"subject-uuid"`
	Type        string `json:"type"`
}

type oEvidence struct {
	Href        string  `json:"href,omitempty"`
	Description string  `json:"description"`
	Props       []oProp `json:"props,omitempty"`
}

type oObservation struct {
	UUID             string        `json:"uuid"`
	Title            string        `json:"title,omitempty"`
	Description      string        `json:"description"`
	Props            []oProp       `json:"props,omitempty"`
	Methods          []string      `json:"methods"`
	Types            []string      `json:"types,omitempty"`
	Origins          []oOrigin     `json:"origins,omitempty"`
	Subjects         []oSubjectRef `json:"subjects,omitempty"`
	RelevantEvidence []oEvidence   `json:"relevant-evidence,omitempty"`
	Collected        string        `json:"collected"`
	Remarks          string        `json:"remarks,omitempty"`
}

type oFinding struct {
	UUID                string     `json:"uuid"`
	Title               string     `json:"title"`
	Description         string     `json:"description"`
	Props               []oProp    `json:"props,omitempty"`
	Target              oTarget    `json:"target"`
	RelatedObservations []oRelObs  `json:"related-observations,omitempty"`
	RelatedRisks        []oRelRisk `json:"related-risks,omitempty"`
	Remarks             string     `json:"remarks,omitempty"`
}

type oTarget struct {
	Type     string        `json:"type"`
	TargetID string        `json:"target-id"`
	Props    []oProp       `json:"props,omitempty"`
	Status   oTargetStatus `json:"status"`
}

type oTargetStatus struct {
	State  string `json:"state"`
	Reason string `json:"reason,omitempty"`
}

type oRelObs struct {
	ObservationUUID string `json:"observation-uuid"`
}

type oRelRisk struct {
	RiskUUID string `json:"risk-uuid"`
}

type oRisk struct {
	UUID                string          `json:"uuid"`
	Title               string          `json:"title"`
	Description         string          `json:"description"`
	Statement           string          `json:"statement"`
	Props               []oProp         `json:"props,omitempty"`
	Status              string          `json:"status"`
	Origins             []oOrigin       `json:"origins,omitempty"`
	Characterizations   []oCharacterize `json:"characterizations,omitempty"`
	MitigatingFactors   []oMitigating   `json:"mitigating-factors,omitempty"`
	Deadline            string          `json:"deadline,omitempty"`
	Remediations        []oResponse     `json:"remediations,omitempty"`
	RelatedObservations []oRelObs       `json:"related-observations,omitempty"`
}

type oCharacterize struct {
	Origin oOrigin  `json:"origin"`
	Facets []oFacet `json:"facets"`
}

type oFacet struct {
	Name   string `json:"name"`
	System string `json:"system"`
	Value  string `json:"value"`
}

type oMitigating struct {
	UUID        string `json:"uuid"`
	Description string `json:"description"`
}

type oResponse struct {
	UUID        string    `json:"uuid"`
	Lifecycle   string    `json:"lifecycle"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Props       []oProp   `json:"props,omitempty"`
	Origins     []oOrigin `json:"origins,omitempty"`
	Remarks     string    `json:"remarks,omitempty"`
}

type oPOAMItem struct {
	UUID                string     `json:"uuid,omitempty"`
	Title               string     `json:"title"`
	Description         string     `json:"description"`
	Props               []oProp    `json:"props,omitempty"`
	RelatedObservations []oRelObs  `json:"related-observations,omitempty"`
	RelatedRisks        []oRelRisk `json:"related-risks,omitempty"`
	Remarks             string     `json:"remarks,omitempty"`
}
