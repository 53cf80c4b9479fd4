package core

import (
	"errors"
	"sync/atomic"
	"time"
)

// What the domain did, for those who count or watch it (metrics, an
// audit feed) without calling the store themselves: each booking that
// changes status goes through setStatus, which notes the event; a booking
// attempt the domain refuses is noted where it is refused; a payment
// recorded as paid, in markPaid. The events of a transaction reach the
// observers once it has committed, in order; a refusal, whose
// transaction rolls back, once it has returned its error. Nothing is
// noted for a transaction that fails for another reason.

// EventKind names what happened.
type EventKind string

// The domain's events.
const (
	// EventBooked: a booking took a seat, confirmed or held until paid
	// (Event.Status).
	EventBooked EventKind = "booked"
	// EventWaitlisted: a booking joined a session's waitlist.
	EventWaitlisted EventKind = "waitlisted"
	// EventRefused: a booking attempt (booking a session or a slot,
	// moving a booking into a session) was refused by the domain
	// (Event.Code: full, already booked, closed …) once its session or
	// slot was known; not one refused for an unknown session or client,
	// nor an internal or unavailable failure.
	EventRefused EventKind = "refused"
	// EventCancelled: a booking was cancelled, late or not
	// (Event.Status), by its client, its coach or the system.
	EventCancelled EventKind = "cancelled"
	// EventPromoted: a waitlisted booking took a seat.
	EventPromoted EventKind = "promoted"
	// EventPaid: a payment was recorded as paid.
	EventPaid EventKind = "paid"
)

// Event is one thing the domain did.
type Event struct {
	Kind      EventKind
	At        time.Time
	BookingID int64         // the booking concerned (0 for a refusal, a package's payment)
	SessionID int64         // its session
	ClientID  int64         // its client
	Status    BookingStatus // the booking's status after the event
	From      BookingStatus // and before it ("" for a new booking)
	Code      string        // a refusal's error code (ECONFLICT …)
	PaymentID int64         // EventPaid
}

// Observer is told of the domain's events. It runs on the caller's
// goroutine once the transaction has committed, so it must be quick and
// must not call the service back.
type Observer func(Event)

// observers are a service's observers, replaced whole (copy on write).
type observers = atomic.Pointer[[]Observer]

// Observe adds o to the observers of every event from now on. Wire it
// before the service is used: events already noted are not replayed.
func (s *Service) Observe(o Observer) {
	for {
		old := s.base.observers.Load()
		var next []Observer
		if old != nil {
			next = append(next, *old...)
		}
		next = append(next, o)
		if s.base.observers.CompareAndSwap(old, &next) {
			return
		}
	}
}

// emit tells the observers of events.
func (s *base) emit(events []Event) {
	obs := s.observers.Load()
	if obs == nil {
		return
	}
	for _, e := range events {
		for _, o := range *obs {
			o(e)
		}
	}
}

// eventTx is the Tx of a service transaction that notes its events.
type eventTx struct {
	Tx
	events  []Event
	attempt bool // a booking attempt reached its session or slot: a domain error refuses it
}

// note records an event of tx's transaction; tx may be any Tx (only a
// service transaction's keeps it).
func note(tx Tx, e Event) {
	if et, ok := tx.(*eventTx); ok {
		et.events = append(et.events, e)
	}
}

// attempting marks tx's transaction as a booking attempt that reached
// its session or slot: if it fails with a domain error, that is a
// refusal (EventRefused).
func attempting(tx Tx) {
	if et, ok := tx.(*eventTx); ok {
		et.attempt = true
	}
}

// finish tells the observers what a transaction did: its events when it
// committed (err nil), a refusal when a booking attempt failed with a
// domain error.
func (s *base) finish(et *eventTx, err error, now time.Time) {
	switch {
	case et == nil:
	case err == nil:
		s.emit(et.events)
	case et.attempt:
		code := ErrorCode(err)
		var e *Error
		if code != EINTERNAL && code != EUNAVAILABLE && errors.As(err, &e) {
			s.emit([]Event{{Kind: EventRefused, At: now, Code: code}})
		}
	}
}

// statusEvent is the event of a booking's move from one status to
// another, if it is one of the domain's events.
func statusEvent(b *Booking, from, to BookingStatus, now time.Time) (Event, bool) {
	e := Event{At: now, BookingID: b.ID, SessionID: b.SessionID, ClientID: b.ClientID, Status: to, From: from}
	switch {
	case from == "" && to == BookingWaitlisted:
		e.Kind = EventWaitlisted
	case from == "":
		e.Kind = EventBooked
	case from == BookingWaitlisted && (to == BookingConfirmed || to == BookingPendingPayment):
		e.Kind = EventPromoted
	case to == BookingCancelled || to == BookingLateCancelled:
		e.Kind = EventCancelled
	default:
		return Event{}, false
	}
	return e, true
}
