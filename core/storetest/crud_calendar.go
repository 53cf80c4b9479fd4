package storetest

// Contract cases for session types, sessions and bookings; listed in
// crudCases.

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

func crudSessionTypes(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	yoga := &core.SessionType{CoachID: w.coach.ID, Name: "Yoga class", Duration: 75 * time.Minute,
		CreditCost: 1, InPerson: true, Location: "Rua Augusta 1", Capacity: 12}
	crudUpdate(t, s, func(tx core.Tx) error { return tx.CreateSessionType(yoga) })
	yoga.Online, yoga.VideoLink, yoga.Retired, yoga.Unpaid = true, "https://meet.example/yoga", true, core.UnpaidAtSession
	crudUpdate(t, s, func(tx core.Tx) error { return tx.UpdateSessionType(yoga) })
	crudView(t, s, func(tx core.Tx) error {
		crudEqual(t, "type", crudMust[*core.SessionType](t)(tx.SessionType(yoga.ID)), yoga)
		crudEqual(t, "types", crudMust[[]*core.SessionType](t)(tx.SessionTypes(w.coach.ID)), []*core.SessionType{w.typ, yoga})
		crudEqual(t, "other coach's types", len(crudMust[[]*core.SessionType](t)(tx.SessionTypes(w.coach.ID+1))), 0)
		return nil
	})
}

func crudSessions(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	group := crudNewSession(w, crudAt(48), 8)
	group.Deadline = crudAt(46)
	group.Links = []string{"https://docs.example/plan.pdf", "https://meet.example/x"}
	group.Notes, group.Place, group.Link = "Bring a mat", "Studio 2", "https://meet.example/x"
	same := crudNewSession(w, crudAt(48), 1) // same start: ordered by id
	early := crudNewSession(w, crudAt(2), 1)
	early.Status = core.SessionCancelled
	crudUpdate(t, s, func(tx core.Tx) error {
		for _, ss := range []*core.Session{group, same, early} {
			if err := tx.CreateSession(ss); err != nil {
				return err
			}
		}
		return nil
	})

	crudView(t, s, func(tx core.Tx) error {
		got := crudMust[*core.Session](t)(tx.Session(group.ID))
		crudEqual(t, "start in UTC", got.Start.Location(), time.UTC)
		want := *group
		want.Start, want.End, want.Deadline, want.Created = crudStored(group.Start), crudStored(group.End),
			crudStored(group.Deadline), crudStored(group.Created)
		crudEqual(t, "session", got, &want)
		crudEqual(t, "start instant", got.Start.Equal(group.Start.Truncate(time.Microsecond)), true)
		crudEqual(t, "no deadline", crudMust[*core.Session](t)(tx.Session(w.session.ID)).Deadline, time.Time{})
		crudEqual(t, "no links", crudMust[*core.Session](t)(tx.Session(w.session.ID)).Links, []string(nil))
		return nil
	})

	group.Capacity, group.Deadline, group.Links = 10, time.Time{}, nil
	group.Start, group.End = crudAt(49), crudAt(50)
	crudUpdate(t, s, func(tx core.Tx) error { return tx.UpdateSession(group) })
	crudUpdate(t, s, func(tx core.Tx) error {
		got := crudMust[*core.Session](t)(tx.LockSession(group.ID))
		crudEqual(t, "updated", []any{got.Capacity, got.Deadline, got.Links, got.Start}, []any{10, time.Time{}, []string(nil), crudStored(crudAt(49))})
		return nil
	})

	other := &core.Coach{Name: "Other", Zone: "UTC", Policy: core.DefaultPolicy(), Created: crudAt(0)}
	crudUpdate(t, s, func(tx core.Tx) error { return tx.CreateCoach(other) })
	crudView(t, s, func(tx core.Tx) error {
		for _, c := range []struct {
			name string
			f    core.SessionFilter
			want []int64
		}{
			{"all, by start then id", core.SessionFilter{}, []int64{early.ID, w.session.ID, same.ID, group.ID}},
			{"by coach", core.SessionFilter{CoachID: other.ID}, nil},
			{"by type", core.SessionFilter{TypeID: w.typ.ID, Limit: 2}, []int64{early.ID, w.session.ID}},
			{"from is inclusive", core.SessionFilter{From: crudAt(24)}, []int64{w.session.ID, same.ID, group.ID}},
			{"to is exclusive", core.SessionFilter{From: crudAt(2), To: crudAt(48)}, []int64{early.ID, w.session.ID}},
			{"same instant in another zone", core.SessionFilter{From: crudAt(24).UTC(), To: crudAt(24).Add(time.Microsecond)}, []int64{w.session.ID}},
			{"by status", core.SessionFilter{Status: core.SessionCancelled}, []int64{early.ID}},
			{"groups only", core.SessionFilter{GroupOnly: true}, []int64{group.ID}},
		} {
			var ids []int64
			for _, ss := range crudMust[[]*core.Session](t)(tx.Sessions(c.f)) {
				ids = append(ids, ss.ID)
			}
			crudEqual(t, c.name, ids, c.want)
		}
		return nil
	})
}

