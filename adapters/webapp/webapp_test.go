package webapp

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/sqlite/sqlitetest"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// env is the app over a studio with known rows (storetest.ReportStudio)
// on a fresh SQLite store, served on a test server.
type env struct {
	t      *testing.T
	ctx    context.Context
	store  core.Store
	studio *storetest.ReportStudio
	app    *App
	srv    *httptest.Server
}

func newEnv(t *testing.T) *env {
	t.Helper()
	store := sqlitetest.Open(t)
	studio := storetest.NewReportStudioOn(t, store, storetest.NewClock(storetest.T0))
	app, err := New(context.Background(), studio.Svc, Options{BotToken: testBotToken, PublicURL: "https://slotbot.example"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.Handler())
	t.Cleanup(srv.Close)
	return &env{t: t, ctx: context.Background(), store: store, studio: studio, app: app, srv: srv}
}

// call sends a request with an Authorization header and decodes the JSON
// answer.
func (e *env) call(method, path, auth string, body any) (int, map[string]any) {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, rd)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	out := map[string]any{}
	raw, _ := io.ReadAll(res.Body)
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(raw, &out); err != nil {
			e.t.Fatalf("%s %s: %v in %s", method, path, err, raw)
		}
	} else {
		out["body"] = string(raw)
		out["type"] = res.Header.Get("Content-Type")
	}
	return res.StatusCode, out
}

// linkToken issues a calendar link for clientID and returns its token.
func (e *env) linkToken(clientID int64) string {
	e.t.Helper()
	link, _, err := e.app.Link(e.ctx, clientID, "en", "")
	if err != nil {
		e.t.Fatal(err)
	}
	_, tok, ok := strings.Cut(link, "#link=")
	if !ok || !strings.HasPrefix(link, "https://slotbot.example/app/?lang=en") {
		e.t.Fatalf("link = %q", link)
	}
	return tok
}

// pageAuth opens a link and returns the page's Authorization header.
func (e *env) pageAuth(clientID int64) string {
	e.t.Helper()
	code, body := e.call("POST", "/app/api/session", "", map[string]string{"link": e.linkToken(clientID)})
	if code != http.StatusOK {
		e.t.Fatalf("open link: %d %v", code, body)
	}
	return "Bearer " + body["token"].(string)
}

// telegramAuth is the header Telegram's user id makes, signed now.
func (e *env) telegramAuth(id int64, name string) string {
	return "tma " + initDataFor(testBotToken, id, name, "en", e.studio.Clock.Now().Add(-time.Minute))
}

func TestIdentityRefused(t *testing.T) {
	e := newEnv(t)
	now := e.studio.Clock.Now()
	good := initDataFor(testBotToken, 1001, "Zoe", "en", now)
	for name, auth := range map[string]string{
		"None":       "",
		"Tampered":   "tma " + strings.Replace(good, "Zoe", "Eve", 1),
		"Stale":      "tma " + initDataFor(testBotToken, 1001, "Zoe", "en", now.Add(-25*time.Hour)),
		"AnotherBot": "tma " + initDataFor("999:OTHER", 1001, "Zoe", "en", now),
		"BadBearer":  "Bearer abc.def",
		"LinkAsPage": "Bearer " + e.linkToken(e.studio.Client.ID),
	} {
		t.Run(name, func(t *testing.T) {
			code, body := e.call("GET", "/app/api/bookings", auth, nil)
			if code != http.StatusUnauthorized || body["error"] != "unauthenticated" || !strings.Contains(body["message"].(string), "opened from the chat") {
				t.Fatalf("%d %v", code, body)
			}
		})
	}
	if code, body := e.call("GET", "/app/api/me", "tma "+good, nil); code != http.StatusOK || body["name"] != "Zoe" {
		t.Fatalf("good initData: %d %v", code, body)
	}
}

