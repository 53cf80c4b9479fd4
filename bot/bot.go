package bot

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Bot turns chat-neutral requests into replies. It is safe for concurrent
// use: all state lives in the store.
type Bot struct {
	svc      *core.Service
	clock    core.Clock
	log      *slog.Logger
	cat      *catalog
	commands map[string]handler // by command name, without the slash
	actions  map[string]handler // by callback action
	menu     []menuItem         // the main menu, in order
	opts     Options
	// deepLinks handles "/start <prefix>_<arg>" by prefix, e.g. "book".
	deepLinks map[string]handler
	// texts handles free text by the conversation's current flow.
	texts map[string]handler
	// registered is where each name was registered ("action cx" →
	// "booking_cancel.go:70"), to name both places of a duplicate.
	registered map[string]string
	zones      core.Zones // senders' time zones, loaded once
}

// Options configures a Bot.
type Options struct {
	Logger *slog.Logger // nil: discard
	// Checkout makes online payment links (Stripe); nil: payments are
	// tracked by hand and coaches mark them paid.
	Checkout Checkout
	// Owners are platform-qualified user ids ("telegram:123") who may
	// add coaches (SLOTBOT_OWNERS).
	Owners []string
	// BotUsername is the bot's public name on the platform, for deep
	// links such as t.me/<name>?start=book_42.
	BotUsername string
	// Observer, if set, is told about every request handled (metrics).
	Observer Observer
	// Calendars connects and lists coaches' own calendars (/calendars);
	// nil: the screens say it is not available here.
	Calendars *core.Calendars
	// WebApp is the calendar Mini App (adapters/webapp); nil: no
	// calendar button, /report or /export.
	WebApp WebApp
	// PublicURL is where the HTTP listener is reached from the internet
	// (SLOTBOT_PUBLIC_URL), for calendar feed links; "": no feed.
	PublicURL string
}

// handler handles one request within a turn.
type handler func(ctx context.Context, t *turn) error

// menuItem is one entry of the main menu: a button and its command.
type menuItem struct {
	key     string // text key of the label
	command string
}

// New builds the bot with every flow registered. It panics when two
// flows register the same command, action, deep link or text flow: a
// programming error, which would otherwise silently replace a handler.
func New(svc *core.Service, opts Options) *Bot {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := &Bot{svc: svc, clock: svc.Clock, log: log, cat: newCatalog(log), opts: opts,
		commands: map[string]handler{}, actions: map[string]handler{},
		deepLinks: map[string]handler{}, texts: map[string]handler{}, registered: map[string]string{}}
	b.registerCommon()
	b.registerBooking()  // booking.go
	b.registerAccount()  // account.go
	b.registerCoach()    // coach.go
	b.registerChannels() // channels.go
	b.registerLinking()  // account_linking.go
	b.registerPayments() // account_pay.go
	b.registerFeed()     // account_feed.go
	b.registerNotices()  // notices_offer.go
	b.registerWebApp()   // booking_webapp.go
	for _, c := range Commands() {
		if _, ok := b.commands[c.Name]; !ok {
			panic(fmt.Sprintf("bot: command %q is in Commands() but has no handler", c.Name))
		}
	}
	return b
}

// command registers a handler for /name, which must be in Commands(): the
// platforms' menus are rendered from that list.
func (b *Bot) command(name string, h handler) {
	if !slices.ContainsFunc(Commands(), func(c Command) bool { return c.Name == name }) {
		panic(fmt.Sprintf("bot: command %q is not in Commands() (commands.go)", name))
	}
	b.register(b.commands, "command", name, h)
}

// action registers a handler for buttons whose data starts with action,
// one of the act… constants declared next to the handler.
func (b *Bot) action(name string, h handler) { b.register(b.actions, "action", name, h) }

// deepLink registers a handler for "/start <prefix>_<arg>".
func (b *Bot) deepLink(prefix string, h handler) { b.register(b.deepLinks, "deep link", prefix, h) }

// typed registers the handler of free text while a conversation is in
// flow.
func (b *Bot) typed(flow string, h handler) { b.register(b.texts, "text flow", flow, h) }

// registrationSite is the file and line of the register… function
// (or, failing that, of the caller) that is registering a name.
func registrationSite() string {
	site := "?"
	for skip := 3; skip < 8; skip++ {
		pc, file, line, ok := runtime.Caller(skip)
		if !ok {
			break
		}
		here := fmt.Sprintf("%s:%d", filepath.Base(file), line)
		if skip == 3 {
			site = here
		}
		if fn := runtime.FuncForPC(pc); fn != nil && strings.Contains(fn.Name(), ".register") {
			return here
		}
	}
	return site
}

// register adds h to m under name, panicking if the name is taken: a
// second registration would silently replace the first.
func (b *Bot) register(m map[string]handler, kind, name string, h handler) {
	site := registrationSite()
	key := kind + " " + name
	if first, dup := b.registered[key]; dup {
		panic(fmt.Sprintf("bot: %s %q registered twice: at %s and at %s", kind, name, first, site))
	}
	b.registered[key] = site
	m[name] = h
}

// turn is one request being handled: who asked, in which language and
// zone, and the replies gathered so far.
type turn struct {
	req     Request
	person  *core.Person
	lang    string
	loc     *time.Location
	now     time.Time
	cb      Callback
	replies []Reply
	// conv is the flow state read with the person, handed out by the
	// first b.conversation of the turn; later calls read it afresh.
	conv *core.Conversation
}

