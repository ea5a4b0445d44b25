package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"auditwalk/model"
)

// reviewStateRow is a row of review.
type reviewStateRow struct {
	Kind          string `json:"kind"`
	Key           string `json:"key"`
	State         string `json:"state"`
	Comment       string `json:"comment"`
	Reviewer      string `json:"reviewer"`
	At            string `json:"at"`
	ContentSHA256 string `json:"content_sha256"`
	Reset         string `json:"reset"`
}

const reviewStateCols = "kind, key, state, comment, reviewer, at, content_sha256, reset"

func (r reviewStateRow) values() []any {
	return []any{r.Kind, r.Key, r.State, r.Comment, r.Reviewer, r.At, r.ContentSHA256, r.Reset}
}

func (r reviewStateRow) entityID() string { return r.Kind + ":" + r.Key }

func scanReviewState(sc scanner) (reviewStateRow, error) {
	var r reviewStateRow
	err := sc.Scan(&r.Kind, &r.Key, &r.State, &r.Comment, &r.Reviewer, &r.At, &r.ContentSHA256, &r.Reset)
	return r, err
}

func newReviewStateRow(v model.Review, at string) reviewStateRow {
	if v.At.IsZero() {
		at = ""
	}
	return reviewStateRow{Kind: string(v.Kind), Key: v.Key, State: string(v.StateOrDefault()), Comment: v.Comment,
		Reviewer: v.Reviewer, At: at, ContentSHA256: v.ContentSHA256, Reset: v.Reset}
}

func (r reviewStateRow) model() (model.Review, error) {
	v := model.Review{Kind: model.ReviewKind(r.Kind), Key: r.Key, State: model.ReviewState(r.State), Comment: r.Comment,
		Reviewer: r.Reviewer, ContentSHA256: r.ContentSHA256, Reset: r.Reset}
	if r.At != "" {
		t, err := parseTime(r.At)
		if err != nil {
			return v, fmt.Errorf("review %s: at: %w", r.entityID(), err)
		}
		v.At = t
	}
	return v, nil
}

// ReviewStates returns every stored review row (answers and narratives). A
// missing row means not-reviewed. Answer reviews are as stored; call
// Review.Current with the answer's content hash to judge one against the
// answer now (AnswerReviews does that for answers).
func (s *Store) ReviewStates(ctx context.Context) ([]model.Review, error) {
	var out []model.Review
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = readReviewStates(ctx, tx)
		return err
	})
	return out, err
}

