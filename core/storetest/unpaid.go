package storetest

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// The coach's rule for unpaid bookings (core.UnpaidMode): confirmed with
// the amount due at the session, or held and released; per coach, per
// session type, for every way a seat is taken; and a pass that arrives
// while a booking waits for money pays it in one call.

// atSession makes the fixture's coach take unpaid bookings with the
// amount due at the session.
func (f *fixture) atSession() {
	f.t.Helper()
	p := f.coach.Policy
	p.Unpaid = core.UnpaidAtSession
	f.must(f.svc.Catalog.SetPolicy(f.ctx, f.coach.ID, p))
	f.coach.Policy = p
}

// paidClass is a group class type of the fixture's coach with a price
// and a credit cost, capacity seats.
func (f *fixture) paidClass(capacity int, unpaid core.UnpaidMode) *core.SessionType {
	f.t.Helper()
	st := &core.SessionType{CoachID: f.coach.ID, Name: "Pilates", Duration: time.Hour, Price: core.Money{Amount: 1500, Currency: "EUR"},
		CreditCost: 1, InPerson: true, Capacity: capacity, Unpaid: unpaid}
	f.must(f.svc.Catalog.CreateSessionType(f.ctx, st))
	return st
}

// dueAtSession fails unless b is confirmed with a pending payment of
// amount and no hold.
func (f *fixture) dueAtSession(what string, b *core.Booking, amount core.Money) *core.Payment {
	f.t.Helper()
	got := f.booking(b.ID)
	if got.Status != core.BookingConfirmed || got.PaymentID == 0 || !got.HoldUntil.IsZero() {
		f.t.Fatalf("%s: booking = %+v, want confirmed with an amount due", what, got)
	}
	p := f.payment(got.PaymentID)
	if p.Status != core.PaymentPending || p.Amount != amount || p.BookingID != b.ID {
		f.t.Fatalf("%s: payment = %+v", what, p)
	}
	return p
}

func unpaidCases() []testCase {
	return []testCase{
		{"AtSessionConfirmsAndNeverReleases", testAtSessionConfirmsAndNeverReleases},
		{"AtSessionNoShowSettles", testAtSessionNoShowSettles},
		{"UnpaidRulePerSessionType", testUnpaidRulePerSessionType},
		{"AtSessionEveryWayASeatIsTaken", testAtSessionEveryWayASeatIsTaken},
		{"HoldEndsAsTheRuleNowSays", testHoldEndsAsTheRuleNowSays},
		{"NewPassPaysWaitingBookings", testNewPassPaysWaitingBookings},
		{"UnpaidRuleRefusals", testUnpaidRuleRefusals},
	}
}

// A coach who takes money at the door: a client without a pass books a
// paid 1:1 and is confirmed at once, reminded, told the amount due; the
// hold job never touches it; it shows as due in /payments and on the
// roster; the coach marks it paid and it stands, with a receipt.
func testAtSessionConfirmsAndNeverReleases(t *testing.T, open Opener) {
	f := newFixture(t, open)
	f.atSession()
	c := f.client("Maria")
	sess := f.session(f.paid, 48*time.Hour, 1)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
	f.must(err)
	if res.Payment == nil || res.Booking.Status != core.BookingConfirmed {
		t.Fatalf("booked = %+v, %+v", res.Booking, res.Payment)
	}
	p := f.dueAtSession("booked", res.Booking, f.paid.Price)
	booked := f.notices(core.NoticeFilter{ToKind: core.ToClient, ToID: c.ID, Kind: core.NoticeBooked})
	if len(booked) != 1 || booked[0].Data["payment_id"] != strconv.FormatInt(p.ID, 10) {
		t.Fatalf("booked notice = %+v", booked)
	}
	if kinds := f.noticeKinds(c.ID); !contains(kinds, "reminder") || contains(kinds, "awaiting_payment") {
		t.Fatalf("client notices = %v", kinds)
	}
	f.clock.Advance(47 * time.Hour)
	if n, err := f.svc.Payments.ReleaseExpiredHolds(f.ctx); err != nil || n != 0 {
		t.Fatalf("ReleaseExpiredHolds = %d, %v", n, err)
	}
	f.dueAtSession("the day after", res.Booking, f.paid.Price)
	mine, err := f.svc.Payments.MyPayments(f.ctx, c.ID)
	f.must(err)
	if len(mine.Due) != 1 || mine.Due[0].Payment.ID != p.ID || mine.Due[0].Booking.Status != core.BookingConfirmed ||
		len(mine.DueTotal) != 1 || mine.DueTotal[0] != f.paid.Price {
		t.Fatalf("dues = %+v", mine)
	}
	r, err := f.svc.Coaching.Roster(f.ctx, f.coach.ID, sess.ID)
	f.must(err)
	if len(r.Seated) != 1 || r.Seated[0].Payment == nil || r.Seated[0].Payment.Status != core.PaymentPending {
		t.Fatalf("roster = %+v", r.Seated)
	}
	// Paid online ahead of the session: a page without a hold.
	rules := core.CheckoutRules{Provider: core.MethodStripe, MinLife: 30 * time.Minute, MaxLife: 24 * time.Hour, Grace: 5 * time.Minute}
	plan, err := f.svc.Payments.PrepareCheckout(f.ctx, p.ID, rules)
	f.must(err)
	if plan.Page == nil || plan.Page.Expires.Before(f.clock.Now().Add(23*time.Hour)) {
		t.Fatalf("page = %+v", plan.Page)
	}
	paid, err := f.svc.Coaching.CoachMarkPaid(f.ctx, f.coach.ID, p.ID)
	f.must(err)
	if paid.Status != core.PaymentPaid || paid.RefundDue || f.booking(res.Booking.ID).Status != core.BookingConfirmed {
		t.Fatalf("paid = %+v, booking %s", paid, f.booking(res.Booking.ID).Status)
	}
	if !contains(f.noticeKinds(c.ID), "payment_paid") {
		t.Fatal("no receipt")
	}
	if mine, _ := f.svc.Payments.MyPayments(f.ctx, c.ID); len(mine.Due) != 0 {
		t.Fatalf("still due: %+v", mine.Due)
	}
}

