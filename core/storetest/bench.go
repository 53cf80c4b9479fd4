package storetest

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Bench runs the booking benchmarks against the store open returns:
//   - BookUncontended: one client after another books a seat with a pass,
//     each in a session of its own (no lock waits).
//   - BookHotSession: parallel clients all book the same big class.
//   - BookParallel8: 8 concurrent clients booking across 100 classes, the
//     figure scripts/bench-core compares with pgbench's TPC-B.
func Bench(b *testing.B, open Opener) {
	b.Run("BookUncontended", func(b *testing.B) { benchBook(b, open, 1, 0) })
	b.Run("BookHotSession", func(b *testing.B) { benchBook(b, open, 8, 1) })
	b.Run("BookParallel8", func(b *testing.B) { benchBook(b, open, 8, 100) })
}

// benchBook books b.N seats from g goroutines (1: serial) over sessions
// sessions (0: one session per booking). Every booking pays with a pass
// and writes its notices, reminders and audit, as in production.
func benchBook(b *testing.B, open Opener, g, sessions int) {
	ctx := context.Background()
	store := open(b)
	clock := NewClock(T0)
	svc := core.NewService(store, clock)
	coach := &core.Coach{Name: "Bench", Zone: "Europe/Paris"}
	must(b, svc.Accounts.CreateCoach(ctx, coach))
	typ := &core.SessionType{CoachID: coach.ID, Name: "Class", Duration: time.Hour, CreditCost: 1, InPerson: true, Capacity: 10}
	must(b, svc.Catalog.CreateSessionType(ctx, typ))
	pkg := &core.Package{CoachID: coach.ID, Name: "Big", Credits: 1_000_000, ValidityDays: 365, DeductAt: core.DeductAtBooking}
	must(b, svc.Catalog.CreatePackage(ctx, pkg))

	n := b.N
	nSessions := sessions
	if nSessions == 0 {
		nSessions = n
	}
	capacity := n/nSessions + 1
	ids := make([]int64, 0, nSessions)
	clients := make([]int64, 0, n)
	// Bulk setup in large transactions straight through the store.
	for done := 0; done < nSessions; {
		must(b, store.Update(ctx, func(tx core.Tx) error {
			for i := 0; i < 500 && done < nSessions; i, done = i+1, done+1 {
				s := &core.Session{CoachID: coach.ID, TypeID: typ.ID, Start: T0.Add(48*time.Hour + time.Duration(done)*time.Minute),
					Capacity: capacity, Mode: core.ModeInPerson, CreditCost: 1, Status: core.SessionScheduled, Created: T0}
				s.End = s.Start.Add(time.Hour)
				if err := tx.CreateSession(s); err != nil {
					return err
				}
				ids = append(ids, s.ID)
			}
			return nil
		}))
	}
	for done := 0; done < n; {
		start := done
		must(b, store.Update(ctx, func(tx core.Tx) error {
			done = start
			clients = clients[:start]
			for i := 0; i < 500 && done < n; i, done = i+1, done+1 {
				c := &core.Client{Name: fmt.Sprint("c", done), Zone: "Europe/Paris", Created: T0}
				if err := tx.CreateClient(c); err != nil {
					return err
				}
				p := &core.Pass{ClientID: c.ID, CoachID: coach.ID, PackageID: pkg.ID, Name: pkg.Name, Credits: 100, CreditsLeft: 100,
					DeductAt: core.DeductAtBooking, Expires: T0.AddDate(1, 0, 0), Source: "bench", Created: T0}
				if err := tx.CreatePass(p); err != nil {
					return err
				}
				clients = append(clients, c.ID)
			}
			return nil
		}))
	}
	var next atomic.Int64
	book := func() {
		i := next.Add(1) - 1
		res, err := svc.Bookings.Book(ctx, core.BookRequest{ClientID: clients[i], SessionID: ids[int(i)%len(ids)]})
		if err != nil {
			b.Error(err)
			return
		}
		if res.Booking.Status != core.BookingConfirmed {
			b.Errorf("booking %d is %s", i, res.Booking.Status)
		}
	}
	counter, counts := store.(interface{ Statements() int64 })
	var trips0 int64
	if counts {
		trips0 = counter.Statements()
	}
	b.ResetTimer()
	if g <= 1 {
		for i := 0; i < n; i++ {
			book()
		}
	} else {
		// RunParallel starts parallelism × GOMAXPROCS goroutines.
		b.SetParallelism(max(1, g/runtime.GOMAXPROCS(0)))
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				book()
			}
		})
	}
	b.StopTimer()
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "bookings/s")
	if counts {
		b.ReportMetric(float64(counter.Statements()-trips0)/float64(n), "statements/booking")
	}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
