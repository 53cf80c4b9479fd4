package bot

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/sqlite/sqlitetest"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// benchStudio is a coach and eight clients with plenty of credits, and
// a busy week: classes every day at 9:00, 12:00 and 18:00 for days days,
// all eight clients booked in each.
func benchStudio(b *testing.B, days int) (*Bot, *benchWeek) {
	b.Helper()
	ctx := context.Background()
	svc := core.NewService(sqlitetest.Open(b), storetest.NewClock(tuesday10))
	p, err := svc.Accounts.Identify(ctx, core.Identity{Platform: "test", UserID: "ana", ChatID: "ana", Name: "Ana"})
	if err != nil {
		b.Fatal(err)
	}
	d, err := svc.Admin.SeedDemo(ctx, p.Client.ID)
	if err != nil {
		b.Fatal(err)
	}
	var clients []int64
	for i := 0; i < 8; i++ {
		c := &core.Client{Name: fmt.Sprintf("Client %d", i), Zone: "Europe/Paris"}
		if err := svc.Accounts.CreateClient(ctx, c); err != nil {
			b.Fatal(err)
		}
		clients = append(clients, c.ID)
	}
	big := &core.Package{CoachID: d.Coach.ID, Name: "Bench", Credits: 1_000_000, ValidityDays: 3650, DeductAt: core.DeductAtBooking}
	if err := svc.Catalog.CreatePackage(ctx, big); err != nil {
		b.Fatal(err)
	}
	for _, c := range clients {
		if _, err := svc.Passes.GrantPass(ctx, c, big.ID, "manual"); err != nil {
			b.Fatal(err)
		}
	}
	w := &benchWeek{svc: svc, coach: d.Coach, class: d.Class, clients: clients}
	for day := 1; day <= days; day++ {
		w.day(b, day)
	}
	return New(svc, Options{}), w
}

// benchWeek is the studio a benchmark works on.
type benchWeek struct {
	svc     *core.Service
	coach   *core.Coach
	class   *core.SessionType
	clients []int64
}

// day schedules the three classes of the day n days after the harness's
// Tuesday and books every client in each; it returns the day.
func (w *benchWeek) day(b *testing.B, n int) string {
	ctx := context.Background()
	paris, _ := time.LoadLocation("Europe/Paris")
	for _, hour := range []int{9, 12, 18} {
		s, err := w.svc.Catalog.ScheduleSession(ctx, core.ScheduleRequest{CoachID: w.coach.ID, TypeID: w.class.ID,
			Start: time.Date(2026, 6, 2+n, hour, 0, 0, 0, paris)})
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range w.clients {
			if _, err := w.svc.Bookings.Book(ctx, core.BookRequest{ClientID: c, SessionID: s.ID}); err != nil {
				b.Fatal(err)
			}
		}
	}
	return time.Date(2026, 6, 2+n, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

// BenchmarkCoachAgendaWeek: a coach opens the next seven days (21
// classes, 168 bookings) through the bot.
func BenchmarkCoachAgendaWeek(b *testing.B) {
	bt, _ := benchStudio(b, 7)
	ctx := context.Background()
	req := Request{Platform: "test", UserID: "ana", ChatID: "ana", ChatKind: ChatPrivate, Command: "agenda", Args: "week"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if r := bt.Handle(ctx, req); len(r) != 1 || len(r[0].Buttons) < 21 {
			b.Fatalf("agenda = %+v", r)
		}
	}
}

// BenchmarkCoachCancelDay: cancelling a day of three classes of eight,
// one notice per client, in one transaction.
func BenchmarkCoachCancelDay(b *testing.B) {
	ctx := context.Background()
	_, w := benchStudio(b, 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		day := w.day(b, 1+i)
		b.StartTimer()
		out, err := w.svc.Admin.CancelDay(ctx, w.coach.ID, day, "ill")
		if err != nil || out.Clients != 8 || len(out.Sessions) < 3 { // Thursdays hold the demo class too
			b.Fatalf("cancel day = %+v, %v", out, err)
		}
	}
}
