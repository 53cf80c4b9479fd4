package core

import (
	"context"
	"strconv"
	"time"
)

// MarkPaymentPaid records money received (a coach's cash or transfer, or
// a payment provider's confirmation): a held booking is confirmed, a
// package becomes a pass. Paying twice changes nothing the second time.
// If the seat was released meanwhile, the client gets it back while it is
// free, else the coach's PaymentPolicy refunds the money or keeps it as
// credit (settleLate). Errors: ENOTFOUND, ECONFLICT (refunded).
func (s *Payments) MarkPaymentPaid(ctx context.Context, paymentID int64, method, externalID string) (*Payment, error) {
	var p *Payment
	err := s.update(ctx, func(tx Tx, now time.Time) (err error) {
		p, err = markPaid(tx, now, paymentID, method, externalID)
		return err
	})
	return p, err
}

// markPaid is MarkPaymentPaid inside a transaction, shared with the
// services that record a provider's event in the same one
// (payment_events.go).
func markPaid(tx Tx, now time.Time, paymentID int64, method, externalID string) (*Payment, error) {
	p, err := tx.Payment(paymentID)
	if err != nil {
		return nil, err
	}
	if p.BookingID != 0 {
		// Lock the session before touching the booking (lock order).
		b, err := tx.Booking(p.BookingID)
		if err != nil {
			return nil, err
		}
		if _, err := tx.LockSession(b.SessionID); err != nil {
			return nil, err
		}
		if p, err = tx.Payment(paymentID); err != nil {
			return nil, err
		}
	}
	switch p.Status {
	case PaymentPaid:
		return p, nil
	case PaymentRefunded:
		return nil, NewError(ECONFLICT, "err.refund.already", "This payment was already refunded.")
	}
	// A cancelled payment that is paid anyway (late provider callback)
	// is recorded and settled by the coach's payment policy below.
	late := p.Status == PaymentCancelled
	p.Status, p.PaidAt, p.Updated = PaymentPaid, now, now
	if method != "" {
		p.Method = method
	}
	if externalID != "" {
		p.ExternalID = externalID
	}
	switch p.Purpose {
	case PurposePackage:
		pass, err := grantPass(tx, now, p.ClientID, p.PackageID, "purchase")
		if err != nil {
			return nil, err
		}
		p.PassID = pass.ID
	case PurposeBooking:
		if err := paidBooking(tx, now, p); err != nil {
			return nil, err
		}
		late = late || p.RefundDue
	}
	if err := tx.UpdatePayment(p); err != nil {
		return nil, err
	}
	note(tx, Event{Kind: EventPaid, At: now, PaymentID: p.ID, BookingID: p.BookingID, ClientID: p.ClientID})
	if late {
		return p, settleLate(tx, now, p) // payment_late.go
	}
	// Both notices name the session a booking's money paid for.
	sessionID, err := sessionOf(tx, p.BookingID)
	if err != nil {
		return nil, err
	}
	if err := notify(tx, now, Notice{Kind: NoticePaymentPaid, ToKind: ToClient, ToID: p.ClientID, BookingID: p.BookingID,
		SessionID: sessionID, Data: map[string]string{"payment_id": itoa(p.ID)}}); err != nil {
		return nil, err
	}
	return p, notify(tx, now, Notice{Kind: NoticeCoachPaid, ToKind: ToCoach, ToID: p.CoachID, BookingID: p.BookingID, SessionID: sessionID,
		Data: map[string]string{"payment_id": itoa(p.ID), "amount": p.Amount.String(), "client_id": itoa(p.ClientID)}})
}

// paidBooking confirms the booking a payment was holding, if it still
// holds a seat, or settles the amount a confirmed booking owed at its
// session; otherwise marks the money for refund.
func paidBooking(tx Tx, now time.Time, p *Payment) error {
	b, err := tx.Booking(p.BookingID)
	if err != nil {
		return err
	}
	if owes(b, p) {
		return nil // due at the session, now paid: the booking stands as it is
	}
	if b.Status != BookingPendingPayment {
		p.RefundDue = true
		return nil
	}
	sess, err := tx.Session(b.SessionID)
	if err != nil {
		return err
	}
	coach, err := tx.Coach(sess.CoachID)
	if err != nil {
		return err
	}
	return confirm(tx, now, coach, sess, b, ActorSystem, NoticeBooked)
}

// RefundPlan is what marking a payment refunded will do, shown to the
// coach before they confirm: the pass a refunded package bought and the
// unused credits it loses.
type RefundPlan struct {
	Line        *PaymentLine // the payment and what it paid for
	Client      *Client
	Pass        *Pass // the pass the payment bought; nil if none
	CreditsLost int   // its credits left, removed with the refund
}

// PlanRefund says, without changing anything, what MarkPaymentRefunded
// would do. Errors: ENOTFOUND, EUNAUTHORIZED (another coach's payment),
// ECONFLICT (not paid, or already refunded).
func (s *Payments) PlanRefund(ctx context.Context, coachID, paymentID int64) (*RefundPlan, error) {
	var plan *RefundPlan
	err := s.view(ctx, func(tx Tx, now time.Time) error {
		p, err := refundable(tx, coachID, paymentID)
		if err != nil {
			return err
		}
		plan = &RefundPlan{}
		if plan.Line, err = newReader(tx).paymentLine(p); err != nil {
			return err
		}
		if plan.Client, err = tx.Client(p.ClientID); err != nil {
			return err
		}
		if p.Purpose == PurposePackage && p.PassID != 0 {
			if plan.Pass, err = tx.Pass(p.PassID); err != nil {
				return err
			}
			plan.CreditsLost = plan.Pass.CreditsLeft
		}
		return nil
	})
	return plan, err
}

