package core_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Coaches in these tests work the same hours every day, take bookings up to
// a year ahead with no notice, and offer a slot every 30 minutes, unless a
// test says otherwise.
func everyDay(tb testing.TB, zone string, specs ...string) core.Availability {
	tb.Helper()
	a := core.Availability{Zone: zone, Step: 30 * time.Minute, Horizon: 366 * 24 * time.Hour}
	for d := range a.Weekly {
		a.Weekly[d] = hoursOf(tb, specs...)
	}
	return a
}

func coachZone(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := core.LoadZone(name)
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// local reads "2006-01-02 15:04" in loc.
func wallTime(tb testing.TB, loc *time.Location, s string) time.Time {
	tb.Helper()
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// utc reads an RFC 3339 instant.
func instant(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func mustOpenSlots(tb testing.TB, a core.Availability, d time.Duration, busy []core.Interval, now, from, to time.Time) []time.Time {
	tb.Helper()
	got, err := core.OpenSlots(&a, d, busy, now, from, to)
	if err != nil {
		tb.Fatalf("OpenSlots: %v", err)
	}
	for i, s := range got {
		if s.Location() != time.UTC {
			tb.Fatalf("slot %v is not in UTC", s)
		}
		if i > 0 && !got[i-1].Before(s) {
			tb.Fatalf("slots not strictly ascending: %v then %v", got[i-1], s)
		}
	}
	return got
}

// openDay lists the slots of one local day of the coach, with no notice.
func openOnDay(tb testing.TB, a core.Availability, d time.Duration, busy []core.Interval, date string) []time.Time {
	tb.Helper()
	loc := coachZone(tb, a.Zone)
	from := wallTime(tb, loc, date+" 00:00")
	to := from.AddDate(0, 0, 1)
	return mustOpenSlots(tb, a, d, busy, from.AddDate(0, 0, -2), from, to)
}

func renderIn(ts []time.Time, loc *time.Location, layout string) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = t.In(loc).Format(layout)
	}
	return strings.Join(s, " ")
}

func rfcList(ts []time.Time) string { return renderIn(ts, time.UTC, time.RFC3339) }

func TestOpenSlots_HoursStayPutAcrossDST(t *testing.T) {
	// A coach who works 09:00–17:00 starts at 09:00 on their own clock the
	// day before and the day of every change; only the UTC instant moves.
	for _, tc := range []struct {
		zone, date, firstUTC string
	}{
		{"America/New_York", "2026-03-07", "2026-03-07T14:00:00Z"},
		{"America/New_York", "2026-03-08", "2026-03-08T13:00:00Z"}, // spring forward
		{"America/New_York", "2026-03-29", "2026-03-29T13:00:00Z"},
		{"America/New_York", "2026-10-25", "2026-10-25T13:00:00Z"},
		{"America/New_York", "2026-10-31", "2026-10-31T13:00:00Z"},
		{"America/New_York", "2026-11-01", "2026-11-01T14:00:00Z"}, // fall back
		{"Europe/Paris", "2026-03-08", "2026-03-08T08:00:00Z"},
		{"Europe/Paris", "2026-03-28", "2026-03-28T08:00:00Z"},
		{"Europe/Paris", "2026-03-29", "2026-03-29T07:00:00Z"}, // spring forward
		{"Europe/Paris", "2026-10-24", "2026-10-24T07:00:00Z"},
		{"Europe/Paris", "2026-10-25", "2026-10-25T08:00:00Z"}, // fall back
		{"Europe/Paris", "2026-11-01", "2026-11-01T08:00:00Z"},
		{"Asia/Kolkata", "2026-03-29", "2026-03-29T03:30:00Z"},
		{"Asia/Kolkata", "2026-11-01", "2026-11-01T03:30:00Z"},
		{"Australia/Lord_Howe", "2026-04-04", "2026-04-03T22:00:00Z"},
		{"Australia/Lord_Howe", "2026-04-05", "2026-04-04T22:30:00Z"}, // back 30 min
		{"Australia/Lord_Howe", "2026-10-03", "2026-10-02T22:30:00Z"},
		{"Australia/Lord_Howe", "2026-10-04", "2026-10-03T22:00:00Z"}, // forward 30 min
	} {
		t.Run(tc.zone+"/"+tc.date, func(t *testing.T) {
			a := everyDay(t, tc.zone, "09:00-17:00")
			got := openOnDay(t, a, time.Hour, nil, tc.date)
			want := "09:00 09:30 10:00 10:30 11:00 11:30 12:00 12:30 13:00 13:30 14:00 14:30 15:00 15:30 16:00"
			if w := renderIn(got, coachZone(t, tc.zone), "15:04"); w != want {
				t.Fatalf("local starts = %s\nwant %s", w, want)
			}
			if f := got[0].Format(time.RFC3339); f != tc.firstUTC {
				t.Fatalf("first slot = %s, want %s", f, tc.firstUTC)
			}
		})
	}
}

func TestOpenSlots_SkippedHourIsNeverOffered(t *testing.T) {
	// The night the clocks go forward, a coach working 01:00–04:00 loses the
	// wall times that do not exist; what remains keeps its real length.
	for _, tc := range []struct {
		name, zone, date, hours string
		step, dur               time.Duration
		wantLocal, wantUTC      string
	}{
		{"New York 02:00–03:00 missing", "America/New_York", "2026-03-08", "01:00-04:00", 30 * time.Minute, 30 * time.Minute,
			"01:00 EST 01:30 EST 03:00 EDT 03:30 EDT",
			"2026-03-08T06:00:00Z 2026-03-08T06:30:00Z 2026-03-08T07:00:00Z 2026-03-08T07:30:00Z"},
		{"New York hour-long sessions span the jump", "America/New_York", "2026-03-08", "01:00-04:00", 30 * time.Minute, time.Hour,
			"01:00 EST 01:30 EST 03:00 EDT",
			"2026-03-08T06:00:00Z 2026-03-08T06:30:00Z 2026-03-08T07:00:00Z"},
		{"Paris 02:00–03:00 missing", "Europe/Paris", "2026-03-29", "01:00-04:00", 30 * time.Minute, 30 * time.Minute,
			"01:00 CET 01:30 CET 03:00 CEST 03:30 CEST",
			"2026-03-29T00:00:00Z 2026-03-29T00:30:00Z 2026-03-29T01:00:00Z 2026-03-29T01:30:00Z"},
		{"range starting inside the gap", "Europe/Paris", "2026-03-29", "02:30-04:00", 15 * time.Minute, 30 * time.Minute,
			"03:00 CEST 03:15 CEST 03:30 CEST",
			"2026-03-29T01:00:00Z 2026-03-29T01:15:00Z 2026-03-29T01:30:00Z"},
		{"range ending inside the gap", "America/New_York", "2026-03-08", "00:00-02:30", time.Hour, time.Hour,
			"00:00 EST 01:00 EST",
			"2026-03-08T05:00:00Z 2026-03-08T06:00:00Z"},
		{"Lord Howe 02:00–02:30 missing", "Australia/Lord_Howe", "2026-10-04", "01:00-03:00", 15 * time.Minute, 15 * time.Minute,
			"01:00 +1030 01:15 +1030 01:30 +1030 01:45 +1030 02:30 +11 02:45 +11",
			"2026-10-03T14:30:00Z 2026-10-03T14:45:00Z 2026-10-03T15:00:00Z 2026-10-03T15:15:00Z 2026-10-03T15:30:00Z 2026-10-03T15:45:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := everyDay(t, tc.zone, tc.hours)
			a.Step = tc.step
			got := openOnDay(t, a, tc.dur, nil, tc.date)
			if l := renderIn(got, coachZone(t, tc.zone), "15:04 MST"); l != tc.wantLocal {
				t.Errorf("local = %s\nwant  %s", l, tc.wantLocal)
			}
			if u := rfcList(got); u != tc.wantUTC {
				t.Errorf("UTC = %s\nwant  %s", u, tc.wantUTC)
			}
		})
	}
}

