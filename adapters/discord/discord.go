// Package discord serves Slotbot in Discord with
// github.com/bwmarrin/discordgo: slash commands and buttons (interactions,
// from the gateway or from the HTTP interactions endpoint) and direct
// messages go through the chat-neutral bot; its replies come back as
// messages, ephemeral in servers, with buttons, select menus and modals.
// Notices arrive as direct messages (Send), and linked channels get
// announcements with a Book button (Post, Edit).
package discord

import (
	"cmp"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// defaultDeferAfter is how long an interaction waits for the bot before
// it is acknowledged and answered later: well inside Discord's 3 s.
const defaultDeferAfter = 2 * time.Second

// drainTimeout bounds how long Close lets answers in flight finish.
const drainTimeout = 5 * time.Second

// Config configures the adapter; cmd fills it from the environment.
type Config struct {
	// Token is the bot token (DISCORD_TOKEN).
	Token string
	// AppID is the application id (DISCORD_APP_ID); empty: learnt from
	// the gateway's READY.
	AppID string
	// GuildID registers the slash commands in that one server, where they
	// appear at once (DISCORD_GUILD_ID); empty: globally.
	GuildID string
	// PublicKey is the application's hex Ed25519 key (DISCORD_PUBLIC_KEY);
	// set, Handler serves the HTTP interactions endpoint.
	PublicKey string
	// HTTPClient carries every REST call; nil: discordgo's. Tests point
	// it at a local server.
	HTTPClient *http.Client
	// APIURL is another Discord API server (DISCORD_API_URL: a proxy, a
	// self-hosted or test endpoint): every REST call goes there, its
	// path appended to APIURL's; empty: Discord's.
	APIURL string
	// HTTPOnly serves interactions from the HTTP endpoint alone, with no
	// gateway connection, as Discord documents for bots without one:
	// Run registers the slash commands over REST and waits. Typed direct
	// messages, which only the gateway brings, are then not received.
	HTTPOnly bool
	// Logger receives the adapter's logs; nil: discarded.
	Logger *slog.Logger
	// DeferAfter is how long the bot may take before an interaction is
	// acknowledged and answered later; 0: 2 s; negative: always at once.
	DeferAfter time.Duration
	// Now is the wall clock the endpoint checks request timestamps
	// against; nil: time.Now.
	Now func() time.Time
	// Limits are the send limits of the messages the adapter posts;
	// zero: DefaultLimits.
	Limits core.SendLimits
	// Lease is how long a deferred interaction stored in the inbox is
	// this replica's before another may finish it (SLOTBOT_INBOX_LEASE);
	// zero: the inbox's default (1 minute).
	Lease time.Duration
	// ShutdownTimeout bounds how long Run, once its context ends, waits
	// for deferred answers being finished; zero: the inbox's default.
	ShutdownTimeout time.Duration
}

// Adapter connects the bot to Discord. It implements the scheduler's
// sender (Platform, Send) and bot.ChannelPoster.
type Adapter struct {
	cfg    Config
	bot    *bot.Bot
	svc    *core.Service
	s      *discordgo.Session
	log    *slog.Logger
	pubKey ed25519.PublicKey

	// ctx lives until Close; every goroutine the adapter starts runs
	// under it and is counted in wg.
	ctx    context.Context
	cancel context.CancelFunc
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
	busy   atomic.Int64 // goroutines running, for tests to wait on

	register sync.Once
	dmKnown  sync.Map // user id → struct{}: their account has a DM channel
	// limit keeps Discord's limits for every message posted, replies and
	// notices, in the send budgets every replica shares.
	limit *core.Pacer
	// inbox keeps deferred interactions while Run runs (hold.go).
	inbox *bot.Inbox
}

var _ bot.ChannelPoster = (*Adapter)(nil)

// New builds the adapter. It connects nothing: Run opens the gateway,
// Handler serves the HTTP endpoint.
func New(b *bot.Bot, svc *core.Service, cfg Config) (*Adapter, error) {
	if cfg.Token == "" {
		return nil, errors.New("discord: no bot token (DISCORD_TOKEN)")
	}
	a := &Adapter{cfg: cfg, bot: b, svc: svc, log: cfg.Logger}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	if a.cfg.DeferAfter == 0 {
		a.cfg.DeferAfter = defaultDeferAfter
	}
	if a.cfg.Now == nil {
		a.cfg.Now = time.Now
	}
	if a.cfg.Limits == (core.SendLimits{}) {
		a.cfg.Limits = DefaultLimits()
	}
	var budgets core.SendBudgets = core.NewMemoryBudgets()
	if svc != nil {
		budgets = svc.Outbox.SendBudgets() // PostgreSQL: one budget for every replica
	}
	a.limit = core.NewPacer(budgets, Platform, a.cfg.Limits, time.Now)
	if svc != nil {
		a.inbox = bot.NewInbox(svc, a.handleStored, bot.InboxOptions{Platform: Platform, Lease: cfg.Lease,
			ShutdownTimeout: cfg.ShutdownTimeout, Logger: a.log})
	}
	if cfg.PublicKey != "" {
		key, err := hex.DecodeString(cfg.PublicKey)
		if err != nil || len(key) != ed25519.PublicKeySize {
			return nil, errors.New("discord: DISCORD_PUBLIC_KEY is not a hex Ed25519 public key")
		}
		a.pubKey = key
	}
	s, err := discordgo.New("Bot " + cfg.Token)
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	if cfg.HTTPClient != nil {
		s.Client = cfg.HTTPClient
	}
	if cfg.APIURL != "" {
		u, err := url.Parse(strings.TrimRight(cfg.APIURL, "/"))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, errors.New("discord: DISCORD_API_URL must be an absolute http(s) URL")
		}
		c := *s.Client
		c.Transport = elsewhere{to: u, next: cmp.Or[http.RoundTripper](c.Transport, http.DefaultTransport)}
		s.Client = &c
	}
	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsDirectMessages
	s.LogLevel = discordgo.LogError
	a.s = s
	a.ctx, a.cancel = context.WithCancel(context.Background())
	s.AddHandler(a.onReady)
	s.AddHandler(a.onInteraction)
	s.AddHandler(a.onMessage)
	return a, nil
}

