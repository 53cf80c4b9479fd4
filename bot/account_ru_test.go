package bot

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// A Russian reader is offered Russian cities, gets every account page in
// Russian with Russian dates, money and plurals, and reads no English
// word but the studio's own names.
func TestAccountPagesInRussian(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.holdUnpaid() // the hold for online payment, as this test reads
	olga := user{"61", "Ольга", "ru-RU"}
	r := h.send(olga, "/start")
	expect(t, r, "Здравствуйте, Ольга!", "В каком вы часовом поясе?", "[Москва (Europe/Moscow)]", "[Новосибирск (Asia/Novosibirsk)]")
	pages := map[string][]Reply{"start": r}
	pages["zone"] = h.press(olga, r, "Москва")
	expect(t, pages["zone"], "Часовой пояс: Europe/Moscow (сейчас там 11:00).", "[📅 Записаться на занятие]")

	pass := h.acctGrant(olga, 10)
	class := h.acctBook(olga, h.demo.Classes[0].ID, false)
	late := h.acctBook(olga, h.acctSession(6*time.Hour, core.ModeInPerson).ID, false)
	h.acctBook(olga, h.acctSession(50*time.Hour, core.ModeOnline).ID, true)

	pages["mybookings"] = h.send(olga, "/mybookings")
	expect(t, pages["mybookings"], "🗂 Ваши записи", "Предстоящие — нажмите на запись",
		"чт, 4 июня, 19:30 — Yoga flow (group) · Ana Martin\n   ✅ Подтверждено · 📍 Studio Lilas, Paris",
		"💳 Ожидает оплаты 50,00\u00a0€ — бронь до вт, 2 июня, 11:30 · 💻 Онлайн")
	pages["card"] = h.pressData(olga, encode("bv", id36(class.Booking.ID)))
	expect(t, pages["card"], "📅 чт, 4 июня, 19:30–20:30 (1 ч)", "Статус: ✅ Подтверждено · 🎟 1 кредит с «10 sessions»",
		"[🔁 Перенести]", "[❌ Отменить]", "[📅 Добавить в календарь]", "[« Мои записи]")

	r = h.press(olga, h.press(olga, pages["card"], "Отменить"), "Уезжаю")
	expect(t, r, "Отменить запись: чт, 4 июня, 19:30 — Yoga flow (group) · Ana Martin?", "1 кредит вернётся на абонемент «10 sessions».",
		"Причина: поездка", "[🔁 Лучше перенести]", "[❌ Подтвердить отмену]")
	pages["cancelled"] = h.press(olga, r, "Подтвердить отмену")
	expect(t, pages["cancelled"], "Запись отменена: чт, 4 июня, 19:30", "1 кредит вернулся на «10 sessions» (теперь на нём: 9).")
	r = h.press(olga, h.pressData(olga, encode("cx", id36(late.Booking.ID))), "Плохо себя чувствую")
	expect(t, r, "⚠️ До начала меньше 24 ч: 1 кредит будет списан без возврата.", "Причина: плохое самочувствие")
	pages["late"] = h.press(olga, r, "Подтвердить")
	expect(t, pages["late"], "1 кредит списан без возврата (поздняя отмена).")
	if got := h.acctPass(pass.ID).CreditsLeft; got != 9 {
		t.Fatalf("credits left = %d, want 9", got)
	}

	pages["passes"] = h.send(olga, "/passes")
	expect(t, pages["passes"], "🎟 Ваши абонементы", "• 10 sessions (Ana Martin): кредиты — 9 из 10, действует до ср, 30 сентября, 11:00")
	pages["packages"] = h.send(olga, "/packages")
	expect(t, pages["packages"], "🛒 Пакеты занятий", "кредиты — 5, цена — 225,00\u00a0€, срок — 90 дн. с покупки")
	pages["payments"] = h.send(olga, "/payments")
	expect(t, pages["payments"], "💳 Ваши платежи", "К оплате:", "Итого к оплате: 50,00\u00a0€")
	pages["stats"] = h.send(olga, "/stats")
	expect(t, pages["stats"], "📊 Ваша статистика", "🏋️ Всего 2 занятия, проведено: 0", "💶 Всего потрачено: пока ничего")
	pages["history"] = h.send(olga, "/history")
	expect(t, pages["history"], "📜 Ваши прошедшие и отменённые занятия (страница 1 из 1)", "❌ Поздняя отмена", "причина: плохое самочувствие")
	pages["profile"] = h.send(olga, "/profile")
	expect(t, pages["profile"], "👤 Ваш профиль", "Язык: Русский", "[🗣 Язык]")
	pages["classes"] = h.send(olga, "/classes")
	expect(t, pages["classes"], "👥 Ближайшие групповые занятия (часовой пояс: Europe/Moscow):", "🪑 Свободных мест: 8 из 8")
	pages["help"] = h.send(olga, "/help")
	expect(t, pages["help"], "Вот что я умею:", "/language — язык общения")
	pages["progress"] = h.send(olga, "/progress")
	expect(t, pages["progress"], "Отслеживание прогресса для вас пока не включено")

	// The studio's own names (the demo's) may be English; nothing else is.
	data := strings.NewReplacer("Ana Martin", "", "Yoga flow (group)", "", "Standard session", "", "sessions", "",
		"Studio Lilas, Paris", "", "12 rue des Lilas, Paris", "", "Bring a mat and water.", "", "Europe/Moscow", "",
		"Asia/Yekaterinburg", "", "Asia/Novosibirsk", "", "Telegram", "", "Discord", "")
	command := regexp.MustCompile(`/[a-z]+`)
	latin := regexp.MustCompile(`[A-Za-z]{2,}`)
	for name, r := range pages {
		text := command.ReplaceAllString(data.Replace(render(r)), "")
		if w := latin.FindAllString(text, -1); len(w) > 0 {
			t.Errorf("%s: Latin words %q in:\n%s", name, w, render(r))
		}
	}
}

