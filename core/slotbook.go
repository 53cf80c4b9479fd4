package core

import (
	"context"
	"time"
)

// This file holds the services that read a 1:1 coach's calendar: the
// availability rules and the open slots computed from them. Booking and
// moving slots are in slotbook_book.go and slotbook_move.go.

// slotAlternatives is how many open times a refused slot offers instead.
const slotAlternatives = 5

// alternativesWindow is how far after a refused time alternatives are
// looked for.
const alternativesWindow = 14 * 24 * time.Hour

// SlotTakenError is the ECONFLICT a slot booking or move gets when the time
// asked for is not (or no longer) open, carrying fresh open times so the
// client can pick again at once. ErrorCode and ErrorMessage see the *Error
// inside it.
type SlotTakenError struct {
	Err          *Error
	Alternatives []time.Time // open starts in UTC, ascending; may be empty
}

// Error makes *SlotTakenError an error, worded like its *Error.
func (e *SlotTakenError) Error() string { return e.Err.Error() }

// Unwrap lets errors.As find the *Error with the code and message.
func (e *SlotTakenError) Unwrap() error { return e.Err }

// SetAvailability replaces a coach's weekly hours, exceptions and spacing
// rules; an empty zone means the coach's own. Errors: EINVALID (the rules
// cannot be applied), ENOTFOUND (no such coach).
func (s *Slots) SetAvailability(ctx context.Context, coachID int64, a Availability) error {
	return s.update(ctx, func(tx Tx, now time.Time) error {
		// The lock orders a change of rules with the slot bookings that
		// read them.
		coach, err := tx.LockCoach(coachID)
		if err != nil {
			return err
		}
		a.CoachID = coachID
		if a.Zone == "" {
			a.Zone = coach.Zone
		}
		if err := a.Validate(); err != nil {
			return err
		}
		return tx.PutAvailability(&a)
	})
}

// CoachAvailability returns the rules a coach's open slots follow: the
// stored ones, or DefaultAvailability in the coach's zone when none were
// ever set. Errors: ENOTFOUND (no such coach).
func (s *Slots) CoachAvailability(ctx context.Context, coachID int64) (*Availability, error) {
	var a *Availability
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		coach, err := tx.Coach(coachID)
		if err != nil {
			return err
		}
		a, err = availabilityOf(tx, coach)
		return err
	})
	return a, err
}

// OpenSlots lists the starts, in UTC and ascending, at which a client may
// book a session of the type with the coach in [from, to): the coach's
// rules (see the function OpenSlots) minus the coach's scheduled sessions,
// 1:1 and group, and the busy times of the coach's own calendars. Callers render them in the client's zone. Errors:
// ENOTFOUND (no such coach or type), EINVALID (from not before to; a type
// of another coach, retired, or for groups; unusable stored rules).
func (s *Slots) OpenSlots(ctx context.Context, coachID, typeID int64, from, to time.Time) ([]time.Time, error) {
	var out []time.Time
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		cal, err := s.readCalendar(tx, coachID, typeID, false)
		if err != nil {
			return err
		}
		out, err = cal.open(tx, now, from, to, 0)
		return err
	})
	return out, err
}

// OpenDays lists the dates ("2006-01-02") in the reader's zone (nil: UTC)
// that have at least one open slot of the type in [from, to), so a day
// picker can grey out full days without listing slots. Errors: those of
// OpenSlots.
func (s *Slots) OpenDays(ctx context.Context, coachID, typeID int64, from, to time.Time, reader *time.Location) ([]string, error) {
	var out []string
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		cal, err := s.readCalendar(tx, coachID, typeID, false)
		if err != nil {
			return err
		}
		lo, hi, err := cal.window(now, from, to)
		if err != nil || !lo.Before(hi) {
			return err
		}
		busy, err := busyTimes(tx, cal.coach.ID, cal.rules, lo, hi, 0)
		if err != nil {
			return err
		}
		out, err = OpenDays(cal.rules, cal.typ.Duration, busy, now, from, to, reader)
		return err
	})
	return out, err
}

// calendar is what every open-slot question about one coach and one type
// reads first, in the same transaction as the answer.
type calendar struct {
	coach *Coach
	typ   *SessionType
	rules *Availability
}

// readCalendar reads the coach (locked when lock is set, so slot bookings
// of the coach are decided one at a time), the type and the rules.
// Unlocked, the type and its coach come in one query; when that finds
// something wrong, the reads one by one say what.
func (b *base) readCalendar(tx Tx, coachID, typeID int64, lock bool) (*calendar, error) {
	if !lock {
		t, coach, err := tx.SessionTypeDetails(typeID)
		if err == nil && t.CoachID == coachID {
			return b.calendarOf(tx, coach, t)
		}
		if err != nil && ErrorCode(err) != ENOTFOUND {
			return nil, err
		}
	}
	var coach *Coach
	var err error
	if lock {
		coach, err = tx.LockCoach(coachID)
	} else {
		coach, err = tx.Coach(coachID)
	}
	if err != nil {
		return nil, err
	}
	t, err := tx.SessionType(typeID)
	if err != nil {
		return nil, err
	}
	if t.CoachID != coachID {
		return nil, NewError(EINVALID, "err.type.other_coach_offer", "That session type is not offered by this coach.")
	}
	return b.calendarOf(tx, coach, t)
}

