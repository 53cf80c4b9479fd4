package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Online payment cases about money that comes late or twice, and
// refunds (registered in testPaymentProvider).

// Money comes after the hold was released but nobody took the seat: the
// client is seated again.
func testLatePaymentSeatStillFree(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c, res := f.heldSeat("Maria")
	f.openPage(res.Payment.ID, "cs_late")
	f.clock.Advance(40 * time.Minute)
	if n, err := f.svc.Payments.ReleaseExpiredHolds(f.ctx); err != nil || n != 1 {
		t.Fatalf("ReleaseExpiredHolds = %d, %v", n, err)
	}
	p, _, err := f.svc.Payments.CheckoutPaid(f.ctx, stripeEvent("evt_late", "checkout.session.completed"), "cs_late", "pi_late")
	f.must(err)
	if p.Status != core.PaymentPaid || p.RefundDue || p.BookingID == res.Booking.ID {
		t.Fatalf("payment = %+v", p)
	}
	nb := f.booking(p.BookingID)
	if nb.Status != core.BookingConfirmed || nb.ClientID != c.ID || nb.SessionID != res.Booking.SessionID || nb.PaymentID != p.ID {
		t.Fatalf("new booking = %+v", nb)
	}
	if !contains(f.noticeKinds(c.ID), "booked") || !contains(f.noticeKinds(c.ID), "payment_paid") {
		t.Fatalf("client notices = %v", f.noticeKinds(c.ID))
	}
}

// Money comes after the seat went to the next in line: by default it is
// refunded and the client told; the refund is made once.
func testLatePaymentSeatTakenRefund(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c, res := f.heldSeat("Slow")
	next, _ := f.withPass("Next", f.pack)
	w, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: next.ID, SessionID: res.Booking.SessionID})
	f.must(err)
	f.openPage(res.Payment.ID, "cs_slow")
	f.clock.Advance(40 * time.Minute)
	_, err = f.svc.Payments.ReleaseExpiredHolds(f.ctx)
	f.must(err)
	p, _, err := f.svc.Payments.CheckoutPaid(f.ctx, stripeEvent("evt_late", "checkout.session.completed"), "cs_slow", "pi_slow")
	f.must(err)
	if p.Status != core.PaymentPaid || !p.RefundDue {
		t.Fatalf("payment = %+v", p)
	}
	if f.booking(w.Booking.ID).Status != core.BookingConfirmed || f.booking(res.Booking.ID).Status != core.BookingCancelled {
		t.Fatal("the seat changed hands again")
	}
	late := f.notices(core.NoticeFilter{ToKind: core.ToClient, ToID: c.ID, Kind: core.NoticePaymentLate})
	if len(late) != 1 || late[0].Data["outcome"] != "refund" {
		t.Fatalf("late notices = %+v", late)
	}
	tasks, err := f.svc.Payments.RefundsDue(f.ctx, core.MethodStripe, 0)
	f.must(err)
	if len(tasks) != 1 || tasks[0].Payment.ID != p.ID || tasks[0].Page.PaymentRef != "pi_slow" {
		t.Fatalf("refunds due = %+v", tasks)
	}
	for i := 0; i < 2; i++ {
		got, err := f.svc.Payments.RefundMade(f.ctx, core.MethodStripe, p.ID, "re_1")
		f.must(err)
		if got.Status != core.PaymentRefunded || got.RefundDue {
			t.Fatalf("after refund = %+v", got)
		}
	}
	if n := countKind(f.noticeKinds(c.ID), "payment_refunded"); n != 1 {
		t.Fatalf("%d refund notices", n)
	}
	if tasks, _ := f.svc.Payments.RefundsDue(f.ctx, core.MethodStripe, 0); len(tasks) != 0 {
		t.Fatal("refunded twice")
	}
	// Stripe's own word about that refund changes nothing more.
	if _, fresh, err := f.svc.Payments.ProviderRefunded(f.ctx, stripeEvent("evt_ref", "charge.refunded"), "pi_slow", "re_1"); err != nil || !fresh {
		t.Fatalf("ProviderRefunded = %v, %v", fresh, err)
	}
	if n := countKind(f.noticeKinds(c.ID), "payment_refunded"); n != 1 {
		t.Fatalf("%d refund notices", n)
	}
}

