package tui

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"auditwalk/model"
)

// fakeStore records every call; fail makes writes return an error.
type fakeStore struct {
	mu          sync.Mutex
	answers     []model.Answer
	engagements []model.Engagement
	ui          []([2]string)
	fail        error
}

func (f *fakeStore) Load(context.Context) (model.Snapshot, error) { return model.Snapshot{}, nil }

func (f *fakeStore) SaveEngagement(_ context.Context, e model.Engagement) (model.Engagement, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return model.Engagement{}, f.fail
	}
	f.engagements = append(f.engagements, e)
	return e, nil
}

func (f *fakeStore) SaveAnswer(_ context.Context, a model.Answer) (model.Answer, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return model.Answer{}, f.fail
	}
	f.answers = append(f.answers, a)
	return a, nil
}

func (f *fakeStore) SetUIState(_ context.Context, k, v string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	f.ui = append(f.ui, [2]string{k, v})
	return nil
}

func (f *fakeStore) SaveSystem(context.Context, model.System) (model.System, error) {
	return model.System{}, errors.New("not in fake")
}
func (f *fakeStore) DeleteSystem(context.Context, int64) error { return errors.New("not in fake") }
func (f *fakeStore) SaveVendor(context.Context, model.Vendor) (model.Vendor, error) {
	return model.Vendor{}, errors.New("not in fake")
}
func (f *fakeStore) DeleteVendor(context.Context, int64) error { return errors.New("not in fake") }

func (f *fakeStore) lastAnswer(t *testing.T) model.Answer {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.answers) == 0 {
		t.Fatal("store got no answer")
	}
	return f.answers[len(f.answers)-1]
}

// testPack is a small pack: two sections, an org control with a conditional
// follow-up, a choice/multi/text/date/number control, and a per-system one.
func testPack() *model.Pack {
	return &model.Pack{
		ID: "test-pack", Version: "1.0", Title: "Test pack",
		Sections: []model.Section{
			{ID: "access", Title: "Access to AI", Controls: []model.Control{
				{ID: "AC-1", Title: "Access to model keys", SectionID: "access", Criteria: []string{"CC6.1"},
					NIST: []string{"GOVERN 1.1"}, ISO: []string{"A.6.2.6"},
					Guidance: "Keys **must** be in a vault.", Evidence: []string{"Vault access list"}, Applies: model.AppliesOnce,
					Questions: []model.Question{
						{ID: "ac1.vault", ControlID: "AC-1", Prompt: "Are API keys kept in a vault?", Kind: model.KindYesNo},
						{ID: "ac1.rotate", ControlID: "AC-1", Prompt: "Are vault keys rotated?", Kind: model.KindYesNo,
							When: &model.Condition{Question: "ac1.vault", In: []string{"yes", "partial"}}},
						{ID: "ac1.review", ControlID: "AC-1", Prompt: "Is access reviewed quarterly?", Kind: model.KindYesNo},
					}},
				{ID: "AC-2", Title: "Model change approval", SectionID: "access", Criteria: []string{"CC8.1"},
					Applies: model.AppliesOnce, Questions: []model.Question{
						{ID: "ac2.how", ControlID: "AC-2", Prompt: "How are changes approved?", Kind: model.KindChoice,
							Options: []model.Option{{Value: "ticket", Label: "Ticket"}, {Value: "none", Label: "Not approved"}},
							Meets:   []string{"ticket"}},
						{ID: "ac2.where", ControlID: "AC-2", Prompt: "Where are models deployed?", Kind: model.KindMulti,
							Options: []model.Option{{Value: "prod", Label: "Production"}, {Value: "stage", Label: "Staging"}}},
						{ID: "ac2.owner", ControlID: "AC-2", Prompt: "Who owns model changes?", Kind: model.KindText},
						{ID: "ac2.last", ControlID: "AC-2", Prompt: "When was the last change?", Kind: model.KindDate},
						{ID: "ac2.count", ControlID: "AC-2", Prompt: "How many changes last quarter?", Kind: model.KindNumber},
					}},
			}},
			{ID: "privacy", Title: "Privacy", Controls: []model.Control{
				{ID: "PR-1", Title: "Training on personal data", SectionID: "privacy", Criteria: []string{"P4.1", "C1.1"},
					Applies: model.AppliesPerSystem, Questions: []model.Question{
						{ID: "pr1.optout", ControlID: "PR-1", Prompt: "Is training opt-out in place?", Kind: model.KindYesNo},
					}},
			}},
		},
	}
}

