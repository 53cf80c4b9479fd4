package core

import (
	"context"
	"time"
)

// What becomes of a booking made without a pass for a session with a
// price, until its money comes (issue 15 §3). A studio that is paid
// online holds the seat a short while and gives it back unpaid; a studio
// that takes cash or a transfer at the door confirms the booking at once
// and expects the amount at the session. The coach chooses (Policy.Unpaid)
// and may choose otherwise for one session type (SessionType.Unpaid); a
// booking the coach makes for a client is never held, whatever the rule.

// UnpaidMode is what an unpaid booking does.
type UnpaidMode string

// Unpaid modes a coach or a session type can choose.
const (
	// UnpaidAtSession confirms the booking now; the amount is due at the
	// session (cash or transfer) and shows as due until the coach marks
	// it paid or records a no-show. Nothing is released.
	UnpaidAtSession UnpaidMode = "at_session"
	// UnpaidHold holds the seat for Policy.UnpaidHold (never past the
	// start) for the client to pay, online as a rule, then releases it
	// and tells the coach.
	UnpaidHold UnpaidMode = "hold"
	// UnpaidAsCoach is a session type's "follow the coach's rule".
	UnpaidAsCoach UnpaidMode = ""
)

// Mode is a policy's rule for unpaid bookings; a policy that never chose
// confirms them with the amount due at the session, so that no booking
// is released unless the coach chose holds.
func (p Policy) Mode() UnpaidMode {
	if p.Unpaid == UnpaidHold {
		return UnpaidHold
	}
	return UnpaidAtSession
}

// validUnpaid refuses a mode that is none of ours; a session type may also
// follow its coach (allowCoach).
func validUnpaid(m UnpaidMode, allowCoach bool) error {
	switch m {
	case UnpaidAtSession, UnpaidHold:
		return nil
	case UnpaidAsCoach:
		if allowCoach {
			return nil
		}
	}
	return NewError(EINVALID, "err.policy.unpaid_mode", "Unpaid bookings are either held for a while or due at the session.")
}

// UnpaidModeFor is the rule that applies to unpaid bookings of sessions of
// typ with coach: the type's own when it has one, else the coach's.
func UnpaidModeFor(coach *Coach, typ *SessionType) UnpaidMode {
	if typ != nil && typ.Unpaid != UnpaidAsCoach {
		return typ.Unpaid
	}
	return coach.Policy.Mode()
}

// sessionUnpaidMode is the rule for an unpaid booking in sess made by
// actor: a coach's own booking is never held; otherwise the session
// type's rule or the coach's.
func sessionUnpaidMode(tx Tx, coach *Coach, sess *Session, actor Actor) (UnpaidMode, error) {
	if actor.IsCoach() {
		return UnpaidAtSession, nil
	}
	typ, err := tx.SessionType(sess.TypeID)
	if err != nil {
		return "", err
	}
	return UnpaidModeFor(coach, typ), nil
}

// owes reports whether b is a booking that stands (confirmed, or attended)
// with p, its payment, the amount it owes at or after its session.
func owes(b *Booking, p *Payment) bool {
	if b.PaymentID != p.ID {
		return false
	}
	switch b.Status {
	case BookingConfirmed, BookingCompleted:
		return true
	}
	return false
}

