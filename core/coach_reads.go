package core

import (
	"context"
	"time"
)

// The Coaching area's reads of one session or booking as its coach sees
// them, checked to be the coach's own.

// CoachBooking reads a booking in one of a coach's sessions. Errors:
// ENOTFOUND, EUNAUTHORIZED (another coach's session).
func (s *Coaching) CoachBooking(ctx context.Context, coachID, bookingID int64) (*Booking, error) {
	var b *Booking
	err := s.browse(ctx, func(tx Tx, now time.Time) (err error) {
		if b, err = tx.Booking(bookingID); err != nil {
			return err
		}
		sess, err := tx.Session(b.SessionID)
		if err != nil {
			return err
		}
		if sess.CoachID != coachID {
			return NewError(EUNAUTHORIZED, "err.attendance.other_coach", "That booking is for another coach's session.")
		}
		return nil
	})
	return b, err
}

// CoachSession reads one of a coach's sessions. Errors: ENOTFOUND,
// EUNAUTHORIZED (another coach's).
func (s *Coaching) CoachSession(ctx context.Context, coachID, sessionID int64) (*Session, error) {
	var sess *Session
	err := s.browse(ctx, func(tx Tx, now time.Time) (err error) {
		if sess, err = tx.Session(sessionID); err != nil {
			return err
		}
		if sess.CoachID != coachID {
			return NewError(EUNAUTHORIZED, "err.session.other_coach", "That session belongs to another coach.")
		}
		return nil
	})
	return sess, err
}

// CoachSessionsAhead lists a coach's scheduled sessions from now to
// until from now (at most limit), with their types' names by type id,
// for a command's suggestions.
func (s *Coaching) CoachSessionsAhead(ctx context.Context, coachID int64, until time.Duration, limit int) ([]*Session, map[int64]string, error) {
	var ss []*Session
	names := map[int64]string{}
	err := s.browse(ctx, func(tx Tx, now time.Time) (err error) {
		ss, err = tx.Sessions(SessionFilter{CoachID: coachID, From: now, To: now.Add(until), Status: SessionScheduled, Limit: limit})
		if err != nil {
			return err
		}
		for _, sess := range ss {
			if _, ok := names[sess.TypeID]; !ok {
				t, err := tx.SessionType(sess.TypeID)
				if err != nil {
					return err
				}
				names[sess.TypeID] = t.Name
			}
		}
		return nil
	})
	return ss, names, err
}
