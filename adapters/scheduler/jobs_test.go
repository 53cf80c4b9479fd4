package scheduler_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/scheduler"
	"github.com/slotbot/slotbot/core"
)

// tick runs every job once at the world's clock and sends what they wrote.
func (w *world) tick() map[string]int {
	w.t.Helper()
	n, err := w.jobs.RunAll(w.ctx)
	w.must(err)
	w.drain()
	return n
}

// An unpaid hold ends after the coach's 30 minutes: the seat is released,
// the client told, the first in line (outside the late window) promoted.
func TestJobReleasesUnpaidHolds(t *testing.T) {
	t.Parallel()
	w := newSQLiteWorld(t)
	slow := w.person("slow", "Slow", "en")
	next := w.person("next", "Next", "en")
	start := time.Date(2026, 6, 5, 10, 0, 0, 0, paris)
	sess, err := w.svc.Catalog.ScheduleSession(w.ctx, core.ScheduleRequest{CoachID: w.demo.Coach.ID, TypeID: w.demo.Standard.ID, Start: start, Mode: core.ModeInPerson})
	w.must(err)
	held, err := w.svc.Bookings.Book(w.ctx, core.BookRequest{ClientID: slow.Client.ID, SessionID: sess.ID, Pay: true})
	w.must(err)
	_, err = w.svc.Bookings.Book(w.ctx, core.BookRequest{ClientID: next.Client.ID, SessionID: sess.ID, Pay: true})
	w.must(err)
	w.drain()
	w.expectMsg("slow", "⏳ Your seat in Standard session, Fri 5 Jun, 10:00, is held until Tue 2 Jun, 10:30. Pay €", "50.00 to keep it.")
	w.expectMsg("next", "🕒 Standard session, Fri 5 Jun, 10:00, is full: you are number 1 on the waitlist.")
	w.tg.take("ana")

	w.clock.Advance(29 * time.Minute)
	if n := w.tick(); n["holds"] != 0 {
		t.Fatalf("released early: %v", n)
	}
	w.clock.Advance(time.Minute)
	if n := w.tick(); n["holds"] != 1 {
		t.Fatalf("holds job = %v", n)
	}
	w.expectMsg("slow", "⌛ Your unpaid seat in Standard session, Fri 5 Jun, 10:00, was released")
	w.expectMsg("next", "🎉 A seat opened up in Standard session, Fri 5 Jun, 10:00. Pay €", "50.00 by Tue 2 Jun, 11:00 to keep it.")
	// The coach hears of the released hold, then of the promotion.
	got := show(w.tg.take("ana"))
	for _, want := range []string{"⌛ Slow did not pay €50.00 in time for Standard session, Fri 5 Jun, 10:00: the held place is free again.",
		"⬆️ Next moved up from the waitlist", "Awaiting payment."} {
		if !strings.Contains(got, want) {
			t.Fatalf("want %q in chat ana:\n%s", want, got)
		}
	}
	if b := w.booking(held.Booking.ID); b.Status != core.BookingCancelled {
		t.Fatalf("held = %s", b.Status)
	}
}

