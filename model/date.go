package model

import (
	"fmt"
	"strings"
	"time"
)

// Date is a calendar date as YYYY-MM-DD; the empty string means unset. Plain
// strings keep dates free of time zones and sort correctly.
type Date string

// dateLayouts are the formats people type into spreadsheets, in the order
// tried. Day-first wins over month-first when both parse, as most of our
// users write dates that way; ISO is always preferred.
func dateLayouts() []string {
	return []string{
		"2006-01-02", "2006/01/02", "2006.01.02", "20060102",
		"2006-01-02T15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02T15:04:05",
		"02/01/2006", "02.01.2006", "02-01-2006", "2/1/2006", "2.1.2006",
		"01/02/2006", "1/2/2006",
		"2 Jan 2006", "02 Jan 2006", "2 January 2006", "Jan 2, 2006", "January 2, 2006",
		"Jan 2 2006", "2-Jan-2006", "02-Jan-2006", "2-Jan-06", "02-Jan-06",
	}
}

// ParseDate accepts common date spellings and returns a Date. An empty or
// blank input returns "" without error.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	for _, layout := range dateLayouts() {
		if t, err := time.Parse(layout, s); err == nil {
			return Date(t.Format(time.DateOnly)), nil
		}
	}
	return "", fmt.Errorf("unrecognised date %q (use YYYY-MM-DD)", s)
}

// Time returns the date at midnight UTC; ok is false when unset or invalid.
func (d Date) Time() (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, string(d))
	return t, err == nil
}

// DateOf returns the calendar date of t in UTC.
func DateOf(t time.Time) Date { return Date(t.UTC().Format(time.DateOnly)) }
