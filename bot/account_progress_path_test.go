package bot

import "testing"

// Issue 15 §4.14: progress tracking could only be turned on by typing
// /progress NAME. The client's card has 📈 Progress, whose page turns
// tracking on and leads back to the card; the client can then log.
func TestCoachTurnsProgressOnFromTheClientCard(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang, clients, progress, off, turnOn, on, back, how string
	}{
		{"en", "👥 Clients", "📈 Progress", "Tracking is off.", "✅ Turn tracking on", "Tracking turned on.", "« Client card", "To log, type"},
		{"fr", "👥 Clients", "📈 Progrès", "Le suivi est désactivé.", "✅ Activer le suivi", "Suivi activé.", "« Fiche client", "Pour enregistrer, tapez"},
		{"ru", "👥 Клиенты", "📈 Прогресс", "Отслеживание выключено.", "✅ Включить отслеживание", "Отслеживание включено.", "« Карточка клиента",
			"Чтобы записать измерение, введите"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			ana := user{"ana", "Ana", c.lang}
			h.coachIn(ana)
			maria := user{"maria", "Maria", c.lang}
			h.onboardIn(maria)
			h.acctGrant(maria, 10)

			r := h.press(ana, h.press(ana, h.send(ana, "/coach"), c.clients), "👤 Maria")
			r = h.press(ana, r, c.progress)
			expect(t, r, c.off, "["+c.turnOn+"]", "["+c.back+"]")
			clean(t, r)
			r = h.press(ana, r, c.turnOn)
			expect(t, r, c.on)
			expect(t, h.press(ana, r, c.back), "👤 Maria", "["+c.progress+"]")
			expect(t, h.send(maria, "/progress"), c.how)
		})
	}
}