// TestLinkOnceAndInTime: a calendar link opens a page once, within 15
// minutes; expired and reused links are refused.
func TestLinkOnceAndInTime(t *testing.T) {
	e := newEnv(t)
	dan := e.studio.Client.ID
	tok := e.linkToken(dan)
	code, body := e.call("POST", "/app/api/session", "", map[string]string{"link": tok})
	if code != http.StatusOK {
		t.Fatalf("open: %d %v", code, body)
	}
	page := "Bearer " + body["token"].(string)
	if code, me := e.call("GET", "/app/api/me", page, nil); code != http.StatusOK || me["name"] != "Dan" || me["today"] != "2026-06-01" {
		t.Fatalf("me: %d %v", code, me)
	}
	if code, body := e.call("POST", "/app/api/session", "", map[string]string{"link": tok}); code != http.StatusUnauthorized {
		t.Fatalf("reused link: %d %v", code, body)
	}
	late := e.linkToken(dan)
	e.studio.Clock.Advance(core.AppLinkTTL)
	if code, body := e.call("POST", "/app/api/session", "", map[string]string{"link": late}); code != http.StatusUnauthorized {
		t.Fatalf("expired link: %d %v", code, body)
	}
	e.studio.Clock.Advance(PageTokenTTL)
	if code, body := e.call("GET", "/app/api/me", page, nil); code != http.StatusUnauthorized {
		t.Fatalf("expired page: %d %v", code, body)
	}
	// A link whose nonce core never issued is refused, signature or not.
	forged := sign(e.app.key, linkClaims{Kind: kindLink, ClientID: dan, Expires: e.studio.Clock.Now().Add(time.Minute), Nonce: "made-up"})
	if code, _ := e.call("POST", "/app/api/session", "", map[string]string{"link": forged}); code != http.StatusUnauthorized {
		t.Fatalf("forged nonce: %d", code)
	}
}

// TestAnotherClientsBookings: a client cannot read, cancel or move
// another's booking (403), nor read the coach's report; nothing changes.
func TestAnotherClientsBookings(t *testing.T) {
	e := newEnv(t)
	zoe := e.telegramAuth(1001, "Zoe")
	dans := e.studio.Booking.ID
	path := "/app/api/bookings/" + itoa(dans)
	if code, _ := e.call("GET", "/app/api/me", zoe, nil); code != http.StatusOK { // Zoe's first visit makes her client
		t.Fatal(code)
	}
	before := storetest.Snapshot(t, e.store)
	for _, c := range []struct{ method, path string }{
		{"GET", path}, {"GET", path + "/cancel"}, {"POST", path + "/cancel"}, {"POST", path + "/move"},
		{"GET", "/app/api/report?weeks=4"}, {"GET", "/app/api/report/bookings.svg"}, {"GET", "/app/api/export/clients.csv"},
	} {
		var body any
		if c.method == "POST" {
			body = map[string]any{"start": "2026-06-03T08:00:00Z"}
			if strings.HasSuffix(c.path, "/cancel") {
				body = map[string]any{}
			}
		}
		if code, res := e.call(c.method, c.path, zoe, body); code != http.StatusForbidden {
			t.Errorf("%s %s: %d %v, want 403", c.method, c.path, code, res)
		}
	}
	if after := storetest.Snapshot(t, e.store); after != before {
		t.Fatalf("a refused request changed rows:\n%s", after)
	}
	// Dan sees his own.
	if code, b := e.call("GET", path, e.pageAuth(e.studio.Client.ID), nil); code != http.StatusOK || b["status"] != "confirmed" {
		t.Fatalf("Dan's own booking: %d %v", code, b)
	}
}