func readReviewStates(ctx context.Context, q querier) ([]model.Review, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+reviewStateCols+" FROM review ORDER BY kind, key")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Review
	for rows.Next() {
		r, err := scanReviewState(rows)
		if err != nil {
			return nil, err
		}
		v, err := r.model()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// AnswerReviews returns the review of every answer that has a review row,
// judged against the answer as it is now (Review.Current), by answer key.
func (s *Store) AnswerReviews(ctx context.Context, answers model.Answers) (map[model.AnswerKey]model.Review, error) {
	all, err := s.ReviewStates(ctx)
	if err != nil {
		return nil, err
	}
	out := map[model.AnswerKey]model.Review{}
	for _, v := range all {
		if v.Kind != model.ReviewAnswer {
			continue
		}
		q, subj, err := model.ParseReviewKey(v.Key)
		if err != nil {
			continue // an unparseable key was never written by auditwalk; Verify reports such rows
		}
		k := model.AnswerKey{QuestionID: q, Subject: subj}
		a, ok := answers[k]
		out[k] = v.Current(model.AnswerContentSHA256(k, a, ok))
	}
	return out, nil
}

// ReviewAnswer applies a review action to the answer for key, by the
// store's actor, who must hold the reviewer role and must not be the
// answer's author for approve and mark-reviewed (see model.Apply for the
// transitions).
func (s *Store) ReviewAnswer(ctx context.Context, key model.AnswerKey, action model.ReviewAction, comment string) (model.Review, error) {
	var out model.Review
	err := s.write(ctx, func(t *txn) error {
		a, ok, err := t.answer(ctx, key)
		if err != nil {
			return err
		}
		target := model.ReviewTarget{Kind: model.ReviewAnswer, Key: model.ReviewKey(key.QuestionID, key.Subject),
			ContentSHA256: model.AnswerContentSHA256(key, a, ok), Authors: []string{a.UpdatedBy}, Empty: !ok || !a.IsAnswered()}
		out, err = t.applyReview(ctx, target, action, comment)
		return err
	})
	return out, err
}

// ReviewNarrative applies a review action to the narrative of control for
// subject. The caller renders the narrative and passes its content hash
// (model.NarrativeContentSHA256) and authors (its editor and the authors of
// the answers it is composed from).
func (s *Store) ReviewNarrative(ctx context.Context, controlID, subject, contentSHA256 string, authors []string, action model.ReviewAction, comment string) (model.Review, error) {
	var out model.Review
	err := s.write(ctx, func(t *txn) error {
		target := model.ReviewTarget{Kind: model.ReviewNarrative, Key: model.ReviewKey(controlID, subject),
			ContentSHA256: contentSHA256, Authors: authors}
		var err error
		out, err = t.applyReview(ctx, target, action, comment)
		return err
	})
	return out, err
}

func (t *txn) applyReview(ctx context.Context, target model.ReviewTarget, action model.ReviewAction, comment string) (model.Review, error) {
	people, err := readPeople(ctx, t.tx)
	if err != nil {
		return model.Review{}, err
	}
	p, err := people.Require(t.actor, model.RoleReviewer, "review")
	if err != nil {
		return model.Review{}, notAllowed(err)
	}
	cur, found, err := t.reviewStateRow(ctx, string(target.Kind), target.Key)
	if err != nil {
		return model.Review{}, err
	}
	curModel, err := cur.model()
	if err != nil {
		return model.Review{}, err
	}
	if !found {
		curModel = model.Review{Kind: target.Kind, Key: target.Key}
	}
	next, err := model.Apply(curModel, target, action, p.Name, comment, t.at)
	if err != nil {
		return curModel.Current(target.ContentSHA256), notAllowed(err)
	}
	return next, t.putReviewState(ctx, cur, found, newReviewStateRow(next, t.stamp), ActionReview)
}

func (t *txn) reviewStateRow(ctx context.Context, kind, key string) (reviewStateRow, bool, error) {
	r, err := scanReviewState(t.queryRow(ctx, reviewGetSQL, kind, key))
	if errors.Is(err, sql.ErrNoRows) {
		return reviewStateRow{Kind: kind, Key: key, State: string(model.ReviewNotReviewed)}, false, nil
	}
	return r, err == nil, err
}

func (t *txn) putReviewState(ctx context.Context, cur reviewStateRow, found bool, r reviewStateRow, action string) error {
	before := ""
	if found {
		before = encodeJSON(cur)
	}
	q := "INSERT INTO review (" + reviewStateCols + ") VALUES (" + placeholders(reviewStateCols) + ")" +
		" ON CONFLICT (kind, key) DO UPDATE SET " + excludedAssignments(reviewStateCols)
	if _, err := t.tx.ExecContext(ctx, q, r.values()...); err != nil {
		return err
	}
	return t.record(ctx, action, EntityReview, r.entityID(), before, encodeJSON(r))
}

// answerChanged is called, in the same transaction, whenever an answer's
// content changes (SaveAnswer, packet merge, conflict resolution): a
// reviewed, approved or changes-requested answer goes back to not-reviewed,
// and the row says why ("answer changed after approval ..."), with its own
// trail record. Doing it in the writing transaction is what guarantees an
// approval never outlives the content it approved.
func (t *txn) answerChanged(ctx context.Context, key model.AnswerKey) error {
	return t.reviewedContentChanged(ctx, model.ReviewAnswer, model.ReviewKey(key.QuestionID, key.Subject))
}

// narrativeChanged is answerChanged for an edited narrative: whoever stores
// narrative edits calls it in the saving transaction (Review.Current also
// catches a changed narrative by its content hash).
func (t *txn) narrativeChanged(ctx context.Context, controlID, subject string) error {
	return t.reviewedContentChanged(ctx, model.ReviewNarrative, model.ReviewKey(controlID, subject))
}

func (t *txn) reviewedContentChanged(ctx context.Context, kind model.ReviewKind, key string) error {
	cur, found, err := t.reviewStateRow(ctx, string(kind), key)
	if err != nil || !found {
		return err
	}
	v, err := cur.model()
	if err != nil {
		return err
	}
	next, changed := v.ResetFor(kind)
	if !changed {
		return nil
	}
	return t.putReviewState(ctx, cur, true, newReviewStateRow(next, t.stamp), ActionReset)
}

// answer reads the answer for key in the transaction.
func (t *txn) answer(ctx context.Context, key model.AnswerKey) (model.Answer, bool, error) {
	r, ok, err := t.answerRow(ctx, key)
	if err != nil || !ok {
		return model.Answer{}, false, err
	}
	a, err := r.model()
	return a, err == nil, err
}

func (t *txn) answerRow(ctx context.Context, key model.AnswerKey) (answerRow, bool, error) {
	r, err := scanAnswer(t.queryRow(ctx, answerGetSQL, key.QuestionID, key.Subject))
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// putAnswerRow writes r as the answer (keeping r's stamp) unless its
// content equals the current row, records the change with action, and
// resets its review. It reports whether anything changed.
func (t *txn) putAnswerRow(ctx context.Context, r answerRow, action string) (bool, error) {
	key := model.AnswerKey{QuestionID: r.QuestionID, Subject: r.Subject}
	cur, found, err := t.answerRow(ctx, key)
	if err != nil {
		return false, err
	}
	before := ""
	if found {
		if encodeJSON(cur.content()) == encodeJSON(r.content()) {
			return false, nil
		}
		before = encodeJSON(cur)
	}
	if err := t.exec(ctx, answerPutSQL, r.values()...); err != nil {
		return false, err
	}
	if err := t.record(ctx, action, EntityAnswer, r.entityID(), before, encodeJSON(r)); err != nil {
		return false, err
	}
	return true, t.answerChanged(ctx, key)
}
