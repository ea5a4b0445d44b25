package gen

import (
	"cmp"
	"slices"

	"auditwalk/model"
)

// sortKeys orders answer keys so choices over them do not depend on map
// iteration order.
func sortKeys(ks []model.AnswerKey) {
	slices.SortFunc(ks, func(a, b model.AnswerKey) int {
		return cmp.Or(cmp.Compare(a.Subject, b.Subject), cmp.Compare(a.QuestionID, b.QuestionID))
	})
}
