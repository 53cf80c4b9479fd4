package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// leaks are what a text must never show a person: a format verb's
// complaint, a missing value, a hedged plural.
var leaks = []string{"%!", "<nil>", "<no value>", "(s)", "EXTRA"}

// clean fails when a reply shows one of the leaks.
func clean(t *testing.T, replies []Reply) {
	t.Helper()
	acctAbsent(t, replies, leaks...)
}

// onboardIn sends /start as u and types Paris's zone, offered or not in
// u's language.
func (h *harness) onboardIn(u user) {
	h.t.Helper()
	h.send(u, "/start")
	expect(h.t, h.send(u, "Europe/Paris"), "Europe/Paris")
}

// coachIn makes u (in u's language) the demo studio's coach.
func (h *harness) coachIn(u user) {
	h.t.Helper()
	h.onboardIn(u)
	h.acctMakeCoach(u)
}

// coachNotice renders the last notice of kind to the demo coach.
func (h *harness) coachNotice(kind core.NoticeKind) []Reply {
	h.t.Helper()
	ns := h.notices(core.NoticeFilter{ToKind: core.ToCoach, Kind: kind})
	if len(ns) == 0 {
		h.t.Fatalf("no %s notice to the coach", kind)
	}
	ds, err := h.bot.RenderNotice(h.ctx, ns[len(ns)-1])
	if err != nil || len(ds) != 1 {
		h.t.Fatalf("render %s: %v (%d deliveries)", kind, err, len(ds))
	}
	return []Reply{ds[0].Reply}
}

// Issue 15 §4.1: a late cancel forfeiting one credit read
// "…(late cancellation).%!(EXTRA int=1)". In each language the preview,
// the answer and the coach's notice say it whole, and the pass keeps the
// credit spent.
func TestLateCancelForfeitingOneCreditReadsWhole(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang                   string
		sick, confirm          string
		preview, done, forfeit string
		coach                  []string
	}{
		{"en", "sick", "Confirm cancel", "⚠️ Inside 24 h of the start: your credit is forfeited.",
			"Cancelled: Tue 2 Jun, 15:00 — Standard session with Ana Martin.", "Your credit was forfeited (late cancellation).",
			[]string{"❌ Maria cancelled Standard session, Tue 2 Jun, 15:00.", "Late cancellation."}},
		{"fr", "malade", "Confirmer l'annulation", "⚠️ À moins de 24 h du début : votre crédit est perdu.",
			"Annulée : mar. 2 juin, 15:00", "Votre crédit est perdu (annulation tardive).",
			[]string{"❌ Maria a annulé Standard session, mar. 2 juin, 15:00."}},
		{"ru", "Плохо себя чувствую", "Подтвердить отмену", "⚠️ До начала меньше 24 ч: 1 кредит будет списан без возврата.",
			"Запись отменена: вт, 2 июня, 15:00", "1 кредит списан без возврата (поздняя отмена).",
			[]string{"❌ Отмена: Maria — Standard session, вт, 2 июня, 15:00."}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.coachIn(user{"ana", "Ana", c.lang})
			u := user{"30", "Maria", c.lang}
			h.onboardIn(u)
			pass := h.acctGrant(u, 10)
			res := h.acctBook(u, h.acctSession(5*time.Hour, core.ModeInPerson).ID, false)
			r := h.press(u, h.pressData(u, encode("cx", id36(res.Booking.ID))), c.sick)
			expect(t, r, c.preview)
			clean(t, r)
			r = h.press(u, r, c.confirm)
			expect(t, r, c.done, c.forfeit)
			clean(t, r)
			// The credit line is the answer's last: nothing trails it.
			if !strings.HasSuffix(r[0].Text, c.forfeit) {
				t.Fatalf("the answer does not end with %q:\n%s", c.forfeit, r[0].Text)
			}
			if got := h.acctPass(pass.ID).CreditsLeft; got != 9 {
				t.Fatalf("credits left = %d, want 9", got)
			}
			n := h.coachNotice(core.NoticeCoachCancelled)
			expect(t, n, c.coach...)
			clean(t, n)
		})
	}
}