func crudBookings(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	bea := crudNewClient(t, s, "Bea")
	later := crudNewSession(w, crudAt(72), 4)
	pass := crudNewPass(w, 5, crudAt(24*30))
	first := crudNewBooking(w.session.ID, w.client.ID, core.BookingConfirmed)
	crudUpdate(t, s, func(tx core.Tx) error {
		if err := tx.CreateSession(later); err != nil {
			return err
		}
		if err := tx.CreatePass(pass); err != nil {
			return err
		}
		return tx.CreateBooking(first)
	})
	crudView(t, s, func(tx core.Tx) error {
		want := *first
		want.Created, want.Updated = crudStored(first.Created), crudStored(first.Updated)
		crudEqual(t, "booking with no pass, payment or hold", crudMust[*core.Booking](t)(tx.Booking(first.ID)), &want)
		return nil
	})

	// Every reference and time set, then cleared again.
	moved := crudNewBooking(later.ID, w.client.ID, core.BookingPendingPayment)
	crudUpdate(t, s, func(tx core.Tx) error {
		if err := tx.CreateBooking(moved); err != nil {
			return err
		}
		pay := &core.Payment{ClientID: w.client.ID, CoachID: w.coach.ID, BookingID: moved.ID, Purpose: core.PurposeBooking,
			Amount: w.typ.Price, Method: core.MethodStripe, Status: core.PaymentPending, Created: crudAt(1), Updated: crudAt(1)}
		if err := tx.CreatePayment(pay); err != nil {
			return err
		}
		moved.PassID, moved.Credits, moved.Charged = pass.ID, 1, true
		moved.PaymentID, moved.HoldUntil, moved.RescheduledFrom = pay.ID, crudAt(1.5), first.ID
		moved.Reason, moved.Updated = "moved", crudAt(2)
		first.Status, first.RescheduledTo, first.Updated = core.BookingCancelled, moved.ID, crudAt(2)
		if err := tx.UpdateBooking(moved); err != nil {
			return err
		}
		return tx.UpdateBooking(first)
	})
	crudView(t, s, func(tx core.Tx) error {
		want := *moved
		want.Created, want.Updated, want.HoldUntil = crudStored(moved.Created), crudStored(moved.Updated), crudStored(moved.HoldUntil)
		crudEqual(t, "booking with every reference", crudMust[*core.Booking](t)(tx.Booking(moved.ID)), &want)
		crudEqual(t, "rescheduled to", crudMust[*core.Booking](t)(tx.Booking(first.ID)).RescheduledTo, moved.ID)
		return nil
	})
	moved.PassID, moved.Credits, moved.Charged, moved.PaymentID, moved.HoldUntil = 0, 0, false, 0, time.Time{}
	crudUpdate(t, s, func(tx core.Tx) error { return tx.UpdateBooking(moved) })
	crudView(t, s, func(tx core.Tx) error {
		got := crudMust[*core.Booking](t)(tx.Booking(moved.ID))
		crudEqual(t, "cleared", []any{got.PassID, got.PaymentID, got.HoldUntil}, []any{int64(0), int64(0), time.Time{}})
		return nil
	})

	waiting := crudNewBooking(later.ID, bea.ID, core.BookingWaitlisted)
	beaNow := crudNewBooking(w.session.ID, bea.ID, core.BookingConfirmed)
	beaNow.PassID = pass.ID
	crudUpdate(t, s, func(tx core.Tx) error {
		if err := tx.CreateBooking(waiting); err != nil {
			return err
		}
		return tx.CreateBooking(beaNow)
	})
	crudView(t, s, func(tx core.Tx) error {
		for _, c := range []struct {
			name string
			f    core.BookingFilter
			want []int64
		}{
			{"all, by id", core.BookingFilter{}, []int64{first.ID, moved.ID, waiting.ID, beaNow.ID}},
			{"by session", core.BookingFilter{SessionID: later.ID}, []int64{moved.ID, waiting.ID}},
			{"by sessions", core.BookingFilter{SessionIDs: []int64{later.ID, w.session.ID}}, []int64{first.ID, moved.ID, waiting.ID, beaNow.ID}},
			{"by a list of one session, active", core.BookingFilter{SessionIDs: []int64{w.session.ID}, Statuses: core.ActiveStatuses}, []int64{beaNow.ID}},
			{"by client", core.BookingFilter{ClientID: bea.ID}, []int64{waiting.ID, beaNow.ID}},
			{"by pass", core.BookingFilter{PassID: pass.ID}, []int64{beaNow.ID}},
			{"active", core.BookingFilter{Statuses: core.ActiveStatuses}, []int64{moved.ID, waiting.ID, beaNow.ID}},
			{"one status", core.BookingFilter{Statuses: []core.BookingStatus{core.BookingCancelled}}, []int64{first.ID}},
			{"session starting from", core.BookingFilter{StartFrom: crudAt(72)}, []int64{moved.ID, waiting.ID}},
			{"session starting before", core.BookingFilter{StartTo: crudAt(72)}, []int64{first.ID, beaNow.ID}},
			{"everything at once", core.BookingFilter{ClientID: bea.ID, Statuses: core.ActiveStatuses,
				StartFrom: crudAt(0), StartTo: crudAt(100), Limit: 1}, []int64{waiting.ID}},
		} {
			var ids []int64
			for _, b := range crudMust[[]*core.Booking](t)(tx.Bookings(c.f)) {
				ids = append(ids, b.ID)
			}
			crudEqual(t, c.name, ids, c.want)
		}
		for _, c := range []struct {
			session  int64
			statuses []core.BookingStatus
			want     int
		}{
			{w.session.ID, core.SeatStatuses, 1},
			{w.session.ID, nil, 2},
			{later.ID, core.SeatStatuses, 1},
			{later.ID, []core.BookingStatus{core.BookingWaitlisted}, 1},
			{later.ID + 100, nil, 0},
		} {
			crudEqual(t, fmt.Sprintf("count %d %v", c.session, c.statuses),
				crudMust[int](t)(tx.CountBookings(c.session, c.statuses)), c.want)
		}
		return nil
	})
}

