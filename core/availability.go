package core

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // zones work on hosts without a tz database
)

// MinutesPerDay is the end of a local day in TimeRange terms, so a range may
// run until midnight ("24:00").
const MinutesPerDay = 24 * 60

// maxHorizon bounds how far ahead a coach may open bookings, so one open-slot
// computation stays small.
const maxHorizon = 366 * 24 * time.Hour

// TimeRange is a span of a coach's local wall-clock day, in minutes since
// midnight: {540, 1020} is 09:00–17:00 whatever the date's UTC offset.
type TimeRange struct {
	Start int // minutes since local midnight, 0..1439
	End   int // minutes since local midnight, Start+1..1440 (1440 is 24:00)
}

// ParseTimeRange reads what a coach types, "09:00-17:00" (a hyphen or an en
// dash; "24:00" ends at midnight), so chat commands and tests share one form.
func ParseTimeRange(s string) (TimeRange, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "–", "-")
	from, to, ok := strings.Cut(s, "-")
	if !ok {
		return TimeRange{}, NewError(EINVALID, "err.hours.bad_range", "\"{Text}\" is not a time range; write it like 09:00-17:00.", "Text", s)
	}
	start, ok1 := parseClock(strings.TrimSpace(from))
	end, ok2 := parseClock(strings.TrimSpace(to))
	if !ok1 || !ok2 {
		return TimeRange{}, NewError(EINVALID, "err.hours.bad_range", "\"{Text}\" is not a time range; write it like 09:00-17:00.", "Text", s)
	}
	r := TimeRange{Start: start, End: end}
	if err := r.validate(""); err != nil {
		return TimeRange{}, err
	}
	return r, nil
}

// parseClock reads "HH:MM" (00:00..24:00) as minutes since midnight.
func parseClock(s string) (int, bool) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(m) != 2 || len(h) < 1 || len(h) > 2 {
		return 0, false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, false
	}
	return hh*60 + mm, true
}

// String renders the range the way coaches write it, e.g. "09:00–17:00".
func (r TimeRange) String() string {
	return clockString(r.Start) + "–" + clockString(r.End)
}

func clockString(clock int) string {
	return fmt.Sprintf("%02d:%02d", clock/60, clock%60)
}

// validate checks one range; where ("Monday", "2026-03-29" or "") says
// which day the message is about.
func (r TimeRange) validate(where string) error {
	if r.Start < 0 || r.Start >= MinutesPerDay || r.End < 0 || r.End > MinutesPerDay {
		if where == "" {
			return NewError(EINVALID, "err.hours.out_of_day", "Hours must lie between 00:00 and 24:00.")
		}
		return NewError(EINVALID, "err.hours.out_of_day_at", "{Where}: hours must lie between 00:00 and 24:00.", "Where", where)
	}
	if r.End <= r.Start {
		if where == "" {
			return NewError(EINVALID, "err.hours.backwards", "{Range} must end after it starts.", "Range", r)
		}
		return NewError(EINVALID, "err.hours.backwards_at", "{Where}: {Range} must end after it starts.", "Where", where, "Range", r)
	}
	return nil
}

// Exception changes one date of a coach's week: a day off, extra hours, or
// both (Off with Extra replaces the weekly hours by the extra ones).
type Exception struct {
	Date  string      // civil date in the coach's zone, "2006-01-02"
	Off   bool        // drop the weekly hours of that date
	Extra []TimeRange // hours added that date; they may touch or overlap the weekly ones
}

// Availability is when a 1:1 coach can be booked: weekly hours and dated
// exceptions in the coach's own zone, plus the spacing rules OpenSlots
// applies. Stores keep one per coach.
type Availability struct {
	CoachID      int64          // the coach these rules belong to (one row per coach in a store)
	Zone         string         // IANA zone the hours are read in, e.g. "Europe/Paris"
	Weekly       [7][]TimeRange // indexed by time.Weekday (Sunday = 0)
	Exceptions   []Exception
	BufferBefore time.Duration // free time kept before a new session
	BufferAfter  time.Duration // free time kept after a new session
	MinNotice    time.Duration // no slot starts sooner than this after now
	Horizon      time.Duration // no slot starts this long after now or later
	Step         time.Duration // slots start every Step from the start of each range

	loc *time.Location // Zone, loaded by the reader (base.rulesOf); nil: compile loads it
}

// DefaultAvailability is what a new 1:1 coach starts with: Monday to Friday
// 09:00–17:00, a slot every 30 minutes, 12 hours' notice, 30 days ahead.
func DefaultAvailability(zone string) Availability {
	a := Availability{
		Zone:      zone,
		MinNotice: 12 * time.Hour,
		Horizon:   30 * 24 * time.Hour,
		Step:      30 * time.Minute,
	}
	for d := time.Monday; d <= time.Friday; d++ {
		a.Weekly[d] = []TimeRange{{Start: 9 * 60, End: 17 * 60}}
	}
	return a
}

