package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/sqlite/sqlitetest"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// Maria's bookings: a confirmed class, a waitlist place and an unpaid 1:1
// upcoming, soonest first; a completed and a cancelled session past; each
// upcoming one opens a card with Reschedule, Cancel and Add to calendar.
func TestMyBookingsListsUpcomingAndPastWithStatuses(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.holdUnpaid() // the hold for online payment, as this test reads
	maria, noah := user{"10", "Maria", "en"}, user{"11", "Noah", "en"}
	h.onboard(maria)
	h.onboard(noah)
	h.acctGrant(maria, 10)
	h.acctGrant(noah, 5)
	done := h.acctSession(time.Hour, core.ModeInPerson)
	h.acctBook(maria, done.ID, false)
	gone := h.acctBook(maria, h.demo.Classes[1].ID, false)
	if _, _, err := h.svc.Bookings.Cancel(h.ctx, core.CancelRequest{ClientID: h.acctClient(maria), BookingID: gone.Booking.ID}); err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(3 * time.Hour) // Tuesday 13:00 in Paris
	if _, err := h.svc.Bookings.CompleteDueSessions(h.ctx); err != nil {
		t.Fatal(err)
	}
	class := h.acctBook(maria, h.demo.Classes[0].ID, false)
	full := h.acctSession(48*time.Hour, core.ModeOnline)
	h.acctBook(noah, full.ID, false)
	h.acctBook(maria, full.ID, false)
	h.acctBook(maria, h.acctSession(72*time.Hour, core.ModeInPerson).ID, true)

	r := h.send(maria, "/mybookings")
	expect(t, r, "Your bookings", "Upcoming",
		"1. Thu 4 Jun, 13:00 — Standard session with Ana Martin\n   ⏳ Waitlist, position 1 · 💻 Online",
		"2. Thu 4 Jun, 18:30 — Yoga flow (group) with Ana Martin\n   ✅ Confirmed · 📍 Studio Lilas, Paris",
		"3. Fri 5 Jun, 13:00 — Standard session with Ana Martin\n   💳 Awaiting payment of "+acctEUR("en", 5000)+" — held until Tue 2 Jun, 13:30",
		"Cancelled\n• Thu 11 Jun, 18:30 — Yoga flow (group) with Ana Martin · ❌ Cancelled",
		"Past\n• Tue 2 Jun, 11:00 — Standard session with Ana Martin · ✔️ Completed",
		"[2. Thu 4 Jun, 18:30 · Yoga flow (group)]", "[📜 History]")

	card := h.press(maria, r, "2. Thu 4 Jun, 18:30")
	expect(t, card, "📅 Thu 4 Jun, 18:30–19:30 (1 h)", "Yoga flow (group) with Ana Martin", "📍 Studio Lilas, Paris",
		"Status: ✅ Confirmed · 🎟 1 credit from “10 sessions”", "📝 Bring a mat and water.",
		"[🔁 Reschedule]", "[❌ Cancel]", "[📅 Add to calendar]", "[« My bookings]")
	if got, want := acctButton(t, card, "Reschedule").Data, encode("rs", id36(class.Booking.ID)); got != want {
		t.Fatalf("Reschedule data = %q, want %q", got, want)
	}
	if !card[0].Edit {
		t.Fatal("the card should replace the list")
	}
	acctNoButton(t, card, "Join")

	// A waitlist place can be cancelled but not moved.
	wait := h.press(maria, r, "1. Thu 4 Jun")
	expect(t, wait, "⏳ Waitlist, position 1", "[❌ Cancel]")
	acctNoButton(t, wait, "Reschedule")

	hist := h.press(maria, r, "History")
	expect(t, hist, "Your past and cancelled sessions (page 1 of 1)", "✔️ Completed · 🎟 1 credit from “10 sessions”", "❌ Cancelled")
}

