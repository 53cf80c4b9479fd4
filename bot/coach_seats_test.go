package bot

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Issue 15 §4.9: a group session's seats could not be changed once it
// was made. The coach's edit now has Seats: fewer than are booked is
// refused, saying how many are booked, and changes nothing; more seats
// go to the waitlist at once, as a freed seat does. A 1:1 has no Seats.
func TestCoachChangesAGroupSessionsSeats(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang, edit, seats, save, min2, booked, card, promoted string
	}{
		{"en", "✏️ Edit", "✏️ Seats", "💾 Save", "Give a whole number from 2 to 1000.", "⚠️ 3 seats are booked: keep at least 3.",
			"👥 4/5 booked", "🎉 A seat opened up — you're in!"},
		{"fr", "✏️ Modifier", "✏️ Places", "💾 Enregistrer", "Donnez un nombre entier de 2 à 1000.",
			"⚠️ 3 places sont réservées : gardez-en au moins 3.", "👥 4/5 inscrits", "🎉 Une place est devenue disponible : c'est confirmé !"},
		{"ru", "✏️ Изменить", "✏️ Количество мест", "💾 Сохранить", "Укажите целое число от 2 до 1000.",
			"⚠️ Уже занято 3 места: оставьте не меньше 3.", "👥 Записано 4/5", "🎉 Появилось место — вы записаны!"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			ana := user{"ana", "Ana", c.lang}
			h.coachIn(ana)
			class := h.class("2026-06-09", "19:00", 3)
			var ids []int64
			for _, name := range []string{"Maria", "Léa", "Noah", "Zoé"} {
				u := user{name, name, c.lang}
				h.onboardIn(u)
				h.acctGrant(u, 10)
				ids = append(ids, h.acctBook(u, class.ID, false).Booking.ID)
			}
			zoe := user{"Zoé", "Zoé", c.lang}
			if b := h.acctBooking(ids[3]); b.Status != core.BookingWaitlisted {
				t.Fatalf("Zoé is %s", b.Status)
			}

			r := h.press(ana, h.pressData(ana, encode("cs", id36(class.ID))), c.edit)
			expect(t, r, ": 3\n") // the Seats line shows 3
			h.press(ana, r, c.seats)
			expect(t, h.send(ana, "1"), c.min2)
			r = h.send(ana, "2")
			before := h.snapshot()
			r = h.press(ana, r, c.save)
			expect(t, r, c.booked)
			clean(t, r)
			if h.snapshot() != before {
				t.Fatal("a refused Save changed rows")
			}

			h.press(ana, r, c.seats)
			r = h.press(ana, h.send(ana, "5"), c.save)
			expect(t, r, c.card)
			clean(t, r)
			if s := h.session(class.ID); s.Capacity != 5 {
				t.Fatalf("capacity = %d", s.Capacity)
			}
			if b := h.acctBooking(ids[3]); b.Status != core.BookingConfirmed {
				t.Fatalf("Zoé is still %s", b.Status)
			}
			expect(t, h.delivered(zoe, core.NoticePromoted), c.promoted)
		})
	}
}

// A 1:1 keeps its one seat: its edit has no Seats, and the core refuses
// to give it more.
func TestOneToOneHasNoSeatsToEdit(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.coachIn(anaCoach)
	s := h.acctSession(30*time.Hour, core.ModeOnline)
	r := h.press(anaCoach, h.pressData(anaCoach, encode("cs", id36(s.ID))), "✏️ Edit")
	acctNoButton(t, r, "Seats")
	two := 2
	_, err := h.svc.Catalog.EditSession(h.ctx, h.demo.Coach.ID, s.ID, core.SessionEdit{Capacity: &two}, false)
	if core.ErrorCode(err) != core.EINVALID {
		t.Fatalf("err = %v", err)
	}
}
