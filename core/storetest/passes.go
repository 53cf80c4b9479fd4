package storetest

import (
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

func (f *fixture) pkg(name string, credits, days int, deduct core.DeductAt, types ...int64) *core.Package {
	f.t.Helper()
	p := &core.Package{CoachID: f.coach.ID, Name: name, Credits: credits, Price: core.Money{Amount: 1000 * int64(credits), Currency: "EUR"},
		ValidityDays: days, TypeIDs: types, DeductAt: deduct}
	f.must(f.svc.Catalog.CreatePackage(f.ctx, p))
	return p
}

// Client with two passes books: the one expiring first pays.
func testBookWithBestPass(t *testing.T, open Opener) {
	f := newFixture(t, open)
	long := f.pkg("Long", 5, 180, core.DeductAtBooking)
	c, _ := f.withPass("Maria", long)
	soon, err := f.svc.Passes.GrantPass(f.ctx, c.ID, f.pack.ID, "manual")
	f.must(err)
	sess := f.session(f.class, 72*time.Hour, 8)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
	f.must(err)
	if res.Booking.Status != core.BookingConfirmed || res.Booking.PassID != soon.ID || !res.Booking.Charged {
		t.Fatalf("booking = %+v, want confirmed on the pass expiring first (%d)", res.Booking, soon.ID)
	}
	if got := f.pass(soon.ID).CreditsLeft; got != 9 {
		t.Fatalf("pass has %d credits, want 9", got)
	}
	if kinds := f.noticeKinds(c.ID); !contains(kinds, "booked") || !contains(kinds, "reminder") {
		t.Fatalf("client notices = %v, want booked and reminders", kinds)
	}
	coachNotes := f.notices(core.NoticeFilter{ToKind: core.ToCoach, ToID: f.coach.ID, Kind: core.NoticeCoachBooked})
	if len(coachNotes) != 1 || coachNotes[0].BookingID != res.Booking.ID {
		t.Fatalf("coach notices = %v", coachNotes)
	}
	// Reminders at the coach's offsets: 24 h and 1 h before the start.
	rs := f.notices(core.NoticeFilter{BookingID: res.Booking.ID, Kind: core.NoticeReminder})
	if len(rs) != 2 || !rs[0].Due.Equal(sess.Start.Add(-24*time.Hour)) || !rs[1].Due.Equal(sess.Start.Add(-time.Hour)) {
		t.Fatalf("reminders = %+v", rs)
	}
}

// A pass with 3 credits raced for 20 different sessions: exactly 3 seats,
// credits end at zero, never below.
func testCreditsNeverNegative(t *testing.T, open Opener) {
	f := newFixture(t, open)
	three := f.pkg("Three", 3, 30, core.DeductAtBooking, f.class.ID)
	c, p := f.withPass("Maria", three)
	var sessions []*core.Session
	for i := 0; i < 20; i++ {
		sessions = append(sessions, f.session(f.class, time.Duration(24+i)*time.Hour, 5))
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, refused := 0, 0
	for _, s := range sessions {
		wg.Add(1)
		go func(s *core.Session) {
			defer wg.Done()
			_, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: s.ID})
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				ok++
			} else if core.ErrorCode(err) == core.EINVALID {
				refused++
			} else {
				t.Errorf("unexpected error: %v", err)
			}
		}(s)
	}
	wg.Wait()
	if ok != 3 || refused != 17 {
		t.Fatalf("%d booked, %d refused; want 3 and 17", ok, refused)
	}
	if left := f.pass(p.ID).CreditsLeft; left != 0 {
		t.Fatalf("credits left = %d, want 0", left)
	}
	// The store itself refuses a negative balance.
	err := f.store.Update(f.ctx, func(tx core.Tx) error {
		q, err := tx.Pass(p.ID)
		if err != nil {
			return err
		}
		q.CreditsLeft = -1
		return tx.UpdatePass(q)
	})
	expectCode(t, err, core.EINVALID)
}

// An expired pass is never used, even if it holds credits; nor one that
// expires before the session starts.
func testExpiredPassNeverUsed(t *testing.T, open Opener) {
	f := newFixture(t, open)
	week := f.pkg("Week", 5, 7, core.DeductAtBooking)
	c, p := f.withPass("Maria", week)
	later := f.session(f.class, 10*24*time.Hour, 5)
	_, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: later.ID, PassID: p.ID})
	expectCode(t, err, core.EINVALID)
	f.clock.Advance(8 * 24 * time.Hour)
	sess := f.session(f.class, 24*time.Hour, 5)
	before := f.snapshot()
	_, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
	expectCode(t, err, core.EINVALID)
	_, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID, PassID: p.ID})
	expectCode(t, err, core.EINVALID)
	if after := f.snapshot(); after != before {
		t.Fatalf("a refused booking changed rows:\n%s\nvs\n%s", before, after)
	}
	if n, err := f.svc.Passes.ExpirePasses(f.ctx, c.ID); err != nil || n != 1 {
		t.Fatalf("ExpirePasses = %d, %v", n, err)
	}
	if left := f.pass(p.ID).CreditsLeft; left != 0 {
		t.Fatalf("expired pass still shows %d credits", left)
	}
}

