package metrics

import (
	"context"
	"sync"
	"time"

	"github.com/slotbot/slotbot/core"
)

// outboxTimeout bounds the outbox query of one scrape, so a slow or
// unreachable database does not hold the scrape.
const outboxTimeout = 2 * time.Second

// WatchOutbox adds the outbox's gauges, read from the database at each
// scrape through health (core.Outbox.OutboxHealth) on the clock now:
// slotbot_outbox_lag_seconds (how long the oldest due notice has waited:
// the one number to alert on), slotbot_outbox_due and
// slotbot_outbox_dead. They are the same on every replica, since the
// database is shared. While the database cannot be read they are left
// out, and slotbot_outbox_up is 0.
func (m *Metrics) WatchOutbox(health func(context.Context) (core.OutboxHealth, error), now func() time.Time) {
	c := &outboxCollector{health: health, now: now}
	m.collect(c.write)
}

// The outbox gauges' names and help.
const (
	outboxLag      = namespace + "_outbox_lag_seconds"
	outboxLagHelp  = "Age of the oldest due notice not yet sent (0: none waits)."
	outboxDue      = namespace + "_outbox_due"
	outboxDueHelp  = "Notices due and not yet sent, in flight included (capped at 100000)."
	outboxDead     = namespace + "_outbox_dead"
	outboxDeadHelp = "Notices given up on after retries."
	outboxUp       = namespace + "_outbox_up"
	outboxUpHelp   = "1 when the outbox could be read for this scrape, else 0."
)

// outboxCollector reads the outbox when scraped. The read runs beside
// the scrape, which waits for it at most outboxTimeout: a database that
// accepts connections and never answers holds a driver call past its
// context (cancelling it waits for that same server), and must not hold
// /metrics. While a read is out no other starts; a late one's result is
// used by the next scrape that finds it.
type outboxCollector struct {
	health func(context.Context) (core.OutboxHealth, error)
	now    func() time.Time

	mu      sync.Mutex
	reading chan struct{} // closed when the read out ends; nil: none out
	last    core.OutboxHealth
	lastErr error
}

// outboxReadLimit bounds a read the scrape stopped waiting for.
const outboxReadLimit = 30 * time.Second

// read joins the read out, or starts one, and waits for it at most
// outboxTimeout.
func (c *outboxCollector) read() (core.OutboxHealth, error) {
	c.mu.Lock()
	reading := c.reading
	if reading == nil {
		reading = make(chan struct{})
		c.reading = reading
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), outboxReadLimit)
			defer cancel()
			h, err := c.health(ctx)
			c.mu.Lock()
			c.last, c.lastErr, c.reading = h, err, nil
			c.mu.Unlock()
			close(reading)
		}()
	}
	c.mu.Unlock()
	timer := time.NewTimer(outboxTimeout)
	defer timer.Stop()
	select {
	case <-reading:
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.last, c.lastErr
	case <-timer.C:
		return core.OutboxHealth{}, context.DeadlineExceeded
	}
}

// write reads the outbox and writes its gauges.
func (c *outboxCollector) write(w *textWriter) {
	h, err := c.read()
	if err != nil {
		w.gauge(outboxUp, outboxUpHelp, 0)
		return
	}
	w.gauge(outboxDead, outboxDeadHelp, float64(h.Dead))
	w.gauge(outboxDue, outboxDueHelp, float64(h.Due))
	w.gauge(outboxLag, outboxLagHelp, h.Lag(c.now()).Seconds())
	w.gauge(outboxUp, outboxUpHelp, 1)
}
