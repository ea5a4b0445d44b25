package tui

import (
	"context"
	"fmt"
	"os"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"auditwalk/model"
)

// Config is everything the TUI needs; main.go builds it. All data arrives in
// Snapshot, and every change goes back through Store inside a tea.Cmd.
type Config struct {
	Store    model.Store
	Pack     *model.Pack
	Snapshot model.Snapshot
	// DBPath is shown in the status line.
	DBPath string
	// Actor is recorded as UpdatedBy on answers.
	Actor string
	// Now stamps answers; nil means time.Now.
	Now func() time.Time
	// Audit backs the export, narrative and trail screens (export.go);
	// main.go wires it from the store. Zero fields show a notice.
	Audit AuditConfig
	// Triage backs the exception triage screens (main.go passes the
	// *data.Store); nil leaves them empty with a notice.
	Triage model.TriageStore
	// Importer applies imports from the inventory and vendor screens
	// (main.go passes the *data.Store); nil hides import.
	Importer InventoryImporter
	// Accountability backs people, reviews, attestations, conflicts and
	// the identity prompt (people_state.go); main.go wires it.
	Accountability AccountabilityConfig
	// Evidence backs the evidence screen and the attach forms
	// (evidence_state.go); main.go wires it. A nil Store hides evidence.
	Evidence EvidenceConfig
	// Detect re-runs exception detection from the triage queue (D); nil
	// says it is not available.
	Detect DetectFunc
}

// Minimum terminal size; below it the App shows only a notice.
const (
	minWidth  = 60
	minHeight = 16
	// fullHelpLines is the height reserved for the full help (?).
	fullHelpLines = 8
)

// App is the root tea.Model: a stack of screens between a header, a status
// line and a help bar. It is the only tea.Model of the package.
type App struct {
	cfg      Config
	com      *Common
	keys     GlobalKeys
	help     help.Model
	fullHelp bool

	stack   []Screen
	tabList []tab
	tabs    map[ScreenID]Screen
	walk    *walkScreen

	width, height int
	bodyW, bodyH  int

	status    StatusMsg
	statusID  int
	statusTTL time.Duration
	pendingG  bool
	quitting  bool
}

// New builds the App from cfg. It does no I/O: the snapshot has been read
// and the environment is Run's business.
func New(cfg Config) *App {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	com := &Common{
		Session:  newSession(cfg.Pack, cfg.Snapshot),
		Styles:   NewStyles(true),
		Writes:   &writeQueue{},
		Store:    cfg.Store,
		Now:      cfg.Now,
		Actor:    cfg.Actor,
		Triage:   newTriageState(cfg.Triage),
		Acct:     newAcctState(cfg.Accountability),
		Evidence: newEvidenceState(cfg.Evidence, cfg.Detect),
		Audit:    cfg.Audit,

		Importer: cfg.Importer,
	}
	a := &App{cfg: cfg, com: com, keys: DefaultGlobalKeys(), help: help.New(),
		tabList: tabs(), tabs: map[ScreenID]Screen{}, statusTTL: 4 * time.Second}
	for _, t := range a.tabList {
		a.tabs[t.id] = t.make(com)
	}
	a.walk, _ = a.tabs[ScreenWalkthrough].(*walkScreen)
	a.stack = []Screen{a.tabs[ScreenDashboard]}
	if !cfg.Snapshot.Engagement.IsSetUp() {
		a.stack = append(a.stack, newSetupScreen(com, true))
	}
	if identityNeeded(cfg.Accountability) {
		a.stack = append(a.stack, newIdentityScreen(com))
	}
	a.applyStyles()
	return a
}

// Run runs the App as a full-screen program until the user quits. It honours
// NO_COLOR by forcing the ASCII colour profile (styles like bold remain).
func Run(ctx context.Context, cfg Config, opts ...tea.ProgramOption) error {
	a := New(cfg)
	a.com.ctx = ctx
	po := []tea.ProgramOption{tea.WithContext(ctx)}
	if os.Getenv("NO_COLOR") != "" {
		po = append(po, tea.WithColorProfile(colorprofile.ASCII))
	}
	po = append(po, opts...)
	_, err := tea.NewProgram(a, po...).Run()
	if err != nil {
		return fmt.Errorf("tui: %w", err)
	}
	return nil
}

