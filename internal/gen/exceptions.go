package gen

import (
	"context"
	"fmt"
	"strconv"

	"auditwalk/model"
)

// exceptions raises Scale.Exceptions exceptions by hand (RaiseException),
// gives each a remediation task (SaveTask) and moves about a third of them
// through triage (TransitionException): remediate, accept risk with an
// approver and expiry, or false positive, as a real queue would hold.
func (b *builder) exceptions(ctx context.Context) error {
	controls := b.pack.Controls()
	kinds := []model.ExceptionKind{model.ExKindManual, model.ExKindControlGap, model.ExKindShadowAI, model.ExKindMissingLogs,
		model.ExKindUnclearOwnership, model.ExKindVendorCoverage, model.ExKindFailedReview}
	sevs := []model.Severity{model.SeverityCritical, model.SeverityHigh, model.SeverityHigh, model.SeverityMedium, model.SeverityMedium, model.SeverityLow}
	for i := 1; i <= b.cfg.Scale.Exceptions; i++ {
		r := b.rng
		sys := b.snap.Systems[r.IntN(len(b.snap.Systems))]
		ctl := controls[r.IntN(len(controls))]
		e := model.Exception{
			Kind: pick(r, kinds), Title: fmt.Sprintf("%s: %s (finding %d)", sys.Name, ctl.Title, i),
			Detail:     fmt.Sprintf("Observed during the walkthrough of %s; evidence requested from %s.", sys.Name, sys.BusinessOwner),
			Citations:  []model.Citation{{Type: model.CiteSystem, Ref: strconv.FormatInt(sys.ID, 10), Label: sys.Name}},
			SystemIDs:  []int64{sys.ID},
			ControlIDs: []string{ctl.ID}, Criteria: ctl.Criteria[:1], Severity: pick(r, sevs),
			Owner: pick(r, teams()) + " lead",
		}
		if r.IntN(3) == 0 {
			e.ManagementResponse = model.ManagementResponse{Cause: "Control not yet extended to AI workloads.",
				Remediation: "Extend the control and collect evidence.", TargetDate: model.Date(fmt.Sprintf("2026-%02d-15", 4+r.IntN(6)))}
		}
		saved, err := b.st.RaiseException(ctx, e)
		if err != nil {
			return fmt.Errorf("exception %d: %w", i, err)
		}
		b.exIDs = append(b.exIDs, saved.ID)
		b.sum.Exceptions++
		if err := b.task(ctx, saved, i); err != nil {
			return err
		}
		if err := b.triage(ctx, saved); err != nil {
			return fmt.Errorf("exception %d: %w", i, err)
		}
	}
	return nil
}

func (b *builder) task(ctx context.Context, e model.Exception, i int) error {
	r := b.rng
	_, err := b.st.SaveTask(ctx, model.RemediationTask{
		ExceptionID: e.ID, Title: fmt.Sprintf("Remediate finding %d", i),
		Description: "Agree the fix with the owner, implement it and attach evidence.",
		Owner:       e.Owner, Due: model.Date(fmt.Sprintf("2026-%02d-%02d", 4+r.IntN(6), 1+r.IntN(28))),
		TrackerRef: fmt.Sprintf("SEC-%d", 1000+i),
	})
	if err != nil {
		return fmt.Errorf("task of exception %d: %w", i, err)
	}
	b.sum.Tasks++
	return nil
}

// triage decides about a third of the exceptions.
func (b *builder) triage(ctx context.Context, e model.Exception) error {
	var (
		to model.ExceptionStatus
		d  model.Decision
	)
	switch b.rng.IntN(9) {
	case 0, 1:
		to, d = model.StatusInRemediation, model.Decision{Rationale: "Fix planned this quarter."}
	case 2:
		to, d = model.StatusAccepted, model.Decision{Approver: "CISO", Rationale: "Low exposure; compensated.",
			CompensatingControls: "Quarterly manual review of outputs.", Expiry: "2026-12-31"}
	case 3:
		to, d = model.StatusFalsePositive, model.Decision{Rationale: "System retired before the period."}
	default:
		return nil
	}
	_, err := b.st.TransitionException(ctx, e.ID, to, d)
	return err
}
