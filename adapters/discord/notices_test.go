package discord

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/scheduler"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// drain sends every due notice through a dispatcher whose only platform
// is this adapter.
func (e *env) drain() int {
	e.t.Helper()
	d := scheduler.NewDispatcher(e.svc, e.bot, []scheduler.Sender{e.a}, scheduler.DispatcherOptions{})
	n, err := d.DrainOnce(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// smallClass schedules a one-seat class on Thursday 4 June, 18:30 Paris.
func (e *env) smallClass() *core.Session {
	e.t.Helper()
	s, err := e.svc.Catalog.ScheduleSession(e.ctx, core.ScheduleRequest{CoachID: e.demo.Coach.ID, TypeID: e.demo.Class.ID,
		Start: time.Date(2026, 6, 4, 16, 30, 0, 0, time.UTC), Capacity: 1})
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

// withPass gives a client a 5-session pass.
func (e *env) withPass(clientID int64) {
	e.t.Helper()
	if _, err := e.svc.Passes.GrantPass(e.ctx, clientID, e.demo.Packs[0].ID, "manual"); err != nil {
		e.t.Fatal(err)
	}
}

// Zoé, on Discord, waits for a full class; when the seat holder cancels,
// the dispatcher promotes her and the news arrives as a DM.
func TestWaitlistPromotionArrivesAsDM(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	zoe := e.dmUser("500", "Zoé", "en")
	zoe.onboard()
	class := e.smallClass()
	anna := &core.Client{Name: "Anna", Zone: "Europe/Paris"}
	if err := e.svc.Accounts.CreateClient(e.ctx, anna); err != nil {
		t.Fatal(err)
	}
	e.withPass(anna.ID)
	e.withPass(zoe.client().ID)
	held, err := e.svc.Bookings.Book(e.ctx, core.BookRequest{ClientID: anna.ID, SessionID: class.ID})
	if err != nil {
		t.Fatal(err)
	}
	waiting, err := e.svc.Bookings.Book(e.ctx, core.BookRequest{ClientID: zoe.client().ID, SessionID: class.ID})
	if err != nil || waiting.Booking.Status != core.BookingWaitlisted {
		t.Fatalf("zoé's booking = %+v, %v; want waitlisted", waiting, err)
	}
	e.drain()
	from := len(e.fake.snapshot())

	if _, _, err := e.svc.Bookings.Cancel(e.ctx, core.CancelRequest{ClientID: anna.ID, BookingID: held.Booking.ID, Reason: "ill"}); err != nil {
		t.Fatal(err)
	}
	if n := e.drain(); n == 0 {
		t.Fatal("nothing sent")
	}
	c, _ := e.fake.waitCall(from, func(c call) bool {
		return c.Method == http.MethodPost && c.Path == "/channels/dm-500/messages" && strings.Contains(c.Body["content"].(string), "A seat opened up")
	})
	if !strings.Contains(c.Body["content"].(string), "you're in! Yoga flow (group) with Ana Martin") {
		t.Fatalf("promotion DM = %q", c.Body["content"])
	}
}

// Léo closed his DMs: Discord answers 50007, Send reports the account
// unreachable, and the dispatcher marks it so.
func TestDMRefusedMarksTheAccountUnreachable(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	leo := e.dmUser("600", "Léo", "en")
	leo.onboard()
	if a := leo.account(); a.ChatID != "dm-600" || a.Unreachable {
		t.Fatalf("account = %+v", a)
	}
	e.fake.refuse("dm-600")
	err := e.a.Send(e.ctx, "dm-600", bot.Reply{Text: "hello"})
	if !errors.Is(err, bot.ErrUnreachable) {
		t.Fatalf("Send = %v, want ErrUnreachable", err)
	}
	if err := e.a.Send(e.ctx, "", bot.Reply{Text: "hello"}); !errors.Is(err, bot.ErrUnreachable) {
		t.Fatalf("Send without a chat = %v, want ErrUnreachable", err)
	}

	e.withPass(leo.client().ID)
	if _, err := e.svc.Bookings.Book(e.ctx, core.BookRequest{ClientID: leo.client().ID, SessionID: e.demo.Classes[0].ID}); err != nil {
		t.Fatal(err)
	}
	e.drain()
	if a := leo.account(); !a.Unreachable {
		t.Fatalf("account = %+v, want unreachable", a)
	}
	// Writing to the bot again makes him reachable again.
	leo.slash("menu")
	if a := leo.account(); a.Unreachable {
		t.Fatalf("account = %+v, want reachable after he wrote", a)
	}
}

// Discord's 429 on a notice is handed to the scheduler as a
// RetryAfterError rather than slept through.
func TestRateLimitedSendAsksTheSchedulerToWait(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.fake.mu.Lock()
	e.fake.limited["dm-601"] = true
	e.fake.mu.Unlock()
	err := e.a.Send(e.ctx, "dm-601", bot.Reply{Text: "hello"})
	if after, ok := bot.RetryAfter(err); !ok || after != 1500*time.Millisecond {
		t.Fatalf("Send = %v, want retry after 1.5s", err)
	}
	if _, err := e.a.Post(e.ctx, "dm-601", bot.Reply{Text: "post"}); err == nil {
		t.Fatal("a rate-limited post succeeded")
	}
}

// Notices keep Discord's limits in the adapter: a second message into a
// channel within its interval waits for it, and one whose place is past
// the horizon goes back to the scheduler (a bot.RetryAfterError) without
// reaching Discord; other channels are not held.
func TestNoticesKeepTheChannelLimit(t *testing.T) {
	t.Parallel()
	limits := DefaultLimits()
	limits.Private = core.SendRate{Every: 400 * time.Millisecond, Burst: 1}
	limits.Horizon = time.Second
	e := newEnv(t, func(c *Config) { c.Limits = limits })
	posts := func() int {
		n := 0
		for _, c := range e.fake.snapshot() {
			if c.Method == http.MethodPost && strings.HasSuffix(c.Path, "/messages") {
				n++
			}
		}
		return n
	}
	start := time.Now()
	for range 3 {
		if err := e.a.Send(e.ctx, "dm-1", bot.Reply{Text: "Reminder"}); err != nil {
			t.Fatal(err)
		}
	}
	if took := time.Since(start); took < 800*time.Millisecond {
		t.Fatalf("3 notices into one channel in %v, want 2 intervals of 400 ms", took)
	}
	limits.Private.Every = time.Hour
	e2 := newEnv(t, func(c *Config) { c.Limits = limits })
	if err := e2.a.Send(e2.ctx, "dm-2", bot.Reply{Text: "Reminder"}); err != nil {
		t.Fatal(err)
	}
	err := e2.a.Send(e2.ctx, "dm-2", bot.Reply{Text: "Reminder"})
	if after, ok := bot.RetryAfter(err); !ok || after <= 0 {
		t.Fatalf("err = %v, want a bot.RetryAfterError", err)
	}
	if err := e2.a.Send(e2.ctx, "dm-3", bot.Reply{Text: "Reminder"}); err != nil {
		t.Fatalf("another channel: %v", err)
	}
	if n := posts(); n != 3 {
		t.Fatalf("%d messages reached Discord in the first env, want 3", n)
	}
}
