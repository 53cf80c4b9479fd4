package scheduler_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/scheduler"
	"github.com/slotbot/slotbot/adapters/sqlite/sqlitetest"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// paris is the demo studio's zone.
var paris = mustZone("Europe/Paris")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// message is one thing a fake platform received.
type message struct {
	chat  string
	reply bot.Reply
	at    time.Time
}

// fakeSender is a chat platform that records what it is sent and fails
// on demand.
type fakeSender struct {
	platform string
	mu       sync.Mutex
	got      []message
	fail     map[string][]error // per chat: errors to return, in order, before succeeding
}

func newFakeSender(platform string) *fakeSender {
	return &fakeSender{platform: platform, fail: map[string][]error{}}
}

func (s *fakeSender) Platform() string { return s.platform }

func (s *fakeSender) Send(ctx context.Context, chatID string, r bot.Reply) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if errs := s.fail[chatID]; len(errs) > 0 {
		s.fail[chatID] = errs[1:]
		if errs[0] != nil {
			return errs[0]
		}
	}
	s.got = append(s.got, message{chat: chatID, reply: r, at: time.Now()})
	return nil
}

// failNext makes the next sends to chat fail with errs, in order.
func (s *fakeSender) failNext(chat string, errs ...error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail[chat] = append(s.fail[chat], errs...)
}

// take returns and forgets what chat received.
func (s *fakeSender) take(chat string) []message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var mine, rest []message
	for _, m := range s.got {
		if m.chat == chat {
			mine = append(mine, m)
		} else {
			rest = append(rest, m)
		}
	}
	s.got = rest
	return mine
}

// world is a demo studio on a real store with a dispatcher, a scheduler
// and a fake Telegram, on a clock the test moves.
type world struct {
	t      testing.TB
	ctx    context.Context
	store  core.Store
	clock  *storetest.Clock
	svc    *core.Service
	bot    *bot.Bot
	tg     *fakeSender
	disp   *scheduler.Dispatcher
	jobs   *scheduler.Scheduler
	demo   *core.Demo
	coach  *core.Person // Ana, the demo coach, on Telegram chat "ana"
	people map[string]*core.Person
}

// tuesday10 is the worlds' "now": Tuesday 2 June 2026, 10:00 in Paris.
var tuesday10 = time.Date(2026, 6, 2, 10, 0, 0, 0, paris)

func newWorld(t testing.TB, store core.Store, now time.Time) *world {
	t.Helper()
	w := &world{t: t, ctx: context.Background(), store: store, clock: storetest.NewClock(now), people: map[string]*core.Person{}}
	w.svc = core.NewService(store, w.clock)
	w.bot = bot.New(w.svc, bot.Options{})
	w.tg = newFakeSender("telegram")
	w.disp = scheduler.NewDispatcher(w.svc, w.bot, []scheduler.Sender{w.tg}, scheduler.DispatcherOptions{
		Owner: "test"})
	w.jobs = scheduler.NewScheduler(w.svc, scheduler.SchedulerOptions{Owner: "test"})
	w.coach = w.person("ana", "Ana Martin", "en")
	d, err := w.svc.Admin.SeedDemo(w.ctx, w.coach.Client.ID)
	w.must(err)
	w.demo = d
	// Ana holds unpaid seats for online payment, so the hold job has work.
	pol := d.Coach.Policy
	pol.Unpaid = core.UnpaidHold
	w.must(w.svc.Catalog.SetPolicy(w.ctx, d.Coach.ID, pol))
	d.Coach.Policy = pol
	return w
}

// newSQLiteWorld is a world on a fresh SQLite file.
func newSQLiteWorld(t *testing.T) *world {
	return newWorld(t, sqlitetest.Open(t), tuesday10)
}

func (w *world) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

// person is someone who wrote to the bot on Telegram from chat id, in
// Paris.
func (w *world) person(id, name, lang string) *core.Person {
	w.t.Helper()
	p, err := w.svc.Accounts.Identify(w.ctx, core.Identity{Platform: "telegram", UserID: id, ChatID: id, Name: name, Language: lang})
	w.must(err)
	p.Client.Zone = "Europe/Paris"
	w.must(w.svc.Accounts.UpdateProfile(w.ctx, p.Client))
	w.people[id] = p
	return p
}

// drain sends everything due and returns how many were delivered.
func (w *world) drain() int {
	w.t.Helper()
	n, err := w.disp.DrainOnce(w.ctx)
	w.must(err)
	return n
}

// expectMsg fails unless chat received exactly one message containing
// every part, and returns it.
func (w *world) expectMsg(chat string, parts ...string) message {
	w.t.Helper()
	got := w.tg.take(chat)
	if len(got) != 1 {
		w.t.Fatalf("chat %s received %d messages, want 1:\n%s", chat, len(got), show(got))
	}
	text := show(got)
	for _, p := range parts {
		if !strings.Contains(text, p) {
			w.t.Fatalf("want %q in chat %s:\n%s", p, chat, text)
		}
	}
	return got[0]
}

// expectNone fails if chat received anything.
func (w *world) expectNone(chat string) {
	w.t.Helper()
	if got := w.tg.take(chat); len(got) != 0 {
		w.t.Fatalf("chat %s received:\n%s", chat, show(got))
	}
}

// show renders messages as a chat shows them, buttons included.
func show(ms []message) string {
	var b strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&b, "[%s] %s\n", m.chat, m.reply.Text)
		for _, row := range m.reply.Buttons {
			for _, x := range row {
				if x.URL != "" {
					fmt.Fprintf(&b, "[%s → %s] ", x.Label, x.URL)
				} else {
					fmt.Fprintf(&b, "[%s] ", x.Label)
				}
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// notices lists the notices f selects.
func (w *world) notices(f core.NoticeFilter) []*core.Notice {
	w.t.Helper()
	var ns []*core.Notice
	w.must(w.store.View(w.ctx, func(tx core.Tx) (err error) { ns, err = tx.Notices(f); return }))
	return ns
}

// booking reads one booking.
func (w *world) booking(id int64) *core.Booking {
	w.t.Helper()
	var b *core.Booking
	w.must(w.store.View(w.ctx, func(tx core.Tx) (err error) { b, err = tx.Booking(id); return }))
	return b
}

// class is the demo's first weekly class: Thursday 4 June, 18:30 Paris.
func (w *world) class() *core.Session { return w.demo.Classes[0] }