func TestOpenSlots_RepeatedHourIsOfferedOnce(t *testing.T) {
	// The night the clocks go back, 01:30 happens twice; the client is
	// offered it once, the first time.
	for _, tc := range []struct {
		name, zone, date, hours string
		step                    time.Duration
		wantLocal, wantUTC      string
	}{
		{"New York 01:00–02:00 twice", "America/New_York", "2026-11-01", "00:00-03:00", 30 * time.Minute,
			"00:00 EDT 00:30 EDT 01:00 EDT 01:30 EDT 02:00 EST 02:30 EST",
			"2026-11-01T04:00:00Z 2026-11-01T04:30:00Z 2026-11-01T05:00:00Z 2026-11-01T05:30:00Z 2026-11-01T07:00:00Z 2026-11-01T07:30:00Z"},
		{"Paris 02:00–03:00 twice", "Europe/Paris", "2026-10-25", "01:00-04:00", 30 * time.Minute,
			"01:00 CEST 01:30 CEST 02:00 CEST 02:30 CEST 03:00 CET 03:30 CET",
			"2026-10-24T23:00:00Z 2026-10-24T23:30:00Z 2026-10-25T00:00:00Z 2026-10-25T00:30:00Z 2026-10-25T02:00:00Z 2026-10-25T02:30:00Z"},
		{"Paris range starting in the repeated hour", "Europe/Paris", "2026-10-25", "02:30-03:30", 30 * time.Minute,
			"02:30 CEST 03:00 CET",
			"2026-10-25T00:30:00Z 2026-10-25T02:00:00Z"},
		{"Lord Howe 01:30–02:00 twice", "Australia/Lord_Howe", "2026-04-05", "01:00-03:00", 15 * time.Minute,
			"01:00 +11 01:15 +11 01:30 +11 01:45 +11 02:00 +1030 02:15 +1030 02:30 +1030 02:45 +1030",
			"2026-04-04T14:00:00Z 2026-04-04T14:15:00Z 2026-04-04T14:30:00Z 2026-04-04T14:45:00Z 2026-04-04T15:30:00Z 2026-04-04T15:45:00Z 2026-04-04T16:00:00Z 2026-04-04T16:15:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := everyDay(t, tc.zone, tc.hours)
			a.Step = tc.step
			got := openOnDay(t, a, tc.step, nil, tc.date)
			if l := renderIn(got, coachZone(t, tc.zone), "15:04 MST"); l != tc.wantLocal {
				t.Errorf("local = %s\nwant  %s", l, tc.wantLocal)
			}
			if u := rfcList(got); u != tc.wantUTC {
				t.Errorf("UTC = %s\nwant  %s", u, tc.wantUTC)
			}
		})
	}
}

