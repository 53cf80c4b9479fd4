package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// stripeRules are Stripe's limits on a Checkout Session, as the Stripe
// adapter passes them.
var stripeRules = core.CheckoutRules{Provider: core.MethodStripe, MinLife: 30 * time.Minute, MaxLife: 24 * time.Hour, Grace: 5 * time.Minute}

// testPaymentProvider is online payment end to end in the domain: pages,
// provider events applied once, late money, refunds.
func testPaymentProvider(t *testing.T, open Opener) {
	for _, c := range []testCase{
		{"StoreRows", testProviderStoreRows},
		{"CheckoutPageLinesUpWithHold", testCheckoutPageLinesUpWithHold},
		{"PaidEventAppliedOnce", testPaidEventAppliedOnce},
		{"PaidEventsRacing", testPaidEventsRacing},
		{"ExpiredPageReleasesSeat", testExpiredPageReleasesSeat},
		{"LatePaymentSeatStillFree", testLatePaymentSeatStillFree},
		{"LatePaymentSeatTakenRefund", testLatePaymentSeatTakenRefund},
		{"LatePaymentSeatTakenCredit", testLatePaymentSeatTakenCredit},
		{"PaidTwiceRefundsSecond", testPaidTwiceRefundsSecond},
		{"RefundEvents", testRefundEvents},
		{"RefundReplayAfterFailure", testRefundReplayAfterFailure},
		{"PackageCheckout", testPackageCheckout},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.fn(t, open)
		})
	}
}

// testProviderStoreRows: the rows behind pages, events and policies.
func testProviderStoreRows(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c := f.client("Maria")
	pay, err := f.svc.Passes.BuyPackage(f.ctx, c.ID, f.pack.ID)
	f.must(err)
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error {
		for i, want := range []bool{true, false, false} {
			if fresh, err := tx.MarkProviderEvent("stripe", "evt_1", "checkout.session.completed", T0); err != nil || fresh != want {
				t.Fatalf("MarkProviderEvent #%d = %v, %v", i, fresh, err)
			}
		}
		if fresh, err := tx.MarkProviderEvent("other", "evt_1", "x", T0); err != nil || !fresh {
			t.Fatalf("another provider's event = %v, %v", fresh, err)
		}
		if _, err := tx.LastCheckout(pay.ID); core.ErrorCode(err) != core.ENOTFOUND {
			t.Fatalf("LastCheckout of a payment without page: %v", err)
		}
		for _, a := range []int{1, 2} {
			pg := &core.CheckoutPage{PaymentID: pay.ID, Attempt: a, Provider: "stripe", Status: core.CheckoutCreating,
				Expires: T0.Add(time.Hour), Created: T0, Updated: T0}
			f.must(tx.PutCheckout(pg))
		}
		pg, err := tx.LastCheckout(pay.ID)
		f.must(err)
		if pg.Attempt != 2 || pg.SessionID != "" || !pg.Expires.Equal(T0.Add(time.Hour)) {
			t.Fatalf("last = %+v", pg)
		}
		pg.SessionID, pg.URL, pg.Status, pg.PaymentRef = "cs_2", "https://pay.example/2", core.CheckoutOpen, "pi_2"
		pg.Updated = T0.Add(time.Minute)
		f.must(tx.PutCheckout(pg))
		got, err := tx.CheckoutBySession("stripe", "cs_2")
		f.must(err)
		if *got != *pg {
			t.Fatalf("by session = %+v, want %+v", got, pg)
		}
		if got, err := tx.Checkout(pay.ID, 1); err != nil || got.Attempt != 1 || got.Status != core.CheckoutCreating {
			t.Fatalf("attempt 1 = %+v, %v", got, err)
		}
		if _, err := tx.Checkout(pay.ID, 3); core.ErrorCode(err) != core.ENOTFOUND {
			t.Fatalf("a missing attempt: %v", err)
		}
		if got, err := tx.CheckoutByPaymentRef("stripe", "pi_2"); err != nil || got.Attempt != 2 {
			t.Fatalf("by payment ref = %+v, %v", got, err)
		}
		for _, miss := range []func() error{
			func() error { _, err := tx.CheckoutBySession("stripe", "cs_nope"); return err },
			func() error { _, err := tx.CheckoutBySession("stripe", ""); return err },
			func() error { _, err := tx.CheckoutBySession("other", "cs_2"); return err },
			func() error { _, err := tx.CheckoutByPaymentRef("stripe", ""); return err },
		} {
			if err := miss(); core.ErrorCode(err) != core.ENOTFOUND {
				t.Fatalf("a missing page: %v", err)
			}
		}
		open, err := tx.OpenCheckouts("stripe", 0)
		f.must(err)
		if len(open) != 2 || open[0].Attempt != 1 {
			t.Fatalf("open pages = %d", len(open))
		}
		if pol, err := tx.PaymentPolicy(f.coach.ID); err != nil || pol.LatePayment != core.LatePaymentRefund {
			t.Fatalf("default policy = %+v, %v", pol, err)
		}
		return nil
	}))
	expectCode(t, f.svc.Payments.SetPaymentPolicy(f.ctx, core.PaymentPolicy{CoachID: f.coach.ID, LatePayment: "keep"}), core.EINVALID)
	expectCode(t, f.svc.Payments.SetPaymentPolicy(f.ctx, core.PaymentPolicy{CoachID: 999999, LatePayment: core.LatePaymentCredit}), core.ENOTFOUND)
	f.must(f.svc.Payments.SetPaymentPolicy(f.ctx, core.PaymentPolicy{CoachID: f.coach.ID, LatePayment: core.LatePaymentCredit}))
	if pol, err := f.svc.Payments.PaymentPolicy(f.ctx, f.coach.ID); err != nil || pol.LatePayment != core.LatePaymentCredit {
		t.Fatalf("policy = %+v, %v", pol, err)
	}
}

