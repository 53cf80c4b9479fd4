package telegram

import (
	"context"
	"log/slog"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/scheduler"
	"github.com/slotbot/slotbot/adapters/sqlite/sqlitetest"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// e2e is Slotbot running against the emulator by long polling, with the
// demo studio, the scheduler's dispatcher, and the clock at Tuesday 2
// June 2026, 10:00 in Paris.
type e2e struct {
	t     *testing.T
	ctx   context.Context
	emu   *emulator
	a     *Adapter
	bot   *bot.Bot
	svc   *core.Service
	store core.Store
	demo  *core.Demo
	disp  *scheduler.Dispatcher
}

func newE2E(t *testing.T) *e2e {
	t.Helper()
	e := &e2e{t: t, ctx: context.Background(), emu: startEmulator(t), store: sqlitetest.Open(t)}
	e.svc = core.NewService(e.store, storetest.NewClock(tuesday10))
	e.bot = bot.New(e.svc, bot.Options{BotUsername: "TestNameBot"})
	d, err := e.svc.Admin.SeedDemo(e.ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	e.demo = d
	logger := slog.New(slog.DiscardHandler)
	if testing.Verbose() {
		logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	// Telegram's limits, faster: the limiter is exercised, the test quick.
	limits := Limits{Overall: Rate{Every: 5 * time.Millisecond, Burst: 10}, Private: Rate{Every: 100 * time.Millisecond, Burst: 3},
		Group: Rate{Every: 300 * time.Millisecond, Burst: 3}, Horizon: 2 * time.Second}
	e.a, err = New(e.ctx, Config{Token: emuToken, APIURL: e.emu.url, PollPause: 20 * time.Millisecond, Limits: limits,
		Logger: logger}, e.bot, e.svc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() { done <- e.a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	e.disp = scheduler.NewDispatcher(e.svc, e.bot, []scheduler.Sender{e.a},
		scheduler.DispatcherOptions{Logger: logger})
	return e
}

// drain sends the due notices, as the running scheduler would.
func (e *e2e) drain() {
	e.t.Helper()
	if _, err := e.disp.DrainOnce(e.ctx); err != nil {
		e.t.Fatal(err)
	}
}

// onboard: p sends /start and picks Paris.
func (e *e2e) onboard(p person) {
	e.t.Helper()
	e.emu.say(p, privateChat(p), "/start")
	m := e.emu.waitFor(p.id, "Which time zone are you in?")
	e.emu.press(p, privateChat(p), m, "Paris")
	e.emu.waitFor(p.id, "Time zone set to Europe/Paris")
}

// client is the client record behind p.
func (e *e2e) client(p person) *core.Client {
	e.t.Helper()
	var c *core.Client
	err := e.store.View(e.ctx, func(tx core.Tx) error {
		acc, err := tx.Account(Platform, strconv.FormatInt(p.id, 10))
		if err != nil {
			return err
		}
		c, err = tx.Client(acc.ClientID)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// A user sends /start, sets a zone, books a session through the buttons
// (each press editing the same menu) and sees the confirmation.
func TestE2EStartZoneAndBookThroughButtons(t *testing.T) {
	t.Parallel()
	e := newE2E(t)
	maria := person{id: 5001, name: "Maria", lang: "en"}
	chat := privateChat(maria)
	e.emu.say(maria, chat, "/start")
	e.emu.waitFor(maria.id, "Hi Maria!")
	m := e.emu.waitFor(maria.id, "Which time zone are you in?")
	e.emu.press(maria, chat, m, "Paris")
	zone := e.emu.waitFor(maria.id, "Time zone set to Europe/Paris")
	if zone.ID != m.ID {
		t.Fatalf("the zone answer is message %d, not the edited question %d", zone.ID, m.ID)
	}

	e.emu.say(maria, chat, "/book")
	m = e.emu.waitFor(maria.id, "What kind of session with Ana Martin?")
	e.emu.press(maria, chat, m, "Free consultation")
	m = e.emu.waitFor(maria.id, "Pick a day")
	e.emu.press(maria, chat, m, "Wed 3 Jun")
	m = e.emu.waitFor(maria.id, "Wed 3 Jun — pick a time")
	e.emu.press(maria, chat, m, "10:00")
	m = e.emu.waitFor(maria.id, "Please check your booking:", "Free consultation with Ana Martin")
	e.emu.press(maria, chat, m, "Confirm")
	done := e.emu.waitFor(maria.id, "✅ You're booked! Free consultation with Ana Martin, Wed 3 Jun, 10:00.")
	if done.ID != m.ID {
		t.Fatalf("the confirmation is message %d, not the edited wizard %d", done.ID, m.ID)
	}
	var bs []*core.Booking
	if err := e.store.View(e.ctx, func(tx core.Tx) (err error) {
		bs, err = tx.Bookings(core.BookingFilter{ClientID: e.client(maria).ID})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(bs) != 1 || bs[0].Status != core.BookingConfirmed {
		t.Fatalf("bookings %+v", bs)
	}
}

// A second user joins the waitlist of a full class and gets a promotion
// message when the first cancels.
func TestE2EWaitlistPromotion(t *testing.T) {
	t.Parallel()
	e := newE2E(t)
	maria := person{id: 5101, name: "Maria", lang: "en"}
	bea := person{id: 5102, name: "Bea", lang: "en"}
	class := e.demo.Classes[0]
	for i := range class.Capacity - 1 {
		c := &core.Client{Name: "x" + strconv.Itoa(i), Zone: "Europe/Paris"}
		if err := e.svc.Accounts.CreateClient(e.ctx, c); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Bookings.Book(e.ctx, core.BookRequest{ClientID: c.ID, SessionID: class.ID, Pay: true}); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []person{maria, bea} {
		e.onboard(p)
		if _, err := e.svc.Passes.GrantPass(e.ctx, e.client(p).ID, e.demo.Packs[0].ID, "manual"); err != nil {
			t.Fatal(err)
		}
	}

	// Maria takes the last seat.
	e.emu.say(maria, privateChat(maria), "/classes")
	m := e.emu.waitFor(maria.id, "Upcoming classes")
	e.emu.press(maria, privateChat(maria), m, "Thu 4 Jun, 18:30 · Yoga flow")
	m = e.emu.waitFor(maria.id, "1 credit from your pass")
	e.emu.press(maria, privateChat(maria), m, "✅ Book")
	e.emu.waitFor(maria.id, "✅ You're booked! Yoga flow (group) with Ana Martin, Thu 4 Jun, 18:30.")

	// Bea finds it full and joins the waitlist.
	e.emu.say(bea, privateChat(bea), "/classes")
	m = e.emu.waitFor(bea.id, "Upcoming classes")
	e.emu.press(bea, privateChat(bea), m, "Thu 4 Jun, 18:30 · Yoga flow (group) · full")
	m = e.emu.waitFor(bea.id, "🪑 Full", "charged only if a spot frees up")
	e.emu.press(bea, privateChat(bea), m, "Join the waitlist")
	e.emu.waitFor(bea.id, "you're on the waitlist: position 1")
	e.drain() // confirmations of the booking and the waitlist place

	// Maria cancels; the scheduler tells Bea she is in.
	e.emu.say(maria, privateChat(maria), "/mybookings")
	m = e.emu.waitFor(maria.id, "1. Thu 4 Jun, 18:30")
	e.emu.press(maria, privateChat(maria), m, "1. Thu 4 Jun")
	m = e.emu.waitFor(maria.id, "Status: ✅ Confirmed")
	e.emu.press(maria, privateChat(maria), m, "Cancel")
	m = e.emu.waitFor(maria.id, "Why are you cancelling")
	e.emu.press(maria, privateChat(maria), m, "Travel")
	m = e.emu.waitFor(maria.id, "Your credit returns to “5 sessions”.")
	e.emu.press(maria, privateChat(maria), m, "Confirm cancel")
	e.emu.waitFor(maria.id, "Cancelled: Thu 4 Jun, 18:30")
	e.drain()
	e.emu.waitFor(bea.id, "🎉 A seat opened up — you're in! Yoga flow (group) with Ana Martin, Thu 4 Jun, 18:30.")
	var bs []*core.Booking
	if err := e.store.View(e.ctx, func(tx core.Tx) (err error) {
		bs, err = tx.Bookings(core.BookingFilter{ClientID: e.client(bea).ID})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(bs) != 1 || bs[0].Status != core.BookingConfirmed {
		t.Fatalf("Bea's bookings %+v", bs)
	}
}

// A coach links a group with /linkchannel; the announcement of a class
// reaches it with a Book button into a private chat, and is edited when a
// seat is taken.
func TestE2EAnnouncementReachesLinkedGroup(t *testing.T) {
	t.Parallel()
	e := newE2E(t)
	ana := person{id: 5201, name: "Ana", lang: "en"}
	e.onboard(ana)
	err := e.store.Update(e.ctx, func(tx core.Tx) error {
		coach := *e.demo.Coach
		coach.ClientID = e.client(ana).ID
		return tx.UpdateCoach(&coach)
	})
	if err != nil {
		t.Fatal(err)
	}
	group := emuChat{ID: -5200, Type: "group", Title: "Yoga fans"}
	e.emu.say(ana, group, "/linkchannel@TestNameBot")
	e.emu.waitFor(group.ID, "This chat is linked: Ana Martin's group sessions will be announced here")

	e.emu.say(ana, privateChat(ana), "/announce")
	m := e.emu.waitFor(ana.id, "Which session should I announce?")
	e.emu.press(ana, privateChat(ana), m, "Thu 4 Jun, 18:30")
	e.emu.waitFor(ana.id, "Posting to 1 linked chat.")
	e.drain()
	post := e.emu.waitFor(group.ID, "📣 Yoga flow (group) with Ana Martin", "👥 8 spots left of 8", "⏳ Book by Thu 4 Jun, 16:30")
	book := e.emu.press(ana, group, post, "Book")
	want := "https://t.me/TestNameBot?start=book_" + strconv.FormatInt(e.demo.Classes[0].ID, 10)
	if book.URL == nil || *book.URL != want {
		t.Fatalf("Book button %+v, want a link to %s", book, want)
	}

	// Following the link: "/start book_<id>" opens the class in private.
	bea := person{id: 5202, name: "Bea", lang: "en"}
	e.onboard(bea)
	if _, err := e.svc.Passes.GrantPass(e.ctx, e.client(bea).ID, e.demo.Packs[0].ID, "manual"); err != nil {
		t.Fatal(err)
	}
	e.emu.say(bea, privateChat(bea), "/start book_"+strconv.FormatInt(e.demo.Classes[0].ID, 10))
	m = e.emu.waitFor(bea.id, "1 credit from your pass")
	e.emu.press(bea, privateChat(bea), m, "✅ Book")
	e.emu.waitFor(bea.id, "✅ You're booked!")
	e.drain()
	edited := e.emu.waitFor(group.ID, "👥 7 spots left of 8")
	if edited.ID != post.ID {
		t.Fatalf("a seat change posted message %d instead of editing %d", edited.ID, post.ID)
	}
}
