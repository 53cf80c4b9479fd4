package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

func TestRescheduleOneToOne(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"r1", "Dana", "en"}
	h.onboard(u)
	c := bkClient(h, u)
	pass, err := h.svc.Passes.GrantPass(h.ctx, c.ID, h.demo.Packs[0].ID, "manual")
	if err != nil {
		t.Fatal(err)
	}
	res, err := h.svc.Slots.BookSlot(h.ctx, core.BookSlotRequest{ClientID: c.ID, CoachID: h.demo.Coach.ID, TypeID: h.demo.Standard.ID,
		Start: paris10(4), Mode: core.ModeInPerson})
	if err != nil {
		t.Fatal(err)
	}
	r := h.send(u, "/reschedule")
	expect(t, r, "Which booking would you like to move? (times in Europe/Paris)", "[Thu 4 Jun, 10:00 · Standard session]")
	r = h.press(u, r, "Thu 4 Jun, 10:00")
	expect(t, r, "Move your Standard session of Thu 4 Jun, 10:00 — pick a new day (times in Europe/Paris):", "[Fri 5 Jun]", "[Keep it as it is]")
	r = h.press(u, r, "Fri 5 Jun")
	expect(t, r, "Fri 5 Jun — pick a time (Europe/Paris):")
	r = h.press(u, r, "14:00")
	expect(t, r, "Move your Standard session from Thu 4 Jun, 10:00 to Fri 5 Jun, 14:00?", "[✅ Move it]", "[‹ Back]")
	confirm := r
	r = h.press(u, r, "Move it")
	expect(t, r, "✅ Done: your Standard session is now on Fri 5 Jun, 14:00 (it was Thu 4 Jun, 10:00). Ana Martin has been told.")
	expect(t, h.press(u, confirm, "Move it"), "This button has expired")

	bs, sessions := bkBookings(h, c.ID)
	if len(bs) != 1 || bs[0].ID != res.Booking.ID || bs[0].Status != core.BookingConfirmed ||
		!sessions[bs[0].SessionID].Start.Equal(paris10(5).Add(4*time.Hour)) {
		t.Fatalf("bookings = %+v", bs)
	}
	if left := bkPass(h, pass.ID).CreditsLeft; left != 4 {
		t.Fatalf("moving charged again: %d left", left)
	}
}

func TestRescheduleButtonFromOtherFlowsAndRefusals(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u, other := user{"r2", "Eli", "en"}, user{"r3", "Fay", "en"}
	h.onboard(u)
	h.onboard(other)
	c := bkClient(h, u)
	// Tomorrow 09:00 is 23 hours away: inside the 24-hour notice.
	soon, err := h.svc.Slots.BookSlot(h.ctx, core.BookSlotRequest{ClientID: c.ID, CoachID: h.demo.Coach.ID, TypeID: h.demo.Consultation.ID,
		Start: paris10(3).Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	r := h.pressData(u, encode("rs", id36(soon.Booking.ID)))
	expect(t, r, "Bookings can be moved up to 24 h before the start; this one can only be cancelled now.")
	// Someone else's booking.
	expect(t, h.pressData(other, encode("rs", id36(soon.Booking.ID))), "That booking is not yours.")
	expect(t, h.pressData(u, encode("rs", "zzzzzz")), "[📅 Book a session]")
	expect(t, h.pressData(u, "1:rs"), "This button has expired")

	// "Keep it as it is" changes nothing.
	later, err := h.svc.Slots.BookSlot(h.ctx, core.BookSlotRequest{ClientID: c.ID, CoachID: h.demo.Coach.ID, TypeID: h.demo.Consultation.ID,
		Start: paris10(8)})
	if err != nil {
		t.Fatal(err)
	}
	r = h.pressData(u, encode("rs", id36(later.Booking.ID)))
	r = h.press(u, r, "Keep it as it is")
	expect(t, r, "Nothing changed")
	r = h.send(u, "/reschedule")
	expect(t, r, "[Wed 3 Jun, 09:00 · Free consultation]", "[Mon 8 Jun, 10:00 · Free consultation]")

	// The time goes while the client confirms: fresh times are offered.
	r = h.pressData(u, encode("rs", id36(later.Booking.ID)))
	r = h.press(u, r, "Tue 9 Jun")
	r = h.press(u, r, "11:00")
	if _, err := h.svc.Slots.BookSlot(h.ctx, core.BookSlotRequest{ClientID: bkClient(h, other).ID, CoachID: h.demo.Coach.ID,
		TypeID: h.demo.Standard.ID, Start: paris10(9).Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	r = h.press(u, r, "Move it")
	expect(t, r, "That time was just taken.", "[Tue 9 Jun, 12:00]")
	r = h.press(u, r, "Tue 9 Jun, 12:00")
	r = h.press(u, r, "Move it")
	expect(t, r, "is now on Tue 9 Jun, 12:00")
}

func TestRescheduleClassToAnotherClass(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"r4", "Gus", "fr"}
	h.onboard(u)
	c := bkClient(h, u)
	if _, err := h.svc.Passes.GrantPass(h.ctx, c.ID, h.demo.Packs[0].ID, "manual"); err != nil {
		t.Fatal(err)
	}
	first, second := h.demo.Classes[0], h.demo.Classes[1]
	res, err := h.svc.Bookings.Book(h.ctx, core.BookRequest{ClientID: c.ID, SessionID: first.ID})
	if err != nil {
		t.Fatal(err)
	}
	bkFill(h, h.demo.Classes[2].ID, 8, "full") // the third week is full: not offered
	r := h.pressData(u, encode("rs", id36(res.Booking.ID)))
	expect(t, r, "Vers quel cours déplacer votre place à Yoga flow (group) du jeu. 4 juin, 18:30 ?", "[jeu. 11 juin, 18:30 · 8 libres]")
	if strings.Contains(render(r), "18 juin") {
		t.Fatalf("a full class offered:\n%s", render(r))
	}
	r = h.press(u, r, "jeu. 11 juin")
	expect(t, r, "Déplacer votre Yoga flow (group) du jeu. 4 juin, 18:30 au jeu. 11 juin, 18:30 ?")
	r = h.press(u, r, "✅ Déplacer")
	expect(t, r, "✅ C'est fait : votre Yoga flow (group) a lieu le jeu. 11 juin, 18:30")
	bs, _ := bkBookings(h, c.ID)
	var live []*core.Booking
	for _, b := range bs {
		if b.Status.Active() {
			live = append(live, b)
		}
	}
	if len(live) != 1 || live[0].SessionID != second.ID || live[0].RescheduledFrom != res.Booking.ID {
		t.Fatalf("live bookings = %+v", live)
	}
}