// Run keeps the gateway connection until ctx ends: it brings interactions
// (unless the HTTP endpoint receives them) and direct messages. Meanwhile
// the inbox keeps deferred interactions and finishes those another
// replica left; when ctx ends Run waits (up to ShutdownTimeout) for the
// deferred answers being finished.
func (a *Adapter) Run(ctx context.Context) error {
	if a.inbox != nil {
		defer a.inbox.Start(ctx)()
	}
	if a.cfg.HTTPOnly {
		return a.runHTTPOnly(ctx)
	}
	if err := a.s.Open(); err != nil {
		return fmt.Errorf("discord: connect to the gateway: %w", err)
	}
	a.log.Info("discord: gateway connected")
	<-ctx.Done()
	if err := a.s.Close(); err != nil {
		return fmt.Errorf("discord: close the gateway: %w", err)
	}
	return nil
}

// runHTTPOnly registers the slash commands over REST (learning the
// application id from Discord when it is not configured) and waits for
// ctx: interactions arrive at Handler.
func (a *Adapter) runHTTPOnly(ctx context.Context) error {
	rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	appID := a.cfg.AppID
	if appID == "" {
		app, err := a.s.Application("@me") // bounded by the HTTP client's timeout
		if err != nil {
			return fmt.Errorf("discord: read the application: %w", err)
		}
		appID = app.ID
	}
	if err := a.registerCommands(rctx, appID); err != nil {
		if ctx.Err() != nil {
			return nil // stopped while starting: a stop, not a failure
		}
		return err
	}
	a.log.Info("discord: serving HTTP interactions, without a gateway")
	<-ctx.Done()
	return nil
}

// elsewhere sends REST calls to another API server.
type elsewhere struct {
	to   *url.URL
	next http.RoundTripper
}

