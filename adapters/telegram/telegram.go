// Package telegram serves Slotbot's conversations in Telegram: it turns
// updates (long polling, or a webhook) into bot requests, runs them on a
// bounded pool of workers in order per chat, and turns the replies into
// Bot API calls at Telegram's rate limits. It also sends the scheduler's
// notices (Send) and posts and edits channel announcements (Post, Edit).
// No Telegram type leaves this package.
package telegram

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// DefaultAPIURL is the public Bot API server.
const DefaultAPIURL = "https://api.telegram.org"

// WebhookPath is where cmd mounts Handler on the HTTP listener.
const WebhookPath = "/telegram/webhook"

// Config configures the adapter; the environment variables named below
// are read by ConfigFromEnv.
type Config struct {
	Token string // TELEGRAM_TOKEN, from @BotFather
	// APIURL is a self-hosted Bot API server (TELEGRAM_API_URL); empty:
	// DefaultAPIURL.
	APIURL string
	// WebhookURL is the public HTTPS address of WebhookPath
	// (TELEGRAM_WEBHOOK_URL); empty: long polling.
	WebhookURL string
	// WebhookSecret is the secret Telegram sends back in
	// X-Telegram-Bot-Api-Secret-Token (TELEGRAM_WEBHOOK_SECRET); empty: one
	// derived from the token, the same on every replica.
	WebhookSecret string

	Workers      int           // update workers; 0: 16
	QueueSize    int           // updates waiting at most; 0: 1024
	Limits       Limits        // zero: DefaultLimits
	PollTimeout  time.Duration // long-polling wait; 0: 30 s
	PollPause    time.Duration // least time between empty polls, for servers that return at once; 0: 100 ms
	CallTimeout  time.Duration // one Bot API call; 0: 20 s
	MaxRetryWait time.Duration // longest 429 wait taken in place; 0: 60 s
	// CommandsEvery is how often coaches' command lists are refreshed;
	// 0: 10 minutes.
	CommandsEvery time.Duration
	// ShutdownTimeout bounds finishing accepted updates after Run's
	// context ends; 0: 10 s.
	ShutdownTimeout time.Duration

	HTTPClient *http.Client // nil: a new client
	Logger     *slog.Logger // nil: discard
	// OnHandled, if set, is told how long each update took, from the
	// worker picking it up to its last reply sent.
	OnHandled func(time.Duration)
}

// ConfigFromEnv reads the TELEGRAM_* variables with getenv (os.Getenv).
func ConfigFromEnv(getenv func(string) string) Config {
	return Config{
		Token:         getenv("TELEGRAM_TOKEN"),
		APIURL:        getenv("TELEGRAM_API_URL"),
		WebhookURL:    getenv("TELEGRAM_WEBHOOK_URL"),
		WebhookSecret: getenv("TELEGRAM_WEBHOOK_SECRET"),
	}
}

// withDefaults fills the zero fields.
func (c Config) withDefaults() Config {
	c.APIURL = strings.TrimRight(cmp.Or(c.APIURL, DefaultAPIURL), "/")
	c.Workers = cmp.Or(c.Workers, 16)
	c.QueueSize = cmp.Or(c.QueueSize, 1024)
	if c.Limits == (Limits{}) {
		c.Limits = DefaultLimits()
	}
	c.PollTimeout = cmp.Or(c.PollTimeout, 30*time.Second)
	c.PollPause = cmp.Or(c.PollPause, 100*time.Millisecond)
	c.CallTimeout = cmp.Or(c.CallTimeout, 20*time.Second)
	c.MaxRetryWait = cmp.Or(c.MaxRetryWait, 60*time.Second)
	c.CommandsEvery = cmp.Or(c.CommandsEvery, 10*time.Minute)
	c.ShutdownTimeout = cmp.Or(c.ShutdownTimeout, 10*time.Second)
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.WebhookSecret == "" {
		sum := sha256.Sum256([]byte("slotbot telegram webhook\x00" + c.Token))
		c.WebhookSecret = hex.EncodeToString(sum[:16])
	}
	return c
}

// Adapter connects one bot to Telegram. Create it with New, then Run it;
// Send, Post and Edit may be used meanwhile by the scheduler.
type Adapter struct {
	cfg   Config
	bot   *bot.Bot
	svc   *core.Service
	log   *slog.Logger
	api   *tgbotapi.BotAPI
	me    self
	limit *limiter
	seen  *recent
	// queue is set while Run runs; the webhook handler feeds it.
	queue atomic.Pointer[queue]
	// work is the context updates are handled in: it outlives Run's
	// context by ShutdownTimeout, so accepted updates finish.
	work context.Context
}

