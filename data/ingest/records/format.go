package records

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// Format is the layout of an imported file.
type Format string

// Formats. FormatAuto asks the reader to detect the format from the file.
const (
	FormatAuto              Format = ""
	FormatCSV               Format = "csv"  // delimited text with a header row
	FormatJSON              Format = "json" // JSON array, JSON lines, or an object holding an array
	FormatCloudTrail        Format = "cloudtrail"
	FormatBedrockInvocation Format = "bedrock-invocation"
	FormatOpenAIAudit       Format = "openai-audit"
	FormatAzureOpenAI       Format = "azure-openai"
	FormatVertexAudit       Format = "gcp-vertex"
)

// Formats lists the formats in the order they are documented.
func Formats() []Format {
	return []Format{FormatCSV, FormatJSON, FormatCloudTrail, FormatBedrockInvocation, FormatOpenAIAudit,
		FormatAzureOpenAI, FormatVertexAudit}
}

// Describe is a one-line description of the format for help text.
func (f Format) Describe() string {
	switch f {
	case FormatCSV:
		return "CSV/TSV with a header row (columns found by name, or --map field=column)"
	case FormatJSON:
		return "JSON array, JSON lines, or {\"records\":[...]} (keys found by name, or --map field=key)"
	case FormatCloudTrail:
		return "AWS CloudTrail events for Amazon Bedrock and SageMaker ({\"Records\":[...]}, JSON lines, EventBridge)"
	case FormatBedrockInvocation:
		return "Amazon Bedrock model invocation logs (JSON lines, schemaType ModelInvocationLog)"
	case FormatOpenAIAudit:
		return "OpenAI organization audit log objects (/v1/organization/audit_logs list or JSON lines)"
	case FormatAzureOpenAI:
		return "Azure OpenAI resource logs (Azure Monitor schema; {\"records\":[...]} or JSON lines)"
	case FormatVertexAudit:
		return "Google Cloud audit log entries for Vertex AI (JSON array or JSON lines)"
	}
	return "detect from the file"
}

// accessOnly reports whether the format only carries access events.
func (f Format) accessOnly() bool { return f != FormatCSV && f != FormatJSON && f != FormatAuto }

// ParseFormat accepts a format name or a common alias.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return FormatAuto, nil
	case "csv", "tsv":
		return FormatCSV, nil
	case "json", "jsonl", "ndjson":
		return FormatJSON, nil
	case "cloudtrail", "aws-cloudtrail", "aws":
		return FormatCloudTrail, nil
	case "bedrock-invocation", "bedrock", "bedrock-invocation-log":
		return FormatBedrockInvocation, nil
	case "openai-audit", "openai":
		return FormatOpenAIAudit, nil
	case "azure-openai", "azure":
		return FormatAzureOpenAI, nil
	case "gcp-vertex", "vertex-ai", "vertex", "gcp-audit", "gcp":
		return FormatVertexAudit, nil
	}
	names := make([]string, 0, len(Formats()))
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return "", fmt.Errorf("unknown format %q (one of %s)", s, strings.Join(names, ", "))
}

// DetectFormat guesses a file's format from its name and first bytes (a few
// KiB is plenty; 64 KiB is what the readers pass). JSON is told apart by the
// keys of its first record; anything else that is text is CSV. Empty,
// binary, compressed and UTF-16 input are errors saying so.
func DetectFormat(name string, head []byte) (Format, error) {
	head = bytes.TrimPrefix(head, utf8BOM)
	if err := checkText(head); err != nil {
		return "", err
	}
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) == 0 {
		return "", errors.New("empty file")
	}
	ext := strings.ToLower(filepath.Ext(name))
	if trimmed[0] == '{' || trimmed[0] == '[' {
		return classifyJSON(analyseJSON(trimmed)), nil
	}
	switch ext {
	case ".json", ".jsonl", ".ndjson":
		return "", fmt.Errorf("%s file does not start with '{' or '['", ext)
	}
	return FormatCSV, nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// checkText rejects input that is plainly not a text log, with a reason a
// user can act on.
func checkText(head []byte) error {
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return errors.New("gzip-compressed data; decompress it first")
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return errors.New("zip archive (an .xlsx workbook?); export the sheet as CSV")
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return errors.New("UTF-16 text; save the file as UTF-8")
	}
	controls := 0
	for _, c := range head {
		switch {
		case c == 0:
			return errors.New("binary data (NUL bytes), not a text log")
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f':
			controls++
		}
	}
	if controls*10 > len(head) {
		return errors.New("binary data, not a text log")
	}
	return nil
}

// classifyJSON names the format whose distinctive keys the first record has.
func classifyJSON(h jsonHead) Format {
	has := func(keys ...string) bool {
		for _, k := range keys {
			if _, ok := h.fields[strings.ToLower(k)]; !ok {
				return false
			}
		}
		return true
	}
	switch {
	case has("eventSource", "eventName") || has("detail.eventSource", "detail.eventName"):
		return FormatCloudTrail
	case h.fields["schematype"] == "ModelInvocationLog" || has("modelId", "input", "output", "identity"):
		return FormatBedrockInvocation
	case has("type", "actor", "effective_at"):
		return FormatOpenAIAudit
	case has("protoPayload"):
		return FormatVertexAudit
	case has("category", "operationName", "resourceId"):
		return FormatAzureOpenAI
	}
	if len(h.fields) == 0 { // an empty container: its name is the only clue
		switch h.container {
		case "Records":
			return FormatCloudTrail
		case "entries":
			return FormatVertexAudit
		}
	}
	return FormatJSON
}
