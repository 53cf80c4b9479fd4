package core

import (
	"context"
	"time"
)

// A seat that frees up inside the coach's late window is not given to the
// first in line automatically — they may have made other plans, and their
// pass would be charged for a session they cannot reach. They get an offer
// instead: the seat is held for them (pending, unpaid, with a hold) for the
// coach's hold time, at most until the start; Accept charges the pass (or
// opens the payment) and confirms, Pass or silence hands the seat to the
// next in line. Outside the late window promotion stays automatic.

// OfferStatus is where an offer stands.
type OfferStatus string

// Offer statuses.
const (
	OfferOpen      OfferStatus = "open"
	OfferAccepted  OfferStatus = "accepted"
	OfferPassed    OfferStatus = "passed"
	OfferExpired   OfferStatus = "expired"
	OfferWithdrawn OfferStatus = "withdrawn" // the booking ended some other way
)

// Offer is a freed seat held for one waitlisted client until Until.
type Offer struct {
	ID        int64
	BookingID int64
	SessionID int64
	ClientID  int64
	Until     time.Time
	Status    OfferStatus
	Created   time.Time
	Decided   time.Time
}

// offerSeat holds the freed seat of a locked session for the first in
// line, b, and asks them. A client who could not take the seat anyway (a
// pass-only session and no valid pass) is skipped as promoteOne does.
func offerSeat(tx Tx, now time.Time, coach *Coach, sess *Session, b *Booking) error {
	if sess.CreditCost > 0 && sess.Price.IsZero() {
		pass, err := bestPass(tx, now, b.ClientID, sess)
		if err != nil {
			return err
		}
		if pass == nil {
			return promoteOne(tx, now, coach, sess, b)
		}
	}
	until := now.Add(coach.Policy.UnpaidHold)
	if until.After(sess.Start) {
		until = sess.Start
	}
	b.HoldUntil = until
	if err := setStatus(tx, b, BookingPendingPayment, ActorSystem, "seat offered", now); err != nil {
		return err
	}
	if err := tx.CreateOffer(&Offer{BookingID: b.ID, SessionID: sess.ID, ClientID: b.ClientID, Until: until,
		Status: OfferOpen, Created: now}); err != nil {
		return err
	}
	return notifyClient(tx, now, NoticeOffer, b, map[string]string{"until": until.Format(time.RFC3339)})
}

// openOffer loads, under the session lock, a client's booking and its open
// offer, refusing anything that can no longer be answered.
func openOffer(tx Tx, now time.Time, clientID, bookingID int64) (*Booking, *Offer, *Session, *Coach, error) {
	b, err := tx.Booking(bookingID)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	sess, err := tx.LockSession(b.SessionID)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if b, err = tx.Booking(bookingID); err != nil {
		return nil, nil, nil, nil, err
	}
	if b.ClientID != clientID {
		return nil, nil, nil, nil, NewError(EUNAUTHORIZED, "err.booking.not_yours", "That booking is not yours.")
	}
	o, err := tx.OpenOffer(bookingID)
	if ErrorCode(err) == ENOTFOUND || (err == nil && (b.Status != BookingPendingPayment || !now.Before(o.Until))) {
		return nil, nil, nil, nil, NewError(ECONFLICT, "err.offer.closed", "This offer is no longer open.")
	}
	if err != nil {
		return nil, nil, nil, nil, err
	}
	coach, err := tx.Coach(sess.CoachID)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return b, o, sess, coach, nil
}

