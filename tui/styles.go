package tui

import (
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// Styles holds every style the app renders with, grouped by area. It is
// rebuilt whole on every tea.BackgroundColorMsg so light and dark terminals
// both read well; nothing holds a style across a theme change.
type Styles struct {
	IsDark bool

	Header      lipgloss.Style
	HeaderDim   lipgloss.Style
	Title       lipgloss.Style
	Subtitle    lipgloss.Style
	Muted       lipgloss.Style
	Bold        lipgloss.Style
	Accent      lipgloss.Style
	Selected    lipgloss.Style
	SectionHead lipgloss.Style

	Success lipgloss.Style
	Warning lipgloss.Style
	Danger  lipgloss.Style

	StatusInfo    lipgloss.Style
	StatusSuccess lipgloss.Style
	StatusError   lipgloss.Style

	BarFull  lipgloss.Style
	BarEmpty lipgloss.Style

	Pane        lipgloss.Style
	PaneFocused lipgloss.Style
	Input       lipgloss.Style
	HelpKey     lipgloss.Style
	HelpDesc    lipgloss.Style
	HelpSep     lipgloss.Style
}

// NewStyles builds the styles for a dark or light background.
func NewStyles(isDark bool) *Styles {
	ld := lipgloss.LightDark(isDark)
	primary := ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#B4A3FF"))
	accent := ld(lipgloss.Color("#006D77"), lipgloss.Color("#6FD6E0"))
	fg := ld(lipgloss.Color("#1A1A1A"), lipgloss.Color("#E6E6E6"))
	muted := ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#8C8C8C"))
	subtle := ld(lipgloss.Color("#D0D0D0"), lipgloss.Color("#3A3A3A"))
	selBg := ld(lipgloss.Color("#E4DCFF"), lipgloss.Color("#3B2F6B"))
	success := ld(lipgloss.Color("#1E7B34"), lipgloss.Color("#5FD37A"))
	warning := ld(lipgloss.Color("#9A6700"), lipgloss.Color("#F2C14E"))
	danger := ld(lipgloss.Color("#B3261E"), lipgloss.Color("#FF7A70"))
	headBg := ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#3B2F6B"))
	headFg := lipgloss.Color("#FFFFFF")

	s := &Styles{IsDark: isDark}
	s.Header = lipgloss.NewStyle().Foreground(headFg).Background(headBg).Bold(true)
	s.HeaderDim = lipgloss.NewStyle().Foreground(headFg).Background(headBg)
	s.Title = lipgloss.NewStyle().Foreground(primary).Bold(true)
	s.Subtitle = lipgloss.NewStyle().Foreground(accent).Bold(true)
	s.Muted = lipgloss.NewStyle().Foreground(muted)
	s.Bold = lipgloss.NewStyle().Foreground(fg).Bold(true)
	s.Accent = lipgloss.NewStyle().Foreground(accent)
	// Selection is reversed as well as coloured so it still shows when
	// NO_COLOR strips the background.
	s.Selected = lipgloss.NewStyle().Background(selBg).Foreground(fg).Bold(true)
	s.SectionHead = lipgloss.NewStyle().Foreground(primary).Bold(true)
	s.Success = lipgloss.NewStyle().Foreground(success)
	s.Warning = lipgloss.NewStyle().Foreground(warning)
	s.Danger = lipgloss.NewStyle().Foreground(danger)
	s.StatusInfo = lipgloss.NewStyle().Foreground(muted)
	s.StatusSuccess = lipgloss.NewStyle().Foreground(success).Bold(true)
	s.StatusError = lipgloss.NewStyle().Foreground(danger).Bold(true)
	s.BarFull = lipgloss.NewStyle().Foreground(accent)
	s.BarEmpty = lipgloss.NewStyle().Foreground(subtle)
	s.Pane = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(subtle)
	s.PaneFocused = s.Pane.BorderForeground(primary)
	s.Input = lipgloss.NewStyle().Border(lipgloss.NormalBorder()).BorderForeground(accent).Padding(0, 1)
	s.HelpKey = lipgloss.NewStyle().Foreground(accent)
	s.HelpDesc = lipgloss.NewStyle().Foreground(muted)
	s.HelpSep = lipgloss.NewStyle().Foreground(subtle)
	return s
}

// GlamourStyle is the glamour standard style matching the background.
func (s *Styles) GlamourStyle() string {
	if s.IsDark {
		return "dark"
	}
	return "light"
}

// HuhTheme themes embedded huh forms like the rest of the app.
func (s *Styles) HuhTheme() huh.Theme { return huh.ThemeFunc(huh.ThemeCharm) }
