package records

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"auditwalk/model"
)

// openAIUser is a user as the OpenAI audit log names one.
type openAIUser struct {
	ID    text `json:"id"`
	Email text `json:"email"`
}

// openAIAudit holds the audit log object fields we use (see the
// /v1/organization/audit_logs API reference).
type openAIAudit struct {
	ID          text `json:"id"`
	Type        text `json:"type"`
	EffectiveAt text `json:"effective_at"`
	Project     struct {
		ID   text `json:"id"`
		Name text `json:"name"`
	} `json:"project"`
	Actor struct {
		Type    text `json:"type"`
		Session struct {
			User      openAIUser `json:"user"`
			IPAddress text       `json:"ip_address"`
			UserAgent text       `json:"user_agent"`
		} `json:"session"`
		APIKey struct {
			ID             text       `json:"id"`
			User           openAIUser `json:"user"`
			ServiceAccount struct {
				ID text `json:"id"`
			} `json:"service_account"`
		} `json:"api_key"`
	} `json:"actor"`
}

// decodeOpenAIAudit maps one OpenAI organization audit log object.
func decodeOpenAIAudit(raw []byte) (model.AccessEvent, bool, error) {
	var a openAIAudit
	if err := unmarshalRecord(raw, &a); err != nil {
		return model.AccessEvent{}, false, err
	}
	secs, err := strconv.ParseInt(a.EffectiveAt.s(), 10, 64)
	if err != nil || secs <= 0 {
		return model.AccessEvent{}, false, problemf("effective_at %q is not Unix seconds", a.EffectiveAt)
	}
	s, k := a.Actor.Session, a.Actor.APIKey
	e := model.AccessEvent{
		Time:     time.Unix(secs, 0).UTC(),
		Actor:    first(s.User.Email, s.User.ID, k.User.Email, k.User.ID, k.ServiceAccount.ID, k.ID),
		Action:   a.Type.s(),
		Service:  model.ServiceOpenAI,
		Resource: first(a.Project.Name, a.Project.ID),
		Source:   first(s.IPAddress, s.UserAgent),
		Outcome:  model.OutcomeSuccess,
		EventID:  a.ID.s(),
		Detail:   details("actorType", a.Actor.Type.s(), "apiKey", k.ID.s()),
	}
	if strings.HasSuffix(e.Action, ".failed") {
		e.Outcome = model.OutcomeFailure
	}
	if e.Resource == "" {
		e.Resource = openAITarget(raw, e.Action)
	}
	return e, true, nil
}

// openAITarget returns the id of the object an audit event concerns: the
// event carries it under a key named like its type ("api_key.created":
// {"id": "key_abc"}).
func openAITarget(raw []byte, typ string) string {
	if typ == "" {
		return ""
	}
	var objs map[string]json.RawMessage
	if json.Unmarshal(raw, &objs) != nil {
		return ""
	}
	var target struct {
		ID text `json:"id"`
	}
	if json.Unmarshal(objs[typ], &target) != nil {
		return ""
	}
	return target.ID.s()
}

// azureRecord holds the Azure Monitor resource log fields we use (the
// top-level common schema; Azure OpenAI puts model facts in properties).
type azureRecord struct {
	Time            text            `json:"time"`
	ResourceID      text            `json:"resourceId"`
	Category        text            `json:"category"`
	OperationName   text            `json:"operationName"`
	CallerIP        text            `json:"callerIpAddress"`
	ResultType      text            `json:"resultType"`
	ResultSignature text            `json:"resultSignature"`
	CorrelationID   text            `json:"correlationId"`
	DurationMs      text            `json:"durationMs"`
	Location        text            `json:"location"`
	Identity        json.RawMessage `json:"identity"`
	Properties      json.RawMessage `json:"properties"`
}

// azureProperties are the Azure OpenAI fields of properties, which some
// exports write as an object and others as a JSON string.
type azureProperties struct {
	ModelDeploymentName text `json:"modelDeploymentName"`
	ModelName           text `json:"modelName"`
	ModelVersion        text `json:"modelVersion"`
	ObjectID            text `json:"objectId"`
}

// decodeAzure maps one Azure OpenAI (Cognitive Services) resource log
// record; records of other resource types are skipped.
func decodeAzure(raw []byte) (model.AccessEvent, bool, error) {
	var r azureRecord
	if err := unmarshalRecord(raw, &r); err != nil {
		return model.AccessEvent{}, false, err
	}
	if r.ResourceID != "" && !strings.Contains(strings.ToUpper(r.ResourceID.s()), "/MICROSOFT.COGNITIVESERVICES/") {
		return model.AccessEvent{}, false, nil
	}
	t, err := parseTime(r.Time.s())
	if err != nil {
		return model.AccessEvent{}, false, problemf("time: %v", err)
	}
	p := azureProps(r.Properties)
	m := p.ModelName.s()
	if m == "" {
		m = p.ModelDeploymentName.s()
	}
	return model.AccessEvent{
		Time: t, Actor: first(text(azureIdentity(r.Identity)), p.ObjectID), Action: r.OperationName.s(),
		Service: model.ServiceAzureOpenAI, Model: m, Resource: r.ResourceID.s(), Source: r.CallerIP.s(),
		Outcome: azureOutcome(r.ResultType.s(), r.ResultSignature.s()), EventID: r.CorrelationID.s(),
		Detail: details("category", r.Category.s(), "deployment", p.ModelDeploymentName.s(), "modelVersion", p.ModelVersion.s(),
			"result", r.ResultSignature.s(), "durationMs", r.DurationMs.s()),
	}, true, nil
}

