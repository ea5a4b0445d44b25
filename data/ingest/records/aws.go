package records

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"auditwalk/model"
)

// text is a JSON scalar read as a string whatever its JSON type (logs are
// not consistent: Azure's resultSignature is "200" in one export and 200
// in another). null is empty; objects and arrays keep their JSON text.
type text string

// UnmarshalJSON implements json.Unmarshaler.
func (t *text) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) >= 2 && b[0] == '"':
		if bytes.IndexByte(b, '\\') < 0 && utf8.Valid(b) {
			*t = text(strings.TrimSpace(string(b[1 : len(b)-1])))
			return nil
		}
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = text(strings.TrimSpace(s))
	case string(b) == "null":
		*t = ""
	default:
		*t = text(b)
	}
	return nil
}

func (t text) s() string { return string(t) }

// vendorDecoder returns the decoder of a named access-log format. ok is
// false for a well-formed record that is not AI activity (skipped).
func vendorDecoder(f Format) func(raw []byte) (e model.AccessEvent, ok bool, err error) {
	switch f {
	case FormatCloudTrail:
		return decodeCloudTrail
	case FormatBedrockInvocation:
		return decodeBedrockInvocation
	case FormatOpenAIAudit:
		return decodeOpenAIAudit
	case FormatAzureOpenAI:
		return decodeAzure
	}
	return decodeVertex
}

// unmarshalRecord decodes a record into v with a row-level reason on
// failure.
func unmarshalRecord(raw []byte, v any) error {
	if len(raw) == 0 || raw[0] != '{' {
		return problemf("expected a JSON object")
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return problemf("invalid JSON record: %s", jsonReason(err))
	}
	return nil
}

// cloudTrailEvent holds the CloudTrail record fields we use (see the
// CloudTrail record contents reference).
type cloudTrailEvent struct {
	EventTime    text `json:"eventTime"`
	EventSource  text `json:"eventSource"`
	EventName    text `json:"eventName"`
	EventID      text `json:"eventID"`
	AWSRegion    text `json:"awsRegion"`
	SourceIP     text `json:"sourceIPAddress"`
	UserAgent    text `json:"userAgent"`
	ErrorCode    text `json:"errorCode"`
	UserIdentity struct {
		Type           text `json:"type"`
		PrincipalID    text `json:"principalId"`
		ARN            text `json:"arn"`
		UserName       text `json:"userName"`
		InvokedBy      text `json:"invokedBy"`
		SessionContext struct {
			SessionIssuer struct {
				ARN text `json:"arn"`
			} `json:"sessionIssuer"`
		} `json:"sessionContext"`
	} `json:"userIdentity"`
	RequestParameters struct {
		ModelID             text `json:"modelId"`
		ModelIdentifier     text `json:"modelIdentifier"`
		BaseModelIdentifier text `json:"baseModelIdentifier"`
		EndpointName        text `json:"endpointName"`
		ModelName           text `json:"modelName"`
		JobName             text `json:"jobName"`
		AgentID             text `json:"agentId"`
		KnowledgeBaseID     text `json:"knowledgeBaseId"`
		GuardrailIdentifier text `json:"guardrailIdentifier"`
	} `json:"requestParameters"`
	Resources []struct {
		ARN text `json:"ARN"`
	} `json:"resources"`
}

// cloudTrailEnvelope also accepts the EventBridge form, where the
// CloudTrail record is the "detail" of an "AWS API Call via CloudTrail".
type cloudTrailEnvelope struct {
	cloudTrailEvent
	Detail *cloudTrailEvent `json:"detail"`
}

// decodeCloudTrail maps a CloudTrail event of Bedrock or SageMaker; other
// services' events are skipped.
func decodeCloudTrail(raw []byte) (model.AccessEvent, bool, error) {
	var env cloudTrailEnvelope
	if err := unmarshalRecord(raw, &env); err != nil {
		return model.AccessEvent{}, false, err
	}
	ev := &env.cloudTrailEvent
	if env.Detail != nil && env.Detail.EventSource != "" {
		ev = env.Detail
	}
	service := awsService(ev.EventSource.s())
	if service == "" {
		if ev.EventSource == "" {
			return model.AccessEvent{}, false, problemf("no eventSource: not a CloudTrail event")
		}
		return model.AccessEvent{}, false, nil
	}
	t, err := parseTime(ev.EventTime.s())
	if err != nil {
		return model.AccessEvent{}, false, problemf("eventTime: %v", err)
	}
	rp := ev.RequestParameters
	e := model.AccessEvent{
		Time: t, Actor: cloudTrailActor(ev), Action: ev.EventName.s(), Service: service,
		Model:    bedrockModel(first(rp.ModelID, rp.ModelIdentifier, rp.BaseModelIdentifier, text(modelOfSageMaker(service, rp.ModelName)))),
		Resource: first(rp.EndpointName, text(resourceOfSageMaker(service, rp.ModelName)), rp.JobName, rp.AgentID, rp.KnowledgeBaseID, rp.GuardrailIdentifier),
		Source:   first(ev.SourceIP, ev.UserAgent),
		Outcome:  awsOutcome(ev.ErrorCode.s()),
		EventID:  ev.EventID.s(),
		Detail:   details("region", ev.AWSRegion.s(), "errorCode", ev.ErrorCode.s()),
	}
	if e.Resource == "" && len(ev.Resources) > 0 {
		e.Resource = ev.Resources[0].ARN.s()
	}
	return e, true, nil
}

