package bot

import (
	"github.com/slotbot/slotbot/bot/locales"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// A French reader gets every account page in French, with French dates
// and money, and no text key shows through.
func TestAccountPagesInFrench(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.holdUnpaid() // the hold for online payment, as this test reads
	luc := user{"60", "Luc", "fr"}
	h.onboard(luc)
	pass := h.acctGrant(luc, 10)
	class := h.acctBook(luc, h.demo.Classes[0].ID, false)
	late := h.acctBook(luc, h.acctSession(6*time.Hour, core.ModeInPerson).ID, false)
	h.acctBook(luc, h.acctSession(50*time.Hour, core.ModeOnline).ID, true)

	pages := map[string][]Reply{}
	pages["mybookings"] = h.send(luc, "/mybookings")
	expect(t, pages["mybookings"], "🗂 Vos réservations", "À venir",
		"jeu. 4 juin, 18:30 — Yoga flow (group) avec Ana Martin\n   ✅ Confirmée · 📍 Studio Lilas, Paris",
		"💳 En attente du paiement de "+acctEUR("fr", 5000)+" — place gardée jusqu'au mar. 2 juin, 10:30",
		"[📅 Réserver une séance]")
	pages["card"] = h.pressData(luc, encode("bv", id36(class.Booking.ID)))
	expect(t, pages["card"], "📅 jeu. 4 juin, 18:30–19:30 (1 h)", "Statut : ✅ Confirmée · 🎟 1 crédit de « 10 sessions »",
		"[🔁 Déplacer]", "[❌ Annuler]", "[📅 Ajouter à l'agenda]", "[« Mes réservations]")

	// Cancel outside the window, then inside it.
	r := h.press(luc, h.press(luc, pages["card"], "Annuler"), "Voyage")
	expect(t, r, "Annuler jeu. 4 juin, 18:30 — Yoga flow (group) avec Ana Martin ?", "Votre crédit revient sur « 10 sessions ».",
		"Motif : voyage", "[🔁 Plutôt la déplacer]", "[❌ Confirmer l'annulation]")
	pages["cancelled"] = h.press(luc, r, "Confirmer l'annulation")
	expect(t, pages["cancelled"], "Annulée : jeu. 4 juin, 18:30", "Votre crédit est revenu sur « 10 sessions » (il en reste 9).")
	r = h.press(luc, h.pressData(luc, encode("cx", id36(late.Booking.ID))), "malade")
	expect(t, r, "⚠️ À moins de 24 h du début : votre crédit est perdu.")
	pages["late"] = h.press(luc, r, "Confirmer")
	expect(t, pages["late"], "Votre crédit est perdu (annulation tardive).")
	if got := h.acctPass(pass.ID).CreditsLeft; got != 9 {
		t.Fatalf("credits left = %d, want 9", got)
	}

	pages["passes"] = h.send(luc, "/passes")
	expect(t, pages["passes"], "🎟 Vos forfaits", "• 10 sessions (Ana Martin) : 9 crédits restants sur 10, valable jusqu'au mer. 30 sept., 10:00",
		"Couvre toutes les séances avec Ana Martin.")
	pages["packages"] = h.send(luc, "/packages")
	expect(t, pages["packages"], "🛒 Forfaits en vente", "5 crédits pour "+acctEUR("fr", 22500)+", valables 90 jours après l'achat")
	pages["bought"] = h.press(luc, pages["packages"], "Acheter 5 sessions")
	expect(t, pages["bought"], "Votre commande de « 5 sessions » ("+acctEUR("fr", 22500)+") est ouverte.", "Votre coach confirmera votre paiement")
	pages["payments"] = h.send(luc, "/payments")
	expect(t, pages["payments"], "💳 Vos paiements", "À régler :", "Total à régler : "+acctEUR("fr", 27500))
	pages["stats"] = h.send(luc, "/stats")
	expect(t, pages["stats"], "📊 Vos statistiques", "🏋️ 2 séances au total, 0 effectuées", "⏱ 0 minute de séance",
		"⏭ Prochaine séance : jeu. 4 juin, 12:00 — Standard session avec Ana Martin", "💶 Total dépensé : rien pour l'instant")
	pages["history"] = h.send(luc, "/history")
	expect(t, pages["history"], "📜 Vos séances passées et annulées (page 1 sur 1)", "❌ Annulée tardivement", "motif : malade")
	pages["profile"] = h.send(luc, "/profile")
	pages["progress"] = h.send(luc, "/progress")
	expect(t, pages["progress"], "Le suivi des progrès n'est pas encore activé")

	for name, r := range pages {
		text := render(r)
		if strings.Contains(text, "my.") {
			t.Errorf("%s: a text key shows through:\n%s", name, text)
		}
		for _, en := range []string{"Upcoming", "Your ", "Cancel ", "credits left", "Status:"} {
			if strings.Contains(text, en) {
				t.Errorf("%s: English %q in:\n%s", name, en, text)
			}
		}
	}
}

// Every text key the account pages name, literally or by prefix, exists in
// every language: a missing one would show as its key.
func TestAccountTextKeysExist(t *testing.T) {
	t.Parallel()
	c := locales.Default()
	has := func(key string) {
		t.Helper()
		for _, lang := range c.Languages() {
			if c.Forms(lang, key) == nil {
				t.Errorf("no %s text %q", lang, key)
			}
		}
	}
	literal := regexp.MustCompile(`"(my\.[a-z_.]+)"`)
	for _, file := range []string{"account.go", "account_passes.go", "account_payments.go", "booking_cancel.go", "booking_mybookings.go",
		"account_profile.go", "account_progress.go", "account_stats.go"} {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			key := m[1]
			switch {
			case strings.HasSuffix(key, "."), strings.HasSuffix(key, "_"):
				// A prefix completed at run time; checked below.
			default:
				has(key)
			}
		}
	}
	for _, s := range []core.BookingStatus{core.BookingConfirmed, core.BookingCompleted, core.BookingCancelled,
		core.BookingLateCancelled, core.BookingNoShow, core.BookingWaitlisted} {
		has("my.status." + string(s))
	}
	for _, s := range []core.PaymentStatus{core.PaymentPending, core.PaymentPaid, core.PaymentRefunded, core.PaymentCancelled} {
		has("my.paid." + string(s))
	}
	for _, k := range core.MeasurementKinds() {
		has("my.kind." + string(k))
		has("my.kindname." + string(k))
	}
	for _, f := range []string{"name", "email", "phone"} {
		has("my.profile.ask_" + f)
	}
	// What a bad name, email or phone is answered with: core's refusal.
	for _, key := range []string{"err.client.name_missing", "err.client.bad_email", "err.client.bad_phone"} {
		has(key)
	}
	for _, f := range []string{"email", "phone"} {
		has("my.profile.remove_" + f)
	}
	for _, m := range []string{"stripe", "manual"} {
		has("my.method." + m)
	}
	for _, r := range []string{"sick", "conflict", "travel", "moved"} {
		has("my.reason." + r)
	}
}
