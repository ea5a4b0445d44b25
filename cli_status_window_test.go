package main

import (
	"context"
	"encoding/json"
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
