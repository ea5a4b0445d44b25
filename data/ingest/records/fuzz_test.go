package records

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"auditwalk/model"
)

// fuzzFormat picks a format from a selector byte: 0 is detection, then
// each format in turn.
func fuzzFormat(sel byte) Format {
	all := append([]Format{FormatAuto}, Formats()...)
	return all[int(sel)%len(all)]
}

// checkReadError asserts the error contract: nil, or an error whose text
// starts with the file name and unwraps to row errors on one line.
func checkReadError(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var re *RowError
	if !errors.As(err, &re) {
		t.Fatalf("error %T %v is not a RowError", err, err)
	}
	if !strings.HasPrefix(err.Error(), "fuzz:") {
		t.Fatalf("error %q does not name the file", err)
	}
}

// FuzzReadAccessLog feeds arbitrary bytes to every access-log format
// (chosen by sel): no panic, every event valid and fingerprinted, errors
// of the documented shape.
func FuzzReadAccessLog(f *testing.F) {
	f.Add([]byte(`{"Records":[{"eventSource":"bedrock.amazonaws.com","eventName":"X","eventTime":"2025-01-01T00:00:00Z"}]}`), byte(0))
	f.Add([]byte("time,actor\n2025-01-01,a\n"), byte(1))
	f.Fuzz(func(t *testing.T, data []byte, sel byte) {
		format := fuzzFormat(sel)
		n := 0
		sum, err := ReadAccessLog("fuzz", bytes.NewReader(data), Options{Format: format, MaxErrors: 3}, func(e model.AccessEvent) error {
			n++
			if verr := e.Validate(); verr != nil {
				t.Fatalf("emitted invalid event %+v: %v", e, verr)
			}
			if e.Fingerprint != e.ComputeFingerprint() || e.Line < 1 {
				t.Fatalf("event without fingerprint or line: %+v", e)
			}
			return nil
		})
		checkReadError(t, err)
		if sum.Records != n {
			t.Fatalf("summary says %d records, emitted %d", sum.Records, n)
		}
	})
}

// FuzzReadChanges feeds arbitrary bytes to the change-record reader as
// CSV, JSON or detected (sel).
func FuzzReadChanges(f *testing.F) {
	f.Add([]byte("time,system,change_type\n2025-01-01,bot,prompt\n"), byte(0))
	f.Fuzz(func(t *testing.T, data []byte, sel byte) {
		format := []Format{FormatAuto, FormatCSV, FormatJSON}[int(sel)%3]
		_, err := ReadChanges("fuzz", bytes.NewReader(data), Options{Format: format, MaxErrors: 3}, func(c model.ChangeRecord) error {
			if verr := c.Validate(); verr != nil {
				t.Fatalf("emitted invalid change %+v: %v", c, verr)
			}
			return nil
		})
		checkReadError(t, err)
	})
}

// FuzzReadReviews feeds arbitrary bytes to the review-record reader as
// CSV, JSON or detected (sel).
func FuzzReadReviews(f *testing.F) {
	f.Add([]byte("sample_id,system,date,verdict\nS-1,bot,2025-01-01,pass\n"), byte(0))
	f.Fuzz(func(t *testing.T, data []byte, sel byte) {
		format := []Format{FormatAuto, FormatCSV, FormatJSON}[int(sel)%3]
		_, err := ReadReviews("fuzz", bytes.NewReader(data), Options{Format: format, MaxErrors: 3}, func(r model.ReviewRecord) error {
			if verr := r.Validate(); verr != nil {
				t.Fatalf("emitted invalid review %+v: %v", r, verr)
			}
			return nil
		})
		checkReadError(t, err)
	})
}