// Init asks for the background colour and initialises the visible screen.
func (a *App) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, a.top().Init(), a.com.loadAcct(), a.com.loadEvidence())
}

func (a *App) top() Screen { return a.stack[len(a.stack)-1] }

// Update routes a message: sizes and theme first, then app-level messages,
// then keys (quit, the top screen's captures, globals, the top screen), and
// everything else to every live screen.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		return a, a.layout()
	case tea.BackgroundColorMsg:
		a.com.Styles = NewStyles(msg.IsDark())
		a.applyStyles()
		return a, tea.Batch(a.broadcast(msg), a.layout())
	case NavigateMsg:
		return a, a.navigate(msg)
	case StatusMsg:
		return a, a.setStatus(msg)
	case statusClearMsg:
		if msg.id == a.statusID {
			a.status = StatusMsg{}
		}
		return a, nil
	case tea.KeyPressMsg:
		return a, a.handleKey(msg)
	}
	var cmds []tea.Cmd
	if _, ok := msg.(writeResult); ok {
		cmds = append(cmds, a.applyWrite(msg))
	}
	switch m := msg.(type) {
	case acctResult:
		cmds = append(cmds, a.com.applyAcct(m))
	case acctLoadedMsg:
		a.com.Acct.applyLoad(m)
	case evidenceResult:
		// Folded before the broadcast, so every screen draws the new list.
		cmds = append(cmds, a.com.applyEvidence(m))
	case AnswerSavedMsg:
		// A changed answer resets its review in the store: reload.
		cmds = append(cmds, a.com.loadAcct())
	}
	cmds = append(cmds, a.broadcast(msg))
	return a, tea.Batch(cmds...)
}

type statusClearMsg struct{ id int }

func (a *App) setStatus(s StatusMsg) tea.Cmd {
	a.status = s
	a.statusID++
	id, ttl := a.statusID, a.statusTTL
	if s.Kind == statusError {
		ttl *= 3 // errors stay long enough to read twice
	}
	return tea.Tick(ttl, func(time.Time) tea.Msg { return statusClearMsg{id} })
}

func (a *App) applyStyles() {
	s := a.com.Styles
	a.help.Styles.ShortKey, a.help.Styles.FullKey = s.HelpKey, s.HelpKey
	a.help.Styles.ShortDesc, a.help.Styles.FullDesc = s.HelpDesc, s.HelpDesc
	a.help.Styles.ShortSeparator, a.help.Styles.FullSeparator = s.HelpSep, s.HelpSep
	a.help.Styles.Ellipsis = s.HelpSep
	a.help.FullSeparator = "   "
}

// applyWrite folds a store result into the session, reports it, starts the
// next queued write, and finishes a pending quit once everything is durable.
func (a *App) applyWrite(msg tea.Msg) tea.Cmd {
	var status tea.Cmd
	failed := false
	switch m := msg.(type) {
	case AnswerSavedMsg:
		a.com.Session.finish(m.Sent, m.Saved, m.Err)
		if m.Err != nil {
			failed = true
			status = a.setStatus(StatusMsg{Kind: statusError,
				Text: "Answer to " + model.CleanLine(m.Sent.QuestionID) + " NOT saved: " + model.CleanLine(m.Err.Error())})
		} else {
			status = a.setStatus(StatusMsg{Kind: statusSuccess, Text: "Saved " + model.CleanLine(m.Sent.QuestionID)})
		}
	case EngagementSavedMsg:
		if m.Err != nil {
			failed = true
			status = a.setStatus(StatusMsg{Kind: statusError, Text: "Engagement NOT saved: " + model.CleanLine(m.Err.Error())})
		} else {
			a.com.Session.Engagement = m.Engagement
			a.com.Session.rev++
			status = a.setStatus(StatusMsg{Kind: statusSuccess, Text: "Engagement saved"})
		}
	case UIStateSavedMsg:
		if m.Err != nil {
			status = a.setStatus(StatusMsg{Kind: statusError, Text: "Position not saved: " + model.CleanLine(m.Err.Error())})
		} else {
			a.com.Session.UI[m.Key] = m.Value
		}
	case sessionWrite:
		// Inventory and vendor results fold themselves into the session.
		var st StatusMsg
		var changed tea.Cmd
		st, changed, failed = m.applyTo(a.com.Session)
		status = tea.Batch(a.setStatus(st), changed)
	}
	next := a.com.Writes.done()
	if a.quitting {
		if failed {
			// Something the user typed is not durable: stay so they see it.
			a.quitting = false
			return tea.Batch(status, next)
		}
		if a.com.Writes.idle() {
			return tea.Quit
		}
	}
	return tea.Batch(status, next)
}

