package gen

import (
	"context"
	"fmt"
	"math/rand/v2"

	"auditwalk/model"
)

// Word lists the generated names and facts are drawn from.
func providers() []string {
	return []string{"OpenAI", "Anthropic", "Google Cloud", "AWS Bedrock", "Azure OpenAI", "Mistral", "Cohere", "Hugging Face"}
}
func purposes() []string {
	return []string{"support replies", "contract review", "code completion", "fraud scoring", "CV screening",
		"meeting notes", "marketing copy", "search ranking", "invoice extraction", "chat assistant"}
}
func modelNames() []string {
	return []string{"gpt-4o", "claude-sonnet", "gemini-pro", "mistral-large", "llama-3-70b", "command-r", "titan-embed"}
}
func teams() []string {
	return []string{"Ops", "Platform", "Legal", "Finance", "HR", "Sales", "Security", "Data"}
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// systemIdentity ties access-log lines to system i (1-based).
func systemIdentity(i int) string { return fmt.Sprintf("svc-ai-%04d@prod", i) }

// vendorName is the name of vendor i (1-based), unique in the register.
func vendorName(r *rand.Rand, i int) string {
	return fmt.Sprintf("%s %03d", pick(r, providers()), i)
}

func (b *builder) vendor(i int) model.Vendor {
	r := b.rng
	v := model.Vendor{
		Name: vendorName(r, i), Service: pick(r, []string{"API", "SaaS feature", "hosted models", "embeddings"}),
		Report: pick(r, []model.ReportType{model.ReportType2, model.ReportType2, model.ReportType1, model.ReportNone}),
		Covers: pick(r, []model.TriState{model.TriYes, model.TriNo, model.TriUnknown}), DPASigned: pick(r, []model.TriState{model.TriYes, model.TriNo}),
		Training:  pick(r, []model.Training{model.TrainingOptedOut, model.TrainingYes, model.TrainingUnknown}),
		Retention: pick(r, []string{"0 days", "30 days", "90 days", ""}), Subprocessors: []string{pick(r, providers())},
		CUECs: []string{"MFA on admin accounts", "rotate API keys quarterly"},
		Scores: map[model.ScoreDimension]model.Score{
			model.ScoreDataAccess: {Value: 1 + r.IntN(5)}, model.ScoreAuditLogs: {Value: 1 + r.IntN(5), Note: "log export"},
			model.ScoreOwnership: {Value: 1 + r.IntN(5)},
		},
		Notes: fmt.Sprintf("Generated vendor %d.", i),
	}
	if v.Report != model.ReportNone {
		v.PeriodEnd = model.Date(fmt.Sprintf("2025-%02d-28", 1+r.IntN(12)))
		v.Opinion = pick(r, []string{"unqualified", "qualified"})
	}
	return v
}

func (b *builder) system(i int, vendors []model.Vendor) model.System {
	r := b.rng
	s := model.System{
		Name: fmt.Sprintf("%s %04d", pick(r, purposes()), i), Purpose: pick(r, purposes()),
		BusinessOwner: pick(r, teams()), TechnicalOwner: pick(r, teams()),
		Models: []string{pick(r, modelNames())}, Identities: []string{systemIdentity(i)},
		Deployment:     pick(r, []model.Deployment{model.DeployThirdPartyAPI, model.DeploySaaSFeature, model.DeploySelfHosted, model.DeployFineTuned, model.DeployInternalBuild}),
		DataCategories: []model.DataCategory{pick(r, []model.DataCategory{model.DataCustomer, model.DataPersonal, model.DataConfidential, model.DataPublic})},
		AffectsService: r.IntN(2) == 0, Consequential: r.IntN(5) == 0,
		Oversight:    pick(r, []model.Oversight{model.OversightNone, model.OversightSampled, model.OversightEvery}),
		Logging:      pick(r, []model.Logging{model.LoggingFull, model.LoggingFull, model.LoggingPartial, model.LoggingNone}),
		LogRetention: pick(r, []string{"90d", "1y", ""}), AccessControl: []string{model.AccessSSOMFA},
		Approval:     pick(r, []model.Approval{model.ApprovalApproved, model.ApprovalApproved, model.ApprovalPending, model.ApprovalShadow, model.ApprovalRetired}),
		LastReviewed: model.Date(fmt.Sprintf("2026-%02d-%02d", 1+r.IntN(2), 1+r.IntN(28))),
		Notes:        fmt.Sprintf("Generated system %d.", i),
	}
	if s.TechnicalOwner == "Security" {
		s.TechnicalOwner = "" // some unclear ownership
	}
	if r.IntN(8) > 0 && len(vendors) > 0 {
		s.VendorName = vendors[r.IntN(len(vendors))].Name
	}
	return s
}

// inventory imports the vendors and systems in one transaction, then
// reads them back for their ids.
func (b *builder) inventory(ctx context.Context) error {
	n := b.cfg.Scale
	vendors := make([]model.Vendor, 0, n.Vendors)
	for i := 1; i <= n.Vendors; i++ {
		vendors = append(vendors, b.vendor(i))
	}
	systems := make([]model.System, 0, n.Systems)
	for i := 1; i <= n.Systems; i++ {
		systems = append(systems, b.system(i, vendors))
	}
	if _, _, err := b.st.ImportInventory(ctx, systems, vendors, "generated-inventory.csv"); err != nil {
		return err
	}
	snap, err := b.st.Load(ctx)
	if err != nil {
		return err
	}
	b.snap = snap
	b.sum.Systems, b.sum.Vendors = len(snap.Systems), len(snap.Vendors)
	if b.sum.Systems != n.Systems || b.sum.Vendors != n.Vendors {
		return fmt.Errorf("stored %d systems and %d vendors, want %d and %d", b.sum.Systems, b.sum.Vendors, n.Systems, n.Vendors)
	}
	return nil
}
