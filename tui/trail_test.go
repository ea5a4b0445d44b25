package tui

import (
	"testing"
	"time"
)

func trailOf(a *App) *trailScreen { return a.tabs[ScreenTrail].(*trailScreen) }

func TestTrailListsNewestFirstAndPagesOnScroll(t *testing.T) {
	fa := newFakeAudit()
	a := newAuditApp(t, fa, 100, 30)
	press(t, a, "7")
	s := trailOf(a)
	if len(s.records) != trailPage || s.records[0].Seq != 450 || !s.more {
		t.Fatalf("first page: %d records, first %d, more %v", len(s.records), s.records[0].Seq, s.more)
	}
	s.cur = trailPage - 2
	press(t, a, "j")
	last := fa.filters[len(fa.filters)-1]
	if last.BeforeSeq != 251 || len(s.records) != 2*trailPage {
		t.Fatalf("next page filter %+v, %d records", last, len(s.records))
	}
}

func TestTrailFilterByPersonEntityAndDates(t *testing.T) {
	fa := newFakeAudit()
	a := newAuditApp(t, fa, 100, 30)
	press(t, a, "7", "/")
	typeText(t, a, "sam")
	press(t, a, "tab")
	typeText(t, a, "narrative")
	press(t, a, "tab")
	typeText(t, a, "2026-03-02")
	press(t, a, "tab")
	typeText(t, a, "2026-03-03")
	press(t, a, "enter")
	f := fa.filters[len(fa.filters)-1]
	if f.Actor != "sam" || f.Entity != "narrative" || !f.Since.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) ||
		!f.Until.Equal(time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("filter %+v", f)
	}
	s := trailOf(a)
	for _, r := range s.records {
		if r.Actor != "sam" || r.Entity != "narrative" {
			t.Fatalf("record %+v passed the filter", r)
		}
	}
	requireContains(t, a, "Filter: person sam · entity narrative · from 2026-03-02 · to 2026-03-03")
	press(t, a, "c")
	if f := fa.filters[len(fa.filters)-1]; f.Actor != "" || f.Entity != "" {
		t.Fatalf("clear left %+v", f)
	}
}

func TestTrailFilterRejectsBadDate(t *testing.T) {
	a := newAuditApp(t, newFakeAudit(), 100, 30)
	press(t, a, "7", "/", "tab", "tab")
	typeText(t, a, "March")
	press(t, a, "enter")
	if s := trailOf(a); !s.editing || s.formErr == "" {
		t.Fatalf("bad date accepted: editing %v err %q", s.editing, s.formErr)
	}
	requireContains(t, a, "from: March is not a date (YYYY-MM-DD)")
}

func TestTrailVerifyShowsProblems(t *testing.T) {
	fa := newFakeAudit()
	fa.verify = VerifyResult{Records: 450, Problems: []string{"answer org/q1: row differs from its last recorded state (record 8): changed outside auditwalk"}}
	a := newAuditApp(t, fa, 120, 30)
	press(t, a, "7", "v")
	requireContains(t, a, "Verify FAILED: 1 problem(s) in 450 records", "answer org/q1: row differs")
}

func TestTrailDetailStripsEscapesFromJSON(t *testing.T) {
	a := newAuditApp(t, newFakeAudit(), 100, 30)
	press(t, a, "7", "enter")
	requireContains(t, a, "Trail record 450", `"value": "yes"`)
	if v := a.View().Content; containsRaw(v, "\x1b[31m") {
		t.Fatal("escape from the record reached the terminal")
	}
}
