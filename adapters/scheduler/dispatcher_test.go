package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/scheduler"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// A client books the Thursday class: they and the coach hear of it at
// once, the reminders wait for their time and carry the buttons.
func TestBookingNoticesAndReminders(t *testing.T) {
	t.Parallel()
	w := newSQLiteWorld(t)
	maria := w.person("maria", "Maria", "en")
	_, err := w.svc.Passes.GrantPass(w.ctx, maria.Client.ID, w.demo.Packs[0].ID, "manual")
	w.must(err)
	res, err := w.svc.Bookings.Book(w.ctx, core.BookRequest{ClientID: maria.Client.ID, SessionID: w.class().ID})
	w.must(err)
	w.drain()
	got := w.tg.take("maria")
	if len(got) != 2 {
		t.Fatalf("maria received:\n%s", show(got))
	}
	text := show(got)
	for _, want := range []string{"“5 sessions” is ready: 5 credits", "You're booked: Yoga flow (group) with Ana Martin, Thu 4 Jun, 18:30.",
		"📍 Studio Lilas, Paris", "1 credit taken from “5 sessions”", "[❌ Cancel] [🔁 Reschedule]", "[🗂 View booking]"} {
		if !strings.Contains(text, want) {
			t.Fatalf("want %q in:\n%s", want, text)
		}
	}
	w.expectMsg("ana", "🆕 New booking: Maria — Yoga flow (group), Thu 4 Jun, 18:30.")
	if n := w.drain(); n != 0 {
		t.Fatalf("sent %d more before the reminders are due", n)
	}

	w.clock.Set(time.Date(2026, 6, 3, 18, 29, 59, 0, paris))
	w.drain()
	w.expectNone("maria")
	w.clock.Set(time.Date(2026, 6, 3, 18, 31, 0, 0, paris)) // a poll a minute late
	w.drain()
	m := w.expectMsg("maria", "⏰ Reminder: Yoga flow (group) with Ana Martin starts in 24 h — Thu 4 Jun, 18:30.", "[❌ Cancel]")
	if strings.Contains(show([]message{m}), "Reschedule") {
		t.Fatal("Reschedule offered inside the coach's 24 h notice")
	}
	if m.reply.Buttons[0][0].Data != "1:cx:"+strconv.FormatInt(res.Booking.ID, 36) {
		t.Fatalf("cancel button data = %q", m.reply.Buttons[0][0].Data)
	}
	// Cancelled meanwhile: the 1 h reminder is withdrawn and never sent.
	_, _, err = w.svc.Bookings.Cancel(w.ctx, core.CancelRequest{ClientID: maria.Client.ID, BookingID: res.Booking.ID, Reason: "work"})
	w.must(err)
	w.drain()
	w.expectMsg("maria", "❌ Cancelled: Yoga flow (group), Thu 4 Jun, 18:30.", "Late cancellation: 1 credit is forfeited.")
	w.expectMsg("ana", "❌ Maria cancelled Yoga flow (group), Thu 4 Jun, 18:30.", "Reason: work", "Late cancellation.")
	w.clock.Set(time.Date(2026, 6, 4, 17, 30, 0, 0, paris))
	w.drain()
	w.expectNone("maria")
}

// French clients read French, in their zone; an online session's reminder
// carries the Join link.
func TestFrenchReminderWithJoinLink(t *testing.T) {
	t.Parallel()
	w := newSQLiteWorld(t)
	luc := w.person("luc", "Luc", "fr")
	luc.Client.Zone = "America/Montreal"
	w.must(w.svc.Accounts.UpdateProfile(w.ctx, luc.Client))
	start := time.Date(2026, 6, 5, 16, 0, 0, 0, paris)
	sess, err := w.svc.Catalog.ScheduleSession(w.ctx, core.ScheduleRequest{CoachID: w.demo.Coach.ID, TypeID: w.demo.Consultation.ID, Start: start})
	w.must(err)
	_, err = w.svc.Bookings.Book(w.ctx, core.BookRequest{ClientID: luc.Client.ID, SessionID: sess.ID})
	w.must(err)
	w.drain()
	w.expectMsg("luc", "✅ C'est réservé : Free consultation avec Ana Martin, ven. 5 juin, 10:00.", "🔗 https://meet.example.com/ana")
	w.tg.take("ana")
	w.clock.Set(start.Add(-time.Hour))
	w.drain()
	m := w.expectMsg("luc", "⏰ Rappel : Free consultation avec Ana Martin commence dans 1 h — ven. 5 juin, 10:00.", "[▶️ Rejoindre → https://meet.example.com/ana]", "[❌ Annuler]")
	if m.reply.ChatID != "luc" {
		t.Fatalf("reply chat = %q", m.reply.ChatID)
	}
}

