package tui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
)

// pathCompletedMsg is the result of a tab completion: the input becomes to
// if it still reads from; hint lists the candidates when there are several.
type pathCompletedMsg struct {
	from, to, hint string
}

// maxHintNames caps the candidates listed under the input.
const maxHintNames = 8

// completePathCmd completes the last element of typed against its
// directory, in a command because it reads the file system. One match is
// completed (with a / for a directory); several are extended to their
// common prefix and listed.
func completePathCmd(typed string) tea.Cmd {
	return func() tea.Msg {
		expanded := typed
		if rest, ok := strings.CutPrefix(typed, "~/"); ok {
			if home, err := os.UserHomeDir(); err == nil {
				expanded = filepath.Join(home, rest)
			}
		}
		dir, base := filepath.Split(expanded)
		readDir := dir
		if readDir == "" {
			readDir = "."
		}
		entries, err := os.ReadDir(readDir)
		if err != nil {
			return pathCompletedMsg{from: typed, to: typed, hint: err.Error()}
		}
		var names []string
		for _, e := range entries {
			n := e.Name()
			if !strings.HasPrefix(n, base) || (strings.HasPrefix(n, ".") && !strings.HasPrefix(base, ".")) {
				continue
			}
			if e.IsDir() {
				n += string(filepath.Separator)
			}
			names = append(names, n)
		}
		slices.Sort(names)
		prefix := typed[:len(typed)-len(base)]
		switch len(names) {
		case 0:
			return pathCompletedMsg{from: typed, to: typed, hint: "no match"}
		case 1:
			return pathCompletedMsg{from: typed, to: prefix + names[0]}
		}
		hint := names
		if len(hint) > maxHintNames {
			hint = append(slices.Clone(hint[:maxHintNames]), "…")
		}
		return pathCompletedMsg{from: typed, to: prefix + commonPrefix(names), hint: strings.Join(hint, "  ")}
	}
}

func commonPrefix(names []string) string {
	p := names[0]
	for _, n := range names[1:] {
		for !strings.HasPrefix(n, p) {
			p = p[:len(p)-1]
		}
	}
	for !utf8.ValidString(p) { // never end inside a multi-byte rune
		p = p[:len(p)-1]
	}
	return p
}
