package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"auditwalk/model"
)

// statusSchema names the version of the `status --json` document; bump it
// only on incompatible changes (fields are only ever added).
const statusSchema = "auditwalk.status/v1"

func newStatusCmd(env *cliEnv) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show progress, readiness and open exceptions",
		Long:  "Show progress and readiness per Trust Services Category and section.\nWith --json, print the stable document described in the README.",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := env.openStore(ctx, true)
			if err != nil {
				return err
			}
			defer st.Close()
			snap, err := st.Load(ctx)
			if err != nil {
				return err
			}
			pack, err := env.storedPack(ctx, st)
			if err != nil {
				return err
			}
			rep := buildStatus(env.dbPath(), pack, snap)
			if rep.Exceptions, err = exceptionStatus(ctx, st); err != nil {
				return err
			}
			if asJSON {
				return writeJSON(env.stdout, rep)
			}
			writeStatusText(env.stdout, rep)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print machine-readable JSON")
	return cmd
}

type statusReport struct {
	Schema     string                `json:"schema"`
	File       string                `json:"file"`
	Engagement statusEngagement      `json:"engagement"`
	Progress   statusTally           `json:"progress"`
	Readiness  *float64              `json:"readiness"`
	Categories []statusGroup         `json:"categories"`
	Sections   []statusGroup         `json:"sections"`
	Inventory  statusInventory       `json:"inventory"`
	Vendors    statusVendors         `json:"vendors"`
	Exceptions model.ExceptionCounts `json:"exceptions"`
}

type statusEngagement struct {
	Name        string `json:"name"`
	Client      string `json:"client"`
	Assessor    string `json:"assessor"`
	Readiness   string `json:"readiness_type"`
	PeriodStart string `json:"period_start"`
	PeriodEnd   string `json:"period_end"`
	PackID      string `json:"pack_id"`
	PackVersion string `json:"pack_version"`
	PackHash    string `json:"pack_hash"`
	// ChangeWindow is the approved change window ("" when none is set).
	ChangeWindow string `json:"change_window"`
}

type statusTally struct {
	Asked    int     `json:"asked"`
	Answered int     `json:"answered"`
	Flagged  int     `json:"flagged"`
	Percent  float64 `json:"percent"`
	Controls int     `json:"controls"`
	Complete int     `json:"controls_complete"`
	Gaps     int     `json:"gaps"`
}

type statusGroup struct {
	ID        string      `json:"id"`
	Title     string      `json:"title"`
	Readiness *float64    `json:"readiness"`
	Progress  statusTally `json:"progress"`
}

type statusInventory struct {
	Total      int            `json:"total"`
	InScope    int            `json:"in_scope"`
	OutOfScope int            `json:"out_of_scope"`
	ByTier     map[string]int `json:"by_tier"`
	ByApproval map[string]int `json:"by_approval"`
}

type statusVendors struct {
	Total       int            `json:"total"`
	ByReport    map[string]int `json:"by_report"`
	CoverageGap int            `json:"coverage_gaps"`
}

func tallyOf(t model.Tally) statusTally {
	return statusTally{
		Asked: t.Asked, Answered: t.Answered, Flagged: t.Flagged,
		Percent:  round1(100 * t.Progress()),
		Controls: t.Controls, Complete: t.Complete, Gaps: t.Gaps,
	}
}

