package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"
	"github.com/spf13/cobra"

	"auditwalk/data"
	"auditwalk/model"
)

func newAttestCmd(env *cliEnv) *cobra.Command {
	var controls, statement, signKey string
	var mine bool
	cmd := &cobra.Command{
		Use:   "attest --controls ID,ID|--mine --statement \"...\" [--sign-key ~/.ssh/id_ed25519]",
		Short: "Attest, as a control owner, to your answers of some controls (list, show)",
		Long: "The attestation records your statement, name, role and time, and a SHA-256 over exactly the\n" +
			"answers it covers; any later change to them marks it superseded. With --sign-key it is\n" +
			"signed by ssh-keygen -Y sign in namespace " + model.AttestNamespace + " (the key never leaves ssh-keygen).",
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if mine == (controls != "") {
				return usageError{errors.New("give --controls ID,ID or --mine")}
			}
			if strings.TrimSpace(statement) == "" {
				return usageError{errors.New("give --statement \"...\" saying what you attest to")}
			}
			return attest(cmd.Context(), env, splitIDs(controls), statement, expandHome(signKey))
		},
	}
	cmd.Flags().StringVar(&controls, "controls", "", "control ids, comma-separated")
	cmd.Flags().BoolVar(&mine, "mine", false, "every control you own questions of")
	cmd.Flags().StringVar(&statement, "statement", "", "what you attest to")
	cmd.Flags().StringVar(&signKey, "sign-key", "", "SSH private key to sign with (ssh-keygen -Y sign)")
	cmd.AddCommand(newAttestListCmd(env), newAttestShowCmd(env))
	return cmd
}

func splitIDs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func expandHome(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return p
}

func attest(ctx context.Context, env *cliEnv, controls []string, statement, signKey string) error {
	st, err := env.openStore(ctx, false)
	if err != nil {
		return err
	}
	defer st.Close()
	w, err := loadWalkState(ctx, env, st, true)
	if err != nil {
		return err
	}
	person, err := w.people.Require(env.actorName(), model.RoleControlOwner, "attest")
	if err != nil {
		return err
	}
	items := model.OwnerItems(w.items, w.assign, person.Name)
	if len(controls) == 0 {
		for _, it := range items {
			if len(controls) == 0 || controls[len(controls)-1] != it.Control.ID {
				controls = append(controls, it.Control.ID)
			}
		}
		if len(controls) == 0 {
			return fmt.Errorf("%s owns no questions in %s (see auditwalk mine)", person.Name, env.dbPath())
		}
	}
	att, err := model.NewAttestation(model.AttestationInput{UID: uuid.NewString(), Engagement: w.snap.Engagement, Person: person,
		Statement: statement, Controls: controls, Items: items, Answers: w.snap.Answers, At: time.Now()})
	if err != nil {
		return err
	}
	if signKey != "" {
		if att.Signature, att.SignerKey, err = data.SignPayload(ctx, signKey, att.Payload, env.stderr); err != nil {
			return err
		}
	}
	if att, err = st.Attest(ctx, att); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "attestation %d by %s over %s: %d answers, sha256 %s\n", att.ID, att.Person,
		strings.Join(att.Controls, ", "), len(att.Answers), att.AnswersSHA256)
	if att.Signature != "" {
		fmt.Fprintf(env.stdout, "signed with %s (%s)\n", data.KeyFingerprint(att.SignerKey), strings.Fields(att.SignerKey)[0])
	}
	return nil
}

func newAttestListCmd(env *cliEnv) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List attestations: valid, or superseded by a later change (naming the answers)",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := env.openStore(ctx, true)
			if err != nil {
				return err
			}
			defer st.Close()
			snap, err := st.Load(ctx)
			if err != nil {
				return err
			}
			atts, err := st.Attestations(ctx)
			if err != nil {
				return err
			}
			if len(atts) == 0 {
				fmt.Fprintln(env.stdout, "no attestations yet")
				return nil
			}
			tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tSTATUS\tPERSON\tAT\tCONTROLS\tSIGNED\tFROM")
			for _, a := range atts {
				c := a.Check(snap.Answers)
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", a.ID, c.Status, model.CleanLine(a.Person), a.At.Format(time.RFC3339),
					strings.Join(a.Controls, ","), yesNo(a.Signature != ""), orDashStr(packetLabel(a.Packet)))
				if len(c.Changed) > 0 {
					fmt.Fprintf(tw, "\t  changed since:\t%s\n", keyList(c.Changed))
				}
				if c.Problem != "" {
					fmt.Fprintf(tw, "\t  problem:\t%s\n", c.Problem)
				}
			}
			return tw.Flush()
		},
	}
}

