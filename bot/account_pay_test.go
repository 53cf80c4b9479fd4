package bot

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// payCheckout stands in for Stripe in conversation tests (the Stripe
// adapter is tested against stripe-mock): it makes a link per payment,
// or fails with err.
type payCheckout struct {
	mu    sync.Mutex
	asked []int64
	err   error
}

func (f *payCheckout) CheckoutURL(_ context.Context, p *core.Payment) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, p.ID)
	if f.err != nil {
		return "", f.err
	}
	return "https://pay.example/" + id36(p.ID), nil
}

// payHarness is the harness with online payment through fake.
func payHarness(t *testing.T, fake *payCheckout) *harness {
	h := newHarness(t)
	opts := Options{}
	if fake != nil {
		opts.Checkout = fake
	}
	h.bot = New(h.svc, opts)
	return h
}

// payHold onboards u and holds a paid 1:1 (EUR 50, Thu 4 Jun 10:00
// Paris) for them, awaiting payment.
func (h *harness) payHold(u user) *core.BookResult {
	h.t.Helper()
	h.onboard(u)
	var clientID int64
	h.must(h.store.View(h.ctx, func(tx core.Tx) error {
		a, err := tx.Account("test", u.id)
		if err == nil {
			clientID = a.ClientID
		}
		return err
	}))
	s, err := h.svc.Catalog.ScheduleSession(h.ctx, core.ScheduleRequest{CoachID: h.demo.Coach.ID, TypeID: h.demo.Standard.ID,
		Start: h.clock.Now().Add(48 * time.Hour), Capacity: 1})
	h.must(err)
	res, err := h.svc.Bookings.Book(h.ctx, core.BookRequest{ClientID: clientID, SessionID: s.ID})
	h.must(err)
	if res.Payment == nil {
		h.t.Fatalf("no payment awaited: %+v", res.Booking)
	}
	return res
}

func (h *harness) must(err error) {
	h.t.Helper()
	if err != nil {
		h.t.Fatal(err)
	}
}

// urlButton finds the link button labelled label in replies.
func urlButton(t *testing.T, replies []Reply, label string) Button {
	t.Helper()
	for _, r := range replies {
		for _, rw := range r.Buttons {
			for _, b := range rw {
				if strings.Contains(b.Label, label) && b.URL != "" {
					return b
				}
			}
		}
	}
	t.Fatalf("no link %q in:\n%s", label, render(replies))
	return Button{}
}

// A client presses Pay on a held seat: the secure page's link, what it
// pays for, and until when the place is held.
func TestPayNowOpensTheCheckoutPage(t *testing.T) {
	t.Parallel()
	fake := &payCheckout{}
	h := payHarness(t, fake)
	h.holdUnpaid() // the hold for online payment, as this test reads
	maria := user{"p1", "Maria", "en"}
	res := h.payHold(maria)
	r := h.pressData(maria, encode("pay", id36(res.Payment.ID)))
	expect(t, r, "Pay €50.00 for Standard session on Thu 4 Jun, 10:00 on the secure payment page:",
		"Your place is held until Tue 2 Jun, 10:30.")
	if b := urlButton(t, r, "💳 Pay €50.00"); b.URL != "https://pay.example/"+id36(res.Payment.ID) {
		t.Fatalf("pay link = %+v", b)
	}
	// The helper other flows call makes the same link.
	var tr turn
	tr.lang = "fr"
	b, ok, _ := h.bot.payButton(h.ctx, &tr, res.Payment)
	if !ok || b.URL != "https://pay.example/"+id36(res.Payment.ID) || b.Label != "💳 Payer 50,00\u00a0€" {
		t.Fatalf("payButton = %+v, %v", b, ok)
	}
	if nb := h.bot.payNowButton(&tr, res.Payment); nb.Data != encode("pay", id36(res.Payment.ID)) {
		t.Fatalf("payNowButton = %+v", nb)
	}
}

