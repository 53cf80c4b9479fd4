package storetest

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// testEvents: the domain tells its observers what it did, once each
// transaction commits: a booking made (booked, or waitlisted when the
// session is full), one refused once the session is known (not for an
// unknown session), a cancellation and the promotion it frees, a payment
// recorded as paid.
func testEvents(t *testing.T, open Opener) {
	f := newFixture(t, open)
	var mu sync.Mutex
	var seen []string
	f.svc.Observe(func(e core.Event) {
		mu.Lock()
		defer mu.Unlock()
		s := string(e.Kind)
		switch e.Kind {
		case core.EventRefused:
			s += " " + e.Code
		case core.EventPaid:
			s += fmt.Sprintf(" payment %d", e.PaymentID)
		default:
			s += fmt.Sprintf(" %s→%s client %d", e.From, e.Status, e.ClientID)
		}
		if !e.At.Equal(core.DBTime(f.clock.Now())) {
			t.Errorf("%s at %v, want the transaction's now %v", s, e.At, f.clock.Now())
		}
		seen = append(seen, s)
	})
	took := func() []string {
		mu.Lock()
		defer mu.Unlock()
		out := seen
		seen = nil
		return out
	}
	expect := func(what string, want ...string) {
		t.Helper()
		if got := took(); !slices.Equal(got, want) {
			t.Fatalf("%s: events %q, want %q", what, got, want)
		}
	}
	free := f.session(f.free, 48*time.Hour, 1)
	maria, noa := f.client("Maria"), f.client("Noa")
	first, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: maria.ID, SessionID: free.ID})
	f.must(err)
	expect("Maria books", fmt.Sprintf("booked →confirmed client %d", maria.ID))
	_, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: noa.ID, SessionID: free.ID})
	f.must(err)
	expect("Noa books the full session", fmt.Sprintf("waitlisted →waitlisted client %d", noa.ID))
	if _, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: maria.ID, SessionID: free.ID}); core.ErrorCode(err) != core.ECONFLICT {
		t.Fatalf("Maria books again: %v, want ECONFLICT", err)
	}
	expect("Maria books again", "refused conflict")
	if _, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: maria.ID, SessionID: free.ID + 1000}); core.ErrorCode(err) != core.ENOTFOUND {
		t.Fatalf("an unknown session: %v, want ENOTFOUND", err)
	}
	expect("an unknown session")

	_, _, err = f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: maria.ID, BookingID: first.Booking.ID, Reason: "ill"})
	f.must(err)
	expect("Maria cancels", fmt.Sprintf("cancelled confirmed→cancelled client %d", maria.ID),
		fmt.Sprintf("promoted waitlisted→confirmed client %d", noa.ID))

	paid := f.session(f.paid, 72*time.Hour, 1)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: maria.ID, SessionID: paid.ID, Pay: true})
	f.must(err)
	expect("Maria books a paid session", fmt.Sprintf("booked →pending_payment client %d", maria.ID))
	_, err = f.svc.Payments.MarkPaymentPaid(f.ctx, res.Payment.ID, core.MethodManual, "")
	f.must(err)
	expect("her payment marked paid", fmt.Sprintf("paid payment %d", res.Payment.ID))
}
