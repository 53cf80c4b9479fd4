package bot

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fakeWebApp stands in for adapters/webapp, which the bot may not import:
// it records what the bot asks for.
type fakeWebApp struct {
	links   []string // "client/lang/view"
	reports []string // "coach/weeks/lang"
}

func (f *fakeWebApp) TelegramURL(lang string) string { return "https://book.example/app/?lang=" + lang }
func (f *fakeWebApp) Link(_ context.Context, clientID int64, lang, view string) (string, time.Time, error) {
	f.links = append(f.links, itoa(clientID)+"/"+lang+"/"+view)
	return "https://book.example/app/?lang=" + lang + "#link=TOKEN", time.Time{}, nil
}
func (f *fakeWebApp) ReportPNG(_ context.Context, coachID int64, weeks int, lang string) ([]byte, error) {
	f.reports = append(f.reports, itoa(coachID)+"/"+itoa(int64(weeks))+"/"+lang)
	return []byte("\x89PNG fake"), nil
}
func (f *fakeWebApp) ExportCSV(_ context.Context, coachID int64, kind string) ([]byte, error) {
	return []byte(kind + "_id\n1\n"), nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestCalendarButtonPerPlatform: /book and /classes carry "🗓 Calendar":
// a Mini App button on Telegram; elsewhere a button that gives a
// one-use link for the person, privately.
func TestCalendarButtonPerPlatform(t *testing.T) {
	h := newHarness(t)
	web := &fakeWebApp{}
	h.bot = New(h.svc, Options{Logger: slog.New(textErrors{t}), WebApp: web})
	maria := user{id: "1", name: "Maria", lang: "fr"}
	h.onboard(maria)
	for _, cmd := range []string{"/book", "/classes"} {
		r := h.send(maria, cmd)
		b := acctButton(t, r, "🗓 Calendrier")
		if b.Data == "" || b.WebApp != "" {
			t.Fatalf("%s on a chat without Mini Apps: %+v", cmd, b)
		}
		link := h.pressData(maria, b.Data)
		expect(t, link, "Votre calendrier, pour vous seul·e : ce lien sert une fois, dans les 15 minutes.", "#link=TOKEN")
		if open := acctButton(t, link, "Ouvrir le calendrier"); open.URL != "https://book.example/app/?lang=fr#link=TOKEN" || !link[0].Private {
			t.Fatalf("link button %+v", open)
		}
	}
	if len(web.links) != 2 || !strings.HasSuffix(web.links[0], "/fr/") {
		t.Fatalf("links asked: %v", web.links)
	}
	// On Telegram the same button opens the Mini App over the chat.
	tg := h.bot.Handle(h.ctx, Request{Platform: "telegram", UserID: "9", ChatID: "9", ChatKind: ChatPrivate, Name: "Tom", Language: "ru", Command: "book"})
	var found Button
	for _, r := range tg {
		for _, row := range r.Buttons {
			for _, b := range row {
				if b.WebApp != "" {
					found = b
				}
			}
		}
	}
	if found.Label != "🗓 Календарь" || found.WebApp != "https://book.example/app/?lang=ru" || found.Data != "" {
		t.Fatalf("Telegram's calendar button = %+v", found)
	}
	// Without a Mini App there is no button.
	h.bot = New(h.svc, Options{Logger: slog.New(textErrors{t})})
	for _, r := range h.send(maria, "/book") {
		for _, row := range r.Buttons {
			for _, b := range row {
				if strings.Contains(b.Label, "🗓") {
					t.Fatalf("a calendar button without a Mini App: %+v", b)
				}
			}
		}
	}
}

// TestReportAndExport: /report sends the coach an image of their
// business, with other periods a tap away; /export sends three CSV files;
// a client gets neither.
func TestReportAndExport(t *testing.T) {
	h := newHarness(t)
	web := &fakeWebApp{}
	h.bot = New(h.svc, Options{Logger: slog.New(textErrors{t}), WebApp: web})
	ana := user{id: "7", name: "Ana", lang: "en"}
	h.onboard(ana)
	h.acctMakeCoach(ana)
	r := h.send(ana, "/report")
	if len(r) != 1 || r[0].Document == nil || r[0].Document.MIMEType != "image/png" || r[0].Document.Name != "report-12w.png" ||
		r[0].Text != "📊 Your business over the last 12 weeks." {
		t.Fatalf("/report:\n%s", render(r))
	}
	r = h.press(ana, r, "52 weeks")
	if r[0].Text != "📊 Your business over the last 52 weeks." || len(web.reports) != 2 || web.reports[1] != itoa(h.demo.Coach.ID)+"/52/en" {
		t.Fatalf("52 weeks: %v\n%s", web.reports, render(r))
	}
	x := h.send(ana, "/export")
	if len(x) != 3 || x[0].Document.Name != "slotbot-bookings.csv" || x[2].Document.Name != "slotbot-clients.csv" ||
		x[1].Text != "📄 Your payments (CSV)" {
		t.Fatalf("/export:\n%s", render(x))
	}
	maria := user{id: "1", name: "Maria", lang: "en"}
	h.onboard(maria)
	for _, cmd := range []string{"/report", "/export"} {
		if r := h.send(maria, cmd); r[0].Document != nil {
			t.Fatalf("a client got %s", cmd)
		}
	}
	if len(web.reports) != 2 {
		t.Fatalf("reports drawn for a client: %v", web.reports)
	}
}
