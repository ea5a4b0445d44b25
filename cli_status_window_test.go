package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"auditwalk/data"
	"auditwalk/model"
)

func TestStatusJSONShowsTheChangeWindow(t *testing.T) {
	path, _ := newEngagement(t)
	engagement := func() map[string]any {
		t.Helper()
		code, out, errs := runCLI(t, "status", "--json", "--db", path)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var doc struct {
			Engagement map[string]any `json:"engagement"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		return doc.Engagement
	}
	if got, ok := engagement()["change_window"]; !ok || got != "" {
		t.Fatalf("change_window with none set = %v (present %v), want \"\"", got, ok)
	}
	ctx := context.Background()
	st, err := data.Open(ctx, path, data.Options{Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := st.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e := snap.Engagement
	if e.ChangeWindow, err = model.ParseChangeWindow("mon-thu 18:00-22:00 Europe/Paris"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveEngagement(ctx, e); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if got := engagement()["change_window"]; got != "mon-thu 18:00-22:00 Europe/Paris" {
		t.Fatalf("change_window = %v", got)
	}
}

// As a user would: set a window, import change records, list exceptions.
func TestImportedWeekendChangeIsFlaggedOutsideTheWindow(t *testing.T) {
	path, _ := newEngagement(t)
	ctx := context.Background()
	st, err := data.Open(ctx, path, data.Options{Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := st.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e := snap.Engagement
	e.ChangeWindow, _ = model.ParseChangeWindow("mon-fri 09:00-17:00 UTC")
	if _, err := st.SaveEngagement(ctx, e); err != nil {
		t.Fatal(err)
	}
	st.Close()
	csv := filepath.Join(t.TempDir(), "changes.csv")
	body := "Date,AI System,Change Type,Description,Ticket,Requested By,Approved By,Deployed By,Tested\n" +
		"2025-06-03T10:00:00Z,bot,System prompt,routine,CHG-1,ann,ben,cat,yes\n" +
		"2025-06-07T10:00:00Z,bot,System prompt,weekend tweak,CHG-2,ann,ben,cat,yes\n" +
		"2025-06-08T03:00:00Z,bot,Guardrail,Hotfix for injection,CHG-3,ann,ben,cat,yes\n"
	if err := os.WriteFile(csv, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := runCLI(t, "import", "changes", csv, "--db", path); code != exitOK {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errs)
	}
	runCLI(t, "detect", "--db", path)
	code, out, _ := runCLI(t, "exceptions", "--json", "--db", path)
	var list []model.Exception
	if code != exitOK || json.Unmarshal([]byte(out), &list) != nil {
		t.Fatalf("exceptions --json: exit %d %q", code, out)
	}
	var hits []model.Exception
	for _, x := range list {
		if x.Rule == model.RuleChangeWindow {
			hits = append(hits, x)
		}
	}
	if len(hits) != 1 || !strings.Contains(hits[0].Citations[0].Label, "changes.csv:3: ") {
		t.Fatalf("change-outside-window findings %+v, want one citing changes.csv:3", hits)
	}
}
