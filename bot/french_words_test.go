package bot

import (
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// French and Russian screens found wrong walking the menus: a status
// after "déjà" without a colon, an availability exception spaced as
// French is, "aucun inscrit", "n° 1" on the waitlist, and Russian "это
// занятие".
func TestMenusReadRightInFrenchAndRussian(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ana := user{"ana", "Ana", "fr"}
	h.coachIn(ana)

	class := h.demo.Classes[0].ID
	if _, err := h.svc.Bookings.CancelSession(h.ctx, h.demo.Coach.ID, class, ""); err != nil {
		t.Fatal(err)
	}
	_, err := h.svc.Bookings.CancelSession(h.ctx, h.demo.Coach.ID, class, "")
	if got := h.bot.ErrorText("fr", err); got != "Cette séance est déjà annulée." {
		t.Fatalf("already cancelled: %q", got)
	}
	if got := h.bot.ErrorText("ru", core.NewError(core.ECONFLICT, "err.move.already_in", "")); got != "Вы уже записаны на это занятие." {
		t.Fatalf("already in: %q", got)
	}

	h.acctSession(26*time.Hour, core.ModeOnline) // a 1:1 nobody booked
	expect(t, h.press(ana, h.send(ana, "/coach"), "7 prochains jours"), "Standard session — aucun inscrit")

	h.press(ana, h.send(ana, "/availability"), "Exception")
	expect(t, h.send(ana, "2026-06-10 off"), "• mer. 10 juin : fermé")

	small := h.class("2026-06-09", "19:00", 2)
	for _, name := range []string{"Léa", "Noah", "Zoé"} {
		u := user{name, name, "fr"}
		h.onboardIn(u)
		h.acctGrant(u, 10)
		h.acctBook(u, small.ID, false)
	}
	zoe := user{"Zoé", "Zoé", "fr"}
	r := h.pressData(zoe, encode("clsd", id36(small.ID)))
	expect(t, r, "⏳ Vous êtes n° 1 sur la liste d'attente.")
	clean(t, r)
}
