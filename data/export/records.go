package export

import (
	"fmt"
	"strconv"
	"strings"

	"auditwalk/model"
)

// renderReviews builds the review records: prompt/output reviews (summary
// per system, then every record), model change records, reviewer approvals
// of answers and narratives, and control-owner attestations.
func (v *view) renderReviews() *mdDoc {
	d := newDoc("Review records — "+orDash(model.CleanLine(v.b.Engagement.Client)), 2)
	d.preamble(v.disclaimer("Review records"))
	v.reviewSummary(d)
	d.h(2, "Prompt and output reviews")
	if len(v.reviews) == 0 {
		d.p("No review records were imported.")
	} else {
		rows := make([][]string, len(v.reviews))
		for i, r := range v.reviews {
			rows[i] = []string{Cell(r.SampleID), Cell(r.System), Cell(r.Reviewer), Cell(string(r.Date)), Cell(string(r.Verdict)),
				Cell(r.IssueCategory), Cell(r.Note), sourceCell(r.SourceFile, r.Line)}
		}
		d.table([]string{"Sample", "System", "Reviewer", "Date", "Verdict", "Issue", "Note", "Source"}, rows)
	}
	d.h(2, "Model change records")
	if len(v.changes) == 0 {
		d.p("No change records were imported.")
	} else {
		rows := make([][]string, len(v.changes))
		for i, c := range v.changes {
			rows[i] = []string{when(c.Time), Cell(c.System), Cell(string(c.ChangeType)), Cell(c.Description), Cell(c.Ticket),
				Cell(c.ApprovedBy), Cell(string(c.Tested)), sourceCell(c.SourceFile, c.Line)}
		}
		d.table([]string{"When", "System", "Change", "Description", "Ticket", "Approved by", "Tested", "Source"}, rows)
	}
	d.h(2, "Reviewer approvals")
	if len(v.approvals) == 0 {
		d.p("No answers or narratives have been reviewed yet.")
	} else {
		rows := make([][]string, len(v.approvals))
		for i, a := range v.approvals {
			rows[i] = []string{when(a.At), Cell(a.Entity), CodeCell(a.Ref), Cell(a.Author), Cell(a.Reviewer), Cell(a.Decision), Cell(a.Note)}
		}
		d.table([]string{"When", "What", "Item", "Author", "Reviewer", "Decision", "Note"}, rows)
	}
	d.h(2, "Control-owner attestations")
	if len(v.attests) == 0 {
		d.p("No attestations were recorded.")
	} else {
		rows := make([][]string, len(v.attests))
		for i, a := range v.attests {
			signed := "No"
			if a.Signed {
				signed = "Yes (SSH signature)"
			}
			status := a.Status
			switch {
			case status == "":
				status = "–"
			case len(a.Changed) > 0:
				status += ": changed since " + joinClean(a.Changed)
			}
			rows[i] = []string{when(a.At), Cell(a.Owner), Cell(a.Role), Cell(joinClean(a.ControlIDs)), CodeCell(a.AnswersHash),
				signed, Cell(status), Cell(a.Statement)}
		}
		d.table([]string{"When", "Owner", "Role", "Controls", "Answers hash", "Signed", "Status", "Statement"}, rows)
	}
	return d
}

func sourceCell(file string, line int) string {
	if file == "" {
		return "–"
	}
	if line > 0 {
		file += ":" + strconv.Itoa(line)
	}
	return CodeCell(file)
}

// reviewSummary counts review verdicts per system.
func (v *view) reviewSummary(d *mdDoc) {
	d.h(2, "Summary")
	type counts struct{ pass, fail, follow, other int }
	per := map[string]*counts{}
	for _, r := range v.reviews {
		k := model.CleanLine(r.System)
		c := per[k]
		if c == nil {
			c = &counts{}
			per[k] = c
		}
		switch r.Verdict {
		case model.VerdictPass:
			c.pass++
		case model.VerdictFail:
			c.fail++
		case model.VerdictFollowUp:
			c.follow++
		default:
			c.other++
		}
	}
	d.p(fmt.Sprintf("%d prompt/output reviews, %d model change records, %d reviewer approvals, %d attestations.",
		len(v.reviews), len(v.changes), len(v.approvals), len(v.attests)))
	if len(per) == 0 {
		return
	}
	var rows [][]string
	for _, k := range sortedKeys(per) {
		c := per[k]
		rows = append(rows, []string{Cell(k), strconv.Itoa(c.pass), strconv.Itoa(c.fail), strconv.Itoa(c.follow), strconv.Itoa(c.other)})
	}
	d.table([]string{"System", "Pass", "Fail", "Needs follow-up", "Other"}, rows)
}

// renderEvidence builds the evidence index.
func (v *view) renderEvidence() *mdDoc {
	d := newDoc("Evidence index — "+orDash(model.CleanLine(v.b.Engagement.Client)), 2)
	d.preamble(v.disclaimer("Evidence index"))
	d.preamble("Every evidence file attached during the walkthrough, with its SHA-256 so a copy can be checked " +
		"(`sha256sum FILE`). The files themselves are handed over separately.")
	d.h(2, "Files")
	if len(v.ev) == 0 {
		d.p("No evidence files are attached.")
		return d
	}
	rows := make([][]string, len(v.ev))
	for i, e := range v.ev {
		rows[i] = []string{e.Ref(), Cell(e.Path), CodeCell(e.SHA256), strconv.FormatInt(e.Size, 10),
			Cell(string(e.EffectiveDate)), Cell(string(e.Retention)), Cell(e.AddedBy) + ", " + when(e.AddedAt),
			Cell(v.attachedLabel(e.AttachedTo))}
	}
	d.table([]string{"Ref", "File", "SHA-256", "Bytes", "Effective", "Retain until", "Added", "Attached to"}, rows)
	return d
}

