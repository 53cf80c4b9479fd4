package bot

import "testing"

// Issue 15 §4.10: the /reschedule list, /profile and "🔎 Another city…"
// had no way back. Each now has one, in every language, and leaving the
// city prompt ends it: text typed afterwards is no city search.
func TestWaysBackFromRescheduleProfileAndCitySearch(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang, menu, back, search, book, pick, profile, zoneAsk, typeCity, unknown string
	}{
		{"en", "« Menu", "‹ Back", "Another city", "📅 Book a session", "Which booking would you like to move?", "👤 Your profile",
			"Which time zone are you in?", "Type your city", "I work best with buttons."},
		{"fr", "« Menu", "‹ Retour", "Une autre ville", "📅 Réserver une séance", "Quelle réservation souhaitez-vous déplacer ?", "👤 Votre profil",
			"Dans quel fuseau horaire êtes-vous ?", "Tapez votre ville", "Je fonctionne mieux avec les boutons."},
		{"ru", "« Меню", "‹ Назад", "Другой город", "📅 Записаться на занятие", "Какую запись вы хотите перенести?", "👤 Ваш профиль",
			"В каком вы часовом поясе?", "Введите свой город", "Мне удобнее всего с кнопками."},
	} {
		t.Run(c.lang, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			u := user{"50", "Maria", c.lang}

			// Onboarding: back from typing a city to the list, then a city.
			r := h.send(u, "/start")
			acctNoButton(t, r, c.menu) // a zone must be picked first
			r = h.press(u, r, c.search)
			expect(t, r, c.typeCity, "["+c.back+"]")
			r = h.press(u, r, c.back)
			expect(t, r, c.zoneAsk, c.search)
			clean(t, r)
			expect(t, h.send(u, "Europe/Paris"), "Europe/Paris", c.book)

			// /reschedule lists a booking and leads back to the menu.
			h.acctGrant(u, 10)
			h.acctBook(u, h.demo.Classes[1].ID, false)
			r = h.send(u, "/reschedule")
			expect(t, r, c.pick, "["+c.menu+"]")
			expect(t, h.press(u, r, c.menu), "["+c.book+"]")

			// /language leads back to the menu.
			r = h.send(u, "/language")
			expect(t, r, "[Русский]", "["+c.menu+"]")
			expect(t, h.press(u, r, c.menu), "["+c.book+"]")

			// /profile leads back to the menu.
			r = h.send(u, "/profile")
			expect(t, r, c.profile, "["+c.menu+"]")
			expect(t, h.press(u, r, c.menu), "["+c.book+"]")

			// Changing a kept zone: the list and the city prompt lead back,
			// and what is typed next is not read as a city.
			r = h.send(u, "/timezone")
			expect(t, r, c.zoneAsk, "["+c.menu+"]")
			r = h.press(u, h.press(u, r, c.search), c.back)
			expect(t, r, c.zoneAsk)
			expect(t, h.press(u, r, c.menu), "["+c.book+"]")
			r = h.send(u, "hello")
			expect(t, r, c.unknown)
			if got := bkClient(h, u).Zone; got != "Europe/Paris" {
				t.Fatalf("zone = %q", got)
			}
			clean(t, r)
		})
	}
}

// The way back from typing a city keeps a deep link waiting for the zone.
func TestCitySearchBackKeepsTheDeepLink(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"51", "Maria", "en"}
	r := h.send(u, "/start "+BookTypeLink(h.demo.Standard.ID))
	r = h.press(u, h.press(u, r, "Another city"), "‹ Back")
	expect(t, r, "Which time zone are you in?")
	r = h.press(u, r, "Paris")
	expect(t, r, "Time zone set to Europe/Paris", "Standard session")
	if got := bkClient(h, u).Zone; got != "Europe/Paris" {
		t.Fatalf("zone = %q", got)
	}
}
