package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"testing"
	"time"

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

// reportApp stands in for adapters/webapp (a sibling this package may
// not import): the bot asks it for the report's image, a real PNG, and
// the CSV exports, and it remembers what it gave.
type reportApp struct {
	pngs map[int][]byte // by weeks
}

func (w *reportApp) TelegramURL(lang string) string { return "" }
func (w *reportApp) Link(context.Context, int64, string, string) (string, time.Time, error) {
	return "https://book.example/app/#link=x", time.Time{}, nil
}
func (w *reportApp) ReportPNG(_ context.Context, _ int64, weeks int, _ string) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, 64+weeks, 48))
	for x := range weeks {
		img.Set(x, x%48, color.RGBA{0x2e, 0x7d, 0x32, 0xff})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	w.pngs[weeks] = buf.Bytes()
	return buf.Bytes(), nil
}
func (w *reportApp) ExportCSV(_ context.Context, _ int64, kind string) ([]byte, error) {
	return []byte(kind + "_id,name\n1,\"Maria, the first\"\n"), nil
}

// TestReportIsAPhotoAndExportDocuments: a coach's /report reaches the
// chat as a photo (sendPhoto, uploaded as multipart with the PNG's
// bytes), captioned, with the other periods as buttons; pressing one
// sends that period's photo; /export sends three CSV documents.
func TestReportIsAPhotoAndExportDocuments(t *testing.T) {
	r := newRig(t, Config{})
	web := &reportApp{pngs: map[int][]byte{}}
	r.bot = bot.New(r.svc, bot.Options{BotUsername: "SlotTestBot", WebApp: web})
	r.a.bot = r.bot
	ana := person{id: 601, name: "Ana", lang: "en"}
	r.handle(r.message(ana, nil, "/start"))
	makeCoach(t, r, ana)
	r.fake.reset()

	r.handle(r.message(ana, nil, "/report"))
	photos := r.fake.sent("sendPhoto")
	if len(photos) != 1 {
		t.Fatalf("/report sent %d photos:\n%s", len(photos), describe(r.fake.sent()))
	}
	p := photos[0]
	if !p.Multipart || p.Field != "photo" || p.File != "report-12w.png" || !bytes.Equal(p.Body, web.pngs[12]) ||
		p.Params.Get("chat_id") != "601" || p.Params.Get("caption") != "📊 Your business over the last 12 weeks." {
		t.Fatalf("photo = %s %s %s (%d bytes, multipart %v) caption %q", p.Method, p.Field, p.File, len(p.Body), p.Multipart, p.Params.Get("caption"))
	}
	if img, err := png.Decode(bytes.NewReader(p.Body)); err != nil || img.Bounds().Dx() != 64+12 {
		t.Fatalf("the photo does not decode as the report: %v", err)
	}
	more := button(t, photos, "52 weeks")
	button(t, photos, "4 weeks")
	r.handle(r.press(ana, nil, p.ID, *more.CallbackData))
	photos = r.fake.sent("sendPhoto")
	if len(photos) != 2 || photos[1].File != "report-52w.png" || !bytes.Equal(photos[1].Body, web.pngs[52]) {
		t.Fatalf("52 weeks: %d photos, last %q", len(photos), photos[len(photos)-1].File)
	}

	r.handle(r.message(ana, nil, "/export"))
	docs := r.fake.sent("sendDocument")
	if len(docs) != 3 {
		t.Fatalf("/export sent %d documents:\n%s", len(docs), describe(r.fake.sent()))
	}
	for i, kind := range []string{"bookings", "payments", "clients"} {
		d := docs[i]
		if !d.Multipart || d.Field != "document" || d.File != "slotbot-"+kind+".csv" || string(d.Body) != kind+"_id,name\n1,\"Maria, the first\"\n" ||
			d.Params.Get("caption") != "📄 Your "+kind+" (CSV)" {
			t.Errorf("%s: %s %q %q caption %q", kind, d.Field, d.File, d.Body, d.Params.Get("caption"))
		}
	}
	if n := len(r.fake.sent("sendPhoto")); n != 2 {
		t.Fatalf("an export went as a photo (%d photos)", n)
	}
}
