package bot

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// fakeWebApp stands in for adapters/webapp, which the bot may not import:
// it records what the bot asks for.
type fakeWebApp struct {
	links   []string // "client/lang/view"
	reports []string // "coach/weeks/lang"
	empty   bool     // nothing happened in any period: no image
}

func (f *fakeWebApp) TelegramURL(lang string) string { return "https://book.example/app/?lang=" + lang }
func (f *fakeWebApp) Link(_ context.Context, clientID int64, lang, view string) (string, time.Time, error) {
	f.links = append(f.links, itoa(clientID)+"/"+lang+"/"+view)
	return "https://book.example/app/?lang=" + lang + "#link=TOKEN", time.Time{}, nil
}
func (f *fakeWebApp) ReportPNG(_ context.Context, coachID int64, weeks int, lang string) ([]byte, error) {
	f.reports = append(f.reports, itoa(coachID)+"/"+itoa(int64(weeks))+"/"+lang)
	if f.empty {
		return nil, nil
	}
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

// TestReportOfNothingYet: a coach whose weeks hold no booking is told so
// in words, in their language, with the other periods a tap away, not
// sent an image of empty charts.
func TestReportOfNothingYet(t *testing.T) {
	for _, c := range []struct{ lang, twelve, four string }{
		{"en", "📊 No bookings in the last 12 weeks yet. Your charts fill in as clients book.", "4 weeks"},
		{"fr", "📊 Aucune réservation sur les 12 dernières semaines pour l’instant. Vos graphiques se rempliront au fil des réservations.", "4 semaines"},
		{"ru", "📊 За последние 12 недель записей пока нет. Графики заполнятся, когда клиенты начнут записываться.", "4 недели"},
	} {
		h := newHarness(t)
		h.bot = New(h.svc, Options{Logger: slog.New(textErrors{t}), WebApp: &fakeWebApp{empty: true}})
		ana := user{id: "7", name: "Ana", lang: c.lang}
		h.coachIn(ana)
		r := h.send(ana, "/report")
		if len(r) != 1 || r[0].Document != nil || r[0].Text != c.twelve {
			t.Fatalf("%s /report:\n%s", c.lang, render(r))
		}
		if r = h.press(ana, r, c.four); len(r) != 1 || r[0].Document != nil || !strings.Contains(r[0].Text, "4") {
			t.Fatalf("%s 4 weeks:\n%s", c.lang, render(r))
		}
	}
}

// TestPageSummaryIsTheChatsSummary: what the Mini App shows before
// Confirm (QuoteSummary of core's quote) is, line for line, the summary
// /book shows for the same time — in English and French — and a class's
// carries its seats and the chat's Join the waitlist.
func TestPageSummaryIsTheChatsSummary(t *testing.T) {
	h := newHarness(t)
	paris, _ := time.LoadLocation("Europe/Paris")
	for _, lang := range []string{"en", "fr"} {
		maria := user{"q-" + lang, "Maria", lang}
		h.onboard(maria)
		h.acctGrant(maria, 5)
		r := h.send(maria, "/book")
		r = h.pressData(maria, acctButton(t, r, h.demo.Standard.Name).Data)
		r = h.press(maria, r, map[string]string{"en": "In person", "fr": "En présentiel"}[lang])
		r = h.pressData(maria, acctButton(t, r, formatDay(lang, paris10(3).In(paris))).Data)
		r = h.press(maria, r, "10:00")
		q, err := h.svc.Slots.QuoteSlot(h.ctx, h.acctClient(maria), h.demo.Coach.ID, h.demo.Standard.ID, paris10(3))
		if err != nil {
			t.Fatal(err)
		}
		page := h.bot.QuoteSummary(lang, paris, q)
		if got := strings.Join(page.Lines, "\n"); got != r[len(r)-1].Text {
			t.Errorf("%s: the page's summary\n%s\nis not the chat's\n%s", lang, got, r[len(r)-1].Text)
		}
		if confirm := acctButton(t, r, page.Confirm); confirm.Data == "" || !page.Bookable {
			t.Errorf("%s: the page's Confirm %q is not the chat's", lang, page.Confirm)
		}
	}
	// A full class: its seats, the waitlist, and the chat's Join label.
	class := h.demo.Classes[0]
	for i := range class.Capacity {
		u := user{"c" + itoa(int64(i)), "C" + itoa(int64(i)), "en"}
		h.onboard(u)
		h.acctGrant(u, 5)
		h.acctBook(u, class.ID, false)
	}
	tom := user{"tom", "Tom", "en"}
	h.onboard(tom)
	h.acctGrant(tom, 5)
	q, err := h.svc.Slots.QuoteSession(h.ctx, h.acctClient(tom), class.ID)
	if err != nil {
		t.Fatal(err)
	}
	page := h.bot.QuoteSummary("en", paris, q)
	text := strings.Join(page.Lines, "\n")
	for _, want := range []string{"Please check your booking:", "Yoga flow (group) with Ana Martin", "🗓 Thu 4 Jun, 18:30 (Europe/Paris)",
		"Full", "Your pass “5 sessions” is charged only if a spot frees up for you."} {
		if !strings.Contains(text, want) {
			t.Errorf("full class summary lacks %q:\n%s", want, text)
		}
	}
	if page.Confirm != "⏳ Join the waitlist (you'd be #1)" || !page.Bookable {
		t.Errorf("full class: Confirm %q, bookable %v", page.Confirm, page.Bookable)
	}
}

// TestPageCancelPreviewIsTheChatsPreview: what the Mini App shows before
// cancelling (CancelSummary) is the chat's preview: its question and its
// consequence, line for line.
func TestPageCancelPreviewIsTheChatsPreview(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		lang, city, zone string
		in               time.Duration
		want             string
	}{{"en", "Paris", "Europe/Paris", 48 * time.Hour, "Your credit returns to “10 sessions”."},
		{"ru", "Москва", "Europe/Moscow", 5 * time.Hour, "24 ч"}} {
		u := user{"x-" + tc.lang, "Maria", tc.lang}
		h.press(u, h.send(u, "/start"), tc.city)
		loc, _ := time.LoadLocation(tc.zone)
		h.acctGrant(u, 10)
		res := h.acctBook(u, h.acctSession(tc.in, core.ModeInPerson).ID, false)
		r := h.pressData(u, encode("cx", id36(res.Booking.ID)))
		r = h.pressData(u, acctButton(t, r, "🤒").Data)
		v, out, err := h.svc.Bookings.CancelScreen(h.ctx, h.acctClient(u), res.Booking.ID)
		if err != nil {
			t.Fatal(err)
		}
		question, lines := h.bot.CancelSummary(tc.lang, loc, v, out)
		page := strings.Join(append([]string{question}, lines...), "\n")
		if chat := r[len(r)-1].Text; !strings.HasPrefix(chat, page+"\n") || !strings.Contains(page, tc.want) {
			t.Errorf("%s: the page's preview\n%s\nis not the chat's\n%s", tc.lang, page, chat)
		}
	}
}
