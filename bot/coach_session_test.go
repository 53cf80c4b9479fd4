package bot

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Today's agenda lists a full class; its card shows who is booked, how
// they pay and the waitlist; a pending payment is marked paid from it;
// once the class has started the coach marks who came.
func TestCoachAgendaRosterAndAttendance(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	h.holdUnpaid() // the hold for online payment, as this test reads
	maria, _ := h.coachClient("maria", "Maria", 10)
	paul, _ := h.coachClient("paul", "Paul", 0)
	lea, _ := h.coachClient("lea", "Léa", 5)
	class := h.class("2026-06-02", "12:00", 2)
	m := h.acctBook(maria, class.ID, false)
	p := h.acctBook(paul, class.ID, true)
	if w := h.acctBook(lea, class.ID, false); w.Booking.Status != core.BookingWaitlisted {
		t.Fatalf("Léa = %s", w.Booking.Status)
	}
	id := strconv.FormatInt(class.ID, 10)
	r := h.send(anaCoach, "/agenda")
	expect(t, r, "📅 Today, Tue 2 Jun (Europe/Paris):", "#"+id+" 12:00 Yoga flow (group) — 2/2 booked · 1 waiting")
	r = h.press(anaCoach, r, "12:00 · Yoga flow")
	expect(t, r, "#"+id+" Yoga flow (group)", "🗓 Tue 2 Jun, 12:00–13:00 (Europe/Paris)", "👥 2/2 booked · €15.00 or 1 credit",
		"1. Maria — ✅ confirmed · pass “10 sessions”", "2. Paul — ⏳ awaiting payment · €15.00 pending (#", "Waitlist:\n1. Léa",
		"[✏️ Edit]", "[🕒 Move]", "[📎 Share a file or link]", "[➕ Book a client in]", "[❌ Cancel session]")
	expect(t, h.pressData(anaCoach, encode("cat", id36(m.Booking.ID), "1")), "Attendance can be marked once the session has started.")
	r = h.press(anaCoach, r, "💶 Mark paid: Paul, €15.00")
	expect(t, r, "✅ Payment #"+strconv.FormatInt(p.Payment.ID, 10)+" (€15.00) marked paid.", "2. Paul — ✅ confirmed · €15.00 paid")
	if got := h.payment(p.Payment.ID); got.Status != core.PaymentPaid || got.Method != core.MethodManual {
		t.Fatalf("payment = %+v", got)
	}

	h.clock.Advance(2*time.Hour + 5*time.Minute) // 12:05 Paris
	r = h.press(anaCoach, h.send(anaCoach, "/agenda"), "12:00 · Yoga flow")
	expect(t, r, "[✅ Maria came]", "[🚫 Maria no-show]", "[✅ Paul came]")
	r = h.press(anaCoach, r, "Maria came")
	expect(t, r, "✅ Marked as attended.", "1. Maria — ✔️ attended")
	r = h.press(anaCoach, r, "Paul no-show")
	expect(t, r, "🚫 Marked as no-show.", "2. Paul — 🚫 no-show")
	if b := h.acctBooking(m.Booking.ID); b.Status != core.BookingCompleted {
		t.Fatalf("Maria = %s", b.Status)
	}
	if b := h.acctBooking(p.Booking.ID); b.Status != core.BookingNoShow {
		t.Fatalf("Paul = %s", b.Status)
	}
}

