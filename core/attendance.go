package core

import (
	"context"
	"time"
)

// MarkAttendance lets a coach record that a client came (completed) or
// did not (no-show) once the session has started. A credit reserved for
// completion is taken either way; an amount due at the session stays due
// for one who came and is dropped for a no-show (settleDue). Errors: ENOTFOUND, EUNAUTHORIZED,
// EINVALID (not started yet), ECONFLICT (booking not confirmed).
func (s *Bookings) MarkAttendance(ctx context.Context, coachID, bookingID int64, came bool) (*Booking, error) {
	var b *Booking
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		var err error
		if b, err = tx.Booking(bookingID); err != nil {
			return err
		}
		sess, err := tx.LockSession(b.SessionID)
		if err != nil {
			return err
		}
		if sess.CoachID != coachID {
			return NewError(EUNAUTHORIZED, "err.attendance.other_coach", "That booking is for another coach's session.")
		}
		if now.Before(sess.Start) {
			return NewError(EINVALID, "err.attendance.too_early", "Attendance can be marked once the session has started.")
		}
		if b, err = tx.Booking(bookingID); err != nil {
			return err
		}
		to := BookingNoShow
		if came {
			to = BookingCompleted
		}
		if b.Status == to {
			return nil
		}
		if err := chargeReserved(tx, now, b, string(to)); err != nil {
			return err
		}
		if err := settleDue(tx, now, b, to); err != nil {
			return err
		}
		return setStatus(tx, b, to, CoachActor(coachID), "", now)
	})
	return b, err
}

// settleDue settles the amount a booking owed at its session when the
// coach records attendance: a no-show owes nothing more (the payment is
// cancelled), and a no-show corrected to attended owes it again.
func settleDue(tx Tx, now time.Time, b *Booking, to BookingStatus) error {
	if b.PaymentID == 0 {
		return nil
	}
	p, err := tx.Payment(b.PaymentID)
	if err != nil {
		return err
	}
	switch {
	case to == BookingNoShow && p.Status == PaymentPending:
		p.Status = PaymentCancelled
	case to == BookingCompleted && b.Status == BookingNoShow && p.Status == PaymentCancelled:
		p.Status = PaymentPending
	default:
		return nil
	}
	p.Updated = now
	return tx.UpdatePayment(p)
}

// CompleteDueSessions marks sessions that have ended as completed: their
// confirmed bookings become completed (taking reserved credits), waitlist
// places lapse. Bookings a coach marked no-show stay so. It returns how
// many sessions it completed.
func (s *Bookings) CompleteDueSessions(ctx context.Context) (int, error) {
	n := 0
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		due, err := tx.Sessions(SessionFilter{Status: SessionScheduled, To: now})
		if err != nil {
			return err
		}
		for _, sess := range due {
			if sess.End.After(now) {
				continue
			}
			if sess, err = tx.LockSession(sess.ID); err != nil {
				return err
			}
			if err := completeSession(tx, now, sess, ActorSystem); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// completeSession marks a locked session completed: its confirmed
// bookings become completed (taking reserved credits) and its waitlist
// places lapse; no-shows stay so.
func completeSession(tx Tx, now time.Time, sess *Session, actor Actor) error {
	sess.Status = SessionCompleted
	if err := tx.UpdateSession(sess); err != nil {
		return err
	}
	bs, err := tx.Bookings(BookingFilter{SessionID: sess.ID, Statuses: []BookingStatus{BookingConfirmed, BookingWaitlisted}})
	if err != nil {
		return err
	}
	for _, b := range bs {
		if b.Status == BookingWaitlisted {
			if err := setStatus(tx, b, BookingCancelled, actor, "session ended", now); err != nil {
				return err
			}
			continue
		}
		if err := chargeReserved(tx, now, b, "completed"); err != nil {
			return err
		}
		if err := setStatus(tx, b, BookingCompleted, actor, "", now); err != nil {
			return err
		}
	}
	return nil
}
