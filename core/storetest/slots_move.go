package storetest

// Service cases for moving a slot-booked 1:1 and booking one every week.

import (
	"strconv"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// slotReminders lists the due times of a booking's reminders with status.
func (f *fixture) slotReminders(bookingID int64, status core.NoticeStatus) []string {
	f.t.Helper()
	var out []string
	for _, n := range f.notices(core.NoticeFilter{BookingID: bookingID, Kind: core.NoticeReminder, Status: status}) {
		out = append(out, n.Due.Format(time.RFC3339))
	}
	return out
}

// Maria moves her Wednesday 10:00 to Thursday 15:00: the same session and
// booking, the credit charged once, reminders re-planned, both sides told.
// Noah's paid booking keeps its payment. Taken times, someone else's
// booking and a move inside 24 hours are refused and change nothing.
func testMoveSlot(t *testing.T, open Opener) {
	f := newFixture(t, open)
	paris := slotZone(t, "Europe/Paris")
	maria, pass := f.withPass("Maria", f.pack)
	noah := f.client("Noah")
	book := func(c *core.Client, typ *core.SessionType, at string) *core.BookResult {
		t.Helper()
		res, err := f.svc.Slots.BookSlot(f.ctx, core.BookSlotRequest{ClientID: c.ID, CoachID: f.coach.ID, TypeID: typ.ID, Start: slotAt(t, paris, at)})
		f.must(err)
		return res
	}
	mine := book(maria, f.paid, "2026-06-03 10:00")
	slotEqual(t, "reminders before", f.slotReminders(mine.Booking.ID, core.NoticePending),
		[]string{"2026-06-02T08:00:00Z", "2026-06-03T07:00:00Z"})
	noahs := book(noah, f.paid, "2026-06-03 14:00")
	_, err := f.svc.Payments.MarkPaymentPaid(f.ctx, noahs.Payment.ID, core.MethodManual, "")
	f.must(err)

	thu15 := slotAt(t, paris, "2026-06-04 15:00")
	sess, err := f.svc.Slots.MoveSlot(f.ctx, core.MoveSlotRequest{ClientID: maria.ID, BookingID: mine.Booking.ID, NewStart: thu15})
	f.must(err)
	if sess.ID != mine.Booking.SessionID || !sess.Start.Equal(thu15) || !sess.End.Equal(thu15.Add(time.Hour)) {
		t.Fatalf("moved session = %+v", sess)
	}
	slotEqual(t, "stored start", f.slotSession(sess.ID).Start.Format(time.RFC3339), "2026-06-04T13:00:00Z")
	b := f.booking(mine.Booking.ID)
	if b.Status != core.BookingConfirmed || b.SessionID != sess.ID || b.PassID != pass.ID || !b.Charged || b.Credits != 1 {
		t.Fatalf("booking after the move = %+v", b)
	}
	if p := f.pass(pass.ID); p.CreditsLeft != 9 {
		t.Fatalf("credits left = %d, want 9 (charged once)", p.CreditsLeft)
	}
	slotEqual(t, "old reminders", f.slotReminders(b.ID, core.NoticeWithdrawn), []string{"2026-06-02T08:00:00Z", "2026-06-03T07:00:00Z"})
	slotEqual(t, "new reminders", f.slotReminders(b.ID, core.NoticePending), []string{"2026-06-03T13:00:00Z", "2026-06-04T12:00:00Z"})
	told := f.notices(core.NoticeFilter{ToKind: core.ToClient, ToID: maria.ID, Kind: core.NoticeRescheduled})
	if len(told) != 1 || told[0].BookingID != b.ID || told[0].Data["from_start"] != "2026-06-03T08:00:00Z" {
		t.Fatalf("Maria told %+v", told)
	}
	told = f.notices(core.NoticeFilter{ToKind: core.ToCoach, ToID: f.coach.ID, Kind: core.NoticeCoachRescheduled})
	if len(told) != 1 || told[0].Data["from_start"] != "2026-06-03T08:00:00Z" || told[0].Data["client_id"] != strconv.FormatInt(maria.ID, 10) {
		t.Fatalf("Ana told %+v", told)
	}
	wed := f.slotOpen(f.paid, slotAt(t, paris, "2026-06-03 10:00"), slotAt(t, paris, "2026-06-03 10:01"))
	thu := f.slotOpen(f.paid, thu15, thu15.Add(time.Minute))
	if len(wed) != 1 || len(thu) != 0 {
		t.Fatalf("Wednesday 10:00 open: %v, Thursday 15:00 open: %v", wed, thu)
	}

	// Noah's paid booking moves to Friday 10:00 with its payment.
	fri10 := slotAt(t, paris, "2026-06-05 10:00")
	_, err = f.svc.Slots.MoveSlot(f.ctx, core.MoveSlotRequest{ClientID: noah.ID, BookingID: noahs.Booking.ID, NewStart: fri10})
	f.must(err)
	nb := f.booking(noahs.Booking.ID)
	pay := f.payment(noahs.Payment.ID)
	if nb.Status != core.BookingConfirmed || nb.PaymentID != pay.ID || pay.BookingID != nb.ID || pay.Status != core.PaymentPaid || pay.RefundDue {
		t.Fatalf("Noah after the move: %+v, payment %+v", nb, pay)
	}
	class := f.session(f.class, 72*time.Hour, 5)
	inClass, err := f.svc.Bookings.Book(f.ctx, core.BookRequest{ClientID: maria.ID, SessionID: class.ID})
	f.must(err)

	for _, tc := range []struct {
		name, code string
		req        core.MoveSlotRequest
	}{
		{"NotYours", core.EUNAUTHORIZED, core.MoveSlotRequest{ClientID: noah.ID, BookingID: mine.Booking.ID, NewStart: slotAt(t, paris, "2026-06-08 10:00")}},
		{"SameTime", core.EINVALID, core.MoveSlotRequest{ClientID: maria.ID, BookingID: mine.Booking.ID, NewStart: thu15}},
		{"GroupClass", core.EINVALID, core.MoveSlotRequest{ClientID: maria.ID, BookingID: inClass.Booking.ID, NewStart: slotAt(t, paris, "2026-06-08 10:00")}},
		{"NoSuchBooking", core.ENOTFOUND, core.MoveSlotRequest{ClientID: maria.ID, BookingID: 999999, NewStart: slotAt(t, paris, "2026-06-08 10:00")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.snapshot()
			_, err := f.svc.Slots.MoveSlot(f.ctx, tc.req)
			expectCode(t, err, tc.code)
			if f.snapshot() != before {
				t.Fatal("a refused move changed rows")
			}
		})
	}

	t.Run("TakenSlot", func(t *testing.T) {
		before := f.snapshot()
		_, err := f.svc.Slots.MoveSlot(f.ctx, core.MoveSlotRequest{ClientID: maria.ID, BookingID: mine.Booking.ID, NewStart: fri10})
		taken := slotTaken(t, err, "That time was just taken.")
		// Noah has 10:00–11:00, so Maria's hour fits from 11:00.
		slotEqual(t, "alternatives", slotShow(taken.Alternatives, paris, "Mon 15:04"),
			[]string{"Fri 11:00", "Fri 11:30", "Fri 12:00", "Fri 12:30", "Fri 13:00"})
		if f.snapshot() != before {
			t.Fatal("a refused move changed rows")
		}
	})

	t.Run("TooLate", func(t *testing.T) {
		f.clock.Set(thu15.Add(-23 * time.Hour)) // Ana asks for 24 hours' notice
		before := f.snapshot()
		_, err := f.svc.Slots.MoveSlot(f.ctx, core.MoveSlotRequest{ClientID: maria.ID, BookingID: mine.Booking.ID, NewStart: slotAt(t, paris, "2026-06-08 10:00")})
		expectCode(t, err, core.EINVALID)
		slotEqual(t, "message", core.ErrorMessage(err), "Bookings can be moved up to 24 h before the start; this one can only be cancelled now.")
		if f.snapshot() != before {
			t.Fatal("a refused move changed rows")
		}
	})
}

// Maria wants Tuesdays 10:00 for four weeks; week 3 is already taken. The
// plan shows it, booking takes the three free weeks (one credit each),
// and each week is then cancelled or moved on its own.
func testRecurringSlots(t *testing.T, open Opener) {
	f := newFixture(t, open)
	paris := slotZone(t, "Europe/Paris")
	maria, pass := f.withPass("Maria", f.pack)
	noah := f.client("Noah")
	_, err := f.svc.Slots.BookSlot(f.ctx, core.BookSlotRequest{ClientID: noah.ID, CoachID: f.coach.ID, TypeID: f.free.ID, Start: slotAt(t, paris, "2026-06-16 10:30")})
	f.must(err)

	first := slotAt(t, paris, "2026-06-02 10:00")
	plan, err := f.svc.Slots.RecurringPlan(f.ctx, f.coach.ID, f.paid.ID, first, 4)
	f.must(err)
	show := func(plan []core.RecurringWeek) []string {
		var out []string
		for _, w := range plan {
			out = append(out, w.Start.In(paris).Format("Mon 2 Jan 15:04")+map[bool]string{true: " free", false: " not free"}[w.Open])
		}
		return out
	}
	want := []string{"Tue 2 Jun 10:00 free", "Tue 9 Jun 10:00 free", "Tue 16 Jun 10:00 not free", "Tue 23 Jun 10:00 free"}
	slotEqual(t, "plan", show(plan), want)

	res, booked, err := f.svc.Slots.BookRecurring(f.ctx, core.BookSlotRequest{ClientID: maria.ID, CoachID: f.coach.ID, TypeID: f.paid.ID, Start: first}, 4)
	f.must(err)
	slotEqual(t, "weeks when booking", show(booked), want)
	if len(res) != 3 {
		t.Fatalf("%d weeks booked, want 3", len(res))
	}
	var starts []string
	for _, r := range res {
		b := f.booking(r.Booking.ID)
		if b.Status != core.BookingConfirmed || b.PassID != pass.ID || !b.Charged {
			t.Fatalf("weekly booking = %+v", b)
		}
		starts = append(starts, f.slotSession(b.SessionID).Start.In(paris).Format("2 Jan 15:04"))
	}
	slotEqual(t, "sessions", starts, []string{"2 Jun 10:00", "9 Jun 10:00", "23 Jun 10:00"})
	if got := f.pass(pass.ID).CreditsLeft; got != 7 {
		t.Fatalf("credits left = %d, want 7", got)
	}

	// Week 2 is cancelled alone: its credit comes back, the others stay.
	_, _, err = f.svc.Bookings.Cancel(f.ctx, core.CancelRequest{ClientID: maria.ID, BookingID: res[1].Booking.ID, Reason: "holiday"})
	f.must(err)
	slotEqual(t, "statuses", []core.BookingStatus{f.booking(res[0].Booking.ID).Status, f.booking(res[1].Booking.ID).Status, f.booking(res[2].Booking.ID).Status},
		[]core.BookingStatus{core.BookingConfirmed, core.BookingCancelled, core.BookingConfirmed})
	if got := f.pass(pass.ID).CreditsLeft; got != 8 {
		t.Fatalf("credits left after one cancel = %d, want 8", got)
	}
	// Week 4 moves to the Wednesday alone.
	_, err = f.svc.Slots.MoveSlot(f.ctx, core.MoveSlotRequest{ClientID: maria.ID, BookingID: res[2].Booking.ID, NewStart: slotAt(t, paris, "2026-06-24 10:00")})
	f.must(err)
	slotEqual(t, "week 1 untouched", f.slotSession(res[0].Booking.SessionID).Start.In(paris).Format("2 Jan 15:04"), "2 Jun 10:00")
	slotEqual(t, "week 4 moved", f.slotSession(res[2].Booking.SessionID).Start.In(paris).Format("2 Jan 15:04"), "24 Jun 10:00")

	// Saturdays are never free: nothing is booked, the plan says why.
	before := f.snapshot()
	res, booked, err = f.svc.Slots.BookRecurring(f.ctx, core.BookSlotRequest{ClientID: maria.ID, CoachID: f.coach.ID, TypeID: f.paid.ID, Start: slotAt(t, paris, "2026-06-06 10:00")}, 2)
	expectCode(t, err, core.ECONFLICT)
	slotEqual(t, "Saturday plan", show(booked), []string{"Sat 6 Jun 10:00 not free", "Sat 13 Jun 10:00 not free"})
	if res != nil || f.snapshot() != before {
		t.Fatal("a refused recurring booking changed rows")
	}
	for _, weeks := range []int{0, 53} {
		_, err := f.svc.Slots.RecurringPlan(f.ctx, f.coach.ID, f.paid.ID, first, weeks)
		expectCode(t, err, core.EINVALID)
	}
}
