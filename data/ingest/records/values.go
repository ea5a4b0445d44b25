package records

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"auditwalk/model"
)

// timeLayouts are the timestamp spellings accepted, tried in order; a
// time without a zone is taken as UTC.
func timeLayouts() []string {
	return []string{
		time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 Z07:00",
		"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04",
		"2006-01-02 15:04:05 MST", time.RFC1123Z, time.RFC1123, "02/01/2006 15:04:05", "02/01/2006 15:04",
		"2006/01/02 15:04:05",
	}
}

// parseTime accepts RFC 3339 and its common variants, Unix time in seconds
// or milliseconds (integer or fractional), and the date spellings of
// model.ParseDate (as midnight UTC). The result is in UTC.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("missing time")
	}
	if t, ok := parseUnix(s); ok {
		return t, nil
	}
	for _, layout := range timeLayouts() {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	if d, err := model.ParseDate(s); err == nil {
		if t, ok := d.Time(); ok {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised time %q (use RFC 3339, e.g. 2025-01-31T14:05:00Z)", s)
}

// parseUnix reads Unix seconds (10 digits), milliseconds (13),
// microseconds (16) or nanoseconds (19), with an optional fraction.
func parseUnix(s string) (time.Time, bool) {
	whole, frac, _ := strings.Cut(s, ".")
	if len(whole) < 9 || len(whole) > 19 {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, false
	}
	var t time.Time
	switch {
	case len(whole) <= 10:
		t = time.Unix(n, 0)
		if frac != "" {
			f, err := strconv.ParseFloat("0."+frac, 64)
			if err != nil {
				return time.Time{}, false
			}
			t = t.Add(time.Duration(f * float64(time.Second)))
		}
	case frac != "":
		return time.Time{}, false
	case len(whole) <= 13:
		t = time.UnixMilli(n)
	case len(whole) <= 16:
		t = time.UnixMicro(n)
	default:
		t = time.Unix(0, n)
	}
	return t.UTC(), true
}

// parseOutcome normalises success/failure/denied wording and HTTP status
// codes; other words are kept, lowercased.
func parseOutcome(s string) string {
	k := foldKey(s)
	switch k {
	case "":
		return ""
	case "success", "succeeded", "successful", "ok", "true", "allowed", "allow", "permitted", "pass", "passed", "completed":
		return model.OutcomeSuccess
	case "failure", "failed", "fail", "error", "false", "errored", "exception":
		return model.OutcomeFailure
	case "denied", "deny", "forbidden", "unauthorized", "unauthorised", "accessdenied", "blocked", "rejected":
		return model.OutcomeDenied
	}
	if code, err := strconv.Atoi(k); err == nil && code >= 100 && code < 600 {
		return httpOutcome(code)
	}
	return strings.ToLower(strings.TrimSpace(s))
}

// httpOutcome classifies an HTTP status code.
func httpOutcome(code int) string {
	switch {
	case code == 401 || code == 403:
		return model.OutcomeDenied
	case code >= 400:
		return model.OutcomeFailure
	}
	return model.OutcomeSuccess
}

// parseTested reads a yes/no cell; blank, "unknown" and "n/a" are unknown.
func parseTested(s string) (model.TriState, error) {
	switch foldKey(s) {
	case "y", "yes", "true", "1", "x", "tested", "passed", "pass", "done", "✓", "✔":
		return model.TriYes, nil
	case "n", "no", "false", "0", "untested", "nottested", "failed", "none", "skipped":
		return model.TriNo, nil
	case "", "unknown", "na", "n/a", "?", "tbd", "notknown":
		return model.TriUnknown, nil
	}
	return "", fmt.Errorf("tested %q is not yes or no", s)
}
