package storetest

// Contract cases for the outbox of notices and the audit trail; listed in
// crudCases.

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

func crudNotices(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	bea := crudNewClient(t, s, "Bea")
	mine := crudNewBooking(w.session.ID, w.client.ID, core.BookingConfirmed)
	hers := crudNewBooking(w.session.ID, bea.ID, core.BookingWaitlisted)
	notice := func(b *core.Booking, kind core.NoticeKind, status core.NoticeStatus, due time.Time) *core.Notice {
		return &core.Notice{Kind: kind, ToKind: core.ToClient, ToID: b.ClientID, BookingID: b.ID,
			SessionID: b.SessionID, Due: due, Status: status, Created: crudAt(1)}
	}
	var booked, remind1, remind2, sent, theirs, toCoach *core.Notice
	crudUpdate(t, s, func(tx core.Tx) error {
		for _, b := range []*core.Booking{mine, hers} {
			if err := tx.CreateBooking(b); err != nil {
				return err
			}
		}
		booked = notice(mine, core.NoticeBooked, core.NoticePending, crudAt(1))
		booked.Data = map[string]string{"reason": "Ça marche", "position": "1"}
		remind1 = notice(mine, core.NoticeReminder, core.NoticePending, crudAt(0))
		remind2 = notice(mine, core.NoticeReminder, core.NoticePending, crudAt(23))
		sent = notice(mine, core.NoticeReminder, core.NoticeSent, crudAt(-1))
		sent.Attempts, sent.LastError, sent.Sent = 2, "timeout", crudAt(-0.5)
		theirs = notice(hers, core.NoticeReminder, core.NoticePending, crudAt(0))
		toCoach = &core.Notice{Kind: core.NoticeCoachPaid, ToKind: core.ToCoach, ToID: w.coach.ID,
			Due: crudAt(1), Status: core.NoticePending, Created: crudAt(1)}
		for _, n := range []*core.Notice{booked, remind1, remind2, sent, theirs, toCoach} {
			if err := tx.AddNotice(n); err != nil {
				return err
			}
		}
		return nil
	})
	// AddNotice writes behind and sets no ID: learn them in insertion order.
	crudView(t, s, func(tx core.Tx) error {
		stored := crudMust[[]*core.Notice](t)(tx.Notices(core.NoticeFilter{}))
		for i, n := range []*core.Notice{booked, remind1, remind2, sent, theirs, toCoach} {
			n.ID = stored[i].ID
		}
		return nil
	})
	crudView(t, s, func(tx core.Tx) error {
		list := crudMust[[]*core.Notice](t)(tx.Notices(core.NoticeFilter{Kind: core.NoticeBooked}))
		want := *booked
		want.Due, want.Created = crudStored(booked.Due), crudStored(booked.Created)
		crudEqual(t, "notice with data", list, []*core.Notice{&want})
		list = crudMust[[]*core.Notice](t)(tx.Notices(core.NoticeFilter{ToKind: core.ToCoach}))
		want = *toCoach
		want.Due, want.Created = crudStored(toCoach.Due), crudStored(toCoach.Created)
		crudEqual(t, "notice without booking or session", list, []*core.Notice{&want})
		list = crudMust[[]*core.Notice](t)(tx.Notices(core.NoticeFilter{Status: core.NoticeSent}))
		crudEqual(t, "sent notice", []any{list[0].Attempts, list[0].LastError, list[0].Sent}, []any{2, "timeout", crudStored(crudAt(-0.5))})
		return nil
	})

	// Withdrawing touches only the pending notices of that booking and kinds.
	var n1, n2, n3 int
	crudUpdate(t, s, func(tx core.Tx) error {
		n1 = crudMust[int](t)(tx.WithdrawNotices(mine.ID, []core.NoticeKind{core.NoticeReminder, core.NoticeCancelled}))
		n2 = crudMust[int](t)(tx.WithdrawNotices(mine.ID, []core.NoticeKind{core.NoticeReminder}))
		n3 = crudMust[int](t)(tx.WithdrawNotices(mine.ID, nil))
		return nil
	})
	crudEqual(t, "withdrawn", []int{n1, n2, n3}, []int{2, 0, 0})

	crudView(t, s, func(tx core.Tx) error {
		for _, c := range []struct {
			name string
			f    core.NoticeFilter
			want []int64
		}{
			{"withdrawn", core.NoticeFilter{Status: core.NoticeWithdrawn}, []int64{remind1.ID, remind2.ID}},
			{"still pending", core.NoticeFilter{Status: core.NoticePending}, []int64{booked.ID, theirs.ID, toCoach.ID}},
			{"by booking", core.NoticeFilter{BookingID: hers.ID}, []int64{theirs.ID}},
			{"by session and kind", core.NoticeFilter{SessionID: w.session.ID, Kind: core.NoticeReminder},
				[]int64{remind1.ID, remind2.ID, sent.ID, theirs.ID}},
			{"by recipient", core.NoticeFilter{ToKind: core.ToClient, ToID: bea.ID}, []int64{theirs.ID}},
		} {
			var ids []int64
			for _, n := range crudMust[[]*core.Notice](t)(tx.Notices(c.f)) {
				ids = append(ids, n.ID)
			}
			crudEqual(t, c.name, ids, c.want)
		}
		return nil
	})
}

func crudAudit(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	b := crudNewBooking(w.session.ID, w.client.ID, core.BookingConfirmed)
	other := crudNewBooking(w.session.ID, w.client.ID, core.BookingCancelled)
	booked := &core.AuditEntry{To: core.BookingConfirmed, Actor: core.ClientActor(w.client.ID), At: crudAt(1)}
	cancelled := &core.AuditEntry{From: core.BookingConfirmed, To: core.BookingCancelled,
		Actor: core.CoachActor(w.coach.ID), Reason: "ill", At: crudAt(2)}
	crudUpdate(t, s, func(tx core.Tx) error {
		for _, bk := range []*core.Booking{b, other} {
			if err := tx.CreateBooking(bk); err != nil {
				return err
			}
		}
		booked.BookingID, cancelled.BookingID = b.ID, b.ID
		for _, e := range []*core.AuditEntry{booked, {BookingID: other.ID, To: core.BookingCancelled, Actor: core.ActorSystem, At: crudAt(0)}, cancelled} {
			if err := tx.AddAudit(e); err != nil {
				return err
			}
		}
		return nil
	})
	crudView(t, s, func(tx core.Tx) error {
		e1, e2 := *booked, *cancelled
		e1.At, e2.At = crudStored(booked.At), crudStored(cancelled.At)
		crudEqual(t, "audit", crudWithoutIDs(t, crudMust[[]*core.AuditEntry](t)(tx.Audit(b.ID))), []*core.AuditEntry{&e1, &e2})
		return nil
	})
}
