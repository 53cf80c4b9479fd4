package core_test

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

func TestAvailability_Validate(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		for name, mod := range map[string]func(a *core.Availability){
			"default hours":             func(a *core.Availability) {},
			"touching ranges":           func(a *core.Availability) { a.Weekly[time.Monday] = hoursOf(t, "09:00-12:00", "12:00-17:00") },
			"evening until midnight":    func(a *core.Availability) { a.Weekly[time.Sunday] = hoursOf(t, "20:00-24:00") },
			"ranges given out of order": func(a *core.Availability) { a.Weekly[time.Monday] = hoursOf(t, "14:00-17:00", "09:00-12:00") },
			"extra hours overlap the weekly": func(a *core.Availability) {
				a.Exceptions = []core.Exception{{Date: "2026-03-02", Extra: hoursOf(t, "16:00-19:00")}}
			},
			"day off with a few hours kept": func(a *core.Availability) {
				a.Exceptions = []core.Exception{{Date: "2026-03-02", Off: true, Extra: hoursOf(t, "10:00-11:00")}}
			},
			"buffers and no notice": func(a *core.Availability) {
				a.BufferBefore, a.BufferAfter, a.MinNotice = 10*time.Minute, 5*time.Minute, 0
			},
			"a year ahead, one slot per hour":    func(a *core.Availability) { a.Horizon, a.Step = 366*24*time.Hour, time.Hour },
			"half-hour zone (India)":             func(a *core.Availability) { a.Zone = "Asia/Kolkata" },
			"half-hour DST shift (Lord Howe Is)": func(a *core.Availability) { a.Zone = "Australia/Lord_Howe" },
		} {
			t.Run(name, func(t *testing.T) {
				a := core.DefaultAvailability("Europe/Paris")
				mod(&a)
				if err := a.Validate(); err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
			})
		}
	})

	for _, tc := range []struct {
		name string
		mod  func(a *core.Availability)
		want string
	}{
		{"ErrZoneUnknown", func(a *core.Availability) { a.Zone = "Europe/Pariss" },
			`"Europe/Pariss" is not a time zone I know. Try a name such as Europe/Paris.`},
		{"ErrZoneRequired", func(a *core.Availability) { a.Zone = "" },
			"Please give a time zone such as Europe/Paris."},
		{"ErrEndBeforeStart", func(a *core.Availability) { a.Weekly[time.Monday] = []core.TimeRange{{Start: 17 * 60, End: 9 * 60}} },
			"Monday: 17:00–09:00 must end after it starts."},
		{"ErrEndEqualsStart", func(a *core.Availability) { a.Weekly[time.Tuesday] = []core.TimeRange{{Start: 9 * 60, End: 9 * 60}} },
			"Tuesday: 09:00–09:00 must end after it starts."},
		{"ErrPastMidnight", func(a *core.Availability) { a.Weekly[time.Friday] = []core.TimeRange{{Start: 22 * 60, End: 25 * 60}} },
			"Friday: hours must lie between 00:00 and 24:00."},
		{"ErrWeeklyOverlap", func(a *core.Availability) { a.Weekly[time.Monday] = hoursOf(t, "11:00-13:00", "09:00-12:00") },
			"Monday: 09:00–12:00 overlaps 11:00–13:00."},
		{"ErrHorizonZero", func(a *core.Availability) { a.Horizon = 0 },
			"The booking horizon must be longer than zero."},
		{"ErrHorizonNegative", func(a *core.Availability) { a.Horizon = -time.Hour },
			"The booking horizon must be longer than zero."},
		{"ErrHorizonTooFar", func(a *core.Availability) { a.Horizon = 400 * 24 * time.Hour },
			"The booking horizon can be at most a year."},
		{"ErrStepZero", func(a *core.Availability) { a.Step = 0 },
			"The slot step must be a whole number of minutes, at least one."},
		{"ErrStepNotWholeMinutes", func(a *core.Availability) { a.Step = 90 * time.Second },
			"The slot step must be a whole number of minutes, at least one."},
		{"ErrBufferNegative", func(a *core.Availability) { a.BufferAfter = -time.Minute },
			"Buffers cannot be negative."},
		{"ErrNoticeNegative", func(a *core.Availability) { a.MinNotice = -time.Hour },
			"The minimum notice cannot be negative."},
		{"ErrExceptionDateNotADate", func(a *core.Availability) { a.Exceptions = []core.Exception{{Date: "2026-02-30", Off: true}} },
			`"2026-02-30" is not a date; write it like 2026-03-29.`},
		{"ErrExceptionDateFormat", func(a *core.Availability) { a.Exceptions = []core.Exception{{Date: "29/03/2026", Off: true}} },
			`"29/03/2026" is not a date; write it like 2026-03-29.`},
		{"ErrExceptionTwice", func(a *core.Availability) {
			a.Exceptions = []core.Exception{{Date: "2026-03-02", Off: true}, {Date: "2026-03-02", Extra: hoursOf(t, "18:00-19:00")}}
		}, "2026-03-02 has two exceptions; keep one per date."},
		{"ErrExceptionExtraOverlap", func(a *core.Availability) {
			a.Exceptions = []core.Exception{{Date: "2026-03-07", Extra: hoursOf(t, "10:00-12:00", "11:30-13:00")}}
		}, "2026-03-07: 10:00–12:00 overlaps 11:30–13:00."},
		{"ErrExceptionExtraBackwards", func(a *core.Availability) {
			a.Exceptions = []core.Exception{{Date: "2026-03-07", Extra: []core.TimeRange{{Start: 12 * 60, End: 10 * 60}}}}
		}, "2026-03-07: 12:00–10:00 must end after it starts."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := core.DefaultAvailability("Europe/Paris")
			tc.mod(&a)
			err := a.Validate()
			if core.ErrorCode(err) != core.EINVALID || core.ErrorMessage(err) != tc.want {
				t.Fatalf("Validate() = %v, want EINVALID %q", err, tc.want)
			}
		})
	}
}

