package telegram

import (
	"encoding/json"
	"testing"

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