// A cancelled booking's credit returns to the pass that paid, not to the
// client's other pass.
func testReturnedCreditGoesHome(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c, first := f.withPass("Maria", f.pack)
	second, err := f.svc.Passes.GrantPass(f.ctx, c.ID, f.pkg("Later", 5, 200, core.DeductAtBooking).ID, "manual")
	f.must(err)
	sess := f.session(f.class, 72*time.Hour, 5)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID, PassID: second.ID})
	f.must(err)
	if f.pass(second.ID).CreditsLeft != 4 {
		t.Fatal("chosen pass not charged")
	}
	_, out, err := f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: c.ID, BookingID: res.Booking.ID, Reason: "travel"})
	f.must(err)
	if out.CreditsReturned != 1 || out.Late {
		t.Fatalf("outcome = %+v", out)
	}
	if f.pass(second.ID).CreditsLeft != 5 || f.pass(first.ID).CreditsLeft != 10 {
		t.Fatalf("credits: chosen %d (want 5), other %d (want 10)", f.pass(second.ID).CreditsLeft, f.pass(first.ID).CreditsLeft)
	}
	var entries []*core.PassEntry
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) { entries, err = tx.PassEntries(second.ID); return }))
	kinds := ""
	for _, e := range entries {
		kinds += fmt.Sprintf("%s%+d ", e.Kind, e.Delta)
	}
	if kinds != "grant+5 deduct-1 return+1 " {
		t.Fatalf("ledger = %q", kinds)
	}
}

// A pack that pays "at the end of a workout" reserves the credit
// at booking and takes it when the session is completed.
func testDeductAtCompletion(t *testing.T, open Opener) {
	f := newFixture(t, open)
	end := f.pkg("Pay at the end", 1, 30, core.DeductAtCompletion, f.class.ID)
	c, p := f.withPass("Maria", end)
	s1 := f.session(f.class, 48*time.Hour, 5)
	s2 := f.session(f.class, 96*time.Hour, 5)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: s1.ID})
	f.must(err)
	if res.Booking.Charged || f.pass(p.ID).CreditsLeft != 1 {
		t.Fatal("credit taken at booking, want reserved")
	}
	// The reserved credit cannot pay for a second seat, whether the pass
	// is picked for the client or named by them.
	_, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: s2.ID})
	expectCode(t, err, core.EINVALID)
	before := f.snapshot()
	_, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: s2.ID, PassID: p.ID})
	expectCode(t, err, core.EINVALID)
	if f.snapshot() != before {
		t.Fatal("a booking naming a pass whose credit is reserved changed something")
	}
	f.clock.Advance(50 * time.Hour)
	if n, err := f.svc.Bookings.CompleteDueSessions(f.ctx); err != nil || n != 1 {
		t.Fatalf("CompleteDueSessions = %d, %v", n, err)
	}
	b := f.booking(res.Booking.ID)
	if b.Status != core.BookingCompleted || !b.Charged || f.pass(p.ID).CreditsLeft != 0 {
		t.Fatalf("after completion: %+v, credits %d", b, f.pass(p.ID).CreditsLeft)
	}
}

// Buying a package: a pending payment; once paid, credits land at once.
func testBuyPackage(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c := f.client("Maria")
	pay, err := f.svc.Passes.BuyPackage(f.ctx, c.ID, f.pack.ID)
	f.must(err)
	if pay.Status != core.PaymentPending || pay.Amount != f.pack.Price {
		t.Fatalf("payment = %+v", pay)
	}
	paid, err := f.svc.Payments.MarkPaymentPaid(f.ctx, pay.ID, core.MethodManual, "")
	f.must(err)
	if paid.PassID == 0 || f.pass(paid.PassID).CreditsLeft != 10 || !f.pass(paid.PassID).Expires.Equal(T0.AddDate(0, 0, 90)) {
		t.Fatalf("pass after payment: %+v", paid)
	}
	// Paying twice grants nothing more.
	again, err := f.svc.Payments.MarkPaymentPaid(f.ctx, pay.ID, core.MethodManual, "")
	f.must(err)
	var passes []*core.Pass
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) { passes, err = tx.Passes(c.ID); return }))
	if len(passes) != 1 || again.PassID != paid.PassID {
		t.Fatalf("%d passes after paying twice", len(passes))
	}
	if !contains(f.noticeKinds(c.ID), "pass_granted") {
		t.Fatal("client not told the credits landed")
	}
}

