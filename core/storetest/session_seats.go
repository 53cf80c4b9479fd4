package storetest

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// A coach changes a group session's seats: never below the seats booked
// nor below two, the refusal changing nothing; seats added go to the
// waitlist at once, as a freed seat does, and "Save and notify" names
// the seats. A 1:1 keeps its one seat.
func testEditSessionSeats(t *testing.T, open Opener) {
	f := newFixture(t, open)
	sess := f.session(f.class, 72*time.Hour, 3)
	var bs []*core.Booking
	var cs []*core.Client
	for _, name := range []string{"Ana", "Ben", "Cy", "Dee"} {
		c, _ := f.withPass(name, f.pack)
		res, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: c.ID, SessionID: sess.ID})
		f.must(err)
		bs, cs = append(bs, res.Booking), append(cs, c)
	}
	if bs[3].Status != core.BookingWaitlisted {
		t.Fatalf("the fourth is %s", bs[3].Status)
	}
	for _, n := range []int{2, 1, 0} {
		seats := n
		_, err := f.svc.Catalog.EditSession(f.ctx, f.coach.ID, sess.ID, core.SessionEdit{Capacity: &seats}, true)
		expectCode(t, err, core.EINVALID)
	}
	var row *core.Session
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) { row, err = tx.Session(sess.ID); return }))
	if row.Capacity != 3 {
		t.Fatalf("a refused edit left %d seats", row.Capacity)
	}
	seats := 5
	got, err := f.svc.Catalog.EditSession(f.ctx, f.coach.ID, sess.ID, core.SessionEdit{Capacity: &seats}, true)
	f.must(err)
	if got.Capacity != 5 {
		t.Fatalf("capacity = %d", got.Capacity)
	}
	if b := f.booking(bs[3].ID); b.Status != core.BookingConfirmed || !b.Charged {
		t.Fatalf("the waitlisted booking is %s (charged %v)", b.Status, b.Charged)
	}
	if ns := f.pendingOf(cs[3].ID, core.NoticePromoted); len(ns) != 1 {
		t.Fatalf("the promoted client got %d promotion notices", len(ns))
	}
	for _, c := range cs {
		ns := f.pendingOf(c.ID, core.NoticeSessionUpdated)
		if len(ns) != 1 || ns[0].Data["changes"] != "seats" {
			t.Fatalf("%s told %+v, want one update naming the seats", c.Name, ns)
		}
	}

	one := f.session(f.paid, 96*time.Hour, 1)
	two := 2
	_, err = f.svc.Catalog.EditSession(f.ctx, f.coach.ID, one.ID, core.SessionEdit{Capacity: &two}, false)
	expectCode(t, err, core.EINVALID)
}
