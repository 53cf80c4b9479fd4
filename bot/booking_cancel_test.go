package bot

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Outside the 24 h window: the preview says the credit returns, with
// "Move it instead"; confirming gives the credit back.
func TestMyCancelOutsideWindowReturnsTheCredit(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"20", "Maria", "en"}
	h.onboard(u)
	pass := h.acctGrant(u, 10)
	res := h.acctBook(u, h.demo.Classes[0].ID, false)
	if h.acctPass(pass.ID).CreditsLeft != 9 {
		t.Fatal("booking did not take the credit")
	}
	card := h.press(u, h.send(u, "/mybookings"), "1. Thu 4 Jun")
	r := h.press(u, card, "Cancel")
	expect(t, r, "Why are you cancelling Thu 4 Jun, 18:30 — Yoga flow (group) with Ana Martin?",
		"[🤒 I'm sick]", "[📅 Schedule conflict]", "[✈️ Travel]", "[✏️ Other reason]", "[« Keep my booking]")
	r = h.press(u, r, "Travel")
	expect(t, r, "Cancel Thu 4 Jun, 18:30 — Yoga flow (group) with Ana Martin?",
		"Your credit returns to “10 sessions”.", "Reason: travel", "[🔁 Move it instead]", "[❌ Confirm cancel]")
	acctAbsent(t, r, "forfeit")
	if got, want := acctButton(t, r, "Move it instead").Data, encode("rs", id36(res.Booking.ID)); got != want {
		t.Fatalf("move data = %q, want %q", got, want)
	}
	r = h.press(u, r, "Confirm cancel")
	expect(t, r, "Cancelled: Thu 4 Jun, 18:30 — Yoga flow (group) with Ana Martin.", "Your credit is back on “10 sessions” (10 left).")
	b := h.acctBooking(res.Booking.ID)
	if b.Status != core.BookingCancelled || b.Reason != "Travel" {
		t.Fatalf("booking = %s %q", b.Status, b.Reason)
	}
	if got := h.acctPass(pass.ID).CreditsLeft; got != 10 {
		t.Fatalf("credits left = %d, want 10", got)
	}
	expect(t, h.send(u, "/mybookings"), "You have no upcoming sessions", "❌ Cancelled")
}

// Inside the window: the preview warns the credit is forfeited; confirming
// makes the booking late-cancelled and keeps the credit spent.
func TestMyCancelInsideWindowWarnsThenForfeits(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"21", "Maria", "en"}
	h.onboard(u)
	pass := h.acctGrant(u, 10)
	res := h.acctBook(u, h.acctSession(5*time.Hour, core.ModeInPerson).ID, false)
	r := h.pressData(u, encode("cx", id36(res.Booking.ID)))
	r = h.press(u, r, "sick")
	expect(t, r, "⚠️ Inside 24 h of the start: your credit is forfeited.", "Reason: sick", "[❌ Confirm cancel]")
	acctAbsent(t, r, "returns")
	r = h.press(u, r, "Confirm cancel")
	expect(t, r, "Cancelled: Tue 2 Jun, 15:00", "Your credit was forfeited (late cancellation).")
	if b := h.acctBooking(res.Booking.ID); b.Status != core.BookingLateCancelled || b.Reason != "Sick" {
		t.Fatalf("booking = %s %q", b.Status, b.Reason)
	}
	if got := h.acctPass(pass.ID).CreditsLeft; got != 9 {
		t.Fatalf("credits left = %d, want 9", got)
	}
}

// A coach charging a fee: the preview names it; a paid session outside
// the window is refunded.
func TestMyCancelPreviewFeeAndRefund(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	pol := core.DefaultPolicy()
	pol.LateOutcome, pol.LateFee = core.LateFee, core.Money{Amount: 1500, Currency: "EUR"}
	pol.Unpaid = core.UnpaidHold // the hold for online payment, as this test reads
	if err := h.svc.Catalog.SetPolicy(h.ctx, h.demo.Coach.ID, pol); err != nil {
		t.Fatal(err)
	}
	u := user{"22", "Maria", "en"}
	h.onboard(u)
	late := h.acctBook(u, h.acctSession(3*time.Hour, core.ModeInPerson).ID, true)
	if _, err := h.svc.Payments.MarkPaymentPaid(h.ctx, late.Payment.ID, core.MethodManual, ""); err != nil {
		t.Fatal(err)
	}
	r := h.press(u, h.pressData(u, encode("cx", id36(late.Booking.ID))), "conflict")
	expect(t, r, "⚠️ Inside 24 h of the start: a fee of "+acctEUR("en", 1500)+" applies.", "You'll be refunded "+acctEUR("en", 5000)+".")
	r = h.press(u, r, "Confirm cancel")
	expect(t, r, "A late-cancellation fee of "+acctEUR("en", 1500)+" is due: see /payments.", "You'll be refunded "+acctEUR("en", 5000))

	early := h.acctBook(u, h.acctSession(50*time.Hour, core.ModeInPerson).ID, true)
	r = h.press(u, h.pressData(u, encode("cx", id36(early.Booking.ID))), "Travel")
	expect(t, r, "Your unpaid booking is dropped; you owe nothing.")
}