func TestOpenSlots_TokyoClientLosAngelesCoach(t *testing.T) {
	// A coach in Los Angeles on default hours (Mon–Fri 09:00–17:00, 12 h
	// notice); a client in Tokyo sees their mornings, a day later.
	tokyo := coachZone(t, "Asia/Tokyo")
	a := core.DefaultAvailability("America/Los_Angeles")
	for _, tc := range []struct {
		name, now, to                     string
		n                                 int
		firstUTC, firstTokyo, lastTokyo   string
		openDaysTokyo, openDaysLosAngeles string
	}{
		{"summer", "2026-06-01T00:00:00Z", "2026-06-04T00:00:00Z", 45,
			"2026-06-01T16:00:00Z", "Tue 2 Jun 01:00 JST", "Thu 4 Jun 08:00 JST",
			"2026-06-02 2026-06-03 2026-06-04", "2026-06-01 2026-06-02 2026-06-03"},
		{"winter", "2026-12-01T00:00:00Z", "2026-12-03T08:00:00Z", 30,
			"2026-12-01T17:00:00Z", "Wed 2 Dec 02:00 JST", "Thu 3 Dec 09:00 JST",
			"2026-12-02 2026-12-03", "2026-12-01 2026-12-02"},
		{"across the coach's autumn change", "2026-10-29T00:00:00Z", "2026-11-03T08:00:00Z", 45,
			"2026-10-29T16:00:00Z", "Fri 30 Oct 01:00 JST", "Tue 3 Nov 09:00 JST",
			"2026-10-30 2026-10-31 2026-11-03", "2026-10-29 2026-10-30 2026-11-02"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now, to := instant(t, tc.now), instant(t, tc.to)
			got := mustOpenSlots(t, a, time.Hour, nil, now, now, to)
			if len(got) != tc.n {
				t.Fatalf("%d slots, want %d: %s", len(got), tc.n, renderIn(got, tokyo, "Mon 2 Jan 15:04"))
			}
			if s := got[0].Format(time.RFC3339); s != tc.firstUTC {
				t.Errorf("first slot stored as %s, want %s", s, tc.firstUTC)
			}
			if s := got[0].In(tokyo).Format("Mon 2 Jan 15:04 MST"); s != tc.firstTokyo {
				t.Errorf("client sees first slot as %s, want %s", s, tc.firstTokyo)
			}
			if s := got[len(got)-1].In(tokyo).Format("Mon 2 Jan 15:04 MST"); s != tc.lastTokyo {
				t.Errorf("client sees last slot as %s, want %s", s, tc.lastTokyo)
			}
			days, err := core.OpenDays(&a, time.Hour, nil, now, now, to, tokyo)
			if err != nil || strings.Join(days, " ") != tc.openDaysTokyo {
				t.Errorf("Tokyo day picker = %v, %v; want %s", days, err, tc.openDaysTokyo)
			}
			days, err = core.OpenDays(&a, time.Hour, nil, now, now, to, coachZone(t, a.Zone))
			if err != nil || strings.Join(days, " ") != tc.openDaysLosAngeles {
				t.Errorf("Los Angeles day picker = %v, %v; want %s", days, err, tc.openDaysLosAngeles)
			}
		})
	}
}