func testSystems() []model.System {
	return []model.System{
		{ID: 1, Name: "Support bot", AffectsService: true},
		{ID: 2, Name: "Code helper", DataCategories: []model.DataCategory{model.DataConfidential}},
	}
}

func setUpEngagement() model.Engagement {
	return model.Engagement{Name: "FY26 readiness", Client: "Acme Ltd", Assessor: "Sam", Readiness: model.Type1}
}

// newTestApp builds an App sized w×h with no debounce, so every command it
// returns can be run synchronously.
func newTestApp(t testing.TB, st *fakeStore, snap model.Snapshot, w, h int) *App {
	t.Helper()
	if snap.Systems == nil {
		snap.Systems = testSystems()
	}
	a := New(Config{Store: st, Pack: testPack(), Snapshot: snap, DBPath: "test.db", Actor: "tester",
		Now: func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }})
	if a.walk != nil {
		a.walk.debounce = 0
	}
	pump(t, a, a.Init())
	send(t, a, tea.WindowSizeMsg{Width: w, Height: h})
	return a
}

// run executes cmd and returns the messages it yields, expanding batches
// and sequences. Commands that block (ticks, cursor blinks) are dropped after
// a short wait: they only schedule redraws.
func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(100 * time.Millisecond):
		return nil
	}
	switch m := msg.(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range m {
			out = append(out, run(c)...)
		}
		return out
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		var out []tea.Msg
		for i := 0; i < v.Len(); i++ {
			out = append(out, run(v.Index(i).Interface().(tea.Cmd))...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// pump runs cmd and feeds its messages back into the App until nothing is
// left; it reports whether tea.Quit came out.
func pump(t testing.TB, a *App, cmd tea.Cmd) bool {
	t.Helper()
	queue := run(cmd)
	quit := false
	for n := 0; len(queue) > 0; n++ {
		if n > 10000 {
			t.Fatal("pump: message loop does not settle")
		}
		msg := queue[0]
		queue = queue[1:]
		if _, ok := msg.(tea.QuitMsg); ok {
			quit = true
			continue
		}
		_, next := a.Update(msg)
		queue = append(queue, run(next)...)
	}
	return quit
}

// send delivers msg and pumps everything it causes.
func send(t testing.TB, a *App, msg tea.Msg) bool {
	t.Helper()
	_, cmd := a.Update(msg)
	return pump(t, a, cmd)
}

// press types keys: single runes, or names like "enter", "esc", "tab",
// "space", "ctrl+s", "up", "down".
func press(t testing.TB, a *App, keys ...string) bool {
	t.Helper()
	quit := false
	for _, k := range keys {
		quit = send(t, a, keyMsg(k)) || quit
	}
	return quit
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+s":
		return tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// typeText sends one key press per rune.
func typeText(t testing.TB, a *App, s string) {
	t.Helper()
	for _, r := range s {
		send(t, a, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// screen is the App's view with escapes stripped.
func screen(a *App) string { return ansi.Strip(a.View().Content) }

func requireContains(t *testing.T, a *App, want ...string) {
	t.Helper()
	s := screen(a)
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Fatalf("screen lacks %q:\n%s", w, s)
		}
	}
}

func currentQ(a *App) string {
	it, ok := a.walk.current()
	if !ok {
		return ""
	}
	return it.Question.ID + "@" + it.Subject
}
