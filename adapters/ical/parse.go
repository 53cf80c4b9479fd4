// Package ical reads a coach's own calendar for Slotbot: it fetches a
// private iCalendar address safely (fetch.go) and turns the file into
// the busy times of a window (parse.go, expand.go, zone.go), for
// core.Calendars through Source.
//
// The file is decoded by github.com/emersion/go-ical and recurrence
// rules are expanded by github.com/teambition/rrule-go; what a busy time
// is (free and cancelled events, all-day dates, floating times, Windows
// zone names, overrides of single occurrences) is decided here.
package ical

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/slotbot/slotbot/core"
)

// ParseOptions says how to read a file and which busy times to keep.
type ParseOptions struct {
	Zone     *time.Location // floating times and all-day dates are read in it; nil: UTC
	From, To time.Time      // keep busy times overlapping [From, To)
	// Now is the clock maxExpandTime is read on (a resource limit on
	// real time); nil: time.Now. Tests pass their own.
	Now func() time.Time
}

// Calendar is what a file gives: its own name and its busy times.
type Calendar struct {
	Name string
	Busy []core.Interval // UTC, by start then end
}

// maxOccurrences bounds what one recurring event may produce, and
// maxBusy what one calendar may: a year of a coach's days fits either
// many times over.
const (
	maxOccurrences = 5000
	maxBusy        = 50000
)

// Parse reads an iCalendar file. Errors: a file that is not iCalendar.
func Parse(data []byte, o ParseOptions) (cal *Calendar, err error) {
	if o.Zone == nil {
		o.Zone = time.UTC
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	slimmed, err := slim(data)
	if err != nil {
		return nil, err
	}
	defer func() {
		// The decoder panics on some malformed lines instead of failing;
		// such a file is simply not one we can read.
		if r := recover(); r != nil {
			cal, err = nil, fmt.Errorf("%w: %v", errNotICal, r)
		}
	}()
	decoded, err := goical.NewDecoder(bytes.NewReader(slimmed)).Decode()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNotICal, err)
	}
	p := &parser{o: o, zones: newZones(o.Zone, decoded), until: o.Now().Add(maxExpandTime)}
	cal = &Calendar{Name: strings.TrimSpace(propValue(decoded.Props, "X-WR-CALNAME"))}
	p.read(decoded)
	cal.Busy = p.busy
	slices.SortFunc(cal.Busy, func(a, b core.Interval) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return a.End.Compare(b.End)
	})
	return cal, nil
}

// parser gathers the busy times of one file.
type parser struct {
	o     ParseOptions
	zones *zones
	busy  []core.Interval
	steps int // rule library steps taken (expand.go's maxSteps)
	// until bounds the time spent expanding series (expand.go's
	// maxExpandTime): a resource limit on real time, not domain time.
	until time.Time
}

// event is a VEVENT read: its times as wall times in its zone.
type event struct {
	comp    *goical.Component
	uid     string
	start   time.Time // wall time
	end     time.Time // wall time
	zone    zone
	allDay  bool
	free    bool // TRANSP:TRANSPARENT or Outlook's FREE
	dropped bool // STATUS:CANCELLED
	recurID time.Time
	hasID   bool
}

// read collects the busy times: each series expanded over the window
// without its excluded dates and overridden occurrences, each override
// and single event on its own.
func (p *parser) read(cal *goical.Calendar) {
	masters := map[string]*event{}
	overrides := map[string][]*event{}
	var order []*event
	for _, c := range cal.Children {
		if c.Name != goical.CompEvent {
			continue
		}
		e, ok := p.event(c)
		if !ok {
			continue
		}
		if e.hasID {
			overrides[e.uid] = append(overrides[e.uid], e)
			continue
		}
		if e.uid != "" {
			if _, dup := masters[e.uid]; dup {
				e.uid = "" // a second master with the same UID: read on its own
			} else {
				masters[e.uid] = e
			}
		}
		order = append(order, e)
	}
	for _, e := range order {
		replaced := map[int64]bool{}
		if e.uid != "" {
			for _, o := range overrides[e.uid] {
				replaced[o.recurID.Unix()] = true
			}
		}
		p.expand(e, replaced)
	}
	for _, os := range overrides {
		for _, o := range os {
			p.add(o, o.start, o.end)
		}
	}
}