// Upcoming comes soonest first even when booked in another order.
func TestMyBookingsOrder(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"12", "Ann", "en"}
	h.onboard(u)
	h.acctGrant(u, 20)
	later := h.acctSession(96*time.Hour, core.ModeInPerson)
	sooner := h.acctSession(30*time.Hour, core.ModeInPerson)
	h.acctBook(u, later.ID, false)
	h.acctBook(u, sooner.ID, false)
	text := render(h.send(u, "/mybookings"))
	if i, j := strings.Index(text, "1. Wed 3 Jun, 16:00"), strings.Index(text, "2. Sat 6 Jun, 10:00"); i < 0 || j < i {
		t.Fatalf("not soonest first:\n%s", text)
	}
}

// An online session shows Join only from 15 minutes before its start, as
// a link to the video room; the coach's shared links are URL buttons.
func TestJoinButtonAndSharedLinks(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"13", "Lea", "en"}
	h.onboard(u)
	h.acctGrant(u, 5)
	s := h.acctSession(26*time.Hour, core.ModeOnline, "https://docs.example.com/files/warm-up%20plan.pdf", "not a link")
	res := h.acctBook(u, s.ID, false)
	card := h.pressData(u, encode("bv", id36(res.Booking.ID)))
	expect(t, card, "💻 Online — the Join button appears 15 minutes before the start.",
		"📎 Documents and links from your coach:", "• not a link", "[📎 warm-up plan.pdf]")
	acctNoButton(t, card, "Join")
	if b := acctButton(t, card, "warm-up plan.pdf"); b.URL != "https://docs.example.com/files/warm-up%20plan.pdf" || b.Data != "" {
		t.Fatalf("link button = %+v", b)
	}

	h.clock.Set(s.Start.Add(-10 * time.Minute))
	card = h.pressData(u, encode("bv", id36(res.Booking.ID)))
	if b := acctButton(t, card, "Join now"); b.URL != "https://meet.example.com/ana" {
		t.Fatalf("join = %+v", b)
	}
	list := h.send(u, "/mybookings")
	if b := acctButton(t, list, "Join now"); b.URL != "https://meet.example.com/ana" {
		t.Fatalf("join in list = %+v", b)
	}

	h.clock.Set(s.End.Add(time.Minute))
	card = h.pressData(u, encode("bv", id36(res.Booking.ID)))
	acctNoButton(t, card, "Join")
	acctNoButton(t, card, "Cancel")
}

// Someone else's booking, or a forged id, opens nothing.
func TestBookingCardOfAnotherClientIsRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	maria, eve := user{"14", "Maria", "en"}, user{"15", "Eve", "en"}
	h.onboard(maria)
	h.onboard(eve)
	h.acctGrant(maria, 5)
	res := h.acctBook(maria, h.demo.Classes[0].ID, false)
	for _, data := range []string{encode("bv", id36(res.Booking.ID)), encode("cx", id36(res.Booking.ID)),
		encode("ics", id36(res.Booking.ID))} {
		r := h.pressData(eve, data)
		expect(t, r, "That booking is not yours.")
		acctAbsent(t, r, "Yoga flow")
	}
	expect(t, h.pressData(eve, "1:bv:zzzzzzzzzzzzz"), "This button has expired")
	expect(t, h.pressData(eve, "1:bv"), "This button has expired")
	if got := h.acctBooking(res.Booking.ID).Status; got != core.BookingConfirmed {
		t.Fatalf("status = %s", got)
	}
}