// A no-show settles what was due at the session: the amount is dropped;
// the coach correcting the mark to attended makes it due again.
func testAtSessionNoShowSettles(t *testing.T, open Opener) {
	f := newFixture(t, open)
	f.atSession()
	c := f.client("Maria")
	sess := f.session(f.paid, 48*time.Hour, 1)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
	f.must(err)
	p := f.dueAtSession("booked", res.Booking, f.paid.Price)
	f.clock.Advance(48*time.Hour + 10*time.Minute)
	_, err = f.svc.Bookings.MarkAttendance(f.ctx, f.coach.ID, res.Booking.ID, false)
	f.must(err)
	if got := f.payment(p.ID); got.Status != core.PaymentCancelled {
		t.Fatalf("after a no-show the payment is %s", got.Status)
	}
	if mine, _ := f.svc.Payments.MyPayments(f.ctx, c.ID); len(mine.Due) != 0 {
		t.Fatalf("a no-show still owes: %+v", mine.Due)
	}
	_, err = f.svc.Bookings.MarkAttendance(f.ctx, f.coach.ID, res.Booking.ID, true)
	f.must(err)
	if got := f.payment(p.ID); got.Status != core.PaymentPending {
		t.Fatalf("attended after all: the payment is %s", got.Status)
	}
	// Completed sessions keep their due until paid.
	_, err = f.svc.Bookings.CompleteDueSessions(f.ctx)
	f.must(err)
	if mine, _ := f.svc.Payments.MyPayments(f.ctx, c.ID); len(mine.Due) != 1 {
		t.Fatalf("an attended session's due = %+v", mine.Due)
	}
}

// A session type may take the other rule than its coach's: a class paid
// at the door in a studio that holds 1:1s for online payment, and the
// reverse.
func testUnpaidRulePerSessionType(t *testing.T, open Opener) {
	f := newFixture(t, open) // Ana holds
	door := f.paidClass(5, core.UnpaidAtSession)
	c := f.client("Maria")
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: f.session(door, 48*time.Hour, 5).ID, Pay: true})
	f.must(err)
	f.dueAtSession("door class", res.Booking, door.Price)

	f.atSession()
	online := f.paidClass(5, core.UnpaidHold)
	res, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: f.session(online, 48*time.Hour, 5).ID, Pay: true})
	f.must(err)
	if res.Booking.Status != core.BookingPendingPayment || !res.Booking.HoldUntil.Equal(T0.Add(30*time.Minute)) {
		t.Fatalf("held type = %+v", res.Booking)
	}
	follows := f.paidClass(5, core.UnpaidAsCoach)
	res, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: f.session(follows, 48*time.Hour, 5).ID, Pay: true})
	f.must(err)
	f.dueAtSession("the coach's rule", res.Booking, follows.Price)
	var st *core.SessionType
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) { st, err = tx.SessionType(online.ID); return }))
	if st.Unpaid != core.UnpaidHold {
		t.Fatalf("type's rule read back = %q", st.Unpaid)
	}
}