// Save changes the session and tells nobody; Save and notify sends each
// booked client exactly one update, which names what changed.
func TestCoachEditSaveVersusSaveAndNotify(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	maria, _ := h.coachClient("maria", "Maria", 10)
	lea, _ := h.coachClient("lea", "Léa", 5)
	class := h.demo.Classes[0] // Thu 4 Jun 18:30
	h.acctBook(maria, class.ID, false)
	h.acctBook(lea, class.ID, false)
	before := h.messages()

	r := h.press(anaCoach, h.pressData(anaCoach, encode("cs", id36(class.ID))), "Edit")
	expect(t, r, "✏️ Edit session #", "• Time: Thu 4 Jun, 18:30", "• Place: Studio Lilas, Paris", "• Status: scheduled",
		"[💾 Save]", "[📣 Save and notify]")
	r = h.press(anaCoach, r, "✏️ Place")
	expect(t, r, "Place: Studio Lilas, Paris", "Type the text")
	if !r[0].ExpectText {
		t.Fatal("the place prompt does not expect text")
	}
	r = h.send(anaCoach, "Studio B, 3rd floor")
	expect(t, r, "• Place: Studio B, 3rd floor")
	saveData := acctButton(t, r, "💾 Save").Data
	r = h.press(anaCoach, r, "💾 Save")
	expect(t, r, "💾 Saved. Nobody was told.", "📍 Studio B, 3rd floor")
	if got := h.messages(); got != before {
		t.Fatalf("Save wrote %d client messages", got-before)
	}
	if s := h.session(class.ID); s.Place != "Studio B, 3rd floor" {
		t.Fatalf("place = %q", s.Place)
	}
	expect(t, h.pressData(anaCoach, saveData), "This button has expired")

	h.press(anaCoach, h.pressData(anaCoach, encode("cs", id36(class.ID))), "Edit")
	r = h.send(anaCoach, "whatever") // nothing is being typed: the form is shown again
	expect(t, r, "Tap a field to change it.")
	h.press(anaCoach, r, "✏️ Notes")
	h.send(anaCoach, "Bring a towel")
	h.press(anaCoach, h.send(anaCoach, "ignored"), "✏️ Time")
	expect(t, h.send(anaCoach, "25:00"), "⚠️ Give a date and a time")
	r = h.send(anaCoach, "19:00")
	expect(t, r, "• Time: Thu 4 Jun, 19:00", "• Notes: Bring a towel")
	r = h.press(anaCoach, r, "Save and notify")
	expect(t, r, "📣 Saved; 2 clients get an update.", "🗓 Thu 4 Jun, 19:00–20:00")
	for _, u := range []user{maria, lea} {
		if got := h.clientNotices(u)[core.NoticeSessionUpdated]; got != 1 {
			t.Fatalf("%s got %d updates: %s", u.name, got, kinds(h.clientNotices(u)))
		}
	}
	if got := h.messages(); got != before+2 {
		t.Fatalf("Save and notify wrote %d client messages, want 2", got-before)
	}
	expect(t, h.delivered(maria, core.NoticeSessionUpdated), "Now Thu 4 Jun, 19:00 (was Thu 4 Jun, 18:30)", "Notes: Bring a towel")
	// Saving an untouched form changes nothing.
	r = h.press(anaCoach, h.press(anaCoach, h.pressData(anaCoach, encode("cs", id36(class.ID))), "Edit"), "Save and notify")
	expect(t, r, "Nothing changed, nothing saved.")
	if got := h.messages(); got != before+2 {
		t.Fatal("an untouched form notified clients")
	}
}

// A moved session tells each client once; one who cannot make the new
// time cancels free of charge even inside the late window.
func TestCoachMoveLetsClientsCancelFree(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	maria, pass := h.coachClient("maria", "Maria", 10)
	lea, _ := h.coachClient("lea", "Léa", 5)
	class := h.class("2026-06-02", "18:00", 8)
	m := h.acctBook(maria, class.ID, false)
	h.acctBook(lea, class.ID, false)
	id := strconv.FormatInt(class.ID, 10)
	expect(t, h.send(anaCoach, "/move "+id+" 25:99"), "⚠️ Give a date and a time")
	r := h.send(anaCoach, "19:30") // the answer to the same question
	expect(t, r, "🕒 Moved to Tue 2 Jun, 19:30; 2 clients told — they may cancel free of charge.")
	if got := h.clientNotices(maria)[core.NoticeSessionMoved]; got != 1 {
		t.Fatalf("Maria got %d move notices", got)
	}
	r = h.delivered(maria, core.NoticeSessionMoved)
	expect(t, r, "🕒 Ana Martin moved Yoga flow (group): now Tue 2 Jun, 19:30 (was Tue 2 Jun, 18:00).",
		"cancel free of charge until it starts", "[❌ I can't make it — cancel free]")
	r = h.press(maria, r, "cancel free")
	expect(t, r, "Cancel Tue 2 Jun, 19:30", "free of charge? Your coach moved it.")
	r = h.press(maria, r, "Yes, cancel it free")
	expect(t, r, "Cancelled free of charge: Tue 2 Jun, 19:30")
	if got := h.acctPass(pass.ID).CreditsLeft; got != 10 {
		t.Fatalf("credits left = %d, want 10 (no late forfeit)", got)
	}
	if b := h.acctBooking(m.Booking.ID); b.Status != core.BookingCancelled {
		t.Fatalf("booking = %s", b.Status)
	}
	expect(t, h.pressData(maria, encode("fcy", id36(m.Booking.ID))), "This booking is already cancelled.")
	// The coach reads why, in words, not the stored reason.
	var told bool
	var ns []*core.Notice
	_ = h.store.View(h.ctx, func(tx core.Tx) (err error) {
		ns, err = tx.Notices(core.NoticeFilter{ToKind: core.ToCoach, Kind: core.NoticeCoachCancelled})
		return err
	})
	for _, n := range ns {
		ds, err := h.bot.RenderNotice(h.ctx, n)
		if err == nil && len(ds) == 1 && strings.Contains(ds[0].Reply.Text, "Reason: can't make the new time") {
			told = true
		}
	}
	if !told {
		t.Fatalf("no coach notice with the reason in words among %d", len(ns))
	}
	// A client without a moved session has no free cancellation.
	other := h.acctBook(maria, h.demo.Classes[0].ID, false)
	expect(t, h.pressData(maria, encode("fcx", id36(other.Booking.ID))), "can no longer be cancelled free of charge")
	expect(t, h.pressData(lea, encode("fcx", id36(m.Booking.ID))), "That booking is not yours.")

	// The command with no arguments asks for both, and a card's Move button
	// asks for the time alone.
	expect(t, h.send(anaCoach, "/move"), "Type the session number (see /agenda) and the new time")
	r = h.press(anaCoach, h.pressData(anaCoach, encode("cs", id36(class.ID))), "Move")
	expect(t, r, "🕒 Move Yoga flow (group) (now Tue 2 Jun, 19:30)")
	expect(t, h.send(anaCoach, "20:00"), "🕒 Moved to Tue 2 Jun, 20:00; 1 client told")
}

