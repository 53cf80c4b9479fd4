package storetest

import (
	"fmt"
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
	var confirmed, pending, waiting *core.Booking
	crudUpdate(t, s, func(tx core.Tx) error {
		for _, x := range []*core.Session{other, class} {
			if err := tx.CreateSession(x); err != nil {
				return err
			}
		}
		confirmed = crudNewBooking(class.ID, w.client.ID, core.BookingConfirmed)
		pending = crudNewBooking(class.ID, bea.ID, core.BookingPendingPayment)
		waiting = crudNewBooking(class.ID, cid.ID, core.BookingWaitlisted)
		for _, b := range []*core.Booking{
			confirmed, pending,
			crudNewBooking(class.ID, cid.ID, core.BookingCancelled),
			waiting,
			crudNewBooking(other.ID, bea.ID, core.BookingConfirmed),
		} {
			if err := tx.CreateBooking(b); err != nil {
				return err
			}
		}
		return nil
	})
	crudSeatsTaken(t, s, w.client.ID, class, other) // and after every change below
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

		// The first in line comes with the seats taken, as the two reads
		// apart answer; nobody waiting is nil.
		first, taken, err := tx.FirstInLine(class.ID)
		if err != nil {
			return err
		}
		want := crudMust[[]*core.Booking](t)(tx.Bookings(core.BookingFilter{SessionID: class.ID,
			Statuses: []core.BookingStatus{core.BookingWaitlisted}, Limit: 1}))
		crudEqual(t, "first in line", []any{first, taken}, []any{want[0], crudMust[int](t)(tx.CountBookings(class.ID, core.SeatStatuses))})
		crudEqual(t, "first in line is Cid", first.ClientID, cid.ID)
		first, taken, err = tx.FirstInLine(other.ID)
		crudEqual(t, "nobody waiting", []any{first, taken, err}, []any{(*core.Booking)(nil), 0, nil})
		return nil
	})

	// The seats taken that a booking reads with the session's lock follow
	// every change of a booking: a seat given up, a waitlisted one seated,
	// a seat moved to another session, a completed session's seats.
	for _, change := range []func(){
		func() { confirmed.Status = core.BookingCancelled },
		func() { waiting.Status = core.BookingConfirmed },
		func() { waiting.SessionID = other.ID },
		func() { waiting.Status = core.BookingCompleted },
		func() { confirmed.Status = core.BookingConfirmed; confirmed.SessionID = other.ID },
	} {
		crudUpdate(t, s, func(tx core.Tx) error {
			change()
			for _, b := range []*core.Booking{confirmed, pending, waiting} {
				if err := tx.UpdateBooking(b); err != nil {
					return err
				}
			}
			return nil
		})
		crudSeatsTaken(t, s, w.client.ID, class, other)
	}
}

