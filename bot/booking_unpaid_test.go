package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// A studio that takes cash at the door (the demo's rule until the coach
// chooses holds): a client without a pass books a class, is confirmed at
// once and told what is due; the place is never released; /payments, the
// booking, the notices and the coach's roster all say it is due at the
// session; the coach marks it paid at the door.
func TestCashClientIsConfirmedWithAmountDue(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	u, _ := h.coachClient("maria", "Maria", 0)
	class := h.demo.Classes[0]
	r := h.pressData(u, encode("clsd", id36(class.ID)))
	expect(t, r, "💶 You have no pass for it: your place is confirmed at once, and you pay €15.00 at the class (cash or transfer).")
	r = h.press(u, r, "Book")
	expect(t, r, "✅ You're booked! Yoga flow (group) with Ana Martin, Thu 4 Jun, 18:30.",
		"💶 €15.00 is due at the session: pay your coach in cash or by transfer.")
	if text := render(r); strings.Contains(text, "held") || strings.Contains(text, "released") {
		t.Fatalf("a cash booking speaks of a hold:\n%s", text)
	}
	expect(t, h.delivered(u, core.NoticeBooked), "✅ You're booked: Yoga flow (group) with Ana Martin, Thu 4 Jun, 18:30.",
		"💶 €15.00 is due at the session (cash or transfer).")

	// Hours pass, the hold job runs: the place stays hers.
	h.clock.Advance(3 * time.Hour)
	if n, err := h.svc.Payments.ReleaseExpiredHolds(h.ctx); err != nil || n != 0 {
		t.Fatalf("ReleaseExpiredHolds = %d, %v", n, err)
	}
	expect(t, h.send(u, "/payments"), "Due:\n• Yoga flow (group), Thu 4 Jun, 18:30 — €15.00 (due at the session)", "Total due: €15.00")
	expect(t, h.send(u, "/mybookings"), "✅ Confirmed — 💶 €15.00 due at the session")

	// The coach sees it on the roster, with the total to collect, and
	// marks it paid at the door.
	r = h.pressData(anaCoach, encode("cs", id36(class.ID)))
	expect(t, r, "1. Maria — ✅ confirmed · 💶 €15.00 due at the session (#", "💶 Due at the session: €15.00", "[💶 Mark paid: Maria, €15.00]")
	coachTold := h.notices(core.NoticeFilter{ToKind: core.ToCoach, Kind: core.NoticeCoachBooked})
	ds, err := h.bot.RenderNotice(h.ctx, coachTold[len(coachTold)-1])
	if err != nil || len(ds) != 1 {
		t.Fatalf("coach notice: %v, %d", err, len(ds))
	}
	expect(t, []Reply{ds[0].Reply}, "🆕 New booking: Maria — Yoga flow (group), Thu 4 Jun, 18:30.", "💶 €15.00 due at the session.")
	h.clock.Set(class.Start.Add(5 * time.Minute))
	r = h.press(anaCoach, h.pressData(anaCoach, encode("cs", id36(class.ID))), "Mark paid: Maria")
	expect(t, r, "marked paid.", "1. Maria — ✅ confirmed · €15.00 paid", "[✅ Maria came]")
	expect(t, h.delivered(u, core.NoticePaymentPaid), "🧾 Receipt: €15.00 received for Yoga flow (group), Thu 4 Jun, 18:30")
	expect(t, h.send(u, "/payments"), "Nothing is due.")
}

