package core

import (
	"fmt"
	"time"
)

// Busy times of a coach's own calendars meet the coach's Slotbot sessions
// in two places: a new busy time that overlaps a session people already
// booked is told to the coach (who moves or cancels it; nothing changes
// on its own), and a group session the coach plans over a busy time is
// refused unless the coach says to schedule it anyway.

// noticeClashes tells the coach of every scheduled session with live
// bookings that one of the busy times (new in cal) overlaps, one notice
// per session and busy time, however often the calendar is read. It
// returns how many notices were written.
func noticeClashes(tx Tx, now time.Time, coach *Coach, cal *CoachCalendar, busy []Interval) (int, error) {
	if coach.ClientID == 0 || len(busy) == 0 {
		return 0, nil // no chat to tell, or nothing new
	}
	last := now
	for _, b := range busy {
		if b.End.After(last) {
			last = b.End
		}
	}
	if !last.After(now) {
		return 0, nil // every new busy time is past
	}
	ss, err := tx.Sessions(SessionFilter{CoachID: coach.ID, Status: SessionScheduled, From: now, To: last})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range ss {
		i := firstOverlap(busy, s.Start, s.End)
		if i < 0 {
			continue
		}
		bs, err := tx.Bookings(BookingFilter{SessionID: s.ID, Statuses: ActiveStatuses})
		if err != nil {
			return n, err
		}
		if len(bs) == 0 {
			continue // nobody to disappoint: the open slots already leave it out
		}
		b := busy[i]
		note := &Notice{Kind: NoticeCoachCalendarClash, ToKind: ToCoach, ToID: coach.ID, SessionID: s.ID,
			Data: map[string]string{"calendar_id": itoa(cal.ID), "name": cal.Name,
				"busy_start": b.Start.UTC().Format(time.RFC3339), "busy_end": b.End.UTC().Format(time.RFC3339),
				"booked": fmt.Sprint(len(bs))},
			Due: now, Status: NoticePending, Created: now}
		if s.Capacity == 1 {
			note.BookingID = bs[0].ID
			note.Data["client_id"] = itoa(bs[0].ClientID)
		}
		key := fmt.Sprintf("calclash:%d:%d:%d:%d", cal.ID, s.ID, b.Start.Unix(), b.End.Unix())
		ok, err := tx.AddNoticeOnce(note, key)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// firstOverlap is the index of the first of busy overlapping [s, e), or
// -1.
func firstOverlap(busy []Interval, s, e time.Time) int {
	for i, b := range busy {
		if b.Start.Before(e) && b.End.After(s) {
			return i
		}
	}
	return -1
}

// PlanClash is one planned session that a busy time of the coach's
// calendars overlaps (with the coach's buffers).
type PlanClash struct {
	Start time.Time // the planned session's, UTC
	Busy  Interval  // the busy time it meets
}

// BusyClashError is the ECONFLICT of planning sessions over busy times of
// the coach's own calendars, with every clash, so the coach can pick
// another time or schedule anyway (ScheduleRequest.IgnoreCalendars).
type BusyClashError struct {
	Err     *Error
	Clashes []PlanClash
}

// Error makes *BusyClashError an error, worded like its *Error.
func (e *BusyClashError) Error() string { return e.Err.Error() }

// Unwrap lets errors.As find the *Error with the code and message.
func (e *BusyClashError) Unwrap() error { return e.Err }

// checkPlanned refuses planned sessions that a busy time of the coach's
// calendars overlaps, each padded by the coach's buffers as a 1:1 slot
// would be.
func checkPlanned(tx Tx, coach *Coach, planned []*Session) error {
	if len(planned) == 0 {
		return nil
	}
	a, err := availabilityOf(tx, coach)
	if err != nil {
		return err
	}
	lo, hi := planned[0].Start, planned[0].End
	for _, s := range planned {
		lo, hi = minTime(lo, s.Start), maxTime(hi, s.End)
	}
	busy, err := tx.CalendarBusyBetween(coach.ID, lo.Add(-a.BufferBefore), hi.Add(a.BufferAfter))
	if err != nil || len(busy) == 0 {
		return err
	}
	var clashes []PlanClash
	for _, s := range planned {
		if i := firstOverlap(busy, s.Start.Add(-a.BufferBefore), s.End.Add(a.BufferAfter)); i >= 0 {
			clashes = append(clashes, PlanClash{Start: s.Start, Busy: busy[i]})
		}
	}
	if len(clashes) == 0 {
		return nil
	}
	return &BusyClashError{Err: NewError(ECONFLICT, "err.calendar.plan_clash", "{Count} of these sessions meet busy times in your calendars.", "Count", len(clashes)),
		Clashes: clashes}
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
