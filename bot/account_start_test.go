package bot

import (
	"github.com/slotbot/slotbot/bot/locales"
	"strings"
	"testing"
)

func TestStartAsksZoneOnceThenShowsMenu(t *testing.T) {
	h := newHarness(t)
	maria := user{"1", "Maria", "en-GB"}
	r := h.send(maria, "/start")
	expect(t, r, "Hi Maria", "Which time zone", "London (Europe/London)")
	r = h.press(maria, r, "Paris")
	expect(t, r, "Time zone set to Europe/Paris (it is 10:00 there now)", "Book a session")
	r = h.send(maria, "/start")
	if strings.Contains(render(r), "Which time zone") {
		t.Fatal("zone asked twice")
	}
}

func TestZoneSearchByCityWithoutAccents(t *testing.T) {
	h := newHarness(t)
	u := user{"2", "Luc", "fr-CA"}
	r := h.send(u, "/start")
	expect(t, r, "Bonjour Luc", "Montréal (America/Toronto)")
	r = h.press(u, r, "Une autre ville")
	expect(t, r, "Tapez votre ville")
	r = h.send(u, "montreal")
	expect(t, r, "Fuseau horaire : America/Toronto (il y est 04:00)")
	r = h.send(u, "/timezone")
	h.press(u, r, "Une autre ville")
	r = h.send(u, "Asia/Kathmandu")
	expect(t, r, "Asia/Kathmandu")
	r = h.send(u, "/timezone")
	h.press(u, r, "Une autre ville")
	r = h.send(u, "Atlantis")
	expect(t, r, "aucun fuseau pour « Atlantis »")
}

func TestUnknownCommandAndStrayTextGetTheMenu(t *testing.T) {
	h := newHarness(t)
	u := user{"3", "Ann", "en"}
	h.onboard(u)
	expect(t, h.send(u, "/dance"), "I don't know the command /dance", "Book a session")
	expect(t, h.send(u, "hello?"), "I work best with buttons", "My bookings")
}

func TestForgedAndStaleButtonsChangeNothing(t *testing.T) {
	h := newHarness(t)
	u := user{"4", "Eve", "en"}
	h.onboard(u)
	for _, data := range []string{"garbage", "1:nosuch", "0:m:book", "1:m:../etc", "1:tz:zzzzzzzz", "1:lang:de",
		"1:m:nosuch", strings.Repeat("x", 80), "1:m:book:" + strings.Repeat("a", 60)} {
		r := h.pressData(u, data)
		expect(t, r, "This button has expired — here is a fresh menu.")
	}
}

func TestLanguageSwitch(t *testing.T) {
	h := newHarness(t)
	u := user{"5", "Zoé", "en"}
	h.onboard(u)
	r := h.send(u, "/language")
	r = h.press(u, r, "Français")
	expect(t, r, "Je parlerai français", "Réserver une séance")
	expect(t, h.send(u, "/help"), "Voici ce que je sais faire")
	// A code the bot has no file for keeps French and offers the list (the
	// crawler found "/language xx" switching a French client to English).
	expect(t, h.send(u, "/language xx"), "Je ne parle pas « xx ».", "[Français]", "[Русский]")
	expect(t, h.send(u, "/help"), "Voici ce que je sais faire")
	expect(t, h.send(u, "/language en-GB"), "I'll speak English from now on.")
	expect(t, h.send(u, "/language ru"), "Теперь я говорю с вами по-русски.")
}

func TestRedeliveredUpdateActsOnce(t *testing.T) {
	h := newHarness(t)
	req := Request{Platform: "test", UserID: "6", ChatID: "c6", ChatKind: ChatPrivate, Name: "Dup", Command: "start", UpdateID: "42"}
	if r := h.bot.Handle(h.ctx, req); !strings.Contains(render(r), "Hi Dup") {
		t.Fatal(render(r))
	}
	if r := h.bot.Handle(h.ctx, req); strings.TrimSpace(render(r)) != "" {
		t.Fatalf("redelivery answered again: %s", render(r))
	}
}

func TestCatalogFrenchComplete(t *testing.T) {
	c := locales.Default()
	for _, key := range c.Keys("en") {
		if c.Forms("fr", key) == nil {
			t.Errorf("no French text for %q", key)
		}
	}
}