// PayWithPass pays a booking that is held for payment, or confirmed with
// its amount due at the session, with credits from one of the client's
// passes (passID 0: the best valid one): the pending payment is
// cancelled, the credits taken (or reserved, for a pass that pays at
// completion), and a held seat confirmed. It is the one tap offered to a
// client who got a pass while a booking waited for money. Errors:
// ENOTFOUND, EUNAUTHORIZED (another client's booking or pass), ECONFLICT
// (nothing is due on it any more), EINVALID (no valid pass pays for it).
func (s *Passes) PayWithPass(ctx context.Context, clientID, bookingID, passID int64) (*BookResult, error) {
	var res *BookResult
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		b, err := ownBooking(tx, clientID, bookingID)
		if err != nil {
			return err
		}
		sess, err := tx.LockSession(b.SessionID)
		if err != nil {
			return err
		}
		if b, err = tx.Booking(bookingID); err != nil {
			return err
		}
		p, err := dueOn(tx, now, b, sess)
		if err != nil {
			return err
		}
		var pass *Pass
		if passID != 0 {
			pass, err = explicitPass(tx, now, clientID, sess, passID)
		} else if pass, err = bestPass(tx, now, clientID, sess); err == nil && pass == nil {
			err = NewError(EINVALID, "err.paypass.no_pass", "You have no valid pass that covers this session.")
		}
		if err != nil {
			return err
		}
		coach, err := tx.Coach(sess.CoachID)
		if err != nil {
			return err
		}
		p.Status, p.Updated = PaymentCancelled, now
		if err := tx.UpdatePayment(p); err != nil {
			return err
		}
		b.PaymentID, b.PassID, b.Credits = 0, pass.ID, sess.CreditCost
		b.Charged = pass.DeductAt == DeductAtBooking
		actor := ClientActor(clientID)
		if b.Status == BookingPendingPayment {
			err = confirm(tx, now, coach, sess, b, actor, NoticeBooked)
		} else {
			b.Updated = now
			if err = tx.UpdateBooking(b); err == nil {
				err = tx.AddAudit(&AuditEntry{BookingID: b.ID, From: b.Status, To: b.Status, Actor: actor, Reason: "paid with a pass", At: now})
			}
		}
		if err != nil {
			return err
		}
		if b.Charged {
			if err := deductCredits(tx, now, pass, b.Credits, b.ID, "booking"); err != nil {
				return err
			}
		}
		res = &BookResult{Booking: b, Pass: pass}
		// The coach counted on the money due: they hear it was paid with
		// credits instead, as they hear of money coming in.
		return notify(tx, now, Notice{Kind: NoticeCoachPaid, ToKind: ToCoach, ToID: coach.ID, BookingID: b.ID, SessionID: sess.ID,
			Data: map[string]string{"client_id": itoa(clientID), "pass_id": itoa(pass.ID), "credits": itoa(int64(b.Credits))}})
	})
	return res, err
}

// dueOn is the pending payment a booking still waits for, read under its
// session's lock: a held seat whose hold has not ended, or a confirmed
// seat due at a session not over yet. ECONFLICT otherwise.
func dueOn(tx Tx, now time.Time, b *Booking, sess *Session) (*Payment, error) {
	nothing := NewError(ECONFLICT, "err.paypass.nothing_due", "This booking has nothing left to pay.")
	if b.PaymentID == 0 || !now.Before(sess.End) {
		return nil, nothing
	}
	p, err := tx.Payment(b.PaymentID)
	if err != nil {
		return nil, err
	}
	switch {
	case p.Status != PaymentPending:
		return nil, nothing
	case b.Status == BookingPendingPayment && (b.HoldUntil.IsZero() || b.HoldUntil.After(now)):
		return p, nil
	case b.Status == BookingConfirmed:
		return p, nil
	}
	return nil, nothing
}

// payableWith lists the client's bookings that pass could pay now with
// PayWithPass, soonest first: held or due, upcoming, with the pass's
// coach, covered, within its credits.
func payableWith(tx Tx, now time.Time, pass *Pass) ([]int64, error) {
	bs, err := tx.Bookings(BookingFilter{ClientID: pass.ClientID, Statuses: []BookingStatus{BookingPendingPayment, BookingConfirmed},
		StartFrom: now})
	if err != nil {
		return nil, err
	}
	left := pass.CreditsLeft
	var out []int64
	for _, b := range bs {
		if b.PaymentID == 0 {
			continue
		}
		sess, err := tx.Session(b.SessionID)
		if err != nil {
			return nil, err
		}
		if usable(pass, now, sess) != nil || sess.CreditCost > left {
			continue
		}
		if _, err := dueOn(tx, now, b, sess); err != nil {
			if ErrorCode(err) == ECONFLICT {
				continue
			}
			return nil, err
		}
		left -= sess.CreditCost
		out = append(out, b.ID)
	}
	return out, nil
}