// A platform that keeps failing: the notice is retried with backoff and,
// after the last attempt, dead-lettered and the coach told.
func TestRetriesThenDeadLetter(t *testing.T) {
	t.Parallel()
	w := newSQLiteWorld(t)
	maria := w.person("maria", "Maria", "en")
	down := errors.New("telegram: HTTP 502")
	for i := 0; i < core.MaxNoticeAttempts; i++ {
		w.tg.failNext("maria", down)
	}
	_, err := w.svc.Passes.GrantPass(w.ctx, maria.Client.ID, w.demo.Packs[0].ID, "manual")
	w.must(err)
	for attempt := 1; attempt <= core.MaxNoticeAttempts; attempt++ {
		w.drain()
		w.expectNone("maria")
		w.clock.Advance(core.NoticeBackoff(attempt))
	}
	ns := w.notices(core.NoticeFilter{ToKind: core.ToClient, ToID: maria.Client.ID, Kind: core.NoticePassGranted})
	if len(ns) != 1 || ns[0].Status != core.NoticeDead || ns[0].Attempts != core.MaxNoticeAttempts || ns[0].LastError != "telegram: telegram: HTTP 502" {
		t.Fatalf("notice = %+v", ns[0])
	}
	w.drain()
	w.expectMsg("ana", "⚠️ I could not deliver a message (new pass) to Maria after 8 tries.")
	w.expectNone("maria")
	dead, err := storetest.DeadLetters(w.ctx, w.store, w.demo.Coach.ID, 10)
	w.must(err)
	if len(dead) != 1 || dead[0].ID != ns[0].ID {
		t.Fatalf("dead letters = %+v", dead)
	}
}

// A client who blocked the bot: the account is marked unreachable, the
// coach is told once, and later notices are not sent there.
func TestBlockedBotMarksUnreachable(t *testing.T) {
	t.Parallel()
	w := newSQLiteWorld(t)
	maria := w.person("maria", "Maria", "en")
	w.tg.failNext("maria", fmt.Errorf("telegram: 403 Forbidden: bot was blocked by the user: %w", bot.ErrUnreachable))
	_, err := w.svc.Passes.GrantPass(w.ctx, maria.Client.ID, w.demo.Packs[0].ID, "manual")
	w.must(err)
	w.drain()
	w.drain() // the coach's alert
	w.expectMsg("ana", "⚠️ Maria can no longer be reached on Telegram")
	_, err = w.svc.Bookings.Book(w.ctx, core.BookRequest{ClientID: maria.Client.ID, SessionID: w.class().ID})
	w.must(err)
	w.drain()
	w.expectNone("maria")
	w.tg.take("ana")
	for _, n := range w.notices(core.NoticeFilter{ToKind: core.ToClient, ToID: maria.Client.ID}) {
		if n.Status == core.NoticeSent {
			t.Fatalf("sent to a blocked account: %+v", n)
		}
	}
	if len(w.notices(core.NoticeFilter{Kind: core.NoticeCoachUnreachable})) != 1 {
		t.Fatal("coach told more than once")
	}
	// Writing to the bot again opens the chat again.
	w.person("maria", "Maria", "en")
	_, err = w.svc.Passes.GrantPass(w.ctx, maria.Client.ID, w.demo.Packs[1].ID, "manual")
	w.must(err)
	w.drain()
	w.expectMsg("maria", "“10 sessions” is ready")
}