// RoundTrip rewrites the request's scheme, host and path prefix.
func (e elsewhere) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.URL.Scheme, req.URL.Host, req.Host = e.to.Scheme, e.to.Host, e.to.Host
	req.URL.Path = e.to.Path + req.URL.Path
	req.URL.RawPath = ""
	return e.next.RoundTrip(req)
}

// Close lets answers in flight finish (for a few seconds), then stops
// the rest. Call it after Run has returned and the HTTP server stopped.
func (a *Adapter) Close() error {
	a.mu.Lock()
	a.closed = true
	a.mu.Unlock()
	done := make(chan struct{})
	go func() { a.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(drainTimeout):
		a.cancel()
		<-done
	}
	a.cancel()
	return nil
}

// spawn runs fn on a goroutine the adapter owns, unless it is closing.
func (a *Adapter) spawn(fn func(ctx context.Context)) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return false
	}
	a.wg.Add(1)
	a.busy.Add(1)
	go func() {
		defer a.wg.Done()
		defer a.busy.Add(-1)
		fn(a.ctx)
	}()
	return true
}

// onReady learns the application id and registers the slash commands,
// once per process.
func (a *Adapter) onReady(s *discordgo.Session, r *discordgo.Ready) {
	appID := a.cfg.AppID
	if appID == "" && r.Application != nil {
		appID = r.Application.ID
	}
	if appID == "" && r.User != nil {
		appID = r.User.ID
	}
	a.register.Do(func() {
		a.spawn(func(ctx context.Context) {
			ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			if err := a.registerCommands(ctx, appID); err != nil {
				a.log.Error("discord: slash commands not registered", "err", err)
			}
		})
	})
}

// onInteraction answers an interaction from the gateway.
func (a *Adapter) onInteraction(s *discordgo.Session, ic *discordgo.InteractionCreate) {
	sent := make(chan struct{})
	var once sync.Once
	a.interact(ic.Interaction, func(r *discordgo.InteractionResponse) error {
		defer once.Do(func() { close(sent) }) // delivered (or failed) when the call returns
		ctx, cancel := context.WithTimeout(a.ctx, 3*time.Second)
		defer cancel()
		return s.InteractionRespond(ic.Interaction, r, discordgo.WithContext(ctx))
	}, sent)
}

// onMessage answers a direct message: text a flow waits for, or a
// command typed by hand.
func (a *Adapter) onMessage(s *discordgo.Session, m *discordgo.MessageCreate) {
	self := ""
	if s.State != nil && s.State.User != nil {
		self = s.State.User.ID
	}
	req, ok := parseMessage(m.Message, self)
	if !ok {
		return
	}
	a.spawn(func(ctx context.Context) {
		for _, r := range a.bot.Handle(ctx, req) {
			if empty(r) {
				continue
			}
			to := m.ChannelID
			if r.ChatID != "" {
				to = r.ChatID
			}
			if _, err := a.send(ctx, to, r, req.Language, reply); err != nil {
				a.log.Warn("discord: reply to a direct message failed", "err", err)
			}
		}
	})
}

// ensureDM makes sure a person met in a server can be sent notices: the
// first time, it opens their DM channel and records it on their account
// (core.Identify), as a private message would have.
func (a *Adapter) ensureDM(ctx context.Context, req bot.Request) {
	if req.ChatKind == bot.ChatPrivate {
		return
	}
	if _, ok := a.dmKnown.Load(req.UserID); ok {
		return
	}
	p, err := a.svc.Accounts.KnownPerson(ctx, Platform, req.UserID)
	if err == nil && p.Account.ChatID != "" {
		a.dmKnown.Store(req.UserID, struct{}{})
		return
	}
	ch, err := a.s.UserChannelCreate(req.UserID, discordgo.WithContext(ctx))
	if err != nil {
		a.log.Warn("discord: cannot open a DM channel", "err", err)
		return
	}
	_, err = a.svc.Accounts.Identify(ctx, core.Identity{Platform: Platform, UserID: req.UserID, ChatID: ch.ID, Name: req.Name,
		Language: bot.Language(req.Language)})
	if err != nil {
		a.log.Warn("discord: cannot record a DM channel", "err", err)
		return
	}
	a.dmKnown.Store(req.UserID, struct{}{})
}
