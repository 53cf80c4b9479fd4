package storetest

// Contract cases for coaches' calendars, their busy times, BusyTimes and
// the coach's agenda feed token; listed in crudCases.

import (
	"context"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// crudCalendars: a calendar round-trips with its times in UTC, lists per
// coach and for everyone, updates, and goes with its busy times.
func crudCalendars(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	other := &core.Coach{Name: "Other", Zone: "UTC", Policy: core.DefaultPolicy(), Created: crudAt(0)}
	crudUpdate(t, s, func(tx core.Tx) error { return tx.CreateCoach(other) })
	work := &core.CoachCalendar{CoachID: w.coach.ID, Name: "Work", URL: "https://calendar.example/work.ics",
		ETag: `"v1"`, LastModified: "Mon, 01 Jun 2026 08:00:00 GMT", BusyUntil: crudAt(24 * 60), Busy: 3,
		LastOK: crudAt(1), Created: crudAt(0)}
	home := &core.CoachCalendar{CoachID: w.coach.ID, Name: "Home", URL: "https://calendar.example/home.ics", Created: crudAt(0)}
	theirs := &core.CoachCalendar{CoachID: other.ID, Name: "Theirs", URL: "https://calendar.example/home.ics", Created: crudAt(0)}
	crudUpdate(t, s, func(tx core.Tx) error {
		for _, c := range []*core.CoachCalendar{work, home, theirs} {
			if err := tx.CreateCalendar(c); err != nil {
				return err
			}
		}
		return nil
	})
	stored := func(c core.CoachCalendar) *core.CoachCalendar {
		c.BusyUntil, c.LastOK, c.FailingSince, c.Created = crudStored(c.BusyUntil), crudStored(c.LastOK),
			crudStored(c.FailingSince), crudStored(c.Created)
		return &c
	}
	crudView(t, s, func(tx core.Tx) error {
		crudEqual(t, "calendar", crudMust[*core.CoachCalendar](t)(tx.Calendar(work.ID)), stored(*work))
		crudEqual(t, "never read", crudMust[*core.CoachCalendar](t)(tx.Calendar(home.ID)).LastOK, time.Time{})
		crudEqual(t, "the coach's", crudMust[[]*core.CoachCalendar](t)(tx.Calendars(w.coach.ID)),
			[]*core.CoachCalendar{stored(*work), stored(*home)})
		crudEqual(t, "everyone's", len(crudMust[[]*core.CoachCalendar](t)(tx.Calendars(0))), 3)
		return nil
	})

	work.Name, work.ETag, work.FailingSince, work.Problem, work.FailNotified = "Office", "", crudAt(3), core.CalendarNotFound, true
	crudUpdate(t, s, func(tx core.Tx) error { return tx.UpdateCalendar(work) })
	crudView(t, s, func(tx core.Tx) error {
		crudEqual(t, "updated", crudMust[*core.CoachCalendar](t)(tx.Calendar(work.ID)), stored(*work))
		return nil
	})

	// 623 busy times: more than one INSERT of each size.
	var busy []core.Interval
	for i := 622; i >= 0; i-- {
		busy = append(busy, core.Interval{Start: crudAt(float64(i)), End: crudAt(float64(i) + 0.5)})
	}
	crudUpdate(t, s, func(tx core.Tx) error { return tx.PutCalendarBusy(work.ID, w.coach.ID, busy) })
	crudUpdate(t, s, func(tx core.Tx) error {
		return tx.PutCalendarBusy(home.ID, w.coach.ID, []core.Interval{{Start: crudAt(2), End: crudAt(2.25)}})
	})
	crudView(t, s, func(tx core.Tx) error {
		got := crudMust[[]core.Interval](t)(tx.CalendarBusy(work.ID))
		crudEqual(t, "busy count", len(got), 623)
		crudEqual(t, "first by start", got[0], core.Interval{Start: crudStored(crudAt(0)), End: crudStored(crudAt(0.5))})
		crudEqual(t, "last by start", got[622], core.Interval{Start: crudStored(crudAt(622)), End: crudStored(crudAt(622.5))})
		return nil
	})
	crudUpdate(t, s, func(tx core.Tx) error {
		return tx.PutCalendarBusy(work.ID, w.coach.ID, []core.Interval{{Start: crudAt(5), End: crudAt(6)}})
	})
	crudView(t, s, func(tx core.Tx) error {
		crudEqual(t, "replaced", crudMust[[]core.Interval](t)(tx.CalendarBusy(work.ID)),
			[]core.Interval{{Start: crudStored(crudAt(5)), End: crudStored(crudAt(6))}})
		return nil
	})

	crudUpdate(t, s, func(tx core.Tx) error { return tx.DeleteCalendar(work.ID) })
	crudView(t, s, func(tx core.Tx) error {
		_, err := tx.Calendar(work.ID)
		expectCode(t, err, core.ENOTFOUND)
		crudEqual(t, "busy times went with it", len(crudMust[[]core.Interval](t)(tx.CalendarBusy(work.ID))), 0)
		crudEqual(t, "the other calendar keeps its own",
			len(crudMust[[]core.Interval](t)(tx.CalendarBusyBetween(w.coach.ID, crudAt(0), crudAt(10)))), 1)
		return nil
	})
	expectCode(t, s.Update(context.Background(), func(tx core.Tx) error { return tx.DeleteCalendar(work.ID) }), core.ENOTFOUND)
	expectCode(t, s.Update(context.Background(), func(tx core.Tx) error { return tx.UpdateCalendar(work) }), core.ENOTFOUND)
}

// crudCalendarSameURL: one coach reads an address once.
func crudCalendarSameURL(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	c := &core.CoachCalendar{CoachID: w.coach.ID, Name: "Home", URL: "https://calendar.example/home.ics", Created: crudAt(0)}
	crudUpdate(t, s, func(tx core.Tx) error { return tx.CreateCalendar(c) })
	dup := *c
	err := s.Update(context.Background(), func(tx core.Tx) error { return tx.CreateCalendar(&dup) })
	expectCode(t, err, core.ECONFLICT)
}

// crudBusyTimes: what keeps a coach from a new session is the coach's
// scheduled sessions (not a cancelled one, not the one left out) and the
// busy times of the coach's calendars, however long, that overlap the
// window, by start.
func crudBusyTimes(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s) // w.session: hours 24 to 25
	cancelled := crudNewSession(w, crudAt(30), 1)
	cancelled.Status = core.SessionCancelled
	left := crudNewSession(w, crudAt(31), 1)
	before := crudNewSession(w, crudAt(10), 1) // ends at 11: outside
	cal := &core.CoachCalendar{CoachID: w.coach.ID, Name: "Home", URL: "https://calendar.example/home.ics", Created: crudAt(0)}
	other := &core.Coach{Name: "Other", Zone: "UTC", Policy: core.DefaultPolicy(), Created: crudAt(0)}
	crudUpdate(t, s, func(tx core.Tx) error {
		for _, x := range []*core.Session{cancelled, left, before} {
			if err := tx.CreateSession(x); err != nil {
				return err
			}
		}
		if err := tx.CreateCoach(other); err != nil {
			return err
		}
		theirs := &core.CoachCalendar{CoachID: other.ID, Name: "Theirs", URL: cal.URL, Created: crudAt(0)}
		if err := tx.CreateCalendar(theirs); err != nil {
			return err
		}
		if err := tx.PutCalendarBusy(theirs.ID, other.ID, []core.Interval{{Start: crudAt(20), End: crudAt(40)}}); err != nil {
			return err
		}
		if err := tx.CreateCalendar(cal); err != nil {
			return err
		}
		return tx.PutCalendarBusy(cal.ID, w.coach.ID, []core.Interval{
			{Start: crudAt(-100), End: crudAt(13)}, // a long holiday that ends inside the window
			{Start: crudAt(26), End: crudAt(27)},
			{Start: crudAt(40), End: crudAt(41)}, // starts at the window's end: outside
			{Start: crudAt(5), End: crudAt(12)},  // ends at the window's start: outside
		})
	})
	iv := func(a, b float64) core.Interval {
		return core.Interval{Start: crudStored(crudAt(a)), End: crudStored(crudAt(b))}
	}
	crudView(t, s, func(tx core.Tx) error {
		crudEqual(t, "busy times", crudMust[[]core.Interval](t)(tx.BusyTimes(w.coach.ID, crudAt(12), crudAt(40), left.ID)),
			[]core.Interval{iv(-100, 13), iv(24, 25), iv(26, 27)})
		crudEqual(t, "with the session kept in", len(crudMust[[]core.Interval](t)(tx.BusyTimes(w.coach.ID, crudAt(12), crudAt(40), 0))), 4)
		crudEqual(t, "calendar busy only", crudMust[[]core.Interval](t)(tx.CalendarBusyBetween(w.coach.ID, crudAt(12), crudAt(40))),
			[]core.Interval{iv(-100, 13), iv(26, 27)})
		crudEqual(t, "a coach without anything", len(crudMust[[]core.Interval](t)(tx.BusyTimes(other.ID+1, crudAt(0), crudAt(99), 0))), 0)
		return nil
	})
}

// crudCoachFeedTokens: a coach has one agenda token at a time.
func crudCoachFeedTokens(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	crudView(t, s, func(tx core.Tx) error {
		crudEqual(t, "none yet", crudMust[bool](t)(tx.HasCoachFeedToken(w.coach.ID)), false)
		_, err := tx.FeedCoach("nope")
		expectCode(t, err, core.ENOTFOUND)
		return nil
	})
	crudUpdate(t, s, func(tx core.Tx) error { return tx.PutCoachFeedToken(w.coach.ID, "h1", crudAt(0)) })
	crudUpdate(t, s, func(tx core.Tx) error { return tx.PutCoachFeedToken(w.coach.ID, "h2", crudAt(1)) })
	crudView(t, s, func(tx core.Tx) error {
		crudEqual(t, "has one", crudMust[bool](t)(tx.HasCoachFeedToken(w.coach.ID)), true)
		crudEqual(t, "the new one", crudMust[int64](t)(tx.FeedCoach("h2")), w.coach.ID)
		_, err := tx.FeedCoach("h1")
		expectCode(t, err, core.ENOTFOUND)
		return nil
	})
}
