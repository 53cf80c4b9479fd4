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
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
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

// Config configures the adapter; cmd/slotbot fills it from the
// environment variables named below.
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
	Limits       Limits        // zero: DefaultLimits
	PollTimeout  time.Duration // long-polling wait; 0: 30 s
	PollPause    time.Duration // least time between empty polls, for servers that return at once; 0: 100 ms
	CallTimeout  time.Duration // one Bot API call; 0: 20 s
	MaxRetryWait time.Duration // longest 429 wait taken in place; 0: 60 s
	// CommandsEvery is how often coaches' command lists are refreshed;
	// 0: 10 minutes.
	CommandsEvery time.Duration
	// ShutdownTimeout bounds finishing the updates being handled after
	// Run's context ends; 0: 10 s. Stored updates not yet handled stay
	// in the database for the next start or another replica.
	ShutdownTimeout time.Duration
	// UpdateTimeout is the deadline on an update's work: past it the
	// person is told to try again in a moment; 0: 4 s.
	UpdateTimeout time.Duration
	// StoreTimeout bounds storing an update before it is acknowledged;
	// past it the webhook answers 503 (Telegram sends it again later), a
	// poll keeps its offset, and the person is told to try again; 0: 2 s.
	StoreTimeout time.Duration
	// Lease is how long a claimed update is this replica's before another
	// may handle it (renewed while it is handled); 0: 1 minute.
	Lease time.Duration
	// Owner names this replica in the inbox's leases; "": host-pid-random.
	Owner string

	// MiniAppURL gives the calendar Mini App's https address in a
	// language; set (and not ""), the bot's menu button opens it
	// (setChatMenuButton), labelled in each person's language (menu.go).
	MiniAppURL func(lang string) string

	HTTPClient *http.Client // nil: a client on NewTransport
	Logger     *slog.Logger // nil: discard
	// OnHandled, if set, is told how long each update took, from the
	// worker picking it up to its last reply sent.
	OnHandled func(time.Duration)
}

// withDefaults fills the zero fields.
func (c Config) withDefaults() Config {
	c.APIURL = strings.TrimRight(cmp.Or(c.APIURL, DefaultAPIURL), "/")
	c.Workers = cmp.Or(c.Workers, 16)
	if c.Limits == (Limits{}) {
		c.Limits = DefaultLimits()
	}
	c.PollTimeout = cmp.Or(c.PollTimeout, 30*time.Second)
	c.PollPause = cmp.Or(c.PollPause, 100*time.Millisecond)
	c.CallTimeout = cmp.Or(c.CallTimeout, 20*time.Second)
	c.MaxRetryWait = cmp.Or(c.MaxRetryWait, 60*time.Second)
	c.CommandsEvery = cmp.Or(c.CommandsEvery, 10*time.Minute)
	c.ShutdownTimeout = cmp.Or(c.ShutdownTimeout, 10*time.Second)
	c.UpdateTimeout = cmp.Or(c.UpdateTimeout, 4*time.Second)
	c.StoreTimeout = cmp.Or(c.StoreTimeout, 2*time.Second)
	c.Lease = cmp.Or(c.Lease, time.Minute)
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Transport: NewTransport()}
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
	me    atomic.Pointer[self] // set by connect
	limit *core.Pacer          // replies and notices within Telegram's limits, shared by the replicas
	seen  *recent
	// mine keeps the updates this process stored, decoded, for its inbox
	// to handle without decoding them again.
	mine *decoded
	// inbox hands stored updates to the workers while Run runs.
	inbox *bot.Inbox
	// running is true while Run runs: the webhook stores updates only
	// then, since nobody would handle them otherwise.
	running atomic.Bool
	// told remembers the chats lately told to try again, so a poll that
	// cannot store its updates does not repeat it at every try.
	told *recent
	// waiting is the updates stored here and not yet begun, whose
	// senders are told they are kept if the database stops answering
	// (waiting.go).
	waiting *waiting
	// answers recycles the buffers the Bot API's answers are read into
	// (form.go): *[]byte.
	answers sync.Pool
	// forms recycles the calls' forms (form.go): *form.
	forms sync.Pool
	// work is the context of direct calls of process (tests).
	work context.Context
	// menus remembers the language each private chat's menu button was
	// set in (menu.go).
	menus *menus
	// targets are the addresses of the methods posted by form, read
	// once; formHeader is their header through another transport
	// (form.go).
	targets    map[string]*target
	formHeader http.Header
}

