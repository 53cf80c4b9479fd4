package core

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Disruptions: the coach is ill for a day, must move a session, or runs
// late. Each is one transaction that changes the calendar and writes the
// notices that explain it — one per client, never one per session.

// DayCancel is what cancelling a day did.
type DayCancel struct {
	Sessions []*Session // cancelled, by start
	Clients  int        // people told (one notice each)
	Started  int        // sessions of the day already started, left alone
}

// dayItem is one booking a day's cancellation ended, for its client's
// single notice.
type dayItem struct {
	first   *Booking
	lines   []string
	credits int
	refunds []string
}

// CancelDay cancels every scheduled session a coach has on day
// (YYYY-MM-DD in the coach's zone) that has not started: bookings end at
// no cost to the client (credits back, unpaid holds dropped, payments
// marked for refund), and each client is told once with everything they
// lost that day. Errors: EINVALID (bad date), ENOTFOUND (no coach, or no
// session left that day).
func (s *Admin) CancelDay(ctx context.Context, coachID int64, day, reason string) (*DayCancel, error) {
	reason = cleanReason(reason)
	var out *DayCancel
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		coach, err := tx.Coach(coachID)
		if err != nil {
			return err
		}
		loc, err := LoadZone(coach.Zone)
		if err != nil {
			return err
		}
		d, err := time.ParseInLocation(time.DateOnly, day, loc)
		if err != nil {
			return NewError(EINVALID, "err.disrupt.day_format", "Give the day as YYYY-MM-DD.")
		}
		end := time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc)
		ss, err := tx.Sessions(SessionFilter{CoachID: coachID, From: DBTime(d), To: DBTime(end), Status: SessionScheduled})
		if err != nil {
			return err
		}
		out = &DayCancel{}
		byClient := map[int64]*dayItem{}
		var order []int64
		for _, listed := range ss {
			if !now.Before(listed.Start) {
				out.Started++
				continue
			}
			sess, err := tx.LockSession(listed.ID)
			if err != nil {
				return err
			}
			t, err := tx.SessionType(sess.TypeID)
			if err != nil {
				return err
			}
			sess.Status = SessionCancelled
			if err := tx.UpdateSession(sess); err != nil {
				return err
			}
			if err := seatsChanged(tx, now, sess); err != nil {
				return err
			}
			out.Sessions = append(out.Sessions, sess)
			bs, err := tx.Bookings(BookingFilter{SessionID: sess.ID, Statuses: ActiveStatuses})
			if err != nil {
				return err
			}
			for _, b := range bs {
				var pay *Payment
				if b.PaymentID != 0 {
					if pay, err = tx.Payment(b.PaymentID); err != nil {
						return err
					}
				}
				o := CancelConsequence(coach.Policy, now, sess, b, pay, true)
				if err := applyCancel(tx, now, coach, sess, b, pay, o, CoachActor(coachID), reason); err != nil {
					return err
				}
				it := byClient[b.ClientID]
				if it == nil {
					it = &dayItem{first: b}
					byClient[b.ClientID] = it
					order = append(order, b.ClientID)
				}
				it.lines = append(it.lines, sess.Start.Format(time.RFC3339)+"\t"+itoa(t.ID)+"\t"+oneLine(t.Name))
				it.credits += o.CreditsReturned
				if o.Refund.Amount > 0 {
					it.refunds = append(it.refunds, o.Refund.String())
				}
			}
		}
		if len(out.Sessions) == 0 {
			return NewError(ENOTFOUND, "err.disrupt.day_empty", "You have no session left to cancel that day.")
		}
		for _, id := range order {
			it := byClient[id]
			data := map[string]string{"day": day, "reason": reason, "items": strings.Join(it.lines, "\n")}
			if it.credits > 0 {
				data["credits_returned"] = strconv.Itoa(it.credits)
			}
			if len(it.refunds) > 0 {
				data["refunds"] = strings.Join(it.refunds, ";")
			}
			if err := notifyClient(tx, now, NoticeDayCancelled, it.first, data); err != nil {
				return err
			}
		}
		out.Clients = len(order)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// oneLine keeps a name on one line of a notice's data.
func oneLine(s string) string {
	return strings.NewReplacer("\n", " ", "\t", " ").Replace(s)
}

