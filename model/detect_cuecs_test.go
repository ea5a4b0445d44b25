package model

import (
	"strings"
	"testing"
	"time"
)

func cuecInput(cuecs, carveOuts []string) DetectInput {
	p := &Pack{Sections: []Section{{ID: "s", Controls: []Control{{ID: "acc-keys", SectionID: "s"}}}}}
	return DetectInput{Pack: p, Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
		Systems: []System{{ID: 1, Name: "Bot", VendorID: 9, AffectsService: true, Approval: ApprovalApproved,
			BusinessOwner: "Jane Doe", TechnicalOwner: "Raj Patel", Logging: LoggingFull}},
		Vendors: []Vendor{{ID: 9, Name: "ModelCo", Report: ReportType2, Covers: TriYes, CarveOuts: carveOuts, CUECs: cuecs}}}
}

func cuecFindings(in DetectInput) []Exception {
	var out []Exception
	for _, e := range Detect(in) {
		if e.Rule == RuleCUECUnmapped {
			out = append(out, e)
		}
	}
	return out
}

func TestCarvedOutVendorWithUnmappedCUECsIsFlagged(t *testing.T) {
	got := cuecFindings(cuecInput([]string{"Customer rotates API keys [acc-keys]", "Customer reviews model output"}, []string{"GPU Cloud Inc."}))
	if len(got) != 1 {
		t.Fatalf("want 1 finding, got %d", len(got))
	}
	e := got[0]
	if !strings.Contains(e.Detail, "Customer reviews model output") || strings.Contains(e.Detail, "rotates API keys") {
		t.Fatalf("detail must list only the unmapped CUEC: %s", e.Detail)
	}
	if e.Kind != ExKindVendorCoverage || e.Criteria[0] != "CC9.2" || len(e.SystemIDs) != 1 {
		t.Fatalf("finding %+v", e)
	}
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestNothingToFindWhenCUECsAreMappedOrNothingIsCarvedOut(t *testing.T) {
	if got := cuecFindings(cuecInput([]string{"Customer rotates API keys (acc-keys)."}, []string{"GPU Cloud Inc."})); len(got) != 0 {
		t.Fatalf("mapped CUEC flagged: %+v", got)
	}
	if got := cuecFindings(cuecInput([]string{"Customer reviews model output"}, nil)); len(got) != 0 {
		t.Fatalf("vendor without carve-outs flagged: %+v", got)
	}
}
