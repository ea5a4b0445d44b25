package main

import (
	"context"
	"fmt"
	"time"

	"auditwalk/data"
	"auditwalk/model"
	"auditwalk/tui"
)

// The TUI's evidence screen lists and deletes through the store directly.
var _ model.EvidenceStore = (*data.Store)(nil)

// evidenceConfig wires the evidence screen and the attach forms to the
// store. AttachEvidence and RehashEvidence speak data types, so they are
// wrapped here; the TUI calls both inside commands, never on its event
// loop.
func evidenceConfig(st *data.Store) tui.EvidenceConfig {
	return tui.EvidenceConfig{
		Store: st,
		Attach: func(ctx context.Context, target, path string, o tui.EvidenceAttachOptions) (model.Evidence, error) {
			return st.AttachEvidence(ctx, target, path, data.AttachOptions{EffectiveDate: o.EffectiveDate,
				Retention: o.Retention, ReferenceOnly: o.ReferenceOnly, Note: o.Note})
		},
		Check: func(ctx context.Context) ([]tui.EvidenceCheck, error) {
			checks, err := st.RehashEvidence(ctx)
			if err != nil {
				return nil, err
			}
			out := make([]tui.EvidenceCheck, len(checks))
			for i, c := range checks {
				out[i] = tui.EvidenceCheck{ID: c.Evidence.ID, Status: string(c.Status), Detail: c.Detail}
			}
			return out, nil
		},
	}
}

// detectFunc wires D on the triage queue to a detection run over pack.
func detectFunc(st *data.Store, pack *model.Pack) tui.DetectFunc {
	return func(ctx context.Context) (string, error) {
		sum, err := st.RunDetection(ctx, pack, time.Now())
		if err != nil {
			return "", err
		}
		return detectionSummary(sum), nil
	}
}

// detectionSummary is a detection run in one line for the status bar.
func detectionSummary(s data.DetectionSummary) string {
	if !s.Changed() {
		return fmt.Sprintf("%d findings, nothing changed", s.Findings)
	}
	out := fmt.Sprintf("%d new, %d reopened, %d closed", s.New, s.Reopened, s.Closed)
	if s.Updated > 0 {
		out += fmt.Sprintf(", %d updated", s.Updated)
	}
	if s.Expired > 0 {
		out += fmt.Sprintf(", %d risk acceptances expired", s.Expired)
	}
	return out
}
