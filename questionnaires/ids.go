package questionnaires

import (
	"regexp"
	"strconv"
	"strings"
)

// nistSubcategories is the number of subcategories in each NIST AI RMF 1.0
// category (NIST AI 100-1): "GOVERN 1" has 1.1 to 1.7, and so on; 72 in all.
func nistSubcategories() map[string][]int {
	return map[string][]int{
		"GOVERN":  {7, 3, 2, 3, 2, 2},
		"MAP":     {6, 3, 5, 2, 2},
		"MEASURE": {3, 13, 3, 3},
		"MANAGE":  {4, 4, 2, 3},
	}
}

func nistPattern() *regexp.Regexp {
	return regexp.MustCompile(`^(GOVERN|MAP|MEASURE|MANAGE) ([1-9][0-9]?)(?:\.([1-9][0-9]?))?$`)
}

// validNIST reports whether id names a NIST AI RMF category ("MAP 4") or
// subcategory ("MEASURE 2.10") that exists, with a hint when it does not.
func validNIST(id string) (bool, string) {
	m := nistPattern().FindStringSubmatch(id)
	if m == nil {
		return false, `use a function, a space and a number, e.g. "GOVERN 1.2" or "MEASURE 2.10"`
	}
	cats := nistSubcategories()[m[1]]
	cat, _ := strconv.Atoi(m[2])
	if cat > len(cats) {
		return false, m[1] + " has categories 1 to " + strconv.Itoa(len(cats))
	}
	if m[3] != "" {
		sub, _ := strconv.Atoi(m[3])
		if sub > cats[cat-1] {
			return false, m[1] + " " + m[2] + " has subcategories ." + "1 to ." + strconv.Itoa(cats[cat-1])
		}
	}
	return true, ""
}

// isoAnnexA is the number of controls under each ISO/IEC 42001:2023 Annex A
// objective; controls start at A.x.2 because A.x.1 is the objective. A.6 has
// two sub-objectives, A.6.1 (controls .2-.3) and A.6.2 (controls .2-.8).
func isoAnnexA() map[string]int {
	return map[string]int{
		"A.2": 4, "A.3": 3, "A.4": 6, "A.5": 5, "A.6.1": 3, "A.6.2": 8,
		"A.7": 6, "A.8": 5, "A.9": 4, "A.10": 4,
	}
}

// validISO reports whether id is an ISO/IEC 42001 Annex A control (e.g.
// "A.6.2.5") or a management-system clause written "clause 6.1.3" (clauses
// 4 to 10), with a hint when it is not.
func validISO(id string) (bool, string) {
	const hint = `use an Annex A control such as "A.6.2.5" or a clause such as "clause 6.1"`
	if rest, ok := strings.CutPrefix(id, "clause "); ok {
		if !regexp.MustCompile(`^([4-9]|10)(\.[1-9][0-9]?){0,2}$`).MatchString(rest) {
			return false, "clauses run from 4 to 10, e.g. \"clause 6.1.3\""
		}
		return true, ""
	}
	i := strings.LastIndex(id, ".")
	if i < 0 || !strings.HasPrefix(id, "A.") {
		return false, hint
	}
	max, ok := isoAnnexA()[id[:i]]
	if !ok {
		return false, hint
	}
	n, err := strconv.Atoi(id[i+1:])
	if err != nil || n < 2 || n > max || id[i+1] == '0' {
		return false, id[:i] + " has controls " + id[:i] + ".2 to " + id[:i] + "." + strconv.Itoa(max)
	}
	return true, ""
}

// validID reports whether s can be a section, control, question or pack id:
// letters, digits, dot, dash and underscore, starting with a letter or digit.
func validID(s string) bool {
	return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`).MatchString(s)
}

// validOptionValue reports whether s can be an option value: lower-case
// letters, digits and dashes. Commas would break multi answers and fact
// values, and capitals invite near-duplicates.
func validOptionValue(s string) bool {
	return regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`).MatchString(s)
}