func TestOpenSlots_Rules(t *testing.T) {
	// A Paris coach; Monday 2 March 2026 unless said otherwise.
	paris := coachZone(t, "Europe/Paris")
	at := func(s string) time.Time { return wallTime(t, paris, s) }
	session := func(from, to string) core.Interval { return core.Interval{Start: at(from), End: at(to)} }
	morning := everyDay(t, "Europe/Paris", "09:00-13:00")
	with := func(mod func(a *core.Availability)) core.Availability {
		a := everyDay(t, "Europe/Paris", "09:00-13:00")
		mod(&a)
		return a
	}
	monday := func(a core.Availability, d time.Duration, busy []core.Interval) []time.Time {
		return mustOpenSlots(t, a, d, busy, at("2026-03-01 00:00"), at("2026-03-02 00:00"), at("2026-03-03 00:00"))
	}
	for _, tc := range []struct {
		name string
		got  []time.Time
		want string // local "Mon 15:04"
	}{
		{"no session booked yet", monday(morning, time.Hour, nil),
			"09:00 09:30 10:00 10:30 11:00 11:30 12:00"},
		{"a booked session blocks the slots it overlaps",
			monday(morning, time.Hour, []core.Interval{session("2026-03-02 10:00", "2026-03-02 11:00")}),
			"09:00 11:00 11:30 12:00"},
		{"back-to-back with a session is fine", // [t, t+d) is half-open
			monday(with(func(a *core.Availability) { a.Step = 15 * time.Minute }), time.Hour, []core.Interval{session("2026-03-02 10:15", "2026-03-02 11:15")}),
			"09:00 09:15 11:15 11:30 11:45 12:00"},
		{"buffers keep 15 minutes either side of a new session",
			monday(with(func(a *core.Availability) {
				a.Step, a.BufferBefore, a.BufferAfter = 15*time.Minute, 15*time.Minute, 15*time.Minute
			}), time.Hour, []core.Interval{session("2026-03-02 10:00", "2026-03-02 11:00")}),
			"11:15 11:30 11:45 12:00"},
		{"buffer before only: a session may end right as the next starts",
			monday(with(func(a *core.Availability) { a.Step, a.BufferBefore = 15*time.Minute, 15*time.Minute }),
				time.Hour, []core.Interval{session("2026-03-02 10:00", "2026-03-02 11:00")}),
			"09:00 11:15 11:30 11:45 12:00"},
		{"buffers do not trim the working hours",
			monday(with(func(a *core.Availability) { a.BufferBefore, a.BufferAfter = time.Hour, time.Hour }), time.Hour, nil),
			"09:00 09:30 10:00 10:30 11:00 11:30 12:00"},
		{"busy sessions unsorted, overlapping, in another zone, or empty",
			monday(morning, 30*time.Minute, []core.Interval{
				{Start: instant(t, "2026-03-02T10:30:00Z"), End: instant(t, "2026-03-02T11:00:00Z")}, // 11:30–12:00 Paris
				session("2026-03-02 09:15", "2026-03-02 09:45"),
				session("2026-03-02 09:30", "2026-03-02 10:00"),
				session("2026-03-02 12:00", "2026-03-02 12:00"),
			}),
			"10:00 10:30 11:00 12:00 12:30"},
		{"steps count from the start of each range",
			monday(with(func(a *core.Availability) { a.Weekly[time.Monday] = hoursOf(t, "09:10-10:40", "11:15-12:15") }), 30*time.Minute, nil),
			"09:10 09:40 10:10 11:15 11:45"},
		{"touching ranges are one stretch of work",
			monday(with(func(a *core.Availability) { a.Weekly[time.Monday] = hoursOf(t, "09:00-10:00", "10:00-11:00") }), time.Hour, nil),
			"09:00 09:30 10:00"},
		{"a session never runs past the end of the hours",
			monday(morning, 4*time.Hour+time.Minute, nil), ""},
		{"a day off drops the weekly hours",
			monday(with(func(a *core.Availability) { a.Exceptions = []core.Exception{{Date: "2026-03-02", Off: true}} }), time.Hour, nil), ""},
		{"a day off with a few hours kept",
			monday(with(func(a *core.Availability) {
				a.Exceptions = []core.Exception{{Date: "2026-03-02", Off: true, Extra: hoursOf(t, "15:00-16:00")}}
			}), time.Hour, nil),
			"15:00"},
		{"extra hours extend the day and keep its step",
			monday(with(func(a *core.Availability) {
				a.Step = time.Hour
				a.Weekly[time.Monday] = hoursOf(t, "09:30-13:00")
				a.Exceptions = []core.Exception{{Date: "2026-03-02", Extra: hoursOf(t, "12:00-15:00", "18:00-19:00")}}
			}), time.Hour, nil),
			"09:30 10:30 11:30 12:30 13:30 18:00"},
		{"an exception on another date changes nothing",
			monday(with(func(a *core.Availability) { a.Exceptions = []core.Exception{{Date: "2026-03-03", Off: true}} }), time.Hour, nil),
			"09:00 09:30 10:00 10:30 11:00 11:30 12:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := renderIn(tc.got, paris, "15:04"); got != tc.want {
				t.Fatalf("open = %q\nwant   %q", got, tc.want)
			}
		})
	}
}

