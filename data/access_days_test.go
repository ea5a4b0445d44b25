package data

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"auditwalk/data/ingest/records"
	"auditwalk/model"
)

// daysLog is a JSONL access log with two events on each given day, by the
// support bot's identity.
func daysLog(days ...string) *strings.Reader {
	var b strings.Builder
	for i, d := range days {
		for h := range 2 {
			fmt.Fprintf(&b, `{"time":"%sT%02d:00:00Z","actor":"svc-chat@prod","action":"chat.completions","service":"openai","model":"gpt-4o","resource":"proj-support","id":"evt-%d-%d"}`+"\n",
				d, 9+h, i, h)
		}
	}
	return strings.NewReader(b.String())
}

func TestAccessDaysAreDistinctDaysInThePeriod(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	if _, err := s.ImportAccessLog(ctx, "a.jsonl", daysLog("2025-01-02", "2025-01-03", "2025-02-20"), records.FormatJSON, nil, false); err != nil {
		t.Fatal(err)
	}
	all, err := s.AccessSummaries(ctx, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 {
		t.Fatalf("%d groups, want the one (service, actor, resource, model, action): %+v", len(all), all)
	}
	d := all[0]
	if d.Actor != "svc-chat@prod" || d.Resource != "proj-support" || d.Model != "gpt-4o" || d.Service != "openai" {
		t.Fatalf("group %+v", d)
	}
	if fmt.Sprint(d.Days) != "[2025-01-02 2025-01-03 2025-02-20]" {
		t.Fatalf("days %v: want one per active day, in order", d.Days)
	}
	jan, _ := s.AccessSummaries(ctx, "2025-01-03", "2025-01-31")
	if len(jan) != 1 || fmt.Sprint(jan[0].Days) != "[2025-01-03]" {
		t.Fatalf("period filter: %+v", jan)
	}
}

func TestRunDetectionRaisesLogGapFromImportedDays(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	sys := sampleSystem("Chat")
	sys.ScopeOverride, sys.ScopeJustification = nil, ""
	if _, err := s.SaveSystem(ctx, sys); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportAccessLog(ctx, "a.jsonl", daysLog("2025-01-02", "2025-01-03", "2025-02-20"), records.FormatJSON, nil, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RunDetection(ctx, nil, time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	list, _ := s.Exceptions(ctx)
	if n := rulesOf(list)[model.RuleLogGap]; n != 1 {
		t.Fatalf("want one log-gap finding (47 silent days), got %v", rulesOf(list))
	}
}

// BenchmarkAccessActivity measures the one pass detection makes over the
// access events (summaries and active days) on 200,000 events (one a
// minute, ~139 days, 15 actor/resource pairs).
func BenchmarkAccessActivity(b *testing.B) {
	ctx := context.Background()
	s, _ := newTestStore(b)
	if _, err := s.ImportAccessLog(ctx, "a.jsonl", genAccess(200_000, ""), records.FormatJSON, nil, false); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := loadAccessActivity(ctx, s.db, "", "", false); err != nil {
			b.Fatal(err)
		}
	}
}
