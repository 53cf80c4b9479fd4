package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Outside the 24 h window the credit comes back and the coach hears why.
func testCancelOutsideWindow(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c, p := f.withPass("Maria", f.pack)
	sess := f.session(f.class, 48*time.Hour, 5)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
	f.must(err)
	preview, err := CancelPreview(f.ctx, f.svc, c.ID, res.Booking.ID)
	f.must(err)
	if preview.Late || preview.CreditsReturned != 1 {
		t.Fatalf("preview = %+v", preview)
	}
	// The cancel screen reads the same preview with the booking as shown.
	view, screen, err := f.svc.Bookings.CancelScreen(f.ctx, c.ID, res.Booking.ID)
	f.must(err)
	mine, err := f.svc.Bookings.MyBooking(f.ctx, c.ID, res.Booking.ID)
	f.must(err)
	if *screen != *preview || view.Booking.ID != mine.Booking.ID || view.Session.ID != sess.ID ||
		view.Pass.ID != p.ID || view.Coach.ID != mine.Coach.ID || view.Type.ID != mine.Type.ID {
		t.Fatalf("cancel screen = %+v %+v, want %+v %+v", view, screen, mine, preview)
	}
	b, out, err := f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: c.ID, BookingID: res.Booking.ID, Reason: "  work trip  "})
	f.must(err)
	if *out != *preview || b.Status != core.BookingCancelled || b.Reason != "work trip" {
		t.Fatalf("cancel = %+v %+v", b, out)
	}
	if f.pass(p.ID).CreditsLeft != 10 {
		t.Fatal("credit not returned")
	}
	coach := f.notices(core.NoticeFilter{ToKind: core.ToCoach, Kind: core.NoticeCoachCancelled})
	if len(coach) != 1 || coach[0].Data["reason"] != "work trip" {
		t.Fatalf("coach notice = %+v", coach)
	}
	// The reminders of a cancelled booking are withdrawn.
	if rs := f.notices(core.NoticeFilter{BookingID: b.ID, Kind: core.NoticeReminder, Status: core.NoticePending}); len(rs) != 0 {
		t.Fatalf("%d reminders still pending", len(rs))
	}
}

// Inside the window the coach's rule decides: forfeit keeps the credit,
// fee returns it and bills the fee, none returns it.
func testCancelInsideWindow(t *testing.T, open Opener) {
	for _, tc := range []struct {
		rule             core.LateOutcome
		creditsLeft      int
		fee              int64
		returned, forfed int
	}{
		{core.LateForfeit, 9, 0, 0, 1},
		{core.LateFee, 10, 1500, 1, 0},
		{core.LateNone, 10, 0, 1, 0},
	} {
		t.Run(string(tc.rule), func(t *testing.T) {
			f := newFixture(t, open)
			pol := core.DefaultPolicy()
			pol.LateOutcome = tc.rule
			if tc.fee > 0 {
				pol.LateFee = core.Money{Amount: tc.fee, Currency: "EUR"}
			}
			f.must(f.svc.Catalog.SetPolicy(f.ctx, f.coach.ID, pol))
			c, p := f.withPass("Maria", f.pack)
			sess := f.session(f.class, 10*time.Hour, 5)
			res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
			f.must(err)
			preview, err := CancelPreview(f.ctx, f.svc, c.ID, res.Booking.ID)
			f.must(err)
			if !preview.Late || preview.Applied != tc.rule || preview.CreditsReturned != tc.returned || preview.CreditsForfeited != tc.forfed || preview.Fee.Amount != tc.fee {
				t.Fatalf("preview = %+v", preview)
			}
			b, _, err := f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: c.ID, BookingID: res.Booking.ID, Reason: "overslept"})
			f.must(err)
			if b.Status != core.BookingLateCancelled {
				t.Fatalf("status = %s", b.Status)
			}
			if got := f.pass(p.ID).CreditsLeft; got != tc.creditsLeft {
				t.Fatalf("credits left = %d, want %d", got, tc.creditsLeft)
			}
			var fees []*core.Payment
			f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) {
				fees, err = tx.Payments(core.PaymentFilter{ClientID: c.ID, Status: core.PaymentPending})
				return
			}))
			if (tc.fee > 0) != (len(fees) == 1) || (tc.fee > 0 && (fees[0].Purpose != core.PurposeFee || fees[0].Amount.Amount != tc.fee)) {
				t.Fatalf("fee payments = %+v", fees)
			}
		})
	}
}

