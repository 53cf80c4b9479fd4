package core

import (
	"context"
	"time"
)

// MoveSlotRequest asks to move a client's 1:1 session to another open
// slot of its coach.
type MoveSlotRequest struct {
	ClientID  int64
	BookingID int64
	NewStart  time.Time // one of OpenSlots' times, in any zone
}

// MoveSlot reschedules a 1:1 by moving the session itself: the booking
// keeps its id, its pass charge and its payment, its reminders are
// re-planned for the new time, and client and coach are told. Moves of
// one coach's slots are decided one at a time, like BookSlot. Errors:
// ENOTFOUND, EUNAUTHORIZED (someone else's booking), EINVALID (not a 1:1
// of one client, too close to the start to move, the same time, a pass
// that does not reach the new date), ECONFLICT (the booking is no longer
// live or the session has started; the new time is not open: a
// *SlotTakenError with alternatives).
func (s *Slots) MoveSlot(ctx context.Context, req MoveSlotRequest) (*Session, error) {
	var sess *Session
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		b, err := tx.Booking(req.BookingID)
		if err != nil {
			return err
		}
		if b.ClientID != req.ClientID {
			return NewError(EUNAUTHORIZED, "err.booking.not_yours", "That booking is not yours.")
		}
		if sess, err = tx.Session(b.SessionID); err != nil {
			return err
		}
		// Coach first, then session: the order BookSlot takes them in.
		coach, err := tx.LockCoach(sess.CoachID)
		if err != nil {
			return err
		}
		if _, err := tx.LockSession(b.SessionID); err != nil {
			return err
		}
		b, sess, _, _, err = cancellable(tx, now, req.ClientID, req.BookingID)
		if err != nil {
			return err
		}
		if err := movable(tx, now, coach, sess, b); err != nil {
			return err
		}
		to := DBTime(req.NewStart)
		if to.Equal(sess.Start) {
			return NewError(EINVALID, "err.move.same_time", "That is the time you are already booked at.")
		}
		if b.PassID != 0 {
			p, err := tx.Pass(b.PassID)
			if err != nil {
				return err
			}
			if !to.Before(p.Expires) {
				return NewError(EINVALID, "err.move.pass_not_valid", "Your pass “{Pass}” is not valid on that date.", "Pass", p.Name)
			}
		}
		rules, err := s.rulesOf(tx, coach)
		if err != nil {
			return err
		}
		cal := &calendar{coach: coach, rules: rules}
		if err := cal.claim(tx, now, sess.End.Sub(sess.Start), to, sess.ID); err != nil {
			return err
		}
		return moveSession(tx, now, coach, sess, b, to)
	})
	if err != nil {
		return nil, err
	}
	return sess, nil
}

// movable refuses bookings whose session cannot move with them: only a
// 1:1 holding just this booking, early enough by the coach's rule.
func movable(tx Tx, now time.Time, coach *Coach, sess *Session, b *Booking) error {
	if b.Status == BookingWaitlisted {
		return NewError(EINVALID, "err.move.waitlisted_slot", "You are on the waitlist for this session; cancel it and book another time instead.")
	}
	live, err := tx.CountBookings(sess.ID, ActiveStatuses)
	if err != nil {
		return err
	}
	if sess.Capacity != 1 || live != 1 {
		return NewError(EINVALID, "err.move.group", "Only a 1:1 session can be moved to another time; pick another session to move to instead.")
	}
	if !CanReschedule(coach.Policy, now, sess.Start) {
		return NewError(EINVALID, "err.move.too_late", "Bookings can be moved up to {Notice} before the start; this one can only be cancelled now.", "Notice", coach.Policy.RescheduleNotice)
	}
	return nil
}

// moveSession puts the locked session and its one booking at start,
// re-plans the reminders and tells both sides.
func moveSession(tx Tx, now time.Time, coach *Coach, sess *Session, b *Booking, start time.Time) error {
	from := sess.Start
	shift := start.Sub(from)
	sess.Start, sess.End = start, sess.End.Add(shift)
	if !sess.Deadline.IsZero() {
		sess.Deadline = sess.Deadline.Add(shift)
	}
	if err := sess.Validate(); err != nil {
		return err
	}
	if err := tx.UpdateSession(sess); err != nil {
		return err
	}
	if b.HoldUntil.After(start) {
		b.HoldUntil = start
	}
	b.Updated = now
	if err := tx.UpdateBooking(b); err != nil {
		return err
	}
	if err := withdrawReminders(tx, b); err != nil {
		return err
	}
	if b.Status == BookingConfirmed {
		if err := scheduleReminders(tx, now, coach.Policy, sess, b); err != nil {
			return err
		}
	}
	data := map[string]string{"from_start": from.Format(time.RFC3339)}
	if err := notifyClient(tx, now, NoticeRescheduled, b, data); err != nil {
		return err
	}
	return notifyCoach(tx, now, NoticeCoachRescheduled, coach.ID, b, map[string]string{"from_start": from.Format(time.RFC3339)})
}
