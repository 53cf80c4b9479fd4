package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slotbot/slotbot/core"
)

// outboxTimeout bounds the outbox query of one scrape, so a slow or
// unreachable database does not hold the scrape.
const outboxTimeout = 2 * time.Second

// WatchOutbox adds the outbox's gauges, read from the database at each
// scrape through health (core.Service.OutboxHealth) on the clock now:
// slotbot_outbox_lag_seconds (how long the oldest due notice has waited:
// the one number to alert on), slotbot_outbox_due and
// slotbot_outbox_dead. They are the same on every replica, since the
// database is shared. While the database cannot be read they are left
// out, and slotbot_outbox_up is 0.
func (m *Metrics) WatchOutbox(health func(context.Context) (core.OutboxHealth, error), now func() time.Time) {
	m.reg.MustRegister(&outboxCollector{health: health, now: now})
}

var (
	outboxLag = prometheus.NewDesc(namespace+"_outbox_lag_seconds",
		"Age of the oldest due notice not yet sent (0: none waits).", nil, nil)
	outboxDue = prometheus.NewDesc(namespace+"_outbox_due",
		"Notices due and not yet sent, in flight included (capped at 100000).", nil, nil)
	outboxDead = prometheus.NewDesc(namespace+"_outbox_dead",
		"Notices given up on after retries.", nil, nil)
	outboxUp = prometheus.NewDesc(namespace+"_outbox_up",
		"1 when the outbox could be read for this scrape, else 0.", nil, nil)
)

// outboxCollector reads the outbox when scraped.
type outboxCollector struct {
	health func(context.Context) (core.OutboxHealth, error)
	now    func() time.Time
}

// Describe sends the gauges' descriptions.
func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxLag
	ch <- outboxDue
	ch <- outboxDead
	ch <- outboxUp
}

// Collect reads the outbox and sends its gauges.
func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), outboxTimeout)
	defer cancel()
	h, err := c.health(ctx)
	if err != nil {
		ch <- prometheus.MustNewConstMetric(outboxUp, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(outboxUp, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(outboxLag, prometheus.GaugeValue, h.Lag(c.now()).Seconds())
	ch <- prometheus.MustNewConstMetric(outboxDue, prometheus.GaugeValue, float64(h.Due))
	ch <- prometheus.MustNewConstMetric(outboxDead, prometheus.GaugeValue, float64(h.Dead))
}
