package console

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/sqlite/sqlitetest"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// tuesday10 is the tests' "now": Tuesday 2 June 2026, 10:00 in Paris.
var tuesday10 = time.Date(2026, 6, 2, 8, 0, 0, 0, time.UTC)

// chat is a console on a real bot and SQLite store with the demo studio,
// whose coach is the console's "coach" persona, as cmd/slotbot wires it.
type chat struct {
	t   *testing.T
	ctx context.Context
	con *Console
	out *syncBuffer
	svc *core.Service
}

// syncBuffer is an output the test reads while the console writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newChat(t *testing.T, opts Options) *chat {
	t.Helper()
	t.Parallel()
	ctx := context.Background()
	svc := core.NewService(sqlitetest.Open(t), storetest.NewClock(tuesday10))
	p, err := svc.Accounts.Identify(ctx, core.Identity{Platform: Platform, UserID: "coach", ChatID: "coach", Name: "Ana Martin"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Admin.SeedDemo(ctx, p.Client.ID); err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	opts.Out = out
	if opts.DocDir == "" {
		opts.DocDir = t.TempDir()
	}
	return &chat{t: t, ctx: ctx, con: New(bot.New(svc, bot.Options{}), opts), out: out, svc: svc}
}

// say types line and returns what the console printed for it.
func (c *chat) say(line string) string {
	c.t.Helper()
	before := len(c.out.String())
	if c.con.Line(c.ctx, line) {
		c.t.Fatalf("%q quit the console", line)
	}
	return c.out.String()[before:]
}

// number finds the number of the button labelled label in printed text.
func number(t *testing.T, printed, label string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^\[(\d+)\] .*`+regexp.QuoteMeta(label)).FindAllStringSubmatch(printed, -1)
	if len(m) == 0 {
		t.Fatalf("no button %q in:\n%s", label, printed)
	}
	return m[len(m)-1][1]
}

func want(t *testing.T, printed string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(printed, p) {
			t.Fatalf("want %q in:\n%s", p, printed)
		}
	}
}

func TestButtonsAreNumberedAndANumberPressesIt(t *testing.T) {
	c := newChat(t, Options{})
	out := c.say("/start")
	want(t, out, "maria> /start\n", "Hi Maria!", "Which time zone are you in?", "\n[1] ")
	paris := number(t, out, "Paris")
	out = c.say(paris)
	want(t, out, "maria> "+paris+"\n", "Time zone set to Europe/Paris (it is 10:00 there now).", "[1] 📅 Book a session\n[2] 👥 Classes\n")
	out = c.say(number(t, out, "Help"))
	want(t, out, "Here is what I can do:", "/mybookings")
	if strings.Contains(out, "As a coach") {
		t.Fatalf("a client was shown the coach's help:\n%s", out)
	}
}

func TestANumberWithNoButtonIsSentAsText(t *testing.T) {
	c := newChat(t, Options{})
	out := c.say("/start")
	c.say(number(t, out, "Paris"))
	want(t, c.say("/language"), "[1] English\n[2] Français\n")
	want(t, c.say("42"), "I work best with buttons")
}

func TestAsSwitchesWhoIsTypingAndThePromptShowsIt(t *testing.T) {
	script := "/start\n/as coach\n/help\n/as client Tom\n/start\n/as maria\n/as\n"
	c := newChat(t, Options{In: strings.NewReader(script), Interactive: true})
	if err := c.con.Run(c.ctx); err != nil {
		t.Fatal(err)
	}
	out := c.out.String()
	want(t, out, "maria> Hi Maria!", "maria> Now typing as coach.\n", "coach> Here is what I can do:",
		"As a coach: /coach opens your admin menu", "coach> Now typing as Tom.\n", "tom> Hi Tom!",
		"tom> Now typing as Maria.\n", "maria> Who should type? /as coach, /as client Maria, /as Tom",
		"Now typing: Maria.")
	if !strings.HasSuffix(out, "maria> \n") {
		t.Fatalf("the last prompt should end its line at EOF:\n%q", out[len(out)-40:])
	}
	if strings.Contains(out, "> maria>") || strings.Contains(out, "/start") {
		t.Fatalf("prompts piled up or input echoed on a terminal:\n%s", out)
	}
}

func TestPipedInputReadsAsATranscriptAndEndsAtEOF(t *testing.T) {
	c := newChat(t, Options{In: strings.NewReader("/start\r\n\n/as Tom\n/help\n")})
	done := make(chan error, 1)
	go func() { done <- c.con.Run(c.ctx) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not end at EOF")
	}
	out := c.out.String()
	want(t, out, "maria> /start\nHi Maria!", "maria> \nmaria> /as Tom\nNow typing as Tom.", "tom> /help\nHere is what I can do:")
}

func TestRunEndsWhenContextIsCancelled(t *testing.T) {
	r, w := io.Pipe()
	defer w.Close()
	c := newChat(t, Options{In: r, Interactive: true})
	ctx, cancel := context.WithCancel(c.ctx)
	done := make(chan error, 1)
	go func() { done <- c.con.Run(ctx) }()
	if _, err := io.WriteString(w, "/start\n"); err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not end when its context did")
	}
}

func TestQuitEndsTheChat(t *testing.T) {
	c := newChat(t, Options{In: strings.NewReader("/quit\n/start\n")})
	if err := c.con.Run(c.ctx); err != nil {
		t.Fatal(err)
	}
	out := c.out.String()
	want(t, out, "maria> /quit\nBye!\n")
	if strings.Contains(out, "Hi Maria") {
		t.Fatalf("a line after /quit was answered:\n%s", out)
	}
}

func TestNoticesFollowTheReplyHeadedWithTheRecipient(t *testing.T) {
	var c *chat
	drained := 0
	c = newChat(t, Options{Drain: func(ctx context.Context) (int, error) {
		drained++
		if drained > 1 {
			return 0, nil
		}
		// What the dispatcher does with two due notices.
		if err := c.con.Send(ctx, "coach", bot.Reply{Text: "New booking: Maria, Yoga flow (group)."}); err != nil {
			return 0, err
		}
		return 2, c.con.Send(ctx, "maria", bot.Reply{Text: "Your seat is confirmed.",
			Buttons: [][]bot.Button{{{Label: "❓ Help", Data: "1:m:help"}}}})
	}})
	out := c.say("/start")
	reply := strings.Index(out, "Which time zone")
	toCoach := strings.Index(out, "── to coach ──\nNew booking: Maria, Yoga flow (group).\n")
	toMaria := strings.Index(out, "── to Maria ──\nYour seat is confirmed.\n")
	if reply < 0 || toCoach < reply || toMaria < toCoach {
		t.Fatalf("want the reply, then the notice to the coach, then to Maria:\n%s", out)
	}
	// The notice's button is numbered after the reply's, and works.
	help := number(t, out, "Help")
	if help == "1" {
		t.Fatalf("the notice's button reused number 1:\n%s", out)
	}
	want(t, c.say(help), "Here is what I can do:")
	if drained != 3 {
		t.Fatalf("drained %d times; want until nothing was due after each line (2 lines → 3 calls)", drained)
	}
}

// outbox sends the due notices of svc's real outbox through con, one at a
// time in the outbox's order, the way the scheduler's dispatcher does.
func outbox(svc *core.Service, b *bot.Bot, con **Console) func(context.Context) (int, error) {
	return func(ctx context.Context) (int, error) {
		ns, err := svc.Outbox.ClaimNotices(ctx, "test", time.Minute, 100)
		if err != nil {
			return 0, err
		}
		var outs []core.NoticeOutcome
		for _, n := range ns {
			outs = append(outs, core.NoticeOutcome{ID: n.ID, Sent: true})
			if n.ToKind == core.ToChannel {
				continue // announcements: no channel in these tests
			}
			ds, err := b.RenderNotice(ctx, n)
			if err != nil {
				return 0, err
			}
			for _, d := range ds {
				if d.Account.Platform == Platform {
					if err := (*con).Send(ctx, d.Account.ChatID, d.Reply); err != nil {
						return 0, err
					}
				}
			}
		}
		if len(outs) > 0 {
			_, err = svc.Outbox.SettleNotices(ctx, "test", outs)
		}
		return len(ns), err
	}
}

func TestBookingNoticesReachTheClientAndTheCoachHeadedWithTheirNames(t *testing.T) {
	c := newChat(t, Options{})
	b := c.con.bot
	c.con = New(b, Options{Out: c.out, Drain: outbox(c.svc, b, &c.con)})
	out := c.say("/start")
	c.say(number(t, out, "Paris"))
	out = c.say("/classes")
	out = c.say(number(t, out, "Yoga flow (group)"))
	out = c.say(number(t, out, "Book"))
	reply := strings.Index(out, "Yoga flow (group) with Ana Martin")
	toMaria := strings.Index(out, "── to Maria ──\n")
	toCoach := strings.Index(out, "── to coach ──\n")
	if reply < 0 || toMaria < reply || toCoach < toMaria {
		t.Fatalf("want the reply, then the notices to Maria and to the coach:\n%s", out)
	}
	want(t, out[toCoach:], "Maria", "Yoga flow (group)")
}

func TestNoticeWhileWaitingRepeatsThePrompt(t *testing.T) {
	c := newChat(t, Options{Interactive: true})
	c.con.prompt()
	if err := c.con.Send(c.ctx, "tom", bot.Reply{Text: "Reminder: Yoga flow tomorrow at 18:30."}); err != nil {
		t.Fatal(err)
	}
	if got, want := c.out.String(), "maria> \n── to Tom ──\nReminder: Yoga flow tomorrow at 18:30.\n\nmaria> "; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestDocumentsAreSavedAndURLButtonsShowTheirLink(t *testing.T) {
	dir := t.TempDir()
	c := newChat(t, Options{DocDir: dir})
	ics := []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
	for range 2 {
		if err := c.con.Send(c.ctx, "maria", bot.Reply{Text: "Add it to your calendar.",
			Document: &bot.Document{Name: "../session.ics", MIMEType: "text/calendar", Content: ics},
			Buttons:  [][]bot.Button{{{Label: "Join", URL: "https://meet.example.com/ana"}}}}); err != nil {
			t.Fatal(err)
		}
	}
	out := c.out.String()
	want(t, out, "[1] Join — https://meet.example.com/ana\n", "📎 ../session.ics saved to "+filepath.Join(dir, "session.ics")+"\n",
		"saved to "+filepath.Join(dir, "session-2.ics")+"\n", "[2] Join")
	for _, name := range []string{"session.ics", "session-2.ics"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(got, ics) {
			t.Fatalf("%s: %q, %v", name, got, err)
		}
	}
	want(t, c.say("2"), "Open https://meet.example.com/ana\n")
}

func TestStaleNumberAfterRestartGetsAFreshMenu(t *testing.T) {
	c := newChat(t, Options{})
	out := c.say("/start")
	c.say(number(t, out, "Paris"))
	out = c.say("/timezone")
	search := number(t, out, "Another city")
	c.say(search)
	// A new console on the same store (a restart) with the old numbers.
	c.con = New(c.con.bot, Options{Out: c.out})
	c.con.boards["maria"] = []pressable{{button: bot.Button{Label: "old", Data: "1:tzs"}, messageID: "c1"}, {button: bot.Button{Data: "1:nosuch"}}}
	want(t, c.say("2"), "This button has expired — here is a fresh menu.")
}

func TestSendFromAnotherGoroutineWhileTyping(t *testing.T) {
	r, w := io.Pipe()
	c := newChat(t, Options{In: r, Interactive: true})
	done := make(chan error, 1)
	go func() { done <- c.con.Run(c.ctx) }()
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 20 {
			if err := c.con.Send(c.ctx, "coach", bot.Reply{Text: "alert " + string(rune('a'+i))}); err != nil {
				t.Error(err)
			}
		}
	})
	for range 5 {
		if _, err := io.WriteString(w, "/help\n"); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	w.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(c.out.String(), "── to coach ──"); n != 20 {
		t.Fatalf("%d notices printed, want 20", n)
	}
}

func TestNoticeButtonsToSomeoneNotTypingStartAtOne(t *testing.T) {
	c := newChat(t, Options{})
	c.say("/as Tom")
	c.say("/start") // Tom's board: the zone buttons
	c.say("/as Maria")
	for _, b := range []bot.Button{{Label: "🗂 My bookings", Data: "1:m:mybookings"}, {Label: "❓ Help", Data: "1:m:help"}} {
		if err := c.con.Send(c.ctx, "tom", bot.Reply{Text: "News for Tom.", Buttons: [][]bot.Button{{b}}}); err != nil {
			t.Fatal(err)
		}
	}
	want(t, c.out.String(), "── to Tom ──\nNews for Tom.\n[1] 🗂 My bookings\n", "── to Tom ──\nNews for Tom.\n[2] ❓ Help\n")
	c.say("/as Tom")
	want(t, c.say("2"), "Here is what I can do:")
}
