package ical

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// zoneOf loads an IANA zone.
func zoneOf(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// wallAt reads "2006-01-02 15:04" in loc.
func wallAt(t testing.TB, loc *time.Location, s string) time.Time {
	t.Helper()
	at, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// fixture reads testdata/name.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// show renders busy times as a coach in loc reads them.
func show(busy []core.Interval, loc *time.Location) []string {
	out := []string{}
	for _, b := range busy {
		out = append(out, b.Start.In(loc).Format("01-02 15:04")+"–"+b.End.In(loc).Format("01-02 15:04"))
	}
	return out
}

// parseFor reads a fixture for a coach in zone over four weeks from
// Monday 16 March 2026 (the window crosses both the American and the
// European spring DST change).
func parseFor(t *testing.T, name, zone string) (*Calendar, *time.Location) {
	t.Helper()
	loc := zoneOf(t, zone)
	cal, err := Parse(fixture(t, name), ParseOptions{Zone: loc,
		From: wallAt(t, loc, "2026-03-16 00:00"), To: wallAt(t, loc, "2026-04-13 00:00")})
	if err != nil {
		t.Fatal(err)
	}
	return cal, loc
}

func equal(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\n got %q\nwant %q", what, got, want)
	}
}

// Google: a weekly meeting with one week excluded (EXDATE), one moved and
// one cancelled by RECURRENCE-ID overrides, lands on 10:00 across the
// European DST change; a call set in New York's zone (defined by its
// VTIMEZONE) stays 09:00 there; a daily stand-up ends at its UNTIL; a
// free lunch and a free all-day birthday are not busy; a weekly choir
// since 2015 gives only the window's Thursdays; a UTC dentist; and an
// event Slotbot itself wrote is left out.
func TestGoogle(t *testing.T) {
	cal, paris := parseFor(t, "google.ics", "Europe/Paris")
	equal(t, "name", cal.Name, "Ana – Work")
	equal(t, "busy", show(cal.Busy, paris), []string{
		"03-16 08:30–03-16 08:45", // stand-up
		"03-16 14:00–03-16 14:30", // New York 09:00 EDT, Paris still CET
		"03-17 08:30–03-17 08:45", // (no team meeting: EXDATE)
		"03-18 08:30–03-18 08:45",
		"03-19 08:30–03-19 08:45", // the stand-up's last: UNTIL 07:30Z
		"03-19 14:00–03-19 15:00", // dentist, 13:00Z
		"03-19 18:00–03-19 19:00", // choir
		"03-23 14:00–03-23 14:30",
		"03-24 14:00–03-24 15:00", // team meeting moved from 10:00
		"03-26 18:00–03-26 19:00",
		"03-30 15:00–03-30 15:30", // New York 09:00, Paris now CEST
		"03-31 10:00–03-31 11:00", // team meeting after the change: still 10:00
		"04-02 18:00–04-02 19:00",
		"04-09 18:00–04-09 19:00", // (07 April cancelled)
	})
}

// Outlook: TZIDs are Windows names ("W. Europe Standard Time", "Eastern
// Standard Time") mapped through CLDR's table; a "Customized Time Zone"
// only its VTIMEZONE defines; Outlook's FREE status; an out-of-office
// all-day date blocks the coach's whole day.
func TestOutlook(t *testing.T) {
	cal, paris := parseFor(t, "outlook.ics", "Europe/Paris")
	equal(t, "busy", show(cal.Busy, paris), []string{
		"03-16 14:00–03-16 15:00", // Eastern 09:00
		"03-18 10:00–03-18 11:00", // weekly sync
		"03-20 00:00–03-21 00:00", // out of office
		"03-23 14:00–03-23 15:00",
		"03-25 10:00–03-25 11:00",
		"03-30 09:00–03-30 09:45", // the customized zone, after its change
		"03-30 15:00–03-30 16:00",
		"04-06 15:00–04-06 16:00",
		"04-08 10:00–04-08 11:00", // (01 April excluded)
	})
}

// iCloud: all-day events (one over two days, a weekly one with an
// excluded date and a date UNTIL), a free all-day one ignored, and a
// floating time read in the coach's zone: 09:00 for a coach in Paris,
// 09:00 for one in New York too, which are different instants.
func TestICloud(t *testing.T) {
	cal, paris := parseFor(t, "icloud.ics", "Europe/Paris")
	equal(t, "name", cal.Name, "Home")
	equal(t, "busy", show(cal.Busy, paris), []string{
		"03-16 18:00–03-16 19:00", // swimming (23rd excluded)
		"03-17 00:00–03-18 00:00", // kids at home (24th excluded)
		"03-25 00:00–03-27 00:00", // holiday
		"03-30 18:00–03-30 19:00",
		"03-31 00:00–04-01 00:00", // kids at home: UNTIL's date included
		"03-31 09:00–03-31 09:30", // floating plumber call
		"04-06 18:00–04-06 19:00",
	})
	ny, nyLoc := parseFor(t, "icloud.ics", "America/New_York")
	var floating []string
	for _, b := range ny.Busy {
		if b.End.Sub(b.Start) == 30*time.Minute {
			floating = append(floating, b.Start.In(nyLoc).Format("01-02 15:04")+" "+b.Start.UTC().Format("15:04Z"))
		}
	}
	equal(t, "floating in New York", floating, []string{"03-31 09:00 13:00Z"})
}

// A weekly event lands on its local hour every week, before and after
// the DST change, in Paris and in New York, whatever the coach's zone.
func TestWeeklyAcrossDST(t *testing.T) {
	for _, c := range []struct{ zone, first string }{
		{"Europe/Paris", "20260305T100000"},     // Thursdays; the change is 29 March
		{"America/New_York", "20260226T100000"}, // Thursdays; the change is 8 March
	} {
		loc := zoneOf(t, c.zone)
		ics := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:w@x\r\nDTSTART;TZID=" + c.zone + ":" + c.first +
			"\r\nDTEND;TZID=" + c.zone + ":" + c.first[:9] + "110000\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
		cal, err := Parse([]byte(ics), ParseOptions{Zone: time.UTC, From: wallAt(t, loc, "2026-02-20 00:00"), To: wallAt(t, loc, "2026-04-20 00:00")})
		if err != nil {
			t.Fatal(err)
		}
		offsets := map[string]bool{}
		for _, b := range cal.Busy {
			local := b.Start.In(loc)
			if local.Weekday() != time.Thursday || local.Hour() != 10 || local.Minute() != 0 || b.End.Sub(b.Start) != time.Hour {
				t.Fatalf("%s: an occurrence at %s", c.zone, local)
			}
			offsets[b.Start.UTC().Format("15:04")] = true
		}
		if len(cal.Busy) < 7 || len(offsets) != 2 {
			t.Fatalf("%s: %d occurrences at UTC hours %v, want both sides of the change", c.zone, len(cal.Busy), offsets)
		}
	}
}

// Only the window is expanded: an endless daily series since 2010 gives
// the window's days and no more, busy times that merely overlap the
// window's edges are kept, and a rule by the minute gives its first
// occurrence only (outside the window here).
func TestOnlyTheWindow(t *testing.T) {
	ics := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" +
		"BEGIN:VEVENT\r\nUID:d@x\r\nDTSTART:20100101T230000Z\r\nDTEND:20100102T010000Z\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:h@x\r\nDTSTART;VALUE=DATE:20260101\r\nDTEND;VALUE=DATE:20270101\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:m@x\r\nDTSTART:20260301T100000Z\r\nRRULE:FREQ=MINUTELY\r\nDURATION:PT1M\r\nEND:VEVENT\r\n" +
		"END:VCALENDAR\r\n"
	from := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	cal, err := Parse([]byte(ics), ParseOptions{From: from, To: from.AddDate(0, 0, 3)})
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "busy", show(cal.Busy, time.UTC), []string{
		"01-01 00:00–01-01 00:00", // the year-long block (2026 to 2027)
		"03-09 23:00–03-10 01:00", // began before the window, ends in it
		"03-10 23:00–03-11 01:00",
		"03-11 23:00–03-12 01:00",
		"03-12 23:00–03-13 01:00", // ends after the window
	})
}

