package main

import (
	"cmp"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"net"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/telegram"
)

// testPostgres is the shared PostgreSQL server of the tests that do not
// stop or freeze theirs.
func testPostgres() string {
	return cmp.Or(os.Getenv("SLOTBOT_TEST_POSTGRES"), "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable")
}

// freePort is a loopback port nothing listens on (for now).
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	return port
}

// DISCORD_TOKEN set and Discord unreachable: the process does not exit.
// Telegram, the HTTP listener and the scheduler go on; /readyz and
// /metrics say Discord is down and why; Discord is tried again with a
// growing pause, and comes up by itself once its API answers.
func TestDiscordUnreachableWhileTelegramWorks(t *testing.T) {
	t.Parallel()
	dsn := freshDatabase(t, testPostgres())
	api := newBotAPI(t, fakeTelegramToken)
	port := freePort(t)
	pub, _, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	stderr := &lockedBuffer{}
	m := &Main{Getenv: env(map[string]string{
		"DATABASE_URL": dsn, "SLOTBOT_HTTP_ADDR": "127.0.0.1:0",
		"TELEGRAM_TOKEN": fakeTelegramToken, "TELEGRAM_API_URL": api.URL(),
		"TELEGRAM_WEBHOOK_URL": "https://bot.example.com/telegram/webhook", "TELEGRAM_WEBHOOK_SECRET": fakeWebhookSecret,
		"DISCORD_TOKEN": "discord-test-token", "DISCORD_APP_ID": "4242", "DISCORD_PUBLIC_KEY": hex.EncodeToString(pub),
		"DISCORD_API_URL": "http://127.0.0.1:" + strconv.Itoa(port),
	}), Stdin: &tripwire{}, Stdout: &lockedBuffer{}, Stderr: stderr}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- m.Run(ctx, []string{"serve"}) }()
	base := "http://" + waitFor(t, stderr, done, regexp.MustCompile(`http listening" addr=(\S+)`))

	var ready string
	waitUntil(t, 10*time.Second, "/readyz naming Discord down", func() bool {
		code, body := get(t, base+"/readyz")
		ready = body
		return code == 503 && strings.Contains(body, "discord: down:") && strings.Contains(body, "telegram: ok")
	})
	downAfter := time.Since(start)
	contains(t, "/readyz", ready, "database: ok")
	_, metrics := get(t, base+"/metrics")
	contains(t, "/metrics", metrics, `slotbot_platform_up{platform="discord"} 0`, `slotbot_platform_up{platform="telegram"} 1`)

	// Telegram answers meanwhile.
	sent := time.Now()
	if code := post(t, base+telegram.WebhookPath, telegramUpdate(1, 555, "Maria", "/start"),
		"X-Telegram-Bot-Api-Secret-Token", fakeWebhookSecret); code != 200 {
		t.Fatalf("Telegram webhook while Discord is down: %d", code)
	}
	waitUntil(t, 10*time.Second, "Telegram's answer", func() bool { return len(api.messages("555")) > 0 })
	answered := time.Since(sent)
	contains(t, "the answer", api.messages("555")[0].text, "Hi Maria!")

	// Tried again, with a growing pause.
	retries := regexp.MustCompile(`platform down; retrying" platform=discord .*retry_in=(\S+)`)
	waitUntil(t, 10*time.Second, "Discord tried three times", func() bool {
		return len(retries.FindAllString(stderr.String(), -1)) >= 3
	})
	var pauses []string
	for _, m := range retries.FindAllStringSubmatch(stderr.String(), 3) {
		pauses = append(pauses, m[1])
	}
	if strings.Join(pauses, " ") != "1s 2s 4s" {
		t.Fatalf("pauses between tries: %v, want 1s 2s 4s", pauses)
	}

	// Discord's API answers again: the commands are registered and it
	// is up, without a restart.
	var registered atomic.Int32
	ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatalf("the fake Discord cannot take its port back: %v", err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, "/applications/4242/commands") {
			registered.Add(1)
			_, _ = w.Write([]byte("[]"))
			return
		}
		_, _ = w.Write([]byte("{}"))
	})}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	back := time.Now()
	waitUntil(t, 20*time.Second, "/readyz green", func() bool { code, _ := get(t, base+"/readyz"); return code == 200 })
	upAfter := time.Since(back)
	if registered.Load() == 0 {
		t.Fatal("Discord came up without registering its commands")
	}
	_, metrics = get(t, base+"/metrics")
	contains(t, "/metrics", metrics, `slotbot_platform_up{platform="discord"} 1`)
	if strings.Contains(stderr.String(), "gateway") && !strings.Contains(stderr.String(), "without a gateway") {
		t.Fatalf("the gateway was used with DISCORD_PUBLIC_KEY set:\n%s", stderr)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v\n%s", err, stderr)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
	figure(t, "`DISCORD_TOKEN` set, Discord unreachable", "Telegram answered in %v meanwhile; `/readyz` named Discord "+
		"down %v after start; tries paused %s; Discord up %v after its API came back", answered.Round(10*time.Millisecond),
		downAfter.Round(100*time.Millisecond), strings.Join(pauses, ", "), upAfter.Round(100*time.Millisecond))
}
