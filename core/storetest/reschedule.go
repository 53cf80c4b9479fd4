package storetest

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// A client moves a class booking to another class: same pass charge,
// new reminders, the freed seat goes to the waitlist, both sides told.
func testReschedule(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c, p := f.withPass("Maria", f.pack)
	w, _ := f.withPass("Waiting", f.pack)
	from := f.session(f.class, 48*time.Hour, 1)
	to := f.session(f.class, 96*time.Hour, 5)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: from.ID})
	f.must(err)
	wr, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: w.ID, SessionID: from.ID})
	f.must(err)
	nb, err := f.svc.Bookings.Reschedule(f.ctx, core.RescheduleRequest{ClientID: c.ID, BookingID: res.Booking.ID, NewSessionID: to.ID})
	f.must(err)
	if nb.SessionID != to.ID || nb.Status != core.BookingConfirmed || nb.PassID != p.ID || !nb.Charged || nb.RescheduledFrom != res.Booking.ID {
		t.Fatalf("new booking = %+v", nb)
	}
	old := f.booking(res.Booking.ID)
	if old.Status != core.BookingCancelled || old.Reason != "rescheduled" || old.RescheduledTo != nb.ID {
		t.Fatalf("old booking = %+v", old)
	}
	if f.pass(p.ID).CreditsLeft != 9 {
		t.Fatalf("credits = %d, want 9 (moved, not charged twice)", f.pass(p.ID).CreditsLeft)
	}
	if f.booking(wr.Booking.ID).Status != core.BookingConfirmed {
		t.Fatal("freed seat not given to the waitlist")
	}
	rs := f.notices(core.NoticeFilter{BookingID: nb.ID, Kind: core.NoticeReminder, Status: core.NoticePending})
	if len(rs) != 2 || !rs[0].Due.Equal(to.Start.Add(-24*time.Hour)) {
		t.Fatalf("reminders of the new booking = %+v", rs)
	}
	if old := f.notices(core.NoticeFilter{BookingID: res.Booking.ID, Kind: core.NoticeReminder, Status: core.NoticePending}); len(old) != 0 {
		t.Fatal("old reminders still pending")
	}
	if len(f.notices(core.NoticeFilter{ToKind: core.ToCoach, Kind: core.NoticeCoachRescheduled})) != 1 {
		t.Fatal("coach not told")
	}
}

// A reschedule that cannot get the new seat keeps the old one untouched.
func testRescheduleKeepsOldSeatOnFailure(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c, _ := f.withPass("Maria", f.pack)
	o, _ := f.withPass("Other", f.pack)
	from := f.session(f.class, 48*time.Hour, 5)
	full := f.session(f.class, 96*time.Hour, 1)
	paid := f.session(f.paid, 96*time.Hour, 1)
	soon := f.session(f.class, 20*time.Hour, 5)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: from.ID})
	f.must(err)
	_, err = f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: o.ID, SessionID: full.ID})
	f.must(err)
	r2, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: soon.ID})
	f.must(err)
	for _, tc := range []struct {
		name string
		req  core.RescheduleRequest
		code string
	}{
		{"Full", core.RescheduleRequest{ClientID: c.ID, BookingID: res.Booking.ID, NewSessionID: full.ID}, core.ECONFLICT},
		{"OtherKind", core.RescheduleRequest{ClientID: c.ID, BookingID: res.Booking.ID, NewSessionID: paid.ID}, core.EINVALID},
		{"NotYours", core.RescheduleRequest{ClientID: o.ID, BookingID: res.Booking.ID, NewSessionID: full.ID}, core.EUNAUTHORIZED},
		{"TooLate", core.RescheduleRequest{ClientID: c.ID, BookingID: r2.Booking.ID, NewSessionID: from.ID}, core.EINVALID},
		{"Same", core.RescheduleRequest{ClientID: c.ID, BookingID: res.Booking.ID, NewSessionID: from.ID}, core.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.snapshot()
			_, err := f.svc.Bookings.Reschedule(f.ctx, tc.req)
			expectCode(t, err, tc.code)
			if f.snapshot() != before {
				t.Fatal("a refused reschedule changed rows")
			}
		})
	}
}

// Every state change of a booking is in its audit trail, with who did it.
func testAuditTrail(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c, _ := f.withPass("Maria", f.pack)
	w, _ := f.withPass("Wait", f.pack)
	sess := f.session(f.class, 48*time.Hour, 1)
	r1, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
	f.must(err)
	r2, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: w.ID, SessionID: sess.ID})
	f.must(err)
	_, _, err = f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: c.ID, BookingID: r1.Booking.ID, Reason: "ill"})
	f.must(err)
	f.clock.Advance(49 * time.Hour)
	_, err = f.svc.Bookings.MarkAttendance(f.ctx, f.coach.ID, r2.Booking.ID, false)
	f.must(err)
	var a1, a2 []*core.AuditEntry
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) {
		if a1, err = tx.Audit(r1.Booking.ID); err != nil {
			return err
		}
		a2, err = tx.Audit(r2.Booking.ID)
		return err
	}))
	trail := func(es []*core.AuditEntry) string {
		s := ""
		for _, e := range es {
			s += string(e.From) + ">" + string(e.To) + "@" + string(e.Actor) + " "
		}
		return s
	}
	cid, wid := core.ClientActor(c.ID), core.ClientActor(w.ID)
	if got, want := trail(a1), ">confirmed@"+string(cid)+" confirmed>cancelled@"+string(cid)+" "; got != want {
		t.Fatalf("trail 1 = %q, want %q", got, want)
	}
	if got, want := trail(a2), ">waitlisted@"+string(wid)+" waitlisted>confirmed@system confirmed>no_show@"+string(core.CoachActor(f.coach.ID))+" "; got != want {
		t.Fatalf("trail 2 = %q, want %q", got, want)
	}
	if a1[1].Reason != "ill" {
		t.Fatalf("reason = %q", a1[1].Reason)
	}
}