// TestBookCancelMove walks the page's calls: a day's open and taken
// times, the summary, booking, the notice core writes for the chat, the
// cancel preview and cancelling, moving.
func TestBookCancelMove(t *testing.T) {
	e := newEnv(t)
	zoe := e.telegramAuth(1001, "Zoe")
	paid := e.studio.Paid
	pick := "coach=" + itoa(e.studio.Coach.ID) + "&type=" + itoa(paid.ID)
	code, month := e.call("GET", "/app/api/month?"+pick+"&month=2026-06", zoe, nil)
	days, _ := month["days"].([]any)
	if code != http.StatusOK || len(days) < 10 {
		t.Fatalf("month: %d %v", code, month)
	}
	code, day := e.call("GET", "/app/api/day?"+pick+"&date=2026-06-03", zoe, nil)
	slots, _ := day["slots"].([]any)
	if code != http.StatusOK || len(slots) == 0 {
		t.Fatalf("day: %d %v", code, day)
	}
	first := slots[0].(map[string]any)
	start := first["start"].(string)
	if first["open"] != true || first["label"] != first["time"].(string)+", open" {
		t.Fatalf("first slot = %v", first)
	}
	code, q := e.call("GET", "/app/api/quote?"+pick+"&start="+start, zoe, nil)
	// The chat's summary (bot.Bot.QuoteSummary): the price and how long
	// the place is held, the coach's cancellation rule, the chat's
	// Confirm.
	lines := strings.Join(toStrings(q["lines"]), "\n")
	if code != http.StatusOK || !strings.HasPrefix(lines, "Please check your booking:\n\nStandard session with Ana") ||
		!strings.Contains(lines, "💶 €50.00 — your place is held for") || !strings.Contains(lines, "↩️ ") || q["confirm"] != "✅ Confirm" {
		t.Fatalf("quote: %d %s %v", code, lines, q["confirm"])
	}
	code, booked := e.call("POST", "/app/api/book", zoe, map[string]any{"coach": e.studio.Coach.ID, "type": paid.ID, "start": start})
	if code != http.StatusOK || booked["status"] != "pending_payment" || booked["message"] != "Your seat is held until you pay €50.00. The chat has the payment link." {
		t.Fatalf("book: %d %v", code, booked)
	}
	id := int64(booked["booking"].(float64))
	// The time is now taken, for everyone.
	_, day = e.call("GET", "/app/api/day?"+pick+"&date=2026-06-03", e.pageAuth(e.studio.Client.ID), nil)
	if s := day["slots"].([]any)[0].(map[string]any); s["start"] != start || s["open"] != false {
		t.Fatalf("booked time still open: %v", s)
	}
	// The same time again: 409 with other times to pick.
	code, again := e.call("POST", "/app/api/book", e.pageAuth(e.studio.Client.ID), map[string]any{"coach": e.studio.Coach.ID, "type": paid.ID, "start": start})
	if code != http.StatusConflict || len(again["alternatives"].([]any)) == 0 {
		t.Fatalf("double booking: %d %v", code, again)
	}
	var zoeID int64
	var notices []*core.Notice
	_ = e.store.View(e.ctx, func(tx core.Tx) error {
		b, err := tx.Booking(id)
		if err != nil {
			return err
		}
		zoeID = b.ClientID
		notices, err = tx.Notices(core.NoticeFilter{ToKind: core.ToClient, ToID: zoeID, BookingID: id})
		return err
	})
	if len(notices) != 1 || notices[0].Kind != core.NoticeAwaitingPayment {
		t.Fatalf("the chat is told %v", notices)
	}

	// Move it a day later, then cancel it.
	code, moved := e.call("POST", "/app/api/bookings/"+itoa(id)+"/move", zoe, map[string]any{"start": "2026-06-04T08:00:00Z"})
	if code != http.StatusOK || !strings.Contains(moved["message"].(string), "Moved") {
		t.Fatalf("move: %d %v", code, moved)
	}
	code, pre := e.call("GET", "/app/api/bookings/"+itoa(id)+"/cancel", zoe, nil)
	if code != http.StatusOK || !strings.HasPrefix(pre["title"].(string), "Cancel Thu 4 Jun, 08:00 — Standard session with Ana") ||
		strings.Join(toStrings(pre["lines"]), " ") != "Your unpaid booking is dropped; you owe nothing." {
		t.Fatalf("cancel preview: %d %v", code, pre)
	}
	if code, res := e.call("POST", "/app/api/bookings/"+itoa(id)+"/cancel", zoe, map[string]any{}); code != http.StatusOK {
		t.Fatalf("cancel: %d %v", code, res)
	}
	_, list := e.call("GET", "/app/api/bookings", zoe, nil)
	if up := list["upcoming"].([]any); len(up) != 0 {
		t.Fatalf("still upcoming: %v", up)
	}
	// A cancelled session still to come is no "past" one.
	if gone := list["cancelled"].([]any); len(gone) != 1 || gone[0].(map[string]any)["status"] != "cancelled" {
		t.Fatalf("cancelled: %v", gone)
	}
	if past := list["past"].([]any); len(past) != 0 {
		t.Fatalf("past: %v", past)
	}
}