// A person who speaks English can switch to Russian from /language, which
// offers every language by its own name.
func TestLanguageSwitchToRussian(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"62", "Ivan", "en"}
	h.onboard(u)
	r := h.send(u, "/language")
	expect(t, r, "[English]", "[Français]", "[Русский]")
	r = h.press(u, r, "Русский")
	expect(t, r, "Теперь я говорю с вами по-русски.", "[📅 Записаться на занятие]")
	expect(t, h.send(u, "/mybookings"), "Предстоящих занятий нет. Записаться?")
}

// A Russian speaker finds their city as they write it, ё or е.
func TestZoneSearchInRussian(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"63", "Пётр", "ru"}
	r := h.send(u, "/start")
	r = h.press(u, r, "Другой город")
	expect(t, r, "Введите свой город или название пояса")
	expect(t, h.send(u, "новосибирск"), "Часовой пояс: Asia/Novosibirsk")
	h.press(u, h.send(u, "/timezone"), "Другой город")
	expect(t, h.send(u, "Кишинев"), "Часовой пояс: Europe/Chisinau")
	h.press(u, h.send(u, "/timezone"), "Другой город")
	expect(t, h.send(u, "Атлантида"), "Не удалось найти часовой пояс для «Атлантида»")
}

// A reason picked from a button reaches the coach in the coach's language,
// not in the words it is stored with.
func TestCancelReasonReachesTheCoachInTheirLanguage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ana := user{"64", "Ana", "fr"}
	h.onboard(ana)
	h.acctMakeCoach(ana)
	olga := user{"65", "Ольга", "ru"}
	h.press(olga, h.send(olga, "/start"), "Москва")
	h.acctGrant(olga, 5)
	res := h.acctBook(olga, h.demo.Classes[0].ID, false)
	r := h.press(olga, h.pressData(olga, encode("cx", id36(res.Booking.ID))), "Плохо себя чувствую")
	expect(t, r, "Причина: плохое самочувствие")
	h.press(olga, r, "Подтвердить отмену")
	var ns []*core.Notice
	if err := h.store.View(h.ctx, func(tx core.Tx) (err error) {
		ns, err = tx.Notices(core.NoticeFilter{ToKind: core.ToCoach, Kind: core.NoticeCoachCancelled})
		return err
	}); err != nil || len(ns) != 1 {
		t.Fatalf("coach notices %v, %v", ns, err)
	}
	ds, err := h.bot.RenderNotice(h.ctx, ns[0])
	if err != nil || len(ds) != 1 {
		t.Fatalf("render: %v, %d", err, len(ds))
	}
	expect(t, []Reply{ds[0].Reply}, "Motif : malade")
}