// azureProps decodes properties whether an object or a JSON string; a
// malformed value yields no properties rather than failing the record.
func azureProps(raw json.RawMessage) azureProperties {
	var p azureProperties
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			raw = json.RawMessage(s)
		}
	}
	_ = json.Unmarshal(raw, &p)
	return p
}

// azureIdentity picks a caller name from identity: a plain string, or
// the claims of the caller's token (UPN, e-mail, name, app id, object id).
func azureIdentity(raw json.RawMessage) string {
	var s text
	if len(raw) > 0 && raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return s.s()
	}
	var id struct {
		Claim map[string]text `json:"claim"`
	}
	if json.Unmarshal(raw, &id) != nil || id.Claim == nil {
		return ""
	}
	for _, k := range []string{
		"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", "upn", "email",
		"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", "name", "appid",
		"http://schemas.microsoft.com/identity/claims/objectidentifier", "oid",
	} {
		if v := id.Claim[k]; v != "" {
			return v.s()
		}
	}
	return ""
}

// azureOutcome classifies resultType / resultSignature (an HTTP status for
// Azure OpenAI requests).
func azureOutcome(resultType, signature string) string {
	if code, err := strconv.Atoi(signature); err == nil && code >= 100 && code < 600 {
		return httpOutcome(code)
	}
	if resultType == "" && signature == "" {
		return ""
	}
	return parseOutcome(first(text(resultType), text(signature)))
}

// vertexEntry holds the Cloud Logging LogEntry fields we use, with an
// AuditLog protoPayload.
type vertexEntry struct {
	Timestamp    text `json:"timestamp"`
	InsertID     text `json:"insertId"`
	ProtoPayload *struct {
		ServiceName        text `json:"serviceName"`
		MethodName         text `json:"methodName"`
		ResourceName       text `json:"resourceName"`
		AuthenticationInfo struct {
			PrincipalEmail   text `json:"principalEmail"`
			PrincipalSubject text `json:"principalSubject"`
		} `json:"authenticationInfo"`
		RequestMetadata struct {
			CallerIP        text `json:"callerIp"`
			CallerUserAgent text `json:"callerSuppliedUserAgent"`
		} `json:"requestMetadata"`
		Status struct {
			Code text `json:"code"`
		} `json:"status"`
		Request struct {
			Model    text `json:"model"`
			Endpoint text `json:"endpoint"`
		} `json:"request"`
	} `json:"protoPayload"`
}

// decodeVertex maps one Cloud Audit Logs entry of Vertex AI
// (aiplatform.googleapis.com); other services' entries are skipped.
func decodeVertex(raw []byte) (model.AccessEvent, bool, error) {
	var le vertexEntry
	if err := unmarshalRecord(raw, &le); err != nil {
		return model.AccessEvent{}, false, err
	}
	pp := le.ProtoPayload
	if pp == nil {
		return model.AccessEvent{}, false, problemf("no protoPayload: not a Cloud Audit Logs entry")
	}
	if pp.ServiceName != "aiplatform.googleapis.com" {
		return model.AccessEvent{}, false, nil
	}
	t, err := parseTime(le.Timestamp.s())
	if err != nil {
		return model.AccessEvent{}, false, problemf("timestamp: %v", err)
	}
	return model.AccessEvent{
		Time: t, Actor: first(pp.AuthenticationInfo.PrincipalEmail, pp.AuthenticationInfo.PrincipalSubject),
		Action: pp.MethodName.s(), Service: model.ServiceVertexAI,
		Model:    first(text(vertexModel(pp.ResourceName.s())), text(vertexModel(pp.Request.Model.s())), text(vertexModel(pp.Request.Endpoint.s()))),
		Resource: first(pp.ResourceName, pp.Request.Endpoint),
		Source:   first(pp.RequestMetadata.CallerIP, pp.RequestMetadata.CallerUserAgent),
		Outcome:  grpcOutcome(pp.Status.Code.s()), EventID: le.InsertID.s(),
		Detail: details("status", nonZero(pp.Status.Code.s())),
	}, true, nil
}

// vertexModel extracts the model id from a resource name such as
// "projects/p/locations/us-central1/publishers/google/models/gemini-1.5-pro:generateContent".
func vertexModel(name string) string {
	i := strings.LastIndex(name, "models/")
	if i < 0 {
		return ""
	}
	m := name[i+len("models/"):]
	if j := strings.IndexAny(m, "/:"); j >= 0 {
		m = m[:j]
	}
	return m
}

// grpcOutcome classifies a google.rpc.Status code: 0 (or none) is OK,
// PERMISSION_DENIED (7) and UNAUTHENTICATED (16) are denials.
func grpcOutcome(code string) string {
	switch code {
	case "", "0":
		return model.OutcomeSuccess
	case "7", "16":
		return model.OutcomeDenied
	}
	return model.OutcomeFailure
}

// nonZero hides a zero status code.
func nonZero(code string) string {
	if code == "0" {
		return ""
	}
	return code
}