// A link shared with a class reaches each booked client and stays under
// their booking; one shared from a client's card reaches only them.
func TestCoachSharesLinks(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	maria, _ := h.coachClient("maria", "Maria", 10)
	paul, _ := h.coachClient("paul", "Paul", 5)
	class := h.demo.Classes[0]
	h.acctBook(maria, class.ID, false)
	r := h.press(anaCoach, h.pressData(anaCoach, encode("cs", id36(class.ID))), "Share a file or link")
	expect(t, r, "📎 Send the file (a PDF plan, a photo) or the link (https://…) to share for Yoga flow (group), Thu 4 Jun, 18:30")
	expect(t, h.send(anaCoach, "my plan"), "⚠️ Send a link starting with https://")
	r = h.send(anaCoach, "https://drive.example/plan.pdf")
	expect(t, r, "📎 Shared with 1 client; it stays under the booking.", "📎 https://drive.example/plan.pdf")
	r = h.delivered(maria, core.NoticeDocument)
	expect(t, r, "📎 Ana Martin shared a document for Yoga flow (group) (Thu 4 Jun, 18:30):\nhttps://drive.example/plan.pdf", "[📎 Open]")
	if acctButton(t, r, "Open").URL != "https://drive.example/plan.pdf" {
		t.Fatal("the Open button does not open the link")
	}
	card := h.press(maria, h.send(maria, "/mybookings"), "Thu 4 Jun")
	expect(t, card, "https://drive.example/plan.pdf")

	one := h.acctSession(48*time.Hour, core.ModeOnline)
	h.acctBook(paul, one.ID, false)
	r = h.pressData(anaCoach, encode("cc", id36(h.acctClient(paul))))
	r = h.press(anaCoach, r, "Share a file or link")
	expect(t, r, "📎 Which session of Paul is the link for?")
	h.press(anaCoach, r, "Standard session")
	r = h.send(anaCoach, "https://drive.example/paul.pdf")
	expect(t, r, "📎 Shared with 1 client", "👤 Paul")
	if got := h.clientNotices(paul)[core.NoticeDocument]; got != 1 {
		t.Fatalf("Paul got %d documents", got)
	}
	if got := h.clientNotices(maria)[core.NoticeDocument]; got != 1 {
		t.Fatalf("Maria got %d documents, want only the class's", got)
	}
	maria2, _ := h.coachClient("maria2", "Zoé", 0)
	expect(t, h.press(anaCoach, h.pressData(anaCoach, encode("cc", id36(h.acctClient(maria2)))), "Share a file or link"),
		"Zoé has no 1:1 session with you")
}