// Issue 15 §4.4: inside the reschedule notice, Reschedule (on the card
// and in /reschedule) said "this one can only be cancelled now" over the
// main menu, with no Cancel; and the cancel preview offered "Move it
// instead", which led there too. Now the answer says what cancelling
// costs, with Cancel and a way back to the booking, and the preview
// offers a move only while one is possible.
func TestRescheduleTooLateOffersTheCancel(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang, reschedule, cancel, keep, move string
		tooLate, forfeit, why                string
	}{
		{"en", "Reschedule", "❌ Cancel", "« Keep my booking", "Move it instead",
			"Bookings can be moved up to 24 h before the start; this one can only be cancelled now.",
			"⚠️ Inside 24 h of the start: your credit is forfeited.", "Why are you cancelling"},
		{"fr", "Déplacer", "❌ Annuler", "« Garder ma réservation", "Plutôt la déplacer",
			"Une réservation peut être déplacée jusqu'à 24 h avant le début ; celle-ci ne peut plus qu'être annulée.",
			"⚠️ À moins de 24 h du début : votre crédit est perdu.", "Pourquoi annulez-vous"},
		{"ru", "Перенести", "❌ Отменить", "« Оставить запись", "Лучше перенести",
			"Перенести запись можно не позднее чем за 24 ч до начала; эту теперь можно только отменить.",
			"⚠️ До начала меньше 24 ч: 1 кредит будет списан без возврата.", "Почему вы её отменяете?"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			u := user{"31", "Maria", c.lang}
			h.onboardIn(u)
			pass := h.acctGrant(u, 10)
			soon := h.acctBook(u, h.acctSession(5*time.Hour, core.ModeInPerson).ID, false)
			later := h.acctBook(u, h.acctSession(50*time.Hour, core.ModeInPerson).ID, false)

			card := h.pressData(u, encode("bv", id36(soon.Booking.ID)))
			r := h.press(u, card, c.reschedule)
			expect(t, r, c.tooLate+"\n"+c.forfeit, "["+c.cancel+"]", "["+c.keep+"]")
			clean(t, r)
			if got := acctButton(t, r, c.keep).Data; got != encode("bv", id36(soon.Booking.ID)) {
				t.Fatalf("the way back goes to %q", got)
			}
			back := h.press(u, r, c.keep)
			expect(t, back, "["+c.cancel+"]")
			expect(t, h.press(u, r, c.cancel), c.why)

			// From /reschedule, the same answer.
			list := h.send(u, "/reschedule")
			expect(t, h.pressData(u, acctButton(t, list, "15:00").Data), c.tooLate, "["+c.cancel+"]", "["+c.keep+"]")

			// The preview inside the notice offers no move; outside it does.
			r = h.press(u, h.pressData(u, encode("cx", id36(soon.Booking.ID))), "🤒")
			expect(t, r, c.forfeit)
			acctNoButton(t, r, c.move)
			r = h.press(u, h.pressData(u, encode("cx", id36(later.Booking.ID))), "🤒")
			expect(t, r, "["+"🔁 "+c.move+"]")

			if got := h.acctPass(pass.ID).CreditsLeft; got != 8 {
				t.Fatalf("nothing was cancelled, yet %d credits are left", got)
			}
		})
	}
}

// A waitlist place cannot move: Reschedule (from an old button) says so
// and offers to leave the waitlist, with a way back.
func TestRescheduleWaitlistPlaceOffersToLeave(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	noah, maria := user{"32", "Noah", "en"}, user{"33", "Maria", "en"}
	h.onboard(noah)
	h.onboard(maria)
	full := h.acctSession(48*time.Hour, core.ModeOnline)
	h.acctBook(noah, full.ID, true)
	wait := h.acctBook(maria, full.ID, true)
	r := h.pressData(maria, encode("rs", id36(wait.Booking.ID)))
	expect(t, r, "You're on the waitlist for that session", "You will leave the waitlist; nothing is charged.", "[❌ Cancel]", "[« Keep my booking]")
}
