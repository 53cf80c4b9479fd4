package telegram

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/slotbot/slotbot/adapters/sqlite/sqlitetest"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// fakeAPI is an in-process Bot API for what the emulator lacks: it
// records every call and can be told to fail some.
type fakeAPI struct {
	t   testing.TB
	srv *httptest.Server

	mu      sync.Mutex
	calls   []apiCall
	nextID  int
	updates []tgbotapi.Update
	// fail, if set, may answer a call instead of the fake: status and a
	// JSON body, or ok=false to let the fake answer.
	fail func(c apiCall) (status int, body string, ok bool)
}

// apiCall is one request the adapter made.
type apiCall struct {
	Method string
	Params url.Values
	File   string // the uploaded file's name, for sendDocument and sendPhoto
	// Field and Body are the uploaded file's multipart field ("photo",
	// "document") and bytes.
	Field string
	Body  []byte
	// Multipart is whether the call came as multipart/form-data.
	Multipart bool
	At        time.Time
	ID        int // the id the fake gave a sent message
}

// fakeToken is the token the tests connect with.
const fakeToken = "123456:TEST-token-secret"

func newFakeAPI(t testing.TB) *fakeAPI {
	f := &fakeAPI{t: t, nextID: 100}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	prefix := "/bot" + fakeToken + "/"
	if !strings.HasPrefix(r.URL.Path, prefix) {
		http.Error(w, `{"ok":false,"error_code":401,"description":"Unauthorized"}`, http.StatusUnauthorized)
		return
	}
	c := apiCall{Method: strings.TrimPrefix(r.URL.Path, prefix), At: time.Now()}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		c.Params, c.Multipart = url.Values(r.MultipartForm.Value), true
		for field, fs := range r.MultipartForm.File {
			c.File, c.Field = fs[0].Filename, field
			f, err := fs[0].Open()
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			c.Body, _ = io.ReadAll(f)
			f.Close()
		}
	} else {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		c.Params = r.PostForm
	}
	f.mu.Lock()
	if c.Method == "sendMessage" || c.Method == "sendDocument" || c.Method == "sendPhoto" {
		f.nextID++
		c.ID = f.nextID
	}
	f.calls = append(f.calls, c)
	fail := f.fail
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if fail != nil {
		if status, body, ok := fail(c); ok {
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
			return
		}
	}
	var result any = true
	switch c.Method {
	case "getMe":
		result = map[string]any{"id": 4242, "is_bot": true, "first_name": "Slot", "username": "SlotTestBot"}
	case "getUpdates":
		f.mu.Lock()
		us := append([]tgbotapi.Update{}, f.updates...)
		f.updates = nil
		f.mu.Unlock()
		result = us
	case "sendMessage", "sendDocument", "sendPhoto":
		chat := c.Params.Get("chat_id")
		result = map[string]any{"message_id": c.ID, "date": 0, "chat": map[string]any{"id": json.Number(chat), "type": "private"},
			"text": c.Params.Get("text")}
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
}

// push queues updates for the next getUpdates.
func (f *fakeAPI) push(us ...tgbotapi.Update) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.updates = append(f.updates, us...)
}

// setFail installs a failure rule.
func (f *fakeAPI) setFail(fn func(c apiCall) (int, string, bool)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = fn
}

