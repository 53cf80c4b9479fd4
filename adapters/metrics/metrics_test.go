package metrics_test

import (
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/slotbot/slotbot/adapters/metrics"
	"github.com/slotbot/slotbot/adapters/sqlite/sqlitetest"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// scraped is one answer of /metrics: its text and the families
// Prometheus's own parser read from it.
type scraped struct {
	text string
	fams map[string]*dto.MetricFamily
}

// scrape reads /metrics over HTTP as Prometheus would, and fails unless
// Prometheus's text parser accepts the answer.
func scrape(t testing.TB, m *metrics.Metrics) scraped {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("scrape: %d %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); expfmt.ResponseFormat(resp.Header).FormatType() != expfmt.TypeTextPlain {
		t.Fatalf("scrape: Content-Type %q is not the text format", ct)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("Prometheus cannot parse the scrape: %v\n%s", err, body)
	}
	return scraped{text: string(body), fams: fams}
}

// metric is the series of family name whose labels are labels (name,
// value pairs), failing when there is none.
func (s scraped) metric(t testing.TB, name string, labels ...string) *dto.Metric {
	t.Helper()
	f := s.fams[name]
	if f == nil {
		t.Fatalf("no %s in the scrape:\n%s", name, s.text)
	}
next:
	for _, m := range f.Metric {
		if len(m.Label) != len(labels)/2 {
			continue
		}
		for i, l := range m.Label {
			if l.GetName() != labels[2*i] || l.GetValue() != labels[2*i+1] {
				continue next
			}
		}
		return m
	}
	t.Fatalf("no %s%q in the scrape:\n%s", name, labels, s.text)
	return nil
}

// value is a counter's or a gauge's value.
func (s scraped) value(t testing.TB, name string, labels ...string) float64 {
	t.Helper()
	m := s.metric(t, name, labels...)
	switch {
	case m.Counter != nil:
		return m.Counter.GetValue()
	case m.Gauge != nil:
		return m.Gauge.GetValue()
	}
	t.Fatalf("%s is neither a counter nor a gauge", name)
	return 0
}

// expect fails unless each series (name, then label pairs) has the value
// that follows it.
func (s scraped) expect(t testing.TB, want ...any) {
	t.Helper()
	for len(want) > 0 {
		key := want[0].([]string)
		v := want[1].(float64)
		want = want[2:]
		if got := s.value(t, key[0], key[1:]...); got != v {
			t.Errorf("%s%q = %v, want %v", key[0], key[1:], got, v)
		}
	}
}

// series names a series for expect: the family, then label pairs.
func series(name string, labels ...string) []string { return append([]string{name}, labels...) }

// Bookings are counted once committed, under the status they got; a
// second booking of the same class is refused with its code.
func TestBookingsCountedByOutcome(t *testing.T) {
	ctx := context.Background()
	m := metrics.New()
	clock := storetest.NewClock(time.Date(2026, 6, 2, 8, 0, 0, 0, time.UTC))
	svc := core.NewService(sqlitetest.Open(t), clock)
	svc.Observe(m.Observe)
	demo, err := svc.Admin.SeedDemo(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	class := demo.Classes[0]
	client := func(name string) int64 {
		c := &core.Client{Name: name, Zone: "Europe/Paris"}
		if err := svc.Accounts.CreateClient(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	book := func(id int64) error {
		_, err := svc.Bookings.Book(ctx, core.BookRequest{ClientID: id, SessionID: class.ID})
		return err
	}
	withPass := client("Maria")
	if _, err := svc.Passes.GrantPass(ctx, withPass, demo.Packs[0].ID, "manual"); err != nil {
		t.Fatal(err)
	}
	if err := book(withPass); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < class.Capacity; i++ {
		if err := book(client("Guest")); err != nil {
			t.Fatal(err)
		}
	}
	if err := book(client("Late")); err != nil {
		t.Fatal(err)
	}
	if err := book(withPass); core.ErrorCode(err) != core.ECONFLICT {
		t.Fatalf("second booking: %v, want ECONFLICT", err)
	}
	got := scrape(t, m)
	got.expect(t,
		series("slotbot_bookings_total", "code", "", "outcome", "confirmed"), 8.0, // the guests pay at the session
		series("slotbot_bookings_total", "code", "", "outcome", "waitlisted"), 1.0,
		series("slotbot_bookings_total", "code", "conflict", "outcome", "refused"), 1.0)
	// The line as Prometheus's client wrote it, for whoever greps it.
	if !strings.Contains(got.text, "\n"+`slotbot_bookings_total{code="",outcome="confirmed"} 8`+"\n") {
		t.Errorf("the confirmed line is not as before:\n%s", got.text)
	}
}

// Updates, replies and latency are counted per platform and kind; the
// latency histogram has the buckets it always had.
func TestUpdatesRepliesAndLatency(t *testing.T) {
	m := metrics.New()
	m.Update("telegram", "command", 2, 30*time.Millisecond)
	m.Update("telegram", "button", 1, 3*time.Millisecond)
	m.Update("discord", "text", 1, time.Second)
	m.Update("discord", "text", 0, 10*time.Second)
	got := scrape(t, m)
	got.expect(t,
		series("slotbot_updates_total", "kind", "command", "platform", "telegram"), 1.0,
		series("slotbot_updates_total", "kind", "button", "platform", "telegram"), 1.0,
		series("slotbot_updates_total", "kind", "text", "platform", "discord"), 2.0,
		series("slotbot_replies_total", "platform", "telegram"), 3.0,
		series("slotbot_replies_total", "platform", "discord"), 1.0)

	h := got.metric(t, "slotbot_update_duration_seconds", "platform", "telegram").Histogram
	var bounds []float64
	var counts []uint64
	for _, b := range h.Bucket {
		bounds = append(bounds, b.GetUpperBound())
		counts = append(counts, b.GetCumulativeCount())
	}
	wantBounds := []float64{.002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, math.Inf(1)}
	if len(bounds) != len(wantBounds) {
		t.Fatalf("buckets %v, want %v", bounds, wantBounds)
	}
	for i := range bounds {
		if bounds[i] != wantBounds[i] {
			t.Fatalf("buckets %v, want %v", bounds, wantBounds)
		}
	}
	if want := []uint64{0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2}; !equal(counts, want) {
		t.Errorf("telegram's cumulative counts %v, want %v", counts, want)
	}
	if h.GetSampleCount() != 2 || h.GetSampleSum() != 0.033 {
		t.Errorf("telegram's count %d and sum %v, want 2 and 0.033", h.GetSampleCount(), h.GetSampleSum())
	}
	d := got.metric(t, "slotbot_update_duration_seconds", "platform", "discord").Histogram
	if d.GetSampleCount() != 2 || d.Bucket[len(d.Bucket)-2].GetCumulativeCount() != 1 {
		t.Errorf("discord's 10 s update is not above the last bucket: %v", d)
	}
	if !strings.Contains(got.text, "\n"+`slotbot_update_duration_seconds_bucket{platform="discord",le="+Inf"} 2`+"\n") {
		t.Errorf("no +Inf bucket as Prometheus writes it:\n%s", got.text)
	}
}

// equal reports whether a and b hold the same counts.
func equal(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Notices are counted as the core settles them: the last failed attempt
// is dead, not failed.
func TestNoticeOutcomes(t *testing.T) {
	m := metrics.New()
	n := &core.Notice{ID: 1, Attempts: 1}
	last := &core.Notice{ID: 2, Attempts: core.MaxNoticeAttempts}
	m.Delivered(n, core.NoticeOutcome{ID: 1, Sent: true})
	m.Delivered(n, core.NoticeOutcome{ID: 1, Sent: true})
	m.Delivered(n, core.NoticeOutcome{ID: 1, Error: "timeout"})
	m.Delivered(last, core.NoticeOutcome{ID: 2, Error: "timeout"})
	m.Delivered(n, core.NoticeOutcome{ID: 1, Permanent: true})
	m.Delivered(n, core.NoticeOutcome{ID: 1, Postponed: true})
	m.Delivered(n, core.NoticeOutcome{ID: 1, Obsolete: true})
	scrape(t, m).expect(t,
		series("slotbot_notices_total", "outcome", "sent"), 2.0,
		series("slotbot_notices_total", "outcome", "failed"), 1.0,
		series("slotbot_notices_total", "outcome", "dead"), 2.0,
		series("slotbot_notices_total", "outcome", "postponed"), 1.0,
		series("slotbot_notices_total", "outcome", "withdrawn"), 1.0)
}

// The transport counts a platform's answers by class and its 429s; a
// platform that is up or down shows so.
func TestTransportCounts429s(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls <= 2 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()
	m := metrics.New()
	c := &http.Client{Transport: m.Transport("telegram", nil)}
	for range 3 {
		resp, err := c.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	srv.Close()
	if _, err := c.Get(srv.URL); err == nil {
		t.Fatal("a closed server answered")
	}
	m.PlatformUp("telegram", true)
	m.PlatformUp("discord", true)
	m.PlatformUp("discord", false)
	scrape(t, m).expect(t,
		series("slotbot_platform_rate_limited_total", "platform", "telegram"), 2.0,
		series("slotbot_platform_requests_total", "platform", "telegram", "status", "4xx"), 2.0,
		series("slotbot_platform_requests_total", "platform", "telegram", "status", "2xx"), 1.0,
		series("slotbot_platform_requests_total", "platform", "telegram", "status", "error"), 1.0,
		series("slotbot_platform_up", "platform", "telegram"), 1.0,
		series("slotbot_platform_up", "platform", "discord"), 0.0)
}

// The outbox gauges come from the database at each scrape, and are left
// out, with up at 0, while it cannot be read.
func TestOutboxGauges(t *testing.T) {
	now := time.Date(2026, 6, 2, 8, 0, 0, 0, time.UTC)
	var fail error
	m := metrics.New()
	m.WatchOutbox(func(context.Context) (core.OutboxHealth, error) {
		return core.OutboxHealth{Due: 12, OldestDue: now.Add(-90 * time.Second), Dead: 3}, fail
	}, func() time.Time { return now })
	scrape(t, m).expect(t,
		series("slotbot_outbox_up"), 1.0,
		series("slotbot_outbox_lag_seconds"), 90.0,
		series("slotbot_outbox_due"), 12.0,
		series("slotbot_outbox_dead"), 3.0)
	fail = errors.New("database down")
	got := scrape(t, m)
	got.expect(t, series("slotbot_outbox_up"), 0.0)
	if got.fams["slotbot_outbox_lag_seconds"] != nil {
		t.Fatalf("lag shown while the outbox cannot be read:\n%s", got.text)
	}
}

// The store's statements are exported as it counts them.
func TestStatementsCounted(t *testing.T) {
	m := metrics.New()
	n := int64(41)
	m.Statements(func() int64 { n++; return n })
	scrape(t, m).expect(t, series("slotbot_store_statements_total"), 42.0)
}
