package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	// Time zones are embedded: the change window names an IANA zone and the
	// app must work on hosts without a zoneinfo database (and never fetches).
	_ "time/tzdata"
)

// ChangeWindow is the engagement's approved change window: the weekdays and
// local hours in which production changes to AI systems may be deployed.
// Its zero value means no window is set (the change-outside-window rule
// then finds nothing).
//
// Start and End are "HH:MM" (End may be "24:00"). When End is not after
// Start the window runs past midnight: "fri 22:00-02:00" covers Friday 22:00
// to Saturday 02:00, with Days naming the day the window opens. TZ is an
// IANA zone name; empty means UTC.
type ChangeWindow struct {
	Days  []time.Weekday
	Start string
	End   string
	TZ    string
}

// dayNames are the three-letter day names the window text uses, indexed by
// time.Weekday.
func dayNames() []string { return []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"} }

// IsZero reports whether no window is set.
func (w ChangeWindow) IsZero() bool {
	return len(w.Days) == 0 && w.Start == "" && w.End == "" && w.TZ == ""
}

// ParseChangeWindow reads "DAYS HH:MM-HH:MM [ZONE]", e.g.
// "mon-fri 09:00-17:00 Europe/Berlin" or "tue,thu 18:00-22:00". DAYS is a
// comma-separated list of three-letter day names or ranges ("mon-fri",
// "fri-mon" wraps), or "daily". Empty text is no window.
func ParseChangeWindow(s string) (ChangeWindow, error) {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return ChangeWindow{}, nil
	}
	if len(fields) > 3 {
		return ChangeWindow{}, fmt.Errorf("change window %q: want DAYS HH:MM-HH:MM [ZONE]", s)
	}
	if len(fields) < 2 {
		return ChangeWindow{}, fmt.Errorf("change window %q: missing hours (e.g. mon-fri 09:00-17:00 UTC)", s)
	}
	days, err := parseWindowDays(fields[0])
	if err != nil {
		return ChangeWindow{}, err
	}
	start, end, ok := strings.Cut(fields[1], "-")
	if !ok {
		return ChangeWindow{}, fmt.Errorf("change window hours %q: want HH:MM-HH:MM", fields[1])
	}
	w := ChangeWindow{Days: days, Start: start, End: end}
	if len(fields) == 3 {
		w.TZ = fields[2]
	}
	if err := w.Validate(); err != nil {
		return ChangeWindow{}, err
	}
	return w, nil
}

// parseWindowDays reads the DAYS part into a sorted, duplicate-free list.
func parseWindowDays(s string) ([]time.Weekday, error) {
	seen := [7]bool{}
	if strings.EqualFold(s, "daily") {
		s = "sun-sat"
	}
	for part := range strings.SplitSeq(strings.ToLower(s), ",") {
		from, to, isRange := strings.Cut(part, "-")
		a, ok := dayIndex(from)
		b := a
		if isRange {
			b, ok = dayIndex(to)
			if _, okA := dayIndex(from); !okA {
				ok = false
			}
		}
		if !ok {
			return nil, fmt.Errorf("change window days %q: use mon..sun, ranges like mon-fri, or daily", s)
		}
		for d := a; ; d = (d + 1) % 7 {
			seen[d] = true
			if d == b {
				break
			}
		}
	}
	var out []time.Weekday
	for d, on := range seen {
		if on {
			out = append(out, time.Weekday(d))
		}
	}
	return out, nil
}

func dayIndex(s string) (int, bool) {
	i := slices.Index(dayNames(), strings.TrimSpace(s))
	return i, i >= 0
}

// parseClock reads "HH:MM" (00:00..24:00) into minutes after midnight.
func parseClock(s string) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	hh, errH := strconv.Atoi(h)
	mm, errM := strconv.Atoi(m)
	if !ok || len(h) != 2 || len(m) != 2 || errH != nil || errM != nil ||
		hh < 0 || hh > 24 || mm < 0 || mm > 59 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("change window time %q: want HH:MM (00:00 to 24:00)", s)
	}
	return hh*60 + mm, nil
}

