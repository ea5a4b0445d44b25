package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"auditwalk/data"
	"auditwalk/model"
)

// identityPath is where `auditwalk whoami --set` keeps who runs auditwalk
// on this machine: <user config dir>/auditwalk/identity.
func identityPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no user config directory: %w", err)
	}
	return filepath.Join(dir, "auditwalk", "identity"), nil
}

// savedIdentity returns the identity saved on this machine, "" if none.
func savedIdentity() string {
	p, err := identityPath()
	if err != nil {
		return ""
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(model.CleanLine(string(b)))
}

// actorSource is actorName with where the name came from, for whoami.
func (e *cliEnv) actorSource() (name, source string) {
	switch {
	case e.actor != "":
		return e.actor, "--as"
	case os.Getenv("AUDITWALK_AS") != "":
		return os.Getenv("AUDITWALK_AS"), "$AUDITWALK_AS"
	case savedIdentity() != "":
		p, _ := identityPath()
		return savedIdentity(), p
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username, "your login"
	}
	return "unknown", "nothing set"
}

func newWhoamiCmd(env *cliEnv) *cobra.Command {
	var set string
	cmd := &cobra.Command{
		Use:   "whoami",
		Short: "Show or save (--set NAME) who you are on this machine",
		Long: "Every change records who made it: --as NAME, else $AUDITWALK_AS, else the identity saved\n" +
			"on this machine with whoami --set, else your login. The name should match a person of the\n" +
			"engagement (auditwalk people list).",
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Flags().Changed("set") {
				return saveIdentity(env, set)
			}
			name, source := env.actorSource()
			fmt.Fprintf(env.stdout, "%s (from %s)\n", model.CleanLine(name), source)
			if _, err := os.Stat(env.dbPath()); err != nil {
				return nil
			}
			st, err := env.openStore(cmd.Context(), true)
			if err != nil {
				return nil // whoami answers even when the file cannot be read
			}
			defer st.Close()
			people, err := st.People(cmd.Context())
			if err != nil {
				return err
			}
			if p, ok := people.Find(name); ok {
				fmt.Fprintf(env.stdout, "%s: %s\n", env.dbPath(), orDashStr(p.RoleList()))
			} else {
				fmt.Fprintf(env.stdout, "%s: not a person of this engagement (auditwalk people add)\n", env.dbPath())
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&set, "set", "", "save NAME as who you are on this machine")
	return cmd
}

func saveIdentity(env *cliEnv, name string) error {
	name = strings.TrimSpace(name)
	if err := (model.Person{Name: name, Roles: []model.Role{model.RoleAssessor}}).Validate(); err != nil {
		return usageError{err}
	}
	p, err := writeIdentity(name)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "saved: you are %s on this machine (%s)\n", name, p)
	return nil
}

// writeIdentity saves name as this machine's identity, the file
// savedIdentity reads (0600, written aside and renamed so a crash never
// leaves half a name), and returns the file's path. The TUI's identity
// prompt and whoami --set both write through here.
func writeIdentity(name string) (string, error) {
	p, err := identityPath()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return "", err
	}
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, []byte(strings.TrimSpace(name)+"\n"), 0o600); err != nil {
		return "", err
	}
	return p, os.Rename(tmp, p)
}

func orDashStr(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func newPeopleCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "people",
		Short: "List or add the engagement's people and their roles",
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(cmd *cobra.Command, _ []string) error { return listPeople(cmd.Context(), env) },
	}
	var email, roles string
	add := &cobra.Command{
		Use:   "add NAME --role assessor|control-owner|reviewer[,...] [--email E]",
		Short: "Add a person, or change one's email and roles",
		Long: "A person may hold several roles. Once the engagement has an assessor, only an assessor\n" +
			"may add or change people; whoever adds the first assessor bootstraps the engagement.",
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			rs, err := model.ParseRoles(roles)
			if err != nil {
				return usageError{err}
			}
			// Naming the team is a natural first step, so this may
			// create the engagement file.
			st, err := env.createStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			p, err := st.SavePerson(cmd.Context(), model.Person{Name: args[0], Email: email, Roles: rs})
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "%s: %s (%s)\n", p.Name, p.RoleList(), orDashStr(p.Email))
			return nil
		},
	}
	add.Flags().StringVar(&email, "email", "", "email address (the principal in an SSH allowed_signers file)")
	add.Flags().StringVar(&roles, "role", "", "roles, comma-separated: assessor, control-owner, reviewer")
	list := &cobra.Command{
		Use:   "list",
		Short: "List people, their roles and what they own",
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(cmd *cobra.Command, _ []string) error { return listPeople(cmd.Context(), env) },
	}
	cmd.AddCommand(add, list)
	return cmd
}

