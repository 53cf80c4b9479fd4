package core

import (
	"context"
	"time"
)

// SlotState is one start a coach's hours offer for a session type: open
// to book, or taken by another session. A calendar shows both, open ones
// in green and taken ones greyed out, as the booking pages clients know.
type SlotState struct {
	Start time.Time // UTC
	Open  bool
}

// SlotGrid lists, in UTC and ascending, every start in [from, to) that
// the coach's rules offer for the type (weekly hours, exceptions, notice
// and horizon), each marked open or taken by the coach's scheduled
// sessions. The open ones are exactly OpenSlots'. Errors: those of
// OpenSlots.
func (s *Slots) SlotGrid(ctx context.Context, coachID, typeID int64, from, to time.Time) ([]SlotState, error) {
	var out []SlotState
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		out = nil
		cal, err := s.readCalendar(tx, coachID, typeID, false)
		if err != nil {
			return err
		}
		lo, hi, err := cal.window(now, from, to)
		if err != nil || !lo.Before(hi) {
			return err
		}
		all, err := OpenSlots(cal.rules, cal.typ.Duration, nil, now, lo, hi)
		if err != nil {
			return err
		}
		open, err := cal.open(tx, now, lo, hi, 0)
		if err != nil {
			return err
		}
		j := 0
		for _, t := range all {
			for j < len(open) && open[j].Before(t) {
				j++
			}
			out = append(out, SlotState{Start: t, Open: j < len(open) && open[j].Equal(t)})
		}
		return nil
	})
	return out, err
}

// BookingQuote is what a summary screen shows before a client confirms a
// booking: what, with whom, when, and how it would be paid.
type BookingQuote struct {
	Coach *Coach
	Type  *SessionType
	// Session is the session booking would take a seat in: the
	// scheduled group session, or for a 1:1 slot the session booking
	// would create (ID 0), with the mode, place, price and credits it
	// would have.
	Session *Session
	Start   time.Time
	// Pass is the pass that would pay (nil: none usable).
	Pass *Pass
	// Bookable is false when the seat cannot be paid at all (passes only
	// and none valid).
	Bookable bool
	// Full: a group session without seats; booking joins the waitlist.
	Full bool
	// Taken and Waiting are a group session's seats held and its
	// waitlist, as core.ClassInfo counts them; 0 for a 1:1 slot.
	Taken, Waiting int
}

// QuoteSlot says how booking the coach's type at start would go for the
// client, changing nothing. Errors: those of OpenSlots, ECONFLICT (the
// time is not open).
func (s *Slots) QuoteSlot(ctx context.Context, clientID, coachID, typeID int64, start time.Time) (*BookingQuote, error) {
	var q *BookingQuote
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		cal, err := s.readCalendar(tx, coachID, typeID, false)
		if err != nil {
			return err
		}
		start = DBTime(start)
		open, err := cal.open(tx, now, start, start.Add(time.Nanosecond), 0)
		if err != nil {
			return err
		}
		if len(open) == 0 {
			return NewError(ECONFLICT, "err.slots.not_open", "That time is not open for booking.")
		}
		sess := newSession(cal.typ, ScheduleRequest{CoachID: coachID, TypeID: typeID, Start: start, Capacity: 1}, now)
		q = &BookingQuote{Coach: cal.coach, Type: cal.typ, Session: sess, Start: start}
		return quotePass(tx, now, clientID, q, sess.CreditCost, sess.Price, sess)
	})
	return q, err
}

// QuoteSession is QuoteSlot for a scheduled group session. Errors:
// ENOTFOUND, EINVALID (not bookable now).
func (s *Slots) QuoteSession(ctx context.Context, clientID, sessionID int64) (*BookingQuote, error) {
	var q *BookingQuote
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		sess, typ, coach, err := tx.SessionDetails(sessionID)
		if err != nil {
			return err
		}
		if err := bookable(sess, now, false); err != nil {
			return err
		}
		taken, _, err := tx.Seats(sess.ID, clientID)
		if err != nil {
			return err
		}
		waiting, err := tx.CountBookings(sess.ID, []BookingStatus{BookingWaitlisted})
		if err != nil {
			return err
		}
		q = &BookingQuote{Coach: coach, Type: typ, Session: sess, Start: sess.Start, Full: taken >= sess.Capacity,
			Taken: taken, Waiting: waiting}
		return quotePass(tx, now, clientID, q, sess.CreditCost, sess.Price, sess)
	})
	return q, err
}

// quotePass picks the pass booking would use, as book does.
func quotePass(tx Tx, now time.Time, clientID int64, q *BookingQuote, cost int, price Money, sess *Session) error {
	q.Bookable = true
	if cost == 0 {
		return nil
	}
	passes, err := tx.Passes(clientID)
	if err != nil {
		return err
	}
	var usable []*Pass
	for _, p := range passes {
		if p.CoachID != sess.CoachID || p.Expired(now) || p.CreditsLeft == 0 {
			continue
		}
		if p.DeductAt == DeductAtCompletion {
			bs, err := tx.Bookings(BookingFilter{PassID: p.ID, Statuses: []BookingStatus{BookingConfirmed, BookingPendingPayment}})
			if err != nil {
				return err
			}
			for _, b := range bs {
				if !b.Charged {
					p.Reserved += b.Credits
				}
			}
		}
		usable = append(usable, p)
	}
	q.Pass = pickPass(usable, now, sess)
	q.Bookable = q.Pass != nil || !price.IsZero()
	return nil
}
