package bot

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/sqlite/sqlitetest"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// harness drives whole conversations through the bot with a real store
// and a clock the test moves.
type harness struct {
	t     *testing.T
	ctx   context.Context
	bot   *Bot
	svc   *core.Service
	store core.Store
	clock *storetest.Clock
	demo  *core.Demo
	msgID int
}

// tuesday10 is the harness's "now": Tuesday 2 June 2026, 10:00 in Paris.
var tuesday10 = time.Date(2026, 6, 2, 8, 0, 0, 0, time.UTC)

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, ctx: context.Background(), store: sqlitetest.Open(t), clock: storetest.NewClock(tuesday10)}
	h.svc = core.NewService(h.store, h.clock)
	h.bot = New(h.svc, Options{Logger: slog.New(textErrors{t})})
	d, err := h.svc.Admin.SeedDemo(h.ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	h.demo = d
	return h
}

// textErrors fails the test on every text the bot could not render
// whole (a missing key or argument), which a person would otherwise
// read as a key or a blank.
type textErrors struct{ t *testing.T }

func (h textErrors) Enabled(context.Context, slog.Level) bool { return true }
func (h textErrors) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h textErrors) WithGroup(string) slog.Handler            { return h }
func (h textErrors) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "bot: text" {
		var err string
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "err" {
				err = a.Value.String()
			}
			return true
		})
		h.t.Errorf("bot: text: %s", err)
	}
	return nil
}

// user is someone typing in a private chat.
type user struct {
	id, name, lang string
}

// send types a command ("/book …") or text as u and returns the replies.
func (h *harness) send(u user, text string) []Reply {
	h.t.Helper()
	req := Request{Platform: "test", UserID: u.id, ChatID: "chat-" + u.id, ChatKind: ChatPrivate, Name: u.name, Language: u.lang}
	if strings.HasPrefix(text, "/") {
		cmd, args, _ := strings.Cut(text[1:], " ")
		req.Command, req.Args = cmd, args
	} else {
		req.Text = text
	}
	return h.handle(req)
}

// press taps the button labelled label (a substring) in the last reply
// that has it.
func (h *harness) press(u user, replies []Reply, label string) []Reply {
	h.t.Helper()
	for i := len(replies) - 1; i >= 0; i-- {
		for _, r := range replies[i].Buttons {
			for _, b := range r {
				if strings.Contains(b.Label, label) {
					return h.pressData(u, b.Data)
				}
			}
		}
	}
	h.t.Fatalf("no button %q in:\n%s", label, render(replies))
	return nil
}

// pressData sends raw button data, as a forged or old button would.
func (h *harness) pressData(u user, data string) []Reply {
	h.t.Helper()
	h.msgID++
	return h.handle(Request{Platform: "test", UserID: u.id, ChatID: "chat-" + u.id, ChatKind: ChatPrivate, Name: u.name,
		Language: u.lang, Data: data, MessageID: "m" + string(rune('0'+h.msgID%10))})
}

func (h *harness) handle(req Request) []Reply {
	h.t.Helper()
	replies := h.bot.Handle(h.ctx, req)
	if len(replies) == 0 {
		h.t.Fatal("the bot said nothing")
	}
	for _, r := range replies {
		for _, row := range r.Buttons {
			for _, b := range row {
				if len(b.Data) > 64 {
					h.t.Fatalf("button %q data over 64 bytes: %q", b.Label, b.Data)
				}
			}
		}
	}
	return replies
}

// render prints replies as a chat shows them, for failure messages.
func render(replies []Reply) string {
	var b strings.Builder
	for _, r := range replies {
		b.WriteString(r.Text)
		b.WriteByte('\n')
		for _, row := range r.Buttons {
			for _, x := range row {
				b.WriteString("[" + x.Label + "] ")
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// expect fails unless the replies contain every part.
func expect(t *testing.T, replies []Reply, parts ...string) {
	t.Helper()
	text := render(replies)
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Fatalf("want %q in:\n%s", p, text)
		}
	}
}

// onboard sends /start and picks Paris, as most test users do.
func (h *harness) onboard(u user) {
	h.t.Helper()
	r := h.send(u, "/start")
	h.press(u, r, "Paris")
}