func listPeople(ctx context.Context, env *cliEnv) error {
	st, err := env.openStore(ctx, true)
	if err != nil {
		return err
	}
	defer st.Close()
	people, err := st.People(ctx)
	if err != nil {
		return err
	}
	as, err := st.Assignments(ctx)
	if err != nil {
		return err
	}
	if len(people) == 0 {
		fmt.Fprintln(env.stdout, "no people yet (auditwalk people add NAME --role assessor)")
		return nil
	}
	w := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tROLES\tEMAIL\tOWNS")
	for _, p := range people {
		var owns []string
		for _, a := range as.Of(p.Name) {
			owns = append(owns, string(a.Kind)+" "+a.Target)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", model.CleanLine(p.Name), p.RoleList(), orDashStr(model.CleanLine(p.Email)), orDashStr(strings.Join(owns, ", ")))
	}
	return w.Flush()
}

func newAssignCmd(env *cliEnv) *cobra.Command {
	var owner string
	var clear bool
	cmd := &cobra.Command{
		Use:   "assign control|system ID --owner NAME",
		Short: "Assign a control or an AI system to an owner (--clear to unassign)",
		Long: "A control's owner sees all its questions (for the organisation and every system); a\n" +
			"system's owner sees the per-system questions of that system. SYSTEM may be an id or a name.",
		Args: usageArgs(cobra.ExactArgs(2)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if (owner == "") == !clear {
				return usageError{errors.New("give --owner NAME, or --clear to remove the assignment")}
			}
			ctx := cmd.Context()
			st, err := env.openStore(ctx, false)
			if err != nil {
				return err
			}
			defer st.Close()
			kind, target, err := assignTarget(ctx, env, st, args[0], args[1])
			if err != nil {
				return err
			}
			a, err := st.Assign(ctx, kind, target, owner)
			if err != nil {
				return err
			}
			if a.Owner == "" {
				fmt.Fprintf(env.stdout, "%s %s: unassigned\n", kind, target)
			} else {
				fmt.Fprintf(env.stdout, "%s %s: owned by %s\n", kind, target, a.Owner)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&owner, "owner", "", "the owner (a person with the control-owner role)")
	cmd.Flags().BoolVar(&clear, "clear", false, "remove the assignment")
	return cmd
}

// assignTarget checks a control id against the engagement's pack, or
// resolves a system by id or name.
func assignTarget(ctx context.Context, env *cliEnv, st *data.Store, kind, ref string) (model.AssignKind, string, error) {
	switch kind {
	case "control":
		pack, err := env.engagementPack(ctx, st)
		if err != nil {
			return "", "", err
		}
		ctl, ok := pack.Control(ref)
		if !ok {
			return "", "", usageError{fmt.Errorf("no control %q in pack %s", ref, pack.ID)}
		}
		return model.AssignControl, ctl.ID, nil
	case "system":
		snap, err := st.Load(ctx)
		if err != nil {
			return "", "", err
		}
		for _, s := range snap.Systems {
			if strconv.FormatInt(s.ID, 10) == ref || strings.EqualFold(s.Name, ref) {
				return model.AssignSystem, strconv.FormatInt(s.ID, 10), nil
			}
		}
		return "", "", usageError{fmt.Errorf("no AI system %q (give its id or name)", ref)}
	}
	return "", "", usageError{fmt.Errorf("assign %q: use assign control ID or assign system ID", kind)}
}

// walkState is an engagement loaded for the accountability commands.
type walkState struct {
	pack   *model.Pack
	snap   model.Snapshot
	items  []model.Item
	people model.People
	assign model.Assignments
}

func loadWalkState(ctx context.Context, env *cliEnv, st *data.Store, start bool) (walkState, error) {
	var w walkState
	var err error
	if start {
		w.pack, err = env.engagementPack(ctx, st)
	} else {
		w.pack, err = env.storedPack(ctx, st)
	}
	if err != nil {
		return w, err
	}
	if w.snap, err = st.Load(ctx); err != nil {
		return w, err
	}
	if w.people, err = st.People(ctx); err != nil {
		return w, err
	}
	if w.assign, err = st.Assignments(ctx); err != nil {
		return w, err
	}
	w.items = model.Walk(w.pack, w.snap.Answers, w.snap.Systems)
	return w, nil
}

func newMineCmd(env *cliEnv) *cobra.Command {
	var owner string
	cmd := &cobra.Command{
		Use:   "mine [--owner NAME]",
		Short: "Show what is assigned to you (or --owner), with progress",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := env.openStore(ctx, true)
			if err != nil {
				return err
			}
			defer st.Close()
			w, err := loadWalkState(ctx, env, st, false)
			if err != nil {
				return err
			}
			if owner == "" {
				owner = env.actorName()
			}
			items := model.OwnerItems(w.items, w.assign, owner)
			p := model.OwnerProgress(items, w.snap.Answers)
			fmt.Fprintf(env.stdout, "%s: %d of %d questions answered (%d%%)\n", model.CleanLine(owner), p.Answered, p.Asked, p.Percent())
			tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
			for _, c := range p.Controls {
				fmt.Fprintf(tw, "%s\t%s\t%d/%d\t%s\n", c.Control.ID, subjectLabel(c.Subject, c.System), c.Answered, c.Asked, model.CleanLine(c.Control.Title))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&owner, "owner", "", "whose items to show (default: you)")
	return cmd
}

func subjectLabel(subject string, sys *model.System) string {
	if sys != nil {
		return subject + " (" + model.CleanLine(sys.Name) + ")"
	}
	return subject
}