// heldSeat books a paid 1:1 two days ahead for a new client: a seat held
// for payment.
func (f *fixture) heldSeat(name string) (*core.Client, *core.BookResult) {
	f.t.Helper()
	c := f.client(name)
	sess := f.session(f.paid, 48*time.Hour, 1)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
	f.must(err)
	if res.Payment == nil {
		f.t.Fatal("no payment awaited")
	}
	return c, res
}

// openPage prepares and opens a page for a payment as a provider would.
func (f *fixture) openPage(paymentID int64, sessionID string) *core.CheckoutPage {
	f.t.Helper()
	plan, err := f.svc.Payments.PrepareCheckout(f.ctx, paymentID, stripeRules)
	f.must(err)
	pg := *plan.Page
	pg.SessionID, pg.URL = sessionID, "https://pay.example/"+sessionID
	out, err := f.svc.Payments.OpenCheckout(f.ctx, &pg, stripeRules)
	f.must(err)
	return out
}

func stripeEvent(id, kind string) core.ProviderEvent {
	return core.ProviderEvent{Provider: core.MethodStripe, ID: id, Kind: kind}
}

// The page expires when the hold would, but never sooner than Stripe
// allows; the hold then covers the page plus the grace. Asking again
// shows the same page; a new one is made only once it expired.
func testCheckoutPageLinesUpWithHold(t *testing.T, open Opener) {
	f := newFixture(t, open)
	_, res := f.heldSeat("Maria")
	plan, err := f.svc.Payments.PrepareCheckout(f.ctx, res.Payment.ID, stripeRules)
	f.must(err)
	want := T0.Add(32 * time.Minute) // the 30-minute hold is shorter than Stripe's minimum, plus slack
	if plan.Page.Attempt != 1 || !plan.Page.Expires.Equal(want) || plan.Page.URL != "" || plan.Product != "Standard session" ||
		plan.Detail == "" || plan.Language != "en" {
		t.Fatalf("plan = %+v page %+v", plan, plan.Page)
	}
	// A twin request a moment later asks for the same attempt.
	f.clock.Advance(10 * time.Second)
	twin, err := f.svc.Payments.PrepareCheckout(f.ctx, res.Payment.ID, stripeRules)
	f.must(err)
	if twin.Page.Attempt != 1 || !twin.Page.Expires.Equal(want) {
		t.Fatalf("twin = %+v", twin.Page)
	}
	pg := *plan.Page
	pg.SessionID, pg.URL = "cs_1", "https://pay.example/cs_1"
	_, err = f.svc.Payments.OpenCheckout(f.ctx, &pg, stripeRules)
	f.must(err)
	pay := f.payment(res.Payment.ID)
	if pay.Method != core.MethodStripe || pay.ExternalID != "cs_1" || pay.Status != core.PaymentPending {
		t.Fatalf("payment = %+v", pay)
	}
	if b := f.booking(res.Booking.ID); !b.HoldUntil.Equal(want.Add(5 * time.Minute)) {
		t.Fatalf("hold until %s, want %s", b.HoldUntil, want.Add(5*time.Minute))
	}
	again, err := f.svc.Payments.PrepareCheckout(f.ctx, res.Payment.ID, stripeRules)
	f.must(err)
	if again.Page.URL != pg.URL || again.Page.SessionID != "cs_1" {
		t.Fatalf("second ask = %+v", again.Page)
	}
	// The twin's answer stores the same page once.
	if twinOut, err := f.svc.Payments.OpenCheckout(f.ctx, &pg, stripeRules); err != nil || twinOut.URL != pg.URL {
		t.Fatalf("twin open = %+v, %v", twinOut, err)
	}
	// The hold ends with the page (plus grace): no new page then.
	f.clock.Set(want.Add(5 * time.Minute))
	_, err = f.svc.Payments.PrepareCheckout(f.ctx, res.Payment.ID, stripeRules)
	expectCode(t, err, core.ECONFLICT)
	if n, err := f.svc.Payments.ReleaseExpiredHolds(f.ctx); err != nil || n != 1 {
		t.Fatalf("ReleaseExpiredHolds = %d, %v", n, err)
	}
	stale, err := f.svc.Payments.StaleCheckouts(f.ctx, core.MethodStripe, 0)
	f.must(err)
	if len(stale) != 1 || stale[0].SessionID != "cs_1" {
		t.Fatalf("stale pages = %v", stale)
	}
	f.must(f.svc.Payments.CloseCheckout(f.ctx, stale[0].PaymentID, stale[0].Attempt))
	if stale, _ := f.svc.Payments.StaleCheckouts(f.ctx, core.MethodStripe, 0); len(stale) != 0 {
		t.Fatal("a closed page is still stale")
	}

	// A coach with a two-day hold: the page lives Stripe's longest, the
	// hold is not shortened, and a new page comes once the first expired.
	f.must(f.svc.Catalog.SetPolicy(f.ctx, f.coach.ID, func() core.Policy { p := core.DefaultPolicy(); p.UnpaidHold = 48 * time.Hour; return p }()))
	c := f.client("Noah")
	sess := f.session(f.paid, 72*time.Hour, 1)
	r2, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
	f.must(err)
	hold := f.booking(r2.Booking.ID).HoldUntil
	pg2 := f.openPage(r2.Payment.ID, "cs_long")
	now := f.clock.Now()
	if !pg2.Expires.Equal(now.Add(24*time.Hour - 2*time.Minute)) {
		t.Fatalf("long page expires %s", pg2.Expires)
	}
	if got := f.booking(r2.Booking.ID).HoldUntil; !got.Equal(hold) {
		t.Fatalf("hold moved from %s to %s", hold, got)
	}
	released, fresh, err := f.svc.Payments.CheckoutExpired(f.ctx, stripeEvent("evt_exp_long", "checkout.session.expired"), "cs_long", stripeRules)
	if err != nil || released || !fresh {
		t.Fatalf("CheckoutExpired = %v %v %v", released, fresh, err)
	}
	f.clock.Advance(25 * time.Hour)
	next, err := f.svc.Payments.PrepareCheckout(f.ctx, r2.Payment.ID, stripeRules)
	f.must(err)
	if next.Page.Attempt != 2 || next.Page.URL != "" {
		t.Fatalf("after expiry = %+v", next.Page)
	}
}

