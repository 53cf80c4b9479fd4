package bot

import (
	"context"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// /passes: credits left and expiry in the client's zone, the types
// covered; an expired pass is marked with its unused credits.
func TestMyPassesShowCreditsExpiryAndTypes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"30", "Maria", "en"}
	expect(t, h.send(u, "/passes"), "You have no pass yet", "[🛒 Buy a package]")
	h.onboard(u)
	short := &core.Package{CoachID: h.demo.Coach.ID, Name: "Trial", Credits: 2, Price: core.Money{Amount: 3000, Currency: "EUR"},
		ValidityDays: 1, TypeIDs: []int64{h.demo.Class.ID, h.demo.Standard.ID}, DeductAt: core.DeductAtBooking}
	if err := h.svc.Catalog.CreatePackage(h.ctx, short); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.Passes.GrantPass(h.ctx, h.acctClient(u), short.ID, "manual"); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(48 * time.Hour) // Thursday 4 June
	ten := h.acctGrant(u, 10)
	h.acctBook(u, h.acctSession(30*time.Hour, core.ModeInPerson).ID, false)
	r := h.send(u, "/passes")
	expect(t, r, "🎟 Your passes",
		"• 10 sessions (Ana Martin): 9 of 10 credits left, valid until Fri 2 Oct, 10:00\n   Covers all of Ana Martin's sessions.",
		"• ⌛ Trial (Ana Martin): expired on Wed 3 Jun, 10:00. 2 credits went unused.\n   Covers: Yoga flow (group), Standard session.",
		"[🛒 Buy a package]", "[📅 Book a session]")
	if ten.CreditsLeft != 10 {
		t.Fatal("grant")
	}
	// The same pass read in New York shows New York time.
	ny := user{"31", "Sam", "en-US"}
	h.send(ny, "/start")
	h.send(ny, "America/New_York")
	if _, err := h.svc.Passes.GrantPass(h.ctx, h.acctClient(ny), h.demo.Packs[0].ID, "manual"); err != nil {
		t.Fatal(err)
	}
	expect(t, h.send(ny, "/passes"), "valid until Wed 2 Sep, 04:00")
}

// /packages lists the packs; Buy opens one order (a double tap opens no
// second) and, without online payment, says the coach confirms it.
func TestMyPackagesBuyWithoutOnlinePayment(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"32", "Maria", "en"}
	h.onboard(u)
	r := h.send(u, "/packages")
	expect(t, r, "🛒 Packages for sale",
		"• 5 sessions (Ana Martin): 5 credits for "+acctEUR("en", 22500)+", valid 90 days after purchase",
		"• 20 sessions (Ana Martin): 20 credits for "+acctEUR("en", 70000)+", valid 180 days after purchase",
		"[Buy 5 sessions — "+acctEUR("en", 22500)+"]")
	buy := acctButton(t, r, "Buy 5 sessions").Data
	r = h.pressData(u, buy)
	expect(t, r, "Your order for “5 sessions” ("+acctEUR("en", 22500)+") is open.", "Your coach will confirm your payment")
	acctNoButton(t, r, "💳 Pay ")
	expect(t, h.pressData(u, buy), "This button has expired")
	r = h.press(u, h.send(u, "/packages"), "Buy 5 sessions")
	expect(t, r, "You already have an open order for “5 sessions”")
	pays, err := h.svc.Payments.MyPayments(h.ctx, h.acctClient(u))
	if err != nil {
		t.Fatal(err)
	}
	if len(pays.Due) != 1 || pays.Due[0].Package.Name != "5 sessions" {
		t.Fatalf("due = %+v", pays.Due)
	}
}

// acctCheckout makes a payment link without a provider.
type acctCheckout struct{}

func (acctCheckout) CheckoutURL(_ context.Context, p *core.Payment) (string, error) {
	return "https://pay.example.com/" + id36(p.ID), nil
}

