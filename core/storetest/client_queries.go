package storetest

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Maria's bookings page: a confirmed class, a waitlist place, an unpaid
// 1:1 upcoming, soonest first; a booking she cancelled of a session still
// to come apart, never "past"; a completed session past; someone else's
// booking is refused.
func testMyBookings(t *testing.T, open Opener) {
	f := newFixture(t, open)
	maria, pass := f.withPass("Maria", f.pack)
	other, _ := f.withPass("Noah", f.pack)
	done := f.session(f.class, time.Hour, 5)
	_, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: maria.ID, SessionID: done.ID})
	f.must(err)
	dropped := f.session(f.class, 26*time.Hour, 5)
	gone, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: maria.ID, SessionID: dropped.ID})
	f.must(err)
	_, _, err = f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: maria.ID, BookingID: gone.Booking.ID, Reason: "travel"})
	f.must(err)
	f.clock.Advance(3 * time.Hour)
	_, err = f.svc.Bookings.CompleteDueSessions(f.ctx)
	f.must(err)

	class := f.session(f.class, 72*time.Hour, 5)
	full := f.session(f.class, 48*time.Hour, 1)
	paid := f.session(f.paid, 96*time.Hour, 1)
	_, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: maria.ID, SessionID: class.ID})
	f.must(err)
	_, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: other.ID, SessionID: full.ID})
	f.must(err)
	_, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: maria.ID, SessionID: full.ID})
	f.must(err)
	_, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: maria.ID, SessionID: paid.ID, Pay: true})
	f.must(err)

	mine, err := f.svc.Bookings.MyBookings(f.ctx, maria.ID)
	f.must(err)
	if len(mine.Upcoming) != 3 || len(mine.Cancelled) != 1 || len(mine.Past) != 1 {
		t.Fatalf("upcoming %d, cancelled %d, past %d", len(mine.Upcoming), len(mine.Cancelled), len(mine.Past))
	}
	w, c, p := mine.Upcoming[0], mine.Upcoming[1], mine.Upcoming[2]
	if w.Session.ID != full.ID || w.Booking.Status != core.BookingWaitlisted || w.Position != 1 {
		t.Fatalf("first upcoming = %+v pos %d", w.Booking, w.Position)
	}
	if c.Session.ID != class.ID || c.Booking.Status != core.BookingConfirmed || c.Pass == nil || c.Pass.ID != pass.ID ||
		c.Type.ID != f.class.ID || c.Coach.ID != f.coach.ID {
		t.Fatalf("class booking view = %+v", c)
	}
	if p.Booking.Status != core.BookingPendingPayment || p.Payment == nil || p.Payment.Amount != f.paid.Price {
		t.Fatalf("paid booking view = %+v payment %+v", p.Booking, p.Payment)
	}
	if mine.Cancelled[0].Session.ID != dropped.ID || mine.Cancelled[0].Booking.Status != core.BookingCancelled ||
		mine.Past[0].Session.ID != done.ID || mine.Past[0].Booking.Status != core.BookingCompleted {
		t.Fatalf("cancelled = %+v, past = %+v", mine.Cancelled[0].Booking, mine.Past[0].Booking)
	}

	one, err := f.svc.Bookings.MyBooking(f.ctx, maria.ID, c.Booking.ID)
	f.must(err)
	if one.Session.ID != class.ID {
		t.Fatalf("MyBooking = %+v", one.Booking)
	}
	_, err = f.svc.Bookings.MyBooking(f.ctx, other.ID, c.Booking.ID)
	expectCode(t, err, core.EUNAUTHORIZED)
	_, err = f.svc.Bookings.MyBooking(f.ctx, maria.ID, 99999)
	expectCode(t, err, core.ENOTFOUND)
	_, err = f.svc.Bookings.MyBookings(f.ctx, 99999)
	expectCode(t, err, core.ENOTFOUND)
}

