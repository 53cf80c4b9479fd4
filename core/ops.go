package core

import (
	"context"
	"time"
)

// OutboxHealth is how the outbox stands, for metrics and alerts: a due
// backlog that grows or an oldest notice that ages means notices are not
// going out.
type OutboxHealth struct {
	Due       int       // pending notices due now, in flight included (at most OutboxDueCap)
	OldestDue time.Time // due time of the oldest of them; zero when none is due
	Dead      int       // notices given up on after retries
}

// Lag is how long the oldest due notice has waited at now; zero when none
// waits.
func (h OutboxHealth) Lag(now time.Time) time.Duration {
	if h.OldestDue.IsZero() || !now.After(h.OldestDue) {
		return 0
	}
	return now.Sub(h.OldestDue)
}

// OutboxHealth reads the outbox's summary in one read transaction.
func (s *Outbox) OutboxHealth(ctx context.Context) (OutboxHealth, error) {
	var h OutboxHealth
	err := s.view(ctx, func(tx outboxTx, now time.Time) (err error) {
		h, err = tx.OutboxHealth(now)
		return err
	})
	return h, err
}

// Ping checks that the store answers, with the cheapest statement it can
// run, for readiness probes.
func (s *Outbox) Ping(ctx context.Context) error {
	return s.store.Browse(ctx, func(tx Tx) error { return tx.Ping() })
}
