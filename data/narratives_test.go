package data

import (
	"context"
	"errors"
	"strings"
	"testing"

	"auditwalk/model"
)

func TestNarrativeSaveUpdateDeleteRoundTripWithTrail(t *testing.T) {
	ctx := context.Background()
	s, path := newTestStore(t)
	saved, err := s.SaveNarrative(ctx, model.Narrative{ControlID: "AC-1", Subject: "org", Text: "Keys live in Vault.",
		Generated: "Keys are kept in a vault.", EditedBy: "ignored"})
	if err != nil {
		t.Fatal(err)
	}
	if saved.EditedBy != "alice" || saved.EditedAt.IsZero() || saved.Generated != "Keys are kept in a vault." {
		t.Fatalf("saved %+v: want actor and clock stamped by the store, generated kept", saved)
	}
	if _, err := s.SaveNarrative(ctx, model.Narrative{ControlID: "AC-1", Subject: "org", Text: "Keys live in Vault, rotated.",
		Generated: "Keys are kept in a vault."}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveNarrative(ctx, model.Narrative{ControlID: "PR-1", Subject: "system:2", Text: "Opted out."}); err != nil {
		t.Fatal(err)
	}
	list, err := s.Narratives(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Key() != "AC-1@org" || list[0].Text != "Keys live in Vault, rotated." || list[1].Key() != "PR-1@system:2" {
		t.Fatalf("narratives %+v", list)
	}
	trail, err := s.Activity(ctx, ActivityFilter{Entity: EntityNarrative})
	if err != nil {
		t.Fatal(err)
	}
	if len(trail) != 3 || trail[1].Action != ActionUpdate || trail[2].Action != ActionCreate ||
		!strings.Contains(trail[1].Before, "Keys live in Vault.") || trail[1].EntityID != "AC-1@org" {
		t.Fatalf("trail %+v", trail)
	}
	if err := s.DeleteNarrative(ctx, "AC-1", "org"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteNarrative(ctx, "AC-1", "org"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second revert: %v, want ErrNotFound", err)
	}
	list, _ = s.Narratives(ctx)
	if len(list) != 1 {
		t.Fatalf("after revert %+v", list)
	}
	last, _ := s.Activity(ctx, ActivityFilter{Entity: EntityNarrative, Limit: 1})
	if last[0].Action != ActionDelete || last[0].After != "" || !strings.Contains(last[0].Before, "rotated") {
		t.Fatalf("delete record %+v", last[0])
	}
	if rep := verifyReadOnly(t, path); !rep.OK() {
		t.Fatalf("verify after narrative edits: %v", rep.Problems())
	}
}

func TestNarrativeSaveRefusesBadKeysAndEmptyText(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	for _, n := range []model.Narrative{
		{ControlID: "", Subject: "org", Text: "x"},
		{ControlID: "AC-1", Subject: "somewhere", Text: "x"},
		{ControlID: "AC-1", Subject: "org", Text: "  \n"},
	} {
		if _, err := s.SaveNarrative(ctx, n); err == nil {
			t.Errorf("SaveNarrative(%+v) succeeded", n)
		}
	}
}

func TestVerifyDetectsNarrativeEditedOutsideAuditwalk(t *testing.T) {
	ctx := context.Background()
	cases := []struct{ name, stmt, want string }{
		{"text edited", `UPDATE narrative SET text = 'All good.'`,
			"narrative AC-1@org: row differs from its last recorded state"},
		{"row deleted", `DELETE FROM narrative`,
			"narrative AC-1@org: row recorded by record"},
		{"row inserted", `INSERT INTO narrative VALUES ('CC9', 'org', 'x', '', 'mallory', '2026-01-01T00:00:00.000000000Z')`,
			"narrative CC9@org: row has no activity record"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, path := newTestStore(t)
			if _, err := s.SaveNarrative(ctx, model.Narrative{ControlID: "AC-1", Subject: "org", Text: "Edited."}); err != nil {
				t.Fatal(err)
			}
			s.Close()
			tamper(t, path, tc.stmt)
			rep := verifyReadOnly(t, path)
			if rep.OK() || !strings.Contains(strings.Join(rep.Problems(), "\n"), tc.want) {
				t.Fatalf("problems %v, want %q", rep.Problems(), tc.want)
			}
		})
	}
}

func TestActivityBeforeSeqPagesNewestFirst(t *testing.T) {
	ctx := context.Background()
	s, _ := newTestStore(t)
	for _, id := range []string{"A", "B", "C", "D"} {
		if _, err := s.SaveNarrative(ctx, model.Narrative{ControlID: id, Subject: "org", Text: id}); err != nil {
			t.Fatal(err)
		}
	}
	page1, _ := s.Activity(ctx, ActivityFilter{Entity: EntityNarrative, Limit: 2})
	page2, _ := s.Activity(ctx, ActivityFilter{Entity: EntityNarrative, Limit: 2, BeforeSeq: page1[1].Seq})
	if len(page1) != 2 || len(page2) != 2 || page1[0].EntityID != "D@org" || page2[0].EntityID != "B@org" || page2[1].EntityID != "A@org" {
		t.Fatalf("pages %+v / %+v", page1, page2)
	}
}
