package main

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/slotbot/slotbot/adapters/stripe"
	"github.com/slotbot/slotbot/adapters/telegram"
	"github.com/slotbot/slotbot/adapters/webapp"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// DiscordInteractionsPath is where the Discord HTTP interactions endpoint
// is mounted; the application's "Interactions Endpoint URL" points here.
const DiscordInteractionsPath = "/discord/interactions"

// routes are the handlers the HTTP listener serves besides /healthz; a
// nil handler is not mounted.
type routes struct {
	ready    http.Handler // /readyz
	metrics  http.Handler // /metrics
	telegram http.Handler // telegram.WebhookPath
	discord  http.Handler // DiscordInteractionsPath
	stripe   *stripe.Client
	feed     func(ctx context.Context, token string) ([]byte, error) // bot.FeedPath
	webapp   http.Handler                                            // webapp.Path: the calendar Mini App
	// coachFeed serves coaches' agenda feeds at bot.CoachFeedPath.
	coachFeed func(ctx context.Context, token string) ([]byte, error)
	log       *slog.Logger
}

// handler is the whole HTTP surface: the console engineer's mux (health)
// with the routes added.
func (r routes) handler() http.Handler {
	mux := newMux()
	mount := func(pattern string, h http.Handler) {
		if h != nil {
			mux.Handle(pattern, h)
		}
	}
	mount("GET /readyz", r.ready)
	mount("GET /metrics", r.metrics)
	mount(telegram.WebhookPath, r.telegram)
	mount(DiscordInteractionsPath, r.discord)
	if r.stripe != nil {
		mount(stripe.WebhookPath, r.stripe.Webhook())
		mount(stripe.ReturnPath, r.stripe.ReturnPage(stripe.ReturnTexts{Match: bot.Language, Text: bot.Text}))
	}
	mount(webapp.Path, r.webapp)
	if r.feed != nil {
		mount("GET "+bot.FeedPath+"{file}", feedHandler(r.feed, r.log))
	}
	if r.coachFeed != nil {
		mount("GET "+bot.CoachFeedPath+"{file}", feedHandler(r.coachFeed, r.log))
	}
	return mux
}

// feedHandler serves a client's calendar feed at /feed/<token>.ics (and a
// coach's agenda at /agenda/<token>.ics): 404
// for any token that opens nothing (never saying why), 503 while the
// database is away. The token is never logged.
func feedHandler(feed func(ctx context.Context, token string) ([]byte, error), log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("X-Robots-Tag", "noindex")
		token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
		if !ok {
			http.NotFound(w, r)
			return
		}
		ics, err := feed(r.Context(), token)
		switch core.ErrorCode(err) {
		case "":
		case core.ENOTFOUND:
			http.NotFound(w, r)
			return
		case core.EUNAVAILABLE:
			w.Header().Set("Retry-After", "60")
			http.Error(w, "calendar temporarily unavailable", http.StatusServiceUnavailable)
			return
		default:
			log.Error("slotbot: calendar feed", "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
		w.Header().Set("Content-Disposition", `inline; filename="slotbot.ics"`)
		w.Header().Set("Cache-Control", "private, max-age=300")
		_, _ = w.Write(ics)
	})
}