// Passes: usable first, then used-up and expired ones, with the types
// they cover. Packages: a newcomer sees every coach's, a client their
// coaches'; retired packages are not for sale.
func testMyPassesAndPackages(t *testing.T, open Opener) {
	f := newFixture(t, open)
	short := f.pkg("Short", 1, 1, core.DeductAtBooking)
	maria, old := f.withPass("Maria", short)
	f.clock.Advance(48 * time.Hour)
	fresh, err := f.svc.Passes.GrantPass(f.ctx, maria.ID, f.pack.ID, "manual")
	f.must(err)
	passes, err := f.svc.Passes.MyPasses(f.ctx, maria.ID)
	f.must(err)
	if len(passes) != 2 || passes[0].Pass.ID != fresh.ID || passes[0].Expired || len(passes[0].Types) != 2 ||
		passes[1].Pass.ID != old.ID || !passes[1].Expired || len(passes[1].Types) != 0 || passes[0].Coach.ID != f.coach.ID {
		t.Fatalf("passes = %+v, %+v", passes[0], passes[1])
	}

	bob := &core.Coach{Name: "Bob", Zone: "America/New_York"}
	f.must(f.svc.Accounts.CreateCoach(f.ctx, bob))
	bobPack := &core.Package{CoachID: bob.ID, Name: "Bob's 5", Credits: 5, Price: core.Money{Amount: 10000, Currency: "USD"},
		ValidityDays: 60, DeductAt: core.DeductAtBooking}
	f.must(f.svc.Catalog.CreatePackage(f.ctx, bobPack))
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error { short.Retired = true; return tx.UpdatePackage(short) }))

	newcomer := f.client("Noah")
	all, err := f.svc.Passes.MyPackages(f.ctx, newcomer.ID)
	f.must(err)
	if names := packageNames(all); len(names) != 2 || names[0] != "10 sessions" || names[1] != "Bob's 5" {
		t.Fatalf("newcomer sees %v", names)
	}
	if len(all[0].Types) != 2 || all[0].Coach.ID != f.coach.ID {
		t.Fatalf("package view = %+v", all[0])
	}
	mine, err := f.svc.Passes.MyPackages(f.ctx, maria.ID)
	f.must(err)
	if names := packageNames(mine); len(names) != 1 || names[0] != "10 sessions" {
		t.Fatalf("Ana's client sees %v", names)
	}
	_, err = f.svc.Passes.MyPasses(f.ctx, 99999)
	expectCode(t, err, core.ENOTFOUND)
}

func packageNames(vs []*core.PackageView) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Package.Name)
	}
	return out
}

// Payments: dues with a total per currency; receipts for paid and
// refunded payments, latest first; dropped holds are neither.
func testMyPayments(t *testing.T, open Opener) {
	f := newFixture(t, open)
	maria := f.client("Maria")
	s1 := f.session(f.paid, 48*time.Hour, 1)
	s2 := f.session(f.paid, 72*time.Hour, 1)
	s3 := f.session(f.paid, 96*time.Hour, 1)
	r1, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: maria.ID, SessionID: s1.ID})
	f.must(err)
	_, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: maria.ID, SessionID: s2.ID})
	f.must(err)
	r3, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: maria.ID, SessionID: s3.ID})
	f.must(err)
	_, _, err = f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: maria.ID, BookingID: r3.Booking.ID})
	f.must(err)
	buy, err := f.svc.Passes.BuyPackage(f.ctx, maria.ID, f.pack.ID)
	f.must(err)
	_, err = f.svc.Payments.MarkPaymentPaid(f.ctx, buy.ID, core.MethodManual, "")
	f.must(err)
	f.clock.Advance(time.Minute)
	_, err = f.svc.Payments.MarkPaymentPaid(f.ctx, r1.Payment.ID, core.MethodStripe, "cs_1")
	f.must(err)
	f.clock.Advance(time.Minute)
	_, err = f.svc.Payments.MarkPaymentRefunded(f.ctx, f.coach.ID, r1.Payment.ID, "")
	f.must(err)
	bob := &core.Coach{Name: "Bob", Zone: "America/New_York"}
	f.must(f.svc.Accounts.CreateCoach(f.ctx, bob))
	usd := &core.Package{CoachID: bob.ID, Name: "Bob's 5", Credits: 5, Price: core.Money{Amount: 10000, Currency: "USD"},
		ValidityDays: 60, DeductAt: core.DeductAtBooking}
	f.must(f.svc.Catalog.CreatePackage(f.ctx, usd))
	_, err = f.svc.Passes.BuyPackage(f.ctx, maria.ID, usd.ID)
	f.must(err)

	pays, err := f.svc.Payments.MyPayments(f.ctx, maria.ID)
	f.must(err)
	if len(pays.Due) != 2 || pays.Due[0].Session.ID != s2.ID || pays.Due[0].Type.ID != f.paid.ID || pays.Due[1].Package.ID != usd.ID {
		t.Fatalf("due = %+v", pays.Due)
	}
	want := []core.Money{{Amount: 5000, Currency: "EUR"}, {Amount: 10000, Currency: "USD"}}
	if len(pays.DueTotal) != 2 || pays.DueTotal[0] != want[0] || pays.DueTotal[1] != want[1] {
		t.Fatalf("due total = %v, want %v", pays.DueTotal, want)
	}
	if len(pays.Receipts) != 2 || pays.Receipts[0].Payment.ID != r1.Payment.ID || pays.Receipts[0].Payment.Status != core.PaymentRefunded ||
		pays.Receipts[1].Package.ID != f.pack.ID || pays.Receipts[1].Payment.Status != core.PaymentPaid {
		t.Fatalf("receipts = %+v", pays.Receipts)
	}
}

