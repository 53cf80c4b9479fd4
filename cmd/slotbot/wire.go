package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/slotbot/slotbot/adapters/discord"
	"github.com/slotbot/slotbot/adapters/metrics"
	"github.com/slotbot/slotbot/adapters/scheduler"
	"github.com/slotbot/slotbot/adapters/stripe"
	"github.com/slotbot/slotbot/adapters/telegram"
	"github.com/slotbot/slotbot/adapters/webapp"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// refundEvery is how often the Stripe client looks for refunds due and
// stale Checkout pages.
const refundEvery = time.Minute

// wiring is what serve runs around the store: metrics, the bot with the
// configured options, the platforms with their jobs and senders, and the
// HTTP routes.
type wiring struct {
	metrics *metrics.Metrics
	ready   *readiness
	senders []scheduler.Sender
	jobs    []job
	closers []func() error // run once the jobs have stopped
	routes  routes
}

// wire turns the configuration into running parts on a. The metrics
// observe the service's domain events, and the bot is rebuilt with the
// options the configuration gives (owners, Stripe, the public URL,
// metrics); it is stateless, so nothing built before is lost. Platforms
// are connected here, so a bad token fails the start.
func (m *Main) wire(ctx context.Context, cfg *Config, a *app, log *slog.Logger) (*wiring, error) {
	met := metrics.New()
	a.svc.Observe(met.Observe)
	if c, ok := a.store.(interface{ Statements() int64 }); ok {
		met.Statements(c.Statements)
	}
	a.notices = scheduler.DispatcherOptions{Lease: cfg.OutboxLease, OnDelivered: met.Delivered}
	w := &wiring{metrics: met}
	a.calendars = coachCalendars(a.svc, false)
	opts := bot.Options{Logger: log, Owners: cfg.Owners, PublicURL: cfg.PublicURL, Observer: botObserver{met},
		Calendars: a.calendars}
	if cfg.Stripe.Enabled() {
		client, run, err := newStripe(a.svc, cfg, log, met.Transport("stripe", nil))
		if err != nil {
			return nil, err
		}
		opts.Checkout = client
		w.routes.stripe = client
		w.jobs = append(w.jobs, run)
	}
	web, err := webapp.New(ctx, a.svc, webapp.Options{BotToken: cfg.Telegram.Token, PublicURL: cfg.PublicURL, Logger: log})
	if err != nil {
		return nil, err
	}
	w.routes.webapp = web.Handler()
	opts.WebApp = web
	a.bot = bot.New(a.svc, opts)

	kind, _, _ := storeTarget(cfg.DatabaseURL)
	w.ready = newReadiness(log, check{"database", databaseReady(a.svc)}, check{"migrations", migrationsReady(a.store, kind)})
	met.WatchOutbox(a.svc.Outbox.OutboxHealth, time.Now)

	if cfg.Telegram.Token != "" {
		tc := cfg.Telegram
		tc.Logger = log
		tt := telegram.NewTransport()
		tt.Observe = met.Observer(telegram.Platform) // it counts the calls it makes without an http.Request
		tc.HTTPClient = &http.Client{Transport: tt}
		tc.ShutdownTimeout = cfg.ShutdownTimeout / 2
		tc.MiniAppURL = web.TelegramURL
		tc.Lease, tc.UpdateTimeout = cfg.InboxLease, cfg.UpdateTimeout
		tg, err := telegram.Prepare(tc, a.bot, a.svc) // connects in Run: an unreachable API is retried
		if err != nil {
			return nil, err
		}
		w.platform(telegram.Platform, tg.Run, met, log)
		w.senders = append(w.senders, tg)
		if tc.WebhookURL != "" {
			w.routes.telegram = tg.Handler()
		}
	}
	if cfg.Discord.Token != "" {
		dc := cfg.Discord
		dc.Logger = log
		dc.HTTPClient = &http.Client{Timeout: 20 * time.Second, Transport: met.Transport(discord.Platform, platformTransport())}
		// With the public key, interactions come to the HTTP endpoint
		// alone, as Discord documents: no gateway to connect or lose.
		dc.HTTPOnly = dc.PublicKey != ""
		dc.Lease, dc.ShutdownTimeout = cfg.InboxLease, cfg.ShutdownTimeout/2
		dg, err := discord.New(a.bot, a.svc, dc)
		if err != nil {
			return nil, err
		}
		w.platform(discord.Platform, dg.Run, met, log)
		w.senders = append(w.senders, dg)
		w.closers = append(w.closers, dg.Close)
		w.routes.discord = dg.Handler()
	}
	w.routes.ready = w.ready
	w.routes.metrics = met.Handler()
	w.routes.feed = a.bot.CalendarFeed
	w.routes.coachFeed = a.bot.CoachFeed
	w.routes.log = log
	return w, nil
}

