package core

import (
	"context"
	"time"
)

// BookSlotRequest asks for a 1:1 session at one of a coach's open slots,
// so a client books a time rather than an existing session.
type BookSlotRequest struct {
	ClientID int64
	CoachID  int64
	TypeID   int64
	Start    time.Time // one of OpenSlots' times, in any zone
	Mode     Mode      // "" : the type's default
	PassID   int64     // pay with this pass; 0: the best valid pass, if any
	Pay      bool      // pay money even when a pass could be used
	// Conversation, when set, is stored with the booking, in its
	// transaction, as PutConversation stores it (ECONFLICT, IsStepTaken,
	// when its step was taken): a chat's flow ends with what it booked,
	// and a second tap of the same Confirm books nothing.
	Conversation *Conversation
}

// BookSlot creates the 1:1 session at req.Start and books the client into
// it, in one transaction: booking slots of one coach is decided one client
// at a time, and the slot is checked again under that lock. The seat is
// paid as in Book (pass, payment hold or free). Errors: ENOTFOUND (no such
// client, coach or type), EINVALID (a type of another coach, retired, for
// groups, or not offered in that mode; an unusable pass), EUNAUTHORIZED
// (someone else's pass), ECONFLICT (the time is not open: a
// *SlotTakenError with alternatives; or req.Conversation's step taken).
func (s *Slots) BookSlot(ctx context.Context, req BookSlotRequest) (*BookResult, error) {
	var res *BookResult
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		if req.Conversation != nil {
			if err := tx.PutConversation(req.Conversation); err != nil {
				return err
			}
		}
		// The client is checked when the new session is booked (book): an
		// unknown one rolls the whole transaction back.
		cal, err := s.readCalendar(tx, req.CoachID, req.TypeID, true)
		if err != nil {
			return err
		}
		if err := modeOffered(cal.typ, req.Mode); err != nil {
			return err
		}
		start := DBTime(req.Start)
		if err := cal.claim(tx, now, cal.typ.Duration, start, 0); err != nil {
			return err
		}
		res, err = bookAt(tx, now, cal.typ, req, start)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// RecurringPlan says which of weeks weekly occurrences of first (same
// weekday and wall time in the coach's zone) are open, so the client sees
// the free weeks before confirming. Errors: those of OpenSlots, and
// EINVALID for weeks outside 1..52.
func (s *Slots) RecurringPlan(ctx context.Context, coachID, typeID int64, first time.Time, weeks int) ([]RecurringWeek, error) {
	var plan []RecurringWeek
	err := s.browse(ctx, func(tx Tx, now time.Time) error {
		cal, err := s.readCalendar(tx, coachID, typeID, false)
		if err != nil {
			return err
		}
		plan, err = cal.recurring(tx, now, DBTime(first), weeks)
		return err
	})
	return plan, err
}

// BookRecurring books, in one transaction, every open week of a recurring
// 1:1 (see RecurringPlan), each as its own session and booking so each can
// later be moved or cancelled alone. Weeks that are not open are skipped;
// the plan returned says which. Errors: those of BookSlot and
// RecurringPlan, and ECONFLICT when no week is open (the plan is still
// returned).
func (s *Slots) BookRecurring(ctx context.Context, req BookSlotRequest, weeks int) ([]*BookResult, []RecurringWeek, error) {
	var results []*BookResult
	var plan []RecurringWeek
	err := s.update(ctx, func(tx Tx, now time.Time) error {
		results = nil
		if _, err := tx.Client(req.ClientID); err != nil {
			return err
		}
		cal, err := s.readCalendar(tx, req.CoachID, req.TypeID, true)
		if err != nil {
			return err
		}
		if err := modeOffered(cal.typ, req.Mode); err != nil {
			return err
		}
		if plan, err = cal.recurring(tx, now, DBTime(req.Start), weeks); err != nil {
			return err
		}
		// Occurrences are a week apart and sessions last at most a day, so
		// booking one week cannot take another's time.
		for _, w := range plan {
			if !w.Open {
				continue
			}
			res, err := bookAt(tx, now, cal.typ, req, w.Start)
			if err != nil {
				return err
			}
			results = append(results, res)
		}
		if len(results) == 0 {
			return NewError(ECONFLICT, "err.slots.weeks_taken", "None of those weeks is free at that time.")
		}
		return nil
	})
	if err != nil {
		return nil, plan, err
	}
	return results, plan, nil
}

// recurring checks weeks occurrences of first against the rules and the
// coach's sessions.
func (c *calendar) recurring(tx Tx, now, first time.Time, weeks int) ([]RecurringWeek, error) {
	if weeks < 1 || weeks > maxRecurringWeeks {
		return nil, NewError(EINVALID, "err.slots.weeks_range", "A recurring booking runs for 1 to {Max} weeks.", "Max", maxRecurringWeeks)
	}
	last := first.AddDate(0, 0, 7*(weeks-1))
	busy, err := busyTimes(tx, c.coach.ID, c.rules, first.Add(-24*time.Hour), last.Add(24*time.Hour), 0)
	if err != nil {
		return nil, err
	}
	return CheckRecurring(c.rules, c.typ.Duration, busy, now, first, weeks)
}

// bookAt creates the 1:1 session of t at start and books req's client
// into it with Book's rules; the caller has claimed the time.
func bookAt(tx Tx, now time.Time, t *SessionType, req BookSlotRequest, start time.Time) (*BookResult, error) {
	sess := newSession(t, ScheduleRequest{CoachID: t.CoachID, TypeID: t.ID, Start: start, Capacity: 1, Mode: req.Mode}, now)
	sess.FromSlot = true
	if err := sess.Validate(); err != nil {
		return nil, err
	}
	if err := tx.CreateSession(sess); err != nil {
		return nil, err
	}
	return book(tx, now, BookRequest{ClientID: req.ClientID, SessionID: sess.ID, PassID: req.PassID, Pay: req.Pay})
}

// modeOffered refuses a mode the type is not offered in ("" is the
// type's default).
func modeOffered(t *SessionType, m Mode) error {
	switch {
	case m == "":
		return nil
	case m == ModeOnline && !t.Online:
		return NewError(EINVALID, "err.type.not_online", "“{Type}” is not offered online.", "Type", t.Name)
	case m == ModeInPerson && !t.InPerson:
		return NewError(EINVALID, "err.type.not_in_person", "“{Type}” is not offered in person.", "Type", t.Name)
	case m != ModeOnline && m != ModeInPerson:
		return NewError(EINVALID, "err.session.mode", "A session is online or in person.")
	}
	return nil
}
