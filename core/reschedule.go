package core

import (
	"context"
	"time"
)

// RescheduleRequest asks to move a booking to another session.
type RescheduleRequest struct {
	ClientID     int64
	BookingID    int64
	NewSessionID int64
}

// Reschedule moves a client's booking to another session of the same
// coach and price, atomically: if the new seat cannot be had, the old one
// is kept. The pass charge or payment moves with it. Errors: ENOTFOUND,
// EUNAUTHORIZED, EINVALID (too late to move, other kind of session,
// closed session), ECONFLICT (new session full, already booked there).
func (s *Bookings) Reschedule(ctx context.Context, req RescheduleRequest) (*Booking, error) {
	var nb *Booking
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		old, err := tx.Booking(req.BookingID)
		if err != nil {
			return err
		}
		if old.SessionID == req.NewSessionID {
			return NewError(EINVALID, "err.move.same_session", "That is the session you are already booked in.")
		}
		// Lock both sessions in id order so two opposite moves cannot deadlock.
		first, second := old.SessionID, req.NewSessionID
		if second < first {
			first, second = second, first
		}
		if _, err := tx.LockSession(first); err != nil {
			return err
		}
		if _, err := tx.LockSession(second); err != nil {
			return err
		}
		old, from, coach, _, err := cancellable(tx, now, req.ClientID, req.BookingID)
		if err != nil {
			return err
		}
		if old.Status == BookingWaitlisted {
			return NewError(EINVALID, "err.move.waitlisted_class", "You are on the waitlist for this session; cancel it and join another instead.")
		}
		if !CanReschedule(coach.Policy, now, from.Start) {
			return NewError(EINVALID, "err.move.too_late", "Bookings can be moved up to {Notice} before the start; this one can only be cancelled now.", "Notice", coach.Policy.RescheduleNotice)
		}
		to, err := tx.Session(req.NewSessionID)
		if err != nil {
			return err
		}
		nb, err = move(tx, now, coach, from, to, old, ClientActor(req.ClientID))
		return err
	})
	return nb, err
}

// move re-seats old in session to, keeping its pass charge or payment,
// and cancels old as "rescheduled". Both sessions are locked.
func move(tx Tx, now time.Time, coach *Coach, from, to *Session, old *Booking, actor Actor) (*Booking, error) {
	attempting(tx) // the session is known: a domain error now refuses the move
	if to.CoachID != from.CoachID {
		return nil, NewError(EINVALID, "err.move.other_coach", "You can only move to another session with the same coach.")
	}
	if to.Price != from.Price || to.CreditCost != from.CreditCost {
		return nil, NewError(EINVALID, "err.move.other_kind", "Pick a session of the same kind and price to move to.")
	}
	if err := bookable(to, now, false); err != nil {
		return nil, err
	}
	if old.PassID != 0 {
		p, err := tx.Pass(old.PassID)
		if err != nil {
			return nil, err
		}
		if !p.Covers(to.CoachID, to.TypeID) || !to.Start.Before(p.Expires) {
			return nil, NewError(EINVALID, "err.move.pass_does_not_cover", "Your pass “{Pass}” does not cover that session.", "Pass", p.Name)
		}
	}
	taken, booked, err := tx.Seats(to.ID, old.ClientID)
	if err != nil {
		return nil, err
	}
	if booked {
		return nil, NewError(ECONFLICT, "err.move.already_in", "You already have a place in that session.")
	}
	if taken >= to.Capacity {
		return nil, NewError(ECONFLICT, "err.move.full", "That session is full. Your booking was not changed.")
	}
	nb := &Booking{SessionID: to.ID, ClientID: old.ClientID, PassID: old.PassID, Credits: old.Credits,
		Charged: old.Charged, PaymentID: old.PaymentID, HoldUntil: old.HoldUntil, RescheduledFrom: old.ID}
	// The old booking gives up its seat (and its unique active slot) first.
	status := old.Status
	old.PassID, old.Credits, old.Charged, old.PaymentID, old.HoldUntil = 0, 0, false, 0, time.Time{}
	if err := setStatus(tx, old, BookingCancelled, actor, "rescheduled", now); err != nil {
		return nil, err
	}
	if err := withdrawReminders(tx, old); err != nil {
		return nil, err
	}
	if err := setStatus(tx, nb, status, actor, "", now); err != nil {
		return nil, err
	}
	old.RescheduledTo = nb.ID
	if err := tx.UpdateBooking(old); err != nil {
		return nil, err
	}
	if nb.PaymentID != 0 {
		pay, err := tx.Payment(nb.PaymentID)
		if err != nil {
			return nil, err
		}
		pay.BookingID, pay.Updated = nb.ID, now
		if err := tx.UpdatePayment(pay); err != nil {
			return nil, err
		}
	}
	if err := seatsChanged(tx, now, to); err != nil {
		return nil, err
	}
	if status == BookingConfirmed {
		if err := scheduleReminders(tx, now, coach.Policy, to, nb); err != nil {
			return nil, err
		}
	}
	data := map[string]string{"from_session_id": itoa(from.ID), "from_start": from.Start.Format(time.RFC3339)}
	if err := notifyClient(tx, now, NoticeRescheduled, nb, data); err != nil {
		return nil, err
	}
	if err := notifyCoach(tx, now, NoticeCoachRescheduled, coach.ID, nb, data); err != nil {
		return nil, err
	}
	return nb, promote(tx, now, coach, from)
}

// humanDuration words a policy duration ("24 h", "90 min").
func humanDuration(d time.Duration) string {
	if d%time.Hour == 0 {
		return itoa(int64(d/time.Hour)) + " h"
	}
	return itoa(int64(d/time.Minute)) + " min"
}