// newStripe is the configured Stripe client on svc, calling Stripe
// through rt (nil: Go's default transport), and its job that makes the
// refunds due and closes stale pages. serve and the terminal chat both
// run it.
func newStripe(svc *core.Service, cfg *Config, log *slog.Logger, rt http.RoundTripper) (*stripe.Client, job, error) {
	sc := cfg.Stripe
	sc.Logger = log
	sc.Describe = bot.DescribeCheckout
	sc.HTTPClient = &http.Client{Timeout: 30 * time.Second, Transport: rt}
	client, err := stripe.New(svc, sc)
	if err != nil {
		return nil, job{}, err
	}
	return client, job{name: "stripe", run: func(ctx context.Context) error { return client.Run(ctx, refundEvery) }}, nil
}

// platform adds a chat platform's job, kept running (platforms.go), with
// its line on /readyz and its slotbot_platform_up gauge.
func (w *wiring) platform(name string, run func(context.Context) error, met *metrics.Metrics, log *slog.Logger) {
	p := &platform{name: name, run: run, log: log, why: "connecting", onUp: func(up bool) { met.PlatformUp(name, up) }}
	w.jobs = append(w.jobs, p.job())
	w.ready.add(check{name, p})
}

// stop stops the jobs (the HTTP listener stops taking requests, the
// platforms stop taking updates and finish those accepted, the
// dispatcher settles the notices it holds) and closes the platforms,
// giving up after deadline: what is left in flight then is redelivered
// by Telegram or claimed again when its lease runs out.
func (w *wiring) stop(g *group, deadline time.Duration, log *slog.Logger) error {
	log.Info("slotbot: shutting down", "deadline", deadline.String())
	done := make(chan error, 1)
	go func() { done <- g.stop() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(deadline):
		err = fmt.Errorf("shutdown: work still in flight after %v (SLOTBOT_SHUTDOWN_TIMEOUT)", deadline)
		log.Error("slotbot: " + err.Error())
	}
	for _, c := range w.closers {
		if cerr := c(); cerr != nil {
			err = errors.Join(err, cerr)
		}
	}
	return err
}

// platformTransport is the HTTP transport of a chat platform's API: Go's
// default, but keeping as many idle connections to the one host as calls
// run at once (update workers, notices in flight). The default keeps
// two, so under load every further call opened, and then closed, a
// connection of its own: a TCP handshake per Bot API call.
func platformTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 64
	return t
}

// botObserver feeds the bot's Observer hook to the metrics.
type botObserver struct{ m *metrics.Metrics }

// Handled counts one update by platform and kind, the replies that say
// something (a redelivered update gets an empty one), and its latency.
func (o botObserver) Handled(req bot.Request, replies []bot.Reply, took time.Duration) {
	kind := "text"
	switch {
	case req.Data != "":
		kind = "button"
	case req.Command != "":
		kind = "command"
	}
	n := 0
	for _, r := range replies {
		if r.Text != "" || r.Document != nil {
			n++
		}
	}
	o.m.Update(req.Platform, kind, n, took)
}