// event reads a VEVENT's times and flags; ok is false for one without a
// usable start, or one Slotbot wrote itself (a feed of the coach's own
// sessions imported into the calendar: those are busy already).
func (p *parser) event(c *goical.Component) (*event, bool) {
	e := &event{comp: c, uid: propValue(c.Props, goical.PropUID)}
	if strings.HasSuffix(strings.ToLower(e.uid), "@slotbot") {
		return nil, false
	}
	dtstart := c.Props.Get(goical.PropDateTimeStart)
	if dtstart == nil {
		return nil, false
	}
	var ok bool
	e.start, e.zone, e.allDay, ok = p.when(dtstart, nil)
	if !ok {
		return nil, false
	}
	switch {
	case c.Props.Get(goical.PropDateTimeEnd) != nil:
		end, _, _, ok := p.when(c.Props.Get(goical.PropDateTimeEnd), e.zone)
		if !ok {
			return nil, false
		}
		if !e.allDay && !end.Equal(e.start) {
			// DTEND may be in another zone than DTSTART: keep the span.
			end = e.zone.wall(p.instantOf(c.Props.Get(goical.PropDateTimeEnd), end, e.zone))
		}
		e.end = end
	case c.Props.Get(goical.PropDuration) != nil:
		d, err := c.Props.Get(goical.PropDuration).Duration()
		if err != nil || d < 0 {
			return nil, false
		}
		e.end = e.start.Add(d)
	case e.allDay:
		e.end = e.start.AddDate(0, 0, 1)
	default:
		e.end = e.start
	}
	if !e.end.After(e.start) {
		return nil, false // takes no time
	}
	e.free = strings.EqualFold(propValue(c.Props, goical.PropTransparency), "TRANSPARENT") ||
		strings.EqualFold(propValue(c.Props, "X-MICROSOFT-CDO-BUSYSTATUS"), "FREE")
	e.dropped = strings.EqualFold(propValue(c.Props, goical.PropStatus), "CANCELLED")
	if rid := c.Props.Get(goical.PropRecurrenceID); rid != nil {
		w, z, _, ok := p.when(rid, e.zone)
		if !ok {
			return nil, false
		}
		e.recurID, e.hasID = z.instant(w), true
	}
	return e, true
}

// when reads a DATE or DATE-TIME property as a wall time and its zone:
// UTC for a trailing Z, the TZID's zone, else (floating, or a date) the
// coach's; dflt, when given, is the zone of a floating value instead.
func (p *parser) when(prop *goical.Prop, dflt zone) (w time.Time, z zone, allDay bool, ok bool) {
	v := strings.TrimSpace(prop.Value)
	if i := strings.IndexByte(v, ','); i >= 0 {
		v = v[:i] // a list where one value belongs: the first
	}
	switch {
	case len(v) == 8 || strings.EqualFold(prop.Params.Get(goical.ParamValue), "DATE"):
		t, err := time.Parse("20060102", v[:min(len(v), 8)])
		if err != nil {
			return time.Time{}, nil, false, false
		}
		return t, p.zones.coach, true, true
	case len(v) == 16 && (v[15] == 'Z' || v[15] == 'z'):
		t, err := time.Parse("20060102T150405", v[:15])
		return t, utcZone{}, false, err == nil
	case len(v) == 15:
		t, err := time.Parse("20060102T150405", v)
		if err != nil {
			return time.Time{}, nil, false, false
		}
		if id := prop.Params.Get(goical.PropTimezoneID); id != "" {
			return t, p.zones.byID(id), false, true
		}
		if dflt != nil {
			return t, dflt, false, true
		}
		return t, p.zones.coach, false, true
	}
	return time.Time{}, nil, false, false
}

// instantOf is the instant a DATE-TIME property's wall time means (its
// own zone, or dflt when floating).
func (p *parser) instantOf(prop *goical.Prop, w time.Time, dflt zone) time.Time {
	_, z, _, ok := p.when(prop, dflt)
	if !ok {
		return dflt.instant(w)
	}
	return z.instant(w)
}

// add keeps the occurrence [start, end) (wall times in e's zone) if e
// blocks time and it overlaps the window.
func (p *parser) add(e *event, start, end time.Time) {
	if e.free || e.dropped || len(p.busy) >= maxBusy {
		return
	}
	s, t := e.zone.instant(start), e.zone.instant(end)
	if !t.After(s) || !t.After(p.o.From) || !s.Before(p.o.To) {
		return
	}
	p.busy = append(p.busy, core.Interval{Start: s, End: t})
}
