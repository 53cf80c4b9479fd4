package bot

import (
	"strconv"
	"strings"
	"testing"

	"github.com/slotbot/slotbot/core"
)

// bkFill books n fresh clients into a session through the service.
func bkFill(h *harness, sessionID int64, n int, prefix string) {
	h.t.Helper()
	for i := 0; i < n; i++ {
		c := &core.Client{Name: prefix + strconv.Itoa(i), Zone: "Europe/Paris"}
		if err := h.svc.Accounts.CreateClient(h.ctx, c); err != nil {
			h.t.Fatal(err)
		}
		if _, err := h.svc.Bookings.Book(h.ctx, core.BookRequest{ClientID: c.ID, SessionID: sessionID}); err != nil {
			h.t.Fatal(err)
		}
	}
}

func TestClassesListWeekAndFilters(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"c1", "Ada", "en"}
	h.onboard(u)
	bkFill(h, h.demo.Classes[0].ID, 5, "x")
	r := h.send(u, "/classes")
	expect(t, r, "👥 Upcoming classes (times in Europe/Paris):",
		"🗓 Thu 4 Jun, 18:30 · Yoga flow (group)", "👤 Ana Martin · 📍 In person — Studio Lilas, Paris",
		"🪑 3 of 8 spots left · book by Thu 4 Jun, 16:30", "🎟 Any pass from Ana Martin that covers it; on sale: 5 sessions, 10 sessions, 20 sessions",
		"🗓 Thu 25 Jun, 18:30", "[• 📋 List]", "[🗓 Week]", "[• Coming weeks]")
	if strings.Contains(render(r), "Thu 2 Jul") {
		t.Fatalf("a class beyond the coming four weeks:\n%s", render(r))
	}

	r = h.press(u, r, "🗓 Week")
	expect(t, r, "👥 Classes this week", "Mon 1 Jun: —", "Thu 4 Jun: 18:30 Yoga flow (group) (3 left)", "Sun 7 Jun: —", "[• This week]")
	r = h.press(u, r, "Next week")
	expect(t, r, "👥 Classes next week", "Thu 11 Jun: 18:30 Yoga flow (group) (8 left)")
	if strings.Contains(render(r), "Thu 4 Jun") {
		t.Fatalf("this week's class in next week:\n%s", render(r))
	}
	r = h.press(u, r, "📋 List")
	expect(t, r, "👥 Classes next week", "🗓 Thu 11 Jun, 18:30")

	// A second coach brings a coach filter.
	ben := &core.Coach{Name: "Ben Okafor", Zone: "Europe/Paris"}
	if err := h.svc.Accounts.CreateCoach(h.ctx, ben); err != nil {
		t.Fatal(err)
	}
	r = h.send(u, "/classes")
	expect(t, r, "[• All coaches]", "[Ben Okafor]")
	r = h.press(u, r, "Ben Okafor")
	expect(t, r, "No classes in this period.", "[• Ben Okafor]")

	// Forged schedule buttons are stale.
	for _, data := range []string{"1:cls:x:up:0:0:0", "1:cls:l:yy:0:0:0", "1:cls:l:up:0:0", "1:cls:l:up:-1:0:0", "1:clsd:!!"} {
		expect(t, h.pressData(u, data), "This button has expired")
	}
}

func TestClassBookWithPass(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"c2", "Bea", "en"}
	h.onboard(u)
	c := bkClient(h, u)
	pass, err := h.svc.Passes.GrantPass(h.ctx, c.ID, h.demo.Packs[1].ID, "manual")
	if err != nil {
		t.Fatal(err)
	}
	r := h.send(u, "/classes")
	r = h.press(u, r, "Thu 4 Jun, 18:30 · Yoga flow")
	expect(t, r, "🎟 1 credit from your pass “10 sessions” (10 left)", "[✅ Book]")
	book := r
	r = h.press(u, r, "✅ Book")
	expect(t, r, "✅ You're booked! Yoga flow (group) with Ana Martin, Thu 4 Jun, 18:30.", "🎟 1 credit used from “10 sessions” — 9 left.")
	// A second tap books nothing more.
	expect(t, h.press(u, book, "✅ Book"), "You already have a place in this session.")
	if left := bkPass(h, pass.ID).CreditsLeft; left != 9 {
		t.Fatalf("pass has %d credits, want 9", left)
	}
	r = h.send(u, "/classes")
	expect(t, r, "✅ You're booked.", "[✅ Thu 4 Jun, 18:30 · Yoga flow (group)]")
	r = h.press(u, r, "✅ Thu 4 Jun")
	expect(t, r, "✅ You're booked.", "[🔁 Reschedule]")
}