// Files that are not calendars are refused; broken lines inside one are
// skipped, not fatal.
func TestNotICal(t *testing.T) {
	for _, bad := range []string{"", "<html><body>Sign in</body></html>", "BEGIN:VCARD\r\nEND:VCARD\r\n",
		"BEGIN:VCALENDAR\r\n" + strings.Repeat("BEGIN:X\r\n", 20)} {
		if _, err := Parse([]byte(bad), ParseOptions{}); err == nil {
			t.Fatalf("%.30q parsed", bad)
		}
	}
	ok := "BEGIN:VCALENDAR\r\nX;A=b\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART:garbage\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:2\r\nDTSTART:20260310T100000Z\r\nDTEND:20260310T110000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	cal, err := Parse([]byte(ok), ParseOptions{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "the good event", show(cal.Busy, time.UTC), []string{"03-10 10:00–03-10 11:00"})
}

// Every Windows zone name of the table maps to a zone this binary knows.
func TestWindowsZones(t *testing.T) {
	for win, iana := range windowsZones {
		if loadIANA(iana) == nil {
			t.Errorf("%s → %s does not load", win, iana)
		}
	}
	z := newZones(time.UTC, nil)
	equal(t, "W. Europe", z.byID("W. Europe Standard Time"), zone(locZone{zoneOf(t, "Europe/Berlin")}))
	equal(t, "Eastern", z.byID("Eastern Standard Time"), zone(locZone{zoneOf(t, "America/New_York")}))
	equal(t, "prefixed", z.byID("/mozilla.org/20070129_1/Europe/Paris"), zone(locZone{zoneOf(t, "Europe/Paris")}))
	equal(t, "unknown: the coach's", z.byID("Somewhere Standard Time"), z.coach)
	equal(t, "Local is not this server's zone", z.byID("Local"), z.coach)
}

