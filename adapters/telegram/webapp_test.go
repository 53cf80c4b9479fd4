package telegram

import (
	"encoding/json"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/slotbot/slotbot/bot"
)

// TestMiniAppButtons: a bot.Button with WebApp becomes a web_app inline
// button beside the usual callback and URL buttons; without one the
// markup stays tgbotapi's own.
func TestMiniAppButtons(t *testing.T) {
	rows := [][]bot.Button{{{Label: "Free consultation", Data: "bk:1"}}, {{Label: "🗓 Calendar", WebApp: "https://book.example/app/?lang=en"}},
		{{Label: "Site", URL: "https://book.example"}}}
	raw, err := json.Marshal(replyMarkup(rows))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"inline_keyboard":[[{"text":"Free consultation","callback_data":"bk:1"}],` +
		`[{"text":"🗓 Calendar","web_app":{"url":"https://book.example/app/?lang=en"}}],[{"text":"Site","url":"https://book.example"}]]}`
	if string(raw) != want {
		t.Fatalf("markup = %s\nwant     %s", raw, want)
	}
	if k := keyboard(rows); len(k.InlineKeyboard) != 2 {
		t.Fatalf("tgbotapi's keyboard keeps %d rows, want the 2 without a Mini App", len(k.InlineKeyboard))
	}
	if replyMarkup(nil) != nil {
		t.Fatal("no buttons, yet a markup")
	}
}

// TestMenuButtonInThePersonsLanguage: the default menu button opens the
// Mini App in English; each private chat's is set, once, in the
// language Slotbot speaks with the person there, and again when they
// change it with /language. A group chat has no menu button of its own.
func TestMenuButtonInThePersonsLanguage(t *testing.T) {
	r := newRig(t, Config{MiniAppURL: func(lang string) string { return "https://book.example/app/?lang=" + lang }})
	menu := func(c apiCall) (chat, text, url string) {
		var m struct {
			Type   string `json:"type"`
			Text   string `json:"text"`
			WebApp struct {
				URL string `json:"url"`
			} `json:"web_app"`
		}
		if err := json.Unmarshal([]byte(c.Params.Get("menu_button")), &m); err != nil || m.Type != "web_app" {
			t.Fatalf("menu_button %q: %v", c.Params.Get("menu_button"), err)
		}
		return c.Params.Get("chat_id"), m.Text, m.WebApp.URL
	}
	r.a.setMenuButton(r.ctx)
	calls := r.fake.sent("setChatMenuButton")
	if len(calls) != 1 {
		t.Fatalf("default menu button: %d calls", len(calls))
	}
	if chat, text, url := menu(calls[0]); chat != "" || text != "🗓 Calendar" || url != "https://book.example/app/?lang=en" {
		t.Fatalf("default menu button = %q %q %q", chat, text, url)
	}

	lea := person{id: 501, name: "Léa", lang: "fr-FR"}
	r.handle(r.message(lea, nil, "/start"), r.message(lea, nil, "/help"))
	calls = r.fake.sent("setChatMenuButton")
	if len(calls) != 2 {
		t.Fatalf("Léa's chat: %d menu calls, want 1 after the default:\n%s", len(calls)-1, describe(calls))
	}
	if chat, text, url := menu(calls[1]); chat != "501" || text != "🗓 Calendrier" || url != "https://book.example/app/?lang=fr" {
		t.Fatalf("Léa's menu button = %q %q %q", chat, text, url)
	}
	// She switches to Russian: her button follows.
	r.handle(r.press(lea, nil, 1, encodeData(t, r, lea, "/language", "Русский")))
	calls = r.fake.sent("setChatMenuButton")
	if chat, text, url := menu(calls[len(calls)-1]); len(calls) != 3 || chat != "501" || text != "🗓 Календарь" || url != "https://book.example/app/?lang=ru" {
		t.Fatalf("after /language: %d calls, last %q %q %q", len(calls), chat, text, url)
	}
	// In a group, nothing.
	group := &tgbotapi.Chat{ID: -100, Type: "group"}
	r.handle(r.message(person{id: 502, name: "Tom", lang: "en"}, group, "/help"))
	if n := len(r.fake.sent("setChatMenuButton")); n != 3 {
		t.Fatalf("a group message set a menu button (%d calls)", n)
	}
}

// encodeData sends command as p and returns the data of the button
// labelled label in the answer.
func encodeData(t *testing.T, r *rig, p person, command, label string) string {
	t.Helper()
	from := len(r.fake.sent())
	r.handle(r.message(p, nil, command))
	return *button(t, r.fake.sent()[from:], label).CallbackData
}