// client is the person's client record.
func (t *turn) client() *core.Client { return t.person.Client }

// Handle answers one request. It never returns nothing: an unknown command
// or a stray text gets a helpful answer with the main menu, a failure an
// apology.
func (b *Bot) Handle(ctx context.Context, req Request) (replies []Reply) {
	// Latency is real elapsed time, not the domain clock (which tests move).
	defer b.observe(req, time.Now(), &replies) // observe.go
	t := &turn{req: req, lang: Language(req.Language), loc: time.UTC, now: b.clock.Now()}
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("bot: panic", "panic", fmt.Sprint(r), "stack", string(debug.Stack()),
				"platform", req.Platform, "command", req.Command, "data", req.Data)
			replies = []Reply{b.failure(t, fmt.Errorf("panic: %v", r))}
		}
	}()
	if err := b.serve(ctx, t); err != nil {
		t.replies = append(t.replies, b.failure(t, err))
	}
	if len(t.replies) == 0 {
		t.replies = append(t.replies, b.mainMenu(t, b.t(t, "menu.what_next")))
	}
	if t.person != nil {
		for i := range t.replies {
			t.replies[i].Language = t.lang
		}
	}
	return t.replies
}

// serve runs the middleware chain: dedupe, identify, localise, route.
func (b *Bot) serve(ctx context.Context, t *turn) error {
	req := t.req
	chatID := ""
	if req.ChatKind == ChatPrivate || req.ChatKind == "" {
		chatID = req.ChatID
	}
	// Dedupe, identification and the flow state: one transaction, unless
	// the inbox read them with the update.
	a := req.Arrival
	if a == nil || req.UpdateID != "" {
		id := core.Identity{Platform: req.Platform, UserID: req.UserID, ChatID: chatID, Name: req.Name, Language: Language(req.Language)}
		var err error
		if req.Newcomer && req.UpdateID == "" {
			a, err = b.svc.Accounts.ArriveNew(ctx, id)
		} else {
			a, err = b.svc.Accounts.Arrive(ctx, req.UpdateID, id)
		}
		if err != nil {
			return err
		}
	}
	if !a.Fresh {
		t.replies = append(t.replies, Reply{}) // a redelivery: say nothing twice
		return nil
	}
	p := a.Person
	t.person, t.conv = p, a.Conversation
	if p.Client.Language != "" {
		t.lang = Language(p.Client.Language)
	}
	if p.Client.Zone != "" {
		if loc, err := b.zones.Load(p.Client.Zone); err == nil {
			t.loc = loc
		}
	}
	return b.route(ctx, t)
}

// route picks the handler for a command, a button or a text.
func (b *Bot) route(ctx context.Context, t *turn) error {
	req := t.req
	switch {
	case req.Data != "":
		cb, err := decode(req.Data)
		if err != nil {
			return err
		}
		h, ok := b.actions[cb.Action]
		if !ok {
			return ErrStaleButton
		}
		t.cb = cb
		return h(ctx, t)
	case req.Command != "":
		name := strings.ToLower(strings.TrimPrefix(req.Command, "/"))
		if i := strings.IndexByte(name, '@'); i >= 0 {
			name = name[:i] // "/book@SlotBot" in a group
		}
		if h, ok := b.commands[name]; ok {
			return h(ctx, t)
		}
		t.replies = append(t.replies, b.mainMenu(t, b.t(t, "unknown.command", "Command", "/"+name)))
		return nil
	default:
		return b.text(ctx, t)
	}
}

// failure words an error for the person: their own message for domain
// errors, an apology with the menu for faults (which are logged).
func (b *Bot) failure(t *turn, err error) Reply {
	code := core.ErrorCode(err)
	switch {
	case err == ErrStaleButton:
		r := b.mainMenu(t, b.t(t, "error.stale"))
		r.Toast = b.t(t, "error.stale_toast")
		return r
	case code == core.EINTERNAL:
		b.log.Error("bot: internal error", "err", err, "platform", t.req.Platform, "command", t.req.Command, "data", t.req.Data)
		return b.mainMenu(t, b.t(t, "error.internal"))
	case code == core.EUNAVAILABLE:
		b.log.Warn("bot: store unavailable", "err", err)
		return Reply{Text: b.t(t, "error.unavailable")}
	}
	r := b.mainMenu(t, b.errText(t, err))
	r.Toast = r.Text
	return r
}

// say appends a reply that replaces the pressed menu when there is one.
func (t *turn) say(text string, rows ...[]Button) {
	t.replies = append(t.replies, Reply{Text: text, Buttons: rows, Edit: t.req.Data != "" && t.req.MessageID != "",
		Private: t.req.ChatKind == ChatGroup || t.req.ChatKind == ChatChannel})
}

// t renders a text in the turn's language.
func (b *Bot) t(t *turn, key string, args ...any) string { return b.cat.t(t.lang, key, args...) }

// when renders an instant in the turn's language and zone.
func (t *turn) when(at time.Time) string { return formatWhen(t.lang, t.loc, at) }

// money renders an amount in the turn's language.
func (t *turn) money(m core.Money) string { return formatMoney(t.lang, m) }

// btn makes a button with encoded data.
func btn(label, action string, args ...string) Button {
	return Button{Label: label, Data: encode(action, args...)}
}

// row makes one row of buttons.
func row(bs ...Button) []Button { return bs }
