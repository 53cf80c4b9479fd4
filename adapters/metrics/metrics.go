// Package metrics counts what Slotbot does, for Prometheus to scrape at
// /metrics: updates handled and how long they took, replies, bookings by
// outcome, notices by outcome, the platforms' 429s, and the outbox's lag.
//
// It knows no chat platform: cmd feeds it through small hooks (the bot's
// Observer, the domain's events (core.Service.Observe), the dispatcher's
// OnDelivered, an http.RoundTripper around each platform's client) and
// asks it for Handler.
//
// It writes Prometheus's text format itself (text.go) rather than
// linking Prometheus's client library, whose registry, protobuf model
// and /proc parser made up a large part of the binary's pages in memory.
// Each process has its own metrics, never package-level ones.
package metrics

import (
	"net/http"
	"sync"
	"time"

	"github.com/slotbot/slotbot/core"
)

// namespace prefixes every metric name.
const namespace = "slotbot"

// Metrics is one process's metrics and the handler that serves them.
// Its methods are safe for concurrent use.
type Metrics struct {
	updates  *family
	replies  *family
	latency  *family
	bookings *family
	notices  *family
	calls    *family
	limited  *family
	up       *family

	mu    sync.Mutex
	extra []func(*textWriter) // WatchOutbox's and Statements' families, read at each scrape
	start time.Time           // for process_start_time_seconds when /proc cannot tell
}

// New makes Slotbot's metrics, with the Go runtime's and the process's.
func New() *Metrics {
	return &Metrics{
		updates: newFamily("counter", namespace+"_updates_total",
			"Chat updates the bot handled, by platform and kind (command, button, text).", []string{"kind", "platform"}, nil),
		replies: newFamily("counter", namespace+"_replies_total",
			"Replies the bot gave to updates, by platform.", []string{"platform"}, nil),
		latency: newFamily("histogram", namespace+"_update_duration_seconds",
			"Time the bot took to answer an update, store transactions included, by platform.", []string{"platform"},
			[]float64{.002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}),
		bookings: newFamily("counter", namespace+"_bookings_total",
			"Bookings made, by outcome (confirmed, waitlisted, pending_payment, refused) and, when refused, the error code.",
			[]string{"code", "outcome"}, nil),
		notices: newFamily("counter", namespace+"_notices_total",
			"Outbox notices this process tried to deliver, by outcome (sent, failed, dead, postponed, withdrawn).",
			[]string{"outcome"}, nil),
		calls: newFamily("counter", namespace+"_platform_requests_total",
			"HTTP requests to the platforms' APIs, by platform and status class (2xx, 4xx, 5xx, error).",
			[]string{"platform", "status"}, nil),
		limited: newFamily("counter", namespace+"_platform_rate_limited_total",
			"HTTP 429 (Too Many Requests) answers from the platforms' APIs, by platform.", []string{"platform"}, nil),
		up: newFamily("gauge", namespace+"_platform_up",
			"1 while a configured chat platform is connected and served, 0 while it is down and being retried.",
			[]string{"platform"}, nil),
		start: time.Now(),
	}
}

// Handler serves the metrics in Prometheus's text format (0.0.4).
func (m *Metrics) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := m.scrape()
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write(body)
	})
}

// scrape is every metric's current value in the text format.
func (m *Metrics) scrape() []byte {
	w := &textWriter{b: make([]byte, 0, 16<<10)}
	writeGoMetrics(w)
	writeProcessMetrics(w, m.start)
	for _, f := range []*family{m.bookings, m.notices, m.limited, m.calls, m.up, m.replies, m.latency, m.updates} {
		f.write(w)
	}
	m.mu.Lock()
	extra := m.extra
	m.mu.Unlock()
	for _, write := range extra {
		write(w)
	}
	return w.b
}

// collect adds a family written at each scrape.
func (m *Metrics) collect(write func(*textWriter)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.extra = append(m.extra[:len(m.extra):len(m.extra)], write)
}

// PlatformUp records whether a configured platform is served (true) or
// down and being retried (false).
func (m *Metrics) PlatformUp(platform string, up bool) {
	v := 0.0
	if up {
		v = 1
	}
	m.up.with(platform).set(v)
}

// Update counts one update handled on platform, of kind ("command",
// "button" or "text"), answered with replies after took.
func (m *Metrics) Update(platform, kind string, replies int, took time.Duration) {
	m.updates.with(kind, platform).add(1)
	m.replies.with(platform).add(uint64(max(replies, 0)))
	m.latency.with(platform).observe(m.latency.buckets, took.Seconds())
}

// Observe counts the domain's booking events (a core.Observer; wire it
// with core.Service.Observe): each booking made under the status it got
// (confirmed, pending_payment, waitlisted), each booking attempt the
// domain refused under "refused" and its error code.
func (m *Metrics) Observe(e core.Event) {
	switch e.Kind {
	case core.EventBooked, core.EventWaitlisted:
		m.bookings.with("", string(e.Status)).add(1)
	case core.EventRefused:
		m.bookings.with(e.Code, "refused").add(1)
	}
}

// Delivered counts the outcome of one claimed notice; it has the shape
// of the dispatcher's OnDelivered hook. A failure is dead when it was the
// last attempt allowed (core.MaxNoticeAttempts) or could never succeed.
func (m *Metrics) Delivered(n *core.Notice, out core.NoticeOutcome) {
	m.notices.with(noticeOutcome(n, out)).add(1)
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
