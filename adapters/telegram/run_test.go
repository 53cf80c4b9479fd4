package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// running starts Run in the background until the test ends.
func (r *rig) running() {
	r.t.Helper()
	ctx, cancel := context.WithCancel(r.ctx)
	done := make(chan error, 1)
	go func() { done <- r.a.Run(ctx) }()
	r.t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			r.t.Errorf("Run: %v", err)
		}
	})
}

// Webhook mode registers the webhook with its secret, and the handler
// refuses calls without it (401) before reading them.
func TestWebhookSecret(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{WebhookURL: "https://bot.example.com/telegram/webhook", WebhookSecret: "s3cret_-A"})
	r.running()
	waitFor(t, func() bool { return len(r.fake.sent("setWebhook")) == 1 })
	hook := r.fake.sent("setWebhook")[0]
	if hook.Params.Get("url") != "https://bot.example.com/telegram/webhook" || hook.Params.Get("secret_token") != "s3cret_-A" ||
		!strings.Contains(hook.Params.Get("allowed_updates"), "callback_query") {
		t.Fatalf("setWebhook %v", hook.Params)
	}
	srv := httptest.NewServer(r.a.Handler())
	defer srv.Close()
	body, _ := json.Marshal(r.message(maria, nil, "/help"))
	post := func(secret string, body []byte) int {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, secret := range []string{"", "wrong", "s3cret_-a"} {
		if code := post(secret, body); code != http.StatusUnauthorized {
			t.Fatalf("secret %q: %d, want 401", secret, code)
		}
	}
	if code := post("s3cret_-A", []byte("{not json")); code != http.StatusBadRequest {
		t.Fatalf("bad JSON: %d", code)
	}
	if n := len(r.fake.sent("sendMessage")); n != 0 {
		t.Fatalf("refused calls were handled: %d messages", n)
	}
	if code := post("s3cret_-A", body); code != http.StatusOK {
		t.Fatalf("good call: %d", code)
	}
	waitFor(t, func() bool { return len(r.fake.sent("sendMessage")) == 1 })
	expectText(t, r.fake.sent("sendMessage"), "Here is what I can do")
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GET: %d", resp.StatusCode)
	}
}

// Without a configured secret, every replica derives the same one from
// the token, and it is not the token; a secret Telegram would refuse is
// refused at start.
func TestWebhookSecretDerived(t *testing.T) {
	t.Parallel()
	a := Config{Token: "1:abc"}.withDefaults()
	b := Config{Token: "1:abc"}.withDefaults()
	c := Config{Token: "2:abc"}.withDefaults()
	if a.WebhookSecret != b.WebhookSecret || a.WebhookSecret == c.WebhookSecret || strings.Contains(a.WebhookSecret, "abc") ||
		!validSecret(a.WebhookSecret) {
		t.Fatalf("secrets %q %q %q", a.WebhookSecret, b.WebhookSecret, c.WebhookSecret)
	}
	if _, err := New(context.Background(), Config{Token: "1:abc", WebhookSecret: "with space"}, nil, nil); err == nil ||
		!strings.Contains(err.Error(), "TELEGRAM_WEBHOOK_SECRET") {
		t.Fatalf("a bad secret: %v", err)
	}
}

// Long polling: updates are fetched and answered; the command lists are
// registered, and a server without setMyCommands (500) changes nothing.
func TestPollingWithoutSetMyCommands(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{PollPause: 10 * time.Millisecond})
	r.fake.setFail(func(c apiCall) (int, string, bool) {
		return 500, `{"message":"API method 'setMyCommands' is not supported."}`, c.Method == "setMyCommands"
	})
	r.fake.push(r.message(maria, nil, "/start"))
	r.running()
	waitFor(t, func() bool { return len(r.fake.sent("sendMessage")) >= 1 })
	expectText(t, r.fake.sent("sendMessage"), "Hi Maria!", "Which time zone are you in?")
	if len(r.fake.sent("setMyCommands")) == 0 || len(r.fake.sent("deleteWebhook")) != 1 {
		t.Fatalf("calls:\n%s", describe(r.fake.sent()))
	}
	// The offset moves past what was handled.
	waitFor(t, func() bool {
		for _, c := range r.fake.sent("getUpdates") {
			if c.Params.Get("offset") == "1002" {
				return true
			}
		}
		return false
	})
}

// The client list is set for everyone; a coach's private chat gets the
// coach list.
func TestCommandListsForClientsAndCoaches(t *testing.T) {
	t.Parallel()
	r := newRig(t, Config{PollPause: 10 * time.Millisecond})
	coach := person{id: 9001, name: "Ana", lang: "fr"}
	r.handle(r.message(coach, nil, "/start"))
	makeCoach(t, r, coach)
	r.fake.reset()
	r.running()
	// One list per language for everyone, then the coach's own.
	waitFor(t, func() bool {
		coach, ru := false, false
		for _, c := range r.fake.sent("setMyCommands") {
			coach = coach || strings.Contains(c.Params.Get("scope"), `"chat"`)
			ru = ru || c.Params.Get("language_code") == "ru"
		}
		return coach && ru
	})
	var scoped, french, russian bool
	for _, c := range r.fake.sent("setMyCommands") {
		scope := c.Params.Get("scope")
		if strings.Contains(scope, `"chat"`) && strings.Contains(scope, "9001") {
			scoped = true
			if !strings.Contains(c.Params.Get("commands"), `"announce"`) || !strings.Contains(c.Params.Get("commands"), "Votre menu") {
				t.Fatalf("coach list %s", c.Params.Get("commands"))
			}
		}
		if c.Params.Get("language_code") == "fr" && strings.Contains(c.Params.Get("commands"), "Réserver") {
			french = true
		}
		if c.Params.Get("language_code") == "ru" && strings.Contains(c.Params.Get("commands"), "Записаться") {
			russian = true
		}
	}
	if !scoped || !french || !russian {
		t.Fatalf("setMyCommands calls:\n%v", r.fake.sent("setMyCommands"))
	}
}

// makeCoach makes the Telegram person p a coach: the demo studio's coach
// record is pointed at their client record.
func makeCoach(t *testing.T, r *rig, p person) *core.Coach {
	t.Helper()
	var coach *core.Coach
	err := r.store.Update(r.ctx, func(tx core.Tx) error {
		acc, err := tx.Account(Platform, strconv.FormatInt(p.id, 10))
		if err != nil {
			return err
		}
		coach = r.demo.Coach
		coach.ClientID = acc.ClientID
		return tx.UpdateCoach(coach)
	})
	if err != nil {
		t.Fatal(err)
	}
	return coach
}
