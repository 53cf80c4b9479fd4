package storetest

import (
	"strconv"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// pendingOf lists the pending notices of a kind to a client, by due time.
func (f *fixture) pendingOf(clientID int64, kind core.NoticeKind) []*core.Notice {
	f.t.Helper()
	return f.notices(core.NoticeFilter{ToKind: core.ToClient, ToID: clientID, Kind: kind, Status: core.NoticePending})
}

// "Save" changes the session and tells nobody; "Save and notify" tells
// each booked client once. Moving the time moves the reminders either way.
func testEditSessionSilentOrNotify(t *testing.T, open Opener) {
	f := newFixture(t, open)
	sess := f.session(f.class, 72*time.Hour, 3)
	a, _ := f.withPass("Ana", f.pack)
	b, _ := f.withPass("Ben", f.pack)
	for _, c := range []*core.Client{a, b} {
		_, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
		f.must(err)
	}
	newStart := sess.Start.Add(2 * time.Hour)
	place := "Studio 2"
	got, err := f.svc.Catalog.EditSession(f.ctx, f.coach.ID, sess.ID, core.SessionEdit{Start: &newStart, Place: &place}, false)
	f.must(err)
	if !got.Start.Equal(core.DBTime(newStart)) || !got.End.Equal(core.DBTime(newStart.Add(time.Hour))) || got.Place != place {
		t.Fatalf("edited = %+v", got)
	}
	for _, c := range []*core.Client{a, b} {
		if ns := f.pendingOf(c.ID, core.NoticeSessionUpdated); len(ns) != 0 {
			t.Fatalf("a silent save told %s", c.Name)
		}
		rs := f.pendingOf(c.ID, core.NoticeReminder)
		if len(rs) != 2 || !rs[0].Due.Equal(core.DBTime(newStart.Add(-24*time.Hour))) || !rs[1].Due.Equal(core.DBTime(newStart.Add(-time.Hour))) {
			t.Fatalf("reminders of %s after the move: %+v", c.Name, rs)
		}
	}
	notes := "Bring a towel"
	_, err = f.svc.Catalog.EditSession(f.ctx, f.coach.ID, sess.ID, core.SessionEdit{Notes: &notes, Place: &place}, true)
	f.must(err)
	for _, c := range []*core.Client{a, b} {
		ns := f.pendingOf(c.ID, core.NoticeSessionUpdated)
		if len(ns) != 1 || ns[0].Data["changes"] != "notes" {
			t.Fatalf("%s told %+v, want one update naming the notes", c.Name, ns)
		}
	}
	// Nothing changed: nothing said, even with notify.
	_, err = f.svc.Catalog.EditSession(f.ctx, f.coach.ID, sess.ID, core.SessionEdit{Notes: &notes}, true)
	f.must(err)
	if ns := f.pendingOf(a.ID, core.NoticeSessionUpdated); len(ns) != 1 {
		t.Fatalf("an empty edit notified: %d updates", len(ns))
	}
	past := f.clock.Now().Add(-time.Hour)
	_, err = f.svc.Catalog.EditSession(f.ctx, f.coach.ID, sess.ID, core.SessionEdit{Start: &past}, true)
	expectCode(t, err, core.EINVALID)
	other := &core.Coach{Name: "Other", Zone: "Europe/Paris"}
	f.must(f.svc.Accounts.CreateCoach(f.ctx, other))
	_, err = f.svc.Catalog.EditSession(f.ctx, other.ID, sess.ID, core.SessionEdit{Notes: &notes}, true)
	expectCode(t, err, core.EUNAUTHORIZED)
}

// Cancelling through the edit screen always tells clients; completing
// needs the session to have started.
func testEditSessionStatus(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c, p := f.withPass("Ana", f.pack)
	sess := f.session(f.class, 48*time.Hour, 3)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
	f.must(err)
	done := core.SessionCompleted
	_, err = f.svc.Catalog.EditSession(f.ctx, f.coach.ID, sess.ID, core.SessionEdit{Status: &done}, false)
	expectCode(t, err, core.EINVALID)
	cancelled := core.SessionCancelled
	_, err = f.svc.Catalog.EditSession(f.ctx, f.coach.ID, sess.ID, core.SessionEdit{Status: &cancelled}, false)
	f.must(err)
	if b := f.booking(res.Booking.ID); b.Status != core.BookingCancelled || f.pass(p.ID).CreditsLeft != 10 {
		t.Fatalf("after cancelling: %+v", b)
	}
	if len(f.pendingOf(c.ID, core.NoticeSessionCancelled)) != 1 || len(f.pendingOf(c.ID, core.NoticeReminder)) != 0 {
		t.Fatal("cancelling did not tell the client or left reminders")
	}
	notes := "x"
	_, err = f.svc.Catalog.EditSession(f.ctx, f.coach.ID, sess.ID, core.SessionEdit{Notes: &notes}, false)
	expectCode(t, err, core.ECONFLICT)

	other := f.session(f.class, time.Hour, 3)
	r2, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: other.ID})
	f.must(err)
	f.clock.Advance(90 * time.Minute)
	_, err = f.svc.Catalog.EditSession(f.ctx, f.coach.ID, other.ID, core.SessionEdit{Status: &done}, false)
	f.must(err)
	if b := f.booking(r2.Booking.ID); b.Status != core.BookingCompleted {
		t.Fatalf("completed session's booking = %s", b.Status)
	}
}