// Validate refuses rules that cannot be applied, with a message for the
// coach who typed them.
func (a *Availability) Validate() error {
	_, err := a.compile()
	return err
}

// rules is an Availability checked and prepared for slot computation:
// the zone loaded, each day's ranges sorted and merged, exceptions keyed
// by day number.
type rules struct {
	loc     *time.Location
	weekly  [7][]TimeRange
	except  map[int64][]TimeRange // day number → that day's ranges, replacing the weekly ones
	before  int64                 // nanoseconds
	after   int64
	notice  time.Duration
	horizon time.Duration
	step    int // minutes
}

// compile validates a and prepares it; it is the only place the rules
// are checked.
func (a *Availability) compile() (*rules, error) {
	loc := a.loc
	if loc == nil || loc.String() != a.Zone {
		var err error
		if loc, err = LoadZone(a.Zone); err != nil {
			return nil, err
		}
	}
	switch {
	case a.Horizon <= 0:
		return nil, NewError(EINVALID, "err.rules.horizon_zero", "The booking horizon must be longer than zero.")
	case a.Horizon > maxHorizon:
		return nil, NewError(EINVALID, "err.rules.horizon_year", "The booking horizon can be at most a year.")
	case a.Step <= 0 || a.Step%time.Minute != 0:
		return nil, NewError(EINVALID, "err.rules.step_minutes", "The slot step must be a whole number of minutes, at least one.")
	case a.Step > 24*time.Hour:
		return nil, NewError(EINVALID, "err.rules.step_day", "The slot step can be at most 24 hours.")
	case a.BufferBefore < 0 || a.BufferAfter < 0:
		return nil, NewError(EINVALID, "err.rules.buffer_negative", "Buffers cannot be negative.")
	case a.MinNotice < 0:
		return nil, NewError(EINVALID, "err.rules.notice_negative", "The minimum notice cannot be negative.")
	}
	r := &rules{
		loc:     loc,
		before:  int64(a.BufferBefore),
		after:   int64(a.BufferAfter),
		notice:  a.MinNotice,
		horizon: a.Horizon,
		step:    int(a.Step / time.Minute),
	}
	for d := range a.Weekly {
		day, err := dayRanges(time.Weekday(d).String(), a.Weekly[d])
		if err != nil {
			return nil, err
		}
		r.weekly[d] = merge(day)
	}
	if len(a.Exceptions) > 0 {
		r.except = make(map[int64][]TimeRange, len(a.Exceptions))
	}
	for _, e := range a.Exceptions {
		date, err := time.Parse(time.DateOnly, e.Date)
		if err != nil || date.Format(time.DateOnly) != e.Date {
			return nil, NewError(EINVALID, "err.hours.bad_date", "\"{Text}\" is not a date; write it like 2026-03-29.", "Text", e.Date)
		}
		n := dayNumber(date.Date())
		if _, dup := r.except[n]; dup {
			return nil, NewError(EINVALID, "err.hours.two_exceptions", "{Date} has two exceptions; keep one per date.", "Date", e.Date)
		}
		extra, err := dayRanges(e.Date, e.Extra)
		if err != nil {
			return nil, err
		}
		day := extra
		if !e.Off {
			day = append(extra, r.weekly[date.Weekday()]...)
		}
		r.except[n] = merge(day)
	}
	return r, nil
}

// dayRanges checks one day's ranges (each well formed, none overlapping
// another; touching is fine) and returns a sorted copy.
func dayRanges(label string, in []TimeRange) ([]TimeRange, error) {
	out := slices.Clone(in)
	for _, r := range out {
		if err := r.validate(label); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(x, y TimeRange) int { return x.Start - y.Start })
	for i := 1; i < len(out); i++ {
		if out[i].Start < out[i-1].End {
			return nil, NewError(EINVALID, "err.hours.overlap", "{Where}: {First} overlaps {Second}.", "Where", label, "First", out[i-1], "Second", out[i])
		}
	}
	return out, nil
}

// merge sorts ranges and joins those that touch or overlap, so a session
// may run across 12:00 when the hours are 09:00–12:00 and 12:00–17:00.
func merge(in []TimeRange) []TimeRange {
	if len(in) == 0 {
		return nil
	}
	slices.SortFunc(in, func(x, y TimeRange) int { return x.Start - y.Start })
	out := in[:1]
	for _, r := range in[1:] {
		last := &out[len(out)-1]
		if r.Start <= last.End {
			last.End = max(last.End, r.End)
			continue
		}
		out = append(out, r)
	}
	return out
}

// dayNumber counts civil days since 1970-01-01, so dates can key maps and
// be stepped without time zones getting involved.
func dayNumber(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// civilDate is the inverse of dayNumber.
func civilDate(n int64) (int, time.Month, int) {
	return time.Unix(n*86400, 0).UTC().Date()
}
