package core

import (
	"context"
	"strconv"
	"time"
)

// Service is the booking domain, one field per area: a caller names the
// area it needs (svc.Bookings.Book, svc.Payments.CheckoutPaid), so no
// type carries the whole domain. Every area method is one store
// transaction that reads "now" once from the clock. Service has no
// methods of its own beyond wiring (NewService, Observe).
type Service struct {
	base *base // shared by every area (Observe, NewCalendars)

	// Clock is the domain's clock, so callers share one notion of now.
	Clock Clock

	Bookings *Bookings // booking, cancelling, rescheduling, waitlist offers, attendance
	Catalog  *Catalog  // coaches, session types, packages and sessions
	Slots    *Slots    // one-to-one slots in open hours, calendar feeds
	Payments *Payments // checkout, provider events, paid and refunded
	Passes   *Passes   // packages bought, credits granted, spent and expired
	Accounts *Accounts // people, identity, conversations, linking, invitations
	Channels *Channels // announcement channels
	Coaching *Coaching // agenda, roster, sharing, progress
	Admin    *Admin    // disrupting the schedule, reports, demo data
	Outbox   *Outbox   // notices to the chats, jobs, retention, health
	Inbox    *Inbox    // incoming chat updates, stored before handling
}

// base is what every area shares: the store, the clock and the observers
// of domain events, with the transaction helpers (update, view, browse,
// single) that read "now" once. Areas embed one *base, so they share it.
type base struct {
	store     Store
	clock     Clock
	observers observers // told of the domain's events (events.go)
	zones     Zones     // the coaches' zones, loaded once (zones.go)
}

// NewService wires the domain to a store and a clock.
func NewService(store Store, clock Clock) *Service {
	b := &base{store: store, clock: clock}
	accounts, catalog := &Accounts{b}, &Catalog{b}
	return &Service{
		base:     b,
		Clock:    clock,
		Bookings: &Bookings{b},
		Catalog:  catalog,
		Slots:    &Slots{b},
		Payments: &Payments{b},
		Passes:   &Passes{b},
		Accounts: accounts,
		Channels: &Channels{b},
		Coaching: &Coaching{b},
		Admin:    &Admin{base: b, accounts: accounts, catalog: catalog},
		Outbox:   &Outbox{b},
		Inbox:    &Inbox{b},
	}
}

// now reads the clock once for a transaction, normalised for storage.
func (s *base) now() time.Time { return DBTime(s.clock.Now()) }

// update runs fn in one transaction with the time read once.
func (s *base) update(ctx context.Context, fn func(tx Tx, now time.Time) error) error {
	now := s.now()
	var et *eventTx
	err := s.store.Update(ctx, func(tx Tx) error {
		et = &eventTx{Tx: tx} // a retried attempt starts again
		return fn(et, now)
	})
	s.finish(et, err, now)
	return err
}

// view runs fn in one read-only transaction with the time read once.
func (s *base) view(ctx context.Context, fn func(tx Tx, now time.Time) error) error {
	now := s.now()
	return s.store.View(ctx, func(tx Tx) error { return fn(tx, now) })
}

// browse runs fn's reads for a screen (Store.Browse), with the time read
// once: for what a person is shown, never for what a service decides.
func (s *base) browse(ctx context.Context, fn func(tx Tx, now time.Time) error) error {
	now := s.now()
	return s.store.Browse(ctx, func(tx Tx) error { return fn(tx, now) })
}

// single runs fn, which issues one statement, as its own transaction
// (Store.Single), with the time read once.
func (s *base) single(ctx context.Context, fn func(tx Tx, now time.Time) error) error {
	now := s.now()
	return s.store.Single(ctx, func(tx Tx) error { return fn(tx, now) })
}

// setStatus moves a booking through the state machine, stores it and
// writes the audit entry: the only way a booking's status changes.
func setStatus(tx Tx, b *Booking, to BookingStatus, actor Actor, reason string, now time.Time) error {
	from := b.Status
	if !CanTransition(from, to) {
		return NewError(ECONFLICT, "err.booking.transition", "This booking is {From} and cannot become {To}.", "From", from, "To", to)
	}
	b.Status = to
	b.Updated = now
	if reason != "" {
		b.Reason = reason
	}
	var err error
	if from == "" {
		b.Created = now
		err = tx.CreateBooking(b)
	} else {
		err = tx.UpdateBooking(b)
	}
	if err != nil {
		return err
	}
	if e, ok := statusEvent(b, from, to, now); ok {
		note(tx, e)
	}
	return tx.AddAudit(&AuditEntry{BookingID: b.ID, From: from, To: to, Actor: actor, Reason: reason, At: now})
}

// humanStatus words a status for messages.
func humanStatus(s BookingStatus) string {
	switch s {
	case "":
		return "new"
	case BookingPendingPayment:
		return "awaiting payment"
	case BookingLateCancelled:
		return "cancelled late"
	case BookingNoShow:
		return "marked no-show"
	}
	return string(s)
}

// notify writes one outbox row, due now unless due is set.
func notify(tx NoticeTx, now time.Time, n Notice) error {
	if n.Due.IsZero() {
		n.Due = now
	}
	n.Status = NoticePending
	n.Created = now
	return tx.AddNotice(&n)
}

// notifyClient writes a notice to the booking's client.
func notifyClient(tx NoticeTx, now time.Time, kind NoticeKind, b *Booking, data map[string]string) error {
	return notify(tx, now, Notice{Kind: kind, ToKind: ToClient, ToID: b.ClientID, BookingID: b.ID, SessionID: b.SessionID, Data: data})
}

// notifyCoach writes a notice to the coach of a session.
func notifyCoach(tx NoticeTx, now time.Time, kind NoticeKind, coachID int64, b *Booking, data map[string]string) error {
	n := Notice{Kind: kind, ToKind: ToCoach, ToID: coachID, Data: data}
	if b != nil {
		n.BookingID, n.SessionID = b.ID, b.SessionID
		if n.Data == nil {
			n.Data = map[string]string{}
		}
		n.Data["client_id"] = strconv.FormatInt(b.ClientID, 10)
	}
	return notify(tx, now, n)
}

// scheduleReminders writes the reminder notices of a confirmed booking.
func scheduleReminders(tx Tx, now time.Time, p Policy, s *Session, b *Booking) error {
	for _, due := range ReminderTimes(p, now, s.Start) {
		n := Notice{Kind: NoticeReminder, ToKind: ToClient, ToID: b.ClientID, BookingID: b.ID, SessionID: s.ID,
			Due: due, Data: map[string]string{"before": s.Start.Sub(due).String()}}
		if err := notify(tx, now, n); err != nil {
			return err
		}
	}
	return nil
}

// withdrawReminders drops the pending reminders of a booking that no
// longer happens.
func withdrawReminders(tx Tx, b *Booking) error {
	_, err := tx.WithdrawNotices(b.ID, []NoticeKind{NoticeReminder})
	return err
}
