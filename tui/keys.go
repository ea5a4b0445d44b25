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

// binding is a key binding with its help text: the one constructor every
// screen's keymap uses.
func binding(keys []string, help, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// listNavKeys move the selection of a table screen (inventory, triage,
// evidence): each keymap embeds them, so k.Down and the rest work as
// before.
type listNavKeys struct {
	Down, Up, PageDown, PageUp, Top, Bottom key.Binding
}

// defaultListNavKeys are the table keys; down and up are the help words of
// j and k ("next"/"prev" on a queue, "down"/"up" on a register).
func defaultListNavKeys(down, up string) listNavKeys {
	return listNavKeys{
		Down:     binding([]string{"j", "down"}, "j/↓", down),
		Up:       binding([]string{"k", "up"}, "k/↑", up),
		PageDown: binding([]string{"ctrl+d", "pgdown"}, "ctrl+d", "page down"),
		PageUp:   binding([]string{"ctrl+u", "pgup"}, "ctrl+u", "page up"),
		Top:      binding([]string{"home"}, "home", "first"),
		Bottom:   binding([]string{"G", "end"}, "G/end", "last"),
	}
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
	return walkKeys{
		Down:           binding([]string{"j", "down"}, "j/↓", "next"),
		Up:             binding([]string{"k", "up"}, "k/↑", "prev"),
		NextCtl:        binding([]string{"]"}, "]", "next control"),
		PrevCtl:        binding([]string{"["}, "[", "prev control"),
		NextUnanswered: binding([]string{"N", "tab"}, "N/tab", "unanswered"),
		NextFlagged:    binding([]string{"F"}, "F", "flagged"),
		Yes:            binding([]string{"y"}, "y", "yes"),
		No:             binding([]string{"n"}, "n", "no"),
		Partial:        binding([]string{"p"}, "p", "partial"),
		NA:             binding([]string{"a"}, "a", "N/A + why"),
		Unknown:        binding([]string{"d"}, "d", "don't know"),
		Pick:           binding([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1-9", "choose"),
		Edit:           binding([]string{"enter"}, "enter", "answer"),
		Flag:           binding([]string{"f"}, "f", "flag"),
		Source:         binding([]string{"s"}, "s", "source"),
		Note:           binding([]string{"o"}, "o", "note"),
		Filter:         binding([]string{"/"}, "/", "filter"),
		ClearFilter:    binding([]string{"esc"}, "esc", "clear filter"),
		PageDown:       binding([]string{"ctrl+d", "pgdown"}, "ctrl+d", "scroll down"),
		PageUp:         binding([]string{"ctrl+u", "pgup"}, "ctrl+u", "scroll up"),
		Home:           binding([]string{"1"}, "1/g h", "dashboard"),
		Raise:          binding([]string{"!"}, "!", "exception"),
		Narrative:      binding([]string{"w"}, "w", "narrative"),
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
