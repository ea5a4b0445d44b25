package model

import (
	"fmt"
	"slices"
	"strings"
)

// identityIndex ties log values (actor, resource, model) to inventory
// systems through their Identities. An identity matches a value when equal
// to it, or to a part of it bounded by separators (so "support-bot" matches
// "arn:aws:sts::1:assumed-role/support-bot/s1"), or by glob when it has a
// "*". Case is ignored.
type identityIndex struct {
	exact map[string][]int
	globs []globIdentity
	cache map[string][]int
}

type globIdentity struct {
	pattern string
	system  int
}

// minIdentityLen keeps one- and two-letter identities (typos, initials)
// from matching every log line.
const minIdentityLen = 3

// maxSegments bounds the parts of one value tried as identities, so a long
// URL cannot make matching quadratic in its length.
const maxSegments = 24

func newIdentityIndex(systems []System) *identityIndex {
	ix := &identityIndex{exact: map[string][]int{}, cache: map[string][]int{}}
	for i, s := range systems {
		for _, id := range s.Identities {
			id = strings.ToLower(strings.TrimSpace(id))
			switch {
			case len(id) < minIdentityLen:
			case strings.Contains(id, "*"):
				ix.globs = append(ix.globs, globIdentity{id, i})
			case !slices.Contains(ix.exact[id], i):
				ix.exact[id] = append(ix.exact[id], i)
			}
		}
	}
	return ix
}

func isIdentitySep(b byte) bool {
	switch b {
	case '/', ':', '@', '.', ',', ' ', '|', '=', '#', '?', '&', ';':
		return true
	}
	return false
}

// systemsFor returns the indexes of the systems whose identities match v,
// in ascending order.
func (ix *identityIndex) systemsFor(v string) []int {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "" {
		return nil
	}
	if got, ok := ix.cache[v]; ok {
		return got
	}
	var out []int
	add := func(ids []int) {
		for _, i := range ids {
			if !slices.Contains(out, i) {
				out = append(out, i)
			}
		}
	}
	starts, ends := []int{0}, []int{}
	for i := 0; i < len(v) && len(starts) < maxSegments; i++ {
		if isIdentitySep(v[i]) {
			ends = append(ends, i)
			starts = append(starts, i+1)
		}
	}
	ends = append(ends, len(v))
	for _, s := range starts {
		for _, e := range ends {
			if e-s >= minIdentityLen {
				add(ix.exact[v[s:e]])
			}
		}
	}
	for _, g := range ix.globs {
		if globMatch(g.pattern, v) {
			add([]int{g.system})
		}
	}
	slices.Sort(out)
	ix.cache[v] = out
	return out
}

// globMatch matches s against a pattern where "*" stands for any run of
// characters (including separators).
func globMatch(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for i, p := range parts[1:] {
		if i == len(parts)-2 {
			return strings.HasSuffix(s, p)
		}
		j := strings.Index(s, p)
		if j < 0 {
			return false
		}
		s = s[j+len(p):]
	}
	return true
}

// tieActivity sorts the summaries into those tied to inventory systems and
// those tied to none.
func (d *detector) tieActivity() {
	d.systemActivity = make([][]int, len(d.in.Systems))
	for j, a := range d.in.Access {
		var tied []int
		for _, v := range []string{a.Actor, a.Resource, a.Model} {
			for _, i := range d.match.systemsFor(v) {
				if !slices.Contains(tied, i) {
					tied = append(tied, i)
				}
			}
		}
		if len(tied) == 0 {
			d.unmatched = append(d.unmatched, j)
			continue
		}
		for _, i := range tied {
			d.systemActivity[i] = append(d.systemActivity[i], j)
		}
	}
}