func readinessOf(t model.Tally) *float64 {
	r, ok := t.Readiness()
	if !ok {
		return nil
	}
	v := round1(100 * r)
	return &v
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

func buildStatus(file string, pack *model.Pack, snap model.Snapshot) statusReport {
	sum := model.Summarize(pack, snap.Answers, snap.Systems)
	e := snap.Engagement
	rep := statusReport{
		Schema: statusSchema,
		File:   file,
		Engagement: statusEngagement{
			Name: e.Name, Client: e.Client, Assessor: e.Assessor, Readiness: string(e.Readiness),
			PeriodStart: string(e.PeriodStart), PeriodEnd: string(e.PeriodEnd),
			PackID: pack.ID, PackVersion: pack.Version, PackHash: pack.Hash,
			ChangeWindow: e.ChangeWindow.String(),
		},
		Progress:   tallyOf(sum.Overall),
		Readiness:  readinessOf(sum.Overall),
		Categories: []statusGroup{},
		Sections:   []statusGroup{},
	}
	for _, c := range model.Categories() {
		t := sum.ByCategory[c]
		rep.Categories = append(rep.Categories, statusGroup{ID: string(c), Title: c.Title(), Readiness: readinessOf(*t), Progress: tallyOf(*t)})
	}
	for _, s := range pack.Sections {
		t := sum.BySection[s.ID]
		if t == nil {
			t = &model.Tally{}
		}
		rep.Sections = append(rep.Sections, statusGroup{ID: s.ID, Title: s.Title, Readiness: readinessOf(*t), Progress: tallyOf(*t)})
	}
	rep.Inventory = inventoryStatus(snap.Systems)
	rep.Vendors = vendorStatus(snap.Vendors)
	return rep
}

func inventoryStatus(systems []model.System) statusInventory {
	inv := statusInventory{Total: len(systems), ByTier: map[string]int{}, ByApproval: map[string]int{}}
	for _, t := range []model.Tier{model.TierHigh, model.TierMedium, model.TierLow} {
		inv.ByTier[string(t)] = 0
	}
	for _, a := range model.Approvals() {
		inv.ByApproval[string(a)] = 0
	}
	for _, s := range systems {
		if in, _ := s.InScope(); in {
			inv.InScope++
		} else {
			inv.OutOfScope++
		}
		t, _ := s.RiskTier()
		inv.ByTier[string(t)]++
		inv.ByApproval[string(s.Approval)]++
	}
	return inv
}

func vendorStatus(vendors []model.Vendor) statusVendors {
	vs := statusVendors{Total: len(vendors), ByReport: map[string]int{"none": 0, "type1": 0, "type2": 0}}
	for _, v := range vendors {
		r := string(v.Report)
		if r == "" {
			r = "none"
		}
		vs.ByReport[r]++
		if gap, _ := v.CoverageGap(); gap {
			vs.CoverageGap++
		}
	}
	return vs
}

func pct(p *float64) string {
	if p == nil {
		return "  —  "
	}
	return fmt.Sprintf("%5.1f%%", *p)
}

func writeStatusText(w io.Writer, r statusReport) {
	e := r.Engagement
	name := e.Name
	if name == "" {
		name = "(engagement not set up yet: run auditwalk)"
	}
	fmt.Fprintf(w, "%s — %s\n", model.CleanLine(name), model.CleanLine(e.Client))
	fmt.Fprintf(w, "file %s · pack %s %s · %s\n", r.File, e.PackID, e.PackVersion, strings.ToUpper(strings.Replace(e.Readiness, "type", "Type ", 1)))
	p := r.Progress
	fmt.Fprintf(w, "\nProgress   %d/%d answered (%.1f%%), %d flagged, %d gaps\n", p.Answered, p.Asked, p.Percent, p.Flagged, p.Gaps)
	fmt.Fprintf(w, "Readiness  %s\n\n", pct(r.Readiness))
	fmt.Fprintln(w, "Category               Readiness  Answered")
	for _, c := range r.Categories {
		fmt.Fprintf(w, "%-22s %s    %d/%d\n", c.Title, pct(c.Readiness), c.Progress.Answered, c.Progress.Asked)
	}
	fmt.Fprintln(w, "\nSection                                  Readiness  Answered")
	for _, s := range r.Sections {
		fmt.Fprintf(w, "%-40s %s    %d/%d\n", truncate(model.CleanLine(s.Title), 40), pct(s.Readiness), s.Progress.Answered, s.Progress.Asked)
	}
	inv := r.Inventory
	fmt.Fprintf(w, "\nAI systems %d (%d in scope; tiers: %s)\n", inv.Total, inv.InScope, countsLine(inv.ByTier, []string{"high", "medium", "low"}))
	fmt.Fprintf(w, "Vendors    %d (%d with a report coverage gap)\n", r.Vendors.Total, r.Vendors.CoverageGap)
	fmt.Fprintf(w, "Exceptions %d needing work of %d (%s); %s\n", r.Exceptions.Active, r.Exceptions.Total,
		severityLine(r.Exceptions.BySeverity), plural(r.Exceptions.OverdueTasks, "overdue task", "overdue tasks"))
}

func countsLine(m map[string]int, order []string) string {
	parts := make([]string, 0, len(m))
	seen := map[string]bool{}
	for _, k := range order {
		parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
		seen[k] = true
	}
	var rest []string
	for k := range m {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
	}
	return strings.Join(parts, ", ")
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// writeJSON prints v as indented JSON: the one format every --json flag
// of the CLI uses.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