// sent lists the calls of the given methods (all when none).
func (f *fakeAPI) sent(methods ...string) []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []apiCall
	for _, c := range f.calls {
		if len(methods) == 0 || contains(methods, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

// reset forgets the calls so far.
func (f *fakeAPI) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// rig is an adapter wired to a fake Bot API and a real store holding the
// demo studio, with the clock at Tuesday 2 June 2026, 10:00 in Paris.
type rig struct {
	t     *testing.T
	ctx   context.Context
	fake  *fakeAPI
	a     *Adapter
	bot   *bot.Bot
	svc   *core.Service
	store core.Store
	demo  *core.Demo
	next  int // update ids
	msgID int
}

// tuesday10 is the rig's "now".
var tuesday10 = time.Date(2026, 6, 2, 8, 0, 0, 0, time.UTC)

func newRig(t *testing.T, cfg Config) *rig {
	t.Helper()
	r := &rig{t: t, ctx: context.Background(), fake: newFakeAPI(t), store: sqlitetest.Open(t), next: 1000, msgID: 1}
	r.svc = core.NewService(r.store, storetest.NewClock(tuesday10))
	r.bot = bot.New(r.svc, bot.Options{BotUsername: "SlotTestBot"})
	d, err := r.svc.Admin.SeedDemo(r.ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	r.demo = d
	cfg.Token = fakeToken
	cfg.APIURL = r.fake.srv.URL
	if cfg.Limits == (Limits{}) {
		cfg.Limits = Limits{Unlimited: true}
	}
	a, err := New(r.ctx, cfg, r.bot, r.svc)
	if err != nil {
		t.Fatal(err)
	}
	r.a = a
	r.fake.reset()
	return r
}

// person is someone on Telegram.
type person struct {
	id   int64
	name string
	lang string
}

func (p person) user() *tgbotapi.User {
	return &tgbotapi.User{ID: p.id, FirstName: p.name, LanguageCode: p.lang}
}

// message builds an update: p writes text in chat (their private chat
// when chat is nil).
func (r *rig) message(p person, chat *tgbotapi.Chat, text string) tgbotapi.Update {
	r.next++
	r.msgID++
	if chat == nil {
		chat = &tgbotapi.Chat{ID: p.id, Type: "private"}
	}
	return tgbotapi.Update{UpdateID: r.next, Message: &tgbotapi.Message{MessageID: r.msgID, From: p.user(), Chat: chat, Text: text}}
}

// press builds an update: p presses a button with data under message msg.
func (r *rig) press(p person, chat *tgbotapi.Chat, msg int, data string) tgbotapi.Update {
	r.next++
	if chat == nil {
		chat = &tgbotapi.Chat{ID: p.id, Type: "private"}
	}
	return tgbotapi.Update{UpdateID: r.next, CallbackQuery: &tgbotapi.CallbackQuery{ID: "cb" + strconv.Itoa(r.next), From: p.user(), Data: data,
		Message: &tgbotapi.Message{MessageID: msg, Chat: chat}}}
}

// handle processes updates one by one, as a worker would.
func (r *rig) handle(us ...tgbotapi.Update) {
	for i := range us {
		r.a.process(&us[i])
	}
}

// keyboardOf decodes a call's inline keyboard.
func keyboardOf(t testing.TB, c apiCall) [][]tgbotapi.InlineKeyboardButton {
	t.Helper()
	raw := c.Params.Get("reply_markup")
	if raw == "" {
		return nil
	}
	var m tgbotapi.InlineKeyboardMarkup
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatalf("reply_markup %q: %v", raw, err)
	}
	return m.InlineKeyboard
}

// button finds the button whose label contains label in the calls.
func button(t testing.TB, calls []apiCall, label string) tgbotapi.InlineKeyboardButton {
	t.Helper()
	for i := len(calls) - 1; i >= 0; i-- {
		for _, row := range keyboardOf(t, calls[i]) {
			for _, b := range row {
				if strings.Contains(b.Text, label) {
					return b
				}
			}
		}
	}
	t.Fatalf("no button %q in %d calls:\n%s", label, len(calls), describe(calls))
	return tgbotapi.InlineKeyboardButton{}
}

// describe prints calls for failure messages.
func describe(calls []apiCall) string {
	var b strings.Builder
	for _, c := range calls {
		b.WriteString(c.Method + " chat=" + c.Params.Get("chat_id") + " msg=" + c.Params.Get("message_id") + ": " +
			c.Params.Get("text") + c.Params.Get("caption") + " " + c.Params.Get("reply_markup") + "\n")
	}
	return b.String()
}

// expectText fails unless some call's text holds every part.
func expectText(t testing.TB, calls []apiCall, parts ...string) {
	t.Helper()
	all := describe(calls)
	for _, p := range parts {
		if !strings.Contains(all, p) {
			t.Fatalf("want %q in:\n%s", p, all)
		}
	}
}
