package questionnaires

import (
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

// validNIST reports whether id names a NIST AI RMF category ("MAP 4") or
// subcategory ("MEASURE 2.10") that exists, with a hint when it does not.
func validNIST(id string) (bool, string) {
	const hint = `use a function, a space and a number, e.g. "GOVERN 1.2" or "MEASURE 2.10"`
	fn, num, ok := strings.Cut(id, " ")
	cats, known := nistSubcategories()[fn]
	parts, numOK := numbers(num)
	if !ok || !known || !numOK || len(parts) > 2 {
		return false, hint
	}
	if parts[0] > len(cats) {
		return false, fn + " has categories 1 to " + strconv.Itoa(len(cats))
	}
	if len(parts) == 2 && parts[1] > cats[parts[0]-1] {
		return false, fn + " " + strconv.Itoa(parts[0]) + " has subcategories .1 to ." + strconv.Itoa(cats[parts[0]-1])
	}
	return true, ""
}

// numbers parses "1", "2.10" or "6.1.3": dot-separated positive integers
// without leading zeros.
func numbers(s string) ([]int, bool) {
	var out []int
	for _, p := range strings.Split(s, ".") {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || p[0] == '0' || p[0] == '+' || len(p) > 3 {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
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
		parts, ok := numbers(rest)
		if !ok || len(parts) > 3 || parts[0] < 4 || parts[0] > 10 {
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
// letters, digits, dot, dash and underscore, starting with a letter or digit,
// at most 64 bytes.
func validID(s string) bool {
	return validWord(s, true)
}

// validOptionValue reports whether s can be an option value: lower-case
// letters, digits, '.', '-' and '_'. Commas would break multi answers and
// fact values, and capitals invite near-duplicates.
func validOptionValue(s string) bool {
	return validWord(s, false)
}

func validWord(s string, upper bool) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case upper && r >= 'A' && r <= 'Z':
		case i > 0 && (r == '.' || r == '-' || r == '_'):
		default:
			return false
		}
	}
	return true
}