// A coach who keeps late money as credit: the client gets the session's
// credits on a pass for that kind of session.
func testLatePaymentSeatTakenCredit(t *testing.T, open Opener) {
	f := newFixture(t, open)
	f.must(f.svc.Payments.SetPaymentPolicy(f.ctx, core.PaymentPolicy{CoachID: f.coach.ID, LatePayment: core.LatePaymentCredit}))
	c, res := f.heldSeat("Slow")
	next, _ := f.withPass("Next", f.pack)
	_, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: next.ID, SessionID: res.Booking.SessionID})
	f.must(err)
	f.openPage(res.Payment.ID, "cs_slow")
	f.clock.Advance(40 * time.Minute)
	_, err = f.svc.Payments.ReleaseExpiredHolds(f.ctx)
	f.must(err)
	p, _, err := f.svc.Payments.CheckoutPaid(f.ctx, stripeEvent("evt_late", "checkout.session.completed"), "cs_slow", "pi_slow")
	f.must(err)
	if p.Status != core.PaymentPaid || p.RefundDue || p.PassID == 0 {
		t.Fatalf("payment = %+v", p)
	}
	pass := f.pass(p.PassID)
	if pass.ClientID != c.ID || pass.CreditsLeft != 1 || len(pass.TypeIDs) != 1 || pass.TypeIDs[0] != f.paid.ID ||
		!pass.Expires.After(f.clock.Now().AddDate(0, 11, 0)) {
		t.Fatalf("credit pass = %+v", pass)
	}
	late := f.notices(core.NoticeFilter{ToKind: core.ToClient, ToID: c.ID, Kind: core.NoticePaymentLate})
	if len(late) != 1 || late[0].Data["outcome"] != "credit" || late[0].Data["credits"] != "1" {
		t.Fatalf("late notices = %+v", late)
	}
	if tasks, _ := f.svc.Payments.RefundsDue(f.ctx, core.MethodStripe, 0); len(tasks) != 0 {
		t.Fatal("credit kept and refunded")
	}
}

// The coach marked the seat paid in cash, then the client paid online
// too: the online money is recorded apart and refunded.
func testPaidTwiceRefundsSecond(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c, res := f.heldSeat("Maria")
	f.openPage(res.Payment.ID, "cs_twice")
	_, err := f.svc.Payments.MarkPaymentPaid(f.ctx, res.Payment.ID, core.MethodManual, "")
	f.must(err)
	dup, _, err := f.svc.Payments.CheckoutPaid(f.ctx, stripeEvent("evt_twice", "checkout.session.completed"), "cs_twice", "pi_twice")
	f.must(err)
	if dup.ID == res.Payment.ID || dup.Status != core.PaymentPaid || !dup.RefundDue || dup.ExternalID != "cs_twice" {
		t.Fatalf("second payment = %+v", dup)
	}
	if p := f.payment(res.Payment.ID); p.Method != core.MethodManual || p.RefundDue {
		t.Fatalf("cash payment = %+v", p)
	}
	// Another event about the same page records nothing more.
	again, fresh, err := f.svc.Payments.CheckoutPaid(f.ctx, stripeEvent("evt_twice_async", "checkout.session.async_payment_succeeded"), "cs_twice", "pi_twice")
	f.must(err)
	if !fresh || again.ID != dup.ID || len(f.payments(c.ID)) != 2 {
		t.Fatalf("second event: %+v, %d payments", again, len(f.payments(c.ID)))
	}
	tasks, err := f.svc.Payments.RefundsDue(f.ctx, core.MethodStripe, 0)
	f.must(err)
	if len(tasks) != 1 || tasks[0].Payment.ID != dup.ID {
		t.Fatalf("refunds due = %+v", tasks)
	}
	got, _, err := f.svc.Payments.ProviderRefunded(f.ctx, stripeEvent("evt_twice_ref", "charge.refunded"), "pi_twice", "")
	f.must(err)
	if got.ID != dup.ID || got.Status != core.PaymentRefunded {
		t.Fatalf("refunded = %+v", got)
	}
	if s := f.payment(res.Payment.ID).Status; s != core.PaymentPaid {
		t.Fatalf("cash payment = %s", s)
	}
	if !contains(f.noticeKinds(c.ID), "payment_late") {
		t.Fatal("client not told about paying twice")
	}
}

// A refund event before the payment is known as paid changes nothing and
// can come again; a failed refund hands the money back to the coach.
func testRefundEvents(t *testing.T, open Opener) {
	f := newFixture(t, open)
	_, res := f.heldSeat("Maria")
	pg := f.openPage(res.Payment.ID, "cs_r")
	// The page's money is known only once paid; before, nothing matches.
	if _, _, err := f.svc.Payments.ProviderRefunded(f.ctx, stripeEvent("evt_r1", "charge.refunded"), "pi_r", ""); core.ErrorCode(err) != core.ENOTFOUND {
		t.Fatalf("refund of unknown money: %v", err)
	}
	// Record the money but not the payment, as an out-of-order delivery would.
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error {
		pg.PaymentRef = "pi_r"
		return tx.PutCheckout(pg)
	}))
	before := f.snapshot()
	_, _, err := f.svc.Payments.ProviderRefunded(f.ctx, stripeEvent("evt_r1", "charge.refunded"), "pi_r", "re_r")
	if !errors.Is(err, core.ErrNotYet) {
		t.Fatalf("refund before payment: %v", err)
	}
	if f.snapshot() != before {
		t.Fatal("an early refund event changed something")
	}
	_, _, err = f.svc.Payments.CheckoutPaid(f.ctx, stripeEvent("evt_r0", "checkout.session.completed"), "cs_r", "pi_r")
	f.must(err)
	p, fresh, err := f.svc.Payments.ProviderRefunded(f.ctx, stripeEvent("evt_r1", "charge.refunded"), "pi_r", "re_r")
	f.must(err)
	if !fresh || p.Status != core.PaymentRefunded {
		t.Fatalf("refund after payment = %+v %v", p, fresh)
	}
	fresh, err = f.svc.Payments.RefundFailed(f.ctx, stripeEvent("evt_r2", "charge.refund.updated"), "pi_r", "re_r")
	f.must(err)
	if p := f.payment(res.Payment.ID); !fresh || p.Status != core.PaymentPaid || p.RefundDue {
		t.Fatalf("after failed refund = %+v", p)
	}
	coach := f.notices(core.NoticeFilter{ToKind: core.ToCoach, ToID: f.coach.ID, Kind: core.NoticeCoachRefundDue})
	if len(coach) != 1 || coach[0].Data["why"] != "refund failed" {
		t.Fatalf("coach notices = %+v", coach)
	}
}