func TestClassFullJoinWaitlistShowsPosition(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"c3", "Cleo", "en"}
	h.onboard(u)
	c := bkClient(h, u)
	pass, err := h.svc.Passes.GrantPass(h.ctx, c.ID, h.demo.Packs[0].ID, "manual")
	if err != nil {
		t.Fatal(err)
	}
	class := h.demo.Classes[0]
	bkFill(h, class.ID, 9, "full") // eight seats, then one on the waitlist
	r := h.send(u, "/classes")
	expect(t, r, "🪑 Full — 1 on the waitlist", "[Thu 4 Jun, 18:30 · Yoga flow (group) · full]")
	r = h.press(u, r, "Thu 4 Jun, 18:30 · Yoga flow (group) · full")
	expect(t, r, "🪑 Full — 1 on the waitlist", "🎟 Your pass “5 sessions” is charged only if a spot frees up for you.",
		"[⏳ Join the waitlist (you'd be #2)]")
	r = h.press(u, r, "Join the waitlist")
	expect(t, r, "⏳ Yoga flow (group) on Thu 4 Jun, 18:30 is full, so you're on the waitlist: position 2.",
		"🎟 Your pass “5 sessions” is charged only if a spot frees up for you.")
	bs, _ := bkBookings(h, c.ID)
	if len(bs) != 1 || bs[0].Status != core.BookingWaitlisted || bs[0].Charged {
		t.Fatalf("bookings = %+v", bs)
	}
	if left := bkPass(h, pass.ID).CreditsLeft; left != 5 {
		t.Fatalf("the waitlist charged the pass: %d left", left)
	}
	r = h.pressData(u, encode("clsd", id36(class.ID)))
	expect(t, r, "⏳ You're #2 on the waitlist.")
	if strings.Contains(render(r), "Reschedule") || strings.Contains(render(r), "Join") {
		t.Fatalf("a waitlisted client offered to move or join again:\n%s", render(r))
	}
}

func TestClassWithoutPassIsHeldForPaymentInFrench(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.holdUnpaid() // the hold for online payment, as this test reads
	u := user{"c4", "Élise", "fr"}
	h.onboard(u)
	r := h.send(u, "/classes")
	expect(t, r, "👥 Prochains cours (fuseau Europe/Paris) :", "🪑 8 places libres sur 8", "réserver avant jeu. 4 juin, 16:30",
		"🎟 Tout forfait couvrant cette séance (coach : Ana Martin) ; en vente : 5 sessions, 10 sessions, 20 sessions", "[🗓 Semaine]")
	r = h.press(u, r, "jeu. 4 juin, 18:30")
	expect(t, r, "💶 Vous n'avez pas de forfait pour ce cours : votre place sera retenue jusqu'au paiement de "+eur("fr", 1500)+".", "[✅ Réserver]")
	r = h.press(u, r, "Réserver")
	expect(t, r, "⏳ Votre place est retenue : Yoga flow (group) avec Ana Martin, jeu. 4 juin, 18:30.", "Payez "+eur("fr", 1500)+" avant")
	r = h.send(u, "/classes")
	r = h.press(u, r, "🗓 Semaine")
	expect(t, r, "👥 Cours de la semaine", "lun. 1 juin : —", "jeu. 4 juin : 18:30 Yoga flow (group) (7 libres)")
}

// A pass the coach gave by hand pays for a class like a bought one, and
// the class says so: any of the coach's passes that covers it, with the
// packs on sale beside — and still when nothing is on sale.
func TestClassAcceptsPassesGivenByHand(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"c9", "Ines", "en"}
	h.onboard(u)
	if _, err := h.svc.Coaching.GrantCredits(h.ctx, h.demo.Coach.ID, h.acctClient(u), 3, 30, "Make-up"); err != nil {
		t.Fatal(err)
	}
	r := h.send(u, "/classes")
	expect(t, r, "🎟 Any pass from Ana Martin that covers it; on sale: 5 sessions, 10 sessions, 20 sessions")
	for _, pk := range h.demo.Packs {
		if _, err := h.svc.Catalog.RetirePackage(h.ctx, h.demo.Coach.ID, pk.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	r = h.press(u, h.send(u, "/classes"), "Thu 4 Jun, 18:30")
	expect(t, r, "🎟 Any pass from Ana Martin that covers it\n", "🎟 1 credit from your pass “Make-up”", "[✅ Book]")
	r = h.press(u, r, "Book")
	expect(t, r, "✅ You're booked! Yoga flow (group) with Ana Martin", "🎟 1 credit used from “Make-up” — 2 left.")
}

// A client without a pass who looks at a full class, and joins its
// waitlist, reads how a freed spot would be paid for them — the price —
// and never about a pass they do not have, nor of a place held now.
func TestWaitlistWithoutPassSaysHowASpotIsPaid(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang, page, joined, held string
	}{
		{"en", "💶 You have no pass for it: if a spot frees up for you, it is held for you while you pay " + eur("en", 1500) + ".",
			"is full, so you're on the waitlist: position 2. If a spot frees up for you, I'll message you right away.", "held until you pay"},
		{"fr", "💶 Vous n'avez pas de forfait pour ce cours : si une place se libère pour vous, elle vous est retenue le temps de payer " + eur("fr", 1500) + ".",
			"vous êtes sur la liste d'attente, en position 2. Si une place se libère pour vous, je vous préviens aussitôt.", "retenue jusqu'au paiement"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			h := newHarness(t)
			h.holdUnpaid() // the hold for online payment, as this test reads
			u := user{"w" + c.lang, "Noor", c.lang}
			h.onboard(u)
			bkFill(h, h.demo.Classes[0].ID, 9, "full")
			r := h.pressData(u, encode("clsd", id36(h.demo.Classes[0].ID)))
			expect(t, r, c.page)
			if text := render(r); strings.Contains(text, c.held) {
				t.Fatalf("a full class promises a place held now:\n%s", text)
			}
			r = h.press(u, r, "⏳")
			expect(t, r, c.joined, c.page)
			for _, pass := range []string{"pass", "forfait n'est débité"} {
				if text := render(r); strings.Contains(text, "Your "+pass) || strings.Contains(text, "Votre "+pass) {
					t.Fatalf("a client without a pass reads about their pass:\n%s", text)
				}
			}
		})
	}
}