// With online payment configured, Buy and /payments show Pay links.
func TestMyPackagesBuyWithOnlinePayment(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.bot = New(h.svc, Options{Checkout: acctCheckout{}})
	u := user{"33", "Maria", "en"}
	h.onboard(u)
	r := h.press(u, h.send(u, "/packages"), "Buy 10 sessions")
	expect(t, r, "Pay online and your credits land at once.")
	if b := acctButton(t, r, "Pay "+acctEUR("en", 40000)); b.URL == "" {
		t.Fatalf("pay button = %+v", b)
	}
	r = h.send(u, "/payments")
	acctAbsent(t, r, "Pay your coach directly")
	r = h.press(u, r, "Pay "+acctEUR("en", 40000)) // the link is made when pressed
	if b := acctButton(t, r, "Pay "+acctEUR("en", 40000)); b.URL == "" {
		t.Fatalf("pay link = %+v", b)
	}
	held := h.acctBook(u, h.acctSession(30*time.Hour, core.ModeInPerson).ID, true)
	card := h.pressData(u, encode("bv", id36(held.Booking.ID)))
	r = h.press(u, card, "Pay "+acctEUR("en", 5000))
	if b := acctButton(t, r, "Pay "+acctEUR("en", 5000)); b.URL != "https://pay.example.com/"+id36(held.Payment.ID) {
		t.Fatalf("pay link = %+v", b)
	}
}

// /payments: dues with their total, then receipts with date, method and
// what was paid for.
func TestMyPaymentsDuesTotalAndReceipts(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.holdUnpaid() // the hold for online payment, as this test reads
	u := user{"34", "Maria", "en"}
	h.onboard(u)
	expect(t, h.send(u, "/payments"), "Nothing is due.")
	h.acctBook(u, h.acctSession(26*time.Hour, core.ModeInPerson).ID, true)
	h.acctBook(u, h.acctSession(50*time.Hour, core.ModeOnline).ID, true)
	order, err := h.svc.Passes.BuyPackage(h.ctx, h.acctClient(u), h.demo.Packs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	r := h.send(u, "/payments")
	expect(t, r, "Due:",
		"• Standard session, Wed 3 Jun, 12:00 — "+acctEUR("en", 5000)+" (place held until Tue 2 Jun, 10:30)",
		"• Standard session, Thu 4 Jun, 12:00 — "+acctEUR("en", 5000),
		"• package “5 sessions” — "+acctEUR("en", 22500),
		"Total due: "+acctEUR("en", 32500),
		"Pay your coach directly")

	h.clock.Advance(5 * time.Minute)
	if _, err := h.svc.Payments.MarkPaymentPaid(h.ctx, order.ID, core.MethodManual, "cash"); err != nil {
		t.Fatal(err)
	}
	r = h.send(u, "/payments")
	expect(t, r, "Total due: "+acctEUR("en", 10000), "Receipts:",
		"• Tue 2 Jun, 10:05 — "+acctEUR("en", 22500)+" · package “5 sessions” · paid to your coach")
}

// /stats: total and completed sessions, minutes, next session, total
// spent.
func TestMyStatsFigures(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"35", "Maria", "en"}
	h.onboard(u)
	expect(t, h.send(u, "/stats"), "0 sessions in total, 0 completed", "No upcoming session.", "Total spent: nothing yet")
	order, err := h.svc.Passes.BuyPackage(h.ctx, h.acctClient(u), h.demo.Packs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.Payments.MarkPaymentPaid(h.ctx, order.ID, core.MethodManual, ""); err != nil {
		t.Fatal(err)
	}
	done := h.acctSession(time.Hour, core.ModeInPerson)
	h.acctBook(u, done.ID, false)
	h.clock.Advance(3 * time.Hour)
	if _, err := h.svc.Bookings.CompleteDueSessions(h.ctx); err != nil {
		t.Fatal(err)
	}
	h.acctBook(u, h.demo.Classes[0].ID, false)
	r := h.send(u, "/stats")
	expect(t, r, "📊 Your statistics", "🏋️ 2 sessions in total, 1 completed", "⏱ 60 minutes in sessions",
		"📌 1 upcoming · 0 cancelled · 0 missed",
		"⏭ Next session: Thu 4 Jun, 18:30 — Yoga flow (group) with Ana Martin",
		"💶 Total spent: "+acctEUR("en", 22500))
}
