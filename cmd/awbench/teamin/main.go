// Command teamin is the floor for auditwalk's start-up figure: the smallest
// full-screen Bubble Tea v2 program, which draws one frame and waits for q.
// scripts/bench times it and auditwalk the same way (awbench frame).
package main

import (
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
)

type minimal struct{}

func (minimal) Init() tea.Cmd { return nil }

func (m minimal) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "q" {
		return m, tea.Quit
	}
	return m, nil
}

func (minimal) View() tea.View {
	v := tea.NewView("minimal-bubbletea-ready\n\npress q to quit")
	v.AltScreen = true
	return v
}

func main() {
	if _, err := tea.NewProgram(minimal{}).Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
