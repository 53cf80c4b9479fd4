package webapp

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/sqlite/sqlitetest"
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
	store := sqlitetest.Open(b)
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

// busyStudio is a year of a busy studio, for the report's benchmark and
// for looking at its images: four classes a weekday of 10 seats at 11:00,
// 13:00, 15:00 and 17:00 in Paris (fewer seats taken in August and at
// the year's end), booked the day before; half the clients pay with
// 10-credit packs bought on Stripe (valid 45 days, some lapsing with
// credits left), the others pay each class in cash or on Stripe; one
// booking in 15 is cancelled, one in 12 is a no-show. About 7,000
// bookings.
func busyStudio(tb testing.TB) (*core.Service, *core.Coach) {
	tb.Helper()
	ctx := context.Background()
	store := sqlitetest.Open(tb)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		tb.Fatal(err)
	}
	end := storetest.T0.In(paris)
	first := time.Date(end.Year()-1, end.Month(), end.Day(), 10, 0, 0, 0, paris)
	clock := storetest.NewClock(first.AddDate(0, 0, -1))
	svc := core.NewService(store, clock)
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
	coach := &core.Coach{Name: "Busy Studio", Zone: "Europe/Paris", Policy: core.DefaultPolicy()}
	must(svc.Accounts.CreateCoach(ctx, coach))
	class := &core.SessionType{CoachID: coach.ID, Name: "Class", Duration: time.Hour, Price: core.Money{Amount: 1500, Currency: "EUR"},
		CreditCost: 1, InPerson: true, Capacity: 10}
	must(svc.Catalog.CreateSessionType(ctx, class))
	pack := &core.Package{CoachID: coach.ID, Name: "10 classes", Credits: 10, Price: core.Money{Amount: 12000, Currency: "EUR"},
		ValidityDays: 45, TypeIDs: []int64{class.ID}, DeductAt: core.DeductAtBooking}
	must(svc.Catalog.CreatePackage(ctx, pack))
	var clients []int64
	for i := range 30 {
		c := &core.Client{Name: "Client " + itoa(int64(i)), Zone: "Europe/Paris", Language: "en"}
		must(svc.Accounts.CreateClient(ctx, c))
		clients = append(clients, c.ID)
	}
	credits := map[int64]int{}       // what each pass holder's pass has left
	expires := map[int64]time.Time{} // and until when
	n := 0
	for day := first; day.Before(end); day = day.AddDate(0, 0, 1) {
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		d := int(day.Sub(first).Hours() / 24)
		seats := 6 + (d*7)%5 // 6 to 10 a class
		if m := day.Month(); m == time.August || m == time.December && day.Day() > 20 {
			seats -= 4
		}
		booking := day.AddDate(0, 0, -1)
		clock.Set(booking)
		var noShows []int64
		for h := range 4 {
			start := time.Date(day.Year(), day.Month(), day.Day(), 11+2*h, 0, 0, 0, paris)
			s, err := svc.Catalog.ScheduleSession(ctx, core.ScheduleRequest{CoachID: coach.ID, TypeID: class.ID, Start: start, Capacity: 10})
			must(err)
			for k := range seats - h%2 {
				i := (d + h*9 + k) % len(clients)
				c := clients[i]
				holder := i%2 == 0
				if holder && (credits[c] == 0 || !booking.Before(expires[c])) {
					_, err := svc.Passes.ExpirePasses(ctx, c) // a lapsed pass's credits expire
					must(err)
					pay, err := svc.Passes.BuyPackage(ctx, c, pack.ID)
					must(err)
					_, err = svc.Payments.MarkPaymentPaid(ctx, pay.ID, core.MethodStripe, "cs_busy_"+itoa(int64(n)))
					must(err)
					credits[c], expires[c] = pack.Credits, booking.AddDate(0, 0, pack.ValidityDays)
				}
				res, err := svc.Bookings.Book(ctx, core.BookRequest{ClientID: c, SessionID: s.ID, Pay: !holder})
				must(err)
				n++
				switch {
				case res.Pass != nil:
					credits[c]--
				case res.Payment != nil && k%3 == 0:
					_, err = svc.Coaching.CoachMarkPaid(ctx, coach.ID, res.Payment.ID)
					must(err)
				case res.Payment != nil:
					_, err = svc.Payments.MarkPaymentPaid(ctx, res.Payment.ID, core.MethodStripe, "cs_busy_"+itoa(int64(n)))
					must(err)
				}
				switch {
				case n%15 == 0:
					_, _, err = svc.Bookings.Cancel(ctx, core.CancelRequest{ClientID: c, BookingID: res.Booking.ID, Reason: "Schedule conflict"})
					must(err)
					if res.Pass != nil {
						credits[c]++
					}
				case n%12 == 0:
					noShows = append(noShows, res.Booking.ID)
				}
			}
		}
		clock.Set(day.Add(10 * time.Hour)) // 20:00: the day's classes are over
		for _, id := range noShows {
			_, err := svc.Bookings.MarkAttendance(ctx, coach.ID, id, false)
			must(err)
		}
		_, err := svc.Bookings.CompleteDueSessions(ctx)
		must(err)
	}
	clock.Set(storetest.T0)
	tb.Logf("busy studio: %d bookings", n)
	return svc, coach
}

// BenchmarkReport52Weeks renders the chat's /report image for 52 weeks of
// the busy studio (busyStudio): the whole of it (image, the figure), and
// its two halves, reading the numbers (numbers) and drawing them
// (drawing). It also saves the image in English, French and Russian
// under .artifacts/ (report-52w-en.png …), for a person to look at. Each
// reports its CPU per image (cpu-ms/op) beside its wall time.
func BenchmarkReport52Weeks(b *testing.B) {
	ctx := context.Background()
	svc, coach := busyStudio(b)
	app, err := New(ctx, svc, Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, lang := range []string{"en", "fr", "ru"} {
		png, err := app.ReportPNG(ctx, coach.ID, 52, lang)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(artifacts(b), "report-52w-"+lang+".png"), png, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("image", func(b *testing.B) {
		defer cpuPerOp(b)()
		for range b.N {
			png, err := app.ReportPNG(ctx, coach.ID, 52, "en")
			if err != nil {
				b.Fatal(err)
			}
			if len(png) == 0 {
				b.Fatal("empty image")
			}
		}
	})
	b.Run("numbers", func(b *testing.B) {
		defer cpuPerOp(b)()
		for range b.N {
			if _, err := svc.Admin.CoachReport(ctx, coach.ID, 52); err != nil {
				b.Fatal(err)
			}
		}
	})
	r, err := svc.Admin.CoachReport(ctx, coach.ID, 52)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("drawing", func(b *testing.B) {
		defer cpuPerOp(b)()
		for range b.N {
			if _, err := app.PNG(r, "en"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// cpuPerOp reports, when the returned func runs, the CPU the process used
// per operation since (cpu-ms/op): on a loaded machine the wall time
// (ns/op) is mostly waiting for a core.
func cpuPerOp(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}
