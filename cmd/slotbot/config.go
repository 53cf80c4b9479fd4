package main

import (
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/slotbot/slotbot/adapters/console"
	"github.com/slotbot/slotbot/adapters/discord"
	"github.com/slotbot/slotbot/adapters/stripe"
	"github.com/slotbot/slotbot/adapters/telegram"
)

// Slotbot is configured by environment variables only. Every secret may
// instead be given in a file named by <NAME>_FILE (Docker and Kubernetes
// secrets), and is never printed or logged. Everything is read and
// checked once, at start, so a mistake stops the process with a message
// naming each bad variable rather than failing later.

// variable is one environment variable Slotbot reads.
type variable struct {
	name   string
	def    string // the default, as shown; "" for none
	secret bool   // also read from NAME_FILE; hidden in `slotbot config` and the logs
	help   string // what it is for, one line
}

// variables lists every environment variable, in the order `slotbot
// config` and the documentation show them.
func variables() []variable {
	return []variable{
		{"DATABASE_URL", defaultDatabaseURL, true, "the store: postgres://user:pass@host/db (several replicas) or sqlite:PATH (one process)"},
		{"SLOTBOT_HTTP_ADDR", defaultHTTPAddr, false, "where the HTTP listener binds: health, metrics, webhooks, calendar feeds"},
		{"SLOTBOT_PUBLIC_URL", "", false, "this server's public https address (Stripe's return page, calendar feed links)"},
		{"SLOTBOT_OWNERS", "", false, "who may add coaches: platform-qualified ids, e.g. telegram:123,discord:456; in the terminal chat console:coach (/as coach) or console:NAME (/as NAME)"},
		{"SLOTBOT_LOG_FORMAT", "text", false, "log format: text or json"},
		{"SLOTBOT_LOG_LEVEL", "info", false, "least level logged: debug, info, warn or error"},
		{"SLOTBOT_SHUTDOWN_TIMEOUT", "15s", false, "how long SIGTERM waits for work in flight before closing"},
		{"SLOTBOT_OUTBOX_LEASE", "2m", false, "how long a claimed notice is one replica's before another may send it"},
		{"SLOTBOT_PPROF_ADDR", "", false, "where Go's profiler (/debug/pprof/) listens, e.g. 127.0.0.1:6060; unset: off"},
		{"SLOTBOT_INBOX_LEASE", "1m", false, "how long a claimed chat update is one replica's before another may handle it (renewed while it is handled)"},
		{"SLOTBOT_UPDATE_TIMEOUT", "4s", false, "the deadline on one chat update's work; past it the person is told to try again in a moment"},
		{"TELEGRAM_TOKEN", "", true, "the bot token from @BotFather; set: Telegram is served"},
		{"TELEGRAM_WEBHOOK_URL", "", false, "public https URL of " + telegram.WebhookPath + " on this server; unset: long polling"},
		{"TELEGRAM_WEBHOOK_SECRET", "", true, "secret Telegram echoes on webhook calls; unset: derived from the token"},
		{"TELEGRAM_API_URL", telegram.DefaultAPIURL, false, "Bot API server (a self-hosted one, or a test double)"},
		{"DISCORD_TOKEN", "", true, "the bot token; set: Discord is served"},
		{"DISCORD_APP_ID", "", false, "application id; unset: learnt from the gateway"},
		{"DISCORD_GUILD_ID", "", false, "register slash commands in this server only (instant); unset: globally"},
		{"DISCORD_PUBLIC_KEY", "", false, "application public key (hex); set: interactions come to POST /discord/interactions alone (no gateway)"},
		{"DISCORD_API_URL", "", false, "Discord API server (a proxy, or a test double); unset: Discord's"},
		{"STRIPE_SECRET_KEY", "", true, "sk_… or rk_… key; set: online payments by Stripe Checkout"},
		{"STRIPE_WEBHOOK_SECRET", "", true, "whsec_… secret of the " + stripe.WebhookPath + " endpoint; required with STRIPE_SECRET_KEY"},
		{"STRIPE_API_URL", "", false, "another Stripe-compatible API (stripe-mock in tests); unset: Stripe"},
	}
}

// Defaults of the durations (as shown in variables).
const (
	defaultShutdownTimeout = 15 * time.Second
	defaultOutboxLease     = 2 * time.Minute
	defaultInboxLease      = time.Minute
	defaultUpdateTimeout   = 4 * time.Second
)