func TestDefaultAvailability(t *testing.T) {
	a := core.DefaultAvailability("America/New_York")
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	if a.Step != 30*time.Minute || a.MinNotice != 12*time.Hour || a.Horizon != 30*24*time.Hour ||
		a.BufferBefore != 0 || a.BufferAfter != 0 {
		t.Fatalf("DefaultAvailability rules = %+v", a)
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		want := "[]"
		if d != time.Saturday && d != time.Sunday {
			want = "[09:00–17:00]"
		}
		if got := rangesString(a.Weekly[d]); got != want {
			t.Errorf("%s hours = %s, want %s", d, got, want)
		}
	}
}

func TestParseTimeRange(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"09:00-17:00", "09:00–17:00"},
		{"9:00 – 17:30", "09:00–17:30"},
		{"20:00-24:00", "20:00–24:00"},
		{"00:00-00:15", "00:00–00:15"},
	} {
		r, err := core.ParseTimeRange(tc.in)
		if err != nil || r.String() != tc.want {
			t.Errorf("ParseTimeRange(%q) = %v, %v; want %s", tc.in, r, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"17:00-09:00", "17:00–09:00 must end after it starts."},
		{"24:00-24:00", "Hours must lie between 00:00 and 24:00."},
		{"09:00", `"09:00" is not a time range; write it like 09:00-17:00.`},
		{"9h-17h", `"9h-17h" is not a time range; write it like 09:00-17:00.`},
		{"09:60-17:00", `"09:60-17:00" is not a time range; write it like 09:00-17:00.`},
		{"25:00-26:00", `"25:00-26:00" is not a time range; write it like 09:00-17:00.`},
	} {
		_, err := core.ParseTimeRange(tc.in)
		if core.ErrorCode(err) != core.EINVALID || core.ErrorMessage(err) != tc.want {
			t.Errorf("ParseTimeRange(%q) error = %v, want EINVALID %q", tc.in, err, tc.want)
		}
	}
}

// ranges parses "HH:MM-HH:MM" specs.
func hoursOf(tb testing.TB, specs ...string) []core.TimeRange {
	tb.Helper()
	out := make([]core.TimeRange, 0, len(specs))
	for _, s := range specs {
		r, err := core.ParseTimeRange(s)
		if err != nil {
			tb.Fatalf("ParseTimeRange(%q): %v", s, err)
		}
		out = append(out, r)
	}
	return out
}

func rangesString(rs []core.TimeRange) string {
	s := "["
	for i, r := range rs {
		if i > 0 {
			s += " "
		}
		s += r.String()
	}
	return s + "]"
}
