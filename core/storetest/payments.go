package storetest

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// A client without a pass books a paid 1:1: the seat is held unpaid for
// the coach's hold time; paying confirms it.
func testPaidBookingHoldAndPay(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c := f.client("Maria")
	sess := f.session(f.paid, 48*time.Hour, 1)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
	f.must(err)
	b := res.Booking
	if b.Status != core.BookingPendingPayment || res.Payment == nil || res.Payment.Amount != f.paid.Price ||
		!b.HoldUntil.Equal(T0.Add(30*time.Minute)) || b.PaymentID != res.Payment.ID {
		t.Fatalf("booking = %+v, payment = %+v", b, res.Payment)
	}
	if f.payment(res.Payment.ID).BookingID != b.ID {
		t.Fatal("payment does not point at its booking")
	}
	// The held seat counts: a second client is waitlisted.
	c2 := f.client("Noah")
	res2, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c2.ID, SessionID: sess.ID})
	f.must(err)
	if res2.Booking.Status != core.BookingWaitlisted || res2.Position != 1 {
		t.Fatalf("second = %+v pos %d", res2.Booking, res2.Position)
	}
	_, err = f.svc.Payments.MarkPaymentPaid(f.ctx, res.Payment.ID, core.MethodManual, "cash")
	f.must(err)
	if got := f.booking(b.ID); got.Status != core.BookingConfirmed || !got.HoldUntil.IsZero() {
		t.Fatalf("after payment: %+v", got)
	}
	if kinds := f.noticeKinds(c.ID); !contains(kinds, "awaiting_payment") || !contains(kinds, "booked") || !contains(kinds, "payment_paid") {
		t.Fatalf("client notices = %v", kinds)
	}
	// Holds that were paid are not released.
	f.clock.Advance(time.Hour)
	if n, err := f.svc.Payments.ReleaseExpiredHolds(f.ctx); err != nil || n != 0 {
		t.Fatalf("ReleaseExpiredHolds = %d, %v", n, err)
	}
}

// An unpaid hold ends: the seat goes to the first in line, the late payer
// is refunded rather than double-booking the seat.
func testHoldReleasedPromotesNext(t *testing.T, open Opener) {
	f := newFixture(t, open)
	slow := f.client("Slow")
	next, p := f.withPass("Next", f.pack)
	sess := f.session(f.paid, 48*time.Hour, 1)
	held, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: slow.ID, SessionID: sess.ID})
	f.must(err)
	wait, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: next.ID, SessionID: sess.ID})
	f.must(err)
	if wait.Booking.Status != core.BookingWaitlisted || f.pass(p.ID).CreditsLeft != 10 {
		t.Fatal("waitlisting must not charge the pass")
	}
	f.clock.Advance(29 * time.Minute)
	if n, _ := f.svc.Payments.ReleaseExpiredHolds(f.ctx); n != 0 {
		t.Fatal("hold released early")
	}
	f.clock.Advance(time.Minute)
	if n, err := f.svc.Payments.ReleaseExpiredHolds(f.ctx); err != nil || n != 1 {
		t.Fatalf("ReleaseExpiredHolds = %d, %v", n, err)
	}
	if got := f.booking(held.Booking.ID); got.Status != core.BookingCancelled || got.Reason != "unpaid" {
		t.Fatalf("held = %+v", got)
	}
	if pay := f.payment(held.Payment.ID); pay.Status != core.PaymentCancelled {
		t.Fatalf("payment = %+v", pay)
	}
	if got := f.booking(wait.Booking.ID); got.Status != core.BookingConfirmed || got.PassID != p.ID || f.pass(p.ID).CreditsLeft != 9 {
		t.Fatalf("next in line = %+v", got)
	}
	if !contains(f.noticeKinds(slow.ID), "hold_released") || !contains(f.noticeKinds(next.ID), "promoted") {
		t.Fatal("someone was not told")
	}
	if told := f.notices(core.NoticeFilter{ToKind: core.ToCoach, ToID: f.coach.ID, Kind: core.NoticeCoachHoldReleased}); len(told) != 1 ||
		told[0].BookingID != held.Booking.ID || told[0].Data["amount"] != f.paid.Price.String() {
		t.Fatalf("the coach was not told of the release: %+v", told)
	}
	// The slow client pays after all: money recorded, marked for refund,
	// the seat stays with the promoted client.
	late, err := f.svc.Payments.MarkPaymentPaid(f.ctx, held.Payment.ID, core.MethodStripe, "cs_late")
	f.must(err)
	if late.Status != core.PaymentPaid || !late.RefundDue {
		t.Fatalf("late payment = %+v", late)
	}
	if got := f.booking(held.Booking.ID); got.Status != core.BookingCancelled {
		t.Fatalf("late payer's booking = %s", got.Status)
	}
}

// A waitlisted client without a pass is promoted into a payment hold on a
// paid session, and skipped (and told) on a pass-only class.
func testPromotionWithoutPass(t *testing.T, open Opener) {
	f := newFixture(t, open)
	first, _ := f.withPass("First", f.pack)
	waiter := f.client("Waiter")
	sess := f.session(f.paid, 48*time.Hour, 1)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: first.ID, SessionID: sess.ID})
	f.must(err)
	w, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: waiter.ID, SessionID: sess.ID})
	f.must(err)
	_, _, err = f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: first.ID, BookingID: res.Booking.ID})
	f.must(err)
	got := f.booking(w.Booking.ID)
	if got.Status != core.BookingPendingPayment || got.PaymentID == 0 || f.payment(got.PaymentID).Amount != f.paid.Price {
		t.Fatalf("promoted without pass = %+v", got)
	}
	if !contains(f.noticeKinds(waiter.ID), "promoted_pay") {
		t.Fatalf("waiter notices = %v", f.noticeKinds(waiter.ID))
	}

	class := f.session(f.class, 72*time.Hour, 1)
	seated, _ := f.withPass("Seated", f.pack)
	nopass := f.client("No pass")
	second, _ := f.withPass("Second", f.pack)
	r1, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: seated.ID, SessionID: class.ID})
	f.must(err)
	w1, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: nopass.ID, SessionID: class.ID})
	f.must(err)
	w2, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: second.ID, SessionID: class.ID})
	f.must(err)
	_, _, err = f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: seated.ID, BookingID: r1.Booking.ID})
	f.must(err)
	if s := f.booking(w1.Booking.ID).Status; s != core.BookingCancelled {
		t.Fatalf("client without pass = %s, want skipped", s)
	}
	if s := f.booking(w2.Booking.ID).Status; s != core.BookingConfirmed {
		t.Fatalf("next with pass = %s, want confirmed", s)
	}
	if !contains(f.noticeKinds(nopass.ID), "promotion_skipped") {
		t.Fatal("skipped client not told")
	}
}