// A Russian coach's forms offer durations in Russian words, not "12 h".
func TestCoachFormChoicesInRussian(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ana := user{"66", "Анна", "ru"}
	h.press(ana, h.send(ana, "/start"), "Москва")
	h.acctMakeCoach(ana)
	r := h.send(ana, "/policy")
	expect(t, r, "• Поздняя отмена — если до начала меньше: 24 ч", "• Забронированное место ждёт оплату: 30 мин")
	expect(t, h.press(ana, r, "✏️ Поздняя отмена"), "[12 ч]", "[24 ч]", "[2 дня]")
	r = h.press(ana, h.press(ana, h.send(ana, "/availability"), "Интервалы и сроки"), "✏️ Запись открыта вперёд на")
	expect(t, r, "[14 дней]", "[30 дней]", "[60 дней]")
	r = h.press(ana, h.press(ana, h.send(ana, "/availability"), "Интервалы и сроки"), "✏️ Перерыв до")
	expect(t, r, "[0 мин]", "[10 мин]", "[15 мин]")
	for _, reply := range r {
		for _, row := range reply.Buttons {
			for _, b := range row {
				if strings.ContainsAny(b.Label, "hd") || strings.Contains(b.Label, "min") {
					t.Errorf("English unit in %q", b.Label)
				}
			}
		}
	}
}

// A French speaker is offered and finds cities as French writes them.
func TestZoneCitiesInFrench(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := user{"67", "Luc", "fr-BE"}
	r := h.send(u, "/start")
	expect(t, r, "[Bruxelles (Europe/Brussels)]")
	if strings.Contains(render(r), "Brussels (") {
		t.Fatalf("English city name offered:\n%s", render(r))
	}
	h.press(u, r, "Une autre ville")
	expect(t, h.send(u, "geneve"), "Fuseau horaire : Europe/Zurich")
}

// A Russian client logs measurements as Russian writes them and reads
// them back in кг and см.
func TestProgressInRussian(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ana := user{"68", "Анна", "ru"}
	h.press(ana, h.send(ana, "/start"), "Москва")
	h.acctMakeCoach(ana)
	olga := user{"69", "Ольга", "ru"}
	h.press(olga, h.send(olga, "/start"), "Москва")
	h.acctBook(olga, h.demo.Classes[0].ID, false)
	expect(t, h.press(ana, h.send(ana, "/progress Ольга"), "Включить отслеживание"), "Отслеживание включено.")
	h.send(olga, "/progress")
	expect(t, h.send(olga, "Вес: 72,5 кг"), "✅ Записано: вес 72,5 кг.", "⚖️ Вес: 72,5 кг")
	expect(t, h.send(olga, "талия 80"), "📏 Талия: 80 см")
	expect(t, h.send(olga, "вес 500"), "Для показателя «вес» допустимо от 20 до 400 кг — это значение не записано.")
	r := h.send(olga, "/progress")
	if text := render(r); strings.Contains(text, " kg") || strings.Contains(text, " cm") {
		t.Fatalf("English units:\n%s", text)
	}
}