// The coach books clients in by hand: with a pass it is confirmed, without
// one it awaits payment until marked paid; twice is refused.
func TestCoachBooksClientsIn(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	h.holdUnpaid() // the hold for online payment, as this test reads
	h.coachClient("maria", "Maria", 10)
	paul, _ := h.coachClient("paul", "Paul", 0)
	class := h.demo.Classes[1]
	card := h.pressData(anaCoach, encode("cs", id36(class.ID)))
	r := h.press(anaCoach, card, "Book a client in")
	expect(t, r, "➕ Type the client's name")
	expect(t, h.send(anaCoach, "zzz"), "No client matches “zzz”.")
	r = h.send(anaCoach, "mar")
	expect(t, r, "Whom should I book in?", "[Maria]")
	pick := acctButton(t, r, "Maria").Data
	r = h.press(anaCoach, r, "Maria")
	expect(t, r, "✅ Booked in and confirmed, paid with the pass “10 sessions”.", "1. Maria — ✅ confirmed")
	expect(t, h.pressData(anaCoach, pick), "That client already has a place in this session.")

	r = h.press(anaCoach, h.press(anaCoach, h.pressData(anaCoach, encode("cs", id36(class.ID))), "Book a client in"), "« Back")
	h.press(anaCoach, r, "Book a client in")
	r = h.press(anaCoach, h.send(anaCoach, "paul"), "Paul")
	// Even where unpaid seats are held, the coach's own booking is not.
	expect(t, r, "✅ Booked in and confirmed; €15.00 is due at the session", "2. Paul — ✅ confirmed · 💶 €15.00 due at the session",
		"💶 Due at the session: €15.00")
	h.clock.Advance(time.Hour)
	if _, err := h.svc.Payments.ReleaseExpiredHolds(h.ctx); err != nil {
		t.Fatal(err)
	}
	r = h.press(anaCoach, h.pressData(anaCoach, encode("cs", id36(class.ID))), "Mark paid: Paul")
	expect(t, r, "marked paid.", "2. Paul — ✅ confirmed · €15.00 paid")
	if got := h.clientNotices(paul); got[core.NoticeBooked] != 1 || got[core.NoticePaymentPaid] != 1 {
		t.Fatalf("Paul's notices: %s", kinds(got))
	}
}

// Cancelling a session asks why, shows what it does, and on confirm tells
// every client, returns credits and marks payments for refund — once.
func TestCoachCancelsASession(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	maria, pass := h.coachClient("maria", "Maria", 10)
	paul, _ := h.coachClient("paul", "Paul", 0)
	class := h.demo.Classes[0]
	h.acctBook(maria, class.ID, false)
	p := h.acctBook(paul, class.ID, true)
	if _, err := h.svc.Coaching.CoachMarkPaid(h.ctx, h.demo.Coach.ID, p.Payment.ID); err != nil {
		t.Fatal(err)
	}
	r := h.press(anaCoach, h.pressData(anaCoach, encode("cs", id36(class.ID))), "Cancel session")
	expect(t, r, "❌ Cancel Yoga flow (group), Thu 4 Jun, 18:30? Type a reason", "[❌ Cancel without a reason]", "[« Keep it]")
	r = h.send(anaCoach, "The studio is flooded")
	expect(t, r, "Cancel Yoga flow (group), Thu 4 Jun, 18:30? 2 clients will be told", "Reason: The studio is flooded")
	yes := acctButton(t, r, "Cancel the session").Data
	r = h.press(anaCoach, r, "Cancel the session")
	expect(t, r, "❌ Session cancelled; 2 clients told. 1 credit went back to its pass. 1 payment is marked for refund",
		"Status: cancelled")
	acctNoButton(t, r, "Edit")
	expect(t, h.pressData(anaCoach, yes), "This button has expired")
	if got := h.acctPass(pass.ID).CreditsLeft; got != 10 {
		t.Fatalf("Maria's credits = %d", got)
	}
	if got := h.payment(p.Payment.ID); !got.RefundDue {
		t.Fatal("Paul's payment is not due for refund")
	}
	for _, u := range []user{maria, paul} {
		if got := h.clientNotices(u)[core.NoticeSessionCancelled]; got != 1 {
			t.Fatalf("%s told %d times", u.name, got)
		}
	}
	expect(t, h.delivered(maria, core.NoticeSessionCancelled), "Reason: The studio is flooded")
	// Paul's refund is then marked made from his card.
	r = h.press(anaCoach, h.pressData(anaCoach, encode("cc", id36(h.acctClient(paul)))), "refunded")
	r = h.press(anaCoach, r, "Yes, mark it refunded")
	expect(t, r, "↩️ Payment #", "marked refunded. Paul is told.", "refunded")
	if got := h.payment(p.Payment.ID); got.Status != core.PaymentRefunded || got.RefundDue {
		t.Fatalf("payment = %+v", got)
	}
}

