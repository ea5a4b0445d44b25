package data

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"auditwalk/model"
)

// clock returns a Now func that starts at a fixed instant and advances one
// second per call, so every change gets a distinct, predictable time.
func clock() func() time.Time {
	t := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	return func() time.Time {
		t = t.Add(time.Second)
		return t
	}
}

func testOptions() Options { return Options{Actor: "alice", Now: clock()} }

// openTest opens (creating) an engagement file and closes it at cleanup.
func openTest(t testing.TB, path string, opts Options) *Store {
	t.Helper()
	s, err := Open(context.Background(), path, opts)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newTestStore(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "engagement.db")
	return openTest(t, path, testOptions()), path
}

func fileSHA(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func sampleVendor() model.Vendor {
	return model.Vendor{
		Name: "OpenAI", Service: "API", Report: model.ReportType2, PeriodEnd: "2025-12-31", Opinion: "unqualified",
		Covers: model.TriYes, CoversNote: "API platform in scope", CarveOuts: []string{"Azure"},
		BridgeLetter: "2026-02-01", CUECs: []string{"MFA on admin accounts", "rotate keys"}, DPASigned: model.TriYes,
		Training: model.TrainingOptedOut, Retention: "30 days", Subprocessors: []string{"Microsoft"},
		Scores: map[model.ScoreDimension]model.Score{model.ScoreAuditLogs: {Value: 4, Note: "exports"}, model.ScoreDataAccess: {Value: 2}},
		Notes:  "reviewed <b>&</b> \x1b[31m",
	}
}

func sampleSystem(name string) model.System {
	out := false
	return model.System{
		Name: name, Purpose: "support replies", BusinessOwner: "Ops", TechnicalOwner: "Platform",
		Models: []string{"gpt-4o"}, Identities: []string{"svc-chat@prod"}, Deployment: model.DeployThirdPartyAPI,
		DataCategories: []model.DataCategory{model.DataCustomer, model.DataPersonal}, AffectsService: true,
		Oversight: model.OversightSampled, Logging: model.LoggingFull, LogRetention: "1y",
		AccessControl: []string{model.AccessSSOMFA}, Approval: model.ApprovalApproved, LastReviewed: "2026-01-15",
		ScopeOverride: &out, ScopeJustification: "pilot only", Notes: "n",
	}
}

func sampleAnswer(q, subject, value string) model.Answer {
	return model.Answer{QuestionID: q, Subject: subject, Value: value, Source: model.SourceInterview}
}

// activityCount counts trail records.
func activityCount(t testing.TB, s *Store) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow("SELECT count(*) FROM activity").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
