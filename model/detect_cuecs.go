package model

import (
	"fmt"
	"slices"
	"strings"
)

// RuleCUECUnmapped flags complementary user-entity controls a vendor's
// report relies on, where the report also carves out subservice
// organisations, that no control of the pack answers.
const RuleCUECUnmapped = "vendor-cuec-unmapped"

func cuecRule() Rule {
	return Rule{RuleCUECUnmapped, ExKindVendorCoverage, "Vendor CUECs not mapped to controls",
		"A vendor of in-scope systems whose SOC 2 report carves out subservice organisations and lists " +
			"complementary user-entity controls (CUECs) that name no control of the questionnaire. " +
			"A CUEC is mapped by writing the control id in it, e.g. \"Customer rotates API keys [acc-keys]\".",
		[]string{"CC9.2"}, SeverityMedium}
}

// cuecMapped reports whether a CUEC names one of the pack's controls. A
// pack-less engagement maps nothing.
func cuecMapped(cuec string, controls map[string]bool) bool {
	// Candidate ids are words of letters, digits, dots, dashes and
	// underscores; trailing dots (end of sentence) are dropped.
	notID := func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_')
	}
	for _, w := range strings.FieldsFunc(cuec, notID) {
		if controls[strings.ToLower(strings.TrimRight(w, "."))] {
			return true
		}
	}
	return false
}

// detectUnmappedCUECs raises one finding per vendor whose carve-outs leave
// the customer responsible for CUECs nobody has tied to a control.
func (d *detector) detectUnmappedCUECs() {
	controls := map[string]bool{}
	if d.in.Pack != nil {
		for _, c := range d.in.Pack.Controls() {
			controls[strings.ToLower(c.ID)] = true
		}
	}
	linked := d.inScopeByVendor()
	for _, v := range d.in.Vendors {
		idx := linked[v.ID]
		if len(idx) == 0 || len(v.CarveOuts) == 0 {
			continue
		}
		var unmapped []string
		for _, c := range v.CUECs {
			if strings.TrimSpace(c) != "" && !cuecMapped(c, controls) {
				unmapped = append(unmapped, strings.TrimSpace(c))
			}
		}
		if len(unmapped) == 0 {
			continue
		}
		slices.Sort(unmapped)
		f := Exception{VendorIDs: []int64{v.ID}, Citations: []Citation{vendorCitation(v)},
			Title: CleanLine(fmt.Sprintf("%s: %d CUECs not mapped to controls", v.Name, len(unmapped))),
			Detail: CleanLine(fmt.Sprintf("%s's report carves out %s and relies on the customer for: %s. "+
				"Map each to the control that answers it (write the control id in the CUEC) or add a control.",
				v.Name, strings.Join(v.CarveOuts, ", "), strings.Join(unmapped, "; ")))}
		var tiers []Tier
		for _, i := range idx {
			f.SystemIDs = append(f.SystemIDs, d.in.Systems[i].ID)
			f.Citations = append(f.Citations, systemCitation(d.in.Systems[i]))
			tiers = append(tiers, d.tiers[i])
		}
		d.add(RuleCUECUnmapped, []string{idKey(v.ID)}, worstTier(tiers...), f)
	}
}