// The event-id record: a refund (evt_r1), then its failure, then evt_r1
// delivered again. The replay changes nothing — the payment stays as the
// failure left it, paid, rather than refunded a second time — and the
// client hears of the refund once.
func testRefundReplayAfterFailure(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c, res := f.heldSeat("Maria")
	f.openPage(res.Payment.ID, "cs_rr")
	_, _, err := f.svc.Payments.CheckoutPaid(f.ctx, stripeEvent("evt_r0", "checkout.session.completed"), "cs_rr", "pi_rr")
	f.must(err)
	refundNotices := func() int { return countKind(f.noticeKinds(c.ID), string(core.NoticePaymentRefunded)) }
	if _, fresh, err := f.svc.Payments.ProviderRefunded(f.ctx, stripeEvent("evt_r1", "charge.refunded"), "pi_rr", "re_rr"); err != nil || !fresh {
		t.Fatalf("refund: %v %v", fresh, err)
	}
	if p := f.payment(res.Payment.ID); p.Status != core.PaymentRefunded || refundNotices() != 1 {
		t.Fatalf("after the refund: %s, %d refund notices", p.Status, refundNotices())
	}
	if fresh, err := f.svc.Payments.RefundFailed(f.ctx, stripeEvent("evt_r2", "refund.failed"), "pi_rr", "re_rr"); err != nil || !fresh {
		t.Fatalf("refund failed: %v %v", fresh, err)
	}
	if p := f.payment(res.Payment.ID); p.Status != core.PaymentPaid {
		t.Fatalf("after the failure: %s, want paid", p.Status)
	}
	before := f.snapshot()
	p, fresh, err := f.svc.Payments.ProviderRefunded(f.ctx, stripeEvent("evt_r1", "charge.refunded"), "pi_rr", "re_rr")
	f.must(err)
	if fresh || p != nil {
		t.Fatalf("the replay of evt_r1 was applied: %+v", p)
	}
	if got := f.snapshot(); got != before {
		t.Fatalf("the replay of evt_r1 changed:\n%s\nwas:\n%s", got, before)
	}
	if n := refundNotices(); n != 1 {
		t.Fatalf("the client heard of the refund %d times", n)
	}
}

// A package bought online: the page lives Stripe's longest, and paying
// grants the pass once.
func testPackageCheckout(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c := f.client("Maria")
	pay, err := f.svc.Passes.BuyPackage(f.ctx, c.ID, f.pack.ID)
	f.must(err)
	plan, err := f.svc.Payments.PrepareCheckout(f.ctx, pay.ID, stripeRules)
	f.must(err)
	if plan.Product != "10 sessions" || !plan.Page.Expires.Equal(T0.Add(24*time.Hour-2*time.Minute)) {
		t.Fatalf("plan = %+v, expires %s", plan, plan.Page.Expires)
	}
	f.openPage(pay.ID, "cs_pack")
	for i := 0; i < 3; i++ {
		_, _, err := f.svc.Payments.CheckoutPaid(f.ctx, stripeEvent("evt_pack", "checkout.session.completed"), "cs_pack", "pi_pack")
		f.must(err)
	}
	var passes []*core.Pass
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) { passes, err = tx.Passes(c.ID); return }))
	if len(passes) != 1 || passes[0].CreditsLeft != 10 || f.payment(pay.ID).PassID != passes[0].ID {
		t.Fatalf("passes = %d", len(passes))
	}
	_, err = f.svc.Payments.PrepareCheckout(f.ctx, pay.ID, stripeRules)
	expectCode(t, err, core.ECONFLICT)
}

// payments lists a client's payments.
func (f *fixture) payments(clientID int64) []*core.Payment {
	f.t.Helper()
	var ps []*core.Payment
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) {
		ps, err = tx.Payments(core.PaymentFilter{ClientID: clientID})
		return
	}))
	return ps
}

func countKind(kinds []string, kind string) int {
	n := 0
	for _, k := range kinds {
		if k == kind {
			n++
		}
	}
	return n
}
