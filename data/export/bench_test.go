package export

import (
	"fmt"
	"strconv"
	"testing"

	"auditwalk/model"
)

// largeBundle is the benchmark engagement: 1,000 controls (10 of them per
// system), 2,000 AI systems (three in four in scope), 300 vendors, 10,000
// exceptions with 5,000 tasks, 1,000 answers and 1,000 evidence files.
func largeBundle() Bundle {
	b := fixtureBundle(identity)
	var ctls []model.Control
	for i := range 1000 {
		id := fmt.Sprintf("C-%04d", i)
		c := model.Control{ID: id, Title: "Control " + id, SectionID: "s", Criteria: []string{model.Criteria()[i%61].ID},
			NIST: []string{"GOVERN 1.1"}, ISO: []string{"A.2.2"}, Applies: model.AppliesOnce, Narrative: "x",
			Questions: []model.Question{{ID: "q-" + id, ControlID: id, Prompt: "Is " + id + " in place?", Kind: model.KindYesNo}}}
		if i < 10 {
			c.Applies = model.AppliesPerSystem
		}
		ctls = append(ctls, c)
	}
	b.Pack = &model.Pack{ID: "large", Version: "1", Title: "Large", Sections: []model.Section{{ID: "s", Title: "All", Controls: ctls}}}
	b.Systems = nil
	for i := range 2000 {
		s := model.System{ID: int64(i + 1), Name: "System " + strconv.Itoa(i+1), Purpose: "Purpose | with pipe",
			VendorID: int64(i%300 + 1), Deployment: model.DeployThirdPartyAPI, Approval: model.ApprovalApproved,
			DataCategories: []model.DataCategory{model.DataPublic}}
		if i%4 != 0 {
			s.DataCategories = []model.DataCategory{model.DataCustomer}
		}
		b.Systems = append(b.Systems, s)
	}
	b.Vendors = nil
	for i := range 300 {
		b.Vendors = append(b.Vendors, model.Vendor{ID: int64(i + 1), Name: "Vendor " + strconv.Itoa(i+1), Report: model.ReportType2,
			Covers: model.TriYes, CUECs: []string{"Customers manage keys"}})
	}
	b.Answers = model.Answers{}
	for i := range 1000 {
		a := model.Answer{QuestionID: fmt.Sprintf("q-C-%04d", i), Subject: model.SubjectOrg, Value: model.AnswerYes, Note: "ok"}
		if i < 10 {
			a.Subject = model.SystemSubject(int64(i + 2))
		}
		b.Answers[a.Key()] = a
	}
	b.Exceptions, b.Tasks, b.Evidence = nil, nil, nil
	sevs := model.Severities()
	for i := range 10000 {
		id := int64(i + 1)
		b.Exceptions = append(b.Exceptions, model.Exception{ID: id, Kind: model.ExKindControlGap, Title: "Gap " + strconv.Itoa(i),
			Detail: "Detail\nwith lines", SystemIDs: []int64{int64(i%2000 + 1)}, ControlIDs: []string{fmt.Sprintf("C-%04d", i%1000)},
			Criteria: []string{"CC6.1"}, Severity: sevs[i%4], Status: model.StatusOpen, RaisedBy: "bench", RaisedAt: at("2025-06-01T00:00:00Z")})
		if i%2 == 0 {
			b.Tasks = append(b.Tasks, model.RemediationTask{ID: int64(i/2 + 1), ExceptionID: id, Title: "Fix " + strconv.Itoa(i),
				Owner: "owner", Due: "2025-07-01", Status: model.TaskTodo})
		}
	}
	for i := range 1000 {
		b.Evidence = append(b.Evidence, Evidence{ID: int64(i + 1), Path: fmt.Sprintf("ev/%d.pdf", i), SHA256: "ab",
			AttachedTo: []Attachment{{AttachAnswer, fmt.Sprintf("q-C-%04d@org", i)}}})
	}
	return b
}

func BenchmarkRender(b *testing.B) {
	bundle := largeBundle()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Render(bundle); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderAndWriteAllFormats(b *testing.B) {
	bundle := largeBundle()
	dir := b.TempDir()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Write(dir, bundle, nil, true); err != nil {
			b.Fatal(err)
		}
	}
}
