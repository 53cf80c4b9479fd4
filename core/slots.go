package core

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"time"
)

// Interval is a busy span of a coach's calendar, [Start, End): one of the
// coach's existing sessions (1:1 or group), so open slots can avoid it.
type Interval struct {
	Start, End time.Time
}

// maxRecurringWeeks bounds a recurring 1:1 booking.
const maxRecurringWeeks = 52

// OpenSlots lists the start times a client may book a session of the given
// duration at, in UTC, ascending and without duplicates.
//
// A start t is open when t lies in [from, to), t ≥ now+MinNotice,
// t < now+Horizon, [t, t+duration) lies inside one working range of the
// coach's local day (weekly hours, or the exception of that date; ranges
// that touch or overlap are joined first, and no session crosses local
// midnight), t's local wall time is the range start plus a whole number of
// Steps, and [t−BufferBefore, t+duration+BufferAfter) overlaps no busy
// interval. Buffers pad the candidate only: busy intervals are taken as they
// are, so a new session keeps BufferBefore free after whatever precedes it
// and BufferAfter free before whatever follows; buffers do not trim the
// working hours.
//
// Ranges are wall-clock times: 09:00 stays 09:00 across a DST change. A wall
// time the clock skips is never offered; a wall time the clock shows twice
// is offered once, at its first occurrence. busy may come in any order and
// may overlap; it is not modified. Errors: EINVALID for bad rules or a
// duration outside (0, 24h].
func OpenSlots(a *Availability, duration time.Duration, busy []Interval, now, from, to time.Time) ([]time.Time, error) {
	r, err := prepare(a, duration)
	if err != nil {
		return nil, err
	}
	var out []time.Time
	r.walk(duration, newBusyCursor(busy), now, from, to, func(t int64) int64 {
		out = append(out, time.Unix(0, t).UTC())
		return 0
	})
	return out, nil
}

// OpenDays lists the civil dates ("2006-01-02") in the reader's zone that
// have at least one slot OpenSlots would offer, for a day picker: it stops
// looking at a day once it has found one slot there. A nil reader means UTC.
// Errors: those of OpenSlots.
func OpenDays(a *Availability, duration time.Duration, busy []Interval, now, from, to time.Time, reader *time.Location) ([]string, error) {
	r, err := prepare(a, duration)
	if err != nil {
		return nil, err
	}
	if reader == nil {
		reader = time.UTC
	}
	var days []string
	r.walk(duration, newBusyCursor(busy), now, from, to, func(t int64) int64 {
		y, m, d := time.Unix(0, t).In(reader).Date()
		if s := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly); len(days) == 0 || days[len(days)-1] != s {
			days = append(days, s)
		}
		next, _ := wallInstant(dayNumber(y, m, d)+1, 0, reader)
		return nanos(next)
	})
	return days, nil
}

// WeeklyOccurrences returns the starts of a recurring booking: first, then
// the same local weekday and wall time in zone for weeks weeks in all, in
// UTC (a nil zone means UTC). DST moves the UTC instant, never the wall
// time. A week whose wall time the clock skips gets the instant the clock
// jumps forward, and CheckRecurring reports that week as not open.
func WeeklyOccurrences(first time.Time, zone *time.Location, weeks int) []time.Time {
	occ := weeklyOccurrences(first, zone, weeks)
	out := make([]time.Time, len(occ))
	for i, o := range occ {
		out[i] = o.Start
	}
	return out
}

// RecurringWeek is one occurrence of a recurring 1:1 booking, so the client
// sees which weeks are free before confirming.
type RecurringWeek struct {
	Start time.Time // UTC
	Open  bool      // OpenSlots would offer Start
}

