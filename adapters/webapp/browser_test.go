package webapp

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/slotbot/slotbot/adapters/scheduler"
	"github.com/slotbot/slotbot/adapters/sqlite/sqlitetest"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
	"net/http/httptest"
)

// The browser test opens the Mini App in Debian's headless Chromium
// (scripts/ensure-chromium), as Telegram would: a page with a signed
// initData in its #tgWebAppData fragment. Without CI a missing browser
// skips it; with CI it fails.

// findChromium is the browser's path, or "" when there is none.
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// artifacts is where screenshots go: .artifacts/ at the repository's
// root, which git ignores.
func artifacts(t testing.TB) string {
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", ".artifacts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// chatSender records what the outbox sends to Telegram chats.
type chatSender struct {
	mu   sync.Mutex
	sent map[string][]string
}

func (s *chatSender) Platform() string { return TelegramPlatform }
func (s *chatSender) Send(_ context.Context, chatID string, r bot.Reply) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent[chatID] = append(s.sent[chatID], r.Text)
	return nil
}

// browser starts a headless Chromium for t with the flags the machine
// needs: no sandbox as root, no GPU, no network but loopback, a fresh
// profile.
func browser(t *testing.T) context.Context { return browserSized(t, 390, 844) }

// browserSized is browser with a viewport w by h CSS pixels.
func browserSized(t *testing.T, w, h int64) context.Context {
	path := findChromium()
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed (scripts/ensure-chromium); CI runs the browser test")
		}
		t.Skip("chromium is not installed; run scripts/ensure-chromium")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("disable-extensions", true),
		// Telegram's script cannot be fetched here: every host but the
		// test server's fails at once, so nothing leaves the machine.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.WindowSize(int(w), int(h)),
	}
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, h)); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// js runs expr in the page and decodes its value.
func js[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// wait polls until expr is truthy in the page, for up to 20 seconds.
func wait(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if _, err := chromedp.Run(c, chromedp.Poll[chromedp.Void](expr)); err != nil {
		status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('status').textContent`))
		t.Fatalf("waiting for %s: %v (page status %q)", what, err, status)
	}
}

// shot saves a phone-sized PNG screenshot (quality 100: PNG, not JPEG)
// under .artifacts/.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(artifacts(t), name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// darkTheme is Telegram's night theme's colours, as themeParams carries.
const darkTheme = `{"bg_color":"#17212b","text_color":"#f5f5f5","hint_color":"#708499","link_color":"#6ab3f3",` +
	`"button_color":"#5288c1","button_text_color":"#ffffff","secondary_bg_color":"#232e3c"}`

// openURL is the page as Telegram opens it for an initData.
func openURL(base, page, query, initData, theme string) string {
	frag := url.Values{"tgWebAppData": {initData}, "tgWebAppVersion": {"8.0"}, "tgWebAppPlatform": {"tdesktop"}}
	if theme != "" {
		frag.Set("tgWebAppThemeParams", theme)
	}
	return base + page + "?" + query + "#" + frag.Encode()
}

// studio is the demo studio the browser tests open the page on: Ana
// coaches (Telegram user 2001), Dan is a client in Paris (1001), Tom took
// Tuesday's first consultation; the app is served on a test server and
// the outbox's notices are delivered to a recording chat.
type studio struct {
	store   core.Store
	clock   *storetest.Clock
	svc     *core.Service
	demo    *core.Demo
	dan     *core.Person
	tuesday []time.Time // Tuesday's open consultation times before Tom's
	app     *App
	srv     *httptest.Server
	chat    *chatSender
	outbox  *scheduler.Dispatcher
}

func newStudio(t *testing.T) *studio {
	t.Helper()
	bg := context.Background()
	st := &studio{store: sqlitetest.Open(t), clock: storetest.NewClock(storetest.T0)} // Monday 1 June 2026, 10:00 in Paris
	st.svc = core.NewService(st.store, st.clock)
	ana, err := st.svc.Accounts.Identify(bg, core.Identity{Platform: TelegramPlatform, UserID: "2001", ChatID: "2001", Name: "Ana Martin", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if st.demo, err = st.svc.Admin.SeedDemo(bg, ana.Client.ID); err != nil {
		t.Fatal(err)
	}
	if st.dan, err = st.svc.Accounts.Identify(bg, core.Identity{Platform: TelegramPlatform, UserID: "1001", ChatID: "1001", Name: "Dan", Language: "en"}); err != nil {
		t.Fatal(err)
	}
	st.dan.Client.Zone = "Europe/Paris"
	if err := st.svc.Accounts.UpdateProfile(bg, st.dan.Client); err != nil {
		t.Fatal(err)
	}
	// Tom takes Tuesday's first consultation: a grey time.
	tom := &core.Client{Name: "Tom", Zone: "Europe/Paris", Language: "en"}
	if err := st.svc.Accounts.CreateClient(bg, tom); err != nil {
		t.Fatal(err)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	tue := time.Date(2026, 6, 2, 0, 0, 0, 0, paris)
	if st.tuesday, err = st.svc.Slots.OpenSlots(bg, st.demo.Coach.ID, st.demo.Consultation.ID, tue, tue.AddDate(0, 0, 1)); err != nil || len(st.tuesday) < 3 {
		t.Fatalf("Tuesday's open slots: %v %v", st.tuesday, err)
	}
	if _, err := st.svc.Slots.BookSlot(bg, core.BookSlotRequest{ClientID: tom.ID, CoachID: st.demo.Coach.ID, TypeID: st.demo.Consultation.ID, Start: st.tuesday[0]}); err != nil {
		t.Fatal(err)
	}
	if st.app, err = New(bg, st.svc, Options{BotToken: testBotToken, PublicURL: "https://slotbot.example"}); err != nil {
		t.Fatal(err)
	}
	st.srv = httptest.NewServer(st.app.Handler())
	t.Cleanup(st.srv.Close)
	st.chat = &chatSender{sent: map[string][]string{}}
	st.outbox = scheduler.NewDispatcher(st.svc, bot.New(st.svc, bot.Options{}), []scheduler.Sender{st.chat}, scheduler.DispatcherOptions{})
	st.drain(t)
	return st
}

// drain delivers the outbox's notices and returns what each chat got,
// forgetting it.
func (st *studio) drain(t *testing.T) map[string]string {
	t.Helper()
	if _, err := st.outbox.DrainOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	st.chat.mu.Lock()
	defer st.chat.mu.Unlock()
	out := map[string]string{}
	for chat, texts := range st.chat.sent {
		out[chat] = strings.Join(texts, "\n")
	}
	st.chat.sent = map[string][]string{}
	return out
}

// TestBrowserBooksFromTheCalendar: a client opens the calendar inside
// "Telegram", sees open (green) and taken (grey) times, taps one,
// confirms; the booking is in the database and the chat is told. Then
// the coach's report shows it in this week's bar.
func TestBrowserBooksFromTheCalendar(t *testing.T) {
	ctx := browser(t)
	bg := context.Background()
	st := newStudio(t)
	store, clock, demo, dan, open, app, srv := st.store, st.clock, st.demo, st.dan, st.tuesday, st.app, st.srv

	initData := initDataFor(testBotToken, 1001, "Dan", "en", clock.Now().Add(-time.Minute))
	query := "lang=en&type=" + strconv.FormatInt(demo.Consultation.ID, 10)
	if err := chromedp.Do(ctx, chromedp.Navigate(openURL(srv.URL, "/app/", query, initData, ""))); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "the month", `document.querySelectorAll('#grid button.open').length > 0`)
	if got := js[string](t, ctx, `document.getElementById('type').selectedOptions[0].textContent`); got != "Free consultation" {
		t.Fatalf("type filter shows %q", got)
	}
	js[any](t, ctx, `document.querySelector('#grid button[data-date="2026-06-02"]').click()`)
	wait(t, ctx, "Tuesday's times", `document.getElementById('day-title').textContent.includes('June') && document.querySelectorAll('#slots button').length > 2`)
	grey := js[string](t, ctx, `document.querySelector('#slots button.taken').dataset.start`)
	if want := open[0].UTC().Format(time.RFC3339); grey != want {
		t.Fatalf("grey time = %s, want Tom's %s", grey, want)
	}
	green := js[[]string](t, ctx, `Array.from(document.querySelectorAll('#slots button.open')).map(b => b.getAttribute('aria-label'))`)
	if len(green) < 2 || !strings.HasSuffix(green[0], ", open") {
		t.Fatalf("green times: %v", green)
	}
	colours := js[[]string](t, ctx, `[getComputedStyle(document.querySelector('#slots button.open')).backgroundColor,
		getComputedStyle(document.querySelector('#slots button.taken')).backgroundColor]`)
	if colours[0] != "rgb(46, 125, 50)" || colours[1] != "rgb(236, 236, 236)" {
		t.Fatalf("open and taken colours = %v", colours)
	}
	shot(t, ctx, "calendar-light.png")

	start := js[string](t, ctx, `document.querySelector('#slots button.open').dataset.start`)
	js[any](t, ctx, `document.querySelector('#slots button.open').click()`)
	wait(t, ctx, "the summary", `!document.getElementById('sheet').hidden`)
	summary := js[string](t, ctx, `document.getElementById('sheet').innerText`)
	// The chat's summary, word for word (bot.Bot.QuoteSummary).
	for _, want := range []string{"Please check your booking:", "Free consultation with Ana Martin", "(Europe/Paris)", "⏱ 30 min", "💶 Free",
		"↩️ Free cancellation up to 24 h before the start", "✅ Confirm"} {
		if !strings.Contains(summary, want) {
			t.Fatalf("summary lacks %q:\n%s", want, summary)
		}
	}
	if focused := js[string](t, ctx, `document.activeElement.id`); focused != "sheet-ok" {
		t.Fatalf("focus is on %q, not Confirm", focused)
	}
	time.Sleep(300 * time.Millisecond) // the sheet slides in
	shot(t, ctx, "summary-light.png")
	js[any](t, ctx, `document.getElementById('sheet-ok').click()`)
	wait(t, ctx, "the confirmation", `document.getElementById('status').className.includes('ok')`)
	if said := js[string](t, ctx, `document.getElementById('status').textContent`); said != "Booked! The details are in the chat." {
		t.Fatalf("page says %q", said)
	}
	wait(t, ctx, "the page to close back to the chat", `document.documentElement.dataset.closed === '1'`)

	// The booking row, and the notice the chat gets from the outbox.
	var bookings []*core.Booking
	var sess *core.Session
	err := store.View(bg, func(tx core.Tx) error {
		var err error
		if bookings, err = tx.Bookings(core.BookingFilter{ClientID: dan.Client.ID}); err != nil || len(bookings) != 1 {
			return err
		}
		sess, err = tx.Session(bookings[0].SessionID)
		return err
	})
	if err != nil || len(bookings) != 1 || bookings[0].Status != core.BookingConfirmed || sess.Start.UTC().Format(time.RFC3339) != start {
		t.Fatalf("Dan's bookings: %+v (%v)", bookings, err)
	}
	chats := st.drain(t)
	if chat := chats["1001"]; !strings.Contains(chat, "You're booked: Free consultation with Ana Martin") {
		t.Fatalf("Dan's chat got %q", chat)
	}
	if coach := chats["2001"]; !strings.Contains(coach, "Dan") {
		t.Fatalf("Ana's chat got %q", coach)
	}

	// Dark: Telegram's night theme.
	if err := chromedp.Do(ctx, chromedp.Navigate(openURL(srv.URL, "/app/", query+"&night=1", initData, darkTheme))); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "the dark month", `document.documentElement.dataset.theme === 'dark' && document.querySelectorAll('#slots button').length > 0`)
	if bg := js[string](t, ctx, `getComputedStyle(document.body).backgroundColor`); bg != "rgb(23, 33, 43)" {
		t.Fatalf("dark background = %s", bg)
	}
	shot(t, ctx, "calendar-dark.png")
	js[any](t, ctx, `document.getElementById('tab-bookings').click()`)
	wait(t, ctx, "my bookings", `document.querySelectorAll('#upcoming li[data-booking]').length === 1`)
	shot(t, ctx, "bookings-dark.png")

	// The coach's report: this week's bar holds Dan's booking (and Tom's).
	anaData := initDataFor(testBotToken, 2001, "Ana", "en", clock.Now().Add(-time.Minute))
	for i, theme := range []string{"", darkTheme} {
		// Another query each time: a change of fragment alone would not
		// load the page again.
		if err := chromedp.Do(ctx, chromedp.Navigate(openURL(srv.URL, "/app/report", "lang=en&n="+strconv.Itoa(i), anaData, theme))); err != nil {
			t.Fatal(err)
		}
		wait(t, ctx, "the charts", `Array.from(document.querySelectorAll('#charts figure img')).filter(i => i.complete && i.naturalWidth > 0).length === 5`)
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch('/app/api/report?weeks=12', {headers: {Authorization: 'tma ' + Telegram.WebApp.initData}}).then(r => r.text())`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		var rep struct {
			Weeks []struct {
				Start    string         `json:"start"`
				Bookings map[string]int `json:"bookings"`
			} `json:"weeks"`
		}
		if err := json.Unmarshal([]byte(raw), &rep); err != nil {
			t.Fatal(err)
		}
		this := rep.Weeks[len(rep.Weeks)-1]
		if this.Start != "2026-06-01" || this.Bookings["confirmed"] != 2 {
			t.Fatalf("this week's bar = %+v", this)
		}
		label := js[string](t, ctx, `document.querySelector('figure[data-chart=bookings] img').alt`)
		if label != "Bookings per week, by status" {
			t.Fatalf("chart label = %q", label)
		}
		name := "report-light.png"
		if theme != "" {
			name = "report-dark.png"
		}
		shot(t, ctx, name)
	}
	png, err := app.ReportPNG(bg, demo.Coach.ID, 12, "en")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(artifacts(t), "report-chat.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserMovesAClassSeat: Dan, seated in Thursday's class with his
// pass, opens "My bookings", taps Reschedule, picks the next week's
// class in the calendar and confirms: his seat is in that class, his old
// one is released, and the chat says so. While moving, a full class is
// not offered (a move takes a seat, not a waitlist place).
func TestBrowserMovesAClassSeat(t *testing.T) {
	ctx := browser(t)
	bg := context.Background()
	st := newStudio(t)
	class, next, later := st.demo.Classes[0], st.demo.Classes[1], st.demo.Classes[2]
	pass, err := st.svc.Passes.GrantPass(bg, st.dan.Client.ID, st.demo.Packs[0].ID, "manual")
	if err != nil {
		t.Fatal(err)
	}
	res, err := st.svc.Bookings.Book(bg, core.BookRequest{ClientID: st.dan.Client.ID, SessionID: class.ID})
	if err != nil || res.Booking.Status != core.BookingConfirmed {
		t.Fatalf("Dan's seat: %+v %v", res, err)
	}
	// The class after next is full.
	for i := range later.Capacity {
		c := &core.Client{Name: "Guest " + strconv.Itoa(i), Zone: "Europe/Paris", Language: "en"}
		if err := st.svc.Accounts.CreateClient(bg, c); err != nil {
			t.Fatal(err)
		}
		if _, err := st.svc.Passes.GrantPass(bg, c.ID, st.demo.Packs[0].ID, "manual"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.svc.Bookings.Book(bg, core.BookRequest{ClientID: c.ID, SessionID: later.ID}); err != nil {
			t.Fatal(err)
		}
	}
	st.drain(t)

	initData := initDataFor(testBotToken, 1001, "Dan", "en", st.clock.Now().Add(-time.Minute))
	if err := chromedp.Do(ctx, chromedp.Navigate(openURL(st.srv.URL, "/app/", "lang=en", initData, ""))); err != nil {
		t.Fatal(err)
	}
	wait(t, ctx, "the calendar", `document.getElementById('coach').options.length > 0`)
	js[any](t, ctx, `document.getElementById('tab-bookings').click()`)
	wait(t, ctx, "Dan's class", `document.querySelectorAll('#upcoming li[data-booking] .row button').length > 0`)
	js[any](t, ctx, `Array.from(document.querySelectorAll('#upcoming li[data-booking] .row button')).find(b => b.textContent === 'Reschedule').click()`)
	wait(t, ctx, "the class's days", `!document.getElementById('calendar').hidden && !document.getElementById('moving').hidden &&
		document.querySelector('#grid button[data-date="`+next.Start.Format("2006-01-02")+`"].open') !== null`)
	if got := js[string](t, ctx, `document.getElementById('type').selectedOptions[0].textContent`); got != "👥 Yoga flow (group)" {
		t.Fatalf("moving shows the type %q", got)
	}
	for _, s := range []*core.Session{next, later} {
		day := s.Start.Format("2006-01-02")
		js[any](t, ctx, `document.querySelector('#grid button[data-date="`+day+`"]').click()`)
		wait(t, ctx, "the classes of "+day, `document.getElementById('day-title').textContent.includes('`+strconv.Itoa(s.Start.Day())+`') &&
			document.querySelector('#slots button[data-start="`+s.Start.UTC().Format(time.RFC3339)+`"]') !== null`)
	}
	// The full class is grey while moving.
	if cls := js[string](t, ctx, `document.querySelector('#slots button[data-start="`+later.Start.UTC().Format(time.RFC3339)+`"]').className`); cls != "taken" {
		t.Fatalf("the full class is %q while moving", cls)
	}
	js[any](t, ctx, `document.querySelector('#grid button[data-date="`+next.Start.Format("2006-01-02")+`"]').click()`)
	slot := `document.querySelector('#slots button.open[data-start="` + next.Start.UTC().Format(time.RFC3339) + `"]')`
	wait(t, ctx, "next week's class", slot+` !== null`)
	js[any](t, ctx, slot+`.click()`)
	wait(t, ctx, "the move's question", `!document.getElementById('sheet').hidden`)
	sheet := js[string](t, ctx, `document.getElementById('sheet').innerText`)
	for _, want := range []string{"From: Thu 4 Jun, 18:30", "To: Thu 11 Jun, 18:30", "Move it"} {
		if !strings.Contains(sheet, want) {
			t.Fatalf("the move's question lacks %q:\n%s", want, sheet)
		}
	}
	js[any](t, ctx, `document.getElementById('sheet-ok').click()`)
	wait(t, ctx, "the move", `document.getElementById('status').className.includes('ok')`)
	if said := js[string](t, ctx, `document.getElementById('status').textContent`); said != "Moved. The chat has the details." {
		t.Fatalf("page says %q", said)
	}

	var live []*core.Booking
	var old *core.Booking
	err = st.store.View(bg, func(tx core.Tx) error {
		var err error
		if live, err = tx.Bookings(core.BookingFilter{ClientID: st.dan.Client.ID, Statuses: []core.BookingStatus{core.BookingConfirmed}}); err != nil {
			return err
		}
		old, err = tx.Booking(res.Booking.ID)
		return err
	})
	if err != nil || len(live) != 1 || live[0].SessionID != next.ID || live[0].PassID != pass.ID || old.Status.Active() {
		t.Fatalf("after the move: live %+v, old %+v (%v)", live, old, err)
	}
	if chat := st.drain(t)["1001"]; !strings.Contains(chat, "11 Jun") {
		t.Fatalf("Dan's chat got %q", chat)
	}
}