func crudOneActiveBooking(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	first := crudNewBooking(w.session.ID, w.client.ID, core.BookingPendingPayment)
	crudUpdate(t, s, func(tx core.Tx) error { return tx.CreateBooking(first) })

	// A double tap: the second live booking is refused, whatever its status.
	for _, status := range core.ActiveStatuses {
		err := s.Update(context.Background(), func(tx core.Tx) error {
			return tx.CreateBooking(crudNewBooking(w.session.ID, w.client.ID, status))
		})
		crudWantCode(t, err, core.ECONFLICT)
		if core.ErrorMessage(err) == "" {
			t.Fatalf("conflict has no message for the client: %v", err)
		}
	}

	// Once cancelled, the client may book the session again.
	first.Status, first.Updated = core.BookingCancelled, crudAt(2)
	again := crudNewBooking(w.session.ID, w.client.ID, core.BookingConfirmed)
	crudUpdate(t, s, func(tx core.Tx) error {
		if err := tx.UpdateBooking(first); err != nil {
			return err
		}
		return tx.CreateBooking(again)
	})
	// Reviving the cancelled booking would make two live ones.
	first.Status = core.BookingConfirmed
	crudWantCode(t, s.Update(context.Background(), func(tx core.Tx) error { return tx.UpdateBooking(first) }), core.ECONFLICT)
	crudView(t, s, func(tx core.Tx) error {
		crudEqual(t, "live bookings", crudMust[int](t)(tx.CountBookings(w.session.ID, core.ActiveStatuses)), 1)
		return nil
	})
}