// quit saves the walkthrough position and quits once every queued write has
// finished. A second ctrl+c while waiting quits at once.
func (a *App) quit() tea.Cmd {
	a.quitting = true
	var cmd tea.Cmd
	if a.walk != nil {
		cmd = a.walk.saveCursor()
	}
	if a.com.Writes.idle() {
		return tea.Quit
	}
	return tea.Batch(cmd, a.setStatus(StatusMsg{Text: "Saving before quitting… (ctrl+c again to force)"}))
}

func (a *App) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, a.keys.ForceQuit) {
		if a.quitting {
			return tea.Quit
		}
		return a.quit()
	}
	top := a.top()
	if !top.Captures(msg) {
		if cmd, ok := a.globalKey(msg); ok {
			return cmd
		}
	}
	a.pendingG = false
	scr, cmd := top.Update(msg)
	a.stack[len(a.stack)-1] = scr
	return cmd
}

// globalKey handles keys that work on every screen; ok is false when the key
// is the screen's.
func (a *App) globalKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if a.pendingG {
		a.pendingG = false
		for _, t := range a.tabList {
			if msg.String() == t.chord {
				return a.navigate(NavigateMsg{Tab: t.id}), true
			}
		}
		return nil, true
	}
	switch {
	case key.Matches(msg, a.keys.Quit):
		return a.quit(), true
	case key.Matches(msg, a.keys.Help):
		a.fullHelp = !a.fullHelp
		return a.layout(), true
	case key.Matches(msg, a.keys.Back):
		if len(a.stack) > 1 {
			return a.navigate(NavigateMsg{Pop: true}), true
		}
		return nil, true
	case key.Matches(msg, a.keys.GoPrefix):
		a.pendingG = true
		return nil, true
	}
	for _, t := range a.tabList {
		if key.Matches(msg, t.key) {
			return a.navigate(NavigateMsg{Tab: t.id}), true
		}
	}
	return nil, false
}

// navigate applies a NavigateMsg and sizes and initialises the screen that
// becomes visible.
func (a *App) navigate(n NavigateMsg) tea.Cmd {
	switch {
	case n.Push != nil:
		a.stack = append(a.stack, n.Push)
	case n.Pop:
		if len(a.stack) > 1 {
			a.stack = a.stack[:len(a.stack)-1]
		}
	case n.Tab != "":
		s, ok := a.tabs[n.Tab]
		if !ok {
			return nil
		}
		a.stack = []Screen{a.tabs[ScreenDashboard]}
		if n.Tab != ScreenDashboard {
			a.stack = append(a.stack, s)
		}
	}
	top := a.top()
	return tea.Batch(top.Resize(a.bodyW, a.bodyH), top.Init())
}

// broadcast gives a non-key message to every live screen (stack and tabs).
func (a *App) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	seen := map[Screen]bool{}
	for i, s := range a.stack {
		seen[s] = true
		ns, cmd := s.Update(msg)
		a.stack[i] = ns
		cmds = append(cmds, cmd)
	}
	for id, s := range a.tabs {
		if seen[s] {
			continue
		}
		ns, cmd := s.Update(msg)
		a.tabs[id] = ns
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// layout recomputes the body size and resizes every live screen. It runs
// on resize, theme change and help toggle only.
func (a *App) layout() tea.Cmd {
	helpH := 1
	if a.fullHelp {
		helpH = fullHelpLines
	}
	a.bodyW = a.width
	a.bodyH = max(a.height-2-helpH, 0)
	a.help.SetWidth(a.width)
	var cmds []tea.Cmd
	seen := map[Screen]bool{}
	for _, s := range append(append([]Screen{}, a.stack...), a.tabScreens()...) {
		if seen[s] {
			continue
		}
		seen[s] = true
		cmds = append(cmds, s.Resize(a.bodyW, a.bodyH))
	}
	return tea.Batch(cmds...)
}

func (a *App) tabScreens() []Screen {
	out := make([]Screen, 0, len(a.tabList))
	for _, t := range a.tabList {
		out = append(out, a.tabs[t.id])
	}
	return out
}
