package storetest

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// lateClass is a full one-seat class 10 hours away (inside the default
// 24 h window): a seated client with a pass and two waiting clients with
// passes, in order.
func (f *fixture) lateClass() (sess *core.Session, seated *core.Booking, first, second *core.Booking, passes [3]*core.Pass) {
	f.t.Helper()
	sess = f.session(f.class, 10*time.Hour, 1)
	var bs [3]*core.Booking
	for i, name := range []string{"Seated", "First", "Second"} {
		c, p := f.withPass(name, f.pack)
		res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
		f.must(err)
		bs[i], passes[i] = res.Booking, p
	}
	return sess, bs[0], bs[1], bs[2], passes
}

// Inside the late window a freed seat is offered, not given: the pass is
// charged only when the first in line accepts.
func testLateSeatOfferAccepted(t *testing.T, open Opener) {
	f := newFixture(t, open)
	_, seated, first, second, passes := f.lateClass()
	_, _, err := f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: seated.ClientID, BookingID: seated.ID, Reason: "ill"})
	f.must(err)
	offered := f.booking(first.ID)
	hold := core.DBTime(f.clock.Now().Add(30 * time.Minute))
	if offered.Status != core.BookingPendingPayment || offered.PaymentID != 0 || !offered.HoldUntil.Equal(hold) {
		t.Fatalf("first in line = %+v, want a seat held for them until %v", offered, hold)
	}
	if f.pass(passes[1].ID).CreditsLeft != 10 {
		t.Fatal("the offer charged the pass")
	}
	if got := f.noticeKinds(first.ClientID); !contains(got, string(core.NoticeOffer)) || contains(got, string(core.NoticePromoted)) {
		t.Fatalf("first in line was told %v", got)
	}
	if s := f.booking(second.ID).Status; s != core.BookingWaitlisted {
		t.Fatalf("second in line = %s", s)
	}
	if o, err := OpenOffer(f.ctx, f.store, first.ClientID, first.ID); err != nil || !o.Until.Equal(hold) {
		t.Fatalf("open offer = %+v, %v", o, err)
	}
	// Someone else cannot answer it; a newcomer cannot take the held seat.
	_, err = f.svc.Bookings.AcceptOffer(f.ctx, second.ClientID, first.ID)
	expectCode(t, err, core.EUNAUTHORIZED)
	late, _ := f.withPass("Late", f.pack)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: late.ID, SessionID: first.SessionID})
	f.must(err)
	if res.Booking.Status != core.BookingWaitlisted {
		t.Fatalf("a newcomer took the offered seat: %s", res.Booking.Status)
	}

	f.clock.Advance(10 * time.Minute)
	b, err := f.svc.Bookings.AcceptOffer(f.ctx, first.ClientID, first.ID)
	f.must(err)
	if b.Status != core.BookingConfirmed || !b.Charged || f.pass(passes[1].ID).CreditsLeft != 9 {
		t.Fatalf("accepted = %+v, credits %d", b, f.pass(passes[1].ID).CreditsLeft)
	}
	if got := f.noticeKinds(first.ClientID); !contains(got, string(core.NoticePromoted)) || !contains(got, string(core.NoticeReminder)) {
		t.Fatalf("after accepting, notices %v", got)
	}
	_, err = f.svc.Bookings.AcceptOffer(f.ctx, first.ClientID, first.ID)
	expectCode(t, err, core.ECONFLICT)
	if n, err := f.svc.Bookings.ExpireOffers(f.ctx); err != nil || n != 0 {
		t.Fatalf("ExpireOffers after accept = %d, %v", n, err)
	}
}

// Passing or staying silent hands the seat to the next in line, who gets
// their own offer; the silent one is told.
func testLateSeatOfferPassedAndExpired(t *testing.T, open Opener) {
	f := newFixture(t, open)
	_, seated, first, second, passes := f.lateClass()
	_, _, err := f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: seated.ClientID, BookingID: seated.ID})
	f.must(err)
	f.must(f.svc.Bookings.PassOffer(f.ctx, first.ClientID, first.ID))
	if b := f.booking(first.ID); b.Status != core.BookingCancelled {
		t.Fatalf("passed = %+v", b)
	}
	if b := f.booking(second.ID); b.Status != core.BookingPendingPayment || b.PaymentID != 0 {
		t.Fatalf("next in line = %+v, want an offer", b)
	}
	expectCode(t, f.svc.Bookings.PassOffer(f.ctx, first.ClientID, first.ID), core.ECONFLICT)

	f.clock.Advance(29 * time.Minute)
	if n, err := f.svc.Bookings.ExpireOffers(f.ctx); err != nil || n != 0 {
		t.Fatalf("expired early: %d, %v", n, err)
	}
	f.clock.Advance(time.Minute)
	_, err = f.svc.Bookings.AcceptOffer(f.ctx, second.ClientID, second.ID)
	expectCode(t, err, core.ECONFLICT) // too late, even before the job runs
	if n, err := f.svc.Bookings.ExpireOffers(f.ctx); err != nil || n != 1 {
		t.Fatalf("ExpireOffers = %d, %v", n, err)
	}
	if b := f.booking(second.ID); b.Status != core.BookingCancelled || b.Reason != "offer expired" {
		t.Fatalf("silent = %+v", b)
	}
	if !contains(f.noticeKinds(second.ClientID), string(core.NoticeOfferExpired)) {
		t.Fatalf("silent client told %v", f.noticeKinds(second.ClientID))
	}
	if f.pass(passes[1].ID).CreditsLeft != 10 || f.pass(passes[2].ID).CreditsLeft != 10 {
		t.Fatal("a declined or lapsed offer charged a pass")
	}
	// The hold job leaves lapsed offers to ExpireOffers' words.
	if n, err := f.svc.Payments.ReleaseExpiredHolds(f.ctx); err != nil || n != 0 {
		t.Fatalf("ReleaseExpiredHolds = %d, %v", n, err)
	}
}

// A paid session offered to a client without a pass: accepting opens the
// usual payment hold.
func testLateSeatOfferPaidSession(t *testing.T, open Opener) {
	f := newFixture(t, open)
	sess := f.session(f.paid, 5*time.Hour, 1)
	seated, _ := f.withPass("Seated", f.pack)
	waiter := f.client("Waiter")
	r1, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: seated.ID, SessionID: sess.ID})
	f.must(err)
	w, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: waiter.ID, SessionID: sess.ID})
	f.must(err)
	_, _, err = f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: seated.ID, BookingID: r1.Booking.ID})
	f.must(err)
	f.clock.Advance(time.Minute)
	b, err := f.svc.Bookings.AcceptOffer(f.ctx, waiter.ID, w.Booking.ID)
	f.must(err)
	if b.Status != core.BookingPendingPayment || b.PaymentID == 0 || !b.HoldUntil.Equal(core.DBTime(f.clock.Now().Add(30*time.Minute))) {
		t.Fatalf("accepted without pass = %+v", b)
	}
	if p := f.payment(b.PaymentID); p.Amount != f.paid.Price || p.Status != core.PaymentPending || p.BookingID != b.ID {
		t.Fatalf("payment = %+v", p)
	}
	if !contains(f.noticeKinds(waiter.ID), string(core.NoticePromotedPay)) {
		t.Fatalf("waiter told %v", f.noticeKinds(waiter.ID))
	}
	_, err = f.svc.Payments.MarkPaymentPaid(f.ctx, b.PaymentID, core.MethodManual, "")
	f.must(err)
	if got := f.booking(b.ID); got.Status != core.BookingConfirmed {
		t.Fatalf("paid = %+v", got)
	}
}