// New connects to the Bot API (getMe checks the token) and prepares the
// adapter; b answers the conversations, svc tells who the coaches are.
func New(ctx context.Context, cfg Config, b *bot.Bot, svc *core.Service) (*Adapter, error) {
	a, err := Prepare(cfg, b, svc)
	if err != nil {
		return nil, err
	}
	if err := a.connect(ctx); err != nil {
		return nil, err
	}
	return a, nil
}

// Prepare builds the adapter without a network call: Run connects
// (getMe) first, so a Bot API that cannot be reached at start fails Run,
// which its caller may retry, rather than the process. Send works
// before that, with the token alone.
func Prepare(cfg Config, b *bot.Bot, svc *core.Service) (*Adapter, error) {
	cfg = cfg.withDefaults()
	if cfg.Token == "" {
		return nil, fmt.Errorf("telegram: no token (TELEGRAM_TOKEN)")
	}
	if !validSecret(cfg.WebhookSecret) {
		return nil, fmt.Errorf("telegram: TELEGRAM_WEBHOOK_SECRET must be 1 to 256 letters, digits, '_' or '-'")
	}
	var budgets core.SendBudgets = core.NewMemoryBudgets()
	if svc != nil {
		budgets = svc.Outbox.SendBudgets() // PostgreSQL: one budget for every replica
	}
	a := &Adapter{cfg: cfg, bot: b, svc: svc, log: cfg.Logger.With("platform", Platform),
		limit: core.NewPacer(budgets, Platform, cfg.Limits, time.Now), seen: newRecent(4096), mine: newDecoded(1024), told: newRecent(1024), work: context.Background(),
		menus: newMenus(maxMenus), waiting: newWaiting()}
	a.inbox = bot.NewInbox(svc, a.handleStored, bot.InboxOptions{Platform: Platform, Owner: cfg.Owner,
		Workers: cfg.Workers, Lease: cfg.Lease, ShutdownTimeout: cfg.ShutdownTimeout, Logger: a.log})
	a.api = &tgbotapi.BotAPI{Token: cfg.Token, Buffer: 100,
		Client: ctxClient{c: cfg.HTTPClient, ctx: context.Background()}}
	a.api.SetAPIEndpoint(cfg.APIURL + "/bot%s/%s")
	a.targets = map[string]*target{}
	for _, m := range []string{"sendMessage", "editMessageText", "answerCallbackQuery", "getUpdates"} {
		u, err := url.Parse(cfg.APIURL + "/bot" + cfg.Token + "/" + m)
		if err != nil {
			return nil, fmt.Errorf("telegram: the Bot API's address %q is no URL", cfg.APIURL)
		}
		a.targets[m] = newTarget(u)
	}
	a.formHeader = http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	return a, nil
}

// connect asks the Bot API who the bot is (getMe), which checks the
// token, unless it was asked already.
func (a *Adapter) connect(ctx context.Context) error {
	if a.self().ID != 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, a.cfg.CallTimeout)
	defer cancel()
	me, err := a.bound(ctx).GetMe()
	if err != nil {
		return fmt.Errorf("telegram: connect to %s: %w", a.cfg.APIURL, a.redact(err))
	}
	a.me.Store(&self{ID: me.ID, UserName: me.UserName})
	a.log.Info("telegram: connected", "bot", me.UserName, "webhook", a.cfg.WebhookURL != "")
	return nil
}