// A coach cancelling a class: everyone's credit back, paid money marked for
// refund, holds dropped, waitlist released, each client told once.
func testCoachCancelsSession(t *testing.T, open Opener) {
	f := newFixture(t, open)
	sess := f.session(f.class, 10*time.Hour, 2) // inside the window: coach cancels still cost nothing
	var clients []*core.Client
	var passes []*core.Pass
	for _, n := range []string{"A", "B", "C"} {
		c, p := f.withPass(n, f.pack)
		clients, passes = append(clients, c), append(passes, p)
		_, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
		f.must(err)
	}
	n, err := f.svc.Bookings.CancelSession(f.ctx, f.coach.ID, sess.ID, "coach ill")
	f.must(err)
	if n != 3 {
		t.Fatalf("%d bookings cancelled, want 3", n)
	}
	for i, c := range clients {
		if got := f.pass(passes[i].ID).CreditsLeft; got != 10 {
			t.Fatalf("%s has %d credits, want 10", c.Name, got)
		}
		told := f.notices(core.NoticeFilter{ToID: c.ID, ToKind: core.ToClient, Kind: core.NoticeSessionCancelled})
		if len(told) != 1 || told[0].Data["reason"] != "coach ill" {
			t.Fatalf("%s told %d times: %+v", c.Name, len(told), told)
		}
	}
	for _, b := range f.bookings(core.BookingFilter{SessionID: sess.ID}) {
		if b.Status != core.BookingCancelled {
			t.Fatalf("booking %d is %s", b.ID, b.Status)
		}
	}
	// Paid 1:1: the payment is marked for refund, once.
	c := f.client("Payer")
	one := f.session(f.paid, 30*time.Hour, 1)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: one.ID})
	f.must(err)
	_, err = f.svc.Payments.MarkPaymentPaid(f.ctx, res.Payment.ID, core.MethodManual, "")
	f.must(err)
	_, err = f.svc.Bookings.CancelSession(f.ctx, f.coach.ID, one.ID, "")
	f.must(err)
	if pay := f.payment(res.Payment.ID); !pay.RefundDue || pay.Status != core.PaymentPaid {
		t.Fatalf("payment after coach cancel = %+v", pay)
	}
	_, err = f.svc.Bookings.CancelSession(f.ctx, f.coach.ID, one.ID, "")
	expectCode(t, err, core.ECONFLICT)
	refunded, err := f.svc.Payments.MarkPaymentRefunded(f.ctx, f.coach.ID, res.Payment.ID, "")
	f.must(err)
	if refunded.Status != core.PaymentRefunded || refunded.RefundDue {
		t.Fatalf("refunded = %+v", refunded)
	}
	_, err = f.svc.Payments.MarkPaymentRefunded(f.ctx, f.coach.ID, res.Payment.ID, "")
	expectCode(t, err, core.ECONFLICT)
	other := &core.Coach{Name: "Ben", Zone: "Europe/London"}
	f.must(f.svc.Accounts.CreateCoach(f.ctx, other))
	_, err = f.svc.Bookings.CancelSession(f.ctx, other.ID, f.session(f.class, 50*time.Hour, 3).ID, "")
	expectCode(t, err, core.EUNAUTHORIZED)
}

// CancelShown cancels as Cancel does and answers the booking as MyBooking
// reads it afterwards: cancelled, its session, type and coach, and the
// pass with the credit back.
func testCancelShown(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c, p := f.withPass("Maria", f.pack)
	sess := f.session(f.class, 48*time.Hour, 5)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
	f.must(err)
	v, out, err := f.svc.Bookings.CancelShown(f.ctx, core.CancelRequest{ClientID: c.ID, BookingID: res.Booking.ID, Reason: "flu"})
	f.must(err)
	mine, err := f.svc.Bookings.MyBooking(f.ctx, c.ID, res.Booking.ID)
	f.must(err)
	if !reflect.DeepEqual(v, mine) {
		t.Fatalf("shown %+v\nread after %+v", v, mine)
	}
	if out.CreditsReturned != 1 || v.Booking.Status != core.BookingCancelled || v.Pass.ID != p.ID || v.Pass.CreditsLeft != 10 {
		t.Fatalf("cancel shown = %+v %+v (pass %+v)", v.Booking, out, v.Pass)
	}
	_, _, err = f.svc.Bookings.CancelShown(f.ctx, core.CancelRequest{ClientID: c.ID, BookingID: res.Booking.ID})
	expectCode(t, err, core.ECONFLICT)
}