// The same "paid" event delivered ten times confirms once; another event
// about the same page changes nothing more.
func testPaidEventAppliedOnce(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c, res := f.heldSeat("Maria")
	f.openPage(res.Payment.ID, "cs_paid")
	before := ""
	for i := 0; i < 10; i++ {
		p, fresh, err := f.svc.Payments.CheckoutPaid(f.ctx, stripeEvent("evt_paid", "checkout.session.completed"), "cs_paid", "pi_paid")
		f.must(err)
		if fresh != (i == 0) || (i == 0) != (p != nil) {
			t.Fatalf("delivery %d: fresh %v payment %v", i, fresh, p)
		}
		if i == 0 {
			before = f.snapshot()
		} else if got := f.snapshot(); got != before {
			t.Fatalf("delivery %d changed:\n%s\nwas:\n%s", i, got, before)
		}
	}
	_, fresh, err := f.svc.Payments.CheckoutPaid(f.ctx, stripeEvent("evt_async", "checkout.session.async_payment_succeeded"), "cs_paid", "pi_paid")
	f.must(err)
	if !fresh {
		t.Fatal("a new event id was taken for a replay")
	}
	// The second event finds the payment paid by the same page: nothing.
	if b := f.booking(res.Booking.ID); b.Status != core.BookingConfirmed {
		t.Fatalf("booking = %s", b.Status)
	}
	pay := f.payment(res.Payment.ID)
	if pay.Status != core.PaymentPaid || pay.RefundDue || pay.Method != core.MethodStripe || pay.ExternalID != "cs_paid" {
		t.Fatalf("payment = %+v", pay)
	}
	if n := countKind(f.noticeKinds(c.ID), "payment_paid"); n != 1 {
		t.Fatalf("%d receipts", n)
	}
	if ps := f.payments(c.ID); len(ps) != 1 {
		t.Fatalf("%d payments", len(ps))
	}
	if _, _, err := f.svc.Payments.CheckoutPaid(f.ctx, stripeEvent("evt_other", "checkout.session.completed"), "cs_not_ours", ""); core.ErrorCode(err) != core.ENOTFOUND {
		t.Fatalf("someone else's page: %v", err)
	}
}