// Add to calendar sends an RFC 5545 file of the session in UTC.
func TestAddToCalendarSendsICS(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"16", "Maria", "en"}
	h.onboard(u)
	h.acctGrant(u, 5)
	res := h.acctBook(u, h.demo.Classes[0].ID, false)
	card := h.pressData(u, encode("bv", id36(res.Booking.ID)))
	r := h.press(u, card, "Add to calendar")
	if len(r) != 1 || r[0].Document == nil {
		t.Fatalf("no document in %+v", r)
	}
	doc := r[0].Document
	if doc.Name != "session-"+strconv.FormatInt(res.Booking.ID, 10)+".ics" || !strings.HasPrefix(doc.MIMEType, "text/calendar") {
		t.Fatalf("document = %s %s", doc.Name, doc.MIMEType)
	}
	expect(t, r, "Here is Thu 4 Jun, 18:30 — Yoga flow (group) with Ana Martin as a calendar file")
	body := string(doc.Content)
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Slotbot//Slotbot//EN\r\n",
		"BEGIN:VEVENT\r\n",
		fmt.Sprintf("UID:booking-%d-session-%d@slotbot\r\n", res.Booking.ID, h.demo.Classes[0].ID),
		"DTSTAMP:20260602T080000Z\r\n",
		"DTSTART:20260604T163000Z\r\n",
		"DTEND:20260604T173000Z\r\n",
		"SUMMARY:Yoga flow (group) with Ana Martin\r\n",
		"LOCATION:Studio Lilas\\, Paris\r\n",
		"DESCRIPTION:Bring a mat and water.\r\n",
		"STATUS:CONFIRMED\r\n",
		"END:VEVENT\r\nEND:VCALENDAR\r\n",
	} {
		if !strings.Contains(body, want) {
			t.Fatalf("want %q in:\n%s", want, body)
		}
	}
	icsCheckLines(t, body)

	// In French, the summary is French; an online session carries its URL.
	fr := user{"17", "Luc", "fr"}
	h.onboard(fr)
	h.acctGrant(fr, 5)
	on := h.acctBook(fr, h.acctSession(30*time.Hour, core.ModeOnline).ID, false)
	r = h.pressData(fr, encode("ics", id36(on.Booking.ID)))
	body = string(r[0].Document.Content)
	for _, want := range []string{"SUMMARY:Standard session avec Ana Martin\r\n", "LOCATION:En ligne\r\n",
		"URL:https://meet.example.com/ana\r\n", "DESCRIPTION:Rejoindre : https://meet.example.com/ana\r\n"} {
		if !strings.Contains(body, want) {
			t.Fatalf("want %q in:\n%s", want, body)
		}
	}
	expect(t, r, "Voici mer. 3 juin, 16:00 — Standard session avec Ana Martin en fichier agenda")
}

// BenchmarkMyBookingsPage renders /mybookings for a client with 40
// bookings (20 upcoming, 20 past) on SQLite: the page reads each session,
// type, coach and pass once.
func BenchmarkMyBookingsPage(b *testing.B) {
	ctx := context.Background()
	clock := storetest.NewClock(tuesday10)
	svc := core.NewService(sqlitetest.Open(b), clock)
	bot := New(svc, Options{})
	demo, err := svc.Admin.SeedDemo(ctx, 0)
	if err != nil {
		b.Fatal(err)
	}
	req := Request{Platform: "test", UserID: "90", ChatID: "chat-90", ChatKind: ChatPrivate, Name: "Maria", Text: "Europe/Paris"}
	bot.Handle(ctx, req)
	p, err := svc.Accounts.Identify(ctx, core.Identity{Platform: "test", UserID: "90"})
	if err != nil {
		b.Fatal(err)
	}
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	for range 2 {
		_, err := svc.Passes.GrantPass(ctx, p.Client.ID, demo.Packs[2].ID, "manual")
		must(err)
	}
	book := func(in time.Duration) {
		s, err := svc.Catalog.ScheduleSession(ctx, core.ScheduleRequest{CoachID: demo.Coach.ID, TypeID: demo.Standard.ID, Start: clock.Now().Add(in)})
		must(err)
		_, err = svc.Bookings.Book(ctx, core.BookRequest{ClientID: p.Client.ID, SessionID: s.ID})
		must(err)
	}
	for i := range 20 {
		book(time.Duration(i+1) * time.Hour)
	}
	clock.Advance(30 * time.Hour)
	for i := range 20 {
		book(time.Duration(i+1) * 26 * time.Hour)
	}
	req.Text, req.Command = "", "mybookings"
	b.ResetTimer()
	for range b.N {
		if r := bot.Handle(ctx, req); len(r) != 1 || !strings.Contains(r[0].Text, "20. ") {
			b.Fatalf("page: %+v", r)
		}
	}
}
