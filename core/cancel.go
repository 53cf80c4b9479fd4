package core

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// CancelRequest asks to cancel a client's booking.
type CancelRequest struct {
	ClientID  int64
	BookingID int64
	Reason    string
}

// CancelScreen tells the client what cancelling would cost, changing
// nothing, so the bot can ask "inside 24 h: your credit is forfeited —
// cancel anyway?", with the booking as MyBooking shows it, read
// together. Errors: ENOTFOUND, EUNAUTHORIZED, ECONFLICT (not
// cancellable).
func (s *Bookings) CancelScreen(ctx context.Context, clientID, bookingID int64) (*BookingView, *CancelOutcome, error) {
	var v *BookingView
	var out *CancelOutcome
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		b, err := tx.Booking(bookingID)
		if err != nil {
			return err
		}
		if err := ownLive(b, clientID); err != nil {
			return err
		}
		// The view reads the session, type and coach the preview needs.
		if v, err = newReader(tx).booking(b); err != nil {
			return err
		}
		pay, err := checkCancellable(tx, now, clientID, b, v.Session)
		if err != nil {
			return err
		}
		free, err := freeCancelRight(tx, now, b.ID)
		if err != nil {
			return err
		}
		o := CancelConsequence(v.Coach.Policy, now, v.Session, b, pay, free)
		out = &o
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return v, out, nil
}

// Cancel cancels a client's booking with a reason. Outside the coach's
// window the credit returns to its pass and a paid booking is marked for
// refund; inside it the coach's late rule applies. A freed seat goes to
// the first on the waitlist. Errors: ENOTFOUND, EUNAUTHORIZED (someone
// else's booking), ECONFLICT (already cancelled or over).
func (s *Bookings) Cancel(ctx context.Context, req CancelRequest) (*Booking, *CancelOutcome, error) {
	v, out, err := s.cancel(ctx, req, false)
	if err != nil {
		return nil, nil, err
	}
	return v.Booking, out, nil
}

// CancelShown is Cancel returning the booking as MyBooking shows it once
// cancelled, read in the same transaction: what a chat answers a cancel
// with. Errors: as Cancel.
func (s *Bookings) CancelShown(ctx context.Context, req CancelRequest) (*BookingView, *CancelOutcome, error) {
	return s.cancel(ctx, req, true)
}

// cancel is Cancel, with the booking's view filled in when show is set
// (else only its Booking).
func (s *Bookings) cancel(ctx context.Context, req CancelRequest, show bool) (*BookingView, *CancelOutcome, error) {
	var v *BookingView
	var out CancelOutcome
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		var b *Booking
		var sess *Session
		var typ *SessionType
		var coach *Coach
		var pay *Payment
		var err error
		// Lock the session first, then read the booking under the lock, so
		// two racing cancels (or a cancel and a promotion) go one by one.
		if sess, typ, coach, err = tx.LockSessionOf(req.BookingID); err != nil {
			return err
		}
		if b, err = tx.Booking(req.BookingID); err != nil {
			return err
		}
		if b.SessionID != sess.ID { // moved while we waited for the lock
			return NewError(ECONFLICT, "err.booking.changed", "This booking changed just now. Please try again.")
		}
		if pay, err = checkCancellable(tx, now, req.ClientID, b, sess); err != nil {
			return err
		}
		// A coach who moved the session gave its clients a free cancel.
		free, err := freeCancelRight(tx, now, b.ID)
		if err != nil {
			return err
		}
		out = CancelConsequence(coach.Policy, now, sess, b, pay, free)
		if err := clientCancel(tx, now, coach, sess, b, pay, out, req.ClientID, req.Reason); err != nil {
			return err
		}
		if !show {
			v = &BookingView{Booking: b}
			return nil
		}
		r := newReader(tx)
		r.sessions[sess.ID], r.stypes[typ.ID], r.coaches[coach.ID] = sess, typ, coach
		v, err = r.booking(b)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return v, &out, nil
}

// clientCancel carries out a client's cancellation with a decided outcome:
// the booking, credits and money, both notices, the freed seat to the
// waitlist, and a slot-made 1:1's time back to the coach.
func clientCancel(tx Tx, now time.Time, coach *Coach, sess *Session, b *Booking, pay *Payment, out CancelOutcome, clientID int64, reason string) error {
	if err := applyCancel(tx, now, coach, sess, b, pay, out, ClientActor(clientID), cleanReason(reason)); err != nil {
		return err
	}
	if err := notifyClient(tx, now, NoticeCancelled, b, outcomeData(out)); err != nil {
		return err
	}
	data := outcomeData(out)
	data["reason"] = b.Reason
	if err := notifyCoach(tx, now, NoticeCoachCancelled, coach.ID, b, data); err != nil {
		return err
	}
	if err := promote(tx, now, coach, sess); err != nil {
		return err
	}
	return releaseSlot(tx, now, sess)
}

// cancellable loads a booking the client may cancel now.
func cancellable(tx Tx, now time.Time, clientID, bookingID int64) (*Booking, *Session, *Coach, *Payment, error) {
	b, err := tx.Booking(bookingID)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if err := ownLive(b, clientID); err != nil {
		return nil, nil, nil, nil, err
	}
	sess, _, coach, err := tx.SessionDetails(b.SessionID)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	pay, err := checkCancellable(tx, now, clientID, b, sess)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return b, sess, coach, pay, nil
}

// ownLive refuses a booking that is not the client's or not live.
func ownLive(b *Booking, clientID int64) error {
	if b.ClientID != clientID {
		return NewError(EUNAUTHORIZED, "err.booking.not_yours", "That booking is not yours.")
	}
	if !b.Status.Active() {
		return NewError(ECONFLICT, "err.booking.already_status", "This booking is already {Status}.", "Status", b.Status)
	}
	return nil
}