// A 429 with Retry-After puts the notice back, uncounted, and holds the
// platform until the wait is over.
func TestRetryAfterHoldsThePlatform(t *testing.T) {
	t.Parallel()
	w := newSQLiteWorld(t)
	maria := w.person("maria", "Maria", "en")
	w.tg.failNext("maria", &bot.RetryAfterError{After: 300 * time.Millisecond})
	_, err := w.svc.Passes.GrantPass(w.ctx, maria.Client.ID, w.demo.Packs[0].ID, "manual")
	w.must(err)
	w.drain()
	w.expectNone("maria")
	ns := w.notices(core.NoticeFilter{ToID: maria.Client.ID, Kind: core.NoticePassGranted})
	if ns[0].Status != core.NoticePending || ns[0].Attempts != 0 {
		t.Fatalf("postponed notice = %+v", ns[0])
	}
	w.clock.Advance(300 * time.Millisecond)
	w.drain()
	w.expectMsg("maria", "“5 sessions” is ready")
}

// A notice for someone with no chat at all is dead at once, without a
// coach alert; an obsolete one is withdrawn.
func TestUndeliverableAndObsolete(t *testing.T) {
	t.Parallel()
	w := newSQLiteWorld(t)
	offline := &core.Client{Name: "Offline", Zone: "Europe/Paris"}
	w.must(w.svc.Accounts.CreateClient(w.ctx, offline))
	_, err := w.svc.Passes.GrantPass(w.ctx, offline.ID, w.demo.Packs[0].ID, "manual")
	w.must(err)
	w.drain()
	ns := w.notices(core.NoticeFilter{ToID: offline.ID, ToKind: core.ToClient})
	if ns[0].Status != core.NoticeDead || ns[0].LastError != "no chat reaches the recipient" {
		t.Fatalf("notice = %+v", ns[0])
	}
	w.expectNone("ana")
}

// WakeOnNotice wakes the dispatcher when a transaction wrote a notice.
func TestWakeOnNotice(t *testing.T) {
	t.Parallel()
	w := newSQLiteWorld(t)
	woken := 0
	svc := core.NewService(scheduler.WakeOnNotice(w.store, func() { woken++ }), w.clock)
	maria := w.person("maria", "Maria", "en")
	if _, err := svc.Passes.GrantPass(w.ctx, maria.Client.ID, w.demo.Packs[0].ID, "manual"); err != nil {
		t.Fatal(err)
	}
	if err := svc.Accounts.UpdateProfile(w.ctx, maria.Client); err != nil {
		t.Fatal(err)
	}
	if woken != 1 {
		t.Fatalf("woken %d times, want 1", woken)
	}
}

// Run sends what is woken for, and stops with its context.
func TestRunWakesAndStops(t *testing.T) {
	t.Parallel()
	w := newSQLiteWorld(t)
	maria := w.person("maria", "Maria", "en")
	ctx, cancel := context.WithCancel(w.ctx)
	done := make(chan error)
	go func() { done <- w.disp.Run(ctx) }()
	_, err := w.svc.Passes.GrantPass(w.ctx, maria.Client.ID, w.demo.Packs[0].ID, "manual")
	w.must(err)
	w.disp.Wake()
	deadline := time.Now().Add(5 * time.Second)
	for len(w.tg.take("maria")) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("nothing sent after a wake")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// postingSender is a fake platform that also hosts channels.
type postingSender struct {
	*fakeSender
	posts, edits []message
}

func (s *postingSender) Post(ctx context.Context, chatID string, r bot.Reply) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.posts = append(s.posts, message{chat: chatID, reply: r, at: time.Now()})
	return "post-" + strconv.Itoa(len(s.posts)), nil
}

func (s *postingSender) Edit(ctx context.Context, chatID, messageID string, r bot.Reply) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.edits = append(s.edits, message{chat: chatID + "/" + messageID, reply: r, at: time.Now()})
	return nil
}

