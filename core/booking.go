package core

import (
	"strings"
	"time"
)

// BookingStatus is where a client's seat stands.
type BookingStatus string

// Booking statuses. The transition table below is the only place that says
// which may follow which.
const (
	BookingPendingPayment BookingStatus = "pending_payment" // seat held until paid or the hold ends
	BookingConfirmed      BookingStatus = "confirmed"
	BookingWaitlisted     BookingStatus = "waitlisted"
	BookingCancelled      BookingStatus = "cancelled"
	BookingLateCancelled  BookingStatus = "late_cancelled"
	BookingCompleted      BookingStatus = "completed"
	BookingNoShow         BookingStatus = "no_show"
)

// transitions is the booking state machine: from → allowed next states.
// The empty status is a booking not yet stored.
var transitions = map[BookingStatus][]BookingStatus{
	"":                    {BookingConfirmed, BookingPendingPayment, BookingWaitlisted},
	BookingPendingPayment: {BookingConfirmed, BookingCancelled, BookingWaitlisted},
	BookingWaitlisted:     {BookingConfirmed, BookingPendingPayment, BookingCancelled},
	BookingConfirmed:      {BookingCancelled, BookingLateCancelled, BookingCompleted, BookingNoShow},
	BookingCompleted:      {BookingNoShow},    // a coach corrects a mark
	BookingNoShow:         {BookingCompleted}, // a coach corrects a mark
	BookingCancelled:      nil,
	BookingLateCancelled:  nil,
}

// CanTransition reports whether a booking may go from one status to
// another.
func CanTransition(from, to BookingStatus) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Active reports whether the booking still concerns an upcoming seat.
func (s BookingStatus) Active() bool {
	return s == BookingConfirmed || s == BookingPendingPayment || s == BookingWaitlisted
}

// HoldsSeat reports whether the booking counts against capacity.
func (s BookingStatus) HoldsSeat() bool {
	return s == BookingConfirmed || s == BookingPendingPayment || s == BookingCompleted || s == BookingNoShow
}

// SeatStatuses are the statuses that take a seat, for store queries.
var SeatStatuses = []BookingStatus{BookingConfirmed, BookingPendingPayment, BookingCompleted, BookingNoShow}

// Seating is what a booking is decided on, read with the session's lock
// (Tx.LockSessionToBook).
type Seating struct {
	Taken  int     // bookings holding a seat (SeatStatuses)
	Booked bool    // the client already holds a live booking in the session
	Passes []*Pass // the client's usable passes with the session's coach, locked
}

// ActiveStatuses are the statuses of a live booking, for store queries.
var ActiveStatuses = []BookingStatus{BookingConfirmed, BookingPendingPayment, BookingWaitlisted}

// Booking is one client's place in one session.
type Booking struct {
	ID              int64
	SessionID       int64
	ClientID        int64
	Status          BookingStatus
	Reason          string    // why it was cancelled, in the canceller's words
	PassID          int64     // the pass that pays (or will pay) for it; 0 if none
	Credits         int       // credits taken or reserved on PassID
	Charged         bool      // the credits have left the pass
	PaymentID       int64     // the payment that pays for it; 0 if none
	HoldUntil       time.Time // a pending payment releases the seat then
	RescheduledFrom int64     // the booking this one replaced
	RescheduledTo   int64     // the booking that replaced this one
	Created         time.Time
	Updated         time.Time
}

// BookingFilter selects bookings; zero fields match everything.
type BookingFilter struct {
	SessionID  int64
	SessionIDs []int64 // any of these sessions (a listing's, read at once)
	ClientID   int64
	PassID     int64
	Statuses   []BookingStatus
	// StartFrom/StartTo select by the session's start.
	StartFrom, StartTo time.Time
	Limit              int
}

// Actor names who caused a change, for the audit trail and notices.
type Actor string

// ActorSystem is the scheduler or any automatic rule.
const ActorSystem Actor = "system"

// ClientActor names a client as the actor of a change.
func ClientActor(id int64) Actor { return Actor("client:" + itoa(id)) }

// CoachActor names a coach as the actor of a change.
func CoachActor(id int64) Actor { return Actor("coach:" + itoa(id)) }

// IsCoach reports whether a coach made the change.
func (a Actor) IsCoach() bool { return strings.HasPrefix(string(a), "coach:") }

// Coach reports whether a coach made the change, so a page can say "by
// the coach" only then.
func (a Actor) Coach() bool { return strings.HasPrefix(string(a), "coach:") }

// AuditEntry records one booking state change: who, when, from what to
// what, and why.
type AuditEntry struct {
	ID        int64
	BookingID int64
	From, To  BookingStatus
	Actor     Actor
	Reason    string
	At        time.Time
}
