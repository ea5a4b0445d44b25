package tui

import (
	"context"
	"time"

	"auditwalk/model"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// ScreenID names a screen; tabs are switched to by id.
type ScreenID string

// Built-in screen ids.
const (
	ScreenDashboard   ScreenID = "dashboard"
	ScreenWalkthrough ScreenID = "walkthrough"
	ScreenSetup       ScreenID = "setup"
)

// Screen is one page of the app. Screens are pointer types updated in place;
// the App owns a stack of them and draws only the top one, between its own
// header, status line and help bar. See doc.go for how to add one.
type Screen interface {
	// ID identifies the screen (tabs are kept by id).
	ID() ScreenID
	// Title is shown in the window title.
	Title() string
	// Init returns commands to run when the screen is pushed or shown.
	Init() tea.Cmd
	// Update handles a message. Keys arrive only while the screen is on
	// top; every other message is delivered to every live screen, so
	// results of commands find their screen even after navigation.
	Update(msg tea.Msg) (Screen, tea.Cmd)
	// View renders the body: exactly the size given to Resize.
	View() string
	// Resize gives the body size; it is called on window resize, theme
	// change and when the screen becomes visible, and may return a command
	// (for example a Markdown re-render).
	Resize(width, height int) tea.Cmd
	// Captures reports whether the screen takes this key itself, before the
	// global keys (q, ?, esc, digits, g). A focused text input captures
	// every key except ctrl+c.
	Captures(msg tea.KeyPressMsg) bool
	// ShortHelp and FullHelp make a screen a help.KeyMap; the App appends
	// the global bindings.
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
}

// Common is what every screen shares: the session data, styles, the write
// queue and the clock. It is owned by the App and mutated only on the
// Bubble Tea event loop.
type Common struct {
	Session *Session
	Styles  *Styles
	Writes  *writeQueue
	Store   model.Store
	Now     func() time.Time
	Actor   string
	// Importer applies inventory and vendor imports; nil disables import.
	Importer InventoryImporter
	// Audit backs the export, narrative and trail screens (export.go).
	Audit AuditConfig
	// Triage holds exceptions and tasks for the triage screens (triage*.go).
	Triage *triageState
	// Acct holds people, assignments, reviews, attestations and merge
	// conflicts for the accountability screens (people_state.go).
	Acct *acctState
	// Evidence holds the evidence list and the last check, and runs
	// detection for the triage queue (evidence_state.go).
	Evidence *evidenceState
	// ctx bounds every store call; Run sets it to the program's context.
	ctx context.Context
}

// NavigateMsg asks the App to change screens. Exactly one field is used:
// Push puts a screen on top, Pop removes the top one, Tab shows the tab
// screen with that id above the dashboard.
type NavigateMsg struct {
	Push Screen
	Pop  bool
	Tab  ScreenID
}

// Navigate returns a command that yields msg.
func Navigate(msg NavigateMsg) tea.Cmd { return func() tea.Msg { return msg } }

// statusKind says how a status line message is coloured.
type statusKind int

const (
	statusInfo statusKind = iota
	statusSuccess
	statusError
)

// StatusMsg shows a message in the status line for a while.
type StatusMsg struct {
	Text string
	Kind statusKind
}

// ShowStatus returns a command that shows text in the status line.
func ShowStatus(text string, isErr bool) tea.Cmd {
	k := statusInfo
	if isErr {
		k = statusError
	}
	return func() tea.Msg { return StatusMsg{Text: text, Kind: k} }
}

// tab is one top-level screen reachable by a key from anywhere.
type tab struct {
	id    ScreenID
	key   key.Binding
	chord string // second key after g
	make  func(c *Common) Screen
}

// tabs is the registry of top-level screens. To add a screen, add an entry
// here (see doc.go). Digits are taken only when the top screen does not
// capture them (a choice question does).
func tabs() []tab {
	return []tab{
		{id: ScreenDashboard, chord: "h",
			key:  key.NewBinding(key.WithKeys("1"), key.WithHelp("1", "dashboard")),
			make: func(c *Common) Screen { return newDashboard(c) }},
		{id: ScreenWalkthrough, chord: "w",
			key:  key.NewBinding(key.WithKeys("2"), key.WithHelp("2", "walkthrough")),
			make: func(c *Common) Screen { return newWalkScreen(c) }},
		{id: ScreenInventory, chord: "i",
			key:  key.NewBinding(key.WithKeys("3"), key.WithHelp("3", "inventory")),
			make: func(c *Common) Screen { return newInventoryScreen(c) }},
		{id: ScreenVendors, chord: "v",
			key:  key.NewBinding(key.WithKeys("4"), key.WithHelp("4", "vendors")),
			make: func(c *Common) Screen { return newVendorScreen(c) }},
		{id: ScreenTriage, chord: "t",
			key:  key.NewBinding(key.WithKeys("5"), key.WithHelp("5", "triage")),
			make: func(c *Common) Screen { return newTriageScreen(c) }},
		{id: ScreenExport, chord: "x",
			key:  key.NewBinding(key.WithKeys("6"), key.WithHelp("6", "export")),
			make: func(c *Common) Screen { return newExportScreen(c) }},
		{id: ScreenTrail, chord: "a",
			key:  key.NewBinding(key.WithKeys("7"), key.WithHelp("7", "activity")),
			make: func(c *Common) Screen { return newTrailScreen(c) }},
		{id: ScreenPeople, chord: "p",
			key:  key.NewBinding(key.WithKeys("8"), key.WithHelp("8", "people")),
			make: func(c *Common) Screen { return newPeopleScreen(c) }},
		{id: ScreenAttest, chord: "s",
			key:  key.NewBinding(key.WithKeys("9"), key.WithHelp("9", "sign-off")),
			make: func(c *Common) Screen { return newAttestScreen(c) }},
		// Chord-only tabs: no digit left, reached with g r, g c and g e.
		{id: ScreenReviews, chord: "r", key: key.NewBinding(key.WithHelp("g r", "review queue")),
			make: func(c *Common) Screen { return newReviewQueue(c) }},
		{id: ScreenConflicts, chord: "c", key: key.NewBinding(key.WithHelp("g c", "conflicts")),
			make: func(c *Common) Screen { return newConflictScreen(c) }},
		{id: ScreenEvidence, chord: "e", key: key.NewBinding(key.WithHelp("g e", "evidence")),
			make: func(c *Common) Screen { return newEvidenceScreen(c) }},
	}
}