// A seat freed inside the late window is offered: Accept charges, silence
// passes it on when the offer runs out.
func TestJobExpiresOffers(t *testing.T) {
	t.Parallel()
	w := newSQLiteWorld(t)
	w.clock.Set(time.Date(2026, 6, 4, 9, 0, 0, 0, paris)) // the class is tonight, inside 24 h
	full, err := w.svc.Catalog.ScheduleSession(w.ctx, core.ScheduleRequest{CoachID: w.demo.Coach.ID, TypeID: w.demo.Class.ID,
		Start: time.Date(2026, 6, 4, 18, 30, 0, 0, paris), Capacity: 1})
	w.must(err)
	var bs []*core.Booking
	for _, id := range []string{"seated", "first", "second"} {
		p := w.person(id, strings.ToUpper(id[:1])+id[1:], "en")
		_, err := w.svc.Passes.GrantPass(w.ctx, p.Client.ID, w.demo.Packs[0].ID, "manual")
		w.must(err)
		res, err := w.svc.Bookings.Book(w.ctx, core.BookRequest{ClientID: p.Client.ID, SessionID: full.ID})
		w.must(err)
		bs = append(bs, res.Booking)
	}
	w.drain()
	for _, id := range []string{"seated", "first", "second", "ana"} {
		w.tg.take(id)
	}
	_, _, err = w.svc.Bookings.Cancel(w.ctx, core.CancelRequest{ClientID: bs[0].ClientID, BookingID: bs[0].ID})
	w.must(err)
	w.drain()
	w.tg.take("ana")
	m := w.expectMsg("first", "🎟 A seat opened up in Yoga flow (group) with Ana Martin, Thu 4 Jun, 18:30. It's yours if you accept by Thu 4 Jun, 09:30", "[✅ Accept] [🙅 Pass]")
	if m.reply.Buttons[0][0].Data != "1:oa:"+strconv.FormatInt(bs[1].ID, 36) || m.reply.Buttons[0][1].Data != "1:op:"+strconv.FormatInt(bs[1].ID, 36) {
		t.Fatalf("offer buttons = %+v", m.reply.Buttons)
	}
	w.expectNone("second")

	w.clock.Advance(30 * time.Minute)
	if n := w.tick(); n["holds"] != 1 {
		t.Fatalf("holds job = %v", n)
	}
	w.expectMsg("first", "⌛ The seat offered to you in Yoga flow (group), Thu 4 Jun, 18:30, went to the next person: there was no answer by Thu 4 Jun, 09:30.")
	w.expectMsg("second", "🎟 A seat opened up in Yoga flow (group)", "[✅ Accept] [🙅 Pass]")
	if b := w.booking(bs[1].ID); b.Status != core.BookingCancelled {
		t.Fatalf("silent first = %s", b.Status)
	}
	// An offer answered or lapsed before its notice went out is not sent.
	b, err := w.svc.Bookings.AcceptOffer(w.ctx, bs[2].ClientID, bs[2].ID)
	w.must(err)
	if b.Status != core.BookingConfirmed {
		t.Fatalf("accepted = %s", b.Status)
	}
	w.drain()
	w.expectMsg("second", "🎉 A seat opened up — you're in!", "1 credit taken")
	if text := show(w.tg.take("ana")); !strings.Contains(text, "⬆️ Second moved up from the waitlist") {
		t.Fatalf("coach told:\n%s", text)
	}
}

// Sessions are completed once over.
func TestJobCompletesSessions(t *testing.T) {
	t.Parallel()
	w := newSQLiteWorld(t)
	maria := w.person("maria", "Maria", "en")
	_, err := w.svc.Passes.GrantPass(w.ctx, maria.Client.ID, w.demo.Packs[0].ID, "manual")
	w.must(err)
	res, err := w.svc.Bookings.Book(w.ctx, core.BookRequest{ClientID: maria.Client.ID, SessionID: w.class().ID})
	w.must(err)
	w.clock.Set(w.class().End.Add(-time.Second))
	if n := w.tick(); n["complete_sessions"] != 0 {
		t.Fatalf("completed early: %v", n)
	}
	w.clock.Set(w.class().End)
	if n := w.tick(); n["complete_sessions"] != 1 {
		t.Fatalf("complete job = %v", n)
	}
	if b := w.booking(res.Booking.ID); b.Status != core.BookingCompleted {
		t.Fatalf("booking = %s", b.Status)
	}
}

