package core

import (
	"time"
)

// SessionStatus is where an occurrence stands.
type SessionStatus string

// Session statuses.
const (
	SessionScheduled SessionStatus = "scheduled"
	SessionCompleted SessionStatus = "completed"
	SessionCancelled SessionStatus = "cancelled"
)

// Mode says how a client attends.
type Mode string

// Attendance modes.
const (
	ModeOnline   Mode = "online"
	ModeInPerson Mode = "in_person"
)

// Session is one occurrence on the calendar: a 1:1 (capacity 1) or a
// group class. Its price and credit cost are copied from the session type.
type Session struct {
	ID         int64
	CoachID    int64
	TypeID     int64
	Start, End time.Time // UTC
	Capacity   int
	Mode       Mode
	Place      string    // address for in-person sessions
	Link       string    // video link for online ones
	Deadline   time.Time // no booking at or after this; zero: the start
	Notes      string
	Links      []string // documents and links shared with attendees
	Price      Money
	CreditCost int
	Status     SessionStatus
	Created    time.Time
	// FromSlot marks a 1:1 created by a client booking an open slot: it
	// exists only for that booking, and its time returns to the coach's
	// open slots when the booking ends before it happens.
	FromSlot bool
}

// Validate checks a session before it is stored.
func (s *Session) Validate() error {
	if s.CoachID == 0 || s.TypeID == 0 {
		return NewError(EINVALID, "err.session.coach_type_missing", "A session needs a coach and a session type.")
	}
	if !s.End.After(s.Start) {
		return NewError(EINVALID, "err.session.backwards", "A session must end after it starts.")
	}
	if s.Capacity < 1 {
		return NewError(EINVALID, "err.session.no_seat", "A session needs at least one seat.")
	}
	if s.Mode != ModeOnline && s.Mode != ModeInPerson {
		return NewError(EINVALID, "err.session.mode", "A session is online or in person.")
	}
	if !s.Deadline.IsZero() && s.Deadline.After(s.Start) {
		return NewError(EINVALID, "err.session.deadline_late", "The booking deadline cannot be after the start.")
	}
	if err := s.Price.validate("price"); err != nil {
		return err
	}
	if s.CreditCost < 0 {
		return NewError(EINVALID, "err.session.cost_negative", "The credit cost cannot be negative.")
	}
	switch s.Status {
	case SessionScheduled, SessionCompleted, SessionCancelled:
	default:
		return NewError(EINVALID, "err.session.unknown_status", "Unknown session status \"{Status}\".", "Status", s.Status)
	}
	return nil
}

// BookingDeadline is the last moment a booking is accepted.
func (s *Session) BookingDeadline() time.Time {
	if s.Deadline.IsZero() {
		return s.Start
	}
	return s.Deadline
}

// SessionFilter selects sessions; zero fields match everything.
type SessionFilter struct {
	CoachID   int64
	TypeID    int64
	From, To  time.Time // sessions starting in [From, To)
	Status    SessionStatus
	GroupOnly bool // capacity above 1
	Limit     int
}