// Validate checks a set window (the zero window is valid: no window).
func (w ChangeWindow) Validate() error {
	if w.IsZero() {
		return nil
	}
	if len(w.Days) == 0 {
		return fmt.Errorf("change window: no days")
	}
	for _, d := range w.Days {
		if d < time.Sunday || d > time.Saturday {
			return fmt.Errorf("change window: day %d out of range", d)
		}
	}
	start, err := parseClock(w.Start)
	if err != nil {
		return err
	}
	end, err := parseClock(w.End)
	if err != nil {
		return err
	}
	if start == end || start == 24*60 {
		return fmt.Errorf("change window %s-%s: start and end must differ and start before 24:00", w.Start, w.End)
	}
	if _, err := w.location(); err != nil {
		return err
	}
	return nil
}

func (w ChangeWindow) location() (*time.Location, error) {
	if w.TZ == "" || strings.EqualFold(w.TZ, "UTC") {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(w.TZ)
	if err != nil {
		return nil, fmt.Errorf("change window time zone %q: not an IANA zone name (e.g. Europe/Berlin)", w.TZ)
	}
	return loc, nil
}

// String is the canonical text ParseChangeWindow reads back: days as
// ranges where consecutive ("mon-fri", "mon,wed,fri", "daily"), the hours,
// and the zone (UTC when none was given). The zero window is "".
func (w ChangeWindow) String() string {
	if w.IsZero() {
		return ""
	}
	tz := w.TZ
	if tz == "" || strings.EqualFold(tz, "UTC") {
		tz = "UTC"
	}
	return formatWindowDays(w.Days) + " " + w.Start + "-" + w.End + " " + tz
}

// formatWindowDays writes runs of consecutive days (Monday first, so a
// working week reads "mon-fri") as ranges.
func formatWindowDays(days []time.Weekday) string {
	on := [7]bool{}
	for _, d := range days {
		if d >= time.Sunday && d <= time.Saturday {
			on[d] = true
		}
	}
	if !slices.Contains(on[:], false) {
		return "daily"
	}
	names := dayNames()
	var parts []string
	for i := 0; i < 7; i++ {
		d := (i + 1) % 7 // mon..sun
		if !on[d] {
			continue
		}
		j := i
		for j+1 < 7 && on[(j+2)%7] {
			j++
		}
		if j > i {
			parts = append(parts, names[d]+"-"+names[(j+1)%7])
		} else {
			parts = append(parts, names[d])
		}
		i = j
	}
	return strings.Join(parts, ",")
}

// Contains reports whether t falls inside the window, read in the window's
// time zone. The zero (or an invalid) window contains nothing.
func (w ChangeWindow) Contains(t time.Time) bool {
	if w.IsZero() || w.Validate() != nil {
		return false
	}
	loc, _ := w.location()
	lt := t.In(loc)
	start, _ := parseClock(w.Start)
	end, _ := parseClock(w.End)
	m := lt.Hour()*60 + lt.Minute()
	day := lt.Weekday()
	if start < end {
		return slices.Contains(w.Days, day) && m >= start && m < end
	}
	// Overnight: the evening part on a listed day, or the morning part
	// after one.
	return (slices.Contains(w.Days, day) && m >= start) ||
		(slices.Contains(w.Days, (day+6)%7) && m < end)
}

// IsEmergencyChange reports whether a change record is declared an
// emergency change, which the approved change window exempts: its ticket
// or description says "emergency" or "hotfix" (any case). Change logs have
// no common emergency field, so this wording is the convention importers
// and users are asked to follow.
func IsEmergencyChange(c ChangeRecord) bool {
	text := strings.ToLower(c.Ticket + " " + c.Description)
	return strings.Contains(text, "emergency") || strings.Contains(text, "hotfix")
}