// refundable reads a payment a coach (0: the system) may mark refunded.
func refundable(tx Tx, coachID, paymentID int64) (*Payment, error) {
	p, err := tx.Payment(paymentID)
	if err != nil {
		return nil, err
	}
	if coachID != 0 && p.CoachID != coachID {
		return nil, NewError(EUNAUTHORIZED, "err.payment.other_coach", "That payment belongs to another coach.")
	}
	if p.Status != PaymentPaid {
		return nil, NewError(ECONFLICT, "err.refund.not_paid", "Only a paid payment can be refunded; this one is {Status}.", "Status", p.Status)
	}
	return p, nil
}

// MarkPaymentRefunded records money given back: a refunded package's
// pass loses the credits it has left, and the client is told. Errors:
// ENOTFOUND, EUNAUTHORIZED (another coach's payment), ECONFLICT (not
// paid, or already refunded — never twice).
func (s *Payments) MarkPaymentRefunded(ctx context.Context, coachID, paymentID int64, externalID string) (*Payment, error) {
	var p *Payment
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		var err error
		if p, err = refundable(tx, coachID, paymentID); err != nil {
			return err
		}
		p.Status, p.RefundDue, p.Updated = PaymentRefunded, false, now
		if externalID != "" && p.ExternalID == "" {
			p.ExternalID = externalID
		}
		if err := tx.UpdatePayment(p); err != nil {
			return err
		}
		return refundTold(tx, now, p)
	})
	return p, err
}

// refundTold closes the pass a refunded package bought (its credits left
// go with the money) and tells the client, with the credits removed.
func refundTold(tx Tx, now time.Time, p *Payment) error {
	data := map[string]string{"payment_id": itoa(p.ID), "amount": p.Amount.String()}
	if p.Purpose == PurposePackage && p.PassID != 0 {
		pass, err := tx.LockPass(p.PassID)
		if err != nil {
			return err
		}
		if n := pass.CreditsLeft; n > 0 {
			if err := moveCredits(tx, now, pass, -n, EntryRefund, 0, "payment "+itoa(p.ID)+" refunded"); err != nil {
				return err
			}
			data["credits_removed"] = strconv.Itoa(n)
		}
	}
	sessionID, err := sessionOf(tx, p.BookingID)
	if err != nil {
		return err
	}
	return notify(tx, now, Notice{Kind: NoticePaymentRefunded, ToKind: ToClient, ToID: p.ClientID, BookingID: p.BookingID,
		SessionID: sessionID, Data: data})
}

// ReleaseExpiredHolds cancels unpaid bookings whose hold has ended, tells
// their clients and gives the seats to the waitlist. It returns how many
// it released.
func (s *Payments) ReleaseExpiredHolds(ctx context.Context) (int, error) {
	n := 0
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		held, err := tx.Bookings(BookingFilter{Statuses: []BookingStatus{BookingPendingPayment}})
		if err != nil {
			return err
		}
		for _, b := range held {
			if b.HoldUntil.IsZero() || b.HoldUntil.After(now) {
				continue
			}
			released, err := releaseHold(tx, now, b.ID, now)
			if err != nil {
				return err
			}
			if released {
				n++
			}
		}
		return nil
	})
	return n, err
}

// releaseHold ends the hold of a booking awaiting payment, if it still
// awaits it and its hold ends by notAfter (both read again under the
// session's lock): the booking and its payment are cancelled, the client
// told and the seat offered to the waitlist. It reports whether it
// released the seat.
func releaseHold(tx Tx, now time.Time, bookingID int64, notAfter time.Time) (bool, error) {
	b, err := tx.Booking(bookingID)
	if err != nil {
		return false, err
	}
	sess, err := tx.LockSession(b.SessionID)
	if err != nil {
		return false, err
	}
	if b, err = tx.Booking(bookingID); err != nil {
		return false, err
	}
	if b.Status != BookingPendingPayment || b.HoldUntil.IsZero() || b.HoldUntil.After(notAfter) {
		return false, nil
	}
	coach, err := tx.Coach(sess.CoachID)
	if err != nil {
		return false, err
	}
	var pay *Payment
	if b.PaymentID != 0 {
		if pay, err = tx.Payment(b.PaymentID); err != nil {
			return false, err
		}
		if pay.Status == PaymentPaid {
			return false, nil
		}
		// A hold begun under another rule (before the coach chose, or
		// chose otherwise) ends as the rule now says: a seat that pays at
		// the session is confirmed, never released.
		mode, err := sessionUnpaidMode(tx, coach, sess, ActorSystem)
		if err != nil {
			return false, err
		}
		if mode == UnpaidAtSession && pay.Status == PaymentPending {
			return false, confirmDue(tx, now, coach, sess, b, pay, ActorSystem, NoticeBooked)
		}
	}
	out := CancelOutcome{PaymentCancelled: pay != nil}
	if err := applyCancel(tx, now, coach, sess, b, pay, out, ActorSystem, reasonUnpaid); err != nil {
		return false, err
	}
	if err := notifyClient(tx, now, NoticeHoldReleased, b, nil); err != nil {
		return false, err
	}
	if pay != nil {
		// The coach hears of a seat given back unpaid (an offer that
		// lapsed was never a booking of theirs to lose).
		if err := notifyCoach(tx, now, NoticeCoachHoldReleased, coach.ID, b,
			map[string]string{"payment_id": itoa(pay.ID), "amount": pay.Amount.String()}); err != nil {
			return false, err
		}
	}
	if err := promote(tx, now, coach, sess); err != nil {
		return false, err
	}
	if err := releaseSlot(tx, now, sess); err != nil {
		return false, err
	}
	return true, nil
}