// CheckRecurring says, for each of weeks weekly occurrences of first (see
// WeeklyOccurrences), whether OpenSlots would offer it. Errors: EINVALID for
// bad rules, a bad duration, or weeks outside 1..52.
func CheckRecurring(a *Availability, duration time.Duration, busy []Interval, now, first time.Time, weeks int) ([]RecurringWeek, error) {
	r, err := prepare(a, duration)
	if err != nil {
		return nil, err
	}
	if weeks < 1 || weeks > maxRecurringWeeks {
		return nil, NewError(EINVALID, "err.slots.weeks_range", "A recurring booking runs for 1 to {Max} weeks.", "Max", maxRecurringWeeks)
	}
	b := newBusyCursor(busy)
	occ := weeklyOccurrences(first, r.loc, weeks)
	for i := range occ {
		if !occ[i].Open { // the wall time does not exist that week
			continue
		}
		start := nanos(occ[i].Start)
		open := false
		r.walk(duration, b, now, occ[i].Start, occ[i].Start.Add(1), func(t int64) int64 {
			open = t == start
			return 0
		})
		occ[i].Open = open
	}
	return occ, nil
}

// weeklyOccurrences computes the occurrences; Open is false for weeks whose
// wall time is skipped and true otherwise (not yet checked).
func weeklyOccurrences(first time.Time, zone *time.Location, weeks int) []RecurringWeek {
	if zone == nil {
		zone = time.UTC
	}
	lt := first.In(zone)
	y, m, d := lt.Date()
	day := dayNumber(y, m, d)
	clock := lt.Hour()*60 + lt.Minute()
	sub := time.Duration(lt.Second())*time.Second + time.Duration(lt.Nanosecond())
	out := make([]RecurringWeek, 0, max(weeks, 0))
	for i := 0; i < weeks; i++ {
		t, ok := wallInstant(day+int64(7*i), clock, zone)
		if ok {
			t = t.Add(sub)
		}
		out = append(out, RecurringWeek{Start: t.UTC(), Open: ok})
	}
	return out
}

// prepare validates the rules and the duration shared by every entry point.
func prepare(a *Availability, duration time.Duration) (*rules, error) {
	r, err := a.compile()
	if err != nil {
		return nil, err
	}
	if duration <= 0 || duration > 24*time.Hour {
		return nil, NewError(EINVALID, "err.slots.duration", "A session lasts more than zero and at most 24 hours.")
	}
	return r, nil
}

// walk visits, in strictly ascending order, every open start as Unix
// nanoseconds. emit returns the earliest instant it still cares about (0:
// just after the one given), which lets OpenDays skip to the next day.
//
// Days are civil days in the coach's zone, one either side of the window so
// no zone offset can hide a slot. Within a range that one UTC offset covers,
// starts are plain arithmetic; only a range containing a change walks wall
// times one by one through wallInstant.
func (r *rules) walk(duration time.Duration, busy *busyCursor, now, from, to time.Time, emit func(t int64) int64) {
	lo, hi := from, to
	if n := now.Add(r.notice); n.After(lo) {
		lo = n
	}
	if h := now.Add(r.horizon); h.Before(hi) {
		hi = h
	}
	if !lo.Before(hi) {
		return
	}
	floor, end := nanos(lo), nanos(hi)
	dur := int64(duration)
	step := int64(r.step) * int64(time.Minute)
	offer := func(t int64) {
		if busy.free(t-r.before, t+dur+r.after) {
			floor = max(floor, t+1, emit(t))
		}
	}
	firstDay := dayNumber(lo.In(r.loc).Date()) - 1
	lastDay := dayNumber(hi.In(r.loc).Date()) + 1
	for day := firstDay; day <= lastDay; day++ {
		ranges, ok := r.except[day]
		if !ok {
			ranges = r.weekly[weekday(day)]
		}
		for _, rg := range ranges {
			s, sOK := wallInstant(day, rg.Start, r.loc)
			e, _ := wallInstant(day, rg.End, r.loc)
			S, E := nanos(s), nanos(e)
			if S >= end {
				return
			}
			if E-dur < floor {
				continue
			}
			if _, zoneEnd := s.ZoneBounds(); sOK && (zoneEnd.IsZero() || nanos(zoneEnd) >= E) {
				// One offset covers [S, E): wall steps are real steps.
				for t := S; t+dur <= E; t += step {
					if t < floor {
						t = S + (floor-S+step-1)/step*step
						if t+dur > E {
							break
						}
					}
					if t >= end {
						return
					}
					offer(t)
				}
				continue
			}
			for clock := rg.Start; clock < rg.End; clock += r.step {
				w, ok := wallInstant(day, clock, r.loc)
				if !ok {
					continue // skipped by a DST change
				}
				t := nanos(w)
				if t+dur > E {
					break
				}
				if t >= end {
					return
				}
				if t >= floor {
					offer(t)
				}
			}
		}
	}
}

