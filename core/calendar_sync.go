package core

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// CalendarFailNotice is how long a calendar fails before its coach is
// told (once; and once more when it reads again).
const CalendarFailNotice = time.Hour

// calendarCheckDays is the least span, in days, a new calendar's busy
// times are counted over for the coach ("47 busy times found in the next
// 60 days"); a longer booking horizon counts over the horizon.
const calendarCheckDays = 60

// calendarReaders bounds the calendars read at once by Refresh, each
// read being up to 10 seconds of waiting on someone else's server.
const calendarReaders = 4

// Calendars is the service of coaches' own calendars: connecting one
// (read at once), listing, renaming and removing them, and refreshing
// every one for the scheduler. It shares the areas' base (store, clock).
type Calendars struct {
	*base
	src CalendarSource
}

// NewCalendars wires the calendar service to the domain and to the
// adapter that reads addresses.
func NewCalendars(svc *Service, src CalendarSource) *Calendars {
	return &Calendars{base: svc.base, src: src}
}

// CalendarCheck is what connecting a calendar found.
type CalendarCheck struct {
	Calendar *CoachCalendar
	Found    int // busy times in the next Days days
	Days     int
}

// calendarPlan is what a read needs from the coach: where floating
// times are read and how far ahead busy times matter.
type calendarPlan struct {
	coach *Coach
	zone  string
	from  time.Time
	to    time.Time
	days  int // how many days ahead it reaches, for the coach
}

// planFor reads a coach's zone and horizon: busy times are kept from a
// day back (a long event that began yesterday still blocks today) to the
// end of the horizon plus a day (a slot near the end may run into the
// next day), and at least calendarCheckDays ahead.
func planFor(tx Tx, coachID int64, now time.Time) (*calendarPlan, error) {
	coach, err := tx.Coach(coachID)
	if err != nil {
		return nil, err
	}
	a, err := availabilityOf(tx, coach)
	if err != nil {
		return nil, err
	}
	ahead := max(a.Horizon, calendarCheckDays*24*time.Hour)
	return &calendarPlan{coach: coach, zone: a.Zone, from: now.Add(-24 * time.Hour), to: now.Add(ahead + 24*time.Hour),
		days: int(ahead / (24 * time.Hour))}, nil
}

// fetch reads f.URL with the plan's zone and window.
func (c *Calendars) fetch(ctx context.Context, p *calendarPlan, f CalendarFetch) (*CalendarCopy, error) {
	loc, err := LoadZone(p.zone)
	if err != nil {
		return nil, err
	}
	f.Zone, f.From, f.To = loc, p.from, p.to
	return c.src.Fetch(ctx, f)
}

// Connect reads the calendar at the address the coach pasted and, when
// it reads, keeps it under name (or the calendar's own name, or
// "Calendar N") with its busy times; bookings its busy times overlap are
// told to the coach. The read happens before anything is stored: a
// refused address leaves nothing behind. Errors: *CalendarError (the
// address is refused or does not read; EINVALID), EINVALID (too many
// calendars, a bad name), ECONFLICT (already connected), ENOTFOUND.
func (c *Calendars) Connect(ctx context.Context, coachID int64, rawURL, name string) (*CalendarCheck, error) {
	u, err := NormalizeCalendarURL(rawURL)
	if err != nil {
		return nil, err
	}
	name = strings.TrimSpace(name)
	if err := checkCalendarName(name, true); err != nil {
		return nil, err
	}
	var plan *calendarPlan
	var count int
	err = c.view(ctx, func(tx Tx, now time.Time) error {
		if plan, err = planFor(tx, coachID, now); err != nil {
			return err
		}
		cals, err := tx.Calendars(coachID)
		if err != nil {
			return err
		}
		count = len(cals)
		return checkNewCalendar(cals, u)
	})
	if err != nil {
		return nil, err
	}
	cp, err := c.fetch(ctx, plan, CalendarFetch{URL: u})
	if err != nil {
		return nil, err
	}
	if name == "" {
		name = calendarDefaultName(cp.Name, count+1)
	}
	var check *CalendarCheck
	err = c.update(ctx, func(tx Tx, now time.Time) error {
		coach, err := tx.LockCoach(coachID) // one connection of the coach at a time
		if err != nil {
			return err
		}
		cals, err := tx.Calendars(coachID)
		if err != nil {
			return err
		}
		if err := checkNewCalendar(cals, u); err != nil {
			return err
		}
		cal := &CoachCalendar{CoachID: coachID, Name: name, URL: u, ETag: cp.ETag, LastModified: cp.LastModified,
			BusyUntil: plan.to, Busy: len(cp.Busy), LastOK: now, Created: now}
		if err := tx.CreateCalendar(cal); err != nil {
			return err
		}
		if err := tx.PutCalendarBusy(cal.ID, coachID, cp.Busy); err != nil {
			return err
		}
		if _, err := noticeClashes(tx, now, coach, cal, cp.Busy); err != nil {
			return err
		}
		check = &CalendarCheck{Calendar: cal, Days: plan.days, Found: countBusy(cp.Busy, now, now.AddDate(0, 0, plan.days))}
		return nil
	})
	return check, err
}

