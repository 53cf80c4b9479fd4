package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// /cancelday on a day with a paid 1:1 (marked paid) and a class of five
// on passes: after a preview and one confirmation every credit is back,
// the money is due for refund, the next day is untouched, and each of the
// six clients is told exactly once, with a button to book again.
func TestCoachCancelsADay(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	paul, _ := h.coachClient("paul", "Paul", 0)
	one := h.acctSession(26*time.Hour, core.ModeInPerson) // Wed 3 Jun 12:00 Paris
	paid := h.acctBook(paul, one.ID, false)
	r := h.press(anaCoach, h.pressData(anaCoach, encode("cc", id36(h.acctClient(paul)))), "paid")
	expect(t, r, "marked paid.")
	class := h.class("2026-06-03", "18:00", 8)
	var people []user
	var passes []*core.Pass
	for _, c := range []struct{ id, name string }{{"maria", "Maria"}, {"ines", "Ines"}, {"jo", "Jo"}, {"kim", "Kim"}, {"lea", "Léa"}} {
		u, p := h.coachClient(c.id, c.name, 10)
		h.acctBook(u, class.ID, false)
		people, passes = append(people, u), append(passes, p)
	}
	thursday := h.acctBook(people[0], h.demo.Classes[0].ID, false)
	people = append(people, paul)
	before := map[string]map[core.NoticeKind]int{}
	for _, u := range people {
		before[u.id] = h.clientNotices(u)
	}

	r = h.send(anaCoach, "/cancelday 03/06 I'm ill")
	expect(t, r, "❌ Cancel every session on Wed 3 Jun?", "• 12:00 Standard session — Paul", "• 18:00 Yoga flow (group) — 5/8 booked",
		"6 clients will each get one message", "Reason: I'm ill", "[❌ Cancel the day]")
	yes := acctButton(t, r, "Cancel the day").Data
	r = h.press(anaCoach, r, "Cancel the day")
	expect(t, r, "❌ 2 sessions cancelled on Wed 3 Jun. 6 clients told, once each.", "Paid sessions are marked for refund")
	expect(t, h.pressData(anaCoach, yes), "This button has expired")

	for i, p := range passes {
		want := 10
		if i == 0 {
			want = 9 // Maria's Thursday class keeps its credit
		}
		if got := h.acctPass(p.ID).CreditsLeft; got != want {
			t.Fatalf("%s has %d credits, want %d", people[i].name, got, want)
		}
	}
	if pay := h.payment(paid.Payment.ID); pay.Status != core.PaymentPaid || !pay.RefundDue {
		t.Fatalf("Paul's payment = %s, refund due %v", pay.Status, pay.RefundDue)
	}
	if b := h.acctBooking(thursday.Booking.ID); b.Status != core.BookingConfirmed {
		t.Fatalf("Thursday booking = %s", b.Status)
	}
	for _, s := range []int64{one.ID, class.ID} {
		if got := h.session(s).Status; got != core.SessionCancelled {
			t.Fatalf("session %d = %s", s, got)
		}
	}
	for _, u := range people {
		after := h.clientNotices(u)
		for k, n := range after {
			want := before[u.id][k]
			if k == core.NoticeDayCancelled {
				want++
			}
			if n != want {
				t.Fatalf("%s: %s went from %d to %d (%s)", u.name, k, before[u.id][k], n, kinds(after))
			}
		}
		if after[core.NoticeDayCancelled] != 1 {
			t.Fatalf("%s was told %d times", u.name, after[core.NoticeDayCancelled])
		}
	}
	if n := len(h.notices(core.NoticeFilter{ToKind: core.ToCoach, Kind: core.NoticeCoachRefundDue})); n != 1 {
		t.Fatalf("%d refund alerts to the coach", n)
	}

	r = h.delivered(paul, core.NoticeDayCancelled)
	expect(t, r, "❌ Ana Martin had to cancel every session on Wed 3 Jun.", "Reason: I'm ill", "• Wed 3 Jun, 12:00 — Standard session",
		"💶 €50.00 will be refunded to you.", "[📅 Book Standard session again]")
	expect(t, h.press(paul, r, "Book Standard session again"), "Standard session")
	r = h.delivered(people[1], core.NoticeDayCancelled)
	expect(t, r, "• Wed 3 Jun, 18:00 — Yoga flow (group)", "↩️ 1 credit is back on your pass.", "[📅 Book Yoga flow (group) again]")
	expect(t, h.press(people[1], r, "Book Yoga flow"), "Thu 4 Jun")
	expect(t, h.send(anaCoach, "/cancelday 2026-06-03"), "You have no session left on Wed 3 Jun.")
}

