package core

import "time"

// releaseSlot cancels a 1:1 that a client's slot booking created once its
// booking has ended before the session (cancelled, hold released, moved
// away), so the time is open again for everyone. Sessions a coach put on
// the calendar stay.
func releaseSlot(tx Tx, now time.Time, sess *Session) error {
	if !sess.FromSlot || sess.Status != SessionScheduled || !now.Before(sess.Start) {
		return nil
	}
	live, err := tx.CountBookings(sess.ID, ActiveStatuses)
	if err != nil || live > 0 {
		return err
	}
	sess.Status = SessionCancelled
	return tx.UpdateSession(sess)
}
