package core

import (
	"context"
	"strconv"
	"time"
)

// BookRequest asks for a seat in a session.
type BookRequest struct {
	ClientID  int64
	SessionID int64
	PassID    int64 // pay with this pass; 0: the best valid pass, if any
	Pay       bool  // pay money even when a pass could be used
	CoachID   int64 // set when a coach books the client in by hand (deadline waived)
}

// BookResult is what booking did.
type BookResult struct {
	Booking  *Booking
	Position int      // place on the waitlist, when waitlisted
	Pass     *Pass    // the pass paying, if any
	Payment  *Payment // the payment awaited, if pending
}

// Book gives the client a seat while seats remain, else a place on the
// waitlist (first come, first served). A seat is paid with the best valid
// pass (oldest expiry first), or held unpaid until the coach's hold time
// ends, or free. Errors: ENOTFOUND (no such client or session), EINVALID
// (closed, past, cancelled session, unusable pass), ECONFLICT (already
// booked).
func (s *Bookings) Book(ctx context.Context, req BookRequest) (*BookResult, error) {
	var res *BookResult
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		var err error
		res, err = book(tx, now, req)
		return err
	})
	return res, err
}

func book(tx Tx, now time.Time, req BookRequest) (*BookResult, error) {
	sess, coach, seating, err := tx.LockSessionToBook(req.SessionID, req.ClientID, now)
	if err != nil {
		return nil, err
	}
	attempting(tx) // the session is known: a domain error now refuses the booking
	if req.CoachID != 0 && req.CoachID != sess.CoachID {
		return nil, NewError(EUNAUTHORIZED, "err.bookin.not_coach", "Only the session's coach can book a client in.")
	}
	if err := bookable(sess, now, req.CoachID != 0); err != nil {
		return nil, err
	}
	// The seats and passes were read under the session lock (the passes
	// locked even when the seat is paid otherwise: the same read).
	taken, booked, usable := seating.Taken, seating.Booked, seating.Passes
	byBestPass := req.PassID == 0 && !req.Pay && sess.CreditCost > 0
	if booked {
		return nil, NewError(ECONFLICT, "err.book.already_in", "You already have a place in this session.")
	}
	var pass *Pass
	if req.PassID != 0 {
		if pass, err = explicitPass(tx, now, req.ClientID, sess, req.PassID); err != nil {
			return nil, err
		}
	}
	actor := ClientActor(req.ClientID)
	if req.CoachID != 0 {
		actor = CoachActor(req.CoachID)
	}
	b := &Booking{SessionID: sess.ID, ClientID: req.ClientID}
	if taken >= sess.Capacity {
		if err := setStatus(tx, b, BookingWaitlisted, actor, "", now); err != nil {
			return nil, err
		}
		pos, err := waitlistPosition(tx, b)
		if err != nil {
			return nil, err
		}
		if err := notifyClient(tx, now, NoticeWaitlisted, b, map[string]string{"position": strconv.Itoa(pos)}); err != nil {
			return nil, err
		}
		return &BookResult{Booking: b, Position: pos}, nil
	}
	if byBestPass {
		pass = pickPass(usable, now, sess)
	}
	res := &BookResult{Booking: b, Pass: pass}
	if res.Payment, err = seat(tx, now, coach, sess, b, pass, actor, false); err != nil {
		return nil, err
	}
	if err := seatsChanged(tx, now, sess); err != nil {
		return nil, err
	}
	if err := notifyCoach(tx, now, NoticeCoachBooked, coach.ID, b, map[string]string{"status": string(b.Status)}); err != nil {
		return nil, err
	}
	return res, nil
}

// bookable refuses sessions that cannot take a booking at now.
func bookable(sess *Session, now time.Time, byCoach bool) error {
	switch {
	case sess.Status == SessionCancelled:
		return NewError(EINVALID, "err.book.session_cancelled", "This session was cancelled.")
	case sess.Status == SessionCompleted || !now.Before(sess.End):
		return NewError(EINVALID, "err.book.session_over", "This session is already over.")
	case !now.Before(sess.Start):
		return NewError(EINVALID, "err.book.session_started", "This session has already started.")
	case !byCoach && !now.Before(sess.BookingDeadline()):
		return NewError(EINVALID, "err.book.closed", "Booking for this session has closed.")
	}
	return nil
}

