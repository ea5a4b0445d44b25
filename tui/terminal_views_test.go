package tui

import (
	"context"
	"testing"

	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// faultView is one screen the terminal fault tests draw: open takes a
// fresh App (on the dashboard) to it the way a person would, by keys, or,
// for a detail page whose row is awkward to reach by keys, by pushing the
// page the key would push.
type faultView struct {
	name string
	// as is who runs the App: "" the fixture's actor (not a person of
	// the engagement), "owner" or "reviewer".
	as string
	// core marks the top-level screens and their main detail pages, which
	// the size test draws at every size of the grid (the rest, forms and
	// variants, at the corners and the minimum).
	core bool
	open func(t testing.TB, a *App, f *faultEngagement)
}

// core marks v as a core view.
func core(v faultView) faultView {
	v.core = true
	return v
}

// tabView opens a tab (and then types more keys).
func tabView(name string, ks ...string) faultView {
	return faultView{name: name, open: func(_ testing.TB, a *App, _ *faultEngagement) { pressAll(a, ks...) }}
}

// pushView opens a tab by keys, then pushes the page make builds.
func pushView(name string, tabKeys []string, make func(testing.TB, *App, *faultEngagement) Screen) faultView {
	return faultView{name: name, open: func(t testing.TB, a *App, f *faultEngagement) {
		pressAll(a, tabKeys...)
		drive(a, Navigate(NavigateMsg{Push: make(t, a, f)}))
	}}
}

// faultViews is every top-level screen (tabs 1-9, g r, g c, g e) and the
// detail pages and forms reachable from them that show stored text.
func faultViews() []faultView {
	return []faultView{
		core(tabView("dashboard", "1")),
		{name: "status-line", open: func(_ testing.TB, a *App, f *faultEngagement) {
			// The status line's timer is not run: the message stays.
			drive(a, ShowStatus(f.text("status.error"), true))
		}},
		tabView("engagement-form", "1", "e"),
		core(tabView("walkthrough", "2")),
		tabView("walkthrough-help", "2", "?"),
		core(tabView("walkthrough-narrative", "2", "w")),
		tabView("walkthrough-owner", "2", "O"),
		as("reviewer", tabView("walkthrough-comment", "2", "C")),
		tabView("walkthrough-note", "2", "o"),
		walkView("walkthrough-na", func(f *faultEngagement) string { return f.naItem }),
		walkView("walkthrough-justification", func(f *faultEngagement) string { return f.naItem }, "a"),
		walkView("walkthrough-text", func(f *faultEngagement) string { return f.textItem }),
		walkView("walkthrough-text-input", func(f *faultEngagement) string { return f.textItem }, "enter"),
		core(tabView("inventory", "3")),
		systemView("inventory-filtered"),
		core(systemView("inventory-detail", "space")),
		systemView("inventory-edit", "e"),
		systemView("inventory-delete", "x"),
		core(tabView("vendors", "4")),
		vendorView("vendor-edit", "e"),
		vendorView("vendor-scorecard", "s"),
		vendorView("vendor-delete", "x"),
		core(tabView("triage", "5")),
		tabView("triage-all", "5", "s", "s"),
		tabView("triage-my-tasks", "5", "m"),
		pushView("exception-accepted", []string{"5"}, func(_ testing.TB, a *App, f *faultEngagement) Screen {
			return newExceptionDetail(a.com, f.accepted)
		}),
		core(pushView("exception-remediating", []string{"5"}, func(_ testing.TB, a *App, f *faultEngagement) Screen {
			return newExceptionDetail(a.com, f.remediating)
		})),
		pushView("exception-detected", []string{"5"}, func(_ testing.TB, a *App, f *faultEngagement) Screen {
			return newExceptionDetail(a.com, f.detected)
		}),
		pushView("exception-response-form", []string{"5"}, func(t testing.TB, a *App, f *faultEngagement) Screen {
			return newResponseForm(a.com, f.exception(t, f.remediating))
		}),
		pushView("exception-accept-form", []string{"5"}, func(t testing.TB, a *App, f *faultEngagement) Screen {
			return newDecisionForm(a.com, f.exception(t, f.remediating), model.StatusAccepted)
		}),
		pushView("task-form", []string{"5"}, func(t testing.TB, a *App, f *faultEngagement) Screen {
			e := f.exception(t, f.remediating)
			return newTaskForm(a.com, e, f.task(t, e.ID))
		}),
		core(exportView("export")),
		exportView("export-narratives", "n"),
		core(exportView("export-narrative", "n", "enter")),
		core(tabView("trail", "7")),
		core(tabView("trail-detail", "7", "enter")),
		core(tabView("people", "8")),
		tabView("person-form", "8", "e"),
		pushView("identity", []string{"8"}, func(_ testing.TB, a *App, _ *faultEngagement) Screen {
			return newIdentityScreen(a.com)
		}),
		tabView("sign-off", "9"),
		core(as("owner", tabView("sign-off-owner", "9"))),
		as("owner", tabView("sign-off-statement", "9", "a", "enter")),
		core(tabView("reviews", "g", "r")),
		core(tabView("conflicts", "g", "c")),
		core(tabView("evidence", "g", "e")),
		core(pushView("evidence-detail", []string{"g", "e"}, func(_ testing.TB, a *App, f *faultEngagement) Screen {
			return newEvidenceDetail(a.com, f.evidence)
		})),
		pushView("evidence-form", []string{"3"}, func(_ testing.TB, a *App, f *faultEngagement) Screen {
			return newEvidenceForm(a.com, "system:"+itoa64(f.system), f.systemName)
		}),
	}
}

// as runs v as the fixture's owner or reviewer.
func as(who string, v faultView) faultView {
	v.as = who
	return v
}

// exportView opens the export tab, then types ks.
func exportView(name string, ks ...string) faultView {
	return faultView{name: name, open: func(_ testing.TB, a *App, _ *faultEngagement) {
		pressAll(a, append([]string{"6"}, ks...)...)
	}}
}

// walkView moves the walkthrough to the item item names, then types ks.
func walkView(name string, item func(*faultEngagement) string, ks ...string) faultView {
	return faultView{name: name, open: func(t testing.TB, a *App, f *faultEngagement) {
		pressAll(a, "2")
		want := item(f)
		for _, k := range []string{"j", "k"} {
			for range a.com.Session.Items() {
				if currentQ(a) == want {
					break
				}
				pressAll(a, k)
			}
		}
		if currentQ(a) != want {
			t.Fatalf("walkthrough never reached %s", want)
		}
		pressAll(a, ks...)
	}}
}

// systemView filters the inventory down to the fixture's system (its
// field name is in every text it has), then types ks.
func systemView(name string, ks ...string) faultView {
	return faultView{name: name, open: func(_ testing.TB, a *App, _ *faultEngagement) {
		pressAll(a, "3", "/")
		drive(a, func() tea.Msg { return tea.PasteMsg{Content: "system.name"} })
		pressAll(a, append([]string{"enter"}, ks...)...)
	}}
}

// vendorView selects the fixture's vendor in the register, then types ks.
func vendorView(name string, ks ...string) faultView {
	return faultView{name: name, open: func(t testing.TB, a *App, f *faultEngagement) {
		pressAll(a, "4")
		vs := a.tabs[ScreenVendors].(*vendorScreen)
		for range len(vs.rows) {
			if vs.selID == f.vendor {
				break
			}
			pressAll(a, "j")
		}
		if vs.selID != f.vendor {
			t.Fatalf("vendor %d not in the register", f.vendor)
		}
		pressAll(a, ks...)
	}}
}

// exception reads one exception from the fixture's store.
func (f *faultEngagement) exception(t testing.TB, id int64) model.Exception {
	t.Helper()
	e, err := f.st.Exception(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// task is the first task of exception id.
func (f *faultEngagement) task(t testing.TB, id int64) model.RemediationTask {
	t.Helper()
	tasks, err := f.st.Tasks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range tasks {
		if task.ExceptionID == id {
			return task
		}
	}
	t.Fatalf("exception %d has no task", id)
	return model.RemediationTask{}
}

// openView builds a fresh App at w×h and opens v.
func openView(t testing.TB, f *faultEngagement, v faultView, w, h int) *App {
	t.Helper()
	// Every view starts at the walkthrough's first question, whatever the
	// previous App saved as its position.
	if err := f.st.SetUIState(context.Background(), uiCursorKey, ""); err != nil {
		t.Fatal(err)
	}
	actor := f.actor
	switch v.as {
	case "owner":
		actor = f.owner
	case "reviewer":
		actor = f.reviewer
	}
	a := faultApp(t, f, actor, f.shownPath, w, h)
	v.open(t, a, f)
	return a
}

// resize sends a window size and drives what it causes.
func resize(a *App, w, h int) {
	drive(a, func() tea.Msg { return tea.WindowSizeMsg{Width: w, Height: h} })
}