func TestOpenSlots_NoticeHorizonAndWindow(t *testing.T) {
	paris := coachZone(t, "Europe/Paris")
	at := func(s string) time.Time { return wallTime(t, paris, s) }
	a := core.DefaultAvailability("Europe/Paris") // Mon–Fri 09:00–17:00, 12 h notice, 30 days
	a.Step = time.Hour
	for _, tc := range []struct {
		name          string
		mod           func(a *core.Availability)
		now, from, to string
		want          string // "Mon 2 15:04"
	}{
		{"12 hours' notice pushes Monday 08:00 to Tuesday", nil,
			"2026-03-02 08:00", "2026-03-02 00:00", "2026-03-04 00:00",
			"Tue 3 09:00 Tue 3 10:00 Tue 3 11:00 Tue 3 12:00 Tue 3 13:00 Tue 3 14:00 Tue 3 15:00 Tue 3 16:00"},
		{"notice ending mid-range starts at the next step, not at now",
			func(a *core.Availability) { a.MinNotice = 2 * time.Hour },
			"2026-03-02 08:10", "2026-03-02 00:00", "2026-03-03 00:00",
			"Mon 2 11:00 Mon 2 12:00 Mon 2 13:00 Mon 2 14:00 Mon 2 15:00 Mon 2 16:00"},
		{"a slot exactly at the notice is fine",
			func(a *core.Availability) { a.MinNotice = time.Hour },
			"2026-03-02 14:00", "2026-03-02 00:00", "2026-03-03 00:00",
			"Mon 2 15:00 Mon 2 16:00"},
		{"a slot exactly at the horizon is not",
			func(a *core.Availability) { a.MinNotice, a.Horizon = 0, 26*time.Hour },
			"2026-03-02 13:00", "2026-03-02 00:00", "2026-03-06 00:00",
			"Mon 2 13:00 Mon 2 14:00 Mon 2 15:00 Mon 2 16:00 Tue 3 09:00 Tue 3 10:00 Tue 3 11:00 Tue 3 12:00 Tue 3 13:00 Tue 3 14:00"},
		{"from and to cut the window; to is exclusive",
			func(a *core.Availability) { a.MinNotice = 0 },
			"2026-03-01 00:00", "2026-03-04 10:00", "2026-03-04 12:00",
			"Wed 4 10:00 Wed 4 11:00"},
		{"the past is never offered", nil,
			"2026-03-10 00:00", "2026-03-02 00:00", "2026-03-09 00:00", ""},
		{"to before from", nil,
			"2026-03-01 00:00", "2026-03-05 00:00", "2026-03-04 00:00", ""},
		{"weekends are off by default", func(a *core.Availability) { a.MinNotice = 0 },
			"2026-03-06 00:00", "2026-03-07 00:00", "2026-03-09 00:00", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := a
			if tc.mod != nil {
				tc.mod(&a)
			}
			got := mustOpenSlots(t, a, time.Hour, nil, at(tc.now), at(tc.from), at(tc.to))
			if s := renderIn(got, paris, "Mon 2 15:04"); s != tc.want {
				t.Fatalf("open = %q\nwant   %q", s, tc.want)
			}
		})
	}
}

