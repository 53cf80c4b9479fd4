package webapp

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/sqlite"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// TestPageWeight: everything a first visit loads from Slotbot (the page,
// its script and stylesheet, and the calls that draw the first month and
// day) stays under 100 KB before caching. Telegram's own script is
// Telegram's and is not counted.
func TestPageWeight(t *testing.T) {
	e := newEnv(t)
	auth := e.pageAuth(e.studio.Client.ID)
	pick := "coach=" + itoa(e.studio.Coach.ID) + "&type=" + itoa(e.studio.Paid.ID)
	total := 0
	for _, path := range []string{"/app/?lang=fr", e.app.url("app.js"), e.app.url("app.css"),
		"/app/api/me", "/app/api/catalog", "/app/api/month?" + pick + "&month=2026-06", "/app/api/day?" + pick + "&date=2026-06-03"} {
		req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
		req.Header.Set("Authorization", auth)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		t.Logf("%-60s %6d bytes", path, len(b))
		total += len(b)
	}
	t.Logf("first visit: %d bytes", total)
	if total >= 100_000 {
		t.Fatalf("first visit weighs %d bytes, over 100 KB", total)
	}
}

// BenchmarkTTFB100Viewers measures the time to first byte of the page and
// of a day's times with 100 viewers at once, and reports p50 and p99.
func BenchmarkTTFB100Viewers(b *testing.B) {
	store := sqlite.MustOpenTestStore(b)
	studio := storetest.NewReportStudioOn(&testing.T{}, store, storetest.NewClock(storetest.T0))
	app, err := New(context.Background(), studio.Svc, Options{BotToken: testBotToken})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(app.Handler())
	defer srv.Close()
	auth := "tma " + initDataFor(testBotToken, 1001, "Zoe", "en", storetest.T0)
	pick := "coach=" + itoa(studio.Coach.ID) + "&type=" + itoa(studio.Paid.ID)
	paths := []string{"/app/?lang=en", "/app/api/day?" + pick + "&date=2026-06-03"}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 100}}
	const viewers = 100
	for _, path := range paths {
		b.Run(path[:8], func(b *testing.B) {
			var mu sync.Mutex
			var ttfb []time.Duration
			b.ResetTimer()
			for range b.N {
				var wg sync.WaitGroup
				for range viewers {
					wg.Go(func() {
						req, _ := http.NewRequest("GET", srv.URL+path, nil)
						req.Header.Set("Authorization", auth)
						start := time.Now()
						res, err := client.Do(req) // returns once the headers (the first byte) are in
						if err != nil {
							b.Error(err)
							return
						}
						d := time.Since(start)
						_, _ = io.Copy(io.Discard, res.Body)
						res.Body.Close()
						mu.Lock()
						ttfb = append(ttfb, d)
						mu.Unlock()
					})
				}
				wg.Wait()
			}
			slices.Sort(ttfb)
			b.ReportMetric(float64(ttfb[len(ttfb)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(ttfb[len(ttfb)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}

// BenchmarkReport52Weeks renders the chat's /report image for 52 weeks of
// a busy studio: 4 classes a weekday of 10 seats, nearly full, attended
// or not, and a pack sold per client (about 9,000 bookings).
func BenchmarkReport52Weeks(b *testing.B) {
	ctx := context.Background()
	store := sqlite.MustOpenTestStore(b)
	clock := storetest.NewClock(storetest.T0.AddDate(0, 0, -365))
	svc := core.NewService(store, clock)
	coach := &core.Coach{Name: "Busy", Zone: "Europe/Paris"}
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	must(svc.CreateCoach(ctx, coach))
	class := &core.SessionType{CoachID: coach.ID, Name: "Class", Duration: time.Hour, Price: core.Money{Amount: 1500, Currency: "EUR"}, InPerson: true, Capacity: 10}
	must(svc.CreateSessionType(ctx, class))
	var clients []int64
	for i := range 30 {
		c := &core.Client{Name: "Client " + itoa(int64(i)), Zone: "Europe/Paris", Language: "en"}
		must(svc.CreateClient(ctx, c))
		clients = append(clients, c.ID)
	}
	bookings := 0
	for day := range 364 {
		now := storetest.T0.AddDate(0, 0, day-365)
		if wd := now.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		clock.Set(now)
		for h := range 4 {
			s, err := svc.ScheduleSession(ctx, core.ScheduleRequest{CoachID: coach.ID, TypeID: class.ID, Start: now.Add(time.Duration(1+2*h) * time.Hour), Capacity: 10})
			must(err)
			for k := range 9 {
				res, err := svc.Book(ctx, core.BookRequest{ClientID: clients[(day+h*9+k)%len(clients)], SessionID: s.ID})
				must(err)
				bookings++
				if k%3 == 0 {
					_, err = svc.CoachMarkPaid(ctx, coach.ID, res.Payment.ID)
					must(err)
				}
			}
		}
		clock.Set(now.Add(12 * time.Hour))
		_, err := svc.CompleteDueSessions(ctx)
		must(err)
	}
	clock.Set(storetest.T0)
	app, err := New(ctx, svc, Options{})
	must(err)
	b.Logf("%d bookings", bookings)
	b.ResetTimer()
	for range b.N {
		png, err := app.ReportPNG(ctx, coach.ID, 52, "en")
		must(err)
		if len(png) == 0 {
			b.Fatal("empty image")
		}
	}
}
