package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// The read-only questions the booking conversations ask: what is offered,
// which classes have seats, what a client holds and may move.
func testCatalogQueries(t *testing.T, open Opener) {
	t.Run("Listings", func(t *testing.T) { testCatalogListings(t, open) })
	t.Run("ClientPassesReserved", func(t *testing.T) { testClientPassesReserved(t, open) })
}

// Coaches, offers, classes with seats, movable bookings.
func testCatalogListings(t *testing.T, open Opener) {
	f := newFixture(t, open)
	other := &core.Coach{Name: "Ben", Zone: "America/New_York"}
	f.must(f.svc.Accounts.CreateCoach(f.ctx, other))

	coaches, err := f.svc.Catalog.Coaches(f.ctx)
	f.must(err)
	if len(coaches) != 2 || coaches[0].ID != f.coach.ID || coaches[1].Name != "Ben" {
		t.Fatalf("coaches = %+v", coaches)
	}

	retired := &core.SessionType{CoachID: f.coach.ID, Name: "Old offer", Duration: time.Hour, Online: true, Capacity: 1, Retired: true}
	f.must(f.svc.Catalog.CreateSessionType(f.ctx, retired))
	types, err := f.svc.Catalog.SessionTypes(f.ctx, f.coach.ID)
	f.must(err)
	if len(types) != 3 || types[0].ID != f.class.ID || types[2].ID != f.free.ID {
		t.Fatalf("types = %+v, want the three live ones", types)
	}
	if _, err := f.svc.Catalog.SessionTypes(f.ctx, 9999); core.ErrorCode(err) != core.ENOTFOUND {
		t.Fatalf("types of no coach: %v", err)
	}
	if typ, err := f.svc.Catalog.OfferedType(f.ctx, f.paid.ID); err != nil || typ.Name != "Standard session" {
		t.Fatalf("offered type = %+v, %v", typ, err)
	}
	if _, err := f.svc.Catalog.OfferedType(f.ctx, retired.ID); core.ErrorCode(err) != core.ENOTFOUND {
		t.Fatalf("retired type offered: %v", err)
	}

	// Two classes this week, one next week, a 1:1 and a cancelled class.
	soon := f.session(f.class, 26*time.Hour, 2)
	later := f.session(f.class, 50*time.Hour, 3)
	nextWeek := f.session(f.class, 8*24*time.Hour, 3)
	f.session(f.paid, 30*time.Hour, 1)
	gone := f.session(f.class, 40*time.Hour, 3)
	_, err = f.svc.Bookings.CancelSession(f.ctx, f.coach.ID, gone.ID, "ill")
	f.must(err)
	a, pa := f.withPass("Ann", f.pack)
	b, _ := f.withPass("Bob", f.pack)
	c := f.client("Cy")
	for _, id := range []int64{a.ID, b.ID, c.ID} {
		_, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: id, SessionID: soon.ID})
		f.must(err)
	}

	classes, err := f.svc.Catalog.UpcomingClasses(f.ctx, core.ClassFilter{To: T0.Add(7 * 24 * time.Hour)})
	f.must(err)
	if len(classes) != 2 || classes[0].Session.ID != soon.ID || classes[1].Session.ID != later.ID {
		t.Fatalf("classes this week = %v", classes)
	}
	first := classes[0]
	if first.Taken != 2 || first.Waiting != 1 || first.SeatsLeft() != 0 || first.Coach.Name != "Ana" ||
		first.Type.Name != "Yoga class" || len(first.Accepts) != 1 || first.Accepts[0].ID != f.pack.ID {
		t.Fatalf("first class = %+v", first)
	}
	if classes[1].SeatsLeft() != 3 {
		t.Fatalf("second class has %d seats left, want 3", classes[1].SeatsLeft())
	}
	all, err := f.svc.Catalog.UpcomingClasses(f.ctx, core.ClassFilter{CoachID: f.coach.ID, TypeID: f.class.ID, Limit: 10, ClientID: b.ID})
	f.must(err)
	if len(all) != 3 || all[2].Session.ID != nextWeek.ID || all[0].Mine == nil || all[1].Mine != nil {
		t.Fatalf("all classes = %v", all)
	}
	if none, err := f.svc.Catalog.UpcomingClasses(f.ctx, core.ClassFilter{CoachID: other.ID}); err != nil || len(none) != 0 {
		t.Fatalf("other coach's classes = %v, %v", none, err)
	}
	f.clock.Advance(27 * time.Hour) // the first class has started
	if started, err := f.svc.Catalog.UpcomingClasses(f.ctx, core.ClassFilter{From: T0}); err != nil || len(started) != 2 {
		t.Fatalf("after the first class started = %v, %v", started, err)
	}
	detail, err := f.svc.Catalog.SessionDetail(f.ctx, soon.ID, c.ID)
	f.must(err)
	if detail.Taken != 2 || detail.Waiting != 1 || detail.Mine == nil || detail.Mine.Status != core.BookingWaitlisted || detail.Position != 1 {
		t.Fatalf("detail = %+v, want Cy first on the waitlist", detail)
	}
	if mine, err := f.svc.Catalog.SessionDetail(f.ctx, soon.ID, a.ID); err != nil || mine.Mine == nil || mine.Mine.Status != core.BookingConfirmed || mine.Position != 0 {
		t.Fatalf("Ann's detail = %+v, %v", mine, err)
	}
	if _, err := f.svc.Catalog.SessionDetail(f.ctx, 9999, 0); core.ErrorCode(err) != core.ENOTFOUND {
		t.Fatalf("detail of no session: %v", err)
	}

	passes, err := f.svc.Passes.ClientPasses(f.ctx, a.ID)
	f.must(err)
	if len(passes) != 1 || passes[0].ID != pa.ID || passes[0].CreditsLeft != 9 {
		t.Fatalf("passes = %+v", passes)
	}

	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: a.ID, SessionID: later.ID})
	f.must(err)
	movable, err := f.svc.Bookings.MovableBookings(f.ctx, a.ID)
	f.must(err)
	if len(movable) != 1 || movable[0].Booking.ID != res.Booking.ID || movable[0].Type.ID != f.class.ID || movable[0].Coach.ID != f.coach.ID {
		t.Fatalf("movable = %+v, want only the class that has not started", movable)
	}
	if bk, err := f.svc.Bookings.ClientBookedSession(f.ctx, a.ID, res.Booking.ID); err != nil || bk.Session.ID != later.ID {
		t.Fatalf("booked session = %+v, %v", bk, err)
	}
	if _, err := f.svc.Bookings.ClientBookedSession(f.ctx, b.ID, res.Booking.ID); core.ErrorCode(err) != core.EUNAUTHORIZED {
		t.Fatalf("someone else's booking: %v", err)
	}
}