// With the amount due at the session, every way a seat is taken confirms
// it: the coach's own booking in, each week of a repeat series, a
// waitlister promoted, and an offered seat accepted in the late window.
// A coach who holds seats still never holds the one they booked.
func testAtSessionEveryWayASeatIsTaken(t *testing.T, open Opener) {
	f := newFixture(t, open)
	f.atSession()
	class := f.paidClass(1, core.UnpaidAsCoach)
	sess := f.session(class, 72*time.Hour, 1)
	first, second := f.client("First"), f.client("Second")
	a, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: first.ID, SessionID: sess.ID})
	f.must(err)
	f.dueAtSession("first", a.Booking, class.Price)
	w, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: second.ID, SessionID: sess.ID})
	f.must(err)
	if w.Booking.Status != core.BookingWaitlisted {
		t.Fatalf("second = %s", w.Booking.Status)
	}
	_, _, err = f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: first.ID, BookingID: a.Booking.ID})
	f.must(err)
	f.dueAtSession("promoted", w.Booking, class.Price)
	if !contains(f.noticeKinds(second.ID), "promoted") || contains(f.noticeKinds(second.ID), "promoted_pay") {
		t.Fatalf("promoted notices = %v", f.noticeKinds(second.ID))
	}

	// The late window: a freed seat is offered, and accepting confirms it.
	late := f.session(class, 10*time.Hour, 1)
	x, y := f.client("X"), f.client("Y")
	xb, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: x.ID, SessionID: late.ID})
	f.must(err)
	yb, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: y.ID, SessionID: late.ID})
	f.must(err)
	_, _, err = f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: x.ID, BookingID: xb.Booking.ID})
	f.must(err)
	if got := f.booking(yb.Booking.ID); got.Status != core.BookingPendingPayment || got.PaymentID != 0 {
		t.Fatalf("offered = %+v", got)
	}
	_, err = f.svc.Bookings.AcceptOffer(f.ctx, y.ID, yb.Booking.ID)
	f.must(err)
	f.dueAtSession("offer accepted", yb.Booking, class.Price)

	// Repeat weekly: each week confirmed, each with its own amount due.
	r := f.client("Weekly")
	results, _, err := f.svc.Slots.BookRecurring(f.ctx, core.BookSlotRequest{ClientID: r.ID, CoachID: f.coach.ID, TypeID: f.paid.ID,
		Start: slotAt(t, slotZone(t, "Europe/Paris"), "2026-06-02 10:00")}, 3)
	f.must(err)
	if len(results) != 3 {
		t.Fatalf("%d weeks booked", len(results))
	}
	seen := map[int64]bool{}
	for i, res := range results {
		p := f.dueAtSession("week "+strconv.Itoa(i+1), res.Booking, f.paid.Price)
		seen[p.ID] = true
	}
	if len(seen) != 3 {
		t.Fatal("weeks share a payment")
	}

	// A coach who holds seats books a client in: confirmed all the same.
	p := f.coach.Policy
	p.Unpaid = core.UnpaidHold
	f.must(f.svc.Catalog.SetPolicy(f.ctx, f.coach.ID, p))
	in, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: f.client("Walk-in").ID, SessionID: f.session(f.paid, 30*time.Hour, 1).ID,
		CoachID: f.coach.ID})
	f.must(err)
	f.dueAtSession("booked in", in.Booking, f.paid.Price)
}

// A hold begun before the coach chose payment at the session ends as the
// rule now says: the seat is confirmed with the amount due and the client
// told, never released. A hold that the rule still wants released is
// released, and the coach told.
func testHoldEndsAsTheRuleNowSays(t *testing.T, open Opener) {
	f := newFixture(t, open) // Ana holds
	c := f.client("Maria")
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: f.session(f.paid, 48*time.Hour, 1).ID})
	f.must(err)
	if res.Booking.Status != core.BookingPendingPayment {
		t.Fatalf("held = %s", res.Booking.Status)
	}
	f.atSession()
	f.clock.Advance(31 * time.Minute)
	if n, err := f.svc.Payments.ReleaseExpiredHolds(f.ctx); err != nil || n != 0 {
		t.Fatalf("ReleaseExpiredHolds = %d, %v", n, err)
	}
	f.dueAtSession("after the hold", res.Booking, f.paid.Price)
	if told := f.notices(core.NoticeFilter{ToKind: core.ToClient, ToID: c.ID, Kind: core.NoticeBooked}); len(told) != 1 {
		t.Fatalf("booked notices = %d", len(told))
	}
	if told := f.notices(core.NoticeFilter{ToKind: core.ToCoach, Kind: core.NoticeCoachHoldReleased}); len(told) != 0 {
		t.Fatalf("the coach was told of a release that did not happen: %+v", told)
	}
}

