package ical

import (
	"sort"
	"strconv"
	"strings"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"
)

// Times in an iCalendar file are wall-clock times in some zone: UTC (a
// trailing Z), a TZID (an IANA name as Google and iCloud write it, a
// Windows name as Outlook does, or a name only the file's own VTIMEZONE
// defines), or none at all ("floating": the reader's own zone, here the
// coach's). Recurrence is wall-clock arithmetic too: a weekly 09:00 stays
// 09:00 across a DST change. So the parser works on wall times, held as
// time.Time values in UTC that stand for a civil date and clock, and a
// zone turns each into the instant it means.

// zone turns wall times into instants and back.
type zone interface {
	// instant is the moment wall time w means in the zone. A wall time
	// the clock skips moves forward by the gap, as time.Date does.
	instant(w time.Time) time.Time
	// wall is t's wall time in the zone.
	wall(t time.Time) time.Time
}

// asWall is the wall time of t (its clock where it is) held in UTC.
func asWall(t time.Time) time.Time {
	y, m, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, m, d, h, mi, s, 0, time.UTC)
}

// utcZone is UTC: wall time and instant are the same.
type utcZone struct{}

func (utcZone) instant(w time.Time) time.Time { return w }
func (utcZone) wall(t time.Time) time.Time    { return t.UTC() }

// locZone is a zone of the tz database.
type locZone struct{ loc *time.Location }

func (z locZone) instant(w time.Time) time.Time {
	y, m, d := w.Date()
	h, mi, s := w.Clock()
	return time.Date(y, m, d, h, mi, s, 0, z.loc).UTC()
}

func (z locZone) wall(t time.Time) time.Time { return asWall(t.In(z.loc)) }

// zones resolves the TZIDs of one file, each once.
type zones struct {
	coach    zone                         // floating times and all-day dates
	defs     map[string]*goical.Component // the file's VTIMEZONE definitions by TZID
	resolved map[string]zone
}

// newZones prepares the zones of a file read for a coach in coach.
func newZones(coach *time.Location, cal *goical.Calendar) *zones {
	z := &zones{coach: locZone{coach}, defs: map[string]*goical.Component{}, resolved: map[string]zone{}}
	if cal == nil {
		return z
	}
	for _, c := range cal.Children {
		if c.Name != goical.CompTimezone {
			continue
		}
		if id := propValue(c.Props, goical.PropTimezoneID); id != "" {
			z.defs[id] = c
		}
	}
	return z
}

// byID resolves a TZID: an IANA name; a Windows name (Outlook); an IANA
// name behind a prefix ("/mozilla.org/20070129_1/Europe/Paris"); the
// file's own VTIMEZONE; and, failing all, the coach's zone, which is what
// a calendar app would assume too.
func (z *zones) byID(id string) zone {
	if got, ok := z.resolved[id]; ok {
		return got
	}
	got := z.resolve(id)
	z.resolved[id] = got
	return got
}

func (z *zones) resolve(id string) zone {
	name := strings.Trim(strings.TrimSpace(id), `"`)
	if loc := loadIANA(name); loc != nil {
		return locZone{loc}
	}
	if iana, ok := windowsZones[name]; ok {
		if loc := loadIANA(iana); loc != nil {
			return locZone{loc}
		}
	}
	parts := strings.Split(name, "/")
	for i := 1; i < len(parts)-1; i++ {
		if loc := loadIANA(strings.Join(parts[i:], "/")); loc != nil {
			return locZone{loc}
		}
	}
	if def, ok := z.defs[id]; ok {
		if v := newVZone(def); v != nil {
			return v
		}
	}
	return z.coach
}

// loadIANA loads a tz database zone by name, refusing "Local" (this
// server's zone, which means nothing to the coach) and names that are no
// zone at all.
func loadIANA(name string) *time.Location {
	if name == "" || name == "Local" || strings.ContainsAny(name, " \\") || len(name) > 64 {
		return nil
	}
	if strings.EqualFold(name, "UTC") || strings.EqualFold(name, "GMT") || name == "Z" {
		return time.UTC
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil
	}
	return loc
}

// vZone is a zone defined only by the file's VTIMEZONE: observances
// (STANDARD, DAYLIGHT) that each start at a wall time, once or by a rule,
// and set the UTC offset until the next one.
type vZone struct {
	obs   []observance
	first int                  // the offset before any onset: the earliest observance's TZOFFSETFROM
	years map[int][]transition // onsets by year, computed once
}

// observance is one STANDARD or DAYLIGHT part.
type observance struct {
	start    time.Time      // wall time of the first onset
	from, to int            // offsets in seconds
	rule     *rrule.ROption // its Dtstart is start
	rdates   []time.Time
}

// transition is an onset: from wall time at, the offset is off.
type transition struct {
	at  time.Time
	off int
}