// crudSeatsTaken checks that the seats taken LockSessionToBook reads
// for each session are the seat-holding bookings Seats counts.
func crudSeatsTaken(t *testing.T, s core.Store, clientID int64, sessions ...*core.Session) {
	t.Helper()
	crudUpdate(t, s, func(tx core.Tx) error {
		for _, x := range sessions {
			counted, _, err := tx.Seats(x.ID, clientID)
			if err != nil {
				return err
			}
			_, _, seating, err := tx.LockSessionToBook(x.ID, clientID, crudAt(2))
			if err != nil {
				return err
			}
			crudEqual(t, fmt.Sprintf("seats taken in session %d", x.ID), seating.Taken, counted)
		}
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
	crudViewMayNotLock(t, s, "a view locked passes", func(tx core.Tx) error {
		_, err := tx.UsablePasses(w.client.ID, w.coach.ID, crudAt(2))
		return err
	})
}

// crudSeatsAndPasses: LockSessionToBook answers exactly what Seats and
// UsablePasses answer apart — for a client with passes, one without, and
// one with a live booking — and a view may not lock.
func crudSeatsAndPasses(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	bea := crudNewClient(t, s, "Bea")
	later := crudNewPass(w, 5, crudAt(24*60))
	sooner := crudNewPass(w, 3, crudAt(24*30))
	sooner.DeductAt = core.DeductAtCompletion
	expired := crudNewPass(w, 4, crudAt(1))
	crudUpdate(t, s, func(tx core.Tx) error {
		for _, p := range []*core.Pass{later, sooner, expired} {
			if err := tx.CreatePass(p); err != nil {
				return err
			}
		}
		reserved := crudNewBooking(w.session.ID, w.client.ID, core.BookingConfirmed)
		reserved.PassID, reserved.Credits = sooner.ID, 2
		if err := tx.CreateBooking(reserved); err != nil {
			return err
		}
		return tx.CreateBooking(crudNewBooking(w.session.ID, bea.ID, core.BookingWaitlisted))
	})
	for _, who := range []int64{w.client.ID, bea.ID} {
		var apart, joined []any
		crudUpdate(t, s, func(tx core.Tx) error {
			taken, booked, err := tx.Seats(w.session.ID, who)
			if err != nil {
				return err
			}
			passes := crudMust[[]*core.Pass](t)(tx.UsablePasses(who, w.coach.ID, crudAt(2)))
			apart = []any{taken, booked, passes}
			return nil
		})
		crudUpdate(t, s, func(tx core.Tx) error {
			_, _, seating, err := tx.LockSessionToBook(w.session.ID, who, crudAt(2))
			if err != nil {
				return err
			}
			joined = []any{seating.Taken, seating.Booked, seating.Passes}
			return nil
		})
		crudEqual(t, "seats and passes, joined vs apart", joined, apart)
	}
	crudViewMayNotLock(t, s, "a view locked passes", func(tx core.Tx) error {
		_, _, _, err := tx.LockSessionToBook(w.session.ID, w.client.ID, crudAt(2))
		return err
	})
}

// crudLockSessionToBook: the session and coach as read apart; a missing
// client or session is ENOTFOUND with its own message; a view may not
// lock.
func crudLockSessionToBook(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	crudUpdate(t, s, func(tx core.Tx) error {
		sess, coach, seating, err := tx.LockSessionToBook(w.session.ID, w.client.ID, crudAt(2))
		if err != nil {
			return err
		}
		crudEqual(t, "session", sess, crudMust[*core.Session](t)(tx.Session(w.session.ID)))
		crudEqual(t, "coach", coach, crudMust[*core.Coach](t)(tx.Coach(w.coach.ID)))
		crudEqual(t, "seating", seating, &core.Seating{Passes: []*core.Pass{}})
		return nil
	})
	for _, c := range []struct {
		session, client int64
		want            string
	}{{w.session.ID, 999, "Client not found."}, {999, w.client.ID, "Session not found."}} {
		err := s.Update(t.Context(), func(tx core.Tx) error {
			_, _, _, err := tx.LockSessionToBook(c.session, c.client, crudAt(2))
			return err
		})
		crudEqual(t, "missing row", []any{core.ErrorCode(err), core.ErrorMessage(err)}, []any{core.ENOTFOUND, c.want})
	}
	crudViewMayNotLock(t, s, "a view locked a session", func(tx core.Tx) error {
		_, _, _, err := tx.LockSessionToBook(w.session.ID, w.client.ID, crudAt(2))
		return err
	})
}

// crudHeldPassUpdates: an update of a locked pass, which a store may write
// behind, is seen by every later read of the transaction, the last of two
// updates wins, it is kept at commit, and one that would make credits
// negative fails the transaction and leaves the pass as it was.
func crudHeldPassUpdates(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	p := crudNewPass(w, 5, crudAt(24*60))
	crudUpdate(t, s, func(tx core.Tx) error { return tx.CreatePass(p) })
	crudUpdate(t, s, func(tx core.Tx) error {
		held := crudMust[*core.Pass](t)(tx.LockPass(p.ID))
		held.CreditsLeft = 4
		if err := tx.UpdatePass(held); err != nil {
			return err
		}
		crudEqual(t, "read after update", crudMust[*core.Pass](t)(tx.Pass(p.ID)).CreditsLeft, 4)
		held.CreditsLeft = 3
		if err := tx.UpdatePass(held); err != nil {
			return err
		}
		_, _, seating, err := tx.LockSessionToBook(w.session.ID, w.client.ID, crudAt(2))
		if err != nil {
			return err
		}
		crudEqual(t, "usable after update", seating.Passes[0].CreditsLeft, 3)
		held.CreditsLeft = 2
		return tx.UpdatePass(held) // written at commit, if written behind
	})
	crudView(t, s, func(tx core.Tx) error {
		crudEqual(t, "after commit", crudMust[*core.Pass](t)(tx.Pass(p.ID)).CreditsLeft, 2)
		return nil
	})
	err := s.Update(t.Context(), func(tx core.Tx) error {
		held := crudMust[*core.Pass](t)(tx.LockPass(p.ID))
		held.CreditsLeft = -1
		return tx.UpdatePass(held)
	})
	if err == nil {
		t.Fatal("credits went below zero")
	}
	crudView(t, s, func(tx core.Tx) error {
		crudEqual(t, "after refused update", crudMust[*core.Pass](t)(tx.Pass(p.ID)).CreditsLeft, 2)
		return nil
	})
}

// crudSessionDetails: a session with its type and coach, as read apart;
// a missing session is ENOTFOUND.
func crudSessionDetails(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	crudView(t, s, func(tx core.Tx) error {
		sess, typ, coach, err := tx.SessionDetails(w.session.ID)
		if err != nil {
			return err
		}
		crudEqual(t, "details", []any{sess, typ, coach}, []any{crudMust[*core.Session](t)(tx.Session(w.session.ID)),
			crudMust[*core.SessionType](t)(tx.SessionType(w.typ.ID)), crudMust[*core.Coach](t)(tx.Coach(w.coach.ID))})
		_, _, _, err = tx.SessionDetails(w.session.ID + 100)
		crudEqual(t, "missing session", []any{core.ErrorCode(err), core.ErrorMessage(err)}, []any{core.ENOTFOUND, "Session not found."})

		typ, coach, err = tx.SessionTypeDetails(w.typ.ID)
		if err != nil {
			return err
		}
		crudEqual(t, "type details", []any{typ, coach}, []any{crudMust[*core.SessionType](t)(tx.SessionType(w.typ.ID)),
			crudMust[*core.Coach](t)(tx.Coach(w.coach.ID))})
		_, _, err = tx.SessionTypeDetails(w.typ.ID + 100)
		crudEqual(t, "missing type", []any{core.ErrorCode(err), core.ErrorMessage(err)}, []any{core.ENOTFOUND, "Session type not found."})
		return nil
	})
}

// crudLockSessionOf: the session of a booking with its type and coach,
// as SessionDetails reads them; a missing booking is ENOTFOUND; a view
// may not lock.
func crudLockSessionOf(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	b := crudNewBooking(w.session.ID, w.client.ID, core.BookingConfirmed)
	crudUpdate(t, s, func(tx core.Tx) error { return tx.CreateBooking(b) })
	crudUpdate(t, s, func(tx core.Tx) error {
		sess, typ, coach, err := tx.LockSessionOf(b.ID)
		if err != nil {
			return err
		}
		s2, t2, c2, err := tx.SessionDetails(w.session.ID)
		crudEqual(t, "locked details", []any{sess, typ, coach, err}, []any{s2, t2, c2, nil})
		_, _, _, err = tx.LockSessionOf(b.ID + 100)
		crudEqual(t, "missing booking", []any{core.ErrorCode(err), core.ErrorMessage(err)}, []any{core.ENOTFOUND, "Booking not found."})
		return nil
	})
	crudViewMayNotLock(t, s, "a view locked a session", func(tx core.Tx) error {
		_, _, _, err := tx.LockSessionOf(b.ID)
		return err
	})
}

// crudViewMayNotLock fails the test unless lock, run in a view, fails:
// PostgreSQL refuses locks in a read-only transaction, and the stores
// refuse them alike so SQLite tests catch what PostgreSQL would.
func crudViewMayNotLock(t *testing.T, s core.Store, what string, lock func(tx core.Tx) error) {
	t.Helper()
	if err := s.View(t.Context(), lock); err == nil {
		t.Fatal(what)
	}
}