// Without online payment the client is told to pay the coach; the
// helper offers no button.
func TestPayByHandWithoutCheckout(t *testing.T) {
	t.Parallel()
	h := payHarness(t, nil)
	luc := user{"p2", "Luc", "fr"}
	res := h.payHold(luc)
	r := h.pressData(luc, encode("pay", id36(res.Payment.ID)))
	expect(t, r, "50,00\u00a0€ à régler pour Standard session le jeu. 4 juin, 10:00.", "Réglez directement votre coach")
	if _, ok, _ := h.bot.payButton(h.ctx, &turn{lang: "en"}, res.Payment); ok {
		t.Fatal("a Pay button without online payment")
	}
}

// Nothing to pay: already paid, cancelled, the hold gone, or someone
// else's payment (as if the button never existed).
func TestPayNowWhenNothingIsDue(t *testing.T) {
	t.Parallel()
	fake := &payCheckout{}
	h := payHarness(t, fake)
	h.holdUnpaid() // the hold for online payment, as this test reads
	ann := user{"p3", "Ann", "en"}
	res := h.payHold(ann)
	eve := user{"p4", "Eve", "en"}
	h.onboard(eve)
	expect(t, h.pressData(eve, encode("pay", id36(res.Payment.ID))), "This button has expired")
	expect(t, h.pressData(eve, encode("pay", "zz99")), "This button has expired")

	fake.err = core.NewError(core.EUNAVAILABLE, "err.pay.unavailable", "Stripe is down")
	r := h.pressData(ann, encode("pay", id36(res.Payment.ID)))
	expect(t, r, "⚠️ Online payment is not working right now", "Your place is held until", "[💳 Pay €50.00]")
	fake.err = core.NewError(core.ECONFLICT, "err.pay.hold_ended", "Your hold on this seat has ended.")
	expect(t, h.pressData(ann, encode("pay", id36(res.Payment.ID))), "This can no longer be paid")
	fake.err = nil

	_, err := h.svc.Payments.MarkPaymentPaid(h.ctx, res.Payment.ID, core.MethodManual, "cash")
	h.must(err)
	expect(t, h.pressData(ann, encode("pay", id36(res.Payment.ID))), "This payment (€50.00) is already paid.")
	asked := len(fake.asked)
	if _, ok, _ := h.bot.payButton(h.ctx, &turn{lang: "en"}, h.paymentRow(res.Payment.ID)); ok || len(fake.asked) != asked {
		t.Fatal("a Pay button for a paid payment")
	}

	res2 := h.payHold(user{"p5", "Zoé", "en"})
	h.clock.Advance(31 * time.Minute)
	_, err = h.svc.Payments.ReleaseExpiredHolds(h.ctx)
	h.must(err)
	expect(t, h.pressData(user{"p5", "Zoé", "en"}, encode("pay", id36(res2.Payment.ID))), "This payment was cancelled")
}

func (h *harness) paymentRow(id int64) *core.Payment {
	h.t.Helper()
	var p *core.Payment
	h.must(h.store.View(h.ctx, func(tx core.Tx) (err error) { p, err = tx.Payment(id); return }))
	return p
}