// attachedLabel names what a file is attached to, in words.
func (v *view) attachedLabel(as []Attachment) string {
	parts := make([]string, 0, len(as))
	for _, a := range as {
		switch a.Kind {
		case AttachAnswer, AttachControl:
			id, subj, _ := strings.Cut(a.Ref, "@")
			parts = append(parts, a.Kind+" "+id+" ("+v.subjectName(subj)+")")
		case AttachSystem:
			id, _ := strconv.ParseInt(a.Ref, 10, 64)
			parts = append(parts, "system "+v.systemName(id))
		case AttachVendor:
			id, _ := strconv.ParseInt(a.Ref, 10, 64)
			parts = append(parts, "vendor "+v.vendorName(id))
		case AttachException:
			parts = append(parts, "exception EX-"+a.Ref)
		default:
			parts = append(parts, a.Kind+" "+a.Ref)
		}
	}
	return strings.Join(parts, "\n")
}

// renderCrosswalk builds the crosswalk appendix for the controls assessed.
func (v *view) renderCrosswalk() *mdDoc {
	d := newDoc("Crosswalk appendix — "+orDash(model.CleanLine(v.b.Engagement.Client)), 2)
	d.preamble(v.disclaimer("Crosswalk appendix"))
	d.preamble("**This is an analyst mapping, not a published crosswalk.** The AICPA has published no crosswalk from " +
		"the Trust Services Criteria to the NIST AI RMF or to ISO/IEC 42001. The links below are the questionnaire " +
		"pack's own judgement of which NIST AI RMF subcategories and ISO/IEC 42001 Annex A controls each assessed " +
		"control also speaks to. NIST hosts a separate AI RMF to ISO/IEC 42001 crosswalk, made against the FDIS draft of " +
		"the standard. Auditors who add AI criteria usually do so in a SOC 2+ report as additional subject matter.")
	walked := map[string]bool{}
	for _, r := range v.summary.Results {
		walked[r.Control.ID] = true
	}
	d.h(2, "By control")
	var rows [][]string
	byCrit := map[string][]*model.Control{}
	for _, c := range v.pack.Controls() {
		if !walked[c.ID] {
			continue
		}
		rows = append(rows, []string{Cell(c.ID), Cell(c.Title), Cell(strings.Join(c.Criteria, ", ")),
			Cell(strings.Join(c.NIST, ", ")), Cell(strings.Join(c.ISO, ", "))})
		for _, id := range c.Criteria {
			byCrit[id] = append(byCrit[id], c)
		}
	}
	if len(rows) == 0 {
		d.p("No controls were walked.")
		return d
	}
	d.table([]string{"Control", "Title", "TSC criteria", "NIST AI RMF", "ISO/IEC 42001 Annex A"}, rows)
	d.h(2, "By Trust Services Criterion")
	rows = nil
	for _, crit := range model.Criteria() {
		ctls := byCrit[crit.ID]
		if len(ctls) == 0 {
			continue
		}
		rows = append(rows, critRow(crit.ID, crit.Title, ctls))
		delete(byCrit, crit.ID)
	}
	for _, id := range sortedKeys(byCrit) { // ids outside the 61 criteria
		rows = append(rows, critRow(id, "", byCrit[id]))
	}
	d.table([]string{"Criterion", "Title", "Controls", "NIST AI RMF", "ISO/IEC 42001 Annex A"}, rows)
	return d
}

func critRow(id, title string, ctls []*model.Control) []string {
	var ids, nist, iso []string
	seenN, seenI := map[string]bool{}, map[string]bool{}
	for _, c := range ctls {
		ids = append(ids, c.ID)
		for _, n := range c.NIST {
			if !seenN[n] {
				seenN[n] = true
				nist = append(nist, n)
			}
		}
		for _, n := range c.ISO {
			if !seenI[n] {
				seenI[n] = true
				iso = append(iso, n)
			}
		}
	}
	return []string{Cell(id), Cell(title), Cell(strings.Join(ids, ", ")), Cell(strings.Join(nist, ", ")), Cell(strings.Join(iso, ", "))}
}

// renderIndex builds README.md, the entry point of the package.
func (v *view) renderIndex() *mdDoc {
	e := v.b.Engagement
	d := newDoc("SOC 2 readiness package — "+orDash(model.CleanLine(e.Client)), 2)
	d.preamble(v.disclaimer("Readiness package"))
	d.h(2, "Documents")
	d.list(documentLinks())
	d.h(2, "Data files")
	d.p("`csv/` and `json/` hold every register and the answers, one file each; `oscal/` holds OSCAL 1.2.2 " +
		"assessment results and a plan of action and milestones. Their columns and fields are described in " +
		"`SCHEMA.md`, written beside them. CSV cells that begin with = + - @, a tab or a carriage return are prefixed " +
		"with a single quote so that spreadsheets do not run them as formulas.")
	d.h(2, "Checking the package")
	d.p("`MANIFEST.sha256` lists the SHA-256 of every file in the package. Check it with:")
	d.p("```sh\nsha256sum -c MANIFEST.sha256\n```")
	d.p("`TRAIL-HEAD` holds the hash of the newest record of the engagement's tamper-evident activity trail at the " +
		"time of export; `auditwalk verify` on the engagement file recomputes the chain up to it.")
	return d
}
