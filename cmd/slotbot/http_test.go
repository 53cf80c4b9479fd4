package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/telegram"
)

// get fetches url and returns the status and body.
func get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// post sends body to url with headers and returns the status.
func post(t *testing.T, url string, body []byte, headers ...string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// contains fails unless s holds every part.
func contains(t *testing.T, what, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			t.Fatalf("%s lacks %q:\n%s", what, p, s)
		}
	}
}

// The whole serve path with every secret set (fake ones): the HTTP
// listener answers health, readiness and metrics, takes Telegram's
// webhook (a client gets answers from the fake Bot API) and serves the
// calendar feed; Stripe's routes are mounted; no secret appears in the
// logs or in `slotbot config`; SIGTERM's context stops it cleanly.
func TestServeWithEveryRouteAndNoSecretLogged(t *testing.T) {
	api := newBotAPI(t, fakeTelegramToken)
	vars := map[string]string{
		"DATABASE_URL":            "sqlite:" + filepath.Join(t.TempDir(), "slotbot.db"),
		"SLOTBOT_HTTP_ADDR":       "127.0.0.1:0",
		"SLOTBOT_PUBLIC_URL":      "https://book.example.com",
		"SLOTBOT_LOG_FORMAT":      "json",
		"SLOTBOT_LOG_LEVEL":       "debug",
		"SLOTBOT_OWNERS":          "telegram:555",
		"TELEGRAM_TOKEN_FILE":     secretFile(t, fakeTelegramToken),
		"TELEGRAM_API_URL":        api.URL(),
		"TELEGRAM_WEBHOOK_URL":    "https://book.example.com/telegram/webhook",
		"TELEGRAM_WEBHOOK_SECRET": fakeWebhookSecret,
		"STRIPE_SECRET_KEY_FILE":  secretFile(t, fakeStripeKey),
		"STRIPE_WEBHOOK_SECRET":   fakeStripeWebhook,
		"STRIPE_API_URL":          "http://127.0.0.1:9",
	}
	stdout, stderr := &lockedBuffer{}, &lockedBuffer{}
	m := &Main{Getenv: env(vars), Stdin: &tripwire{}, Stdout: stdout, Stderr: stderr}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, []string{"serve"}) }()
	base := "http://" + waitFor(t, stderr, done, regexp.MustCompile(`http listening","addr":"([^"]+)"`))

	if code, body := get(t, base+"/healthz"); code != 200 || body != "ok" {
		t.Fatalf("/healthz = %d %q", code, body)
	}
	var ready string
	waitUntil(t, 10*time.Second, "/readyz", func() bool {
		code, body := get(t, base+"/readyz")
		ready = body
		return code == 200
	})
	contains(t, "/readyz", ready, "database: ok\n", "migrations: ok\n", "telegram: ok\n")
	if api.called("setWebhook") != 1 {
		t.Fatalf("setWebhook called %d times", api.called("setWebhook"))
	}

	hook := base + telegram.WebhookPath
	if code := post(t, hook, telegramUpdate(1, 555, "Maria", "/start")); code != http.StatusUnauthorized {
		t.Fatalf("webhook without the secret: %d", code)
	}
	if code := post(t, hook, telegramUpdate(2, 555, "Maria", "/start"), "X-Telegram-Bot-Api-Secret-Token", fakeWebhookSecret); code != 200 {
		t.Fatalf("webhook: %d", code)
	}
	waitUntil(t, 10*time.Second, "the answer to /start", func() bool { return len(api.messages("555")) > 0 })
	contains(t, "the answer to /start", api.messages("555")[0].text, "Hi Maria!")

	// Telegram slows the bot down once: the adapter waits and sends.
	api.mu.Lock()
	api.limit = 1
	api.mu.Unlock()
	post(t, hook, telegramUpdate(3, 555, "Maria", "/calendar"), "X-Telegram-Bot-Api-Secret-Token", fakeWebhookSecret)
	link := regexp.MustCompile(`https://book\.example\.com(/feed/[A-Za-z0-9_-]+\.ics)`)
	var feed string
	waitUntil(t, 10*time.Second, "the calendar link", func() bool {
		for _, msg := range api.messages("555") {
			if m := link.FindStringSubmatch(msg.text); m != nil {
				feed = m[1]
			}
		}
		return feed != ""
	})
	code, cal := get(t, base+feed)
	if code != 200 {
		t.Fatalf("GET %s = %d", feed, code)
	}
	contains(t, "the feed", cal, "BEGIN:VCALENDAR\r\n", "X-WR-CALNAME:My sessions", "END:VCALENDAR\r\n")
	for _, bad := range []string{"/feed/" + strings.Repeat("A", 43) + ".ics", strings.TrimSuffix(feed, ".ics"), "/feed/..%2f.ics"} {
		if code, _ := get(t, base+bad); code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", bad, code)
		}
	}

	if code := post(t, base+"/stripe/webhook", []byte(`{"id":"evt_1"}`), "Stripe-Signature", "t=1,v1=bad"); code != http.StatusBadRequest {
		t.Errorf("unsigned Stripe event: %d, want 400", code)
	}
	if code, body := get(t, base+"/stripe/return?result=paid"); code != 200 || !strings.Contains(body, "Thank you") {
		t.Errorf("Stripe return page: %d %q", code, body)
	}
	if code := post(t, base+DiscordInteractionsPath, []byte(`{}`)); code != http.StatusNotFound {
		t.Errorf("Discord endpoint without Discord: %d, want 404", code)
	}

	_, metrics := get(t, base+"/metrics")
	contains(t, "/metrics", metrics,
		`slotbot_updates_total{kind="command",platform="telegram"} 2`,
		`slotbot_update_duration_seconds_count{platform="telegram"} 2`,
		`slotbot_platform_rate_limited_total{platform="telegram"} 1`,
		`slotbot_platform_requests_total{platform="telegram",status="2xx"}`,
		"slotbot_outbox_up 1", "slotbot_outbox_lag_seconds 0", "slotbot_outbox_dead 0", "go_goroutines")
	if !regexp.MustCompile(`slotbot_replies_total\{platform="telegram"\} [2-9]`).MatchString(metrics) {
		t.Errorf("replies not counted:\n%s", metrics)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
	logs := stderr.String()
	contains(t, "the log", logs, `"msg":"slotbot: shutting down"`, `"msg":"slotbot: stopped"`, `"telegram_token_set":true`)

	var printed bytes.Buffer
	pm := &Main{Getenv: env(vars), Stdout: &printed, Stderr: &printed}
	if err := pm.Run(context.Background(), []string{"config"}); err != nil {
		t.Fatalf("slotbot config: %v\n%s", err, printed.String())
	}
	for _, s := range fakeSecrets() {
		if strings.Contains(logs, s) {
			t.Errorf("secret %q in the logs:\n%s", s, logs)
		}
		if strings.Contains(printed.String(), s) || strings.Contains(stdout.String(), s) {
			t.Errorf("secret %q printed:\n%s", s, printed.String())
		}
	}
}

// A configuration mistake stops every command that runs Slotbot before
// anything starts, naming each bad variable; `slotbot config` shows the
// configuration and the problems.
func TestBadConfigurationStopsTheStart(t *testing.T) {
	vars := map[string]string{"SLOTBOT_LOG_FORMAT": "xml", "TELEGRAM_TOKEN": "nope",
		"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "x.db")}
	for _, cmd := range []string{"serve", "run", "migrate", "config"} {
		var out lockedBuffer
		m := &Main{Getenv: env(vars), Stdin: &tripwire{}, Stdout: &out, Stderr: &out}
		err := m.Run(context.Background(), []string{cmd})
		if err == nil {
			t.Fatalf("%s started with a bad configuration", cmd)
		}
		contains(t, cmd, err.Error(), "configuration is not valid", "SLOTBOT_LOG_FORMAT: must be text or json", "TELEGRAM_TOKEN: does not look like")
		if cmd == "config" {
			contains(t, "slotbot config", out.String(), "SLOTBOT_LOG_FORMAT=xml", "TELEGRAM_TOKEN=***")
		}
	}
}