// checkNewCalendar refuses a calendar past the limit or already there.
func checkNewCalendar(cals []*CoachCalendar, u string) error {
	if len(cals) >= maxCalendars {
		return NewError(EINVALID, "err.calendar.too_many", "You can connect up to {Count} calendars; remove one first.", "Count", maxCalendars)
	}
	for _, c := range cals {
		if c.URL == u {
			return NewError(ECONFLICT, "err.calendar.duplicate", "“{Name}” already reads this address.", "Name", c.Name)
		}
	}
	return nil
}

// checkCalendarName refuses a name that is too long or has line breaks;
// empty is allowed when a default will be chosen.
func checkCalendarName(name string, emptyOK bool) error {
	switch {
	case name == "" && emptyOK:
		return nil
	case name == "":
		return NewError(EINVALID, "err.calendar.name_empty", "Give the calendar a name.")
	case utf8.RuneCountInString(name) > maxCalendarName:
		return NewError(EINVALID, "err.calendar.name_long", "Keep the name under {Count} characters.", "Count", maxCalendarName)
	case strings.ContainsAny(name, "\r\n"):
		return NewError(EINVALID, "err.calendar.name_lines", "Keep the name on one line.")
	}
	return nil
}

// calendarDefaultName is the calendar's own name, trimmed to fit, or
// "Calendar n".
func calendarDefaultName(own string, n int) string {
	own = strings.Join(strings.Fields(own), " ")
	if own == "" {
		return "Calendar " + strconv.Itoa(n)
	}
	if r := []rune(own); len(r) > maxCalendarName {
		own = string(r[:maxCalendarName])
	}
	return own
}

// countBusy counts the busy times overlapping [from, to).
func countBusy(busy []Interval, from, to time.Time) int {
	n := 0
	for _, b := range busy {
		if b.End.After(from) && b.Start.Before(to) {
			n++
		}
	}
	return n
}

// CoachCalendars lists a coach's calendars. Errors: ENOTFOUND (no such
// coach).
func (c *Calendars) CoachCalendars(ctx context.Context, coachID int64) ([]*CoachCalendar, error) {
	var out []*CoachCalendar
	err := c.browse(ctx, func(tx Tx, now time.Time) error {
		if _, err := tx.Coach(coachID); err != nil {
			return err
		}
		var err error
		out, err = tx.Calendars(coachID)
		return err
	})
	return out, err
}

// coachCalendar reads one of the coach's calendars; another coach's is
// not found, so ids cannot be probed.
func coachCalendar(tx Tx, coachID, id int64) (*CoachCalendar, error) {
	cal, err := tx.Calendar(id)
	if err != nil {
		return nil, err
	}
	if cal.CoachID != coachID {
		return nil, NewError(ENOTFOUND, "err.not_found.calendar", "Calendar not found.")
	}
	return cal, nil
}