// newVZone reads a VTIMEZONE; nil when it defines nothing usable.
func newVZone(def *goical.Component) *vZone {
	v := &vZone{years: map[int][]transition{}}
	firstStart := time.Time{}
	for _, c := range def.Children {
		if c.Name != goical.CompTimezoneStandard && c.Name != goical.CompTimezoneDaylight {
			continue
		}
		from, ok1 := parseOffset(propValue(c.Props, goical.PropTimezoneOffsetFrom))
		to, ok2 := parseOffset(propValue(c.Props, goical.PropTimezoneOffsetTo))
		start, ok3 := parseWall(propValue(c.Props, goical.PropDateTimeStart))
		if !ok1 || !ok2 || !ok3 {
			continue
		}
		o := observance{start: start, from: from, to: to}
		if p := c.Props.Get(goical.PropRecurrenceRule); p != nil {
			if opt, err := rrule.StrToROption(p.Value); err == nil {
				if !opt.Until.IsZero() {
					opt.Until = opt.Until.Add(time.Duration(from) * time.Second) // UNTIL is UTC; onsets are wall times
				}
				if opt.Interval < 1 {
					opt.Interval = 1
				}
				opt.Dtstart = start
				if _, err := rrule.NewRRule(*opt); err == nil && opt.Freq == rrule.YEARLY {
					o.rule = opt // onsets repeat every year; anything else is not a zone
				}
			}
		}
		for _, p := range c.Props.Values(goical.PropRecurrenceDates) {
			for _, s := range strings.Split(p.Value, ",") {
				if w, ok := parseWall(s); ok {
					o.rdates = append(o.rdates, w)
				}
			}
		}
		if firstStart.IsZero() || start.Before(firstStart) {
			firstStart, v.first = start, from
		}
		v.obs = append(v.obs, o)
	}
	if len(v.obs) == 0 {
		return nil
	}
	return v
}

// onsets lists the transitions of year y, by wall time.
func (v *vZone) onsets(y int) []transition {
	if ts, ok := v.years[y]; ok {
		return ts
	}
	lo := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	hi := lo.AddDate(1, 0, 0)
	var ts []transition
	for _, o := range v.obs {
		if !o.start.Before(lo) && o.start.Before(hi) {
			ts = append(ts, transition{o.start, o.to})
		}
		if o.rule != nil {
			opt := *o.rule
			opt.Dtstart = restart(o.start, &opt, lo.AddDate(-1, 0, 0))
			r, err := rrule.NewRRule(opt)
			if err != nil {
				continue
			}
			for _, at := range r.Between(lo, hi, true) {
				if !at.Equal(o.start) {
					ts = append(ts, transition{at, o.to})
				}
			}
		}
		for _, at := range o.rdates {
			if !at.Before(lo) && at.Before(hi) {
				ts = append(ts, transition{at, o.to})
			}
		}
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].at.Before(ts[j].at) })
	if len(v.years) < 64 {
		v.years[y] = ts
	}
	return ts
}

// offsetAt is the offset in force at wall time w: that of the latest
// onset at or before it, looking back up to two years.
func (v *vZone) offsetAt(w time.Time) int {
	for y := w.Year(); y >= w.Year()-2; y-- {
		ts := v.onsets(y)
		for i := len(ts) - 1; i >= 0; i-- {
			if !ts[i].at.After(w) {
				return ts[i].off
			}
		}
	}
	return v.first
}

func (v *vZone) instant(w time.Time) time.Time {
	return w.Add(-time.Duration(v.offsetAt(w)) * time.Second)
}

func (v *vZone) wall(t time.Time) time.Time {
	t = t.UTC()
	off := v.offsetAt(t)
	off = v.offsetAt(t.Add(time.Duration(off) * time.Second))
	return t.Add(time.Duration(off) * time.Second)
}

// parseOffset reads "+0100", "-0500" or "+013000" as seconds east of UTC.
func parseOffset(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if len(s) != 5 && len(s) != 7 {
		return 0, false
	}
	sign := 1
	switch s[0] {
	case '-':
		sign = -1
	case '+':
	default:
		return 0, false
	}
	h, err1 := strconv.Atoi(s[1:3])
	m, err2 := strconv.Atoi(s[3:5])
	sec := 0
	var err3 error
	if len(s) == 7 {
		sec, err3 = strconv.Atoi(s[5:7])
	}
	if err1 != nil || err2 != nil || err3 != nil || h > 23 || m > 59 || sec > 59 {
		return 0, false
	}
	return sign * (h*3600 + m*60 + sec), true
}

// parseWall reads a local date-time "20260329T020000" as a wall time.
func parseWall(s string) (time.Time, bool) {
	t, err := time.Parse("20060102T150405", strings.TrimSpace(s))
	return t, err == nil
}

// propValue is the value of the first property name, or "".
func propValue(props goical.Props, name string) string {
	if p := props.Get(name); p != nil {
		return p.Value
	}
	return ""
}
