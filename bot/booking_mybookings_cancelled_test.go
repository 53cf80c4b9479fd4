package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// lineWith is the one line of the replies' text holding part.
func lineWith(t *testing.T, replies []Reply, part string) string {
	t.Helper()
	var found []string
	for _, l := range strings.Split(render(replies), "\n") {
		if strings.Contains(l, part) && !strings.HasPrefix(l, "[") {
			found = append(found, l)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want one line with %q, got %q in:\n%s", part, found, render(replies))
	}
	return found[0]
}

// section is the part of a page's text from heading to the next blank
// line.
func section(t *testing.T, replies []Reply, heading string) string {
	t.Helper()
	text := render(replies)
	i := strings.Index(text, "\n\n"+heading+"\n")
	if i < 0 {
		t.Fatalf("no section %q in:\n%s", heading, text)
	}
	rest := text[i+2:]
	if j := strings.Index(rest, "\n\n"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// Issue 15 §4.2 and §4.3: a 1:1 the client cancelled read "Cancelled by
// the coach" (its open-slot session is cancelled with the booking), and
// sessions still to come that were cancelled were listed under "Past".
// Now "by the coach" is said only when the coach's cancelling ended the
// booking, and cancelled bookings of sessions to come have their own
// heading; once their time has passed they are in Past and /history with
// the same words.
func TestCancelledBookingsSayWhoAndAreNotPast(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang, sick, confirm                   string
		cancelled, past, byClient, byCoach    string
		slotDay, classDay, otherDay, noUpcome string
	}{
		{"en", "🤒", "Confirm cancel", "Cancelled", "Past", "❌ Cancelled", "❌ Cancelled by the coach",
			"4 Jun, 10:00", "4 Jun, 18:30", "11 Jun, 18:30", "You have no upcoming sessions."},
		{"fr", "🤒", "Confirmer l'annulation", "Annulées", "Passées", "❌ Annulée", "❌ Annulée par le coach",
			"4 juin, 10:00", "4 juin, 18:30", "11 juin, 18:30", "Vous n'avez aucune séance à venir."},
		{"ru", "🤒", "Подтвердить отмену", "Отменённые", "Прошедшие", "❌ Отменено", "❌ Отменено тренером",
			"4 июня, 10:00", "4 июня, 18:30", "11 июня, 18:30", "Предстоящих занятий нет."},
	} {
		t.Run(c.lang, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			u := user{"40", "Maria", c.lang}
			h.onboardIn(u)
			h.acctGrant(u, 10)
			client := h.acctClient(u)
			// A 1:1 from an open slot, which she cancels herself.
			slot, err := h.svc.Slots.BookSlot(h.ctx, core.BookSlotRequest{ClientID: client, CoachID: h.demo.Coach.ID,
				TypeID: h.demo.Standard.ID, Start: paris10(4), Mode: core.ModeInPerson})
			if err != nil {
				t.Fatal(err)
			}
			r := h.press(u, h.pressData(u, encode("cx", id36(slot.Booking.ID))), c.sick)
			h.press(u, r, c.confirm)
			if s := h.session(slot.Booking.SessionID); s.Status != core.SessionCancelled {
				t.Fatalf("the slot's session is %s: the case this test is about needs it cancelled", s.Status)
			}
			// A class the coach cancels.
			h.acctBook(u, h.demo.Classes[0].ID, false)
			if _, err := h.svc.Bookings.CancelSession(h.ctx, h.demo.Coach.ID, h.demo.Classes[0].ID, "ill"); err != nil {
				t.Fatal(err)
			}
			// A class she cancels, which the coach cancels afterwards.
			first := h.acctBook(u, h.demo.Classes[1].ID, false)
			if _, _, err := h.svc.Bookings.Cancel(h.ctx, core.CancelRequest{ClientID: client, BookingID: first.Booking.ID}); err != nil {
				t.Fatal(err)
			}
			if _, err := h.svc.Bookings.CancelSession(h.ctx, h.demo.Coach.ID, h.demo.Classes[1].ID, ""); err != nil {
				t.Fatal(err)
			}

			page := h.send(u, "/mybookings")
			expect(t, page, c.noUpcome)
			clean(t, page)
			if strings.Contains(render(page), "\n\n"+c.past+"\n") {
				t.Fatalf("sessions to come listed under %q:\n%s", c.past, render(page))
			}
			gone := section(t, page, c.cancelled)
			for day, status := range map[string]string{c.slotDay: c.byClient, c.classDay: c.byCoach, c.otherDay: c.byClient} {
				if l := lineWith(t, page, day); !strings.HasSuffix(l, " · "+status) || !strings.Contains(gone, l) {
					t.Fatalf("%s: line %q, want it under %q ending with %q", day, l, c.cancelled, status)
				}
			}

			// A fortnight later they are past, with the same words.
			h.clock.Advance(14 * 24 * time.Hour)
			page = h.send(u, "/mybookings")
			past := section(t, page, c.past)
			hist := h.send(u, "/history")
			clean(t, hist)
			for day, status := range map[string]string{c.slotDay: c.byClient, c.classDay: c.byCoach, c.otherDay: c.byClient} {
				if l := lineWith(t, page, day); !strings.HasSuffix(l, " · "+status) || !strings.Contains(past, l) {
					t.Fatalf("%s: line %q, want it under %q ending with %q", day, l, c.past, status)
				}
				// /history puts the status on the line after the session.
				text := render(hist)
				i := strings.Index(text, lineWith(t, hist, day))
				next := strings.SplitN(text[i:], "\n", 3)[1]
				if !strings.HasPrefix(strings.TrimSpace(next), status+" ") && strings.TrimSpace(next) != status {
					t.Fatalf("/history, %s: %q, want %q first", day, next, status)
				}
				if status == c.byClient && strings.Contains(next, c.byCoach) {
					t.Fatalf("/history, %s: %q", day, next)
				}
			}
		})
	}
}