// steppingClock reads step later at each reading: a parse whose series
// take that long each.
func steppingClock(step time.Duration) func() time.Time {
	t := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	return func() time.Time {
		t = t.Add(step)
		return t
	}
}

// impossibleSeries is a file of n daily series from 1901 that can never
// occur (February 30th): the rule library searches day by day up to the
// window for each.
func impossibleSeries(n int) []byte {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
	for i := 0; i < n; i++ {
		b.WriteString("BEGIN:VEVENT\r\nUID:x" + strings.Repeat("1", i%7) + "\r\nDTSTART:19010101T100000Z\r\nDTEND:19010101T110000Z\r\n" +
			"RRULE:FREQ=DAILY;COUNT=100000;BYMONTH=2;BYMONTHDAY=30\r\nEND:VEVENT\r\n")
	}
	b.WriteString("END:VCALENDAR\r\n")
	return []byte(b.String())
}

// 3,000 series that can never occur, each a long search: once the
// expansion's time is spent (here after two series, each read as a second),
// the rest count as their first occurrence only, so the file ends.
func TestImpossibleSeriesBounded(t *testing.T) {
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	cal, err := Parse(impossibleSeries(3000), ParseOptions{From: from, To: from.AddDate(0, 0, 90), Now: steppingClock(time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	if len(cal.Busy) != 0 {
		t.Fatalf("%d busy times from series that never occur", len(cal.Busy))
	}
}

// Past the expansion's time, a series counts as its first occurrence
// only: with each series read as taking a second, the first two of ten
// weekly series (2 s) give their 13 weeks, the other eight one each.
func TestExpansionTimeSpentKeepsFirstOccurrences(t *testing.T) {
	from := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
	for i := range 10 {
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:w%d\r\nDTSTART:202603%02dT%02d0000Z\r\nDTEND:202603%02dT%02d3000Z\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\n",
			i, 2+i%5, 8+i, 2+i%5, 8+i)
	}
	b.WriteString("END:VCALENDAR\r\n")
	o := ParseOptions{From: from, To: from.AddDate(0, 0, 91)}
	all, err := Parse([]byte(b.String()), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Busy) != 10*13 {
		t.Fatalf("with time to spare: %d busy times, want %d", len(all.Busy), 10*13)
	}
	o.Now = steppingClock(time.Second)
	cut, err := Parse([]byte(b.String()), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(cut.Busy) != 2*13+8 {
		t.Fatalf("time spent after two series: %d busy times, want %d", len(cut.Busy), 2*13+8)
	}
}

// BenchmarkImpossibleSeries is the real time 3,000 impossible series
// take, bounded by maxExpandTime (2 s) plus one series:
//
//	go test -run '^$' -bench ImpossibleSeries -benchtime 3x ./adapters/ical
func BenchmarkImpossibleSeries(b *testing.B) {
	data := impossibleSeries(3000)
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		if _, err := Parse(data, ParseOptions{From: from, To: from.AddDate(0, 0, 90)}); err != nil {
			b.Fatal(err)
		}
	}
}
