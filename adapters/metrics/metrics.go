// Package metrics counts what Slotbot does, for Prometheus to scrape at
// /metrics: updates handled and how long they took, replies, bookings by
// outcome, notices by outcome, the platforms' 429s, and the outbox's lag.
//
// It knows no chat platform: cmd feeds it through small hooks (the bot's
// Observer, the domain's events (core.Service.Observe), the dispatcher's
// OnDelivered, an http.RoundTripper around each platform's client) and
// asks it for Handler.
// Each process has its own registry, never Prometheus's global one.
package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/slotbot/slotbot/core"
)

// namespace prefixes every metric name.
const namespace = "slotbot"

// Metrics is one process's collectors and the registry that serves them.
// Its methods are safe for concurrent use.
type Metrics struct {
	reg      *prometheus.Registry
	updates  *prometheus.CounterVec
	replies  *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	bookings *prometheus.CounterVec
	notices  *prometheus.CounterVec
	calls    *prometheus.CounterVec
	limited  *prometheus.CounterVec
	up       *prometheus.GaugeVec
}

// New registers Slotbot's collectors, with the Go runtime's and the
// process's, on a registry of its own.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		updates: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "updates_total",
			Help: "Chat updates the bot handled, by platform and kind (command, button, text)."}, []string{"platform", "kind"}),
		replies: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "replies_total",
			Help: "Replies the bot gave to updates, by platform."}, []string{"platform"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: namespace, Name: "update_duration_seconds",
			Help:    "Time the bot took to answer an update, store transactions included, by platform.",
			Buckets: []float64{.002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}}, []string{"platform"}),
		bookings: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "bookings_total",
			Help: "Bookings made, by outcome (confirmed, waitlisted, pending_payment, refused) and, when refused, the error code."},
			[]string{"outcome", "code"}),
		notices: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "notices_total",
			Help: "Outbox notices this process tried to deliver, by outcome (sent, failed, dead, postponed, withdrawn)."},
			[]string{"outcome"}),
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "platform_requests_total",
			Help: "HTTP requests to the platforms' APIs, by platform and status class (2xx, 4xx, 5xx, error)."},
			[]string{"platform", "status"}),
		limited: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "platform_rate_limited_total",
			Help: "HTTP 429 (Too Many Requests) answers from the platforms' APIs, by platform."}, []string{"platform"}),
		up: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: namespace, Name: "platform_up",
			Help: "1 while a configured chat platform is connected and served, 0 while it is down and being retried."},
			[]string{"platform"}),
	}
	m.reg.MustRegister(m.updates, m.replies, m.latency, m.bookings, m.notices, m.calls, m.limited, m.up,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry is where cmd registers collectors of its own, such as
// WatchOutbox's.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// PlatformUp records whether a configured platform is served (true) or
// down and being retried (false).
func (m *Metrics) PlatformUp(platform string, up bool) {
	v := 0.0
	if up {
		v = 1
	}
	m.up.WithLabelValues(platform).Set(v)
}

// Update counts one update handled on platform, of kind ("command",
// "button" or "text"), answered with replies after took.
func (m *Metrics) Update(platform, kind string, replies int, took time.Duration) {
	m.updates.WithLabelValues(platform, kind).Inc()
	m.replies.WithLabelValues(platform).Add(float64(replies))
	m.latency.WithLabelValues(platform).Observe(took.Seconds())
}

// Observe counts the domain's booking events (a core.Observer; wire it
// with core.Service.Observe): each booking made under the status it got
// (confirmed, pending_payment, waitlisted), each booking attempt the
// domain refused under "refused" and its error code.
func (m *Metrics) Observe(e core.Event) {
	switch e.Kind {
	case core.EventBooked, core.EventWaitlisted:
		m.bookings.WithLabelValues(string(e.Status), "").Inc()
	case core.EventRefused:
		m.bookings.WithLabelValues("refused", e.Code).Inc()
	}
}

// Delivered counts the outcome of one claimed notice; it has the shape
// of the dispatcher's OnDelivered hook. A failure is dead when it was the
// last attempt allowed (core.MaxNoticeAttempts) or could never succeed.
func (m *Metrics) Delivered(n *core.Notice, out core.NoticeOutcome) {
	m.notices.WithLabelValues(noticeOutcome(n, out)).Inc()
}

// noticeOutcome names an outcome as the core settles it.
func noticeOutcome(n *core.Notice, out core.NoticeOutcome) string {
	switch {
	case out.Sent:
		return "sent"
	case out.Obsolete:
		return "withdrawn"
	case out.Permanent:
		return "dead"
	case out.Postponed:
		return "postponed"
	case n.Attempts >= core.MaxNoticeAttempts:
		return "dead"
	}
	return "failed"
}