// The same in Russian and French: the class page, the reply and the dues
// say the price is paid at the session, in the reader's words.
func TestCashClientInRussianAndFrench(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang, zone string
		want       []string
	}{
		{"ru", "Москва", []string{"💶 Подходящего абонемента у вас нет: место подтверждается сразу, а 15,00\u00a0€ вы оплачиваете на занятии (наличными или переводом).",
			"💶 15,00\u00a0€ — оплата на занятии: наличными или переводом тренеру.", "(оплата на занятии)", "✅ Подтверждено — 💶 15,00\u00a0€, оплата на занятии"}},
		{"fr", "Paris", []string{"💶 Vous n'avez pas de forfait pour ce cours : votre place est confirmée tout de suite, et vous réglez 15,00\u00a0€ sur place (espèces ou virement).",
			"💶 15,00\u00a0€ à régler sur place : payez votre coach en espèces ou par virement.", "(à régler sur place)", "✅ Confirmée — 💶 15,00\u00a0€ à régler sur place"}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			h := newHarness(t)
			u := user{"c" + c.lang, "Vera", c.lang}
			h.press(u, h.send(u, "/start"), c.zone)
			r := h.pressData(u, encode("clsd", id36(h.demo.Classes[1].ID)))
			expect(t, r, c.want[0])
			r = h.press(u, r, "✅")
			expect(t, r, c.want[1])
			expect(t, h.send(u, "/payments"), c.want[2])
			expect(t, h.send(u, "/mybookings"), c.want[3])
			for _, en := range []string{"due", "session", "cash", "held"} {
				if text := render(r); strings.Contains(text, en) {
					t.Fatalf("English %q:\n%s", en, text)
				}
			}
		})
	}
}

// The coach chooses, in /policy, between payment at the session and holds
// for online payment, and a session type may take the other rule; what
// clients read follows.
func TestCoachChoosesTheUnpaidRule(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	r := h.send(anaCoach, "/policy")
	expect(t, r, "• Unpaid bookings: confirmed, paid at the session (cash, transfer)", "• Held seats wait for payment: 30 min")
	r = h.press(anaCoach, r, "✏️ Unpaid bookings")
	expect(t, r, "[confirmed, paid at the session (cash, transfer)]", "[held, then released unpaid (online payment)]")
	r = h.press(anaCoach, r, "held, then released")
	expect(t, r, "• Unpaid bookings: held, then released unpaid (online payment)")
	h.press(anaCoach, r, "Save")
	if got := h.coachRow().Policy.Unpaid; got != core.UnpaidHold {
		t.Fatalf("policy saved = %q", got)
	}
	u, _ := h.coachClient("noor", "Noor", 0)
	r = h.press(u, h.pressData(u, encode("clsd", id36(h.demo.Classes[0].ID))), "Book")
	expect(t, r, "⏳ Your place is held: Yoga flow (group)", "Pay €15.00 by Tue 2 Jun, 10:30")

	// The yoga class is paid at the door even so.
	r = h.press(anaCoach, h.send(anaCoach, "/types"), "Yoga flow")
	expect(t, r, "• Unpaid bookings: as your rules: held, then released unpaid (online payment)")
	r = h.press(anaCoach, r, "✏️ Unpaid bookings")
	r = h.press(anaCoach, r, "confirmed, paid at the session")
	h.press(anaCoach, r, "Save")
	v, _ := h.coachClient("vic", "Vic", 0)
	r = h.press(v, h.pressData(v, encode("clsd", id36(h.demo.Classes[1].ID))), "Book")
	expect(t, r, "✅ You're booked!", "💶 €15.00 is due at the session")

	// French and Russian coaches read the same choice in their words.
	for lang, want := range map[string]string{"fr": "• Réservations non payées : retenues, puis libérées si impayées (paiement en ligne)",
		"ru": "• Неоплаченные записи: бронируются, без оплаты снимаются (онлайн-оплата)"} {
		h.send(anaCoach, "/language "+lang)
		anaCoach.lang = lang
		expect(t, h.send(anaCoach, "/policy"), want)
	}
	anaCoach.lang = "en"
}

// A hold the client lets lapse is released and the coach is told.
func TestCoachToldWhenAHoldIsReleased(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	h.holdUnpaid()
	u, _ := h.coachClient("maria", "Maria", 0)
	h.press(u, h.pressData(u, encode("clsd", id36(h.demo.Classes[0].ID))), "Book")
	h.clock.Advance(31 * time.Minute)
	if n, err := h.svc.Payments.ReleaseExpiredHolds(h.ctx); err != nil || n != 1 {
		t.Fatalf("ReleaseExpiredHolds = %d, %v", n, err)
	}
	ns := h.notices(core.NoticeFilter{ToKind: core.ToCoach, Kind: core.NoticeCoachHoldReleased})
	if len(ns) != 1 {
		t.Fatalf("%d release notices to the coach", len(ns))
	}
	ds, err := h.bot.RenderNotice(h.ctx, ns[0])
	if err != nil || len(ds) != 1 {
		t.Fatalf("render: %v, %d", err, len(ds))
	}
	expect(t, []Reply{ds[0].Reply}, "⌛ Maria did not pay €15.00 in time for Yoga flow (group), Thu 4 Jun, 18:30: the held place is free again.",
		"[📋 Open the session]")
}