// seat gives b (new or waitlisted) a seat: paid by pass, confirmed with
// its price due at the session or held for payment (the unpaid rule,
// unpaid.go), or free. It writes the booking, the client's notice and,
// for a confirmed seat, its reminders. It returns the payment awaited, if
// any.
func seat(tx Tx, now time.Time, coach *Coach, sess *Session, b *Booking, pass *Pass, actor Actor, promoted bool) (*Payment, error) {
	confirmedKind, pendingKind := NoticeBooked, NoticeAwaitingPayment
	if promoted {
		confirmedKind, pendingKind = NoticePromoted, NoticePromotedPay
	}
	switch {
	case pass != nil:
		b.PassID, b.Credits = pass.ID, sess.CreditCost
		b.Charged = pass.DeductAt == DeductAtBooking
		if err := confirm(tx, now, coach, sess, b, actor, confirmedKind); err != nil {
			return nil, err
		}
		if !b.Charged {
			return nil, nil // reserved; taken when the session is completed
		}
		return nil, deductCredits(tx, now, pass, b.Credits, b.ID, "booking")
	case !sess.Price.IsZero():
		p := &Payment{ClientID: b.ClientID, CoachID: sess.CoachID, Purpose: PurposeBooking, Amount: sess.Price,
			Method: MethodManual, Status: PaymentPending, Created: now, Updated: now}
		if err := tx.CreatePayment(p); err != nil {
			return nil, err
		}
		b.PaymentID = p.ID
		mode, err := sessionUnpaidMode(tx, coach, sess, actor)
		if err != nil {
			return nil, err
		}
		if mode == UnpaidAtSession {
			return p, confirmDue(tx, now, coach, sess, b, p, actor, confirmedKind)
		}
		b.HoldUntil = now.Add(coach.Policy.UnpaidHold)
		if b.HoldUntil.After(sess.Start) {
			b.HoldUntil = sess.Start
		}
		if err := setStatus(tx, b, BookingPendingPayment, actor, "", now); err != nil {
			return nil, err
		}
		p.BookingID = b.ID
		if err := tx.UpdatePayment(p); err != nil {
			return nil, err
		}
		return p, notifyClient(tx, now, pendingKind, b, map[string]string{
			"payment_id": strconv.FormatInt(p.ID, 10), "hold_until": b.HoldUntil.Format(time.RFC3339)})
	case sess.CreditCost > 0:
		return nil, NewError(EINVALID, "err.book.needs_pass", "This session is booked with a pass, and you have no valid pass that covers it. See /packages.")
	default:
		return nil, confirm(tx, now, coach, sess, b, actor, confirmedKind)
	}
}

// confirm makes b confirmed, tells the client and schedules reminders.
// The notice names the booking's payment, if any, so that an amount still
// due is said with it.
func confirm(tx Tx, now time.Time, coach *Coach, sess *Session, b *Booking, actor Actor, kind NoticeKind) error {
	b.HoldUntil = time.Time{}
	if err := setStatus(tx, b, BookingConfirmed, actor, "", now); err != nil {
		return err
	}
	var data map[string]string
	if b.PaymentID != 0 {
		data = map[string]string{"payment_id": itoa(b.PaymentID)}
	}
	if err := notifyClient(tx, now, kind, b, data); err != nil {
		return err
	}
	return scheduleReminders(tx, now, coach.Policy, sess, b)
}

// confirmDue confirms b with its pending payment p due at the session:
// nothing holds or releases the seat; the coach marks p paid, or records
// a no-show.
func confirmDue(tx Tx, now time.Time, coach *Coach, sess *Session, b *Booking, p *Payment, actor Actor, kind NoticeKind) error {
	b.PaymentID = p.ID
	if err := confirm(tx, now, coach, sess, b, actor, kind); err != nil {
		return err
	}
	if p.BookingID == b.ID {
		return nil
	}
	p.BookingID, p.Updated = b.ID, now
	return tx.UpdatePayment(p)
}

// waitlistPosition is b's 1-based place in its session's waitlist.
func waitlistPosition(tx Tx, b *Booking) (int, error) {
	ws, err := tx.Bookings(BookingFilter{SessionID: b.SessionID, Statuses: []BookingStatus{BookingWaitlisted}})
	if err != nil {
		return 0, err
	}
	for i, w := range ws {
		if w.ID == b.ID {
			return i + 1, nil
		}
	}
	return 0, NewError(ENOTFOUND, "err.book.not_waitlisted", "This booking is not on the waitlist.")
}
