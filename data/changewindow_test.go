package data

import (
	"context"
	"strings"
	"testing"

	"auditwalk/model"
)

func TestChangeWindowRoundTripsAndVerifies(t *testing.T) {
	ctx := context.Background()
	s, path := newTestStore(t)
	w, err := model.ParseChangeWindow("mon-fri 09:00-17:00 Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	e := model.Engagement{Client: "Acme", Readiness: model.Type1, ChangeWindow: w}
	if _, err := s.SaveEngagement(ctx, e); err != nil {
		t.Fatal(err)
	}
	snap, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := snap.Engagement.ChangeWindow.String(); got != w.String() {
		t.Fatalf("loaded change window %q, want %q", got, w.String())
	}
	// Clearing it is a recorded change too.
	e.ChangeWindow = model.ChangeWindow{}
	if _, err := s.SaveEngagement(ctx, e); err != nil {
		t.Fatal(err)
	}
	if snap, _ = s.Load(ctx); !snap.Engagement.ChangeWindow.IsZero() {
		t.Fatalf("cleared window loads as %q", snap.Engagement.ChangeWindow)
	}
	e.ChangeWindow = w
	if _, err := s.SaveEngagement(ctx, e); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if rep := verifyReadOnly(t, path); !rep.OK() {
		t.Fatalf("verify: %v", rep.Problems())
	}
	tamper(t, path, `UPDATE engagement SET change_window = 'daily 00:00-24:00 UTC'`)
	rep := verifyReadOnly(t, path)
	if joined := strings.Join(rep.Problems(), "\n"); rep.OK() || !strings.Contains(joined, "engagement 1: row differs") {
		t.Fatalf("edited change window not detected: %s", joined)
	}
}

func TestSaveEngagementRefusesAnInvalidChangeWindow(t *testing.T) {
	s, _ := newTestStore(t)
	e := model.Engagement{Client: "Acme", Readiness: model.Type1,
		ChangeWindow: model.ChangeWindow{Days: nil, Start: "09:00", End: "17:00"}}
	if _, err := s.SaveEngagement(context.Background(), e); err == nil || !strings.Contains(err.Error(), "change window") {
		t.Fatalf("SaveEngagement = %v, want a change window error", err)
	}
}

// A file written before migration 0005 has engagement trail records with no
// change_window; after the upgrade its row must still match them.
func TestFileFromBeforeChangeWindowStillVerifiesAfterUpgrade(t *testing.T) {
	path := trailFile(t)
	tamper(t, path, `ALTER TABLE engagement DROP COLUMN change_window`, `PRAGMA user_version = 4`)
	s := openTest(t, path, testOptions())
	rep, err := s.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("upgraded file fails verify: %v", rep.Problems())
	}
	snap, err := s.Load(context.Background())
	if err != nil || !snap.Engagement.ChangeWindow.IsZero() {
		t.Fatalf("upgraded file loads window %q, %v", snap.Engagement.ChangeWindow, err)
	}
}