func packetLabel(id string) string {
	if id == "" {
		return ""
	}
	return "packet " + id
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func keyList(keys []model.AnswerKey) string {
	s := make([]string, len(keys))
	for i, k := range keys {
		s[i] = model.ReviewKey(k.QuestionID, k.Subject)
	}
	return strings.Join(s, ", ")
}

func newAttestShowCmd(env *cliEnv) *cobra.Command {
	var payload, signature, allowed bool
	cmd := &cobra.Command{
		Use:   "show ID [--payload|--signature|--allowed-signers]",
		Short: "Show an attestation, or print its exact payload, signature or allowed_signers line",
		Long: "Verify a signed attestation with OpenSSH:\n" +
			"  auditwalk attest show 1 --payload > attestation.txt\n" +
			"  auditwalk attest show 1 --signature > attestation.txt.sig\n" +
			"  auditwalk attest show 1 --allowed-signers > allowed_signers   # or your own trusted file\n" +
			"  ssh-keygen -Y verify -f allowed_signers -I EMAIL -n " + model.AttestNamespace + " -s attestation.txt.sig < attestation.txt",
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return usageError{fmt.Errorf("attestation id %q is not a number", args[0])}
			}
			ctx := cmd.Context()
			st, err := env.openStore(ctx, true)
			if err != nil {
				return err
			}
			defer st.Close()
			a, err := st.Attestation(ctx, id)
			if err != nil {
				return err
			}
			switch {
			case payload:
				_, err = fmt.Fprint(env.stdout, a.Payload)
				return err
			case signature || allowed:
				if a.Signature == "" {
					return fmt.Errorf("attestation %d is not signed", id)
				}
				if signature {
					_, err = fmt.Fprint(env.stdout, a.Signature)
					return err
				}
				principal := a.Email
				if principal == "" {
					principal = a.Person
				}
				_, err = fmt.Fprintf(env.stdout, "%s namespaces=\"%s\" %s\n", principal, model.AttestNamespace, a.SignerKey)
				return err
			}
			return showAttestation(ctx, env, st, a)
		},
	}
	cmd.Flags().BoolVar(&payload, "payload", false, "print the exact signed payload")
	cmd.Flags().BoolVar(&signature, "signature", false, "print the armored SSH signature")
	cmd.Flags().BoolVar(&allowed, "allowed-signers", false, "print an allowed_signers line for the signing key")
	cmd.MarkFlagsMutuallyExclusive("payload", "signature", "allowed-signers")
	return cmd
}

func showAttestation(ctx context.Context, env *cliEnv, st *data.Store, a model.Attestation) error {
	snap, err := st.Load(ctx)
	if err != nil {
		return err
	}
	c := a.Check(snap.Answers)
	out := env.stdout
	fmt.Fprintf(out, "attestation %d (%s)\n", a.ID, a.UID)
	fmt.Fprintf(out, "status:     %s\n", c.Status)
	if len(c.Changed) > 0 {
		fmt.Fprintf(out, "changed:    %s\n", keyList(c.Changed))
	}
	fmt.Fprintf(out, "person:     %s <%s>, %s\n", model.CleanLine(a.Person), model.CleanLine(a.Email), a.Role)
	fmt.Fprintf(out, "at:         %s\n", a.At.Format(time.RFC3339))
	fmt.Fprintf(out, "controls:   %s\n", strings.Join(a.Controls, ", "))
	fmt.Fprintf(out, "statement:  %s\n", model.CleanLine(a.Statement))
	fmt.Fprintf(out, "answers:    %d, sha256 %s\n", len(a.Answers), a.AnswersSHA256)
	if a.Packet != "" {
		fmt.Fprintf(out, "merged from packet %s\n", a.Packet)
	}
	if a.Signature == "" {
		fmt.Fprintln(out, "signature:  none")
		return nil
	}
	verdict := "good"
	if err := data.CheckSignature(ctx, a.Payload, a.Signature); err != nil {
		verdict = "NOT CHECKED: " + err.Error()
		if !errors.Is(err, data.ErrNoSSHKeygen) {
			verdict = "BAD: " + model.CleanLine(err.Error())
		}
	}
	fmt.Fprintf(out, "signature:  %s, key %s (%s)\n", verdict, data.KeyFingerprint(a.SignerKey), strings.Fields(a.SignerKey)[0])
	return nil
}