func accessCitation(a AccessSummary) Citation {
	ref := a.SampleFingerprint
	if ref == "" {
		ref = a.SampleRef
	}
	if ref == "" { // a summary built without samples: cite its group key
		ref = strings.Join([]string{a.Service, a.Actor, a.Resource, a.Model, a.Action}, "|")
	}
	label := fmt.Sprintf("%s %s by %s on %s", orDash(a.Service), orDash(a.Action), orDash(a.Actor), orDash(a.Resource))
	if a.SampleRef != "" {
		label = a.SampleRef + ": " + label
	}
	if a.Model != "" {
		label += " (" + a.Model + ")"
	}
	label += fmt.Sprintf(": %d events %s to %s", a.Events, DateOf(a.First), DateOf(a.Last))
	return Citation{Type: CiteAccessEvent, Ref: ref, Label: CleanLine(label)}
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// detectShadowActivity raises one finding per service and application
// (resource, else actor) whose activity ties to no inventory system.
func (d *detector) detectShadowActivity() {
	type group struct {
		service, app string
		rows         []int
		events       int64
		actors       []string
	}
	groups := map[[2]string]*group{}
	var keys [][2]string
	for _, j := range d.unmatched {
		a := d.in.Access[j]
		app := a.Resource
		if strings.TrimSpace(app) == "" {
			app = a.Actor
		}
		k := [2]string{strings.ToLower(strings.TrimSpace(a.Service)), strings.ToLower(strings.TrimSpace(app))}
		g := groups[k]
		if g == nil {
			g = &group{service: a.Service, app: app}
			groups[k] = g
			keys = append(keys, k)
		}
		g.rows = append(g.rows, j)
		g.events += a.Events
		if a.Actor != "" && !slices.Contains(g.actors, a.Actor) && len(g.actors) < 5 {
			g.actors = append(g.actors, a.Actor)
		}
	}
	slices.SortFunc(keys, func(a, b [2]string) int { return strings.Compare(a[0]+"\x00"+a[1], b[0]+"\x00"+b[1]) })
	for _, k := range keys {
		g := groups[k]
		f := Exception{
			Title: CleanLine(fmt.Sprintf("AI use not in the inventory: %s %s", orDash(g.service), orDash(g.app))),
			Detail: CleanLine(fmt.Sprintf("%d %s events for %s by %s match no inventory system's identities; "+
				"add the system to the inventory (with its identities) or stop the use.",
				g.events, orDash(g.service), orDash(g.app), strings.Join(g.actors, ", "))),
		}
		d.citeAccess(&f, g.rows)
		d.add(RuleShadowActivity, k[:], "", f)
	}
}

// detectShadowInventory flags systems recorded as shadow, and pending or
// retired systems that show activity.
func (d *detector) detectShadowInventory() {
	for i, s := range d.in.Systems {
		var events int64
		for _, j := range d.systemActivity[i] {
			events += d.in.Access[j].Events
		}
		var why string
		switch {
		case s.Approval == ApprovalShadow:
			why = "is recorded as shadow (unapproved) use"
		case s.Approval == ApprovalPending && events > 0:
			why = "is pending approval but already in use"
		case s.Approval == ApprovalRetired && events > 0:
			why = "is retired but still in use"
		default:
			continue
		}
		detail := fmt.Sprintf("%s %s", s.Name, why)
		if events > 0 {
			detail += fmt.Sprintf("; the access logs show %d events for its identities", events)
		}
		f := Exception{
			Title: CleanLine("Unapproved AI system in use: " + s.Name), Detail: CleanLine(detail + "."),
			SystemIDs: []int64{s.ID}, Citations: []Citation{systemCitation(s)},
		}
		d.citeAccess(&f, d.systemActivity[i])
		d.add(RuleShadowInventory, []string{idKey(s.ID)}, d.tiers[i], f)
	}
}

// detectUnlistedModels raises one finding per system and model seen in its
// activity that the system's model list does not cover. Systems that list
// no models are left to the inventory's completeness checks.
func (d *detector) detectUnlistedModels() {
	for i, s := range d.in.Systems {
		if len(s.Models) == 0 {
			continue
		}
		byModel := map[string][]int{}
		var models []string
		for _, j := range d.systemActivity[i] {
			m := strings.TrimSpace(d.in.Access[j].Model)
			if m == "" || modelListed(s.Models, m) {
				continue
			}
			k := strings.ToLower(m)
			if _, ok := byModel[k]; !ok {
				models = append(models, k)
			}
			byModel[k] = append(byModel[k], j)
		}
		slices.Sort(models)
		for _, m := range models {
			rows := byModel[m]
			model := d.in.Access[rows[0]].Model
			f := Exception{
				Title: CleanLine(fmt.Sprintf("%s uses unlisted model %s", s.Name, model)),
				Detail: CleanLine(fmt.Sprintf("The access logs show %s calling %s, which is not among its listed models (%s).",
					s.Name, model, strings.Join(s.Models, ", "))),
				SystemIDs: []int64{s.ID}, Citations: []Citation{systemCitation(s)},
			}
			d.citeAccess(&f, rows)
			d.add(RuleUnlistedModel, []string{idKey(s.ID), m}, d.tiers[i], f)
		}
	}
}

// modelListed reports whether a model seen in the logs is one the system
// lists: the same id, a listed id inside a longer one (an ARN or path), or a
// dated/versioned variant ("gpt-4o" covers "gpt-4o-2024-08-06" but not
// "gpt-4o-mini").
func modelListed(listed []string, seen string) bool {
	seen = strings.ToLower(seen)
	for _, l := range listed {
		l = strings.ToLower(strings.TrimSpace(l))
		if l == "" {
			continue
		}
		i := strings.Index(seen, l)
		if i < 0 || (i > 0 && !isIdentitySep(seen[i-1])) {
			continue
		}
		if rest := seen[i+len(l):]; rest == "" || isIdentitySep(rest[0]) || isVersionSuffix(rest) {
			return true
		}
	}
	return false
}

// detectNoActivity flags in-scope systems whose provider's logs were
// imported but in which none of the system's identities appears during the
// observation period.
func (d *detector) detectNoActivity() {
	services := map[string]bool{}
	for _, a := range d.in.Access {
		services[strings.ToLower(strings.TrimSpace(a.Service))] = true
	}
	svcList := make([]string, 0, len(services))
	for s := range services {
		svcList = append(svcList, s)
	}
	slices.Sort(svcList)
	for i, s := range d.in.Systems {
		if !d.inScope[i] || s.Approval == ApprovalRetired {
			continue
		}
		svc := d.providerWithLogs(s, svcList)
		if svc == "" {
			continue
		}
		var inPeriod int64
		for _, j := range d.systemActivity[i] {
			inPeriod += d.in.Access[j].EventsInPeriod
		}
		if inPeriod > 0 {
			continue
		}
		detail := fmt.Sprintf("Logs for %s were imported, but none of %s's identities (%s) appears in %s: "+
			"either its interactions are not logged or its identities are incomplete.",
			svc, s.Name, orDash(strings.Join(s.Identities, ", ")), d.periodLabel())
		d.add(RuleNoActivity, []string{idKey(s.ID)}, d.tiers[i], Exception{
			Title:  CleanLine("No logged activity for " + s.Name),
			Detail: CleanLine(detail), SystemIDs: []int64{s.ID}, Citations: []Citation{systemCitation(s)},
		})
	}
}

// providerWithLogs returns the imported log service that belongs to the
// system's vendor ("" if none): every word of the service name must appear
// in the vendor's name or service ("azure-openai" fits "Azure OpenAI
// Service" but not plain "OpenAI").
func (d *detector) providerWithLogs(s System, services []string) string {
	words := providerWords(s.VendorName)
	if vi, ok := d.vendors[s.VendorID]; ok && s.VendorID != 0 {
		v := d.in.Vendors[vi]
		words = append(words, providerWords(v.Name+" "+v.Service)...)
	}
	if len(words) == 0 {
		return ""
	}
	for _, svc := range services {
		sw := providerWords(svc)
		if len(sw) == 0 {
			continue
		}
		all := true
		for _, w := range sw {
			if !slices.Contains(words, w) {
				all = false
				break
			}
		}
		if all {
			return svc
		}
	}
	return ""
}

// providerWords splits a provider name into lower-case words of three or
// more letters, dropping corporate filler.
func providerWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		switch w {
		case "inc", "ltd", "llc", "gmbh", "corp", "com", "the", "service", "services", "api", "cloud", "platform":
			continue
		}
		if len(w) >= minIdentityLen {
			out = append(out, w)
		}
	}
	return out
}

// isVersionSuffix reports whether rest ("-2024-08-06", "-v2") only pins a
// version of the model before it, rather than naming another model.
func isVersionSuffix(rest string) bool {
	rest, ok := strings.CutPrefix(rest, "-")
	if !ok || rest == "" {
		return false
	}
	if rest[0] == 'v' && len(rest) > 1 {
		rest = rest[1:]
	}
	return rest[0] >= '0' && rest[0] <= '9'
}
