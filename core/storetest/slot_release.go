package storetest

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// testSlotFreedByCancel: a client cancels the 1:1 they booked from an open
// slot, or leaves it unpaid: its time is open again for everyone, while a
// 1:1 the coach put on the calendar stays.
func testSlotFreedByCancel(t *testing.T, open Opener) {
	f := newFixture(t, open)
	paris := slotZone(t, "Europe/Paris")
	maria, _ := f.withPass("Maria", f.pack)
	noah := f.client("Noah")
	tue10 := slotAt(t, paris, "2026-06-02 10:00")
	tue14 := slotAt(t, paris, "2026-06-02 14:00")
	day := func() []time.Time {
		slots, err := f.svc.Slots.OpenSlots(f.ctx, f.coach.ID, f.paid.ID, tue10.Add(-time.Hour), tue10.Add(8*time.Hour))
		f.must(err)
		return slots
	}
	res, err := f.svc.Slots.BookSlot(f.ctx, core.BookSlotRequest{ClientID: maria.ID, CoachID: f.coach.ID, TypeID: f.paid.ID, Start: tue10, Mode: core.ModeOnline})
	f.must(err)
	if slotOffered(day(), tue10) {
		t.Fatal("a booked slot is still offered")
	}
	_, _, err = f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: maria.ID, BookingID: res.Booking.ID, Reason: "ill"})
	f.must(err)
	if s := f.slotSession(res.Booking.SessionID); s.Status != core.SessionCancelled {
		t.Fatalf("the emptied slot session is %s", s.Status)
	}
	if !slotOffered(day(), tue10) {
		t.Fatal("the cancelled slot's time was not given back")
	}

	// Noah holds 14:00 unpaid; the hold ends and the time reopens.
	held, err := f.svc.Slots.BookSlot(f.ctx, core.BookSlotRequest{ClientID: noah.ID, CoachID: f.coach.ID, TypeID: f.paid.ID, Start: tue14, Mode: core.ModeOnline})
	f.must(err)
	if held.Booking.Status != core.BookingPendingPayment {
		t.Fatalf("Noah's booking = %s", held.Booking.Status)
	}
	f.clock.Advance(31 * time.Minute)
	if n, err := f.svc.Payments.ReleaseExpiredHolds(f.ctx); err != nil || n != 1 {
		t.Fatalf("ReleaseExpiredHolds = %d, %v", n, err)
	}
	if !slotOffered(day(), tue14) {
		t.Fatal("the released hold's time was not given back")
	}

	// A coach's own 1:1 stays on the calendar when its client cancels.
	own, err := f.svc.Catalog.ScheduleSession(f.ctx, core.ScheduleRequest{CoachID: f.coach.ID, TypeID: f.paid.ID, Start: tue10.Add(48 * time.Hour)})
	f.must(err)
	r2, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: maria.ID, SessionID: own.ID})
	f.must(err)
	_, _, err = f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: maria.ID, BookingID: r2.Booking.ID})
	f.must(err)
	if s := f.slotSession(own.ID); s.Status != core.SessionScheduled {
		t.Fatalf("the coach's own session became %s", s.Status)
	}
}

// slotOffered reports whether at is among the open slots, as an instant.
func slotOffered(slots []time.Time, at time.Time) bool {
	for _, s := range slots {
		if s.Equal(at) {
			return true
		}
	}
	return false
}
