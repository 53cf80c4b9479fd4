package metrics_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/metrics"
	"github.com/slotbot/slotbot/adapters/sqlite/sqlitetest"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// scrape reads /metrics as Prometheus would.
func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("scrape: %d %s", rec.Code, rec.Body)
	}
	return rec.Body.String()
}

// expectLines fails unless every line appears in the scrape.
func expectLines(t *testing.T, got string, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if !strings.Contains(got, "\n"+l+"\n") {
			t.Errorf("scrape lacks %q", l)
		}
	}
	if t.Failed() {
		t.Logf("scrape:\n%s", got)
	}
}

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
	expectLines(t, scrape(t, m),
		`slotbot_bookings_total{code="",outcome="confirmed"} 8`, // the guests pay at the session

		`slotbot_bookings_total{code="",outcome="waitlisted"} 1`,
		`slotbot_bookings_total{code="conflict",outcome="refused"} 1`)
}

// Updates, replies and latency are counted per platform and kind.
func TestUpdatesRepliesAndLatency(t *testing.T) {
	m := metrics.New()
	m.Update("telegram", "command", 2, 30*time.Millisecond)
	m.Update("telegram", "button", 1, 3*time.Millisecond)
	m.Update("discord", "text", 1, time.Second)
	expectLines(t, scrape(t, m),
		`slotbot_updates_total{kind="command",platform="telegram"} 1`,
		`slotbot_updates_total{kind="button",platform="telegram"} 1`,
		`slotbot_updates_total{kind="text",platform="discord"} 1`,
		`slotbot_replies_total{platform="telegram"} 3`,
		`slotbot_update_duration_seconds_bucket{platform="telegram",le="0.005"} 1`,
		`slotbot_update_duration_seconds_bucket{platform="telegram",le="0.05"} 2`,
		`slotbot_update_duration_seconds_count{platform="discord"} 1`)
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
	expectLines(t, scrape(t, m),
		`slotbot_notices_total{outcome="sent"} 2`,
		`slotbot_notices_total{outcome="failed"} 1`,
		`slotbot_notices_total{outcome="dead"} 2`,
		`slotbot_notices_total{outcome="postponed"} 1`,
		`slotbot_notices_total{outcome="withdrawn"} 1`)
}

// The transport counts a platform's answers by class and its 429s.
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
	expectLines(t, scrape(t, m),
		`slotbot_platform_rate_limited_total{platform="telegram"} 2`,
		`slotbot_platform_requests_total{platform="telegram",status="4xx"} 2`,
		`slotbot_platform_requests_total{platform="telegram",status="2xx"} 1`,
		`slotbot_platform_requests_total{platform="telegram",status="error"} 1`)
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
	expectLines(t, scrape(t, m), "slotbot_outbox_up 1", "slotbot_outbox_lag_seconds 90", "slotbot_outbox_due 12",
		"slotbot_outbox_dead 3")
	fail = errors.New("database down")
	got := scrape(t, m)
	expectLines(t, got, "slotbot_outbox_up 0")
	if strings.Contains(got, "slotbot_outbox_lag_seconds ") {
		t.Fatalf("lag shown while the outbox cannot be read:\n%s", got)
	}
}

// The store's statements are exported as it counts them.
func TestStatementsCounted(t *testing.T) {
	m := metrics.New()
	n := int64(41)
	m.Statements(func() int64 { n++; return n })
	expectLines(t, scrape(t, m), `slotbot_store_statements_total 42`)
}