// Stripe delivers the same event to several replicas at once, and two
// events about one page race: one effect.
func testPaidEventsRacing(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c, res := f.heldSeat("Maria")
	f.openPage(res.Payment.ID, "cs_race")
	var wg sync.WaitGroup
	fresh := make(chan bool, 20)
	for i := 0; i < 20; i++ {
		id := "evt_race"
		if i%2 == 1 {
			id = "evt_race_async"
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, ok, err := f.svc.Payments.CheckoutPaid(f.ctx, stripeEvent(id, "checkout.session.completed"), "cs_race", "pi_race")
			if err != nil {
				t.Error(err)
			}
			fresh <- ok
		}()
	}
	wg.Wait()
	close(fresh)
	n := 0
	for ok := range fresh {
		if ok {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("%d deliveries applied, want one per event id", n)
	}
	if k := countKind(f.noticeKinds(c.ID), "payment_paid"); k != 1 {
		t.Fatalf("%d receipts", k)
	}
	if ps := f.payments(c.ID); len(ps) != 1 || ps[0].Status != core.PaymentPaid || ps[0].RefundDue {
		t.Fatalf("payments = %+v", ps)
	}
	if b := f.booking(res.Booking.ID); b.Status != core.BookingConfirmed {
		t.Fatalf("booking = %s", b.Status)
	}
}

// Stripe says the page expired: the aligned hold ends at once and the
// next in line gets the seat; a replay changes nothing.
func testExpiredPageReleasesSeat(t *testing.T, open Opener) {
	f := newFixture(t, open)
	slow, res := f.heldSeat("Slow")
	next, pass := f.withPass("Next", f.pack)
	w, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: next.ID, SessionID: res.Booking.SessionID})
	f.must(err)
	f.openPage(res.Payment.ID, "cs_slow")
	f.clock.Advance(33 * time.Minute)
	for i := 0; i < 3; i++ {
		released, fresh, err := f.svc.Payments.CheckoutExpired(f.ctx, stripeEvent("evt_exp", "checkout.session.expired"), "cs_slow", stripeRules)
		f.must(err)
		if released != (i == 0) || fresh != (i == 0) {
			t.Fatalf("delivery %d: released %v fresh %v", i, released, fresh)
		}
	}
	if b := f.booking(res.Booking.ID); b.Status != core.BookingCancelled || b.Reason != "unpaid" {
		t.Fatalf("held = %+v", b)
	}
	if got := f.booking(w.Booking.ID); got.Status != core.BookingConfirmed || f.pass(pass.ID).CreditsLeft != 9 {
		t.Fatalf("next in line = %+v", got)
	}
	if !contains(f.noticeKinds(slow.ID), "hold_released") || !contains(f.noticeKinds(next.ID), "promoted") {
		t.Fatal("someone was not told")
	}
}
