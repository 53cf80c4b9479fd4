package storetest

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// testMovedSessionCancelsFree: after the coach moves a class to tomorrow
// morning (inside the late window), a client who cannot make it cancels
// through the ordinary Cancel and gets the credit back, as promised.
func testMovedSessionCancelsFree(t *testing.T, open Opener) {
	f := newFixture(t, open)
	c, p := f.withPass("Maria", f.pack)
	sess := f.session(f.class, 72*time.Hour, 5)
	res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
	f.must(err)
	_, _, err = f.svc.Admin.MoveSession(f.ctx, f.coach.ID, sess.ID, T0.Add(20*time.Hour))
	f.must(err)
	preview, err := CancelPreview(f.ctx, f.svc, c.ID, res.Booking.ID)
	f.must(err)
	if preview.Late || preview.CreditsReturned != 1 {
		t.Fatalf("preview after a move = %+v, want a free cancel", preview)
	}
	b, _, err := f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: c.ID, BookingID: res.Booking.ID, Reason: "cannot make the new time"})
	f.must(err)
	if b.Status != core.BookingCancelled || f.pass(p.ID).CreditsLeft != 10 {
		t.Fatalf("after cancel: %s, credits %d", b.Status, f.pass(p.ID).CreditsLeft)
	}
}