func TestOpenSlots_BadInput(t *testing.T) {
	now := instant(t, "2026-03-02T00:00:00Z")
	ok := core.DefaultAvailability("Europe/Paris")
	bad := ok
	bad.Zone = "Mars/Olympus_Mons"
	for _, tc := range []struct {
		name string
		a    core.Availability
		d    time.Duration
		want string
	}{
		{"ErrZoneUnknown", bad, time.Hour, `"Mars/Olympus_Mons" is not a time zone I know. Try a name such as Europe/Paris.`},
		{"ErrDurationZero", ok, 0, "A session lasts more than zero and at most 24 hours."},
		{"ErrDurationTooLong", ok, 25 * time.Hour, "A session lasts more than zero and at most 24 hours."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err1 := core.OpenSlots(&tc.a, tc.d, nil, now, now, now.Add(time.Hour))
			_, err2 := core.OpenDays(&tc.a, tc.d, nil, now, now, now.Add(time.Hour), nil)
			_, err3 := core.CheckRecurring(&tc.a, tc.d, nil, now, now, 4)
			for _, err := range []error{err1, err2, err3} {
				if core.ErrorCode(err) != core.EINVALID || core.ErrorMessage(err) != tc.want {
					t.Errorf("error = %v, want EINVALID %q", err, tc.want)
				}
			}
		})
	}
	t.Run("ErrRecurringWeeks", func(t *testing.T) {
		for _, weeks := range []int{0, -1, 53} {
			_, err := core.CheckRecurring(&ok, time.Hour, nil, now, now, weeks)
			if core.ErrorCode(err) != core.EINVALID || core.ErrorMessage(err) != "A recurring booking runs for 1 to 52 weeks." {
				t.Errorf("weeks=%d: error = %v", weeks, err)
			}
		}
	})
}

func TestOpenDays(t *testing.T) {
	paris := coachZone(t, "Europe/Paris")
	at := func(s string) time.Time { return wallTime(t, paris, s) }
	a := core.DefaultAvailability("Europe/Paris")
	a.MinNotice = 0
	a.Exceptions = []core.Exception{
		{Date: "2026-03-04", Off: true},                                   // Wednesday off
		{Date: "2026-03-07", Extra: hoursOf(t, "10:00-11:00")},            // Saturday morning
		{Date: "2026-03-09", Off: true, Extra: hoursOf(t, "21:30-23:30")}, // Monday evening only
	}
	// Thursday is fully booked.
	busy := []core.Interval{{Start: at("2026-03-05 08:00"), End: at("2026-03-05 18:00")}}
	now, to := at("2026-03-02 00:00"), at("2026-03-11 00:00")
	for _, tc := range []struct {
		reader string
		want   string
	}{
		{"Europe/Paris", "2026-03-02 2026-03-03 2026-03-06 2026-03-07 2026-03-09 2026-03-10"},
		// 16:00 in Paris is midnight in Tokyo; Monday's 21:30 is Tuesday 05:30.
		{"Asia/Tokyo", "2026-03-02 2026-03-03 2026-03-04 2026-03-06 2026-03-07 2026-03-10 2026-03-11"},
		{"America/Los_Angeles", "2026-03-02 2026-03-03 2026-03-06 2026-03-07 2026-03-09 2026-03-10"},
	} {
		t.Run(tc.reader, func(t *testing.T) {
			got, err := core.OpenDays(&a, time.Hour, busy, now, now, to, coachZone(t, tc.reader))
			if err != nil {
				t.Fatal(err)
			}
			if s := strings.Join(got, " "); s != tc.want {
				t.Fatalf("open days = %s\nwant        %s", s, tc.want)
			}
			// Same answer as listing every slot and keeping the dates.
			slots := mustOpenSlots(t, a, time.Hour, busy, now, now, to)
			var dates []string
			for _, s := range slots {
				dates = append(dates, s.In(coachZone(t, tc.reader)).Format(time.DateOnly))
			}
			if s := strings.Join(slices.Compact(dates), " "); s != tc.want {
				t.Fatalf("dates of the slots = %s\nwant              %s", s, tc.want)
			}
		})
	}
}

