package main

import (
	"bytes"
	"context"
	"testing"

	"auditwalk/data"
	"auditwalk/data/export"
	"auditwalk/model"
)

// The CLI reads the bundle through two read-only handles at once; it must
// export exactly what the app's single handle exports.
func TestExportThroughTwoHandlesMatchesTheAppsBundle(t *testing.T) {
	path, p := newEngagement(t)
	ctx := context.Background()
	st, err := data.Open(ctx, path, data.Options{Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	sys, err := st.SaveSystem(ctx, model.System{Name: "Chat assistant", Deployment: model.DeployThirdPartyAPI, Approval: model.ApprovalApproved,
		DataCategories: []model.DataCategory{model.DataCustomer}})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range model.Walk(p, model.Answers{}, nil)[:5] {
		if _, err := st.SaveAnswer(ctx, model.Answer{QuestionID: it.Question.ID, Subject: model.SubjectOrg, Value: model.AnswerNo}); err != nil {
			t.Fatal(err)
		}
	}
	ex, err := st.RaiseException(ctx, model.Exception{Kind: model.ExKindControlGap, Title: "No AI policy", Severity: model.SeverityHigh,
		Status: model.StatusOpen, SystemIDs: []int64{sys.ID}, ControlIDs: []string{p.Controls()[0].ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveTask(ctx, model.RemediationTask{ExceptionID: ex.ID, Title: "Write the policy", Status: model.TaskTodo}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	open := func() *data.Store {
		s, err := data.Open(ctx, path, data.Options{Actor: "tester", ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	one, two := open(), open()
	single, err := buildBundle(ctx, one, p, "2026-06-30", nil)
	if err != nil {
		t.Fatal(err)
	}
	double, err := loadBundle(ctx, one, two, func() (*model.Pack, error) { return p, nil }, "2026-06-30", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(double.Exceptions) != 1 || len(double.Tasks) != 1 || len(double.Systems) != 1 {
		t.Fatalf("two handles read %d exceptions, %d tasks, %d systems; want one each", len(double.Exceptions), len(double.Tasks),
			len(double.Systems))
	}
	want, err := export.Files(single, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := export.Files(double, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d files, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Name != want[i].Name || !bytes.Equal(got[i].Content, want[i].Content) {
			t.Errorf("%s differs between one handle and two", want[i].Name)
		}
	}
}
