package metrics_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/metrics"
	"github.com/slotbot/slotbot/core"
)

// Every family Prometheus's client library served (the Go runtime's,
// the process's, Slotbot's: testdata/families.txt) is served under the
// same name, type and help, so dashboards and alerts keep working.
func TestFamiliesAsBefore(t *testing.T) {
	m := metrics.New()
	m.Update("telegram", "command", 1, time.Millisecond)
	m.Observe(core.Event{Kind: core.EventBooked, Status: core.BookingConfirmed})
	m.Delivered(&core.Notice{}, core.NoticeOutcome{Sent: true})
	m.PlatformUp("telegram", true)
	m.WatchOutbox(func(context.Context) (core.OutboxHealth, error) { return core.OutboxHealth{}, nil }, time.Now)
	m.Statements(func() int64 { return 1 })
	got := scrape(t, m)
	// The two families only a 429 makes.
	got.text += "# HELP slotbot_platform_rate_limited_total HTTP 429 (Too Many Requests) answers from the platforms' APIs, by platform.\n" +
		"# TYPE slotbot_platform_rate_limited_total counter\n" +
		"# HELP slotbot_platform_requests_total HTTP requests to the platforms' APIs, by platform and status class (2xx, 4xx, 5xx, error).\n" +
		"# TYPE slotbot_platform_requests_total counter\n"
	f, err := os.Open(filepath.Join("testdata", "families.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines := 0
	for s := bufio.NewScanner(f); s.Scan(); {
		l := s.Text()
		if !strings.HasPrefix(l, "# HELP ") && !strings.HasPrefix(l, "# TYPE ") {
			continue
		}
		lines++
		if !strings.Contains(got.text, l+"\n") {
			t.Errorf("scrape lacks %q", l)
		}
	}
	if lines < 90 {
		t.Fatalf("testdata/families.txt has %d lines only", lines)
	}
}

// The runtime's and the process's values follow what the process does:
// goroutines started, files opened, memory allocated and touched.
func TestRuntimeAndProcessFollowTheProcess(t *testing.T) {
	m := metrics.New()
	before := scrape(t, m)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() { <-stop })
	}
	defer func() { close(stop); wg.Wait() }()
	dir := t.TempDir()
	for i := range 10 {
		f, err := os.Create(filepath.Join(dir, string(rune('a'+i))))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
	}
	touched := make([]byte, 64<<20)
	for i := 0; i < len(touched); i += 4096 {
		touched[i] = 1
	}
	after := scrape(t, m)
	runtime.KeepAlive(touched)

	grew := func(name string, atLeast float64) {
		t.Helper()
		if d := after.value(t, name) - before.value(t, name); d < atLeast {
			t.Errorf("%s grew by %v, want at least %v", name, d, atLeast)
		}
	}
	grew("go_goroutines", 45) // the first scrape's server goroutines may be gone
	grew("process_open_fds", 10)
	grew("go_memstats_alloc_bytes_total", 64<<20)
	grew("process_resident_memory_bytes", 48<<20)
	if v := after.value(t, "go_memstats_heap_alloc_bytes"); v < 64<<20 {
		t.Errorf("go_memstats_heap_alloc_bytes %v with 64 MiB held", v)
	}
	if after.value(t, "go_memstats_mallocs_total") < after.value(t, "go_memstats_frees_total") {
		t.Error("more frees than mallocs")
	}
	start := time.Unix(int64(after.value(t, "process_start_time_seconds")), 0)
	if since := time.Since(start); since < 0 || since > time.Hour {
		t.Errorf("process_start_time_seconds is %v ago", since)
	}
	if v := after.value(t, "go_sched_gomaxprocs_threads"); v != float64(runtime.GOMAXPROCS(0)) {
		t.Errorf("go_sched_gomaxprocs_threads %v, GOMAXPROCS %d", v, runtime.GOMAXPROCS(0))
	}
	if v := after.value(t, "go_info", "version", runtime.Version()); v != 1 {
		t.Errorf("go_info %v", v)
	}
	if after.value(t, "process_max_fds") < 64 || after.value(t, "go_gc_gogc_percent") == 0 {
		t.Error("no limit on open files, or GOGC 0")
	}
	runtime.GC()
	gc := scrape(t, m).metric(t, "go_gc_duration_seconds").Summary
	if gc.GetSampleCount() < 1 || len(gc.Quantile) != 5 || gc.Quantile[4].GetQuantile() != 1 {
		t.Errorf("go_gc_duration_seconds after a GC: %v", gc)
	}
}
