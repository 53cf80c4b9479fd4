package metrics_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/metrics"
	"github.com/slotbot/slotbot/core"
)

// Many workers counting at once, on series they make as they go, while
// Prometheus scrapes: no count is lost and every scrape parses.
func TestConcurrentCountsAreExact(t *testing.T) {
	const workers, each = 16, 500
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/429" {
			w.WriteHeader(http.StatusTooManyRequests)
		}
	}))
	defer srv.Close()
	m := metrics.New()
	client := &http.Client{Transport: m.Transport("telegram", srv.Client().Transport)}

	done := make(chan struct{})
	scrapes := make(chan int)
	go func() {
		n := 0
		for {
			select {
			case <-done:
				scrapes <- n
				return
			default:
				scrape(t, m)
				n++
			}
		}
	}()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			platform := "p" + strconv.Itoa(w%4)
			for i := range each {
				m.Update(platform, "button", 2, time.Duration(i)*time.Millisecond)
				m.Update("telegram", "text", 1, time.Millisecond)
				m.Observe(core.Event{Kind: core.EventRefused, Code: "c" + strconv.Itoa(i%3)})
				m.Delivered(&core.Notice{}, core.NoticeOutcome{Sent: true})
				m.PlatformUp(platform, i%2 == 0)
				if i%50 == 0 {
					path := "/ok"
					if w%2 == 0 {
						path = "/429"
					}
					resp, err := client.Get(srv.URL + path)
					if err != nil {
						t.Error(err)
						return
					}
					resp.Body.Close()
				}
			}
		})
	}
	wg.Wait()
	close(done)
	if n := <-scrapes; n == 0 {
		t.Log("no scrape ran beside the workers")
	}

	got := scrape(t, m)
	perPlatform := float64(workers / 4 * each)
	for p := range 4 {
		name := "p" + strconv.Itoa(p)
		got.expect(t,
			series("slotbot_updates_total", "kind", "button", "platform", name), perPlatform,
			series("slotbot_replies_total", "platform", name), 2*perPlatform,
			series("slotbot_platform_up", "platform", name), 0.0) // each worker's last is odd
		h := got.metric(t, "slotbot_update_duration_seconds", "platform", name).Histogram
		if h.GetSampleCount() != uint64(perPlatform) {
			t.Errorf("%s's latency count %d, want %v", name, h.GetSampleCount(), perPlatform)
		}
		// Σ i ms for i < each, per worker: the sum is exact in float64.
		if want := float64(workers/4) * float64(each*(each-1)/2) / 1000; h.GetSampleSum() < want*0.999999 || h.GetSampleSum() > want*1.000001 {
			t.Errorf("%s's latency sum %v, want %v", name, h.GetSampleSum(), want)
		}
	}
	total := float64(workers * each)
	got.expect(t,
		series("slotbot_updates_total", "kind", "text", "platform", "telegram"), total,
		series("slotbot_notices_total", "outcome", "sent"), total,
		series("slotbot_platform_requests_total", "platform", "telegram", "status", "2xx"), float64(workers/2*each/50),
		series("slotbot_platform_requests_total", "platform", "telegram", "status", "4xx"), float64(workers/2*each/50),
		series("slotbot_platform_rate_limited_total", "platform", "telegram"), float64(workers/2*each/50))
	var refused float64
	for c := range 3 {
		refused += got.value(t, "slotbot_bookings_total", "code", "c"+strconv.Itoa(c), "outcome", "refused")
	}
	if refused != total {
		t.Errorf("%v refusals counted, want %v", refused, total)
	}
}
