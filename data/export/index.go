package export

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strings"

	"auditwalk/model"
)

// controlSystem keys the exceptions raised against a control for one
// system.
type controlSystem struct {
	control string
	system  int64
}

// index builds the lookup maps used per control and subject, so that large
// engagements render in time linear in their size, and the exception
// register's outline. It does not read the summary, which newView computes
// meanwhile.
func (v *view) index() {
	v.indexExceptions()
	v.evByAttachment = map[string][]int{}
	for i, e := range v.ev {
		for _, a := range e.AttachedTo {
			k := attachmentKey(nil, a.Kind, a.Ref)
			if l := v.evByAttachment[string(k)]; len(l) == 0 || l[len(l)-1] != i {
				v.evByAttachment[string(k)] = append(l, i)
			}
		}
	}
	for i := range v.exceptions {
		if e := &v.exceptions[i]; e.Status.Active() {
			v.active = append(v.active, e)
		}
	}
	slices.SortStableFunc(v.active, func(x, y *model.Exception) int {
		return cmp.Or(cmp.Compare(x.Severity.Rank(), y.Severity.Rank()), cmp.Compare(x.ID, y.ID))
	})
	v.critTitle = map[string]string{}
	for _, c := range model.Criteria() {
		v.critTitle[c.ID] = c.Title
	}
	v.exAnchor = map[int64]string{}
	// The register's outline cannot fail (its renderer returns no error).
	v.exOutline, _ = outlineOf(v.exceptionsSpec(v.exAnchor))
}

// indexExceptions indexes the exceptions (by position in v.exceptions) by
// control: those naming no system under exByControl, the others under
// exByControlSystem once per system they name.
func (v *view) indexExceptions() {
	v.exByControl = map[string][]int{}
	v.exByControlSystem = map[controlSystem][]int{}
	for i, e := range v.exceptions {
		for j, id := range e.ControlIDs {
			if slices.Contains(e.ControlIDs[:j], id) {
				continue
			}
			if len(e.SystemIDs) == 0 {
				v.exByControl[id] = append(v.exByControl[id], i)
				continue
			}
			for k, sys := range e.SystemIDs {
				if !slices.Contains(e.SystemIDs[:k], sys) {
					key := controlSystem{id, sys}
					v.exByControlSystem[key] = append(v.exByControlSystem[key], i)
				}
			}
		}
	}
}

// exceptionsFor lists exceptions raised against a control for a subject,
// in id order: the control is named and, for a system subject, the system
// is named too (or no system is named at all). The exceptions point into
// the view; callers must not modify them.
func (v *view) exceptionsFor(ctlID, subject string) []*model.Exception {
	general := v.exByControl[ctlID]
	var specific []int
	if sysID, ok := model.SubjectSystemID(subject); ok {
		specific = v.exByControlSystem[controlSystem{ctlID, sysID}]
	}
	if len(general)+len(specific) == 0 {
		return nil
	}
	// Both lists are in v.exceptions order (by id); merge them.
	out := make([]*model.Exception, 0, len(general)+len(specific))
	for len(general) > 0 || len(specific) > 0 {
		var i int
		if len(specific) == 0 || (len(general) > 0 && general[0] < specific[0]) {
			i, general = general[0], general[1:]
		} else {
			i, specific = specific[0], specific[1:]
		}
		out = append(out, &v.exceptions[i])
	}
	return out
}

// attachmentKey appends the evByAttachment key of an attachment to buf:
// the kind's length, the kind and the reference (given in pieces, so a
// lookup needs no concatenated string).
func attachmentKey(buf []byte, kind string, ref ...string) []byte {
	buf = append(binary.AppendUvarint(buf, uint64(len(kind))), kind...)
	for _, r := range ref {
		buf = append(buf, r...)
	}
	return buf
}

// evidenceFor lists evidence attached to a control for a subject: to the
// control itself or to any of its questions' answers for that subject, in
// evidence id order, each file once. The files point into the view;
// callers must not modify them.
func (v *view) evidenceFor(ctl *model.Control, subject string) []*Evidence {
	var buf [128]byte
	idx := slices.Clone(v.evByAttachment[string(attachmentKey(buf[:0], AttachControl, ctl.ID, "@", subject))])
	for _, q := range ctl.Questions {
		idx = append(idx, v.evByAttachment[string(attachmentKey(buf[:0], AttachAnswer, q.ID, "@", subject))]...)
	}
	if len(idx) == 0 {
		return nil
	}
	slices.Sort(idx)
	idx = slices.Compact(idx)
	out := make([]*Evidence, len(idx))
	for i, j := range idx {
		out[i] = &v.ev[j]
	}
	return out
}

// criteriaLabel renders criterion ids with their short titles.
func (v *view) criteriaLabel(ids []string) string {
	parts := make([]string, 0, len(ids))
	for _, id := range ids {
		if t, ok := v.critTitle[id]; ok {
			parts = append(parts, id+" "+t)
		} else {
			parts = append(parts, id)
		}
	}
	return strings.Join(parts, "; ")
}