// self is who the bot is, once connected; the zero self before.
func (a *Adapter) self() self {
	if me := a.me.Load(); me != nil {
		return *me
	}
	return self{}
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
func (a *Adapter) UserName() string { return a.self().UserName }

// StartLink is the deep link that opens a private chat with the bot at
// "/start arg".
func (a *Adapter) StartLink(arg string) string {
	link := "https://t.me/" + a.self().UserName
	if arg != "" {
		link += "?start=" + arg
	}
	return link
}

// Run serves updates until ctx ends: by webhook when configured (cmd
// mounts Handler at WebhookPath), else by long polling. Either way an
// update is stored before it is acknowledged, and handled from the store
// by the inbox's workers (any replica's). It registers the command lists
// on the way. When ctx ends it stops taking updates and finishes those
// being handled within ShutdownTimeout; stored ones wait for the next
// start or another replica.
func (a *Adapter) Run(ctx context.Context) error {
	if err := a.connect(ctx); err != nil {
		return err
	}
	ictx, stopInbox := context.WithCancel(ctx)
	inboxDone := make(chan struct{})
	go func() {
		defer close(inboxDone)
		_ = a.inbox.Run(ictx)
	}()
	defer func() { stopInbox(); <-inboxDone }()
	watchDone := make(chan struct{})
	go func() {
		defer close(watchDone)
		a.watchWaiting(ictx)
	}()
	defer func() { stopInbox(); <-watchDone }()
	a.running.Store(true)
	defer a.running.Store(false)

	if a.cfg.WebhookURL != "" {
		if err := a.setWebhook(ctx); err != nil {
			return err
		}
	} else if err := a.deleteWebhook(ctx); err != nil {
		a.log.Warn("telegram: deleteWebhook failed; polling anyway", "err", err)
	}
	cmds := newCommandLists(a)
	cmds.registerDefaults(ctx)
	a.setMenuButton(ctx)
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
	return a.poll(ctx)
}

// store writes updates to the inbox before they are acknowledged, within
// StoreTimeout even when the database does not answer (the store call is
// then left to end by itself: a driver may not honour the context). An
// update seen a moment ago is skipped. On failure each sender is told
// to try again, once in a while.
func (a *Adapter) store(ctx context.Context, us ...*tgbotapi.Update) error {
	return a.storeRaw(ctx, us, nil)
}

// storeRaw is store with each update's JSON as Telegram sent it
// (raws[i], or nil: encoded again), which is what the inbox keeps.
func (a *Adapter) storeRaw(ctx context.Context, us []*tgbotapi.Update, raws []json.RawMessage) error {
	var rows []*core.InboxUpdate
	var fresh []*tgbotapi.Update
	var ins []incoming // fresh's, translated…
	var oks []bool     // …or left alone (translate's ok)
	for i, u := range us {
		if !a.seen.add(u.UpdateID) {
			continue
		}
		var body []byte
		if i < len(raws) {
			body = raws[i]
		} else {
			var err error
			if body, err = json.Marshal(u); err != nil {
				a.seen.forget(u.UpdateID)
				return fmt.Errorf("telegram: encode update %d: %w", u.UpdateID, err)
			}
		}
		fresh = append(fresh, u)
		row := &core.InboxUpdate{Platform: Platform, UpdateID: strconv.Itoa(u.UpdateID),
			Chat: strconv.FormatInt(orderKey(u), 10), Body: body}
		in, ok := translate(u, a.self())
		if ok { // the sender, for the claim to read with the update
			row.Sender = in.req.UserID
			if in.req.ChatKind == bot.ChatPrivate || in.req.ChatKind == "" {
				row.SenderChat = in.req.ChatID
			}
		}
		ins, oks = append(ins, in), append(oks, ok)
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, a.cfg.StoreTimeout)
	defer cancel()
	stored := make(chan error, 1)
	go func() {
		_, err := a.svc.Inbox.Receive(context.WithoutCancel(ctx), rows...)
		stored <- err
	}()
	var err error
	select {
	case err = <-stored:
	case <-ctx.Done():
		err = fmt.Errorf("telegram: storing updates: %w", ctx.Err())
	}
	if err != nil {
		for _, u := range fresh {
			a.seen.forget(u.UpdateID)
		}
		a.tellToTryAgain(fresh)
		return err
	}
	now := time.Now()
	for i, u := range fresh {
		a.mine.add(u)
		if oks[i] {
			a.waiting.add(u.UpdateID, ins[i], now)
		}
	}
	a.inbox.Wake()
	return nil
}

// tellToTryAgain tells the senders of updates that could not be stored
// to try again in a moment, each chat at most once a minute or so (told
// remembers the last 1,024 chats), without waiting for the sends.
func (a *Adapter) tellToTryAgain(us []*tgbotapi.Update) {
	for _, u := range us {
		in, ok := translate(u, a.self())
		if !ok || in.chat == 0 || !a.told.add(int(in.chat)) {
			continue
		}
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), a.cfg.CallTimeout)
			defer cancel()
			if in.callbackID != "" {
				a.answer(ctx, in.callbackID, "")
			}
			r := a.bot.TryAgain(in.req)
			if in.req.ChatKind != bot.ChatPrivate {
				r.Private = true
			}
			a.deliver(ctx, in, []bot.Reply{r})
			time.AfterFunc(time.Minute, func() { a.told.forget(int(in.chat)) })
		}()
	}
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

