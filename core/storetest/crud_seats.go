package storetest

import (
	"testing"

	"github.com/slotbot/slotbot/core"
)

// crudSeats: Seats counts the seat-holding bookings of one session only
// and sees the client's live booking, not their cancelled one.
func crudSeats(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	bea, cid := crudNewClient(t, s, "Bea"), crudNewClient(t, s, "Cid")
	other := crudNewSession(w, crudAt(48), 5)
	class := crudNewSession(w, crudAt(72), 5)
	crudUpdate(t, s, func(tx core.Tx) error {
		for _, x := range []*core.Session{other, class} {
			if err := tx.CreateSession(x); err != nil {
				return err
			}
		}
		for _, b := range []*core.Booking{
			crudNewBooking(class.ID, w.client.ID, core.BookingConfirmed),
			crudNewBooking(class.ID, bea.ID, core.BookingPendingPayment),
			crudNewBooking(class.ID, cid.ID, core.BookingCancelled),
			crudNewBooking(class.ID, cid.ID, core.BookingWaitlisted),
			crudNewBooking(other.ID, bea.ID, core.BookingConfirmed),
		} {
			if err := tx.CreateBooking(b); err != nil {
				return err
			}
		}
		return nil
	})
	crudView(t, s, func(tx core.Tx) error {
		for _, c := range []struct {
			who    int64
			taken  int
			booked bool
		}{{w.client.ID, 2, true}, {bea.ID, 2, true}, {cid.ID, 2, true}, {999, 2, false}} {
			taken, booked, err := tx.Seats(class.ID, c.who)
			if err != nil {
				return err
			}
			crudEqual(t, "seats", []any{taken, booked}, []any{c.taken, c.booked})
		}
		taken, booked, err := tx.Seats(w.session.ID, w.client.ID)
		crudEqual(t, "empty session", []any{taken, booked, err}, []any{0, false, nil})
		return nil
	})
}

// crudUsablePasses: only the client's unexpired passes with credits, for
// that coach, oldest expiry first, with credits reserved by live bookings
// that pay at completion; a view may not lock them.
func crudUsablePasses(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	later := crudNewPass(w, 5, crudAt(24*60))
	sooner := crudNewPass(w, 3, crudAt(24*30))
	sooner.DeductAt = core.DeductAtCompletion
	expired := crudNewPass(w, 4, crudAt(1))
	empty := crudNewPass(w, 0, crudAt(24*90))
	otherCoach := &core.Coach{Name: "Zed", Zone: "UTC", Policy: core.DefaultPolicy(), Created: crudAt(0)}
	crudUpdate(t, s, func(tx core.Tx) error {
		if err := tx.CreateCoach(otherCoach); err != nil {
			return err
		}
		foreign := crudNewPass(w, 9, crudAt(24*10))
		foreign.CoachID = otherCoach.ID
		for _, p := range []*core.Pass{later, sooner, expired, empty, foreign} {
			if err := tx.CreatePass(p); err != nil {
				return err
			}
		}
		reserved := crudNewBooking(w.session.ID, w.client.ID, core.BookingConfirmed)
		reserved.PassID, reserved.Credits = sooner.ID, 2
		return tx.CreateBooking(reserved)
	})
	crudUpdate(t, s, func(tx core.Tx) error {
		got := crudMust[[]*core.Pass](t)(tx.UsablePasses(w.client.ID, w.coach.ID, crudAt(2)))
		var ids []int64
		var reserved []int
		for _, p := range got {
			ids, reserved = append(ids, p.ID), append(reserved, p.Reserved)
		}
		crudEqual(t, "usable passes", ids, []int64{sooner.ID, later.ID})
		crudEqual(t, "reserved", reserved, []int{2, 0})
		return nil
	})
	err := s.View(t.Context(), func(tx core.Tx) error {
		_, err := tx.UsablePasses(w.client.ID, w.coach.ID, crudAt(2))
		return err
	})
	if err == nil {
		t.Fatal("a view locked passes")
	}
}
