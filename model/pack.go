package model

// QuestionKind says how a question is answered.
type QuestionKind string

// Question kinds. Yes/no questions also accept partial, N/A and unknown.
const (
	KindYesNo  QuestionKind = "yesno"
	KindChoice QuestionKind = "choice"
	KindMulti  QuestionKind = "multi"
	KindText   QuestionKind = "text"
	KindDate   QuestionKind = "date"
	KindNumber QuestionKind = "number"
)

// Valid reports whether k is a known kind.
func (k QuestionKind) Valid() bool {
	switch k {
	case KindYesNo, KindChoice, KindMulti, KindText, KindDate, KindNumber:
		return true
	}
	return false
}

// Applies says whether a control is asked once for the organisation or once
// for every in-scope AI system.
type Applies string

// Control applicability.
const (
	AppliesOnce      Applies = "once"
	AppliesPerSystem Applies = "per-system"
)

// Pack is a questionnaire pack: sections of controls of questions.
type Pack struct {
	ID          string
	Version     string
	Title       string
	Description string
	// Hash is the hex SHA-256 of the pack's source bytes; an engagement
	// records it so answers keep their meaning when packs change.
	Hash string
	// Source is where the pack came from: "builtin:<file>" or a file path.
	Source   string
	Sections []Section
	// Covered lists criteria not asked here because the organisation's
	// general SOC 2 programme covers them, each with a one-line reason.
	Covered []CoveredCriterion
}

// CoveredCriterion is a TSC criterion the pack leaves to the organisation's
// general SOC 2 programme, with the reason.
type CoveredCriterion struct {
	Criterion string
	Reason    string
}

// Section groups controls for the walkthrough sidebar.
type Section struct {
	ID       string
	Title    string
	Controls []Control
}

// Control is one auditable control with its questions.
type Control struct {
	ID        string
	Title     string
	SectionID string
	// Criteria are TSC ids; the first is primary.
	Criteria []string
	// NIST are NIST AI RMF subcategory ids; ISO are ISO/IEC 42001 Annex A ids.
	NIST []string
	ISO  []string
	// Guidance is Markdown shown with the question.
	Guidance string
	// Evidence lists what an auditor accepts.
	Evidence []string
	Applies  Applies
	// Narrative is a text/template for the control narrative export.
	Narrative string
	Questions []Question
}

// Option is one choice of a choice or multi question.
type Option struct {
	Value string
	Label string
}

// Question is one prompt of a control.
type Question struct {
	ID        string
	ControlID string
	Prompt    string
	// Help is an optional short hint under the prompt.
	Help    string
	Kind    QuestionKind
	Options []Option
	// Meets lists answer values that count as meeting the control. For yes/no
	// questions it defaults to ["yes"] (with "partial" counting half). Empty
	// for text/date/number means the answer is informational.
	Meets []string
	// When makes the question conditional; nil means always asked.
	When *Condition
}

// Condition makes a question depend on an earlier answer (Question) or on an
// AI system fact (Fact, per-system controls only). The question is asked when
// the referenced value is one of In.
type Condition struct {
	Question string
	Fact     string
	In       []string
}

// Controls returns every control of the pack in order.
func (p *Pack) Controls() []*Control {
	var out []*Control
	for si := range p.Sections {
		for ci := range p.Sections[si].Controls {
			out = append(out, &p.Sections[si].Controls[ci])
		}
	}
	return out
}

// Question finds a question by id.
func (p *Pack) Question(id string) (*Question, *Control, bool) {
	for si := range p.Sections {
		for ci := range p.Sections[si].Controls {
			c := &p.Sections[si].Controls[ci]
			for qi := range c.Questions {
				if c.Questions[qi].ID == id {
					return &c.Questions[qi], c, true
				}
			}
		}
	}
	return nil, nil, false
}

// Control finds a control by id.
func (p *Pack) Control(id string) (*Control, bool) {
	for _, c := range p.Controls() {
		if c.ID == id {
			return c, true
		}
	}
	return nil, false
}

// QuestionCount is the number of questions in the pack (not multiplied by
// systems).
func (p *Pack) QuestionCount() int {
	n := 0
	for _, c := range p.Controls() {
		n += len(c.Questions)
	}
	return n
}

// Section finds a section by id.
func (p *Pack) Section(id string) (*Section, bool) {
	for i := range p.Sections {
		if p.Sections[i].ID == id {
			return &p.Sections[i], true
		}
	}
	return nil, false
}
