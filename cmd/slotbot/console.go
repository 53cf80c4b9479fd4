package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"

	"github.com/slotbot/slotbot/adapters/console"
	"github.com/slotbot/slotbot/adapters/scheduler"
	"github.com/slotbot/slotbot/adapters/stripe"
	"github.com/slotbot/slotbot/adapters/webapp"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// chat runs the terminal chat until its input ends: the bot on the
// store, the demo studio on first run, notices printed as they are sent.
// Every configured part that works without a chat platform runs too:
// Stripe (its Pay buttons, and its webhook on the HTTP listener) and the
// calendar Mini App.
func (m *Main) chat(ctx context.Context, cfg *Config) error {
	// Logs share the terminal with the chat: warnings and worse only.
	log := newLogger(m.Stderr, slog.LevelWarn)
	a, err := m.open(ctx, log)
	if err != nil {
		return err
	}
	defer a.Close()
	// Owners are console people here ("console:coach" is /as coach);
	// configure has checked the list already.
	owners, _ := parseOwners(m.Getenv("SLOTBOT_OWNERS"))
	if m.Getenv("SLOTBOT_TEST_CALENDAR_LOOPBACK") == "1" {
		// Test-only: calendars served on this machine may be connected.
		a.calendars = coachCalendars(a.svc, true)
		a.bot = bot.New(a.svc, bot.Options{Logger: log, Calendars: a.calendars, Owners: owners})
	}
	// The calendar Mini App: /report and /export need only the store; its
	// links open on the HTTP listener, when SLOTBOT_HTTP_ADDR starts one.
	addr := m.Getenv("SLOTBOT_HTTP_ADDR")
	if cfg.Stripe.Enabled() && addr == "" {
		addr = cfg.HTTPAddr // Stripe confirms payments by webhook: the listener must run
	}
	public := m.Getenv("SLOTBOT_PUBLIC_URL")
	if public == "" && addr != "" {
		host := addr
		if strings.HasPrefix(host, ":") {
			host = "localhost" + host
		}
		public = "http://" + host
	}
	web, err := webapp.New(ctx, a.svc, webapp.Options{PublicURL: public, Logger: log})
	if err != nil {
		return err
	}
	opts := bot.Options{Logger: log, Calendars: a.calendars, WebApp: web, Owners: owners}
	rt := routes{webapp: web.Handler(), log: log}
	var jobs []job
	if cfg.Stripe.Enabled() {
		pay, run, err := newStripe(a.svc, cfg, log, nil)
		if err != nil {
			return err
		}
		opts.Checkout, rt.stripe = pay, pay
		jobs = append(jobs, run)
	}
	a.bot = bot.New(a.svc, opts)
	var n *notices
	con := console.New(a.bot, console.Options{In: m.Stdin, Out: m.Stdout, Interactive: isTerminal(m.Stdin),
		DocDir: a.dir, Language: m.locale(),
		Drain: func(ctx context.Context) (int, error) { return n.drain(ctx) }, Logger: log})
	n = a.startNotices([]scheduler.Sender{con}, true, log)
	demo, err := seedDemo(ctx, a.svc, bot.Language(m.locale()))
	if err != nil {
		return fmt.Errorf("seed the demo studio: %w", err)
	}

	jobs = append(n.jobs(), jobs...)
	var bound net.Addr
	if addr != "" {
		listener, at, err := bind(addr, rt.handler(), log)
		if err != nil {
			return err
		}
		jobs, bound = append(jobs, listener), at
	}
	g, gctx := start(ctx, log, jobs...)
	m.banner(a, demo)
	if rt.stripe != nil {
		fmt.Fprintln(m.Stdout, bot.Text(bot.Language(m.locale()), "console.banner_stripe", "URL", localURL(bound)+stripe.WebhookPath))
		fmt.Fprintln(m.Stdout)
	}
	err = con.Run(gctx)
	if gerr := g.stop(); err == nil {
		err = gerr
	}
	return err
}

// localURL is the address of the listener bound at a, as this machine
// reaches it: http://localhost:8080 for a listener on every interface.
func localURL(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return "http://" + a.String()
	}
	host := "localhost"
	if !tcp.IP.IsUnspecified() {
		host = tcp.IP.String()
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(tcp.Port))
}

// banner says where the data is and how to play several people, in the
// terminal's language.
func (m *Main) banner(a *app, demo *core.Demo) {
	w, lang := m.Stdout, bot.Language(m.locale())
	fmt.Fprintln(w, bot.Text(lang, "console.banner", "Version", version, "Where", a.where))
	if demo != nil {
		fmt.Fprintln(w, bot.Text(lang, "console.banner_demo", "Coach", demo.Coach.Name))
	}
	fmt.Fprintln(w, bot.Text(lang, "console.banner_you", "Name", console.DefaultUser))
	fmt.Fprintln(w, bot.Text(lang, "console.banner_as"))
	fmt.Fprintln(w)
}

// locale is the terminal's language for messages, e.g. "fr_FR.UTF-8", as
// gettext reads it: LC_ALL, else LC_MESSAGES, else LANG; GNU's LANGUAGE
// list ("ru:en") comes first unless the locale is C.
func (m *Main) locale() string {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := m.Getenv(name)
		if v == "" {
			continue
		}
		if v == "C" || v == "POSIX" || strings.HasPrefix(v, "C.") {
			return v
		}
		if first, _, _ := strings.Cut(m.Getenv("LANGUAGE"), ":"); first != "" {
			return first
		}
		return v
	}
	return ""
}

// isTerminal reports whether r is a terminal, where a prompt helps; piped
// input gets a transcript instead.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
