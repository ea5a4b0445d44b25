package export

import (
	"cmp"
	"slices"
	"strings"

	"auditwalk/model"
)

// EvidenceFromModel turns the store's evidence rows into export evidence.
// The store keeps one row per target; files with the same SHA-256 and name
// are merged into one entry attached to every target, keeping the lowest
// id, so the index lists each file once.
func EvidenceFromModel(rows []model.Evidence) []Evidence {
	type key struct{ sum, name string }
	byKey := map[key]int{}
	var out []Evidence
	for _, r := range rows {
		name := r.Name
		if strings.TrimSpace(name) == "" {
			name = r.Path
		}
		att := Attachment{Kind: string(r.Target.Type), Ref: r.Target.Key}
		k := key{strings.ToLower(r.SHA256), name}
		if i, ok := byKey[k]; ok && r.SHA256 != "" {
			e := &out[i]
			if !slices.Contains(e.AttachedTo, att) {
				e.AttachedTo = append(e.AttachedTo, att)
			}
			e.ID = min(e.ID, r.ID)
			continue
		}
		byKey[k] = len(out)
		out = append(out, Evidence{ID: r.ID, Path: name, SHA256: r.SHA256, Size: r.Size, Description: r.Note,
			AddedBy: r.AttachedBy, AddedAt: r.AttachedAt, EffectiveDate: r.EffectiveDate, Retention: r.RetentionDate,
			AttachedTo: []Attachment{att}})
	}
	for i := range out {
		slices.SortFunc(out[i].AttachedTo, func(a, b Attachment) int {
			return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Ref, b.Ref))
		})
	}
	return out
}

// ApprovalsFromModel turns the store's review states into approvals,
// leaving out items never reviewed. author names who last wrote an item
// (the answer's UpdatedBy or the narrative's editor); nil leaves it empty.
func ApprovalsFromModel(reviews []model.Review, author func(kind model.ReviewKind, key string) string) []Approval {
	var out []Approval
	for _, r := range reviews {
		st := r.StateOrDefault()
		if st == model.ReviewNotReviewed {
			continue
		}
		a := Approval{Entity: string(r.Kind), Ref: r.Key, Reviewer: r.Reviewer, Decision: string(st), At: r.At, Note: r.Comment}
		if author != nil {
			a.Author = author(r.Kind, r.Key)
		}
		out = append(out, a)
	}
	return out
}

// AttestationsFromModel turns the store's attestations into export ones.
//
// Each is checked against the current answers, so an attestation whose
// answers changed since shows as superseded in every export (issue 7).
func AttestationsFromModel(list []model.Attestation, current model.Answers) []Attestation {
	out := make([]Attestation, 0, len(list))
	for _, a := range list {
		chk := a.Check(current)
		var changed []string
		for _, k := range chk.Changed {
			changed = append(changed, model.ReviewKey(k.QuestionID, k.Subject))
		}
		out = append(out, Attestation{Owner: a.Person, Role: string(a.Role), ControlIDs: slices.Clone(a.Controls),
			AnswersHash: a.AnswersSHA256, Statement: a.Statement, Signed: a.Signature != "", At: a.At,
			Status: string(chk.Status), Changed: changed})
	}
	return out
}