// New connects to the Bot API (getMe checks the token) and prepares the
// adapter; b answers the conversations, svc tells who the coaches are.
func New(ctx context.Context, cfg Config, b *bot.Bot, svc *core.Service) (*Adapter, error) {
	cfg = cfg.withDefaults()
	if cfg.Token == "" {
		return nil, fmt.Errorf("telegram: no token (TELEGRAM_TOKEN)")
	}
	if !validSecret(cfg.WebhookSecret) {
		return nil, fmt.Errorf("telegram: TELEGRAM_WEBHOOK_SECRET must be 1 to 256 letters, digits, '_' or '-'")
	}
	a := &Adapter{cfg: cfg, bot: b, svc: svc, log: cfg.Logger.With("platform", Platform),
		limit: newLimiter(cfg.Limits, time.Now), seen: newRecent(4096), work: context.Background()}
	endpoint := cfg.APIURL + "/bot%s/%s"
	getMeCtx, cancel := context.WithTimeout(ctx, cfg.CallTimeout)
	defer cancel()
	api, err := tgbotapi.NewBotAPIWithClient(cfg.Token, endpoint, ctxClient{c: cfg.HTTPClient, ctx: getMeCtx})
	if err != nil {
		return nil, fmt.Errorf("telegram: connect to %s: %w", cfg.APIURL, a.redact(err))
	}
	api.Client = ctxClient{c: cfg.HTTPClient, ctx: context.Background()}
	a.api = api
	a.me = self{ID: api.Self.ID, UserName: api.Self.UserName}
	a.log.Info("telegram: connected", "bot", a.me.UserName, "webhook", cfg.WebhookURL != "")
	return a, nil
}

// validSecret tells whether Telegram accepts s as a webhook secret.
func validSecret(s string) bool {
	if s == "" || len(s) > 256 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// Platform names Telegram for the scheduler and the channel code.
func (a *Adapter) Platform() string { return Platform }

// UserName is the bot's @name, for deep links.
func (a *Adapter) UserName() string { return a.me.UserName }

// StartLink is the deep link that opens a private chat with the bot at
// "/start arg".
func (a *Adapter) StartLink(arg string) string {
	link := "https://t.me/" + a.me.UserName
	if arg != "" {
		link += "?start=" + arg
	}
	return link
}

// Run serves updates until ctx ends: by webhook when configured (cmd
// mounts Handler at WebhookPath), else by long polling. It registers the
// command lists on the way. When ctx ends it stops taking updates and
// finishes the accepted ones within ShutdownTimeout.
func (a *Adapter) Run(ctx context.Context) error {
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	a.work = work
	q := newQueue(a.cfg.Workers, a.cfg.QueueSize, a.process)
	a.queue.Store(q)
	defer a.drain(q, cancelWork)

	if a.cfg.WebhookURL != "" {
		if err := a.setWebhook(ctx); err != nil {
			return err
		}
	} else if err := a.deleteWebhook(ctx); err != nil {
		a.log.Warn("telegram: deleteWebhook failed; polling anyway", "err", err)
	}
	cmds := newCommandLists(a)
	cmds.registerDefaults(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		cmds.refreshCoaches(ctx, a.cfg.CommandsEvery)
	}()
	defer func() { <-done }()

	if a.cfg.WebhookURL != "" {
		<-ctx.Done()
		return nil
	}
	return a.poll(ctx, q)
}

// drain stops the queue and waits for the accepted updates, cancelling
// their work when ShutdownTimeout passes.
func (a *Adapter) drain(q *queue, cancelWork context.CancelFunc) {
	a.queue.Store(nil)
	closed := make(chan struct{})
	go func() {
		q.close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(a.cfg.ShutdownTimeout):
		a.log.Warn("telegram: shutdown timeout; abandoning updates in flight")
		cancelWork()
		<-closed
	}
}

// submit queues an update unless it was seen a moment ago. An update
// that could not be queued is forgotten, so its redelivery is taken.
func (a *Adapter) submit(ctx context.Context, q *queue, u *tgbotapi.Update) error {
	if !a.seen.add(u.UpdateID) {
		return nil
	}
	if err := q.submit(ctx, orderKey(u), u); err != nil {
		a.seen.forget(u.UpdateID)
		return err
	}
	return nil
}

// orderKey is the chat an update belongs to: updates of one chat are
// handled one at a time, in order.
func orderKey(u *tgbotapi.Update) int64 {
	switch {
	case u.Message != nil && u.Message.Chat != nil:
		return u.Message.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil && u.CallbackQuery.Message.Chat != nil:
		return u.CallbackQuery.Message.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.From != nil:
		return u.CallbackQuery.From.ID
	case u.MyChatMember != nil:
		return u.MyChatMember.Chat.ID
	}
	return 0
}

// process handles one update: translate, ask the bot, answer the button
// press, send the replies.
func (a *Adapter) process(u *tgbotapi.Update) {
	start := time.Now()
	ctx := a.work
	in, ok := translate(u, a.me)
	if !ok {
		if in.callbackID != "" {
			a.answer(ctx, in.callbackID, "")
		}
		return
	}
	replies := a.bot.Handle(ctx, in.req)
	if in.callbackID != "" {
		toast := ""
		for _, r := range replies {
			if r.Toast != "" {
				toast = r.Toast
				break
			}
		}
		a.answer(ctx, in.callbackID, toast)
	}
	a.deliver(ctx, in, replies)
	if a.cfg.OnHandled != nil {
		a.cfg.OnHandled(time.Since(start))
	}
}