// calendarOf checks the coach's type can be booked as a 1:1 and reads the
// coach's rules.
func (b *base) calendarOf(tx Tx, coach *Coach, t *SessionType) (*calendar, error) {
	switch {
	case t.Retired:
		return nil, NewError(EINVALID, "err.type.gone", "“{Type}” is no longer offered.", "Type", t.Name)
	case t.Capacity != 1:
		return nil, NewError(EINVALID, "err.type.group", "“{Type}” is a group class: pick one of its scheduled sessions instead.", "Type", t.Name)
	}
	a, err := b.rulesOf(tx, coach)
	if err != nil {
		return nil, err
	}
	return &calendar{coach: coach, typ: t, rules: a}, nil
}

// availabilityOf is the coach's stored rules, or the default ones.
func availabilityOf(tx Tx, coach *Coach) (*Availability, error) {
	a, err := tx.Availability(coach.ID)
	if ErrorCode(err) == ENOTFOUND {
		d := DefaultAvailability(coach.Zone)
		d.CoachID = coach.ID
		return &d, nil
	}
	return a, err
}

// rulesOf is availabilityOf with the zone loaded from the process's
// zones, so that listing slots reads no tzdata file.
func (b *base) rulesOf(tx Tx, coach *Coach) (*Availability, error) {
	a, err := availabilityOf(tx, coach)
	if err != nil {
		return nil, err
	}
	if loc, err := b.zones.Load(a.Zone); err == nil {
		a.loc = loc
	}
	return a, nil
}

// window narrows [from, to) to where the rules can offer anything at now,
// so the sessions read for it stay few. An empty result is not an error.
func (c *calendar) window(now, from, to time.Time) (time.Time, time.Time, error) {
	if !from.Before(to) {
		return from, from, NewError(EINVALID, "err.slots.period", "Pick a period that ends after it starts.")
	}
	lo, hi := from, to
	if n := now.Add(c.rules.MinNotice); n.After(lo) {
		lo = n
	}
	if h := now.Add(c.rules.Horizon); h.Before(hi) {
		hi = h
	}
	return lo, hi, nil
}

// open lists the open starts of the calendar's type in [from, to), leaving
// the session except (0: none) out of the busy times.
func (c *calendar) open(tx Tx, now, from, to time.Time, except int64) ([]time.Time, error) {
	return c.openFor(tx, now, c.typ.Duration, from, to, except)
}

// openFor is open for a session of duration d.
func (c *calendar) openFor(tx Tx, now time.Time, d time.Duration, from, to time.Time, except int64) ([]time.Time, error) {
	lo, hi, err := c.window(now, from, to)
	if err != nil || !lo.Before(hi) {
		return nil, err
	}
	busy, err := busyTimes(tx, c.coach.ID, c.rules, lo, hi, except)
	if err != nil {
		return nil, err
	}
	return OpenSlots(c.rules, d, busy, now, lo, hi)
}

// busyTimes lists what a slot starting in [from, to) could touch: the
// coach's scheduled sessions (1:1 and group) and the busy times of the
// coach's own calendars, in one query. A slot lasts at most a day, so
// reading to a day past to (plus the buffers) is enough. The session
// except is left out.
func busyTimes(tx Tx, coachID int64, a *Availability, from, to time.Time, except int64) ([]Interval, error) {
	return tx.BusyTimes(coachID, from.Add(-a.BufferBefore), to.Add(24*time.Hour+a.BufferAfter), except)
}

// claim decides, under the coach's lock, whether start is open for a
// session of duration d (leaving the session except out of the busy
// times). When it is not, the error is a *SlotTakenError offering the next
// open times after it.
func (c *calendar) claim(tx Tx, now time.Time, d time.Duration, start time.Time, except int64) error {
	attempting(tx) // the slot is known: a domain error now refuses the booking or move
	slots, err := c.openFor(tx, now, d, start, start.Add(alternativesWindow), except)
	if err != nil {
		return err
	}
	if len(slots) > 0 && slots[0].Equal(start) {
		return nil
	}
	e := NewError(ECONFLICT, "err.slots.taken", "That time was just taken.")
	if free, err := OpenSlots(c.rules, d, nil, now, start, start.Add(time.Nanosecond)); err != nil {
		return err
	} else if len(free) == 0 {
		e = NewError(ECONFLICT, "err.slots.not_open", "That time is not open for booking.")
	}
	return &SlotTakenError{Err: e, Alternatives: slots[:min(len(slots), slotAlternatives)]}
}
