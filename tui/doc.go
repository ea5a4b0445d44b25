// Package tui is auditwalk's terminal interface, built on Bubble Tea v2.
//
// # Entry points
//
// main.go builds a Config (the store, the pack, the Snapshot read at start,
// the database path, the actor and a clock) and calls Run, or New to get the
// App (the package's only tea.Model) for tests and custom programs. Run
// honours NO_COLOR by forcing the ASCII colour profile.
//
// # Architecture
//
// App holds a stack of Screens between a header, a status line and a help
// bar. Data lives in a Session shared through Common: the snapshot plus
// answers being saved. Nothing in Init, Update or View does I/O. A screen
// that changes data calls a Common.save... helper, which marks the value
// pending and returns a tea.Cmd; writes go through a queue that runs them
// one at a time, in order, so two quick answers cannot reach the store out
// of order. Each write ends in a ...SavedMsg{Err}; the App folds it into the
// Session (a value is shown as saved only then), reports it in the status
// line and starts the next write. Quitting waits for the queue to drain and
// saves the walkthrough position first.
//
// Message routing in App.Update: window size and theme first (styles are
// rebuilt from tea.BackgroundColorMsg with lipgloss.LightDark), then
// NavigateMsg and StatusMsg, then keys: ctrl+c always quits; the top screen
// gets first claim through Captures (a focused text input captures every
// key, so q is typed, not quit); otherwise the global keys (q, ?, esc, the
// tab digits, g h / g w) apply; then the top screen. Every other message is
// delivered to every live screen, so command results find their screen even
// after the user navigated away.
//
// # Adding a screen
//
//  1. In its own file, write a pointer type implementing Screen: ID, Title,
//     Init, Update, View (exactly the size given to Resize), Resize,
//     Captures, ShortHelp and FullHelp. Give it its own small keymap struct
//     built by a defaultXKeys() function; bindings drive the help bar, so do
//     not match raw strings. Construct it with the *Common it needs.
//  2. Read data from c.Session; change it through a save helper on Common
//     (add one to writes.go for a new Store method, returning a ...SavedMsg
//     that implements writeResult). Render user and pack text through
//     model.CleanLine / model.CleanText.
//  3. To make it a top-level tab, add an entry to tabs() in screen.go: an
//     id, a key binding (the next digit) and a chord letter for "g <letter>".
//     The App creates one instance at start and keeps it, so its state
//     survives switching. For a detail page or dialog instead, return
//     Navigate(NavigateMsg{Push: newThing(c, ...)}) from another screen; esc
//     (or NavigateMsg{Pop: true}) returns.
//  4. Test it like walk_test.go: newTestApp with the fake store, press keys,
//     assert on the store and on screen(a); add golden views at 80x24 and
//     160x48 in view_test.go.
//
// # Walkthrough keys
//
// j/k or ↓/↑ move between questions, ] and [ between controls, N or tab to
// the next unanswered, F to the next flagged, / filters controls by id,
// title or criterion. On a yes/no question: y yes, n no, p partial, a N/A
// (asks for the justification and refuses an empty one), d don't know
// (? is help and k is up, hence d). Choice: 1-9, or enter for a list.
// Multi: enter or 1-9 opens the list, space or digits toggle, enter saves.
// Text, date (YYYY-MM-DD) and number: enter opens an input. f flags the
// question to come back to, s cycles the source, o edits the note (ctrl+s
// saves, esc cancels). ctrl+d / ctrl+u scroll the right pane. ! raises an
// exception from the question, pre-filled with its control and criteria.
//
// # Triage keys
//
// Queue (5, g t): j/k move, enter opens, n raises an exception by hand, m
// lists my tasks, s cycles the status filter (active, all, each status), K
// the kind; / opens the filter bar (kind: status: sev: system: control:
// owner: and words; see queueFilter), esc clears it. Exception page: t
// triaged, r remediate, a accept risk (approver, rationale, compensating
// controls, expiry), f false positive (reason), d duplicate of, x
// remediated, c close, o reopen, v severity (reason), O owner, m management
// response, n new task, e edit and T move the selected task; j/k select a
// citation or task, enter follows it (an answer opens its question). Forms:
// tab/shift+tab move, ←/→ or a letter choose, ctrl+s saves, esc cancels.
//
// # Accountability keys
//
// In the walkthrough: A approves, R marks reviewed, C requests changes (with
// a comment) on the current answer; O gives the control (or its system) an
// owner; M shows only what the person at the keyboard owns. People are tab 8
// (g p: n add, e edit, I "I am…"), sign-off tab 9 (g s: space/a select,
// enter statement, ctrl+s attest), the review queue g r, merge conflicts
// g c (o ours, t theirs; C on the dashboard while any are open).
//
// # Evidence keys
//
// E attaches a file: in the walkthrough to the current answer, on an
// exception page to the exception, on a system's page to the system, in the
// vendor register to the selected vendor. The form takes a path (tab
// completes it), effective and retention dates, reference only (space) and
// a note; ctrl+s attaches in a queued command (hashing never blocks the
// UI). The evidence list is g e: c re-hashes every file (ok, changed,
// missing, unreadable), x deletes after a confirmation, enter shows one in
// full; "!" marks an effective date outside a Type 2 observation period. D
// on the triage queue re-runs detection and reloads the queue.
package tui