// CoachCalendar reads one of the coach's calendars. Errors: ENOTFOUND.
func (c *Calendars) CoachCalendar(ctx context.Context, coachID, id int64) (*CoachCalendar, error) {
	var cal *CoachCalendar
	err := c.browse(ctx, func(tx Tx, now time.Time) (err error) {
		cal, err = coachCalendar(tx, coachID, id)
		return err
	})
	return cal, err
}

// RenameCalendar renames one of the coach's calendars. Errors: EINVALID
// (a bad name), ENOTFOUND.
func (c *Calendars) RenameCalendar(ctx context.Context, coachID, id int64, name string) (*CoachCalendar, error) {
	name = strings.TrimSpace(name)
	if err := checkCalendarName(name, false); err != nil {
		return nil, err
	}
	var cal *CoachCalendar
	err := c.update(ctx, func(tx Tx, now time.Time) (err error) {
		if cal, err = coachCalendar(tx, coachID, id); err != nil {
			return err
		}
		cal.Name = name
		return tx.UpdateCalendar(cal)
	})
	return cal, err
}

// RemoveCalendar forgets one of the coach's calendars and its busy
// times, which return to the open slots at once. Errors: ENOTFOUND.
func (c *Calendars) RemoveCalendar(ctx context.Context, coachID, id int64) (*CoachCalendar, error) {
	var cal *CoachCalendar
	err := c.update(ctx, func(tx Tx, now time.Time) (err error) {
		if cal, err = coachCalendar(tx, coachID, id); err != nil {
			return err
		}
		return tx.DeleteCalendar(id)
	})
	return cal, err
}