// A session number that is not one of the coach's asks for both again,
// with a way back, instead of asking forever for the time of nothing.
func TestCoachMoveUnknownSessionAsksBothAgain(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	h.send(anaCoach, "/move")
	r := h.send(anaCoach, "999 thu 19:00")
	expect(t, r, "⚠️ Session not found.", "Type the session number (see /agenda) and the new time", "[« Coach menu]")
	id := strconv.FormatInt(h.demo.Classes[1].ID, 10)
	expect(t, h.send(anaCoach, id+" 2026-06-17 11:00"), "🕒 Moved to Wed 17 Jun, 11:00")
}

// A typed answer refused gives the way back to the coach menu.
func TestCoachRefusedAnswerOffersTheWayBack(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	h.send(anaCoach, "/cancelday")
	expect(t, h.send(anaCoach, "someday ill"), "⚠️", "Which day?", "[« Coach menu]")
}

// A session no one booked is cancelled without a word of credits or
// refunds (the crawler found "credits returned" said of nothing).
func TestCoachCancelsAnEmptySession(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	r := h.press(anaCoach, h.pressData(anaCoach, encode("cs", id36(h.demo.Classes[0].ID))), "Cancel session")
	r = h.press(anaCoach, r, "Cancel without a reason")
	expect(t, r, "❌ Session cancelled; no one had booked it.")
	if lead, _, _ := strings.Cut(render(r), "\n"); strings.Contains(lead, "credit") || strings.Contains(lead, "refund") {
		t.Fatalf("credits or refunds said of an empty session: %s", lead)
	}
}

// The agenda pages through days and weeks with arrows, in the coach's
// language: a class of next week is a tap away from "Next 7 days", the
// day before today can be looked back on, and buttons posted before the
// arrows existed still open the week.
func TestCoachAgendaPagesThroughWeeks(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang                                          string
		later, earlierDay, thisWeek, nextWeek, before string
	}{
		{"en", "7 days after ▶", "◀ Day before", "🗓 Tue 2 Jun – Mon 8 Jun (Europe/Paris):", "🗓 Tue 9 Jun – Mon 15 Jun (Europe/Paris):", "📅 Mon 1 Jun (Europe/Paris):"},
		{"fr", "7 jours après ▶", "◀ Jour précédent", "🗓 mar. 2 juin – lun. 8 juin (Europe/Paris) :", "🗓 mar. 9 juin – lun. 15 juin (Europe/Paris) :", "📅 lun. 1 juin (Europe/Paris) :"},
		{"ru", "Следующие 7 дней ▶", "◀ Предыдущий день", "🗓 вт, 2 июня – пн, 8 июня (Europe/Paris):", "🗓 вт, 9 июня – пн, 15 июня (Europe/Paris):", "📅 пн, 1 июня (Europe/Paris):"},
	} {
		h := newCoachHarness(t)
		ana := user{id: "ana-" + c.lang, name: "Ana", lang: c.lang}
		h.coachIn(ana)
		class := h.class("2026-06-10", "18:00", 5)
		id := number(c.lang, class.ID) + " "
		r := h.send(ana, "/agenda week")
		expect(t, r, c.thisWeek)
		if strings.Contains(render(r), id) {
			t.Fatalf("%s: next week's class in this week:\n%s", c.lang, render(r))
		}
		r = h.press(ana, r, c.later)
		expect(t, r, c.nextWeek, id)
		r = h.press(ana, r, c.later)
		if strings.Contains(render(r), id) {
			t.Fatalf("%s: the week after still shows it:\n%s", c.lang, render(r))
		}
		expect(t, h.press(ana, h.send(ana, "/agenda"), c.earlierDay), c.before)
		expect(t, h.pressData(ana, encode(actAgenda, "w")), c.thisWeek)
		for _, stale := range []string{"x", "9999"} {
			if r := h.pressData(ana, encode(actAgenda, "w", stale)); strings.Contains(render(r), "🗓") {
				t.Fatalf("%s: page %q opened:\n%s", c.lang, stale, render(r))
			}
		}
	}
}