// "Other reason" asks for text; what is typed is stored with the booking.
func TestMyCancelWithTypedReason(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"23", "Maria", "en"}
	h.onboard(u)
	h.acctGrant(u, 5)
	res := h.acctBook(u, h.demo.Classes[0].ID, false)
	r := h.press(u, h.pressData(u, encode("cx", id36(res.Booking.ID))), "Other reason")
	expect(t, r, "Tell me briefly why you are cancelling:")
	if !r[len(r)-1].ExpectText {
		t.Fatal("the prompt should expect text")
	}
	r = h.send(u, "  My car broke down  ")
	expect(t, r, "Reason: My car broke down", "Your credit returns to “5 sessions”.")
	r = h.press(u, r, "Confirm cancel")
	expect(t, r, "Cancelled:")
	if b := h.acctBooking(res.Booking.ID); b.Reason != "My car broke down" || b.Status != core.BookingCancelled {
		t.Fatalf("booking = %s %q", b.Status, b.Reason)
	}
	var coachNotice *core.Notice
	_ = h.store.View(h.ctx, func(tx core.Tx) error {
		ns, err := tx.Notices(core.NoticeFilter{ToKind: core.ToCoach, Kind: core.NoticeCoachCancelled})
		if len(ns) == 1 {
			coachNotice = ns[0]
		}
		return err
	})
	if coachNotice == nil || coachNotice.Data["reason"] != "My car broke down" {
		t.Fatalf("coach notice = %+v", coachNotice)
	}
}

// A double tap on Confirm cancels once: the second tap, in turn or at the
// same moment, is told the button expired and the credit returns once.
func TestMyCancelDoubleTapCancelsOnce(t *testing.T) {
	t.Parallel()
	for _, concurrent := range []bool{false, true} {
		name := "in turn"
		if concurrent {
			name = "at once"
		}
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			u := user{"24", "Maria", "en"}
			h.onboard(u)
			pass := h.acctGrant(u, 5)
			res := h.acctBook(u, h.demo.Classes[0].ID, false)
			r := h.press(u, h.pressData(u, encode("cx", id36(res.Booking.ID))), "Travel")
			confirm := acctButton(t, r, "Confirm cancel").Data
			req := Request{Platform: "test", UserID: u.id, ChatID: "chat-" + u.id, ChatKind: ChatPrivate, Name: u.name,
				Language: u.lang, Data: confirm, MessageID: "m1"}
			answers := make([][]Reply, 2)
			if concurrent {
				var wg sync.WaitGroup
				for i := range answers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						answers[i] = h.bot.Handle(h.ctx, req)
					}()
				}
				wg.Wait()
			} else {
				for i := range answers {
					answers[i] = h.bot.Handle(h.ctx, req)
				}
			}
			done, stale := 0, 0
			for _, a := range answers {
				switch text := render(a); {
				case strings.Contains(text, "Cancelled: Thu 4 Jun"):
					done++
				case strings.Contains(text, "This button has expired"):
					stale++
				default:
					t.Fatalf("unexpected answer:\n%s", text)
				}
			}
			if done != 1 || stale != 1 {
				t.Fatalf("%d cancelled, %d stale", done, stale)
			}
			if got := h.acctPass(pass.ID).CreditsLeft; got != 5 {
				t.Fatalf("credits left = %d, want 5", got)
			}
			var audit []*core.AuditEntry
			_ = h.store.View(h.ctx, func(tx core.Tx) (err error) { audit, err = tx.Audit(res.Booking.ID); return })
			if len(audit) != 2 || audit[1].To != core.BookingCancelled {
				t.Fatalf("audit = %+v", audit)
			}
		})
	}
}

// A waitlist place is left without cost and cannot be "moved instead".
func TestMyCancelWaitlistPlace(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	maria, noah := user{"25", "Maria", "en"}, user{"26", "Noah", "en"}
	h.onboard(maria)
	h.onboard(noah)
	h.acctGrant(maria, 5)
	h.acctGrant(noah, 5)
	s := h.acctSession(48*time.Hour, core.ModeInPerson)
	h.acctBook(noah, s.ID, false)
	w := h.acctBook(maria, s.ID, false)
	r := h.press(maria, h.pressData(maria, encode("cx", id36(w.Booking.ID))), "conflict")
	expect(t, r, "You will leave the waitlist; nothing is charged.")
	acctNoButton(t, r, "Move it instead")
	expect(t, h.press(maria, r, "Confirm cancel"), "Cancelled:")
	if got := h.acctBooking(w.Booking.ID).Status; got != core.BookingCancelled {
		t.Fatalf("status = %s", got)
	}
}

// A booking already over cannot be cancelled; the answer says why.
func TestMyCancelAfterStartIsRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"27", "Maria", "en"}
	h.onboard(u)
	h.acctGrant(u, 5)
	s := h.acctSession(2*time.Hour, core.ModeInPerson)
	res := h.acctBook(u, s.ID, false)
	h.clock.Set(s.Start.Add(time.Minute))
	expect(t, h.pressData(u, encode("cx", id36(res.Booking.ID))), "This session has already started; it can no longer be cancelled.")
	if got := h.acctBooking(res.Booking.ID).Status; got != core.BookingConfirmed {
		t.Fatalf("status = %s", got)
	}
}
