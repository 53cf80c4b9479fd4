// Package webapp is the calendar Mini App: web pages served by Slotbot's
// own HTTP listener under /app/, opened inside Telegram as a Mini App
// (Telegram signs who opens it) or from Discord and the terminal chat
// with a one-use signed link. Clients see a month of open and taken
// times, book, cancel and reschedule; coaches see their business in
// charts and export it as CSV.
//
// The package holds no rule: every question and every action goes to the
// same core services the chat calls, and what an action does is told in
// the chat by the notices core writes to the outbox. Pages are
// server-rendered templates with a small script, their assets embedded;
// the JSON endpoints under /app/api/ check who is asking on every call.
package webapp

import (
	"context"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/bot/locales"
	"github.com/slotbot/slotbot/core"
)

// Path is where the Mini App is mounted.
const Path = "/app/"

// TelegramPlatform is the platform name core keeps Telegram accounts
// under, so a Mini App user is the same client as in the chat.
const TelegramPlatform = "telegram"

// Options configures the app.
type Options struct {
	// BotToken is the Telegram bot's token, which initData is signed
	// with; "" refuses every initData.
	BotToken string
	// PublicURL is this server's public address (SLOTBOT_PUBLIC_URL);
	// links and the Telegram button point under it.
	PublicURL string
	// Logger logs internal faults; nil: slog.Default.
	Logger *slog.Logger
	// Words is the chat's wording of what the page shows (a bot.Bot);
	// nil: a bot of the app's service, which words everything as the
	// chat's does (the chat's words depend on the store and the catalog
	// alone).
	Words Words
}

// Words is the chat's wording the page shows word for word (bot.Bot), so
// that a refusal, a booking's summary, a cancellation's consequence and a
// booking's status read on the page as in the chat, from the same
// functions.
type Words interface {
	// ErrorText words a refusal in lang from the chat's catalog.
	ErrorText(lang string, err error) string
	// QuoteSummary is the chat's summary of a booking about to be made.
	QuoteSummary(lang string, loc *time.Location, q *core.BookingQuote) bot.Summary
	// CancelSummary is the chat's question and consequence before a
	// cancellation.
	CancelSummary(lang string, loc *time.Location, v *core.BookingView, out *core.CancelOutcome) (string, []string)
	// StatusText is a booking's status as "My bookings" words it.
	StatusText(lang string, loc *time.Location, v *core.BookingView) string
}

// App serves the Mini App.
type App struct {
	svc   *core.Service
	opts  Options
	texts *locales.Catalog     // the chat's texts, the page's among them
	pages map[string]pageTexts // the page's texts per language
	key   []byte               // the app secret links and page tokens are signed with
	page  *template.Template
	log   *slog.Logger
	// assets are the embedded files with their content hashes, so their
	// addresses change when they do and can be cached for long.
	assets map[string]asset
	// font is the charts' typeface, parsed on the first chart drawn.
	font *chartFont
}

// New builds the app on svc, reading the app secret from the store.
func New(ctx context.Context, svc *core.Service, opts Options) (*App, error) {
	key, err := svc.Accounts.AppSecret(ctx)
	if err != nil {
		return nil, fmt.Errorf("webapp: app secret: %w", err)
	}
	catalog := locales.Default()
	a := &App{svc: svc, opts: opts, texts: catalog, pages: loadPageTexts(catalog), key: key, log: logger(opts.Logger), font: &chartFont{}}
	if a.opts.Words == nil {
		a.opts.Words = bot.New(svc, bot.Options{Logger: a.log})
	}
	if a.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if a.page, err = parsePage(); err != nil {
		return nil, err
	}
	return a, nil
}

// now is the service's clock: tests travel in time with it.
func (a *App) now() time.Time { return a.svc.Clock.Now() }

// base is the public address of the app, without a trailing slash.
func (a *App) base() string {
	return strings.TrimRight(a.opts.PublicURL, "/") + strings.TrimRight(Path, "/")
}

// TelegramURL is the address a Telegram web_app button or the menu
// button opens, in the client's language; "" when no public https
// address is configured (Telegram opens only https Mini Apps).
func (a *App) TelegramURL(lang string) string {
	if !strings.HasPrefix(a.opts.PublicURL, "https://") {
		return ""
	}
	return a.base() + "/?lang=" + url.QueryEscape(Lang(lang))
}

// Link issues a calendar link for the client, valid for core.AppLinkTTL
// and once, for the chats that cannot open a Mini App (Discord, the
// terminal). view is "" for the calendar or "report" for a coach's
// report. Errors: those of core.Accounts.NewAppLink.
func (a *App) Link(ctx context.Context, clientID int64, lang, view string) (string, time.Time, error) {
	nonce, expires, err := a.svc.Accounts.NewAppLink(ctx, clientID)
	if err != nil {
		return "", time.Time{}, err
	}
	tok := sign(a.key, linkClaims{Kind: kindLink, ClientID: clientID, Expires: expires, Nonce: nonce})
	page := "/"
	if view == "report" {
		page = "/report"
	}
	// The token rides in the fragment: it never reaches a server log or a
	// link preview's request, and the page redeems it with a POST.
	return a.base() + page + "?lang=" + url.QueryEscape(Lang(lang)) + "#link=" + tok, expires, nil
}

// Handler serves everything under Path.
func (a *App) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /app/{$}", a.servePage("calendar"))
	mux.HandleFunc("GET /app/report", a.servePage("report"))
	mux.HandleFunc("GET /app/static/{file}", a.serveAsset)
	mux.HandleFunc("POST /app/api/session", a.openSession)
	a.clientRoutes(mux)
	a.coachRoutes(mux)
	return securityHeaders(mux)
}

// securityHeaders keeps the pages to their own scripts (and Telegram's)
// and out of other sites' frames but Telegram's web client.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Content-Security-Policy", "default-src 'self'; script-src 'self' https://telegram.org; "+
			"style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "+
			"frame-ancestors 'self' https://web.telegram.org https://*.telegram.org")
		h.ServeHTTP(w, r)
	})
}
