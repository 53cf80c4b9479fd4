package bot

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// The client list holds those who dealt with the coach; a search finds
// anyone; a card shows passes, bookings and payments; credits are added
// or deducted with a note, a pass given by hand, a payment marked paid
// then refunded.
func TestCoachManagesClients(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	maria, pass := h.coachClient("maria", "Maria", 10)
	paul, _ := h.coachClient("paul", "Paul", 0)
	zoe, _ := h.coachClient("zoe", "Zoé", 0)
	h.acctBook(maria, h.demo.Classes[0].ID, false)
	one := h.acctSession(48*time.Hour, core.ModeInPerson)
	p := h.acctBook(paul, one.ID, false)

	r := h.send(anaCoach, "/clients")
	expect(t, r, "👥 Your clients (2):", "[👤 Maria]", "[👤 Paul]", "[🔎 Search]")
	acctNoButton(t, r, "Zoé")
	expect(t, h.send(anaCoach, "/clients zo"), "👥 Clients matching “zo”:", "[👤 Zoé]")
	h.press(anaCoach, r, "Search")
	expect(t, h.send(anaCoach, "PAU"), "[👤 Paul]")

	r = h.press(anaCoach, h.send(anaCoach, "/clients"), "Maria")
	expect(t, r, "👤 Maria", "Europe/Paris", "🎟 Passes:\n• 10 sessions — 9/10 credits left, until Wed 30 Sep",
		"📅 Upcoming:\n• Thu 4 Jun, 18:30 — Yoga flow (group) (✅ confirmed)", "💳 Payments:\n—", "[➕➖ Credits: 10 sessions]")
	h.press(anaCoach, r, "Credits: 10 sessions")
	expect(t, h.send(anaCoach, "minus one"), "⚠️ Type +N or -N and a note")
	expect(t, h.send(anaCoach, "-20 oops"), "The pass has 9 credits; it cannot lose 20.")
	r = h.send(anaCoach, "-1 workout on 3 June")
	expect(t, r, "✅ “10 sessions” now has 8 credits.", "8/10 credits left")
	var entries []*core.PassEntry
	if err := h.store.View(h.ctx, func(tx core.Tx) (err error) { entries, err = tx.PassEntries(pass.ID); return }); err != nil {
		t.Fatal(err)
	}
	last := entries[len(entries)-1]
	if last.Kind != core.EntryAdjust || last.Delta != -1 || last.Note != "workout on 3 June" {
		t.Fatalf("ledger line = %+v", last)
	}
	h.press(anaCoach, r, "Credits: 10 sessions")
	expect(t, h.send(anaCoach, "+2 make-up session"), "now has 10 credits.")

	r = h.press(anaCoach, h.send(anaCoach, "/clients zoé"), "Zoé")
	r = h.press(anaCoach, r, "Give credits")
	expect(t, r, "Type the credits, how many days they stay valid")
	expect(t, h.send(anaCoach, "five"), "⚠️ Type the credits, how many days")
	expect(t, h.send(anaCoach, "five 30"), "Give a whole number from 1 to 1000.")
	r = h.send(anaCoach, "5 30 paid in cash")
	expect(t, r, "🎁 5 credits given (“paid in cash”); the client is told.", "• paid in cash — 5/5 credits left, until Thu 2 Jul")
	if got := h.clientNotices(zoe)[core.NoticePassGranted]; got != 1 {
		t.Fatalf("Zoé got %d pass notices", got)
	}

	pid := strconv.FormatInt(p.Payment.ID, 10)
	r = h.press(anaCoach, h.send(anaCoach, "/clients paul"), "Paul")
	expect(t, r, "• #"+pid+" €50.00 — pending — Standard session, Thu 4 Jun, 10:00", "[✅ Mark #"+pid+" paid]")
	r = h.press(anaCoach, r, "Mark #"+pid+" paid")
	expect(t, r, "✅ Payment #"+pid+" (€50.00) marked paid.", "• #"+pid+" €50.00 — paid", "[↩️ Mark #"+pid+" refunded]")
	if b := h.acctBooking(p.Booking.ID); b.Status != core.BookingConfirmed {
		t.Fatalf("Paul's booking = %s", b.Status)
	}
	r = h.press(anaCoach, r, "refunded")
	refund := acctButton(t, r, "Yes, mark it refunded").Data
	r = h.press(anaCoach, r, "Yes, mark it refunded")
	expect(t, r, "↩️ Payment #"+pid+" (€50.00) marked refunded. Paul is told.", "• #"+pid+" €50.00 — refunded")
	expect(t, h.pressData(anaCoach, refund), "Only a paid payment can be refunded; this one is refunded.")
}

