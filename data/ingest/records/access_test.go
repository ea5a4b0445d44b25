package records

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"auditwalk/model"
)

// eventLine renders the normalised fields of an event for comparison.
func eventLine(e model.AccessEvent) string {
	return strings.Join([]string{strconv.Itoa(e.Line), e.Time.Format(time.RFC3339), e.Actor, e.Action, e.Service,
		e.Model, e.Resource, e.Source, e.Outcome, e.EventID}, "|")
}

// readAccessFile reads a fixture with error collection on.
func readAccessFile(t *testing.T, name string, opt Options) ([]model.AccessEvent, Summary, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if opt.MaxErrors == 0 {
		opt.MaxErrors = 10
	}
	var got []model.AccessEvent
	sum, err := ReadAccessLog(name, f, opt, func(e model.AccessEvent) error {
		got = append(got, e)
		return nil
	})
	return got, sum, err
}

const (
	azureAcct  = "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000001/RESOURCEGROUPS/AI-PROD/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/CONTOSO-OAI"
	sandboxOAI = "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000001/RESOURCEGROUPS/AI-DEV/PROVIDERS/MICROSOFT.COGNITIVESERVICES/ACCOUNTS/SANDBOX-OAI"
)

// fixtureCase is what a fixture must read as.
type fixtureCase struct {
	file    string
	format  Format
	want    []string
	skipped int
	err     string
}