// awsService names the AI service of a CloudTrail eventSource
// (bedrock.amazonaws.com, bedrock-agent..., sagemaker.amazonaws.com,
// api.sagemaker...), or "" for other services.
func awsService(source string) string {
	host := strings.TrimPrefix(strings.ToLower(source), "api.")
	switch {
	case strings.HasPrefix(host, "bedrock"):
		return model.ServiceBedrock
	case strings.HasPrefix(host, "sagemaker"), strings.HasPrefix(host, "runtime.sagemaker"):
		return model.ServiceSageMaker
	}
	return ""
}

// On SageMaker, requestParameters.modelName names the model; on Bedrock
// (custom model jobs) it names the resource being created.
func modelOfSageMaker(service string, name text) string {
	if service == model.ServiceSageMaker {
		return name.s()
	}
	return ""
}

func resourceOfSageMaker(service string, name text) string {
	if service == model.ServiceBedrock {
		return name.s()
	}
	return ""
}

// cloudTrailActor prefers the caller's ARN (a role ARN for assumed roles,
// which ties calls to the inventory's cloud identities), then the user
// name, the principal id, and the invoking AWS service.
func cloudTrailActor(ev *cloudTrailEvent) string {
	id := ev.UserIdentity
	return first(id.ARN, id.SessionContext.SessionIssuer.ARN, id.UserName, id.PrincipalID, id.InvokedBy)
}

// awsOutcome classifies a CloudTrail errorCode.
func awsOutcome(code string) string {
	switch {
	case code == "":
		return model.OutcomeSuccess
	case strings.Contains(code, "AccessDenied"), strings.Contains(code, "Unauthorized"),
		code == "UnrecognizedClientException", code == "InvalidClientTokenId", code == "ExpiredTokenException":
		return model.OutcomeDenied
	}
	return model.OutcomeFailure
}

// bedrockModel strips the foundation-model ARN prefix so that
// "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2" and
// "anthropic.claude-v2" name the same model. Other ARNs (custom models,
// inference profiles) are kept whole.
func bedrockModel(id string) string {
	if _, after, ok := strings.Cut(id, ":foundation-model/"); ok {
		return after
	}
	return id
}

// bedrockInvocation holds the model invocation log fields we use (see
// "Monitor model invocation using CloudWatch Logs and Amazon S3").
type bedrockInvocation struct {
	SchemaType text `json:"schemaType"`
	Timestamp  text `json:"timestamp"`
	AccountID  text `json:"accountId"`
	Region     text `json:"region"`
	RequestID  text `json:"requestId"`
	Operation  text `json:"operation"`
	ModelID    text `json:"modelId"`
	ErrorCode  text `json:"errorCode"`
	Identity   struct {
		ARN text `json:"arn"`
	} `json:"identity"`
	Input struct {
		Tokens text `json:"inputTokenCount"`
	} `json:"input"`
	Output struct {
		Tokens text `json:"outputTokenCount"`
	} `json:"output"`
}

// decodeBedrockInvocation maps one Bedrock model invocation log record.
// The prompt and completion bodies are not kept: evidence of access needs
// who, when and which model, not the content.
func decodeBedrockInvocation(raw []byte) (model.AccessEvent, bool, error) {
	var inv bedrockInvocation
	if err := unmarshalRecord(raw, &inv); err != nil {
		return model.AccessEvent{}, false, err
	}
	if inv.SchemaType != "" && inv.SchemaType != "ModelInvocationLog" {
		return model.AccessEvent{}, false, nil
	}
	t, err := parseTime(inv.Timestamp.s())
	if err != nil {
		return model.AccessEvent{}, false, problemf("timestamp: %v", err)
	}
	outcome := model.OutcomeSuccess
	if inv.ErrorCode != "" {
		outcome = awsOutcome(inv.ErrorCode.s())
	}
	return model.AccessEvent{
		Time: t, Actor: inv.Identity.ARN.s(), Action: inv.Operation.s(), Service: model.ServiceBedrock,
		Model: bedrockModel(inv.ModelID.s()), Resource: inv.AccountID.s(), Outcome: outcome, EventID: inv.RequestID.s(),
		Detail: details("region", inv.Region.s(), "inputTokens", inv.Input.Tokens.s(), "outputTokens", inv.Output.Tokens.s(),
			"errorCode", inv.ErrorCode.s()),
	}, true, nil
}

// first returns the first non-empty value.
func first(vs ...text) string {
	for _, v := range vs {
		if v != "" {
			return v.s()
		}
	}
	return ""
}

// details renders non-empty key/value pairs as "k=v k=v".
func details(kv ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(kv[i] + "=" + kv[i+1])
	}
	return b.String()
}
