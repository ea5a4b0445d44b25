package main

import (
	"context"
	"fmt"
	"slices"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"auditwalk/data"
	"auditwalk/model"
	"auditwalk/questionnaires"
)

func newReviewCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "review",
		Short: "Review answers and narratives: list, mark-reviewed, approve, request-changes",
		Long: "Every answer and control narrative has a review state: not-reviewed, reviewed, approved or\n" +
			"changes-requested. Reviewers need the reviewer role and cannot approve their own answers.\n" +
			"Changing an answer sends it back to not-reviewed, and the list says why.",
		Args: usageArgs(cobra.NoArgs),
	}
	var state string
	list := &cobra.Command{
		Use:   "list [--state S]",
		Short: "List answers (and reviewed narratives) with their review state",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if state != "" && !slices.Contains(model.ReviewStates(), model.ReviewState(state)) {
				return usageError{fmt.Errorf("--state %q: use not-reviewed, reviewed, approved or changes-requested", state)}
			}
			return listReviews(cmd.Context(), env, model.ReviewState(state))
		},
	}
	list.Flags().StringVar(&state, "state", "", "only this state: not-reviewed, reviewed, approved, changes-requested")
	cmd.AddCommand(list)
	for _, action := range []model.ReviewAction{model.ReviewMarkReviewed, model.ReviewApprove, model.ReviewRequestChanges} {
		cmd.AddCommand(newReviewActionCmd(env, action))
	}
	return cmd
}

func newReviewActionCmd(env *cliEnv, action model.ReviewAction) *cobra.Command {
	var comment string
	var narrative bool
	cmd := &cobra.Command{
		Use:   string(action) + " QID[@subject] [--comment C]",
		Short: map[model.ReviewAction]string{model.ReviewMarkReviewed: "Mark an answer (or --narrative) as reviewed", model.ReviewApprove: "Approve an answer (or --narrative)", model.ReviewRequestChanges: "Send an answer (or --narrative) back with a comment"}[action],
		Long:  "QID is a question id (with --narrative, a control id); subject is org (default) or system:N.",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, subject, err := model.ParseReviewKey(args[0])
			if err != nil {
				return usageError{err}
			}
			ctx := cmd.Context()
			st, err := env.openStore(ctx, false)
			if err != nil {
				return err
			}
			defer st.Close()
			w, err := loadWalkState(ctx, env, st, true)
			if err != nil {
				return err
			}
			var r model.Review
			if narrative {
				r, err = reviewNarrative(ctx, st, w, id, subject, action, comment)
			} else {
				if _, _, ok := w.pack.Question(id); !ok {
					return usageError{fmt.Errorf("no question %q in pack %s", id, w.pack.ID)}
				}
				r, err = st.ReviewAnswer(ctx, model.AnswerKey{QuestionID: id, Subject: subject}, action, comment)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "%s %s: %s by %s\n", r.Kind, r.Key, r.State, r.Reviewer)
			return nil
		},
	}
	cmd.Flags().StringVar(&comment, "comment", "", "what the reviewer says (required to request changes)")
	cmd.Flags().BoolVar(&narrative, "narrative", false, "review the control narrative CONTROL[@subject] instead of an answer")
	return cmd
}

// reviewNarrative reviews the generated narrative of a control for a
// subject; its authors are the authors of the answers it is composed from.
func reviewNarrative(ctx context.Context, st *data.Store, w walkState, controlID, subject string, action model.ReviewAction, comment string) (model.Review, error) {
	text, authors, err := narrativeContent(w, controlID, subject)
	if err != nil {
		return model.Review{}, err
	}
	return st.ReviewNarrative(ctx, controlID, subject, model.NarrativeContentSHA256(text), authors, action, comment)
}

func narrativeContent(w walkState, controlID, subject string) (string, []string, error) {
	ctl, ok := w.pack.Control(controlID)
	if !ok {
		return "", nil, usageError{fmt.Errorf("no control %q in pack %s", controlID, w.pack.ID)}
	}
	nd := questionnaires.NarrativeData{Pack: w.pack, Engagement: w.snap.Engagement, Subject: subject, Answers: w.snap.Answers}
	if id, ok := model.SubjectSystemID(subject); ok {
		for i := range w.snap.Systems {
			if w.snap.Systems[i].ID == id {
				nd.System = &w.snap.Systems[i]
			}
		}
		if nd.System == nil {
			return "", nil, usageError{fmt.Errorf("no AI system %d", id)}
		}
	}
	text, err := questionnaires.RenderNarrative(ctl, nd)
	if err != nil {
		return "", nil, err
	}
	var authors []string
	for _, q := range ctl.Questions {
		if a, ok := w.snap.Answers[model.AnswerKey{QuestionID: q.ID, Subject: subject}]; ok && !slices.Contains(authors, a.UpdatedBy) {
			authors = append(authors, a.UpdatedBy)
		}
	}
	return text, authors, nil
}

func listReviews(ctx context.Context, env *cliEnv, only model.ReviewState) error {
	st, err := env.openStore(ctx, true)
	if err != nil {
		return err
	}
	defer st.Close()
	w, err := loadWalkState(ctx, env, st, false)
	if err != nil {
		return err
	}
	reviews, err := st.AnswerReviews(ctx, w.snap.Answers)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STATE\tKIND\tKEY\tAUTHOR\tREVIEWER\tNOTE")
	n := 0
	for _, it := range w.items {
		a, ok := w.snap.Answers[it.Key()]
		if !ok || !a.IsAnswered() {
			continue
		}
		r := reviews[it.Key()]
		r.State = r.StateOrDefault()
		if only != "" && r.State != only {
			continue
		}
		n++
		fmt.Fprintf(tw, "%s\tanswer\t%s\t%s\t%s\t%s\n", r.State, model.ReviewKey(it.Question.ID, it.Subject), model.CleanLine(a.UpdatedBy), orDashStr(model.CleanLine(r.Reviewer)), reviewNote(r))
	}
	all, err := st.ReviewStates(ctx)
	if err != nil {
		return err
	}
	for _, r := range all {
		if r.Kind != model.ReviewNarrative {
			continue
		}
		if id, subject, err := model.ParseReviewKey(r.Key); err == nil {
			if text, _, err := narrativeContent(w, id, subject); err == nil {
				r = r.Current(model.NarrativeContentSHA256(text))
			}
		}
		if only != "" && r.StateOrDefault() != only {
			continue
		}
		n++
		fmt.Fprintf(tw, "%s\tnarrative\t%s\t-\t%s\t%s\n", r.StateOrDefault(), r.Key, orDashStr(model.CleanLine(r.Reviewer)), reviewNote(r))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if n == 0 {
		fmt.Fprintln(env.stdout, "(nothing to list)")
	}
	return nil
}

func reviewNote(r model.Review) string {
	if r.Reset != "" {
		return model.CleanLine(r.Reset)
	}
	return orDashStr(model.CleanLine(r.Comment))
}