// The notices about online money: late money refunded to the card, kept
// as credit, a refund made.
func TestPaymentNotices(t *testing.T) {
	t.Parallel()
	h := payHarness(t, nil)
	h.holdUnpaid() // the hold for online payment, as this test reads
	rules := core.CheckoutRules{Provider: core.MethodStripe, MinLife: 30 * time.Minute, MaxLife: 24 * time.Hour, Grace: 5 * time.Minute}
	u := user{"p6", "Maria", "en"}
	res := h.payHold(u)
	plan, err := h.svc.Payments.PrepareCheckout(h.ctx, res.Payment.ID, rules)
	h.must(err)
	pg := *plan.Page
	pg.SessionID, pg.URL = "cs_1", "https://pay.example/cs_1"
	_, err = h.svc.Payments.OpenCheckout(h.ctx, &pg, rules)
	h.must(err)
	h.clock.Advance(40 * time.Minute)
	_, err = h.svc.Payments.ReleaseExpiredHolds(h.ctx)
	h.must(err)
	// Someone else takes the freed place before the money arrives.
	other := user{"p7", "Noah", "en"}
	h.onboard(other)
	var otherID int64
	h.must(h.store.View(h.ctx, func(tx core.Tx) error {
		a, err := tx.Account("test", other.id)
		otherID = a.ClientID
		return err
	}))
	_, err = h.svc.Passes.GrantPass(h.ctx, otherID, h.demo.Packs[0].ID, "manual")
	h.must(err)
	_, err = h.svc.Bookings.Book(h.ctx, core.BookRequest{ClientID: otherID, SessionID: res.Booking.SessionID})
	h.must(err)
	_, _, err = h.svc.Payments.CheckoutPaid(h.ctx, core.ProviderEvent{Provider: core.MethodStripe, ID: "evt_1", Kind: "checkout.session.completed"}, "cs_1", "pi_1")
	h.must(err)
	_, err = h.svc.Payments.RefundMade(h.ctx, core.MethodStripe, res.Payment.ID, "re_1")
	h.must(err)
	texts := map[core.NoticeKind]string{}
	h.must(h.store.View(h.ctx, func(tx core.Tx) error {
		ns, err := tx.Notices(core.NoticeFilter{ToKind: core.ToClient, ToID: res.Booking.ClientID})
		if err != nil {
			return err
		}
		for _, n := range ns {
			if n.Kind != core.NoticePaymentLate && n.Kind != core.NoticePaymentRefunded {
				continue
			}
			nc, err := h.bot.loadNotice(tx, n)
			if err != nil {
				return err
			}
			text, buttons, err := nc.paymentNotice()
			if err != nil || len(buttons) == 0 {
				t.Fatalf("%s: %q %v %v", n.Kind, text, buttons, err)
			}
			texts[n.Kind] = text
		}
		return nil
	}))
	if late := texts[core.NoticePaymentLate]; !strings.Contains(late, "Your payment of €50.00 for Standard session, Thu 4 Jun, 10:00 came after") ||
		!strings.Contains(late, "refunded in full, automatically") {
		t.Fatalf("late notice = %q", late)
	}
	if ref := texts[core.NoticePaymentRefunded]; !strings.Contains(ref, "Your payment of €50.00 for Standard session, Thu 4 Jun, 10:00 was refunded.") {
		t.Fatalf("refund notice = %q", ref)
	}
}

// With online payment configured but unreachable, a client booking or
// buying a pack is told that online payment is down and what to do — a
// Pay button that tries again, or the coach by hand — never silently sent
// to pay in cash; once the provider is back, the same button pays.
func TestOnlinePaymentDownIsSaid(t *testing.T) {
	t.Parallel()
	fake := &payCheckout{err: core.NewError(core.EUNAVAILABLE, "err.pay.unavailable", "Stripe is unreachable")}
	h := payHarness(t, fake)
	h.holdUnpaid() // the hold for online payment, as this test reads
	u := user{"p8", "Maria", "en"}
	h.onboard(u)
	r := h.press(u, h.pressData(u, encode("clsd", id36(h.demo.Classes[0].ID))), "Book")
	expect(t, r, "⏳", "⚠️ Online payment is not working right now, so no payment page could be opened.",
		"If it keeps failing, pay your coach directly", "[💳 Pay €15.00]")
	if text := render(r); strings.Contains(text, "they will mark it paid and I'll confirm your place") {
		t.Fatalf("online payment down, the client is sent to pay in cash as if it were the rule:\n%s", text)
	}
	fake.err = nil
	r = h.press(u, r, "Pay €15.00")
	urlButton(t, r, "💳 Pay €15.00")

	fake.err = core.NewError(core.EUNAVAILABLE, "err.pay.unavailable", "Stripe is unreachable")
	r = h.press(u, h.send(u, "/packages"), "Buy 5 sessions")
	expect(t, r, "Your order for “5 sessions”", "⚠️ Online payment is not working right now", "[💳 Pay €225.00]")
	if strings.Contains(render(r), "Your coach will confirm your payment") {
		t.Fatalf("online payment down, the pack is left to the coach silently:\n%s", render(r))
	}
}
