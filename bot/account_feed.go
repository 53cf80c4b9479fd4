package bot

import (
	"bytes"
	"context"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// The calendar feed: /calendar gives a client a private address their
// calendar app subscribes to, listing their upcoming bookings and kept up
// to date (cmd serves FeedPath; the domain keeps only a hash of the token,
// so the link is shown once, and asking again makes a new one that
// retires the old).

// FeedPath is where the HTTP listener serves feeds: FeedPath + token +
// ".ics".
const FeedPath = "/feed/"

// Buttons of this file's flows: each action's name on the wire, posted
// in chats with the buttons, so never renamed (callback.go).
const (
	actFeedNew = "fdn" // fdn: make a new link, retiring the old
)

// registerFeed adds /calendar and its button.
func (b *Bot) registerFeed() {
	b.command("calendar", b.feedLink)
	b.action(actFeedNew, b.feedNew)
}

// feedLink shows a new client their link, or offers an existing one a
// new link, since the old one cannot be shown again.
func (b *Bot) feedLink(ctx context.Context, t *turn) error {
	if b.opts.PublicURL == "" {
		t.say(b.t(t, "feed.off"), row(btn(b.t(t, "my.btn.back"), actMenu, "mybookings")))
		return nil
	}
	has, err := b.svc.Slots.HasCalendarFeed(ctx, t.client().ID)
	if err != nil {
		return err
	}
	if has {
		t.say(b.t(t, "feed.again"), row(btn(b.t(t, "feed.btn.new"), actFeedNew), btn(b.t(t, "my.btn.back"), actMenu, "mybookings")))
		return nil
	}
	return b.feedNew(ctx, t)
}

// feedNew makes a new link and shows it, privately in a group.
func (b *Bot) feedNew(ctx context.Context, t *turn) error {
	if b.opts.PublicURL == "" {
		t.say(b.t(t, "feed.off"))
		return nil
	}
	token, err := b.svc.Slots.NewCalendarFeed(ctx, t.client().ID)
	if err != nil {
		return err
	}
	link := b.FeedURL(token)
	t.say(b.t(t, "feed.link", "Link", link), row(Button{Label: b.t(t, "feed.btn.open"), URL: link}),
		row(btn(b.t(t, "my.btn.back"), actMenu, "mybookings")))
	t.replies[len(t.replies)-1].Private = true
	t.replies[len(t.replies)-1].Toast = b.t(t, "feed.toast")
	return nil
}

// FeedURL is the public address of the feed with token.
func (b *Bot) FeedURL(token string) string {
	return strings.TrimRight(b.opts.PublicURL, "/") + FeedPath + token + ".ics"
}

// CalendarFeed renders the iCalendar feed of the client token belongs to:
// one event per upcoming booking, worded in their language, each event
// the same as the booking's "Add to calendar" file (same UID, so a
// calendar app that has both shows it once). Errors: ENOTFOUND for an
// unknown or retired token.
func (b *Bot) CalendarFeed(ctx context.Context, token string) ([]byte, error) {
	c, views, at, err := b.svc.Slots.CalendarFeed(ctx, token)
	if err != nil {
		return nil, err
	}
	t := &turn{lang: Language(c.Language), loc: b.zoneOf(c), now: at}
	var w icsWriter
	w.feedHeader(b.t(t, "feed.name"), "PT1H")
	out := []byte(w.b.String())
	for _, v := range views {
		out = append(out, vevent(b.bookingICS(t, v))...)
	}
	return append(out, "END:VCALENDAR\r\n"...), nil
}

// zoneOf is the client's zone, UTC when unset or unknown.
func (b *Bot) zoneOf(c *core.Client) *time.Location {
	if c.Zone != "" {
		if loc, err := core.LoadZone(c.Zone); err == nil {
			return loc
		}
	}
	return time.UTC
}

// vevent cuts the VEVENT out of a one-event calendar file.
func vevent(cal []byte) []byte {
	start := bytes.Index(cal, []byte("BEGIN:VEVENT\r\n"))
	end := bytes.Index(cal, []byte("END:VEVENT\r\n"))
	if start < 0 || end < start {
		return nil
	}
	return cal[start : end+len("END:VEVENT\r\n")]
}
