package tui

import "charm.land/bubbles/v2/key"

// GlobalKeys are the bindings the App handles before the active screen,
// unless the screen captures the key (a focused text input captures all).
type GlobalKeys struct {
	Quit      key.Binding
	ForceQuit key.Binding
	Help      key.Binding
	Back      key.Binding
	// GoPrefix starts a two-key chord: g h (home), g w (walkthrough).
	GoPrefix key.Binding
}

// DefaultGlobalKeys returns a fresh global keymap.
func DefaultGlobalKeys() GlobalKeys {
	return GlobalKeys{
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		GoPrefix:  key.NewBinding(key.WithKeys("g"), key.WithHelp("g h/w", "go home/walk")),
	}
}

// walkKeys are the walkthrough screen's bindings.
type walkKeys struct {
	Down, Up           key.Binding
	NextCtl, PrevCtl   key.Binding
	NextUnanswered     key.Binding
	NextFlagged        key.Binding
	Yes, No, Partial   key.Binding
	NA, Unknown        key.Binding
	Pick               key.Binding
	Edit               key.Binding
	Flag, Source, Note key.Binding
	Filter             key.Binding
	ClearFilter        key.Binding
	PageDown, PageUp   key.Binding
	Home               key.Binding
	// Raise raises an exception from the current question (triage_walk.go).
	Raise key.Binding
	// Narrative opens the current control's narrative (narrative.go).
	Narrative key.Binding
}

func defaultWalkKeys() walkKeys {
	b := func(keys []string, h, d string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(h, d))
	}
	return walkKeys{
		Down:           b([]string{"j", "down"}, "j/↓", "next"),
		Up:             b([]string{"k", "up"}, "k/↑", "prev"),
		NextCtl:        b([]string{"]"}, "]", "next control"),
		PrevCtl:        b([]string{"["}, "[", "prev control"),
		NextUnanswered: b([]string{"N", "tab"}, "N/tab", "unanswered"),
		NextFlagged:    b([]string{"F"}, "F", "flagged"),
		Yes:            b([]string{"y"}, "y", "yes"),
		No:             b([]string{"n"}, "n", "no"),
		Partial:        b([]string{"p"}, "p", "partial"),
		NA:             b([]string{"a"}, "a", "N/A + why"),
		Unknown:        b([]string{"d"}, "d", "don't know"),
		Pick:           b([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1-9", "choose"),
		Edit:           b([]string{"enter"}, "enter", "answer"),
		Flag:           b([]string{"f"}, "f", "flag"),
		Source:         b([]string{"s"}, "s", "source"),
		Note:           b([]string{"o"}, "o", "note"),
		Filter:         b([]string{"/"}, "/", "filter"),
		ClearFilter:    b([]string{"esc"}, "esc", "clear filter"),
		PageDown:       b([]string{"ctrl+d", "pgdown"}, "ctrl+d", "scroll down"),
		PageUp:         b([]string{"ctrl+u", "pgup"}, "ctrl+u", "scroll up"),
		Home:           b([]string{"1"}, "1/g h", "dashboard"),
		Raise:          b([]string{"!"}, "!", "exception"),
		Narrative:      b([]string{"w"}, "w", "narrative"),
	}
}

// inputKeys are shown while a text input, option picker or note editor is
// open on the walkthrough.
type inputKeys struct {
	Submit, Cancel, Toggle, Save, Up, Down key.Binding
}

func defaultInputKeys() inputKeys {
	return inputKeys{
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Toggle: key.NewBinding(key.WithKeys("space"), key.WithHelp("space/1-9", "toggle")),
		Save:   key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save note")),
		Up:     key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("k/↑", "up")),
		Down:   key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("j/↓", "down")),
	}
}