// TestCancelPreviewSaysConsequence: Dan's class paid by pass gives its
// credit back, in French and Russian too.
func TestCancelPreviewSaysConsequence(t *testing.T) {
	e := newEnv(t)
	dan := e.pageAuth(e.studio.Client.ID)
	path := "/app/api/bookings/" + itoa(e.studio.Booking.ID) + "/cancel"
	want := map[string]string{"en": "Your credit returns to “10 sessions”.", "fr": "Votre crédit revient sur « 10 sessions ».",
		"ru": "1 кредит вернётся на абонемент «10 sessions»."}
	for _, lang := range bot.Languages() {
		c := e.studio.Client
		c.Language = lang
		if err := e.studio.Svc.Accounts.UpdateProfile(e.ctx, c); err != nil {
			t.Fatal(err)
		}
		code, pre := e.call("GET", path, dan, nil)
		if got := strings.Join(toStrings(pre["lines"]), " "); code != http.StatusOK || got != want[lang] {
			t.Errorf("%s: %d %q, want %q", lang, code, got, want[lang])
		}
	}
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// TestRefusalsInThePersonsLanguage: a refusal reads as the chat's would,
// from the catalogue in the client's language.
func TestRefusalsInThePersonsLanguage(t *testing.T) {
	e := newEnv(t)
	dan := e.studio.Client
	dan.Language = "fr"
	if err := e.studio.Svc.Accounts.UpdateProfile(e.ctx, dan); err != nil {
		t.Fatal(err)
	}
	auth := e.pageAuth(dan.ID)
	body := map[string]any{"coach": e.studio.Coach.ID, "type": e.studio.Paid.ID, "start": "2026-06-03T08:00:00Z"}
	if code, res := e.call("POST", "/app/api/book", auth, body); code != http.StatusOK {
		t.Fatalf("book: %d %v", code, res)
	}
	code, res := e.call("POST", "/app/api/book", auth, body)
	if want := bot.Text("fr", "err.slots.taken"); code != http.StatusConflict || res["message"] != want || want == "That time was just taken." {
		t.Fatalf("taken: %d %v, want %q", code, res, want)
	}
}

// TestBookedMessageSaysHowItIsPaid: after Book the page says what the
// seat costs and how, in the client's language: the pass it took, the
// money due at the session or to pay now, the waitlist place.
func TestBookedMessageSaysHowItIsPaid(t *testing.T) {
	e := newEnv(t)
	eur := core.Money{Amount: 1500, Currency: "EUR"}
	confirmed := &core.Booking{Status: core.BookingConfirmed}
	for _, c := range []struct {
		lang string
		res  *core.BookResult
		want string
	}{
		{"en", &core.BookResult{Booking: confirmed}, "Booked! The details are in the chat."},
		{"en", &core.BookResult{Booking: confirmed, Pass: &core.Pass{Name: "10 sessions"}}, "Booked with your pass “10 sessions”! The details are in the chat."},
		{"en", &core.BookResult{Booking: confirmed, Payment: &core.Payment{Amount: eur}}, "Booked! €15.00 is due at the session. The details are in the chat."},
		{"en", &core.BookResult{Booking: &core.Booking{Status: core.BookingPendingPayment}, Payment: &core.Payment{Amount: eur}}, "Your seat is held until you pay €15.00. The chat has the payment link."},
		{"en", &core.BookResult{Booking: &core.Booking{Status: core.BookingWaitlisted}, Position: 2}, "You are number 2 on the waitlist. The chat will tell you when a seat frees."},
		{"fr", &core.BookResult{Booking: confirmed, Payment: &core.Payment{Amount: eur}}, "Réservé ! 15,00\u00a0€ à régler à la séance. Les détails sont dans la discussion."},
		{"fr", &core.BookResult{Booking: confirmed, Pass: &core.Pass{Name: "10 séances"}}, "Réservé avec votre forfait « 10 séances » ! Les détails sont dans la discussion."},
		{"ru", &core.BookResult{Booking: confirmed, Payment: &core.Payment{Amount: eur}}, "Готово, вы записаны! Оплата на занятии: 15,00\u00a0€. Подробности в чате."},
		{"ru", &core.BookResult{Booking: &core.Booking{Status: core.BookingPendingPayment}, Payment: &core.Payment{Amount: eur}}, "Место держится до оплаты (15,00\u00a0€). Ссылка на оплату в чате."},
	} {
		if got := e.app.bookedMessage(c.lang, c.res); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.lang, c.res.Booking.Status, got, c.want)
		}
	}
}
