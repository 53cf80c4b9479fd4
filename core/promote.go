package core

import (
	"time"
)

// promote fills free seats of a locked session from its waitlist, first
// come first served. The pass is charged only now; with no valid pass the
// seat becomes a payment hold, and for a pass-only session the client is
// skipped and told. Called in the transaction that freed the seat.
func promote(tx Tx, now time.Time, coach *Coach, sess *Session) error {
	if sess.Status != SessionScheduled || !now.Before(sess.Start) {
		return nil
	}
	if err := seatsChanged(tx, now, sess); err != nil {
		return err
	}
	return fillFromWaitlist(tx, now, coach, sess)
}

// fillFromWaitlist is promote once the session's channel posts are
// already being redrawn: seats added by the coach's edit are filled so.
func fillFromWaitlist(tx Tx, now time.Time, coach *Coach, sess *Session) error {
	if sess.Status != SessionScheduled || !now.Before(sess.Start) {
		return nil
	}
	for {
		first, taken, err := tx.FirstInLine(sess.ID)
		if err != nil || first == nil || taken >= sess.Capacity {
			return err
		}
		next := promoteOne
		if IsLate(coach.Policy, now, sess.Start) {
			next = offerSeat // inside the late window the first in line is asked first (offer.go)
		}
		if err := next(tx, now, coach, sess, first); err != nil {
			return err
		}
	}
}

// promoteOne gives the first in line the freed seat, or skips them.
func promoteOne(tx Tx, now time.Time, coach *Coach, sess *Session, b *Booking) error {
	var pass *Pass
	var err error
	if sess.CreditCost > 0 {
		if pass, err = bestPass(tx, now, b.ClientID, sess); err != nil {
			return err
		}
	}
	if pass == nil && sess.Price.IsZero() && sess.CreditCost > 0 {
		if err := setStatus(tx, b, BookingCancelled, ActorSystem, "no valid pass when a seat opened", now); err != nil {
			return err
		}
		return notifyClient(tx, now, NoticePromotionSkipped, b, nil)
	}
	if _, err := seat(tx, now, coach, sess, b, pass, ActorSystem, true); err != nil {
		return err
	}
	return notifyCoach(tx, now, NoticeCoachPromoted, coach.ID, b, map[string]string{"status": string(b.Status)})
}
