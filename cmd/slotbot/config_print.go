package main

import (
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
)

// printConfig writes the effective configuration, one NAME=value line per
// variable with secrets hidden, then what it amounts to, for `slotbot
// config`.
func (c *Config) printConfig(w io.Writer) {
	fmt.Fprintln(w, "# Slotbot configuration (secrets hidden)")
	for _, v := range variables() {
		val, note := c.shown(v)
		line := v.name + "=" + val
		if note != "" {
			line = fmt.Sprintf("%-60s # %s", line, note)
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w, "#")
	for _, s := range c.summary() {
		fmt.Fprintln(w, "# "+s)
	}
}

// shown is how a variable is printed: its value, or a mark for a hidden
// secret, and a note saying where it came from.
func (c *Config) shown(v variable) (val, note string) {
	raw, from := c.raw[v.name], c.from[v.name]
	switch {
	case raw == "" && v.def != "":
		return v.def, "default"
	case raw == "":
		return "", "unset"
	case v.name == "DATABASE_URL":
		val = hideDatabasePassword(raw)
	case v.secret:
		val = "***"
	default:
		val = raw
	}
	if strings.HasPrefix(from, "file ") {
		note = "from " + from
	}
	return val, note
}

// summary says in words what the configuration runs.
func (c *Config) summary() []string {
	kind, _, _ := storeTarget(c.DatabaseURL)
	store := map[string]string{"postgres": "PostgreSQL (replicas may share it)", "sqlite": "SQLite file (one process)"}[kind]
	tg := "off"
	switch {
	case c.Telegram.Token != "" && c.Telegram.WebhookURL != "":
		tg = "webhook at " + c.Telegram.WebhookURL
	case c.Telegram.Token != "":
		tg = "long polling (one process per bot token)"
	}
	dc := "off"
	switch {
	case c.Discord.Token != "" && c.Discord.PublicKey != "":
		dc = "gateway, and HTTP interactions at /discord/interactions"
	case c.Discord.Token != "":
		dc = "gateway"
	}
	pay := "tracked by hand (no STRIPE_SECRET_KEY)"
	if c.Stripe.Enabled() {
		pay = "Stripe Checkout"
	}
	feed := "off (no SLOTBOT_PUBLIC_URL)"
	if c.PublicURL != "" {
		feed = c.PublicURL + "/feed/<token>.ics"
	}
	return []string{"store: " + store, "telegram: " + tg, "discord: " + dc, "payments: " + pay, "calendar feeds: " + feed}
}

// hideDatabasePassword shows a database URL with its password, in the
// user part or the query, replaced by ***.
func hideDatabasePassword(raw string) string {
	if !strings.HasPrefix(raw, "postgres://") && !strings.HasPrefix(raw, "postgresql://") {
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "*** (not a valid URL)"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "***")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "***")
		u.RawQuery = q.Encode()
	}
	return strings.Replace(u.String(), "%2A%2A%2A", "***", -1)
}

// LogValue is the configuration as logged at start: no secret, only
// whether each is set.
func (c *Config) LogValue() slog.Value {
	attrs := []slog.Attr{}
	for _, v := range variables() {
		raw := c.raw[v.name]
		switch {
		case v.name == "DATABASE_URL":
			val, _ := c.shown(v)
			attrs = append(attrs, slog.String(strings.ToLower(v.name), val))
		case v.secret:
			attrs = append(attrs, slog.Bool(strings.ToLower(v.name)+"_set", raw != ""))
		case raw != "":
			attrs = append(attrs, slog.String(strings.ToLower(v.name), raw))
		}
	}
	return slog.GroupValue(attrs...)
}

// secrets are the values no log line may hold: every secret set, and the
// database password.
func (c *Config) secrets() []string {
	var out []string
	for _, v := range variables() {
		if v.secret && c.raw[v.name] != "" && v.name != "DATABASE_URL" {
			out = append(out, c.raw[v.name])
		}
	}
	if u, err := url.Parse(c.raw["DATABASE_URL"]); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok {
			out = append(out, p)
		}
	}
	if u, err := url.Parse(c.raw["DATABASE_URL"]); err == nil {
		if p := u.Query().Get("password"); p != "" {
			out = append(out, p)
		}
	}
	return out
}