// Another coach pressing this coach's client, pass and payment buttons is
// refused by the core, and nothing changes.
func TestOtherCoachCannotTouchClients(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	maria, pass := h.coachClient("maria", "Maria", 10)
	paul, _ := h.coachClient("paul", "Paul", 0)
	res := h.acctBook(maria, h.demo.Classes[0].ID, false)
	p := h.acctBook(paul, h.acctSession(48*time.Hour, core.ModeInPerson).ID, false)
	ben := user{"ben", "Ben", "en"}
	h.onboard(ben)
	if err := h.svc.Accounts.CreateCoach(h.ctx, &core.Coach{Name: "Ben", Zone: "Europe/Paris", ClientID: h.acctClient(ben)}); err != nil {
		t.Fatal(err)
	}
	before := h.snapshot()
	for data, want := range map[string]string{
		encode("cpp", id36(p.Payment.ID)):                                    "That payment belongs to another coach.",
		encode("cpr", id36(p.Payment.ID)):                                    "That payment belongs to another coach.",
		encode("cpry", id36(p.Payment.ID)):                                   "That payment belongs to another coach.",
		encode("cat", id36(res.Booking.ID), "0"):                             "That booking is for another coach's session.",
		encode("cse", id36(h.demo.Classes[0].ID)):                            "That session belongs to another coach.",
		encode("csx", id36(h.demo.Classes[0].ID)):                            "That session belongs to another coach.",
		encode("cte", id36(h.demo.Standard.ID)):                              "That session type belongs to another coach.",
		encode("cpe", id36(h.demo.Packs[0].ID)):                              "That package belongs to another coach.",
		encode("csbk", id36(h.demo.Classes[1].ID), id36(h.acctClient(paul))): "Only the session's coach can book a client in.",
	} {
		expect(t, h.pressData(ben, data), want)
	}
	h.press(ben, h.pressData(ben, encode("cca", id36(pass.ID))), "Coach menu")
	h.pressData(ben, encode("cca", id36(pass.ID)))
	expect(t, h.send(ben, "+5 free credits"), "That pass belongs to another coach's client.")
	// Ben sees Maria's card, but none of Ana's rows on it.
	r := h.pressData(ben, encode("cc", id36(h.acctClient(maria))))
	expect(t, r, "👤 Maria", "🎟 Passes:\n—", "📅 Upcoming:\n—")
	if after := h.snapshot(); after != before {
		t.Fatalf("another coach changed rows:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// A client whose credits the coach adds or takes by hand is told, in
// their language, with the balance after and the coach's note.
func TestClientToldOfCreditsAdjustedByHand(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	maria, _ := h.coachClient("maria", "Maria", 10)
	h.acctBook(maria, h.demo.Classes[0].ID, false)
	r := h.press(anaCoach, h.send(anaCoach, "/clients maria"), "Maria")
	h.press(anaCoach, r, "Credits: 10 sessions")
	h.send(anaCoach, "-1 workout on 3 June")
	expect(t, h.delivered(maria, core.NoticeCreditsAdjusted), "🎟 Ana Martin took 1 credit off your pass “10 sessions”.",
		"It now has 8 credits left, valid until Wed 30 Sep.", "📝 “workout on 3 June”", "[🎟 My passes]")

	vera, _ := h.coachClient("vera", "Вера", 0)
	h.send(vera, "/language ru")
	vera.lang = "ru"
	p := h.acctGrant(vera, 5)
	if _, err := h.svc.Passes.AdjustCredits(h.ctx, h.demo.Coach.ID, p.ID, 2, "за перенос"); err != nil {
		t.Fatal(err)
	}
	expect(t, h.delivered(vera, core.NoticeCreditsAdjusted), "🎟 На ваш абонемент «5 sessions» начислено 2 кредита (тренер: Ana Martin).",
		"Осталось 7 кредитов, действуют до", "📝 «за перенос»")
}

// "Mark refunded" first says what it will do and waits for a Yes; once
// confirmed, the client is told, and a refunded pack's unused credits go
// with the money.
func TestRefundAsksFirstTellsClientAndClosesPass(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	maria, _ := h.coachClient("maria", "Maria", 0)
	order, err := h.svc.Passes.BuyPackage(h.ctx, h.acctClient(maria), h.demo.Packs[1].ID)
	h.must(err)
	r := h.press(anaCoach, h.send(anaCoach, "/clients maria"), "Maria")
	pid := strconv.FormatInt(order.ID, 10)
	h.press(anaCoach, r, "Mark #"+pid+" paid")
	paid := h.payment(order.ID)
	h.acctBook(maria, h.demo.Classes[0].ID, false)

	r = h.press(anaCoach, h.press(anaCoach, h.send(anaCoach, "/clients maria"), "Maria"), "Mark #"+pid+" refunded")
	expect(t, r, "↩️ Mark payment #"+pid+" (€400.00, 10 sessions) as refunded to Maria? This cannot be undone.",
		"The pass “10 sessions” it bought loses its 9 unused credits.", "Maria will be told.", "[↩️ Yes, mark it refunded]", "[« Back]")
	if p := h.payment(order.ID); p.Status != core.PaymentPaid {
		t.Fatalf("asking changed the payment: %s", p.Status)
	}
	r = h.press(anaCoach, r, "Yes, mark it refunded")
	expect(t, r, "↩️ Payment #"+pid+" (€400.00) marked refunded. Maria is told.", "• 10 sessions — 0/10 credits left")
	if left := h.acctPass(paid.PassID).CreditsLeft; left != 0 {
		t.Fatalf("the refunded pack keeps %d credits", left)
	}
	expect(t, h.delivered(maria, core.NoticePaymentRefunded), "↩️ Your payment of €400.00 for 10 sessions was refunded.",
		"The pass “10 sessions” it bought is closed: its 9 unused credits are removed.")
	expect(t, h.send(maria, "/passes"), "• ↩️ 10 sessions (Ana Martin): refunded; its unused credits went with the refund")
}

// A booking cancelled before its session is listed on the client's card
// as cancelled, never as past, until the session's time has come.
func TestClientCardCancelledIsNotPast(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	maria, _ := h.coachClient("maria", "Maria", 10)
	res := h.acctBook(maria, h.demo.Classes[0].ID, false)
	if _, _, err := h.svc.Bookings.Cancel(h.ctx, core.CancelRequest{ClientID: h.acctClient(maria), BookingID: res.Booking.ID}); err != nil {
		t.Fatal(err)
	}
	card := func() string {
		return render(h.pressData(anaCoach, encode("cc", strconv.FormatInt(h.acctClient(maria), 36))))
	}
	text := card()
	cancelled := strings.Index(text, "❌ Cancelled:\n• Thu 4 Jun, 18:30")
	if cancelled < 0 || strings.Contains(text, "🕘 Past:") {
		t.Fatalf("want the class under Cancelled, no Past:\n%s", text)
	}
	h.clock.Set(h.demo.Classes[0].Start.Add(2 * time.Hour))
	if text := card(); !strings.Contains(text, "🕘 Past:\n• Thu 4 Jun, 18:30") || strings.Contains(text, "❌ Cancelled:") {
		t.Fatalf("want the class under Past once over:\n%s", text)
	}
}
