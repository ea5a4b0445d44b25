package export

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"auditwalk/model"
)

// The indexes behind exceptionsFor and evidenceFor must give what a plain
// scan gives, duplicates and odd ids included.
func TestIndexedLookupsMatchAPlainScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ctls := []string{"A", "B", "C@x", "D"}
	pick := func(n int, from []string) []string {
		var out []string
		for range rng.IntN(n) {
			out = append(out, from[rng.IntN(len(from))])
		}
		return out
	}
	b := fixtureBundle(identity)
	b.Exceptions = nil
	for i := range 300 {
		e := model.Exception{ID: int64(i + 1), ControlIDs: pick(4, ctls)}
		for range rng.IntN(4) {
			e.SystemIDs = append(e.SystemIDs, int64(rng.IntN(5)))
		}
		b.Exceptions = append(b.Exceptions, e)
	}
	subjects := []string{model.SubjectOrg, "system:1", "system:2", "system:4", "system:9", "other"}
	kinds := []string{AttachControl, AttachAnswer, "ans\x00wer", AttachSystem}
	b.Evidence = nil
	for i := range 200 {
		e := Evidence{ID: int64(i % 150)}
		ids := append([]string{"q", "Aq", "C@xq"}, ctls...)
		for range rng.IntN(4) {
			ref := ids[rng.IntN(len(ids))] + "@" + subjects[rng.IntN(len(subjects))]
			e.AttachedTo = append(e.AttachedTo, Attachment{kinds[rng.IntN(len(kinds))], ref})
		}
		b.Evidence = append(b.Evidence, e)
	}
	v, err := newView(&b)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range ctls {
		ctl := &model.Control{ID: c, Questions: []model.Question{{ID: "q"}, {ID: c + "q"}, {ID: "Aq"}}}
		for _, s := range subjects {
			var got []int64
			for _, e := range v.exceptionsFor(c, s) {
				got = append(got, e.ID)
			}
			if want := scanExceptions(v, c, s); !slices.Equal(got, want) {
				t.Errorf("exceptionsFor(%s, %s) = %v, want %v", c, s, got, want)
			}
			var gotEv []string
			for _, e := range v.evidenceFor(ctl, s) {
				gotEv = append(gotEv, strconv.FormatInt(e.ID, 10)+e.Path)
			}
			if want := scanEvidence(v, ctl, s); !slices.Equal(gotEv, want) {
				t.Errorf("evidenceFor(%s, %s) = %v, want %v", c, s, gotEv, want)
			}
		}
	}
}

func scanExceptions(v *view, ctlID, subject string) []int64 {
	sysID, isSys := model.SubjectSystemID(subject)
	var out []int64
	for _, e := range v.exceptions {
		if !slices.Contains(e.ControlIDs, ctlID) || (len(e.SystemIDs) > 0 && (!isSys || !slices.Contains(e.SystemIDs, sysID))) {
			continue
		}
		out = append(out, e.ID)
	}
	return out
}

func scanEvidence(v *view, ctl *model.Control, subject string) []string {
	keys := []Attachment{{AttachControl, ctl.ID + "@" + subject}}
	for _, q := range ctl.Questions {
		keys = append(keys, Attachment{AttachAnswer, q.ID + "@" + subject})
	}
	var out []string
	for i, e := range v.ev {
		for _, a := range e.AttachedTo {
			if slices.Contains(keys, a) {
				out = append(out, strconv.Itoa(i))
				break
			}
		}
	}
	for i, s := range out {
		j, _ := strconv.Atoi(s)
		out[i] = strconv.FormatInt(v.ev[j].ID, 10) + v.ev[j].Path
	}
	return out
}

// The view sorts what is out of order into a copy and uses what is in
// order as it is; either way the bundle's slices are left as they were.
func TestViewNeverReordersTheBundle(t *testing.T) {
	b := fixtureBundle(identity)
	b.Exceptions = []model.Exception{{ID: 3}, {ID: 1}, {ID: 2}}
	b.Tasks = []model.RemediationTask{{ID: 1}, {ID: 2}}
	v, err := newView(&b)
	if err != nil {
		t.Fatal(err)
	}
	if got := []int64{b.Exceptions[0].ID, b.Exceptions[1].ID, b.Exceptions[2].ID}; !slices.Equal(got, []int64{3, 1, 2}) {
		t.Errorf("bundle exceptions reordered to %v", got)
	}
	if got := []int64{v.exceptions[0].ID, v.exceptions[1].ID, v.exceptions[2].ID}; !slices.Equal(got, []int64{1, 2, 3}) {
		t.Errorf("view exceptions in order %v, want 1 2 3", got)
	}
	if &v.tasks[0] != &b.Tasks[0] {
		t.Error("tasks already in order were copied")
	}
}