// A client whose booking waits for money (held, or due at the session)
// gets a pass: the pass's notice names those bookings, and paying one
// with it cancels the payment, takes the credit and confirms the seat.
func testNewPassPaysWaitingBookings(t *testing.T, open Opener) {
	f := newFixture(t, open) // Ana holds the 1:1s; the door class is paid at the session
	c := f.client("Maria")
	held, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: f.session(f.paid, 48*time.Hour, 1).ID})
	f.must(err)
	door := f.paidClass(5, core.UnpaidAtSession)
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error { // the pack covers the door class too
		f.pack.TypeIDs = nil
		return tx.UpdatePackage(f.pack)
	}))
	due, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: f.session(door, 50*time.Hour, 5).ID, Pay: true})
	f.must(err)
	order, err := f.svc.Passes.BuyPackage(f.ctx, c.ID, f.pack.ID)
	f.must(err)
	bought, err := f.svc.Payments.MarkPaymentPaid(f.ctx, order.ID, core.MethodManual, "")
	f.must(err)
	granted := f.notices(core.NoticeFilter{ToKind: core.ToClient, ToID: c.ID, Kind: core.NoticePassGranted})
	want := strconv.FormatInt(held.Booking.ID, 10) + "," + strconv.FormatInt(due.Booking.ID, 10)
	if len(granted) != 1 || granted[0].Data["payable"] != want {
		t.Fatalf("pass notice = %+v, want payable %s", granted, want)
	}
	stranger := f.client("Stranger")
	_, err = f.svc.Passes.PayWithPass(f.ctx, stranger.ID, held.Booking.ID, 0)
	expectCode(t, err, core.EUNAUTHORIZED)

	res, err := f.svc.Passes.PayWithPass(f.ctx, c.ID, held.Booking.ID, 0)
	f.must(err)
	got := f.booking(held.Booking.ID)
	if res.Pass == nil || res.Pass.ID != bought.PassID || got.Status != core.BookingConfirmed || got.PassID != bought.PassID ||
		!got.Charged || got.PaymentID != 0 || !got.HoldUntil.IsZero() {
		t.Fatalf("held then paid with the pass = %+v", got)
	}
	if p := f.payment(held.Payment.ID); p.Status != core.PaymentCancelled {
		t.Fatalf("its payment = %s", p.Status)
	}
	_, err = f.svc.Passes.PayWithPass(f.ctx, c.ID, held.Booking.ID, 0)
	expectCode(t, err, core.ECONFLICT)

	_, err = f.svc.Passes.PayWithPass(f.ctx, c.ID, due.Booking.ID, bought.PassID)
	f.must(err)
	if got := f.booking(due.Booking.ID); got.Status != core.BookingConfirmed || got.PassID != bought.PassID || got.PaymentID != 0 {
		t.Fatalf("due then paid with the pass = %+v", got)
	}
	if left := f.pass(bought.PassID).CreditsLeft; left != 8 {
		t.Fatalf("credits left = %d", left)
	}
	if mine, _ := f.svc.Payments.MyPayments(f.ctx, c.ID); len(mine.Due) != 0 {
		t.Fatalf("still due: %+v", mine.Due)
	}
	// The hold job has nothing left to do with them.
	f.clock.Advance(time.Hour)
	if n, err := f.svc.Payments.ReleaseExpiredHolds(f.ctx); err != nil || n != 0 {
		t.Fatalf("ReleaseExpiredHolds = %d, %v", n, err)
	}
}

// Rules that cannot be applied are refused with their words, and nothing
// changes; a pass that cannot pay is refused.
func testUnpaidRuleRefusals(t *testing.T, open Opener) {
	f := newFixture(t, open)
	before := f.snapshot()
	p := f.coach.Policy
	p.Unpaid = "later"
	err := f.svc.Catalog.SetPolicy(f.ctx, f.coach.ID, p)
	expectCode(t, err, core.EINVALID)
	var e *core.Error
	if !errors.As(err, &e) || e.Key != "err.policy.unpaid_mode" {
		t.Fatalf("error = %v", err)
	}
	st := &core.SessionType{CoachID: f.coach.ID, Name: "Odd", Duration: time.Hour, InPerson: true, Capacity: 1, Unpaid: "never"}
	expectCode(t, f.svc.Catalog.CreateSessionType(f.ctx, st), core.EINVALID)
	if f.snapshot() != before {
		t.Fatal("a refused rule changed rows")
	}
	f.atSession()
	c := f.client("NoPass")
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: f.session(f.paid, 48*time.Hour, 1).ID})
	f.must(err)
	_, err = f.svc.Passes.PayWithPass(f.ctx, c.ID, res.Booking.ID, 0)
	expectCode(t, err, core.EINVALID)
	if !strings.Contains(core.ErrorMessage(err), "no valid pass") {
		t.Fatalf("message = %q", core.ErrorMessage(err))
	}
}
