package metrics

import (
	"context"
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slotbot/slotbot/core"
)

// Store wraps s so that bookings are counted by outcome when their
// transaction commits: each booking created is counted under its status
// (confirmed, waitlisted, pending_payment). A booking attempt refused by
// the domain is counted as "refused" with its error code: a transaction
// that read a session's seats (a booking reads them with the session's
// lock, so its refusals for a closed or past session count too; moving a
// booking into a session) or found a 1:1 slot taken, and failed with a
// code other than internal or unavailable. Refusals before that (no such
// session or client) are not counted.
func (m *Metrics) Store(s core.Store) core.Store { return &store{Store: s, m: m} }

// Statements exports the count of statements a store sent (the SQL
// stores count them) as slotbot_store_statements_total: on PostgreSQL
// each is a round trip, the cost the rush benchmark counts per update.
func (m *Metrics) Statements(count func() int64) {
	m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: namespace,
		Name: "store_statements_total",
		Help: "Statements sent to the database, BEGIN and COMMIT included: on PostgreSQL each is a round trip."},
		func() float64 { return float64(count()) }))
}

// store is a counting core.Store.
type store struct {
	core.Store
	m *Metrics
}

// Update runs fn and counts the bookings it made or was refused.
func (s *store) Update(ctx context.Context, fn func(core.Tx) error) error {
	var ct *countingTx
	err := s.Store.Update(ctx, func(tx core.Tx) error {
		ct = &countingTx{Tx: tx} // a retried attempt starts again
		return fn(ct)
	})
	if ct == nil {
		return err
	}
	if err == nil {
		for _, status := range ct.created {
			s.m.bookings.WithLabelValues(string(status), "").Inc()
		}
		return nil
	}
	var taken *core.SlotTakenError
	code := core.ErrorCode(err)
	if (ct.seats || errors.As(err, &taken)) && code != core.EINTERNAL && code != core.EUNAVAILABLE {
		s.m.bookings.WithLabelValues("refused", code).Inc()
	}
	return err
}

// countingTx notes the bookings a transaction creates and whether it
// checked seats.
type countingTx struct {
	core.Tx
	created []core.BookingStatus
	seats   bool
}

// CreateBooking notes the new booking's status and passes it on.
func (t *countingTx) CreateBooking(b *core.Booking) error {
	if err := t.Tx.CreateBooking(b); err != nil {
		return err
	}
	t.created = append(t.created, b.Status)
	return nil
}

// Seats notes a seat check and passes it on.
func (t *countingTx) Seats(sessionID, clientID int64) (int, bool, error) {
	t.seats = true
	return t.Tx.Seats(sessionID, clientID)
}

// LockSessionToBook notes a seat check (a booking reads the seats with
// the session's lock) and passes it on.
func (t *countingTx) LockSessionToBook(sessionID, clientID int64, at time.Time) (*core.Session, *core.Coach, *core.Seating, error) {
	sess, coach, seating, err := t.Tx.LockSessionToBook(sessionID, clientID, at)
	t.seats = err == nil
	return sess, coach, seating, err
}