// A client whose booking waits for money gets a pass (bought and marked
// paid by the coach): its notice offers to pay that booking with it in
// one tap, which confirms the held seat and takes one credit; a booking
// due at the session is paid the same way from /payments.
func TestNewPassPaysAWaitingBookingInOneTap(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	h.holdUnpaid()
	u, _ := h.coachClient("maria", "Maria", 0)
	h.press(u, h.pressData(u, encode("clsd", id36(h.demo.Classes[0].ID))), "Book")
	// The coach then takes the class's money at the door: next week's
	// booking is confirmed, due at the session.
	p := h.coachRow().Policy
	p.Unpaid = core.UnpaidAtSession
	h.must(h.svc.Catalog.SetPolicy(h.ctx, h.demo.Coach.ID, p))
	h.press(u, h.pressData(u, encode("clsd", id36(h.demo.Classes[1].ID))), "Book")

	order, err := h.svc.Passes.BuyPackage(h.ctx, h.acctClient(u), h.demo.Packs[0].ID)
	h.must(err)
	if _, err := h.svc.Coaching.CoachMarkPaid(h.ctx, h.demo.Coach.ID, order.ID); err != nil {
		t.Fatal(err)
	}
	r := h.delivered(u, core.NoticePassGranted)
	expect(t, r, "🎟 “5 sessions” is ready: 5 credits", "It can pay the 2 bookings that still wait for payment: one tap each below.",
		"[🎟 Pay Yoga flow (group), Thu 4 Jun, 18:30 with it]", "[🎟 Pay Yoga flow (group), Thu 11 Jun, 18:30 with it]")
	r = h.press(u, r, "Pay Yoga flow (group), Thu 4 Jun")
	expect(t, r, "✅ Paid with your pass “5 sessions”: Yoga flow (group), Thu 4 Jun, 18:30 — 1 credit used, 4 left. Nothing more is due for it.")
	expect(t, h.coachNotice(core.NoticeCoachPaid), "🎟 Maria paid for Yoga flow (group), Thu 4 Jun, 18:30 with their pass “5 sessions”: 1 credit. Nothing more is due for it.")
	expect(t, h.press(u, r, "View booking"), "✅ Confirmed · 🎟 1 credit from “5 sessions”")
	h.clock.Advance(time.Hour)
	if n, _ := h.svc.Payments.ReleaseExpiredHolds(h.ctx); n != 0 {
		t.Fatal("a seat paid with a pass was released")
	}

	// The booking due at the session: /payments offers the pass too.
	r = h.send(u, "/payments")
	expect(t, r, "• Yoga flow (group), Thu 11 Jun, 18:30 — €15.00 (due at the session)",
		"[🎟 Pay Yoga flow (group), Thu 11 Jun, 18:30 with “5 sessions”]")
	again := acctButton(t, r, "with “5 sessions”").Data
	r = h.press(u, r, "with “5 sessions”")
	expect(t, r, "✅ Paid with your pass “5 sessions”: Yoga flow (group), Thu 11 Jun, 18:30 — 1 credit used, 3 left.")
	expect(t, h.send(u, "/payments"), "Nothing is due.")
	// The same button a second time: nothing is left to pay.
	expect(t, h.pressData(u, again), "This booking has nothing left to pay.")
}

// coachRow reads the demo coach back from the store.
func (h *harness) coachRow() *core.Coach {
	h.t.Helper()
	var c *core.Coach
	if err := h.store.View(h.ctx, func(tx core.Tx) (err error) { c, err = tx.Coach(h.demo.Coach.ID); return }); err != nil {
		h.t.Fatal(err)
	}
	return c
}