func TestWeeklyOccurrences(t *testing.T) {
	// Same weekday, same wall time, every week; the UTC instant follows DST.
	for _, tc := range []struct {
		name, zone, first string
		weeks             int
		want              string
	}{
		{"Paris Tuesdays 18:00 across spring", "Europe/Paris", "2026-03-17T17:00:00Z", 4,
			"2026-03-17T17:00:00Z 2026-03-24T17:00:00Z 2026-03-31T16:00:00Z 2026-04-07T16:00:00Z"},
		{"New York Mondays 09:00 across autumn", "America/New_York", "2026-10-26T13:00:00Z", 3,
			"2026-10-26T13:00:00Z 2026-11-02T14:00:00Z 2026-11-09T14:00:00Z"},
		{"Lord Howe Sundays 09:00 across autumn", "Australia/Lord_Howe", "2026-03-28T22:00:00Z", 2,
			"2026-03-28T22:00:00Z 2026-04-04T22:30:00Z"},
		{"Kolkata never moves", "Asia/Kolkata", "2026-03-23T12:30:00Z", 2,
			"2026-03-23T12:30:00Z 2026-03-30T12:30:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := core.WeeklyOccurrences(instant(t, tc.first), coachZone(t, tc.zone), tc.weeks)
			if s := rfcList(got); s != tc.want {
				t.Fatalf("occurrences = %s\nwant          %s", s, tc.want)
			}
		})
	}
}

func TestCheckRecurring(t *testing.T) {
	// A New York client books Mondays 09:00 for six weeks from 19 October
	// 2026; the clocks go back on 1 November.
	ny := coachZone(t, "America/New_York")
	at := func(s string) time.Time { return wallTime(t, ny, s) }
	a := core.DefaultAvailability("America/New_York")
	a.Horizon = 35 * 24 * time.Hour
	a.Exceptions = []core.Exception{{Date: "2026-11-09", Off: true}}
	busy := []core.Interval{{Start: at("2026-10-26 09:30"), End: at("2026-10-26 10:30")}}
	now := at("2026-10-15 12:00")
	got, err := core.CheckRecurring(&a, time.Hour, busy, now, at("2026-10-19 09:00"), 6)
	if err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, w := range got {
		mark := "free"
		if !w.Open {
			mark = "taken"
		}
		s = append(s, w.Start.Format(time.RFC3339)+" "+w.Start.In(ny).Format("Mon 2 Jan 15:04")+" "+mark)
	}
	want := []string{
		"2026-10-19T13:00:00Z Mon 19 Oct 09:00 free",
		"2026-10-26T13:00:00Z Mon 26 Oct 09:00 taken", // overlaps a 09:30 session
		"2026-11-02T14:00:00Z Mon 2 Nov 09:00 free",   // after the change, still 09:00
		"2026-11-09T14:00:00Z Mon 9 Nov 09:00 taken",  // day off
		"2026-11-16T14:00:00Z Mon 16 Nov 09:00 free",
		"2026-11-23T14:00:00Z Mon 23 Nov 09:00 taken", // beyond the 35-day horizon
	}
	if strings.Join(s, "\n") != strings.Join(want, "\n") {
		t.Fatalf("weeks:\n%s\nwant:\n%s", strings.Join(s, "\n"), strings.Join(want, "\n"))
	}

	t.Run("a week whose wall time does not exist is not open", func(t *testing.T) {
		night := everyDay(t, "America/New_York", "00:00-06:00")
		got, err := core.CheckRecurring(&night, 30*time.Minute, nil, at("2026-02-20 00:00"), at("2026-03-01 02:30"), 3)
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, w := range got {
			s = append(s, w.Start.In(ny).Format("Jan 2 15:04 MST")+" "+map[bool]string{true: "free", false: "taken"}[w.Open])
		}
		want := "Mar 1 02:30 EST free|Mar 8 03:00 EDT taken|Mar 15 02:30 EDT free"
		if strings.Join(s, "|") != want {
			t.Fatalf("weeks = %s\nwant    %s", strings.Join(s, "|"), want)
		}
	})
}

