package core

import (
	"context"
	"strings"
	"time"
)

// SessionEdit is a coach's change to one session, as the session's edit
// screen makes it; nil fields stay as they are.
type SessionEdit struct {
	Start  *time.Time     // moves the session (and its end, deadline and reminders)
	Place  *string        // address of an in-person session
	Link   *string        // video link of an online session
	Notes  *string        // notes shown to attendees
	Price  *Money         // applies to bookings made from now on
	Status *SessionStatus // completed (once started) or cancelled
	// Capacity changes a group session's seats: never below the seats
	// booked, never below two; more seats go to the waitlist at once.
	Capacity *int
}

// EditSession saves a coach's change to a session. With notify ("Save and
// notify") each client holding or awaiting a place gets one
// NoticeSessionUpdated; without it ("Save") nobody hears of it, though
// moved reminders follow the new time either way. Cancelling through an
// edit is CancelSession: clients are always told, credits come back and
// payments are marked for refund. Completing marks attended bookings
// completed, as the end-of-session job would. Seats added are given to
// the waitlist as a freed seat is (promote). Errors: ENOTFOUND,
// EUNAUTHORIZED (another coach's session), EINVALID (a start in the past,
// completing before the start, reopening, fewer seats than booked, seats
// of a 1:1), ECONFLICT (editing a completed or cancelled session).
func (s *Catalog) EditSession(ctx context.Context, coachID, sessionID int64, edit SessionEdit, notify bool) (*Session, error) {
	var sess *Session
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		var err error
		if sess, err = lockCoachSession(tx, coachID, sessionID); err != nil {
			return err
		}
		if edit.Status != nil && *edit.Status != sess.Status {
			return editStatus(tx, now, sess, *edit.Status)
		}
		if sess.Status != SessionScheduled {
			return NewError(ECONFLICT, "err.session.edit_status", "This session is already {Status}; it can no longer be edited.", "Status", sess.Status)
		}
		coach, err := tx.Coach(coachID)
		if err != nil {
			return err
		}
		from, seats := sess.Start, sess.Capacity
		changes, err := applyEdit(sess, edit, now)
		if err != nil {
			return err
		}
		if edit.Capacity != nil && *edit.Capacity != seats {
			if err := resize(tx, sess, *edit.Capacity); err != nil {
				return err
			}
			changes = append(changes, "seats")
		}
		if len(changes) == 0 {
			return nil
		}
		bs, err := saveSession(tx, now, sess)
		if err != nil {
			return err
		}
		if sess.Capacity > seats {
			if err := fillFromWaitlist(tx, now, coach, sess); err != nil {
				return err
			}
			if bs, err = tx.Bookings(BookingFilter{SessionID: sess.ID, Statuses: ActiveStatuses}); err != nil {
				return err
			}
		}
		data := map[string]string{"changes": strings.Join(changes, ",")}
		if !from.Equal(sess.Start) {
			data["from_start"] = from.Format(time.RFC3339)
		}
		for _, b := range bs {
			if !from.Equal(sess.Start) {
				if err := moveBooking(tx, now, coach, sess, b); err != nil {
					return err
				}
			}
			if notify {
				if err := notifyClient(tx, now, NoticeSessionUpdated, b, data); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sess, nil
}

// applyEdit changes sess as edit asks and names the fields that changed.
func applyEdit(sess *Session, edit SessionEdit, now time.Time) ([]string, error) {
	var changes []string
	if edit.Start != nil && !DBTime(*edit.Start).Equal(sess.Start) {
		start := DBTime(*edit.Start)
		if !start.After(now) {
			return nil, NewError(EINVALID, "err.session.start_past", "A session must start in the future.")
		}
		shift := start.Sub(sess.Start)
		sess.Start, sess.End = start, sess.End.Add(shift)
		if !sess.Deadline.IsZero() {
			sess.Deadline = sess.Deadline.Add(shift)
		}
		changes = append(changes, "time")
	}
	for _, f := range []struct {
		name string
		to   *string
		at   *string
	}{{"place", edit.Place, &sess.Place}, {"link", edit.Link, &sess.Link}, {"notes", edit.Notes, &sess.Notes}} {
		if f.to != nil && strings.TrimSpace(*f.to) != *f.at {
			*f.at = strings.TrimSpace(*f.to)
			changes = append(changes, f.name)
		}
	}
	if edit.Price != nil && *edit.Price != sess.Price {
		sess.Price = *edit.Price
		changes = append(changes, "price")
	}
	return changes, nil
}

// resize sets a locked group session's seats after checking that the
// bookings holding one still fit. Errors: EINVALID.
func resize(tx Tx, sess *Session, seats int) error {
	switch {
	case sess.Capacity < 2:
		return NewError(EINVALID, "err.session.seats_one_to_one", "A 1:1 session keeps its one seat.")
	case seats < 2:
		return NewError(EINVALID, "err.session.seats_min", "A group session needs at least 2 seats.")
	}
	taken, _, err := tx.Seats(sess.ID, 0)
	if err != nil {
		return err
	}
	if seats < taken {
		return NewError(EINVALID, "err.session.seats_booked", "{Count} seats are booked: keep at least {Count}.", "Count", taken)
	}
	sess.Capacity = seats
	return nil
}

// lockCoachSession locks a session and checks it is the coach's: the
// guard EditSession and MoveSession start with. Errors: ENOTFOUND,
// EUNAUTHORIZED.
func lockCoachSession(tx Tx, coachID, sessionID int64) (*Session, error) {
	sess, err := tx.LockSession(sessionID)
	if err != nil {
		return nil, err
	}
	if sess.CoachID != coachID {
		return nil, NewError(EUNAUTHORIZED, "err.session.other_coach", "That session belongs to another coach.")
	}
	return sess, nil
}

// saveSession validates and stores an edited session, lets its seat
// count change take effect, and returns the bookings holding or awaiting a
// place: the save step shared by EditSession and MoveSession.
func saveSession(tx Tx, now time.Time, sess *Session) ([]*Booking, error) {
	if err := sess.Validate(); err != nil {
		return nil, err
	}
	if err := tx.UpdateSession(sess); err != nil {
		return nil, err
	}
	if err := seatsChanged(tx, now, sess); err != nil {
		return nil, err
	}
	return tx.Bookings(BookingFilter{SessionID: sess.ID, Statuses: ActiveStatuses})
}

// moveBooking re-plans a booking's reminders for its session's new time
// and keeps an unpaid hold from outlasting the start.
func moveBooking(tx Tx, now time.Time, coach *Coach, sess *Session, b *Booking) error {
	if !b.HoldUntil.IsZero() && b.HoldUntil.After(sess.Start) {
		b.HoldUntil, b.Updated = sess.Start, now
		if err := tx.UpdateBooking(b); err != nil {
			return err
		}
	}
	if err := withdrawReminders(tx, b); err != nil {
		return err
	}
	if b.Status != BookingConfirmed {
		return nil
	}
	return scheduleReminders(tx, now, coach.Policy, sess, b)
}

// editStatus carries out a status change from the edit screen.
func editStatus(tx Tx, now time.Time, sess *Session, to SessionStatus) error {
	switch {
	case sess.Status != SessionScheduled:
		return NewError(EINVALID, "err.session.final_status", "A {Status} session cannot be reopened or changed.", "Status", sess.Status)
	case to == SessionCancelled:
		_, err := cancelSession(tx, now, sess.CoachID, sess.ID, "")
		return err
	case to != SessionCompleted:
		return NewError(EINVALID, "err.session.unknown_status", "Unknown session status \"{Status}\".", "Status", to)
	case now.Before(sess.Start):
		return NewError(EINVALID, "err.session.complete_early", "A session can be marked completed once it has started.")
	}
	return completeSession(tx, now, sess, CoachActor(sess.CoachID))
}
