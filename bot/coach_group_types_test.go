package bot

import (
	"testing"

	"github.com/slotbot/slotbot/core"
)

// Issue 15 §4.8: "➕ Group session" offered the 1:1 types and created a
// session of one seat no client ever sees. It offers group types only,
// asks for two seats or more, refuses a type that became a 1:1, and a
// coach without a group type is told how to make one.
func TestGroupSessionOffersGroupTypesOnly(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang, typ, seats, create, twoOrMore, notGroup, noGroup, types string
	}{
		{"en", "✏️ Type", "✏️ Seats", "✅ Create", "Give a whole number from 2 to 1000.",
			"That type is a 1:1: clients book it in your open hours. Pick a group type.",
			"You have no group session type yet.", "🧩 Session types"},
		{"fr", "✏️ Type", "✏️ Places", "✅ Créer", "Donnez un nombre entier de 2 à 1000.",
			"Ce type est une séance individuelle : vos clients la réservent dans vos disponibilités. Choisissez un type de séance collective.",
			"Vous n'avez pas encore de type de séance collective.", "🧩 Types de séance"},
		{"ru", "✏️ Вид", "✏️ Количество мест", "✅ Создать", "Укажите целое число от 2 до 1000.",
			"Это вид индивидуальных занятий: клиенты записываются на них в ваши рабочие часы. Выберите вид групповых занятий.",
			"У вас пока нет вида групповых занятий.", "🧩 Виды занятий"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			ana := user{"ana", "Ana", c.lang}
			h.coachIn(ana)

			r := h.press(ana, h.send(ana, "/newclass"), c.typ)
			expect(t, r, "["+h.demo.Class.Name+"]")
			for _, one := range []*core.SessionType{h.demo.Standard, h.demo.Consultation} {
				acctNoButton(t, r, one.Name)
			}
			r = h.press(ana, r, h.demo.Class.Name)
			h.press(ana, r, c.seats)
			expect(t, h.send(ana, "1"), c.twoOrMore)
			h.send(ana, "3")
			h.press(ana, h.send(ana, "?"), "✏️ "+startLabel(c.lang))
			r = h.send(ana, "2026-06-09 19:00")

			// The type becomes a 1:1 while the form is open: Create refuses.
			ty := *h.demo.Class
			ty.Capacity = 1
			if err := h.svc.Catalog.EditSessionType(h.ctx, h.demo.Coach.ID, &ty); err != nil {
				t.Fatal(err)
			}
			before := h.snapshot()
			r = h.press(ana, r, c.create)
			expect(t, r, "⚠️ "+c.notGroup)
			clean(t, r)
			if h.snapshot() != before {
				t.Fatal("a refused Create changed rows")
			}

			// With no group type left, the coach is shown where to make one.
			r = h.send(ana, "/newclass")
			expect(t, r, c.noGroup, "["+c.types+"]")
			clean(t, r)
			h.press(ana, r, c.types)
		})
	}
}

// startLabel is the group form's Start field in lang.
func startLabel(lang string) string {
	return map[string]string{"en": "Start", "fr": "Début", "ru": "Начало"}[lang]
}