// Config is the checked configuration of one process.
type Config struct {
	DatabaseURL     string
	HTTPAddr        string
	PublicURL       string
	Owners          []string // platform-qualified ids, as bot.Options wants them
	LogFormat       string   // "text" or "json"
	LogLevel        slog.Level
	ShutdownTimeout time.Duration
	OutboxLease     time.Duration
	PprofAddr       string // "": no profiler
	InboxLease      time.Duration
	UpdateTimeout   time.Duration
	Telegram        telegram.Config // Token, APIURL, WebhookURL, WebhookSecret
	Discord         discord.Config  // Token, AppID, GuildID, PublicKey
	Stripe          stripe.Config   // SecretKey, WebhookSecret, APIURL, PublicURL

	// raw is every variable as given (secrets read from their files),
	// and from says where each came from: "env", "file PATH" or "".
	raw, from map[string]string
}

// ConfigError lists every bad variable found at start, one per line.
type ConfigError struct{ Problems []string }

// Error words the problems for a person fixing them.
func (e *ConfigError) Error() string {
	return "configuration is not valid:\n  - " + strings.Join(e.Problems, "\n  - ")
}

// loadConfig reads and checks every variable with getenv. The Config is
// filled as far as it could be even when the error is not nil, so
// `slotbot config` can show it next to the problems.
func loadConfig(getenv func(string) string) (*Config, error) {
	c := &Config{raw: map[string]string{}, from: map[string]string{}}
	var problems []string
	bad := func(name, format string, args ...any) {
		problems = append(problems, name+": "+fmt.Sprintf(format, args...))
	}
	for _, v := range variables() {
		val, from, err := read(getenv, v)
		if err != nil {
			problems = append(problems, err.Error())
		}
		c.raw[v.name], c.from[v.name] = val, from
	}
	get := func(name string) string { return c.raw[name] }

	c.DatabaseURL = cmp.Or(get("DATABASE_URL"), defaultDatabaseURL)
	if _, _, err := storeTarget(c.DatabaseURL); err != nil {
		bad("DATABASE_URL", "%v", strings.TrimPrefix(err.Error(), "DATABASE_URL "))
	}
	c.HTTPAddr = cmp.Or(get("SLOTBOT_HTTP_ADDR"), defaultHTTPAddr)
	if err := checkAddr(c.HTTPAddr); err != nil {
		bad("SLOTBOT_HTTP_ADDR", "%v", err)
	}
	c.PublicURL = strings.TrimRight(get("SLOTBOT_PUBLIC_URL"), "/")
	if c.PublicURL != "" {
		if err := checkURL(c.PublicURL); err != nil {
			bad("SLOTBOT_PUBLIC_URL", "%v", err)
		}
	}
	var err error
	if c.Owners, err = parseOwners(get("SLOTBOT_OWNERS")); err != nil {
		bad("SLOTBOT_OWNERS", "%v", err)
	}
	c.LogFormat = strings.ToLower(cmp.Or(get("SLOTBOT_LOG_FORMAT"), "text"))
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("SLOTBOT_LOG_FORMAT", "must be text or json, got %q", get("SLOTBOT_LOG_FORMAT"))
	}
	if err := c.LogLevel.UnmarshalText([]byte(cmp.Or(get("SLOTBOT_LOG_LEVEL"), "info"))); err != nil {
		bad("SLOTBOT_LOG_LEVEL", "must be debug, info, warn or error, got %q", get("SLOTBOT_LOG_LEVEL"))
	}
	if c.ShutdownTimeout, err = duration(get("SLOTBOT_SHUTDOWN_TIMEOUT"), defaultShutdownTimeout, time.Second, 10*time.Minute); err != nil {
		bad("SLOTBOT_SHUTDOWN_TIMEOUT", "%v", err)
	}
	if c.OutboxLease, err = duration(get("SLOTBOT_OUTBOX_LEASE"), defaultOutboxLease, time.Second, time.Hour); err != nil {
		bad("SLOTBOT_OUTBOX_LEASE", "%v", err)
	}
	if c.PprofAddr = get("SLOTBOT_PPROF_ADDR"); c.PprofAddr != "" {
		if err := checkAddr(c.PprofAddr); err != nil {
			bad("SLOTBOT_PPROF_ADDR", "%v", err)
		}
	}
	if c.InboxLease, err = duration(get("SLOTBOT_INBOX_LEASE"), defaultInboxLease, time.Second, time.Hour); err != nil {
		bad("SLOTBOT_INBOX_LEASE", "%v", err)
	}
	if c.UpdateTimeout, err = duration(get("SLOTBOT_UPDATE_TIMEOUT"), defaultUpdateTimeout, 100*time.Millisecond, time.Minute); err != nil {
		bad("SLOTBOT_UPDATE_TIMEOUT", "%v", err)
	}

	c.Telegram = telegram.Config{Token: get("TELEGRAM_TOKEN"), APIURL: get("TELEGRAM_API_URL"),
		WebhookURL: get("TELEGRAM_WEBHOOK_URL"), WebhookSecret: get("TELEGRAM_WEBHOOK_SECRET")}
	problems = append(problems, checkTelegram(c.Telegram)...)
	c.Discord = discord.Config{Token: get("DISCORD_TOKEN"), AppID: get("DISCORD_APP_ID"),
		GuildID: get("DISCORD_GUILD_ID"), PublicKey: get("DISCORD_PUBLIC_KEY"), APIURL: get("DISCORD_API_URL")}
	problems = append(problems, checkDiscord(c.Discord)...)
	c.Stripe = stripe.Config{SecretKey: get("STRIPE_SECRET_KEY"), WebhookSecret: get("STRIPE_WEBHOOK_SECRET"),
		APIURL: get("STRIPE_API_URL"), PublicURL: c.PublicURL, MaxNetworkRetries: 2}
	switch {
	case c.Stripe.Enabled():
		if err := c.Stripe.Validate(); err != nil {
			problems = append(problems, strings.TrimPrefix(err.Error(), "stripe: "))
		}
	case c.Stripe.WebhookSecret != "" || c.Stripe.APIURL != "":
		bad("STRIPE_SECRET_KEY", "is not set, so STRIPE_WEBHOOK_SECRET and STRIPE_API_URL have no effect; set it or unset them")
	}
	if len(problems) > 0 {
		return c, &ConfigError{Problems: problems}
	}
	return c, nil
}