// fixtureCases lists the access-log fixtures and their normalised events.
func fixtureCases() []fixtureCase {
	return []fixtureCase{
		{"cloudtrail.json", FormatCloudTrail, []string{
			"2|2025-03-03T09:15:02Z|arn:aws:sts::111122223333:assumed-role/support-bot-role/support-bot|InvokeModel|bedrock|anthropic.claude-3-haiku-20240307-v1:0||10.0.4.21|success|5e1a0c8e-0000-4000-8000-0000000000a1",
			"28|2025-03-03T11:40:00Z|arn:aws:iam::111122223333:user/mallory|InvokeModel|bedrock|meta.llama3-70b-instruct-v1:0||203.0.113.7|denied|5e1a0c8e-0000-4000-8000-0000000000a2",
			"54|2025-03-03T13:05:44Z|arn:aws:sts::111122223333:assumed-role/underwriting-app/i-0abc|InvokeEndpoint|sagemaker||credit-risk-v7|10.1.0.9|success|5e1a0c8e-0000-4000-8000-0000000000a4",
			"65|2025-03-04T08:00:00Z|arn:aws:iam::111122223333:user/bob|DeleteModelInvocationLoggingConfiguration|bedrock|||198.51.100.20|success|5e1a0c8e-0000-4000-8000-0000000000a5",
		}, 1, ""},
		{"cloudtrail.jsonl", FormatCloudTrail, []string{
			"1|2025-03-05T10:00:00Z|arn:aws:iam::111122223333:user/alice|Converse|bedrock|amazon.nova-lite-v1:0||10.0.4.30|success|6f000000-0000-4000-8000-000000000001",
			"2|2025-03-05T10:05:00Z|arn:aws:sts::111122223333:assumed-role/ml-admin/carol|CreateModelCustomizationJob|bedrock|amazon.titan-text-express-v1|tune-support-v2|10.0.4.31|success|6f000000-0000-4000-8000-000000000002",
			"4|2025-03-05T11:00:00Z|sagemaker.amazonaws.com|CreateModel|sagemaker|churn-xgb-12||sagemaker.amazonaws.com|success|6f000000-0000-4000-8000-000000000003",
		}, 0, ""},
		{"bedrock-invocation.jsonl", FormatBedrockInvocation, []string{
			"1|2025-03-06T14:02:11Z|arn:aws:sts::111122223333:assumed-role/support-bot-role/support-bot|Converse|bedrock|anthropic.claude-3-haiku-20240307-v1:0|111122223333||success|a1b2c3d4-0000-4000-8000-000000000001",
			"2|2025-03-06T14:05:40Z|arn:aws:iam::111122223333:user/dave|InvokeModel|bedrock|amazon.titan-text-express-v1|111122223333||success|a1b2c3d4-0000-4000-8000-000000000002",
		}, 0, ""},
		{"openai-audit.json", FormatOpenAIAudit, []string{
			"4|2025-03-01T10:00:00Z|erin@example.com|api_key.created|openai||Support Assistant|198.51.100.44|success|audit_log-aaa_20250301",
			"19|2025-03-01T11:00:00Z|frank@example.com|login.failed|openai|||203.0.113.99|failure|audit_log-bbb_20250301",
			"29|2025-03-02T08:00:00Z|erin@example.com|project.updated|openai||proj_marketing||success|audit_log-ccc_20250302",
		}, 0, ""},
		{"openai-audit.jsonl", FormatOpenAIAudit, []string{
			"1|2025-03-03T08:00:00Z|erin@example.com|service_account.created|openai||Support Assistant|198.51.100.44|success|audit_log-ddd_20250303",
			"2|2025-03-03T09:00:00Z|gina@example.com|login.succeeded|openai|||192.0.2.10|success|audit_log-eee_20250303",
		}, 0, ""},
		{"azure-openai.json", FormatAzureOpenAI, []string{
			"2|2025-03-07T08:30:12Z||ChatCompletions_Create|azure-openai|gpt-4o|" + azureAcct + "|10.20.30.***|success|c0ffee00-0000-4000-8000-000000000001",
			"14|2025-03-07T08:31:00Z|henry@example.com|ChatCompletions_Create|azure-openai|gpt-4o|" + azureAcct + "|203.0.113.***|denied|c0ffee00-0000-4000-8000-000000000002",
			"26|2025-03-07T09:00:00Z|99999999-8888-7777-6666-555555555555|ListKey|azure-openai||" + azureAcct + "|||",
		}, 1, ""},
		{"azure-openai.jsonl", FormatAzureOpenAI, []string{
			"1|2025-03-08T07:00:00Z||Embeddings_Create|azure-openai|text-embedding-3-small|" + sandboxOAI + "|10.9.8.***|failure|d0d0d0d0-0000-4000-8000-000000000001",
		}, 0, ""},
		{"vertex-audit.json", FormatVertexAudit, []string{
			"2|2025-03-09T16:20:31Z|claims-bot@acme-ml.iam.gserviceaccount.com|google.cloud.aiplatform.v1.PredictionService.GenerateContent|vertex-ai|gemini-1.5-pro-002|projects/acme-ml/locations/us-central1/publishers/google/models/gemini-1.5-pro-002|10.128.0.5|success|1abcdefg1",
			"19|2025-03-09T16:25:00Z|intern@example.com|google.cloud.aiplatform.v1.PredictionService.Predict|vertex-ai||projects/acme-ml/locations/us-central1/endpoints/4455667788|192.0.2.200|denied|1abcdefg2",
		}, 1, ""},
		{"vertex-audit.jsonl", FormatVertexAudit, []string{
			"1|2025-03-10T09:00:00Z|ml-admin@example.com|google.cloud.aiplatform.v1.EndpointService.DeployModel|vertex-ai||projects/acme-ml/locations/europe-west4/endpoints/99887766|10.0.0.8|success|2x1",
		}, 0, ""},
		{"generic.csv", FormatCSV, []string{
			"2|2025-03-11T10:00:00Z|ivan@example.com|chat.completions|openai|gpt-4o-mini|sales-copilot|192.0.2.1|success|",
			"3|2025-03-11T10:05:00Z|ivan@example.com|messages.create|anthropic|claude-3-5-sonnet|sales\ncopilot (second line)|192.0.2.1|success|",
			"6|2025-03-11T10:05:00Z|judy@example.com|chat.completions|openai|gpt-4o|hr-bot|192.0.2.2|denied|",
		}, 0, `generic.csv:5: unrecognised time "not-a-time" (use RFC 3339, e.g. 2025-01-31T14:05:00Z)`},
		{"generic-semicolon.csv", FormatCSV, []string{
			"2|2025-03-11T00:00:00Z|kim@example.com|generate|vertex-ai|gemini-1.5-flash|notes; summariser|10.0.0.1|success|",
			"3|2025-03-11T11:00:00Z|kim@example.com|generate|vertex-ai|gemini-1.5-flash|notes; summariser|10.0.0.1|failure|",
		}, 0, ""},
		{"generic.jsonl", FormatJSON, []string{
			"1|2025-03-11T10:00:00Z|leo@example.com|completion|mistral|mistral-large|docs-helper|10.1.1.1|success|",
			"2|2025-03-11T10:01:00Z|leo@example.com|completion|mistral|mistral-large|docs-helper|10.1.1.1|failure|",
		}, 0, ""},
	}
}

