package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// botAPI is a fake Telegram Bot API server for whole-process tests: it
// answers what the adapter calls at start and records every message
// sent, per chat. Several Slotbot processes may share one.
type botAPI struct {
	t     testing.TB
	token string
	srv   *httptest.Server

	mu     sync.Mutex
	nextID int
	sent   []sentMessage
	calls  map[string]int
	// limit, when > 0, answers that many of the next sendMessage calls
	// with 429 Too Many Requests.
	limit int
	// delay is how long each sendMessage takes, so sends are in flight
	// for a while.
	delay time.Duration
	// slow, when set, is how long the sendMessage of text into chat
	// takes at least.
	slow func(chat, text string) time.Duration
	// floodLimits, when set, refuses with 429 and retry_after any message
	// over Telegram's limits as its Bot FAQ states them, with the short
	// bursts it tolerates: 30 a second for the bot, one a second in a
	// private chat (bursts of 3); refused counts them.
	floodLimits bool
	refused     int
	tat         time.Time
	chatTAT     map[string]time.Time
}

// overLimit books a message into chat at now on the GCRA of the limits,
// or reports that Telegram would refuse it. Called with mu held.
func (f *botAPI) overLimit(chat string, now time.Time) bool {
	if f.chatTAT == nil {
		f.chatTAT = map[string]time.Time{}
	}
	allows := func(tat time.Time, every time.Duration) (bool, time.Time) {
		if tat.Before(now) {
			tat = now
		}
		return !tat.After(now.Add(2 * every)), tat.Add(every) // burst 3
	}
	okAll, tat := allows(f.tat, time.Second/30)
	okChat, chatTAT := allows(f.chatTAT[chat], time.Second)
	if !okAll || !okChat {
		f.refused++
		var last []time.Duration
		for i := max(len(f.sent)-5, 0); i < len(f.sent); i++ {
			last = append(last, now.Sub(f.sent[i].at))
		}
		f.t.Logf("refused: all %v chat %v; the last messages %v ago", !okAll, !okChat, last)
		return true
	}
	f.tat, f.chatTAT[chat] = tat, chatTAT
	return false
}

// sentMessage is one message a process sent into a chat.
type sentMessage struct {
	chat string
	text string
	at   time.Time
}

func newBotAPI(t testing.TB, token string) *botAPI {
	f := &botAPI{t: t, token: token, nextID: 1000, calls: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// URL is the TELEGRAM_API_URL of the fake.
func (f *botAPI) URL() string { return f.srv.URL }

func (f *botAPI) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	method, ok := strings.CutPrefix(r.URL.Path, "/bot"+f.token+"/")
	if !ok {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"ok":false,"error_code":401,"description":"Unauthorized"}`))
		return
	}
	var params url.Values
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(1 << 20); err == nil {
			params = url.Values(r.MultipartForm.Value)
		}
	} else if err := r.ParseForm(); err == nil {
		params = r.PostForm
	}
	f.mu.Lock()
	f.calls[method]++
	if method == "sendMessage" && (f.limit > 0 || f.floodLimits && f.overLimit(params.Get("chat_id"), time.Now())) {
		f.limit = max(f.limit-1, 0)
		f.mu.Unlock()
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}`))
		return
	}
	var result any = true
	switch method {
	case "getMe":
		result = map[string]any{"id": 4242, "is_bot": true, "first_name": "Slotbot", "username": "SlotTestBot"}
	case "getUpdates":
		result = []any{}
	case "sendMessage", "sendDocument":
		f.nextID++
		chat := params.Get("chat_id")
		f.sent = append(f.sent, sentMessage{chat: chat, text: params.Get("text"), at: time.Now()})
		result = map[string]any{"message_id": f.nextID, "date": time.Now().Unix(),
			"chat": map[string]any{"id": json.Number(chat), "type": "private"}, "text": params.Get("text")}
	}
	f.mu.Unlock()
	if method == "getUpdates" {
		time.Sleep(50 * time.Millisecond) // a long poll that returns at once would spin
	}
	if method == "sendMessage" {
		f.mu.Lock()
		d := f.delay
		if f.slow != nil {
			d = max(d, f.slow(params.Get("chat_id"), params.Get("text")))
		}
		f.mu.Unlock()
		time.Sleep(d)
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
}

// messages returns what chat received so far.
func (f *botAPI) messages(chat string) []sentMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []sentMessage
	for _, m := range f.sent {
		if m.chat == chat {
			out = append(out, m)
		}
	}
	return out
}

// called counts the calls of method.
func (f *botAPI) called(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[method]
}

// waitUntil polls until cond holds or the timeout passes.
func waitUntil(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// telegramUpdate is a private message from user, as Telegram posts it to
// the webhook; a text starting with / is a command.
func telegramUpdate(id int, user int64, name, text string) []byte {
	msg := map[string]any{"message_id": id, "date": time.Now().Unix(), "text": text,
		"from": map[string]any{"id": user, "is_bot": false, "first_name": name, "language_code": "en"},
		"chat": map[string]any{"id": user, "type": "private", "first_name": name}}
	if strings.HasPrefix(text, "/") {
		cmd, _, _ := strings.Cut(text, " ")
		msg["entities"] = []any{map[string]any{"type": "bot_command", "offset": 0, "length": len(cmd)}}
	}
	b, err := json.Marshal(map[string]any{"update_id": id, "message": msg})
	if err != nil {
		panic(fmt.Sprint(err))
	}
	return b
}
