package model

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// AttestNamespace is the SSH signature namespace of attestations: sign and
// verify with ssh-keygen -Y ... -n auditwalk-attestation.
const AttestNamespace = "auditwalk-attestation"

// canonicalAnswer is the content of an answer that an attestation or a
// review vouches for. The change stamp and the assessor's follow-up flag
// are left out: they are not what the owner said.
type canonicalAnswer struct {
	QuestionID    string   `json:"question_id"`
	Subject       string   `json:"subject"`
	Value         string   `json:"value"`
	Choices       []string `json:"choices"`
	Justification string   `json:"justification"`
	Source        string   `json:"source"`
	Note          string   `json:"note"`
}

// CanonicalAnswer is the canonical one-line encoding of the answer for k
// (a is ignored when ok is false: an unanswered item encodes as empty):
// compact JSON with fields in the fixed order question_id, subject, value,
// choices, justification, source, note. It is what attestation payloads
// list and what their hash covers.
func CanonicalAnswer(k AnswerKey, a Answer, ok bool) string {
	c := canonicalAnswer{QuestionID: k.QuestionID, Subject: k.Subject, Choices: []string{}}
	if ok {
		c.Value, c.Justification, c.Source, c.Note = a.Value, a.Justification, string(a.Source), a.Note
		c.Choices = append(c.Choices, a.Choices...)
	}
	b, err := json.Marshal(c)
	if err != nil {
		panic("model: canonical answer: " + err.Error()) // strings only: cannot fail
	}
	return string(b)
}

// AnswerContentSHA256 is the hex SHA-256 of CanonicalAnswer: the content
// fingerprint a review records.
func AnswerContentSHA256(k AnswerKey, a Answer, ok bool) string {
	return sha256Hex(CanonicalAnswer(k, a, ok))
}

// NarrativeContentSHA256 is the content fingerprint of a narrative's text.
func NarrativeContentSHA256(text string) string { return sha256Hex("narrative\n" + text) }

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// AttestedAnswer is one answer an attestation covers, as canonically
// encoded when attested.
type AttestedAnswer struct {
	Key       AnswerKey
	Canonical string
}

// Attestation is a control owner's statement over exactly the answers they
// saw. Payload is the signed text; AnswersSHA256 covers the canonical
// answers, so any later change to them supersedes the attestation.
type Attestation struct {
	// ID is the store's row id; UID identifies it across packet files.
	ID            int64
	UID           string
	Engagement    string
	Person        string
	Email         string
	Role          Role
	Statement     string
	Controls      []string
	Answers       []AttestedAnswer
	AnswersSHA256 string
	At            time.Time
	Payload       string
	// Signature is an armored SSH signature (SSHSIG) of Payload in
	// AttestNamespace; empty when unsigned. SignerKey is the public key in
	// authorized_keys form, read from the signature.
	Signature string
	SignerKey string
	// Packet is the packet id the attestation was merged from ("" when it
	// was made in this file).
	Packet string
}

// AttestationInput is what NewAttestation needs.
type AttestationInput struct {
	UID        string
	Engagement Engagement
	Person     Person
	Statement  string
	Controls   []string
	// Items are the walk items the person owns (OwnerItems); those of
	// Controls are covered.
	Items   []Item
	Answers Answers
	At      time.Time
}

// NewAttestation builds an attestation by a control owner over the items
// of the given controls, with its canonical payload.
func NewAttestation(in AttestationInput) (Attestation, error) {
	if !in.Person.Has(RoleControlOwner) {
		return Attestation{}, fmt.Errorf("%s cannot attest: that needs the control-owner role", in.Person.Name)
	}
	statement := strings.TrimSpace(CleanText(in.Statement))
	if statement == "" {
		return Attestation{}, fmt.Errorf("an attestation needs a statement")
	}
	if len(in.Controls) == 0 {
		return Attestation{}, fmt.Errorf("an attestation needs at least one control")
	}
	controls := slices.Clone(in.Controls)
	slices.Sort(controls)
	controls = slices.Compact(controls)
	var covered []AttestedAnswer
	for _, id := range controls {
		n := 0
		for _, it := range in.Items {
			if it.Control.ID == id {
				a, ok := in.Answers[it.Key()]
				covered = append(covered, AttestedAnswer{Key: it.Key(), Canonical: CanonicalAnswer(it.Key(), a, ok)})
				n++
			}
		}
		if n == 0 {
			return Attestation{}, fmt.Errorf("control %s: %s owns no questions of it, so cannot attest to it", id, in.Person.Name)
		}
	}
	sortAttested(covered)
	att := Attestation{
		UID: in.UID, Engagement: engagementLabel(in.Engagement), Person: in.Person.Name, Email: in.Person.Email,
		Role: RoleControlOwner, Statement: statement, Controls: controls, Answers: covered,
		AnswersSHA256: attestedHash(covered), At: in.At.UTC().Truncate(time.Second),
	}
	att.Payload = att.RenderPayload()
	return att, nil
}

