package model

import (
	"fmt"
	"testing"
)

// benchInput is a large engagement: 2,000 systems (a third of them with
// gaps), 300 vendors, 10,000 access summaries (one in ten tied to nothing),
// 2,000 changes and 2,000 reviews.
func benchInput() DetectInput {
	in := cleanInput()
	in.Systems, in.Vendors, in.Access, in.Changes, in.Reviews = nil, nil, nil, nil, nil
	for v := range 300 {
		in.Vendors = append(in.Vendors, Vendor{ID: int64(v + 1), Name: fmt.Sprintf("Vendor %d", v), Service: "openai",
			Report: ReportType2, PeriodEnd: "2025-03-31", Covers: []TriState{TriYes, TriNo, TriUnknown}[v%3]})
	}
	for i := range 2000 {
		s := System{ID: int64(i + 1), Name: fmt.Sprintf("System %d", i), BusinessOwner: "Priya Shah", TechnicalOwner: "Tom Li",
			VendorID: int64(i%300 + 1), Models: []string{"gpt-4o"}, AffectsService: i%2 == 0,
			Identities:     []string{fmt.Sprintf("proj_%d", i), fmt.Sprintf("arn:aws:iam::1:role/sys-%d", i)},
			DataCategories: []DataCategory{DataCustomer}, Logging: LoggingFull, Approval: ApprovalApproved}
		if i%3 == 0 {
			s.Logging, s.BusinessOwner = LoggingPartial, "TBD"
		}
		in.Systems = append(in.Systems, s)
	}
	for j := range 10000 {
		a := AccessSummary{Service: "openai", Actor: fmt.Sprintf("arn:aws:sts::1:assumed-role/sys-%d/s%d", j%2000, j),
			Resource: fmt.Sprintf("proj_%d", j%2000), Model: "gpt-4o-2024-08-06", Action: "chat", Events: 100,
			EventsInPeriod: 50, SampleRef: fmt.Sprintf("a.jsonl:%d", j), SampleFingerprint: fmt.Sprint(j)}
		if j%10 == 0 {
			a.Actor, a.Resource = fmt.Sprintf("user-%d", j), fmt.Sprintf("proj_unknown_%d", j%97)
		}
		if j%7 == 0 {
			a.Model = "gpt-4.1"
		}
		in.Access = append(in.Access, a)
	}
	for k := range 2000 {
		in.Changes = append(in.Changes, ChangeRecord{Time: testNow(), System: fmt.Sprintf("System %d", k),
			ChangeType: ChangePrompt, Ticket: "T", RequestedBy: "a", ApprovedBy: []string{"b", "", "a"}[k%3],
			DeployedBy: "c", Tested: TriYes, SourceFile: "c.csv", Line: k + 2, Fingerprint: fmt.Sprint(k)})
		in.Reviews = append(in.Reviews, ReviewRecord{SampleID: fmt.Sprint(k), System: fmt.Sprintf("System %d", k),
			Date: "2025-05-01", Verdict: []Verdict{VerdictPass, VerdictFail}[k%2], Fingerprint: fmt.Sprint(k)})
	}
	return in
}

func BenchmarkDetect(b *testing.B) {
	in := benchInput()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n = len(Detect(in))
	}
	b.ReportMetric(float64(n), "findings")
}

func BenchmarkReconcile(b *testing.B) {
	in := benchInput()
	db := stored(Detect(in))
	found := Detect(in)
	b.ReportAllocs()
	for b.Loop() {
		Reconcile(db, found, in.Now)
	}
}
