package core

import (
	"context"
	"strconv"
	"time"
)

// reasonUnpaid is the reason of a booking cancelled because its hold
// ended unpaid; only such a booking is seated again by a late payment (a
// client who cancelled is not).
const reasonUnpaid = "unpaid"

// lateCreditDays is how long credits kept from a late payment stay valid.
const lateCreditDays = 365

// PaymentPolicy returns a coach's payment rules, the defaults when never
// set. Errors: ENOTFOUND (no such coach).
func (s *Payments) PaymentPolicy(ctx context.Context, coachID int64) (*PaymentPolicy, error) {
	var p *PaymentPolicy
	err := s.view(ctx, func(tx Tx, now time.Time) error {
		if _, err := tx.Coach(coachID); err != nil {
			return err
		}
		var err error
		p, err = tx.PaymentPolicy(coachID)
		return err
	})
	return p, err
}

// SetPaymentPolicy replaces a coach's payment rules. Errors: EINVALID,
// ENOTFOUND (no such coach).
func (s *Payments) SetPaymentPolicy(ctx context.Context, p PaymentPolicy) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.update(ctx, func(tx Tx, now time.Time) error {
		if _, err := tx.Coach(p.CoachID); err != nil {
			return err
		}
		return tx.PutPaymentPolicy(&p)
	})
}

// settleLate decides what becomes of money recorded as paid after its
// payment was cancelled or its seat went: the client is seated again when
// their released seat is still free; otherwise the coach's policy keeps
// it as credit (when the session can be paid with credits) or marks it
// for refund. The client is told either way.
func settleLate(tx Tx, now time.Time, p *Payment) error {
	if p.Purpose == PurposeBooking && p.BookingID != 0 {
		done, err := lateBooking(tx, now, p)
		if err != nil || done {
			return err
		}
	}
	p.RefundDue, p.Updated = true, now
	if err := tx.UpdatePayment(p); err != nil {
		return err
	}
	sessionID, err := sessionOf(tx, p.BookingID)
	if err != nil {
		return err
	}
	if err := notify(tx, now, Notice{Kind: NoticePaymentLate, ToKind: ToClient, ToID: p.ClientID, BookingID: p.BookingID, SessionID: sessionID,
		Data: map[string]string{"payment_id": itoa(p.ID), "amount": p.Amount.String(), "outcome": string(LatePaymentRefund),
			"why": "seat released before payment"}}); err != nil {
		return err
	}
	return notify(tx, now, Notice{Kind: NoticeCoachRefundDue, ToKind: ToCoach, ToID: p.CoachID, BookingID: p.BookingID, SessionID: sessionID,
		Data: map[string]string{"payment_id": itoa(p.ID), "amount": p.Amount.String(), "why": "seat released before payment",
			"method": p.Method, "client_id": itoa(p.ClientID)}})
}

// lateBooking settles late money for a booking by a seat or by credit,
// reporting whether it did; the session is locked by the caller.
func lateBooking(tx Tx, now time.Time, p *Payment) (bool, error) {
	b, err := tx.Booking(p.BookingID)
	if err != nil {
		return false, err
	}
	sess, err := tx.Session(b.SessionID)
	if err != nil {
		return false, err
	}
	coach, err := tx.Coach(sess.CoachID)
	if err != nil {
		return false, err
	}
	if b.Status == BookingCancelled && b.Reason == reasonUnpaid {
		if ok, err := reseat(tx, now, coach, sess, p); err != nil || ok {
			return ok, err
		}
	}
	pol, err := tx.PaymentPolicy(p.CoachID)
	if err != nil {
		return false, err
	}
	if pol.LatePayment != LatePaymentCredit || sess.CreditCost <= 0 {
		return false, nil
	}
	st, err := tx.SessionType(sess.TypeID)
	if err != nil {
		return false, err
	}
	pass := &Pass{ClientID: p.ClientID, CoachID: coach.ID, Name: st.Name + " (credit)", Credits: sess.CreditCost,
		TypeIDs: []int64{sess.TypeID}, DeductAt: DeductAtBooking, Expires: now.AddDate(0, 0, lateCreditDays),
		Source: "late_payment", Created: now}
	if err := tx.CreatePass(pass); err != nil {
		return false, err
	}
	if err := moveCredits(tx, now, pass, pass.Credits, EntryGrant, 0, "late payment "+itoa(p.ID)); err != nil {
		return false, err
	}
	p.RefundDue, p.PassID, p.Updated = false, pass.ID, now
	if err := tx.UpdatePayment(p); err != nil {
		return false, err
	}
	if err := notify(tx, now, Notice{Kind: NoticePaymentLate, ToKind: ToClient, ToID: p.ClientID, BookingID: p.BookingID, SessionID: sess.ID,
		Data: map[string]string{"payment_id": itoa(p.ID), "amount": p.Amount.String(), "outcome": string(LatePaymentCredit),
			"why": "seat released before payment", "pass_id": itoa(pass.ID), "credits": strconv.Itoa(pass.Credits)}}); err != nil {
		return false, err
	}
	return true, notify(tx, now, Notice{Kind: NoticeCoachPaid, ToKind: ToCoach, ToID: p.CoachID, BookingID: p.BookingID, SessionID: sess.ID,
		Data: map[string]string{"payment_id": itoa(p.ID), "amount": p.Amount.String(), "client_id": itoa(p.ClientID),
			"outcome": string(LatePaymentCredit)}})
}

// reseat gives a late payer a new confirmed seat in the session they were
// released from, if it is still ahead, open and has a free seat.
func reseat(tx Tx, now time.Time, coach *Coach, sess *Session, p *Payment) (bool, error) {
	if sess.Status != SessionScheduled || !now.Before(sess.Start) {
		return false, nil
	}
	taken, booked, err := tx.Seats(sess.ID, p.ClientID)
	if err != nil || booked || taken >= sess.Capacity {
		return false, err
	}
	nb := &Booking{SessionID: sess.ID, ClientID: p.ClientID, PaymentID: p.ID}
	if err := confirm(tx, now, coach, sess, nb, ActorSystem, NoticeBooked); err != nil {
		return false, err
	}
	p.BookingID, p.RefundDue, p.Updated = nb.ID, false, now
	if err := tx.UpdatePayment(p); err != nil {
		return false, err
	}
	if err := seatsChanged(tx, now, sess); err != nil {
		return false, err
	}
	if err := notifyCoach(tx, now, NoticeCoachBooked, coach.ID, nb, map[string]string{"status": string(nb.Status)}); err != nil {
		return false, err
	}
	if err := notify(tx, now, Notice{Kind: NoticePaymentPaid, ToKind: ToClient, ToID: p.ClientID, BookingID: nb.ID, SessionID: sess.ID,
		Data: map[string]string{"payment_id": itoa(p.ID)}}); err != nil {
		return false, err
	}
	return true, notify(tx, now, Notice{Kind: NoticeCoachPaid, ToKind: ToCoach, ToID: p.CoachID, BookingID: nb.ID, SessionID: sess.ID,
		Data: map[string]string{"payment_id": itoa(p.ID), "amount": p.Amount.String(), "client_id": itoa(p.ClientID)}})
}

// sessionOf is the session of a booking, or 0 for none, so notices about
// a booking's money can name the session.
func sessionOf(tx Tx, bookingID int64) (int64, error) {
	if bookingID == 0 {
		return 0, nil
	}
	b, err := tx.Booking(bookingID)
	if err != nil {
		return 0, err
	}
	return b.SessionID, nil
}