func TestFixturesParseToNormalisedEvents(t *testing.T) {
	cases := fixtureCases()
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			got, sum, err := readAccessFile(t, tc.file, Options{})
			if gotErr := errString(err); gotErr != tc.err {
				t.Errorf("error = %q, want %q", gotErr, tc.err)
			}
			if sum.Format != tc.format || sum.Records != len(tc.want) || sum.Skipped != tc.skipped {
				t.Errorf("summary = %+v, want format %s, %d records, %d skipped", sum, tc.format, len(tc.want), tc.skipped)
			}
			for i := range max(len(got), len(tc.want)) {
				var g, w string
				if i < len(got) {
					g = eventLine(got[i])
				}
				if i < len(tc.want) {
					w = tc.want[i]
				}
				if g != w {
					t.Errorf("event %d:\n got  %s\n want %s", i, g, w)
				}
			}
			for _, e := range got {
				if e.SourceFile != tc.file || e.Fingerprint != e.ComputeFingerprint() {
					t.Errorf("event at line %d: file %q, fingerprint %q not set from its fields", e.Line, e.SourceFile, e.Fingerprint)
				}
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestDetailKeepsFormatSpecificFacts(t *testing.T) {
	got, _, _ := readAccessFile(t, "bedrock-invocation.jsonl", Options{})
	if len(got) == 0 || got[0].Detail != "region=us-east-1 inputTokens=12 outputTokens=5" {
		t.Fatalf("bedrock detail = %q", got[0].Detail)
	}
	ct, _, _ := readAccessFile(t, "cloudtrail.json", Options{})
	if ct[1].Detail != "region=us-east-1 errorCode=AccessDeniedException" {
		t.Errorf("cloudtrail detail = %q", ct[1].Detail)
	}
}

func TestReimportGivesSameFingerprints(t *testing.T) {
	a, _, _ := readAccessFile(t, "cloudtrail.json", Options{})
	b, _, _ := readAccessFile(t, "cloudtrail.json", Options{Format: FormatCloudTrail})
	if len(a) != len(b) || len(a) == 0 {
		t.Fatalf("reads differ: %d vs %d events", len(a), len(b))
	}
	seen := map[string]bool{}
	for i := range a {
		if a[i].Fingerprint != b[i].Fingerprint {
			t.Errorf("event %d: fingerprint changed between imports", i)
		}
		if seen[a[i].Fingerprint] {
			t.Errorf("event %d: distinct events share a fingerprint", i)
		}
		seen[a[i].Fingerprint] = true
	}
}

func TestBrokenFixturesReportLines(t *testing.T) {
	cases := []struct {
		file    string
		records int
		err     string
	}{
		{"cloudtrail-truncated.json", 1, "cloudtrail-truncated.json:13: truncated JSON: the file ends inside a value"},
		{"azure-openai-broken.json", 1, "azure-openai-broken.json:13: invalid JSON: invalid character '\"' after object key:value pair"},
		{"bedrock-invocation-broken.jsonl", 1, `bedrock-invocation-broken.jsonl:2: timestamp: unrecognised time "yesterday" (use RFC 3339, e.g. 2025-01-31T14:05:00Z); bedrock-invocation-broken.jsonl:3: invalid JSON record: unexpected end of JSON input (2 errors)`},
		{"openai-audit-broken.jsonl", 1, `openai-audit-broken.jsonl:2: effective_at "soon" is not Unix seconds; openai-audit-broken.jsonl:3: expected a JSON object (2 errors)`},
		{"vertex-audit-broken.jsonl", 1, `vertex-audit-broken.jsonl:2: no protoPayload: not a Cloud Audit Logs entry; vertex-audit-broken.jsonl:3: timestamp: unrecognised time "31 Febtember" (use RFC 3339, e.g. 2025-01-31T14:05:00Z) (2 errors)`},
		{"generic-broken.csv", 1, `generic-broken.csv:4: CSV: extraneous or missing " in quoted-field`},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			_, sum, err := readAccessFile(t, tc.file, Options{})
			if errString(err) != tc.err {
				t.Errorf("error:\n got  %v\n want %s", err, tc.err)
			}
			if sum.Records != tc.records {
				t.Errorf("records = %d, want %d", sum.Records, tc.records)
			}
			var re *RowError
			if !errors.As(err, &re) || re.File != tc.file || re.Line == 0 {
				t.Errorf("error %v does not unwrap to a RowError with file and line", err)
			}
		})
	}
}

func TestFirstRowErrorStopsByDefault(t *testing.T) {
	f, _ := os.Open("testdata/bedrock-invocation-broken.jsonl")
	defer f.Close()
	_, err := ReadAccessLog("b.jsonl", f, Options{}, func(model.AccessEvent) error { return nil })
	var re *RowError
	if !errors.As(err, &re) || re.Line != 2 {
		t.Fatalf("err = %v, want a single RowError at line 2", err)
	}
	var many RowErrors
	if errors.As(err, &many) {
		t.Errorf("collected %d errors with MaxErrors 0", len(many))
	}
}

func TestEmitErrorStopsAndIsReturnedUnchanged(t *testing.T) {
	stop := errors.New("disk full")
	for _, file := range []string{"cloudtrail.json", "cloudtrail.jsonl", "generic.csv"} {
		f, _ := os.Open(filepath.Join("testdata", file))
		calls := 0
		_, err := ReadAccessLog(file, f, Options{}, func(model.AccessEvent) error {
			calls++
			return stop
		})
		f.Close()
		if err != stop || calls != 1 {
			t.Errorf("%s: err = %v after %d calls, want the emit error after 1", file, err, calls)
		}
	}
}