func (s *postingSender) StartLink(arg string) string { return "https://t.me/slotbot?start=" + arg }

// Channel notices go through the platform's poster: a session announced
// is posted, and the post is edited when a seat is taken.
func TestChannelAnnouncementsPostedAndEdited(t *testing.T) {
	t.Parallel()
	w := newSQLiteWorld(t)
	tg := &postingSender{fakeSender: newFakeSender("telegram")}
	d := scheduler.NewDispatcher(w.svc, w.bot, []scheduler.Sender{tg}, scheduler.DispatcherOptions{Owner: "chan"})
	w.must(w.svc.Channels.LinkChannel(w.ctx, &core.Channel{CoachID: w.demo.Coach.ID, Platform: "telegram", ChatID: "-100", Title: "Yoga"}))
	if _, err := w.svc.Channels.AnnounceSession(w.ctx, w.demo.Coach.ID, w.class().ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.DrainOnce(w.ctx); err != nil {
		t.Fatal(err)
	}
	if len(tg.posts) != 1 || tg.posts[0].chat != "-100" || !strings.Contains(tg.posts[0].reply.Text, "Yoga flow (group)") {
		t.Fatalf("posts = %s", show(tg.posts))
	}
	maria := w.person("maria", "Maria", "en")
	_, err := w.svc.Passes.GrantPass(w.ctx, maria.Client.ID, w.demo.Packs[0].ID, "manual")
	w.must(err)
	_, err = w.svc.Bookings.Book(w.ctx, core.BookRequest{ClientID: maria.Client.ID, SessionID: w.class().ID})
	w.must(err)
	if _, err := d.DrainOnce(w.ctx); err != nil {
		t.Fatal(err)
	}
	if len(tg.edits) != 1 || tg.edits[0].chat != "-100/post-1" {
		t.Fatalf("edits = %s", show(tg.edits))
	}
	if len(w.notices(core.NoticeFilter{ToKind: core.ToChannel, Status: core.NoticePending})) != 0 {
		t.Fatal("channel notices left pending")
	}
}

// holdingSender is a platform whose sends into one chat stay on the wire
// until released.
type holdingSender struct {
	*fakeSender
	chat    string
	entered chan struct{} // a send into chat has begun
	release chan struct{}
}

func (s *holdingSender) Send(ctx context.Context, chatID string, r bot.Reply) error {
	if chatID == s.chat {
		s.entered <- struct{}{}
		<-s.release
	}
	return s.fakeSender.Send(ctx, chatID, r)
}

// A notice written while another is still on its way goes without
// waiting for it: the drain claims again while notices are in flight.
func TestNoticeWrittenMidDrainGoesAtOnce(t *testing.T) {
	t.Parallel()
	w := newSQLiteWorld(t)
	maria := w.person("maria", "Maria", "en")
	tom := w.person("tom", "Tom", "en")
	slow := &holdingSender{fakeSender: w.tg, chat: "maria", entered: make(chan struct{}, 1), release: make(chan struct{})}
	d := scheduler.NewDispatcher(w.svc, w.bot, []scheduler.Sender{slow}, scheduler.DispatcherOptions{Owner: "test"})
	_, err := w.svc.Passes.GrantPass(w.ctx, maria.Client.ID, w.demo.Packs[0].ID, "manual")
	w.must(err)
	done := make(chan error, 1)
	go func() {
		_, err := d.DrainOnce(w.ctx)
		done <- err
	}()
	<-slow.entered
	_, err = w.svc.Passes.GrantPass(w.ctx, tom.Client.ID, w.demo.Packs[0].ID, "manual")
	w.must(err)
	d.Wake()
	deadline := time.Now().Add(5 * time.Second)
	for len(w.tg.take("tom")) == 0 {
		if time.Now().After(deadline) {
			close(slow.release)
			t.Fatal("Tom's notice waited for Maria's, still on its way")
		}
		time.Sleep(10 * time.Millisecond)
	}
	close(slow.release)
	w.must(<-done)
	w.expectMsg("maria", "“5 sessions” is ready")
}
