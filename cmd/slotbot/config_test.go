package main

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Fake secrets shaped like real ones; no log line or printout may hold
// them.
const (
	fakeTelegramToken  = "123456789:AAFakeTelegramTokenForTests_0123456789"
	fakeWebhookSecret  = "fake-webhook-secret-0123456789"
	fakeDiscordToken   = "MTFakeDiscordToken.ForTests.0123456789abcdef"
	fakeStripeKey      = "sk_test_FakeStripeKeyForTests0123456789"
	fakeStripeWebhook  = "whsec_FakeStripeWebhookSecret0123456789"
	fakeDBPassword     = "fake-db-password-0123456789"
	fakeDiscordKeyHex  = "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29"
	fakeDatabaseURLFmt = "postgres://slotbot:%s@127.0.0.1:5432/slotbot?sslmode=disable"
)

// fakeSecrets lists the fake secrets a test hunts for.
func fakeSecrets() []string {
	return []string{fakeTelegramToken, fakeWebhookSecret, fakeDiscordToken, fakeStripeKey, fakeStripeWebhook, fakeDBPassword}
}

// secretFile writes a secret to a file, with the trailing newline editors
// leave, and returns its path.
func secretFile(t *testing.T, value string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(p, []byte(value+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConfigValidation(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope")
	empty := secretFile(t, "")
	for _, tc := range []struct {
		name string
		vars map[string]string
		want []string // substrings of the problems; none: valid
	}{
		{"nothing set is the terminal chat's SQLite default", map[string]string{}, nil},
		{"a full studio", map[string]string{
			"DATABASE_URL": "postgres://slotbot:pw@db/slotbot", "SLOTBOT_HTTP_ADDR": "0.0.0.0:9090",
			"SLOTBOT_PUBLIC_URL": "https://book.example.com/", "SLOTBOT_OWNERS": "telegram:123, discord:456,console:ana",
			"SLOTBOT_LOG_FORMAT": "JSON", "SLOTBOT_LOG_LEVEL": "debug", "SLOTBOT_SHUTDOWN_TIMEOUT": "30s",
			"SLOTBOT_OUTBOX_LEASE": "1m", "TELEGRAM_TOKEN": fakeTelegramToken,
			"TELEGRAM_WEBHOOK_URL": "https://book.example.com/telegram/webhook", "TELEGRAM_WEBHOOK_SECRET": fakeWebhookSecret,
			"DISCORD_TOKEN": fakeDiscordToken, "DISCORD_APP_ID": "1234567890", "DISCORD_GUILD_ID": "987654321",
			"DISCORD_PUBLIC_KEY": fakeDiscordKeyHex, "STRIPE_SECRET_KEY": fakeStripeKey,
			"STRIPE_WEBHOOK_SECRET": fakeStripeWebhook}, nil},
		{"secrets from files", map[string]string{"TELEGRAM_TOKEN_FILE": secretFile(t, fakeTelegramToken),
			"DATABASE_URL_FILE": secretFile(t, "sqlite:/data/slotbot.db")}, nil},
		{"bad database URL", map[string]string{"DATABASE_URL": "mysql://x"}, []string{"DATABASE_URL: must be postgres://… or sqlite:PATH"}},
		{"sqlite without a file", map[string]string{"DATABASE_URL": "sqlite:"}, []string{"DATABASE_URL:", "names no file"}},
		{"bad address", map[string]string{"SLOTBOT_HTTP_ADDR": "8080"}, []string{`SLOTBOT_HTTP_ADDR: must be host:port or :port, got "8080"`}},
		{"bad port", map[string]string{"SLOTBOT_HTTP_ADDR": ":http8"}, []string{"SLOTBOT_HTTP_ADDR: the port must be a number"}},
		{"relative public URL", map[string]string{"SLOTBOT_PUBLIC_URL": "book.example.com"}, []string{"SLOTBOT_PUBLIC_URL: must be an absolute http(s) URL"}},
		{"owner without platform", map[string]string{"SLOTBOT_OWNERS": "123"}, []string{`SLOTBOT_OWNERS: "123" is not platform:id`}},
		{"owner on an unknown platform", map[string]string{"SLOTBOT_OWNERS": "slack:U1"}, []string{"the platform must be telegram, discord or console"}},
		{"telegram owner by name", map[string]string{"SLOTBOT_OWNERS": "telegram:@ana"}, []string{"a telegram user id is a number"}},
		{"log format", map[string]string{"SLOTBOT_LOG_FORMAT": "xml"}, []string{`SLOTBOT_LOG_FORMAT: must be text or json, got "xml"`}},
		{"log level", map[string]string{"SLOTBOT_LOG_LEVEL": "loud"}, []string{`SLOTBOT_LOG_LEVEL: must be debug, info, warn or error, got "loud"`}},
		{"shutdown timeout", map[string]string{"SLOTBOT_SHUTDOWN_TIMEOUT": "15"}, []string{"SLOTBOT_SHUTDOWN_TIMEOUT: must be a duration"}},
		{"profiler address", map[string]string{"SLOTBOT_PPROF_ADDR": "6060"}, []string{`SLOTBOT_PPROF_ADDR: must be host:port or :port, got "6060"`}},
		{"lease too short", map[string]string{"SLOTBOT_OUTBOX_LEASE": "10ms"}, []string{"SLOTBOT_OUTBOX_LEASE: must be between 1s and 1h0m0s"}},
		{"telegram token shape", map[string]string{"TELEGRAM_TOKEN": "not a token"}, []string{"TELEGRAM_TOKEN: does not look like a Bot API token"}},
		{"webhook without token", map[string]string{"TELEGRAM_WEBHOOK_URL": "https://x.example/telegram/webhook"}, []string{"TELEGRAM_TOKEN: is not set"}},
		{"webhook elsewhere", map[string]string{"TELEGRAM_TOKEN": fakeTelegramToken, "TELEGRAM_WEBHOOK_URL": "https://x.example/hook"},
			[]string{"TELEGRAM_WEBHOOK_URL: must end with /telegram/webhook"}},
		{"webhook secret charset", map[string]string{"TELEGRAM_TOKEN": fakeTelegramToken, "TELEGRAM_WEBHOOK_SECRET": "has spaces!"},
			[]string{"TELEGRAM_WEBHOOK_SECRET: must be 1 to 256 letters"}},
		{"discord ids", map[string]string{"DISCORD_TOKEN": fakeDiscordToken, "DISCORD_APP_ID": "app", "DISCORD_GUILD_ID": "-1"},
			[]string{`DISCORD_APP_ID: must be a Discord id (digits), got "app"`, "DISCORD_GUILD_ID: must be a Discord id"}},
		{"discord key", map[string]string{"DISCORD_TOKEN": fakeDiscordToken, "DISCORD_PUBLIC_KEY": "abc"}, []string{"DISCORD_PUBLIC_KEY: must be 64 hex digits"}},
		{"discord token with prefix", map[string]string{"DISCORD_TOKEN": "Bot " + fakeDiscordToken}, []string{"DISCORD_TOKEN: must be the bot token alone"}},
		{"stripe without webhook secret", map[string]string{"STRIPE_SECRET_KEY": fakeStripeKey, "SLOTBOT_PUBLIC_URL": "https://x.example"},
			[]string{"STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY"}},
		{"stripe without public URL", map[string]string{"STRIPE_SECRET_KEY": fakeStripeKey, "STRIPE_WEBHOOK_SECRET": fakeStripeWebhook},
			[]string{"SLOTBOT_PUBLIC_URL (where Checkout sends clients back) must be an absolute http(s) URL"}},
		{"stripe publishable key", map[string]string{"STRIPE_SECRET_KEY": "pk_test_123", "STRIPE_WEBHOOK_SECRET": fakeStripeWebhook,
			"SLOTBOT_PUBLIC_URL": "https://x.example"}, []string{"STRIPE_SECRET_KEY must be a secret (sk_…) or restricted (rk_…) key"}},
		{"stripe webhook alone", map[string]string{"STRIPE_WEBHOOK_SECRET": fakeStripeWebhook}, []string{"STRIPE_SECRET_KEY: is not set"}},
		{"secret twice", map[string]string{"TELEGRAM_TOKEN": fakeTelegramToken, "TELEGRAM_TOKEN_FILE": "/run/secrets/t"},
			[]string{"TELEGRAM_TOKEN and TELEGRAM_TOKEN_FILE are both set; keep one"}},
		{"missing secret file", map[string]string{"STRIPE_SECRET_KEY_FILE": missing},
			[]string{"STRIPE_SECRET_KEY_FILE: cannot read " + missing + ": no such file or directory"}},
		{"empty secret file", map[string]string{"DISCORD_TOKEN_FILE": empty}, []string{"DISCORD_TOKEN_FILE: " + empty + " is empty"}},
		{"every problem at once", map[string]string{"SLOTBOT_LOG_FORMAT": "xml", "SLOTBOT_HTTP_ADDR": "nope", "DISCORD_APP_ID": "1"},
			[]string{"SLOTBOT_LOG_FORMAT", "SLOTBOT_HTTP_ADDR", "DISCORD_TOKEN: is not set"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadConfig(env(tc.vars))
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("want %q, got a valid configuration", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("want %q in:\n%v", w, err)
				}
			}
			for _, s := range fakeSecrets() {
				if strings.Contains(err.Error(), s) {
					t.Errorf("the error quotes a secret:\n%v", err)
				}
			}
		})
	}
}

// The Stripe variables, a secret from a file included, land in the
// Stripe adapter's Config, with stripe-go's two retries.
func TestConfigStripe(t *testing.T) {
	c, err := loadConfig(env(map[string]string{
		"STRIPE_SECRET_KEY": fakeStripeKey, "STRIPE_WEBHOOK_SECRET_FILE": secretFile(t, fakeStripeWebhook),
		"STRIPE_API_URL": "http://127.0.0.1:12111", "SLOTBOT_PUBLIC_URL": "https://bot.example.com",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if s := c.Stripe; !s.Enabled() || s.SecretKey != fakeStripeKey || s.WebhookSecret != fakeStripeWebhook ||
		s.APIURL != "http://127.0.0.1:12111" || s.PublicURL != "https://bot.example.com" || s.MaxNetworkRetries != 2 {
		t.Fatalf("stripe config = %+v", s)
	}
	off, err := loadConfig(env(map[string]string{}))
	if err != nil || off.Stripe.Enabled() {
		t.Fatalf("no keys: %+v, %v", off.Stripe, err)
	}
}

// Values, defaults and secrets from files land in the Config.
func TestConfigValues(t *testing.T) {
	c, err := loadConfig(env(map[string]string{
		"DATABASE_URL_FILE": secretFile(t, "postgres://slotbot:"+fakeDBPassword+"@db/slotbot"),
		"TELEGRAM_TOKEN":    " " + fakeTelegramToken + " ", "SLOTBOT_OWNERS": "telegram:1,discord:2",
		"SLOTBOT_PUBLIC_URL": "https://book.example.com/", "SLOTBOT_LOG_LEVEL": "warn",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != "postgres://slotbot:"+fakeDBPassword+"@db/slotbot" || c.Telegram.Token != fakeTelegramToken ||
		c.HTTPAddr != ":8080" || c.PublicURL != "https://book.example.com" || c.LogLevel != slog.LevelWarn ||
		c.LogFormat != "text" || c.ShutdownTimeout != 15*time.Second || c.OutboxLease != 2*time.Minute ||
		strings.Join(c.Owners, " ") != "telegram:1 discord:2" {
		t.Fatalf("config = %+v", c)
	}
}

// `slotbot config` shows every variable, values and defaults, and hides
// every secret, the database password included.
func TestPrintConfigHidesSecrets(t *testing.T) {
	c, err := loadConfig(env(map[string]string{
		"DATABASE_URL":            "postgres://slotbot:" + fakeDBPassword + "@db:5432/slotbot?sslmode=disable",
		"TELEGRAM_TOKEN_FILE":     secretFile(t, fakeTelegramToken),
		"TELEGRAM_WEBHOOK_URL":    "https://book.example.com/telegram/webhook",
		"TELEGRAM_WEBHOOK_SECRET": fakeWebhookSecret, "DISCORD_TOKEN": fakeDiscordToken,
		"STRIPE_SECRET_KEY": fakeStripeKey, "STRIPE_WEBHOOK_SECRET": fakeStripeWebhook,
		"SLOTBOT_PUBLIC_URL": "https://book.example.com",
	}))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	c.printConfig(&out)
	got := out.String()
	for _, v := range variables() {
		if !strings.Contains(got, "\n"+v.name+"=") {
			t.Errorf("%s missing", v.name)
		}
	}
	for _, want := range []string{"DATABASE_URL=postgres://slotbot:***@db:5432/slotbot?sslmode=disable",
		"SLOTBOT_HTTP_ADDR=:8080", "# default", "TELEGRAM_TOKEN=***", "# from file ", "STRIPE_SECRET_KEY=***",
		"# telegram: webhook at https://book.example.com/telegram/webhook", "# payments: Stripe Checkout",
		"# calendar feeds: https://book.example.com/feed/<token>.ics"} {
		if !strings.Contains(got, want) {
			t.Errorf("want %q in:\n%s", want, got)
		}
	}
	for _, s := range fakeSecrets() {
		if strings.Contains(got, s) {
			t.Errorf("secret %q printed:\n%s", s, got)
		}
	}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "config", c)
	for _, s := range fakeSecrets() {
		if strings.Contains(logged.String(), s) {
			t.Errorf("secret %q logged:\n%s", s, logged.String())
		}
	}
	if !strings.Contains(logged.String(), `"telegram_token_set":true`) {
		t.Errorf("the log does not say the token is set:\n%s", logged.String())
	}
}

// A secret that reaches a log line by mistake — in the message, a string,
// an error, a group or a logger's attributes — is blanked, in text and
// JSON.
func TestLoggerBlanksSecrets(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		c, err := loadConfig(env(map[string]string{"TELEGRAM_TOKEN": fakeTelegramToken, "SLOTBOT_LOG_FORMAT": format,
			"DATABASE_URL": "postgres://u:" + fakeDBPassword + "@db/x"}))
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		log := c.logger(&out).With("url", "https://api.telegram.org/bot"+fakeTelegramToken+"/getMe")
		log.Error("failed with "+fakeTelegramToken, "err", os.ErrNotExist, "cause",
			&os.PathError{Op: "open", Path: fakeDBPassword, Err: os.ErrNotExist},
			slog.Group("db", "dsn", "postgres://u:"+fakeDBPassword+"@db/x"), "n", 3)
		got := out.String()
		if strings.Contains(got, fakeTelegramToken) || strings.Contains(got, fakeDBPassword) {
			t.Fatalf("%s: secret logged:\n%s", format, got)
		}
		if !strings.Contains(got, "***") || !strings.Contains(got, "getMe") || !strings.Contains(got, "3") {
			t.Fatalf("%s: the line lost more than its secrets:\n%s", format, got)
		}
	}
}

// docs/deploy.md documents every variable with the default the code
// uses, and the defaults shown are the ones applied.
func TestDeployDocListsEveryVariable(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "deploy.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range variables() {
		def := ""
		if v.def != "" {
			def = "`" + v.def + "`"
		}
		if row := "| `" + v.name + "` | " + def + " |"; !strings.Contains(string(doc), row) {
			t.Errorf("docs/deploy.md lacks the row %q", row)
		}
	}
	for name, want := range map[string]time.Duration{"SLOTBOT_SHUTDOWN_TIMEOUT": defaultShutdownTimeout, "SLOTBOT_OUTBOX_LEASE": defaultOutboxLease} {
		for _, v := range variables() {
			if d, err := time.ParseDuration(v.def); v.name == name && (err != nil || d != want) {
				t.Errorf("%s shows default %q, applies %v", name, v.def, want)
			}
		}
	}
}