// A refunded package takes its unused credits with it: the coach sees
// what the refund will remove before confirming, the pass is emptied
// with a ledger line, the client is told, and nothing is refunded twice.
func testRefundPackage(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c := f.client("Maria")
	pay, err := f.svc.Passes.BuyPackage(f.ctx, c.ID, f.pack.ID)
	f.must(err)
	paid, err := f.svc.Payments.MarkPaymentPaid(f.ctx, pay.ID, core.MethodManual, "")
	f.must(err)
	_, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: f.session(f.class, 48*time.Hour, 5).ID})
	f.must(err)
	other := &core.Coach{Name: "Ben", Zone: "Europe/London"}
	f.must(f.svc.Accounts.CreateCoach(f.ctx, other))
	_, err = f.svc.Payments.PlanRefund(f.ctx, other.ID, pay.ID)
	expectCode(t, err, core.EUNAUTHORIZED)
	plan, err := f.svc.Payments.PlanRefund(f.ctx, f.coach.ID, pay.ID)
	f.must(err)
	if plan.Pass == nil || plan.Pass.ID != paid.PassID || plan.CreditsLost != 9 || plan.Client.ID != c.ID ||
		plan.Line.Package == nil || plan.Line.Payment.ID != pay.ID {
		t.Fatalf("refund plan = %+v", plan)
	}
	if f.pass(paid.PassID).CreditsLeft != 9 {
		t.Fatal("planning a refund changed the pass")
	}
	_, err = f.svc.Payments.MarkPaymentRefunded(f.ctx, f.coach.ID, pay.ID, "")
	f.must(err)
	if left := f.pass(paid.PassID).CreditsLeft; left != 0 {
		t.Fatalf("refunded pass keeps %d credits", left)
	}
	var entries []*core.PassEntry
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) { entries, err = tx.PassEntries(paid.PassID); return }))
	if last := entries[len(entries)-1]; last.Kind != core.EntryRefund || last.Delta != -9 {
		t.Fatalf("ledger after refund = %+v", last)
	}
	told := f.notices(core.NoticeFilter{ToKind: core.ToClient, ToID: c.ID, Kind: core.NoticePaymentRefunded})
	if len(told) != 1 || told[0].Data["credits_removed"] != "9" || told[0].Data["payment_id"] != strconv.FormatInt(pay.ID, 10) {
		t.Fatalf("refund notices = %+v", told)
	}
	before := f.snapshot()
	_, err = f.svc.Payments.MarkPaymentRefunded(f.ctx, f.coach.ID, pay.ID, "")
	expectCode(t, err, core.ECONFLICT)
	_, err = f.svc.Payments.PlanRefund(f.ctx, f.coach.ID, pay.ID)
	expectCode(t, err, core.ECONFLICT)
	if f.snapshot() != before {
		t.Fatal("a second refund changed rows")
	}
}

// A coach adds and deducts credits by hand, never below zero.
func testAdjustCredits(t *testing.T, open Opener) {
	f := newFixture(t, open)
	_, p := f.withPass("Maria", f.pkg("Two", 2, 30, core.DeductAtBooking))
	got, err := f.svc.Passes.AdjustCredits(f.ctx, f.coach.ID, p.ID, 3, "bonus")
	f.must(err)
	if got.CreditsLeft != 5 {
		t.Fatalf("credits = %d", got.CreditsLeft)
	}
	// The client is told, with the change and the coach's note.
	told := f.notices(core.NoticeFilter{ToKind: core.ToClient, ToID: p.ClientID, Kind: core.NoticeCreditsAdjusted})
	if len(told) != 1 || told[0].Data["delta"] != "3" || told[0].Data["note"] != "bonus" || told[0].Data["pass_id"] != strconv.FormatInt(p.ID, 10) {
		t.Fatalf("client notices of the adjustment = %+v", told)
	}
	other := &core.Coach{Name: "Ben", Zone: "Europe/London"}
	f.must(f.svc.Accounts.CreateCoach(f.ctx, other))
	before := f.snapshot()
	_, err = f.svc.Passes.AdjustCredits(f.ctx, f.coach.ID, p.ID, -6, "oops")
	expectCode(t, err, core.EINVALID)
	_, err = f.svc.Passes.AdjustCredits(f.ctx, other.ID, p.ID, -1, "steal")
	expectCode(t, err, core.EUNAUTHORIZED)
	if f.snapshot() != before {
		t.Fatal("refused adjustment changed rows")
	}
}