// Passes with credits are announced 7 days and 1 day before expiry.
func TestJobWarnsOfPassExpiry(t *testing.T) {
	t.Parallel()
	w := newSQLiteWorld(t)
	maria := w.person("maria", "Maria", "fr")
	p, err := w.svc.Passes.GrantPass(w.ctx, maria.Client.ID, w.demo.Packs[0].ID, "manual") // 90 days
	w.must(err)
	w.drain()
	w.tg.take("maria")
	w.clock.Set(p.Expires.Add(-7*24*time.Hour - time.Minute))
	w.tick()
	w.expectNone("maria")
	w.clock.Set(p.Expires.Add(-7 * 24 * time.Hour))
	w.tick()
	w.expectMsg("maria", "⏳ Votre forfait « 5 sessions » expire le lun. 31 août, 10:00 avec 5 crédits restants")
	w.tick()
	w.expectNone("maria")
	w.clock.Set(p.Expires.Add(-24 * time.Hour))
	w.tick()
	w.expectMsg("maria", "expire le lun. 31 août, 10:00")
}

// Each coach gets the morning digest at 07:00 in their own zone.
func TestJobMorningAgenda(t *testing.T) {
	t.Parallel()
	w := newSQLiteWorld(t)
	maria := w.person("maria", "Maria", "en")
	_, err := w.svc.Passes.GrantPass(w.ctx, maria.Client.ID, w.demo.Packs[0].ID, "manual")
	w.must(err)
	_, err = w.svc.Bookings.Book(w.ctx, core.BookRequest{ClientID: maria.Client.ID, SessionID: w.class().ID})
	w.must(err)
	one, err := w.svc.Catalog.ScheduleSession(w.ctx, core.ScheduleRequest{CoachID: w.demo.Coach.ID, TypeID: w.demo.Standard.ID,
		Start: time.Date(2026, 6, 4, 9, 0, 0, 0, paris), Mode: core.ModeInPerson})
	w.must(err)
	_, err = w.svc.Bookings.Book(w.ctx, core.BookRequest{ClientID: maria.Client.ID, SessionID: one.ID})
	w.must(err)
	w.drain()
	w.tg.take("ana")
	w.tg.take("maria")
	w.clock.Set(time.Date(2026, 6, 3, 7, 0, 0, 0, paris)) // Wednesday: nothing on
	w.tick()
	w.expectNone("ana")
	w.clock.Set(time.Date(2026, 6, 4, 6, 59, 0, 0, paris))
	w.tick()
	w.expectNone("ana")
	w.clock.Set(time.Date(2026, 6, 4, 7, 0, 0, 0, paris))
	w.tick()
	w.expectMsg("ana", "☀️ Your day, Thu 4 Jun:\n• 09:00 Standard session — Maria\n• 18:30 Yoga flow (group) — 1/8 booked")
	w.clock.Set(time.Date(2026, 6, 4, 8, 0, 0, 0, paris))
	w.tick()
	w.expectNone("ana")
}

// Start runs the jobs on their cron schedule until Stop.
func TestSchedulerStartStop(t *testing.T) {
	t.Parallel()
	w := newSQLiteWorld(t)
	slow := w.person("slow", "Slow", "en")
	sess, err := w.svc.Catalog.ScheduleSession(w.ctx, core.ScheduleRequest{CoachID: w.demo.Coach.ID, TypeID: w.demo.Standard.ID,
		Start: time.Date(2026, 6, 5, 10, 0, 0, 0, paris), Mode: core.ModeInPerson})
	w.must(err)
	held, err := w.svc.Bookings.Book(w.ctx, core.BookRequest{ClientID: slow.Client.ID, SessionID: sess.ID, Pay: true})
	w.must(err)
	w.clock.Advance(time.Hour)
	woken := make(chan struct{}, 10)
	s := scheduler.NewScheduler(w.svc, scheduler.SchedulerOptions{Owner: "cron", Specs: map[string]string{"holds": "@every 1s"},
		Wake: func() { woken <- struct{}{} }})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-woken:
	case <-time.After(5 * time.Second):
		t.Fatal("the holds job did not run")
	}
	s.Stop()
	if b := w.booking(held.Booking.ID); b.Status != core.BookingCancelled {
		t.Fatalf("held = %s", b.Status)
	}
	bad := scheduler.NewScheduler(w.svc, scheduler.SchedulerOptions{Specs: map[string]string{"agenda": "every now and then"}})
	if err := bad.Start(); err == nil {
		t.Fatal("a bad spec started")
	}
}