// MoveSession moves a coach's session to start (keeping its length and
// the gap to its booking deadline); a coach may always reschedule. Every
// client holding or awaiting a place is told once and may cancel it free
// of charge until the new start (FreeCancel), whatever the late rule.
// It returns the moved session and how many clients were told. Errors:
// ENOTFOUND, EUNAUTHORIZED (another coach's session), EINVALID (a start
// in the past, the same time), ECONFLICT (not scheduled).
func (s *Admin) MoveSession(ctx context.Context, coachID, sessionID int64, start time.Time) (*Session, int, error) {
	var sess *Session
	told := 0
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		var err error
		if sess, err = lockCoachSession(tx, coachID, sessionID); err != nil {
			return err
		}
		if sess.Status != SessionScheduled {
			return NewError(ECONFLICT, "err.session.move_status", "This session is already {Status}; it can no longer be moved.", "Status", sess.Status)
		}
		if DBTime(start).Equal(sess.Start) {
			return NewError(EINVALID, "err.session.same_time", "The session already starts at that time.")
		}
		coach, err := tx.Coach(coachID)
		if err != nil {
			return err
		}
		from := sess.Start
		if _, err := applyEdit(sess, SessionEdit{Start: &start}, now); err != nil {
			return err
		}
		bs, err := saveSession(tx, now, sess)
		if err != nil {
			return err
		}
		told = len(bs)
		for _, b := range bs {
			if err := moveBooking(tx, now, coach, sess, b); err != nil {
				return err
			}
			if err := tx.PutFreeCancel(&FreeCancel{BookingID: b.ID, Until: sess.Start, Created: now}); err != nil {
				return err
			}
			if err := notifyClient(tx, now, NoticeSessionMoved, b, map[string]string{"from_start": from.Format(time.RFC3339)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return sess, told, nil
}

// FreeCancelUntil tells whether a client's booking may be cancelled free
// of charge because its coach moved it, and until when. Errors:
// ENOTFOUND, EUNAUTHORIZED (someone else's booking).
func (s *Admin) FreeCancelUntil(ctx context.Context, clientID, bookingID int64) (time.Time, bool, error) {
	var until time.Time
	ok := false
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		b, err := tx.Booking(bookingID)
		if err != nil {
			return err
		}
		if b.ClientID != clientID {
			return NewError(EUNAUTHORIZED, "err.booking.not_yours", "That booking is not yours.")
		}
		f, err := tx.FreeCancel(bookingID)
		if ErrorCode(err) == ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		until, ok = f.Until, b.Status.Active() && now.Before(f.Until)
		return nil
	})
	return until, ok, err
}

// CancelFree cancels a booking whose session the coach moved, at no cost
// (credits back, payment marked for refund) whatever the late rule: the
// client could not make the coach's new time. Errors: ENOTFOUND,
// EUNAUTHORIZED, EINVALID (no free cancellation, or it has lapsed),
// ECONFLICT (already cancelled or started).
func (s *Admin) CancelFree(ctx context.Context, clientID, bookingID int64, reason string) (*Booking, *CancelOutcome, error) {
	var b *Booking
	var out CancelOutcome
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		var err error
		if b, err = tx.Booking(bookingID); err != nil {
			return err
		}
		if _, err = tx.LockSession(b.SessionID); err != nil {
			return err
		}
		var sess *Session
		var coach *Coach
		var pay *Payment
		if b, sess, coach, pay, err = cancellable(tx, now, clientID, bookingID); err != nil {
			return err
		}
		switch free, err := freeCancelRight(tx, now, bookingID); {
		case err != nil:
			return err
		case !free:
			return NewError(EINVALID, "err.booking.free_cancel_over", "This booking can no longer be cancelled free of charge.")
		}
		out = CancelConsequence(coach.Policy, now, sess, b, pay, true)
		return clientCancel(tx, now, coach, sess, b, pay, out, clientID, reason)
	})
	if err != nil {
		return nil, nil, err
	}
	return b, &out, nil
}

// freeCancelRight reports whether a booking may be cancelled at no cost
// now because its coach moved its session. Cancel and CancelScreen can
// pass it as CancelConsequence's byCoach, so the ordinary Cancel button
// honours the right too.
func freeCancelRight(tx Tx, now time.Time, bookingID int64) (bool, error) {
	f, err := tx.FreeCancel(bookingID)
	if ErrorCode(err) == ENOTFOUND {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return now.Before(f.Until), nil
}

// RunningLate tells the clients of the coach's next session today (the
// first one in the coach's zone that has not ended) that it starts
// minutes late. It returns the session and how many clients were told.
// Errors: EINVALID (minutes out of 1..240), ENOTFOUND (no session left
// today).
func (s *Admin) RunningLate(ctx context.Context, coachID int64, minutes int) (*Session, int, error) {
	if minutes < 1 || minutes > 240 {
		return nil, 0, NewError(EINVALID, "err.disrupt.late_range", "Say how late you are in minutes, from 1 to 240.")
	}
	var sess *Session
	told := 0
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		coach, err := tx.Coach(coachID)
		if err != nil {
			return err
		}
		loc, err := LoadZone(coach.Zone)
		if err != nil {
			return err
		}
		local := now.In(loc)
		dayStart := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
		ss, err := tx.Sessions(SessionFilter{CoachID: coachID, From: DBTime(dayStart), To: DBTime(dayStart.AddDate(0, 0, 1)),
			Status: SessionScheduled})
		if err != nil {
			return err
		}
		i := slices.IndexFunc(ss, func(x *Session) bool { return now.Before(x.End) })
		if i < 0 {
			return NewError(ENOTFOUND, "err.disrupt.today_empty", "You have no session left today.")
		}
		sess = ss[i]
		bs, err := tx.Bookings(BookingFilter{SessionID: sess.ID, Statuses: []BookingStatus{BookingConfirmed, BookingPendingPayment}})
		if err != nil {
			return err
		}
		told = len(bs)
		for _, b := range bs {
			if err := notifyClient(tx, now, NoticeRunningLate, b, map[string]string{"minutes": strconv.Itoa(minutes)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return sess, told, nil
}