func engagementLabel(e Engagement) string {
	return strings.TrimSpace(CleanLine(e.Client) + " / " + CleanLine(e.Name))
}

func sortAttested(as []AttestedAnswer) {
	sort.Slice(as, func(i, j int) bool {
		if as[i].Key.QuestionID != as[j].Key.QuestionID {
			return as[i].Key.QuestionID < as[j].Key.QuestionID
		}
		return as[i].Key.Subject < as[j].Key.Subject
	})
}

// attestedHash is hex SHA-256 over the canonical lines, each ending "\n",
// in (question id, subject) order.
func attestedHash(as []AttestedAnswer) string {
	var b strings.Builder
	for _, a := range as {
		b.WriteString(a.Canonical)
		b.WriteByte('\n')
	}
	return sha256Hex(b.String())
}

// RenderPayload renders the text that is signed: a header of "key: value"
// lines (the statement as a JSON string), a blank line, then the covered
// answers, one canonical line each. sha256 of that answer block (every line
// ending "\n") is the answers-sha256 line, so anyone can re-check it.
func (a Attestation) RenderPayload() string {
	var b strings.Builder
	line := func(k, v string) { b.WriteString(k + ": " + v + "\n") }
	b.WriteString("auditwalk attestation v1\n")
	line("id", a.UID)
	line("engagement", a.Engagement)
	line("person", a.Person)
	line("email", a.Email)
	line("role", string(a.Role))
	line("at", a.At.UTC().Format(time.RFC3339))
	line("controls", strings.Join(a.Controls, ","))
	line("statement", strconv.Quote(a.Statement))
	line("answers", strconv.Itoa(len(a.Answers)))
	line("answers-sha256", a.AnswersSHA256)
	b.WriteByte('\n')
	for _, x := range a.Answers {
		b.WriteString(x.Canonical + "\n")
	}
	return b.String()
}

// AttestStatus is whether an attestation still covers the current answers.
type AttestStatus string

// Attestation statuses. Invalid means the stored attestation does not agree
// with itself (payload or hash edited): it vouches for nothing.
const (
	AttestValid      AttestStatus = "valid"
	AttestSuperseded AttestStatus = "superseded"
	AttestInvalid    AttestStatus = "invalid"
)

// AttestationCheck is the outcome of Check.
type AttestationCheck struct {
	Status AttestStatus
	// Changed lists covered answers that differ now, in payload order.
	Changed []AnswerKey
	// Problem explains an invalid attestation.
	Problem string
}

// Check re-hashes the covered answers as they are now: any difference
// supersedes the attestation, naming the answers that changed.
func (a Attestation) Check(current Answers) AttestationCheck {
	if attestedHash(a.Answers) != a.AnswersSHA256 {
		return AttestationCheck{Status: AttestInvalid, Problem: "stored answers do not match the attested hash"}
	}
	if a.RenderPayload() != a.Payload {
		return AttestationCheck{Status: AttestInvalid, Problem: "stored payload does not match the attestation's fields"}
	}
	var changed []AnswerKey
	for _, x := range a.Answers {
		cur, ok := current[x.Key]
		if CanonicalAnswer(x.Key, cur, ok) != x.Canonical {
			changed = append(changed, x.Key)
		}
	}
	if len(changed) > 0 {
		return AttestationCheck{Status: AttestSuperseded, Changed: changed}
	}
	return AttestationCheck{Status: AttestValid}
}