// AcceptOffer takes an offered seat: the pass is charged now and the seat
// confirmed, or, for a paid session without a pass, the usual payment hold
// starts. When the client no longer holds a valid pass for a pass-only
// session, the seat goes to the next in line and the returned booking is
// cancelled. Errors: ENOTFOUND, EUNAUTHORIZED (another client's booking),
// ECONFLICT (the offer expired or was answered).
func (s *Bookings) AcceptOffer(ctx context.Context, clientID, bookingID int64) (*Booking, error) {
	var b *Booking
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		var o *Offer
		var sess *Session
		var coach *Coach
		var err error
		if b, o, sess, coach, err = openOffer(tx, now, clientID, bookingID); err != nil {
			return err
		}
		o.Status, o.Decided = OfferAccepted, now
		if err := tx.UpdateOffer(o); err != nil {
			return err
		}
		var pass *Pass
		if sess.CreditCost > 0 {
			if pass, err = bestPass(tx, now, b.ClientID, sess); err != nil {
				return err
			}
		}
		actor := ClientActor(clientID)
		switch {
		case pass == nil && sess.Price.IsZero() && sess.CreditCost > 0:
			b.HoldUntil = time.Time{}
			if err := setStatus(tx, b, BookingCancelled, actor, "no valid pass when a seat opened", now); err != nil {
				return err
			}
			if err := notifyClient(tx, now, NoticePromotionSkipped, b, nil); err != nil {
				return err
			}
			return promote(tx, now, coach, sess)
		case pass == nil && !sess.Price.IsZero():
			if err := holdForPayment(tx, now, coach, sess, b, actor); err != nil {
				return err
			}
		default:
			if _, err := seat(tx, now, coach, sess, b, pass, actor, true); err != nil {
				return err
			}
		}
		return notifyCoach(tx, now, NoticeCoachPromoted, coach.ID, b, map[string]string{"status": string(b.Status), "offer": "accepted"})
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// holdForPayment turns an accepted offer of a paid session into what an
// unpaid booking does by the coach's rule: confirmed with the amount due
// at the session, or the usual hold, a pending payment and the coach's
// hold time to pay it. A held booking is already pending, so this writes
// the payment and an audit line rather than a status change.
func holdForPayment(tx Tx, now time.Time, coach *Coach, sess *Session, b *Booking, actor Actor) error {
	p := &Payment{ClientID: b.ClientID, CoachID: sess.CoachID, BookingID: b.ID, Purpose: PurposeBooking, Amount: sess.Price,
		Method: MethodManual, Status: PaymentPending, Created: now, Updated: now}
	if err := tx.CreatePayment(p); err != nil {
		return err
	}
	b.PaymentID = p.ID
	mode, err := sessionUnpaidMode(tx, coach, sess, actor)
	if err != nil {
		return err
	}
	if mode == UnpaidAtSession {
		return confirmDue(tx, now, coach, sess, b, p, actor, NoticePromoted)
	}
	b.HoldUntil = now.Add(coach.Policy.UnpaidHold)
	if b.HoldUntil.After(sess.Start) {
		b.HoldUntil = sess.Start
	}
	b.Updated = now
	if err := tx.UpdateBooking(b); err != nil {
		return err
	}
	if err := tx.AddAudit(&AuditEntry{BookingID: b.ID, From: b.Status, To: b.Status, Actor: actor, Reason: "offer accepted", At: now}); err != nil {
		return err
	}
	return notifyClient(tx, now, NoticePromotedPay, b, map[string]string{
		"payment_id": itoa(p.ID), "hold_until": b.HoldUntil.Format(time.RFC3339)})
}

// PassOffer declines an offered seat: the client leaves the waitlist and
// the seat is offered to the next in line. Errors: ENOTFOUND,
// EUNAUTHORIZED, ECONFLICT (the offer expired or was answered).
func (s *Bookings) PassOffer(ctx context.Context, clientID, bookingID int64) error {
	return s.update(ctx, func(tx Tx, now time.Time) error {
		b, o, sess, coach, err := openOffer(tx, now, clientID, bookingID)
		if err != nil {
			return err
		}
		o.Status, o.Decided = OfferPassed, now
		if err := tx.UpdateOffer(o); err != nil {
			return err
		}
		b.HoldUntil = time.Time{}
		if err := setStatus(tx, b, BookingCancelled, ClientActor(clientID), "passed on the offered seat", now); err != nil {
			return err
		}
		return promote(tx, now, coach, sess)
	})
}

// ExpireOffers closes the offers nobody answered in time: the seat goes to
// the next in line and the silent client is told. Offers whose booking
// ended some other way are closed quietly. It returns how many expired.
func (s *Bookings) ExpireOffers(ctx context.Context) (int, error) {
	n := 0
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		due, err := tx.DueOffers(now)
		if err != nil {
			return err
		}
		for _, o := range due {
			sess, err := tx.LockSession(o.SessionID)
			if err != nil {
				return err
			}
			// Another replica may have closed it while we waited for the lock.
			if o, err = tx.OpenOffer(o.BookingID); ErrorCode(err) == ENOTFOUND {
				continue
			} else if err != nil {
				return err
			}
			b, err := tx.Booking(o.BookingID)
			if err != nil {
				return err
			}
			o.Decided = now
			if b.Status != BookingPendingPayment || b.PaymentID != 0 {
				o.Status = OfferWithdrawn
				if err := tx.UpdateOffer(o); err != nil {
					return err
				}
				continue
			}
			o.Status = OfferExpired
			if err := tx.UpdateOffer(o); err != nil {
				return err
			}
			b.HoldUntil = time.Time{}
			if err := setStatus(tx, b, BookingCancelled, ActorSystem, "offer expired", now); err != nil {
				return err
			}
			if err := notifyClient(tx, now, NoticeOfferExpired, b, map[string]string{"until": o.Until.Format(time.RFC3339)}); err != nil {
				return err
			}
			coach, err := tx.Coach(sess.CoachID)
			if err != nil {
				return err
			}
			if err := promote(tx, now, coach, sess); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