// wallInstant returns the first instant at which the clock in loc shows
// minute clock (0..1440) of civil day n. If the clock skips that wall time,
// ok is false and the instant is when the clock jumps over it.
//
// time.Date alone does not do this: for a skipped or repeated wall time
// it picks either side of the change, depending on the zone.
func wallInstant(n int64, clock int, loc *time.Location) (t time.Time, ok bool) {
	y, m, d := civilDate(n)
	want := n*MinutesPerDay + int64(clock)
	t = time.Date(y, m, d, 0, clock, 0, 0, loc)
	got := wallMinute(t)
	switch {
	case got == want:
		start, _ := t.ZoneBounds()
		if start.IsZero() {
			return t, true
		}
		_, off := t.Zone()
		_, prev := start.Add(-time.Second).Zone()
		if prev > off { // the clock fell back at start: is there an earlier occurrence?
			if early := t.Add(-time.Duration(prev-off) * time.Second); early.Before(start) && wallMinute(early) == want {
				return early, true
			}
		}
		return t, true
	case got < want: // t is before the gap, which ends its zone period
		if _, zend := t.ZoneBounds(); !zend.IsZero() {
			return zend, false
		}
	default: // t is after the gap, which starts its zone period
		if start, _ := t.ZoneBounds(); !start.IsZero() {
			return start, false
		}
	}
	return t, false
}

// wallMinute is t's local wall clock as minutes since 1970-01-01 00:00.
func wallMinute(t time.Time) int64 {
	y, m, d := t.Date()
	h, mi, _ := t.Clock()
	return dayNumber(y, m, d)*MinutesPerDay + int64(h*60+mi)
}

// weekday of civil day n (1970-01-01 was a Thursday).
func weekday(n int64) time.Weekday {
	return time.Weekday(((n+4)%7 + 7) % 7)
}

// nanos is t as Unix nanoseconds, clamped (to years 1678..2262) so a zero
// or far-off time cannot wrap around.
func nanos(t time.Time) int64 {
	const limit = math.MaxInt64/int64(time.Second) - 1
	switch sec := t.Unix(); {
	case sec < -limit:
		return -limit * int64(time.Second)
	case sec > limit:
		return limit * int64(time.Second)
	}
	return t.UnixNano()
}

// span is a busy interval as Unix nanoseconds, [s, e).
type span struct{ s, e int64 }

// busyCursor answers "is [s, e) free?" over busy intervals sorted and
// merged once, walking forward as the questions move forward in time.
type busyCursor struct {
	spans []span // sorted, disjoint, not touching
	i     int    // first span that may end after the last s asked
	last  int64  // the last s asked
}

// newBusyCursor copies busy, drops empty intervals, sorts (unless already
// sorted, as stores return them) and merges overlapping ones.
func newBusyCursor(busy []Interval) *busyCursor {
	spans := make([]span, 0, len(busy))
	sorted := true
	for _, iv := range busy {
		s, e := nanos(iv.Start), nanos(iv.End)
		if e <= s {
			continue
		}
		if n := len(spans); n > 0 && s < spans[n-1].s {
			sorted = false
		}
		spans = append(spans, span{s, e})
	}
	if !sorted {
		slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.s, b.s) })
	}
	merged := spans[:0]
	for _, sp := range spans {
		if n := len(merged); n > 0 && sp.s <= merged[n-1].e {
			merged[n-1].e = max(merged[n-1].e, sp.e)
			continue
		}
		merged = append(merged, sp)
	}
	return &busyCursor{spans: merged, last: math.MinInt64}
}

// free reports whether [s, e) overlaps no busy span. Questions asked with
// non-decreasing s cost O(1) amortised; going back costs a binary search.
func (b *busyCursor) free(s, e int64) bool {
	if s < b.last {
		b.i = sort.Search(len(b.spans), func(i int) bool { return b.spans[i].e > s })
	}
	b.last = s
	for b.i < len(b.spans) && b.spans[b.i].e <= s {
		b.i++
	}
	return b.i == len(b.spans) || b.spans[b.i].s >= e
}