// read returns a variable's value, trimmed of surrounding space: from
// NAME, or for a secret from the file NAME_FILE names; and where it came
// from. Setting both is a mistake.
func read(getenv func(string) string, v variable) (val, from string, err error) {
	val = strings.TrimSpace(getenv(v.name))
	if val != "" {
		from = "env"
	}
	if !v.secret {
		return val, from, nil
	}
	path := strings.TrimSpace(getenv(v.name + "_FILE"))
	if path == "" {
		return val, from, nil
	}
	if val != "" {
		return val, from, fmt.Errorf("%s and %s_FILE are both set; keep one", v.name, v.name)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is named below; the error says why
		}
		return "", "file " + path, fmt.Errorf("%s_FILE: cannot read %s: %v", v.name, path, err)
	}
	val = strings.TrimSpace(string(b))
	if val == "" {
		return "", "file " + path, fmt.Errorf("%s_FILE: %s is empty", v.name, path)
	}
	return val, "file " + path, nil
}

// checkAddr accepts host:port or :port with a port number.
func checkAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("must be host:port or :port, got %q", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("the port must be a number from 0 to 65535, got %q", port)
	}
	return nil
}

// checkURL accepts an absolute http(s) URL.
func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("must be an absolute http(s) URL, got %q", s)
	}
	return nil
}

// parseOwners reads "telegram:123, discord:456": Telegram and Discord
// user ids are numbers; the console's are the names typed after /as, in
// lower case as the terminal chat keeps them ("console:coach",
// "console:maria").
func parseOwners(s string) ([]string, error) {
	var owners []string
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		platform, id, ok := strings.Cut(part, ":")
		switch {
		case !ok || id == "":
			return nil, fmt.Errorf("%q is not platform:id (e.g. telegram:123456789)", part)
		case platform == telegram.Platform || platform == discord.Platform:
			if _, err := strconv.ParseUint(id, 10, 64); err != nil {
				return nil, fmt.Errorf("%q: a %s user id is a number", part, platform)
			}
		case platform != console.Platform:
			return nil, fmt.Errorf("%q: the platform must be telegram, discord or console", part)
		default:
			id = strings.ToLower(id) // "/as Maria" is the person "maria"
		}
		owners = append(owners, platform+":"+id)
	}
	return owners, nil
}

// duration parses a Go duration ("15s", "2m") within [lo, hi]; "" is def.
func duration(s string, def, lo, hi time.Duration) (time.Duration, error) {
	if s == "" {
		return def, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return def, fmt.Errorf("must be a duration such as 30s or 2m, got %q", s)
	}
	if d < lo || d > hi {
		return def, fmt.Errorf("must be between %v and %v, got %v", lo, hi, d)
	}
	return d, nil
}

// The shapes below are checked by hand, not by regular expressions
// compiled at start: `[A-Za-z0-9_-]{1,256}` alone compiled into 3,358
// allocations and 241 kB of heap in every process, for a check made once.

// telegramToken reports whether s has the shape of a Bot API token: the
// bot's id (digits), a colon, and a secret of letters, digits, - or _.
func telegramToken(s string) bool {
	id, secret, ok := strings.Cut(s, ":")
	return ok && allBytes(id, 1, len(id), isDigit) && allBytes(secret, 1, len(secret), isTokenByte)
}