// A pass holding credits is announced 7 days and 1 day before it expires,
// each once however often the job runs; an empty pass is not.
func testPassExpiryWarnings(t *testing.T, open Opener) {
	f := newFixture(t, open)
	short := f.pkg("Trial", 2, 3, core.DeductAtBooking)
	c, long := f.withPass("Ana", f.pack)      // 90 days
	_, brief := f.withPass("Ben", short)      // 3 days: only the 1-day warning
	empty, used := f.withPass("Cleo", f.pack) // spent below
	_, err := f.svc.Passes.AdjustCredits(f.ctx, f.coach.ID, used.ID, -10, "used up")
	f.must(err)
	run := func(want int) {
		t.Helper()
		n, err := f.svc.Outbox.WarnExpiringPasses(f.ctx)
		f.must(err)
		if n != want {
			t.Fatalf("at %v: %d warnings, want %d", f.clock.Now(), n, want)
		}
	}
	run(0)
	f.clock.Set(brief.Expires.Add(-24*time.Hour - time.Minute))
	run(0)
	f.clock.Advance(time.Minute)
	run(1)
	run(0)
	f.clock.Set(long.Expires.Add(-7 * 24 * time.Hour))
	run(1)
	run(0)
	f.clock.Set(long.Expires.Add(-24 * time.Hour))
	run(1)
	f.clock.Set(long.Expires.Add(-time.Hour))
	run(0)
	ws := f.notices(core.NoticeFilter{ToID: c.ID, Kind: core.NoticePassExpiring})
	if len(ws) != 2 || ws[0].Data["days"] != "7" || ws[1].Data["days"] != "1" || ws[0].Data["pass_id"] != strconv.FormatInt(long.ID, 10) {
		t.Fatalf("warnings = %+v", ws)
	}
	if len(f.notices(core.NoticeFilter{ToID: empty.ID, Kind: core.NoticePassExpiring})) != 0 {
		t.Fatal("an empty pass was announced")
	}
}

// The morning digest goes to each coach with sessions that day, once, from
// 07:00 in the coach's zone — across a DST change as on any other day.
func testMorningAgenda(t *testing.T, open Opener) {
	f := newFixture(t, open)
	me := f.client("Ana herself")
	f.coach.ClientID = me.ID
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error { return tx.UpdateCoach(f.coach) }))
	paris, _ := time.LoadLocation("Europe/Paris")
	// Sunday 25 October 2026: clocks go back at 03:00 in Paris.
	f.clock.Set(time.Date(2026, 10, 20, 12, 0, 0, 0, paris))
	f.session(f.class, 5*24*time.Hour-2*time.Hour, 5) // Sunday 10:00
	run := func(at time.Time, want int) {
		t.Helper()
		f.clock.Set(at)
		n, err := f.svc.Outbox.SendAgendas(f.ctx)
		f.must(err)
		if n != want {
			t.Fatalf("at %v: %d digests, want %d", at.In(paris), n, want)
		}
	}
	run(time.Date(2026, 10, 24, 7, 30, 0, 0, paris), 0) // Saturday: no session
	run(time.Date(2026, 10, 25, 6, 59, 0, 0, paris), 0)
	run(time.Date(2026, 10, 25, 7, 0, 0, 0, paris), 1)
	run(time.Date(2026, 10, 25, 7, 1, 0, 0, paris), 0)
	ds := f.notices(core.NoticeFilter{ToKind: core.ToCoach, ToID: f.coach.ID, Kind: core.NoticeCoachAgenda})
	if len(ds) != 1 || ds[0].Data["day"] != "2026-10-25" || ds[0].Data["sessions"] != "1" {
		t.Fatalf("digests = %+v", ds)
	}
	if got := ds[0].Due.In(paris); got.Hour() != 7 || got.Minute() != 0 {
		t.Fatalf("digest due %v, want 07:00 Paris", got)
	}
}

// Sessions complete after their end; unpaid holds are released when their
// time is up — the two jobs that came with the core, on the clock.
func testCompleteAndReleaseJobs(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c, _ := f.withPass("Ana", f.pack)
	sess := f.session(f.class, 2*time.Hour, 3)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
	f.must(err)
	payer := f.client("Ben")
	one := f.session(f.paid, 48*time.Hour, 1)
	held, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: payer.ID, SessionID: one.ID, Pay: true})
	f.must(err)
	f.clock.Advance(30*time.Minute - time.Second)
	if n, _ := f.svc.Payments.ReleaseExpiredHolds(f.ctx); n != 0 {
		t.Fatal("hold released early")
	}
	f.clock.Advance(time.Second)
	if n, _ := f.svc.Payments.ReleaseExpiredHolds(f.ctx); n != 1 {
		t.Fatal("hold not released on time")
	}
	if b := f.booking(held.Booking.ID); b.Status != core.BookingCancelled {
		t.Fatalf("held = %s", b.Status)
	}
	f.clock.Set(sess.End.Add(-time.Second))
	if n, _ := f.svc.Bookings.CompleteDueSessions(f.ctx); n != 0 {
		t.Fatal("completed before the end")
	}
	f.clock.Set(sess.End)
	if n, _ := f.svc.Bookings.CompleteDueSessions(f.ctx); n != 1 {
		t.Fatal("not completed at the end")
	}
	if b := f.booking(res.Booking.ID); b.Status != core.BookingCompleted {
		t.Fatalf("booking = %s", b.Status)
	}
}