// /late tells the seated clients of the coach's next session today, once
// each; the disruption menu offers the same as buttons.
func TestCoachRunsLate(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	maria, _ := h.coachClient("maria", "Maria", 10)
	lea, _ := h.coachClient("lea", "Léa", 5)
	class := h.class("2026-06-02", "12:00", 8)
	later := h.class("2026-06-02", "18:00", 8)
	h.acctBook(maria, class.ID, false)
	h.acctBook(lea, class.ID, false)
	h.acctBook(lea, later.ID, false)
	expect(t, h.send(anaCoach, "/late soon"), "Say how late you are in minutes, from 1 to 240.")
	r := h.send(anaCoach, "/late 15")
	expect(t, r, "⏰ 2 clients told you run about 15 min late.", "Yoga flow (group)", "🗓 Tue 2 Jun, 12:00–13:00")
	expect(t, h.delivered(maria, core.NoticeRunningLate), "⏰ Ana Martin is running about 15 min late for Yoga flow (group) (Tue 2 Jun, 12:00).")
	if got := h.clientNotices(lea)[core.NoticeRunningLate]; got != 1 {
		t.Fatalf("Léa told %d times", got)
	}
	h.clock.Advance(3 * time.Hour) // 13:00: the noon class is over
	r = h.press(anaCoach, h.send(anaCoach, "/late"), "10 min late")
	expect(t, r, "⏰ 1 client told you run about 10 min late.", "🗓 Tue 2 Jun, 18:00–19:00")
}

// Every admin notice renders in both languages with buttons that fit.
func TestCoachNoticesRenderInBothLanguages(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"en", "fr"} {
		h := newCoachHarness(t)
		maria, _ := h.coachClient("maria", "Maria", 10)
		h.send(maria, "/language "+lang)
		class := h.class("2026-06-03", "09:00", 8)
		h.acctBook(maria, class.ID, false)
		if _, err := h.svc.Coaching.ShareLink(h.ctx, core.ShareRequest{CoachID: h.demo.Coach.ID, SessionID: class.ID, URL: "https://x.example/p.pdf"}); err != nil {
			t.Fatal(err)
		}
		checkWords(t, lang, h.delivered(maria, core.NoticeDocument))
		if _, _, err := h.svc.Admin.MoveSession(h.ctx, h.demo.Coach.ID, class.ID, class.Start.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		h.clock.Advance(23 * time.Hour) // Wed 09:00: the class is the day's next
		checkWords(t, lang, h.delivered(maria, core.NoticeSessionMoved))
		if _, _, err := h.svc.Admin.RunningLate(h.ctx, h.demo.Coach.ID, 5); err != nil {
			t.Fatal(err)
		}
		checkWords(t, lang, h.delivered(maria, core.NoticeRunningLate))
		if _, err := h.svc.Admin.CancelDay(h.ctx, h.demo.Coach.ID, "2026-06-03", "ill"); err != nil {
			t.Fatal(err)
		}
		checkWords(t, lang, h.delivered(maria, core.NoticeDayCancelled))
		// A move or a late notice about a session since cancelled is not sent.
		for _, k := range []core.NoticeKind{core.NoticeSessionMoved, core.NoticeRunningLate} {
			ns := h.notices(core.NoticeFilter{Kind: k, ToID: h.acctClient(maria)})
			if _, err := h.bot.RenderNotice(h.ctx, ns[0]); err != ErrObsolete {
				t.Fatalf("%s %s after the day was cancelled: %v", lang, k, err)
			}
		}
	}
}

// checkWords fails on an empty notice, a missing text or a format slip.
func checkWords(t *testing.T, lang string, r []Reply) {
	t.Helper()
	text := render(r)
	for _, bad := range []string{"%!", "cn.", "notice.", "menu."} {
		if r[0].Text == "" || strings.Contains(text, bad) {
			t.Fatalf("%s: %q", lang, text)
		}
	}
}

// A day with nothing paid says nothing of refunds (the golden transcript
// of a coach cancelling a day showed "Paid sessions are marked for
// refund" with no payment made).
func TestCoachCancelsADayWithNothingPaid(t *testing.T) {
	t.Parallel()
	h := newCoachHarness(t)
	maria, _ := h.coachClient("maria", "Maria", 10)
	jon, _ := h.coachClient("jon", "Jon", 0)
	h.acctBook(maria, h.demo.Classes[0].ID, false)
	h.acctBook(jon, h.demo.Classes[0].ID, true) // held, unpaid
	r := h.press(anaCoach, h.send(anaCoach, "/cancelday 2026-06-04 ill"), "Cancel the day")
	expect(t, r, "❌ 1 session cancelled on Thu 4 Jun. 2 clients told, once each.")
	if strings.Contains(render(r), "refund") {
		t.Fatalf("refunds said of a day with nothing paid:\n%s", render(r))
	}
}