// Refresh reads every coach's calendars again (a few at a time, each
// read outside any transaction) and applies each result in its own
// transaction: new busy times kept and overlaps with bookings told, or a
// failure counted, told once it lasts an hour, and the last good copy
// kept. It returns how many calendars changed or notices were written,
// and the first error of the store (a calendar that does not read is not
// an error of the job).
func (c *Calendars) Refresh(ctx context.Context) (int, error) {
	type job struct {
		cal  *CoachCalendar
		plan *calendarPlan
	}
	var jobs []job
	err := c.view(ctx, func(tx Tx, now time.Time) error {
		cals, err := tx.Calendars(0)
		if err != nil {
			return err
		}
		plans := map[int64]*calendarPlan{}
		jobs = jobs[:0]
		for _, cal := range cals {
			p, ok := plans[cal.CoachID]
			if !ok {
				if p, err = planFor(tx, cal.CoachID, now); err != nil {
					return err
				}
				plans[cal.CoachID] = p
			}
			jobs = append(jobs, job{cal, p})
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	var (
		mu      sync.Mutex
		changed int
		first   error
		wg      sync.WaitGroup
		slots   = make(chan struct{}, calendarReaders)
	)
	for _, j := range jobs {
		if ctx.Err() != nil {
			break
		}
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			n, err := c.refreshOne(ctx, j.cal, j.plan)
			mu.Lock()
			defer mu.Unlock()
			changed += n
			if err != nil && first == nil {
				first = err
			}
		}()
	}
	wg.Wait()
	return changed, first
}

// refreshOne reads one calendar (conditionally, unless the stored busy
// times stop short of the plan) and applies what came.
func (c *Calendars) refreshOne(ctx context.Context, cal *CoachCalendar, p *calendarPlan) (int, error) {
	f := CalendarFetch{URL: cal.URL}
	if !cal.BusyUntil.Before(p.to.Add(-24 * time.Hour)) {
		f.ETag, f.LastModified = cal.ETag, cal.LastModified
	}
	cp, err := c.fetch(ctx, p, f)
	if err != nil {
		if ctx.Err() != nil {
			return 0, ctx.Err() // shutting down: not the calendar's fault
		}
		if _, ok := CalendarProblemOf(err); !ok {
			return 0, err
		}
		return c.failed(ctx, cal.ID, err)
	}
	return c.read(ctx, cal.ID, p, cp)
}

// read applies a good read: the busy times replaced (unless a 304), the
// failure cleared (told when it had been), overlaps of new busy times
// with bookings told.
func (c *Calendars) read(ctx context.Context, id int64, p *calendarPlan, cp *CalendarCopy) (int, error) {
	n := 0
	err := c.update(ctx, func(tx Tx, now time.Time) error {
		n = 0
		cal, err := tx.Calendar(id)
		if ErrorCode(err) == ENOTFOUND {
			return nil // removed while it was being read
		} else if err != nil {
			return err
		}
		if cal.FailNotified && p.coach.ClientID != 0 {
			if err := notify(tx, now, Notice{Kind: NoticeCoachCalendarBack, ToKind: ToCoach, ToID: cal.CoachID,
				Data: map[string]string{"calendar_id": itoa(cal.ID), "name": cal.Name}}); err != nil {
				return err
			}
			n++
		}
		wasFailing := !cal.FailingSince.IsZero()
		cal.FailingSince, cal.FailNotified, cal.Problem, cal.LastOK = time.Time{}, false, "", now
		if !cp.NotModified {
			old, err := tx.CalendarBusy(cal.ID)
			if err != nil {
				return err
			}
			fresh := newBusy(old, cp.Busy)
			if len(fresh) > 0 || len(old) != len(cp.Busy) {
				if err := tx.PutCalendarBusy(cal.ID, cal.CoachID, cp.Busy); err != nil {
					return err
				}
				n++
			}
			cal.ETag, cal.LastModified, cal.BusyUntil, cal.Busy = cp.ETag, cp.LastModified, p.to, len(cp.Busy)
			k, err := noticeClashes(tx, now, p.coach, cal, fresh)
			if err != nil {
				return err
			}
			n += k
		} else if wasFailing {
			n++
		}
		return tx.UpdateCalendar(cal)
	})
	return n, err
}

// failed counts a failed read: the first failure's time is kept, and an
// hour after it the coach is told, once.
func (c *Calendars) failed(ctx context.Context, id int64, cause error) (int, error) {
	p, _ := CalendarProblemOf(cause)
	n := 0
	err := c.update(ctx, func(tx Tx, now time.Time) error {
		n = 0
		cal, err := tx.Calendar(id)
		if ErrorCode(err) == ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		if cal.FailingSince.IsZero() {
			cal.FailingSince = now
			n++
		}
		cal.Problem = p
		if !cal.FailNotified && now.Sub(cal.FailingSince) >= CalendarFailNotice {
			coach, err := tx.Coach(cal.CoachID)
			if err != nil {
				return err
			}
			if coach.ClientID != 0 {
				if err := notify(tx, now, Notice{Kind: NoticeCoachCalendarFailing, ToKind: ToCoach, ToID: cal.CoachID,
					Data: map[string]string{"calendar_id": itoa(cal.ID), "name": cal.Name, "problem": string(p),
						"since": cal.FailingSince.UTC().Format(time.RFC3339)}}); err != nil {
					return err
				}
			}
			cal.FailNotified = true
			n++
		}
		return tx.UpdateCalendar(cal)
	})
	return n, err
}

// newBusy lists the busy times of cur that old did not have (the same
// start and end), by start: what may overlap a booking made before it.
func newBusy(old, cur []Interval) []Interval {
	seen := make(map[[2]int64]int, len(old))
	for _, b := range old {
		seen[[2]int64{b.Start.UnixMicro(), b.End.UnixMicro()}]++
	}
	var out []Interval
	for _, b := range cur {
		k := [2]int64{b.Start.UnixMicro(), b.End.UnixMicro()}
		if seen[k] > 0 {
			seen[k]--
			continue
		}
		out = append(out, b)
	}
	slices.SortFunc(out, func(x, y Interval) int { return x.Start.Compare(y.Start) })
	return out
}