// Statistics as a client's /stats shows them: total and completed sessions,
// minutes, the next session, money spent.
func testMyStats(t *testing.T, open Opener) {
	f := newFixture(t, open)
	maria, _ := f.withPass("Maria", f.pack)
	noah, _ := f.withPass("Noah", f.pack)
	first := f.session(f.class, time.Hour, 5)
	second := f.session(f.paid, 2*time.Hour, 1)
	for _, s := range []*core.Session{first, second} {
		_, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: maria.ID, SessionID: s.ID})
		f.must(err)
	}
	f.clock.Advance(4 * time.Hour)
	_, err := f.svc.Bookings.CompleteDueSessions(f.ctx)
	f.must(err)
	late := f.session(f.class, 10*time.Hour, 5)
	inTime := f.session(f.class, 50*time.Hour, 5)
	next := f.session(f.class, 30*time.Hour, 5)
	full := f.session(f.class, 20*time.Hour, 1)
	_, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: noah.ID, SessionID: full.ID})
	f.must(err)
	for _, s := range []*core.Session{late, inTime, next, full} {
		res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: maria.ID, SessionID: s.ID})
		f.must(err)
		if s == late || s == inTime {
			_, _, err = f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: maria.ID, BookingID: res.Booking.ID})
			f.must(err)
		}
	}
	buy, err := f.svc.Passes.BuyPackage(f.ctx, maria.ID, f.pack.ID)
	f.must(err)
	_, err = f.svc.Payments.MarkPaymentPaid(f.ctx, buy.ID, core.MethodManual, "")
	f.must(err)

	st, err := f.svc.Bookings.MyStats(f.ctx, maria.ID)
	f.must(err)
	// Two completed, one late cancel, one upcoming; the waitlist place and
	// the cancellation in time do not count.
	if st.Total != 4 || st.Completed != 2 || st.Minutes != 120 || st.Upcoming != 1 || st.Cancelled != 2 || st.NoShows != 0 {
		t.Fatalf("stats = %+v", st)
	}
	if st.Next == nil || st.Next.Session.ID != next.ID {
		t.Fatalf("next = %+v", st.Next)
	}
	if len(st.Spent) != 1 || st.Spent[0] != f.pack.Price {
		t.Fatalf("spent = %v", st.Spent)
	}
	empty, err := f.svc.Bookings.MyStats(f.ctx, f.client("Zoe").ID)
	f.must(err)
	if empty.Total != 0 || empty.Next != nil || len(empty.Spent) != 0 {
		t.Fatalf("newcomer stats = %+v", empty)
	}
}

// testClientPages runs the contract tests of a client's own pages and of
// progress tracking, registered with one line in serviceCases.
func testClientPages(t *testing.T, open Opener) {
	for _, c := range []testCase{
		{"MyBookings", testMyBookings},
		{"MyPassesAndPackages", testMyPassesAndPackages},
		{"MyPayments", testMyPayments},
		{"MyStats", testMyStats},
		{"Progress", testProgress},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.fn(t, open)
		})
	}
}