// handleStored handles an update from the inbox: it was recorded when
// stored, so the bot is given no update id to record again.
func (a *Adapter) handleStored(ctx context.Context, su *core.InboxUpdate) {
	chat, _ := strconv.ParseInt(su.Chat, 10, 64)
	a.waiting.begin(su.UpdateID, chat)
	defer a.waiting.end(chat)
	if id, err := strconv.Atoi(su.UpdateID); err == nil {
		if u := a.mine.take(id); u != nil {
			a.handle(ctx, u, su) // this process stored it: decoded already
			return
		}
	}
	u, err := decodeUpdate(su.Body) // update.go
	if err != nil {
		a.log.Error("telegram: stored update unreadable; dropped", "update_id", su.UpdateID, "err", err)
		return
	}
	a.handle(ctx, u, su)
}

// process handles one update that was not stored (tests): the bot
// records its id.
func (a *Adapter) process(u *tgbotapi.Update) { a.handle(a.work, u, nil) }

// handle handles one update: translate, ask the bot (within
// UpdateTimeout), answer the button press, send the replies. When the
// bot's work overran, it waits for that work to end before returning, so
// the chat's next update comes after it. An update from the inbox
// (stored) was recorded when stored, and may come with its sender read.
func (a *Adapter) handle(ctx context.Context, u *tgbotapi.Update, stored *core.InboxUpdate) {
	start := time.Now()
	in, ok := translate(u, a.self())
	if !ok {
		if in.callbackID != "" {
			a.answer(ctx, in.callbackID, "")
		}
		return
	}
	if stored != nil {
		in.req.UpdateID, in.req.Arrival, in.req.Newcomer = "", stored.Arrival, stored.Newcomer
	}
	replies, late := a.bot.HandleWithin(ctx, in.req, a.cfg.UpdateTimeout)
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
	if in.req.ChatKind == bot.ChatPrivate && len(replies) > 0 {
		a.menuIn(ctx, in.chat, replies[0].Language) // menu.go
	}
	if late != nil {
		a.log.Warn("telegram: an update overran its deadline; the sender was told to try again",
			"update_id", u.UpdateID, "deadline", a.cfg.UpdateTimeout.String())
		<-late
	}
	if a.cfg.OnHandled != nil {
		a.cfg.OnHandled(time.Since(start))
	}
}
