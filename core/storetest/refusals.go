package storetest

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Every refused booking answers with a clear code and changes no row.
func testBookRefusals(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c, p := f.withPass("Maria", f.pack)
	closed, err := f.svc.Catalog.ScheduleSession(f.ctx, core.ScheduleRequest{CoachID: f.coach.ID, TypeID: f.class.ID,
		Start: T0.Add(5 * time.Hour), Deadline: T0.Add(time.Hour)})
	f.must(err)
	past := f.session(f.class, 2*time.Hour, 5)
	cancelled := f.session(f.class, 48*time.Hour, 5)
	if _, err := f.svc.Bookings.CancelSession(f.ctx, f.coach.ID, cancelled.ID, "holiday"); err != nil {
		t.Fatal(err)
	}
	booked := f.session(f.class, 72*time.Hour, 5)
	if _, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: booked.ID}); err != nil {
		t.Fatal(err)
	}
	freeOnly := f.pkg("Consultations", 3, 30, core.DeductAtBooking, f.paid.ID)
	c2, p2 := f.withPass("Noah", freeOnly)
	classSess := f.session(f.class, 96*time.Hour, 5)
	f.clock.Advance(3 * time.Hour) // past deadline of closed; past has started

	cases := []struct {
		name string
		req  core.BookRequest
		code string
	}{
		{"AfterDeadline", core.BookRequest{ClientID: c.ID, SessionID: closed.ID}, core.EINVALID},
		{"SessionInThePast", core.BookRequest{ClientID: c.ID, SessionID: past.ID}, core.EINVALID},
		{"CancelledSession", core.BookRequest{ClientID: c.ID, SessionID: cancelled.ID}, core.EINVALID},
		{"DoubleBooking", core.BookRequest{ClientID: c.ID, SessionID: booked.ID}, core.ECONFLICT},
		{"PassForAnotherType", core.BookRequest{ClientID: c2.ID, SessionID: classSess.ID, PassID: p2.ID}, core.EINVALID},
		{"SomeoneElsesPass", core.BookRequest{ClientID: c2.ID, SessionID: classSess.ID, PassID: p.ID}, core.EUNAUTHORIZED},
		{"NoSuchSession", core.BookRequest{ClientID: c.ID, SessionID: 999999}, core.ENOTFOUND},
		{"NoSuchClient", core.BookRequest{ClientID: 999999, SessionID: classSess.ID}, core.ENOTFOUND},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := f.snapshot()
			_, err := f.svc.Bookings.Book(f.ctx, tc.req)
			expectCode(t, err, tc.code)
			if after := f.snapshot(); after != before {
				t.Fatalf("refused booking changed rows:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}

// Cancelling twice, or someone else's booking, is refused and changes
// nothing.
func testCancelRefusals(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c, _ := f.withPass("Maria", f.pack)
	intruder, _ := f.withPass("Eve", f.pack)
	sess := f.session(f.class, 72*time.Hour, 5)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
	f.must(err)

	before := f.snapshot()
	_, _, err = f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: intruder.ID, BookingID: res.Booking.ID})
	expectCode(t, err, core.EUNAUTHORIZED)
	_, err = CancelPreview(f.ctx, f.svc, intruder.ID, res.Booking.ID)
	expectCode(t, err, core.EUNAUTHORIZED)
	if f.snapshot() != before {
		t.Fatal("someone else's cancel changed rows")
	}

	_, _, err = f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: c.ID, BookingID: res.Booking.ID, Reason: "ill"})
	f.must(err)
	before = f.snapshot()
	_, _, err = f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: c.ID, BookingID: res.Booking.ID, Reason: "again"})
	expectCode(t, err, core.ECONFLICT)
	if f.snapshot() != before {
		t.Fatal("second cancel changed rows")
	}
	_, _, err = f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: c.ID, BookingID: 424242})
	expectCode(t, err, core.ENOTFOUND)
}