// checkCancellable refuses what the client may not cancel now and reads
// the payment the booking awaits or was paid by, if any.
func checkCancellable(tx Tx, now time.Time, clientID int64, b *Booking, sess *Session) (*Payment, error) {
	if err := ownLive(b, clientID); err != nil {
		return nil, err
	}
	if !now.Before(sess.Start) {
		return nil, NewError(ECONFLICT, "err.cancel.started", "This session has already started; it can no longer be cancelled.")
	}
	if b.PaymentID == 0 {
		return nil, nil
	}
	return tx.Payment(b.PaymentID)
}

// applyCancel carries out a decided outcome: status, credits, money,
// reminders. It writes no notice; callers word their own.
func applyCancel(tx Tx, now time.Time, coach *Coach, sess *Session, b *Booking, pay *Payment, out CancelOutcome, actor Actor, reason string) error {
	if out.CreditsReturned > 0 {
		if _, err := returnCredits(tx, now, b, "cancelled"); err != nil {
			return err
		}
	}
	if out.CreditsForfeited > 0 {
		if err := chargeReserved(tx, now, b, "late cancellation"); err != nil {
			return err
		}
	}
	if pay != nil {
		switch {
		case out.PaymentCancelled:
			pay.Status = PaymentCancelled
		case out.Refund.Amount > 0:
			pay.RefundDue = true
		}
		pay.Updated = now
		if err := tx.UpdatePayment(pay); err != nil {
			return err
		}
		if out.Refund.Amount > 0 {
			if err := notifyCoach(tx, now, NoticeCoachRefundDue, coach.ID, b,
				map[string]string{"payment_id": itoa(pay.ID), "amount": out.Refund.String()}); err != nil {
				return err
			}
		}
	}
	if out.Fee.Amount > 0 {
		fee := &Payment{ClientID: b.ClientID, CoachID: coach.ID, BookingID: b.ID, Purpose: PurposeFee, Amount: out.Fee,
			Method: MethodManual, Status: PaymentPending, Created: now, Updated: now}
		if err := tx.CreatePayment(fee); err != nil {
			return err
		}
	}
	to := BookingCancelled
	if out.Late {
		to = BookingLateCancelled
	}
	b.HoldUntil = time.Time{}
	if err := setStatus(tx, b, to, actor, reason, now); err != nil {
		return err
	}
	return withdrawReminders(tx, b)
}

// outcomeData flattens an outcome for a notice.
func outcomeData(o CancelOutcome) map[string]string {
	d := map[string]string{"late": strconv.FormatBool(o.Late)}
	if o.CreditsReturned > 0 {
		d["credits_returned"] = strconv.Itoa(o.CreditsReturned)
	}
	if o.CreditsForfeited > 0 {
		d["credits_forfeited"] = strconv.Itoa(o.CreditsForfeited)
	}
	if o.Refund.Amount > 0 {
		d["refund"] = o.Refund.String()
	}
	if o.Fee.Amount > 0 {
		d["fee"] = o.Fee.String()
	}
	return d
}

// cleanReason trims a typed reason to something storable.
func cleanReason(r string) string {
	r = strings.TrimSpace(r)
	if len([]rune(r)) > 500 {
		r = string([]rune(r)[:500])
	}
	return r
}

// CancelSession is a coach cancelling an occurrence: every booking is
// cancelled at no cost to the client (credits back, payments marked for
// refund) and every client told. Errors: ENOTFOUND, EUNAUTHORIZED
// (another coach's session), ECONFLICT (already cancelled or completed).
func (s *Bookings) CancelSession(ctx context.Context, coachID, sessionID int64, reason string) (int, error) {
	told := 0
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		var err error
		told, err = cancelSession(tx, now, coachID, sessionID, cleanReason(reason))
		return err
	})
	return told, err
}

func cancelSession(tx Tx, now time.Time, coachID, sessionID int64, reason string) (int, error) {
	sess, err := tx.LockSession(sessionID)
	if err != nil {
		return 0, err
	}
	if sess.CoachID != coachID {
		return 0, NewError(EUNAUTHORIZED, "err.session.other_coach", "That session belongs to another coach.")
	}
	if sess.Status != SessionScheduled {
		return 0, NewError(ECONFLICT, "err.session.already_status", "This session is already {Status}.", "Status", sess.Status)
	}
	coach, err := tx.Coach(coachID)
	if err != nil {
		return 0, err
	}
	sess.Status = SessionCancelled
	if err := tx.UpdateSession(sess); err != nil {
		return 0, err
	}
	if err := seatsChanged(tx, now, sess); err != nil {
		return 0, err
	}
	bs, err := tx.Bookings(BookingFilter{SessionID: sess.ID, Statuses: ActiveStatuses})
	if err != nil {
		return 0, err
	}
	for _, b := range bs {
		var pay *Payment
		if b.PaymentID != 0 {
			if pay, err = tx.Payment(b.PaymentID); err != nil {
				return 0, err
			}
		}
		out := CancelConsequence(coach.Policy, now, sess, b, pay, true)
		if err := applyCancel(tx, now, coach, sess, b, pay, out, CoachActor(coachID), reason); err != nil {
			return 0, err
		}
		data := outcomeData(out)
		data["reason"] = reason
		if err := notifyClient(tx, now, NoticeSessionCancelled, b, data); err != nil {
			return 0, err
		}
	}
	return len(bs), nil
}