// Passes that pay at completion show the credits live bookings reserve.
func testClientPassesReserved(t *testing.T, open Opener) {
	f := newFixture(t, open)
	pk := f.pkg("At the end", 3, 30, core.DeductAtCompletion)
	c, p := f.withPass("Dee", pk)
	sess := f.session(f.class, 48*time.Hour, 4)
	_, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
	f.must(err)
	passes, err := f.svc.Passes.ClientPasses(f.ctx, c.ID)
	f.must(err)
	if len(passes) != 1 || passes[0].ID != p.ID || passes[0].CreditsLeft != 3 || passes[0].Reserved != 1 {
		t.Fatalf("passes = %+v, want 3 left with 1 reserved", passes)
	}
	if _, err := f.svc.Passes.ClientPasses(f.ctx, 9999); core.ErrorCode(err) != core.ENOTFOUND {
		t.Fatalf("passes of no client: %v", err)
	}
	// The passes of a client the caller holds read the same.
	if own, err := f.svc.Passes.PassesOf(f.ctx, c); err != nil || !reflect.DeepEqual(own, passes) {
		t.Fatalf("PassesOf = %+v, %v; want %+v", own, err, passes)
	}
	if none, err := f.svc.Passes.PassesOf(f.ctx, f.client("Eve")); err != nil || len(none) != 0 {
		t.Fatalf("PassesOf a client without passes = %+v, %v", none, err)
	}
}
