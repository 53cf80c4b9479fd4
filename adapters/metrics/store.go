package metrics

import (
	"context"
	"errors"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Store wraps s so that bookings are counted by outcome when their
// transaction commits: each booking created is counted under its status
// (confirmed, waitlisted, pending_payment). A booking attempt refused by
// the domain is counted as "refused" with its error code: a transaction
// that checked a session's seats (booking, or moving a booking into a
// session) or found a 1:1 slot taken, and failed with a code other than
// internal or unavailable. Refusals before the seat check (a closed or
// past session) are not counted.
func (m *Metrics) Store(s core.Store) core.Store { return &store{Store: s, m: m} }

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

// SeatsAndPasses notes a seat check (a booking paid by pass asks for the
// seats with the passes) and passes it on.
func (t *countingTx) SeatsAndPasses(sessionID, clientID, coachID int64, at time.Time) (int, bool, []*core.Pass, error) {
	t.seats = true
	return t.Tx.SeatsAndPasses(sessionID, clientID, coachID, at)
}