// TestOpenSlots_MatchesReference checks OpenSlots against a slow,
// minute-by-minute reading of the rules, around every DST change of the
// zones we promise, with random sessions, buffers and steps.
func TestOpenSlots_MatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 2026))
	windows := []struct{ zone, from string }{
		{"America/New_York", "2026-03-06"}, {"America/New_York", "2026-10-30"},
		{"Europe/Paris", "2026-03-27"}, {"Europe/Paris", "2026-10-23"},
		{"Australia/Lord_Howe", "2026-04-03"}, {"Australia/Lord_Howe", "2026-10-02"},
		{"Asia/Kolkata", "2026-03-27"}, {"America/Los_Angeles", "2026-03-06"},
	}
	dayPlans := [][]string{
		{"00:00-24:00"}, {"01:00-04:00"}, {"00:30-02:15", "02:15-03:45", "20:00-24:00"},
		{"01:45-02:45"}, {"09:00-17:00"}, {"02:00-03:00", "05:00-06:00"},
	}
	for _, w := range windows {
		loc := coachZone(t, w.zone)
		for i := 0; i < 6; i++ {
			a := core.Availability{Zone: w.zone, Horizon: 366 * 24 * time.Hour}
			for d := range a.Weekly {
				a.Weekly[d] = hoursOf(t, dayPlans[rng.IntN(len(dayPlans))]...)
			}
			a.Step = []time.Duration{5, 15, 20, 30, 45, 60}[rng.IntN(6)] * time.Minute
			a.BufferBefore = time.Duration(rng.IntN(3)) * 10 * time.Minute
			a.BufferAfter = time.Duration(rng.IntN(3)) * 10 * time.Minute
			dur := []time.Duration{15, 30, 45, 60, 90}[rng.IntN(5)] * time.Minute
			from := wallTime(t, loc, w.from+" 00:00")
			to := from.AddDate(0, 0, 4)
			now := from.Add(time.Duration(rng.IntN(24*60)) * time.Minute)
			a.MinNotice = time.Duration(rng.IntN(6)) * time.Hour
			var busy []core.Interval
			for range rng.IntN(40) {
				s := from.Add(time.Duration(rng.IntN(4*24*60)) * time.Minute)
				busy = append(busy, core.Interval{Start: s, End: s.Add(time.Duration(1+rng.IntN(120)) * time.Minute)})
			}
			got := rfcList(mustOpenSlots(t, a, dur, busy, now, from, to))
			want := rfcList(referenceSlots(t, a, loc, dur, busy, now, from, to))
			if got != want {
				t.Fatalf("%s from %s, rules %+v, duration %v:\ngot  %s\nwant %s", w.zone, w.from, a, dur, got, want)
			}
		}
	}
}

// reference reads the rules literally: every whole minute t in the window is
// a start if its local wall time is a step of a range of its local day,
// no earlier instant showed that wall time, the clock stays inside the range
// for the whole session, and the padded session misses every busy interval.
func referenceSlots(tb testing.TB, a core.Availability, loc *time.Location, dur time.Duration, busy []core.Interval, now, from, to time.Time) []time.Time {
	var out []time.Time
	lo := from
	if n := now.Add(a.MinNotice); n.After(lo) {
		lo = n
	}
	hi := to
	if h := now.Add(a.Horizon); h.Before(hi) {
		hi = h
	}
	wall := func(t time.Time) (date string, clock int) {
		l := t.In(loc)
		return l.Format(time.DateOnly), l.Hour()*60 + l.Minute()
	}
	for t := lo.Truncate(time.Minute); t.Before(hi); t = t.Add(time.Minute) {
		if t.Before(lo) {
			continue
		}
		date, clock := wall(t)
		if d, c := wall(t.Add(-30 * time.Minute)); d == date && c == clock {
			continue
		}
		if d, c := wall(t.Add(-time.Hour)); d == date && c == clock {
			continue
		}
		weekday := t.In(loc).Weekday()
		inside := false
		for _, r := range referenceMerge(a.Weekly[weekday]) {
			if clock < r.Start || clock >= r.End || (clock-r.Start)%int(a.Step/time.Minute) != 0 {
				continue
			}
			inside = true
			for x := t; x.Before(t.Add(dur)); x = x.Add(time.Minute) {
				if d, c := wall(x); d != date || c >= r.End {
					inside = false
					break
				}
			}
		}
		if !inside {
			continue
		}
		free := true
		for _, b := range busy {
			if t.Add(-a.BufferBefore).Before(b.End) && b.Start.Before(t.Add(dur+a.BufferAfter)) {
				free = false
			}
		}
		if free {
			out = append(out, t.UTC())
		}
	}
	return out
}

func referenceMerge(in []core.TimeRange) []core.TimeRange {
	rs := slices.Clone(in)
	slices.SortFunc(rs, func(x, y core.TimeRange) int { return x.Start - y.Start })
	var out []core.TimeRange
	for _, r := range rs {
		if n := len(out); n > 0 && r.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, r.End)
			continue
		}
		out = append(out, r)
	}
	return out
}