// telegramSecret reports whether s is what Telegram allows as a webhook
// secret token: 1 to 256 letters, digits, - or _.
func telegramSecret(s string) bool { return allBytes(s, 1, 256, isTokenByte) }

// snowflake reports whether s is a Discord id: 1 to 20 digits.
func snowflake(s string) bool { return allBytes(s, 1, 20, isDigit) }

// hexKey reports whether s is an Ed25519 public key in hex: 64 hex digits.
func hexKey(s string) bool { return allBytes(s, 64, 64, isHexDigit) }

// allBytes reports whether s has min to max bytes, each of them ok.
func allBytes(s string, min, max int, ok func(byte) bool) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool    { return '0' <= c && c <= '9' }
func isHexDigit(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
func isTokenByte(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == '-'
}

// checkTelegram checks the TELEGRAM_* variables, never quoting a secret.
func checkTelegram(c telegram.Config) []string {
	var p []string
	if c.Token != "" && !telegramToken(c.Token) {
		p = append(p, "TELEGRAM_TOKEN: does not look like a Bot API token (digits, a colon, then letters, digits, - or _)")
	}
	if c.Token == "" && (c.WebhookURL != "" || c.WebhookSecret != "" || c.APIURL != "") {
		p = append(p, "TELEGRAM_TOKEN: is not set, so the other TELEGRAM_* variables have no effect; set it or unset them")
	}
	if c.WebhookURL != "" {
		if err := checkURL(c.WebhookURL); err != nil {
			p = append(p, "TELEGRAM_WEBHOOK_URL: "+err.Error())
		} else if !strings.HasSuffix(strings.TrimRight(c.WebhookURL, "/"), telegram.WebhookPath) {
			p = append(p, fmt.Sprintf("TELEGRAM_WEBHOOK_URL: must end with %s, where the webhook is served, got %q",
				telegram.WebhookPath, c.WebhookURL))
		}
	}
	if c.WebhookSecret != "" && !telegramSecret(c.WebhookSecret) {
		p = append(p, "TELEGRAM_WEBHOOK_SECRET: must be 1 to 256 letters, digits, - or _ (Telegram's rule)")
	}
	if c.APIURL != "" {
		if err := checkURL(c.APIURL); err != nil {
			p = append(p, "TELEGRAM_API_URL: "+err.Error())
		}
	}
	return p
}

// checkDiscord checks the DISCORD_* variables, never quoting a secret.
func checkDiscord(c discord.Config) []string {
	var p []string
	if c.Token != "" && strings.ContainsAny(c.Token, " \t") {
		p = append(p, "DISCORD_TOKEN: must be the bot token alone, without \"Bot \" or spaces")
	}
	if c.Token == "" && (c.AppID != "" || c.GuildID != "" || c.PublicKey != "" || c.APIURL != "") {
		p = append(p, "DISCORD_TOKEN: is not set, so the other DISCORD_* variables have no effect; set it or unset them")
	}
	for _, id := range [][2]string{{"DISCORD_APP_ID", c.AppID}, {"DISCORD_GUILD_ID", c.GuildID}} {
		if id[1] != "" && !snowflake(id[1]) {
			p = append(p, fmt.Sprintf("%s: must be a Discord id (digits), got %q", id[0], id[1]))
		}
	}
	if c.APIURL != "" {
		if err := checkURL(c.APIURL); err != nil {
			p = append(p, "DISCORD_API_URL: "+err.Error())
		}
	}
	if c.PublicKey != "" && !hexKey(c.PublicKey) {
		p = append(p, fmt.Sprintf("DISCORD_PUBLIC_KEY: must be 64 hex digits (the application's public key), got %q", c.PublicKey))
	}
	return p
}

// configure loads and checks the configuration for a command that runs
// Slotbot. From then on m.Getenv answers every variable as resolved — a
// secret given in NAME_FILE reads as NAME, and NAME_FILE as unset — so
// all of cmd reads one configuration, and configuring again is harmless.
func (m *Main) configure() (*Config, error) {
	cfg, err := loadConfig(m.Getenv)
	if err != nil {
		return nil, err
	}
	orig := m.Getenv
	m.Getenv = func(name string) string {
		if v, ok := cfg.raw[name]; ok {
			return v
		}
		if base, ok := strings.CutSuffix(name, "_FILE"); ok {
			if _, known := cfg.raw[base]; known {
				return ""
			}
		}
		return orig(name)
	}
	return cfg, nil
}

// showConfig is `slotbot config`: the effective configuration with
// secrets hidden, and when it is not valid, why, as an error.
func (m *Main) showConfig() error {
	cfg, err := loadConfig(m.Getenv)
	cfg.printConfig(m.Stdout)
	return err
}
