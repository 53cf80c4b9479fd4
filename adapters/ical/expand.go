package ical

import (
	"strings"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"
)

// Recurrence is expanded over the window only, in wall time (a weekly
// 09:00 in Paris stays 09:00 after the clocks change), and each
// occurrence becomes an instant through the event's zone last. A series
// that began long ago is started again a whole number of periods before
// the window, so a daily event of ten years costs what a new one does.

// expand adds the occurrences of e in the window: DTSTART alone, or the
// RRULE's and RDATE's less EXDATE's and those replaced by overrides
// (replaced holds their RECURRENCE-ID instants, as Unix seconds).
func (p *parser) expand(e *event, replaced map[int64]bool) {
	c := e.comp
	rule := c.Props.Get(goical.PropRecurrenceRule)
	rdates := c.Props.Values(goical.PropRecurrenceDates)
	if rule == nil && len(rdates) == 0 {
		if !replaced[e.zone.instant(e.start).Unix()] {
			p.add(e, e.start, e.end)
		}
		return
	}
	skip := map[int64]bool{}
	for k := range replaced {
		skip[k] = true
	}
	for _, ex := range c.Props.Values(goical.PropExceptionDates) {
		for _, t := range p.instants(&ex, e) {
			skip[t.Unix()] = true
		}
	}
	length := e.end.Sub(e.start)
	emit := func(w time.Time) {
		if !skip[e.zone.instant(w).Unix()] {
			skip[e.zone.instant(w).Unix()] = true // an RDATE that repeats a rule's date counts once
			p.add(e, w, w.Add(length))
		}
	}
	// The window in wall time, widened by the event's length and a day
	// either side for any zone offset.
	lo := e.zone.wall(p.o.From).Add(-length - 48*time.Hour)
	hi := e.zone.wall(p.o.To).Add(48 * time.Hour)
	if rule != nil {
		p.rule(e, rule, lo, hi, emit)
	}
	for _, rd := range rdates {
		if strings.EqualFold(rd.Params.Get(goical.ParamValue), "PERIOD") {
			continue // periods: not written by the calendars we read
		}
		for _, t := range p.instants(&rd, e) {
			w := e.zone.wall(t)
			if !w.Before(lo) && w.Before(hi) {
				emit(w)
			}
		}
	}
}

// Bounds on the work one file may cause: series starting outside
// [minYear, maxYear] count as their first occurrence only, and a file's
// series together take at most maxSteps steps of the rule library.
const (
	minYear  = 1900
	maxYear  = 2200
	maxSteps = 1 << 20
	// maxExpandTime bounds the time one file's series take: past it,
	// later series count as their first occurrence only. A rule that
	// can never match (BYMONTH=2;BYMONTHDAY=30) makes the library search
	// day by day up to the window, a cost steps cannot see.
	maxExpandTime = 2 * time.Second
)

// rule emits the wall times of an RRULE in [lo, hi). A rule that does
// not parse leaves the first occurrence alone, as a calendar app that
// cannot read it would show.
func (p *parser) rule(e *event, prop *goical.Prop, lo, hi time.Time, emit func(time.Time)) {
	opt, err := rrule.StrToROption(prop.Value)
	if y := e.start.Year(); err != nil || opt.Freq > rrule.DAILY || y < minYear || y > maxYear || p.o.Now().After(p.until) {
		// rrule's Freq order: YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY, …;
		// busy calendars never repeat by the hour, and such a rule
		// could make millions of occurrences.
		emit(e.start)
		return
	}
	switch until := untilValue(prop.Value); {
	case opt.Until.IsZero():
	case strings.HasSuffix(until, "Z"):
		opt.Until = e.zone.wall(opt.Until) // UNTIL in UTC bounds the series' instants
	case len(until) == 8:
		opt.Until = opt.Until.Add(24*time.Hour - time.Second) // a date: its whole day
	}
	if opt.Interval < 1 {
		opt.Interval = 1
	}
	start := e.start
	if opt.Count == 0 && start.Before(lo) {
		start = restart(start, opt, lo)
	}
	if opt.Until.IsZero() || opt.Until.After(hi) {
		opt.Until = hi
	}
	opt.Dtstart = start
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		emit(e.start)
		return
	}
	next := r.Iterator()
	for n := 0; n < maxOccurrences+opt.Count && p.steps < maxSteps; n++ {
		p.steps++
		w, ok := next()
		if !ok || !w.Before(hi) {
			return
		}
		if !w.Before(lo) {
			emit(w)
		}
	}
}

// untilValue is the UNTIL of an RRULE as written, upper case, or "".
func untilValue(rule string) string {
	for _, part := range strings.Split(strings.ToUpper(rule), ";") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(part), "UNTIL="); ok {
			return v
		}
	}
	return ""
}

// restart moves a series' start forward by whole periods to just before
// lo, which changes none of its occurrences from lo on: days for a daily
// or weekly series, years for a monthly or yearly one (whose rule
// repeats every Interval years). A start on 29 February stays, as it has
// no such day most years. The rrule library also miscounts with a start
// more than about 290 years back (durations overflow), which this avoids
// for Outlook's zones that start in 1601.
func restart(start time.Time, opt *rrule.ROption, lo time.Time) time.Time {
	switch opt.Freq {
	case rrule.DAILY, rrule.WEEKLY:
		days := opt.Interval
		if opt.Freq == rrule.WEEKLY {
			days *= 7
		}
		gap := int(lo.Sub(start).Hours() / 24)
		if lo.Year()-start.Year() > 250 {
			gap = (lo.Year() - start.Year()) * 366 // Sub saturates past 292 years
		}
		if periods := gap/days - 1; periods >= 1 {
			return start.AddDate(0, 0, periods*days)
		}
	case rrule.MONTHLY, rrule.YEARLY:
		if start.Month() == time.February && start.Day() == 29 {
			return start
		}
		if periods := (lo.Year()-start.Year())/opt.Interval - 1; periods >= 1 {
			return start.AddDate(periods*opt.Interval, 0, 0)
		}
	}
	return start
}

// instants reads the values of an EXDATE or RDATE (a list, dates or
// date-times, with its own TZID or the event's zone) as instants.
func (p *parser) instants(prop *goical.Prop, e *event) []time.Time {
	var out []time.Time
	for _, v := range strings.Split(prop.Value, ",") {
		one := goical.Prop{Name: prop.Name, Params: prop.Params, Value: strings.TrimSpace(v)}
		w, z, allDay, ok := p.when(&one, e.zone)
		if !ok {
			continue
		}
		if allDay && !e.allDay {
			// A date excluding a timed occurrence: the one on that date.
			w = time.Date(w.Year(), w.Month(), w.Day(), e.start.Hour(), e.start.Minute(), e.start.Second(), 0, time.UTC)
			z = e.zone
		}
		out = append(out, z.instant(w))
	}
	return out
}
