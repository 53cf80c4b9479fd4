package discord

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// connect runs the adapter on the fake gateway until the test ends and
// waits for the handshake (HELLO, IDENTIFY, READY) and the command
// registration READY triggers.
func (e *env) connect() {
	e.t.Helper()
	e.gateway = true
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- e.a.Run(ctx) }()
	e.t.Cleanup(func() {
		cancel()
		if err := <-errc; err != nil {
			e.t.Errorf("run: %v", err)
		}
	})
	select {
	case d := <-e.fake.identify:
		e.identifyCopy <- d
	case err := <-errc:
		e.t.Fatalf("run ended: %v", err)
	case <-time.After(10 * time.Second):
		e.t.Fatal("no IDENTIFY")
	}
	e.fake.waitCall(0, func(c call) bool { return c.Method == http.MethodPut })
}

// Maria books a 1:1 session with her pass through /book and buttons, in a
// DM, with the interaction coming from the HTTP endpoint or the gateway,
// answered at once or deferred: the same conversation, the same booking.
func TestBookThroughSlashCommandAndButtons(t *testing.T) {
	for _, mode := range []struct {
		name             string
		gateway, deferAt bool
	}{{"http", false, false}, {"gateway", true, false}, {"http deferred", false, true}, {"gateway deferred", true, true}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			// Answered at once or always deferred, by choice: the
			// 2-second default defers whenever the machine is slow.
			deferAfter := time.Minute
			if mode.deferAt {
				deferAfter = -1
			}
			e := newEnv(t, func(c *Config) { c.DeferAfter = deferAfter })
			if mode.gateway {
				e.connect()
			}
			maria := e.dmUser("100", "Maria", "en-GB")
			r := maria.slash("start")
			expect(t, r, "Hi Maria!", "Which time zone are you in?", "Paris")
			r = maria.press(r, "Paris")
			expect(t, r, "Time zone set to Europe/Paris", "Book a session")
			if !mode.deferAt && r[0].kind != 7 {
				t.Fatalf("a button press should update its message (type 7):\n%s", show(r))
			}
			pass, err := e.svc.Passes.GrantPass(e.ctx, maria.client().ID, e.demo.Packs[0].ID, "manual")
			if err != nil {
				t.Fatal(err)
			}

			r = maria.slash("book")
			expect(t, r, "What kind of session with Ana Martin?", "Standard session")
			r = maria.press(r, "Standard session")
			r = maria.press(r, "In person")
			expect(t, r, "Pick a day (times in Europe/Paris)", "[Wed 3 Jun]")
			r = maria.press(r, "Wed 3 Jun")
			r = maria.press(r, "10:00")
			expect(t, r, "Please check your booking:", "🗓 Wed 3 Jun, 10:00 (Europe/Paris)", "[✅ Confirm]")
			r = maria.press(r, "Confirm")
			expect(t, r, "✅ You're booked! Standard session with Ana Martin, Wed 3 Jun, 10:00.")

			var bs []*core.Booking
			_ = e.store.View(e.ctx, func(tx core.Tx) (err error) {
				bs, err = tx.Bookings(core.BookingFilter{ClientID: maria.client().ID})
				return err
			})
			if len(bs) != 1 || bs[0].Status != core.BookingConfirmed || bs[0].PassID != pass.ID {
				t.Fatalf("bookings = %+v, want one confirmed on the pass", bs)
			}
			for _, s := range r {
				if s.flags&64 != 0 {
					t.Fatal("a DM answer was ephemeral")
				}
			}
		})
	}
}

// In a server channel every answer is ephemeral, pressing a button
// updates that ephemeral answer, and the first contact opens the
// person's DM channel for notices — whether the bot answers at once or
// after a deferral. Each path is chosen, not left to the machine's
// speed: under load a 2-second default would defer the "at once" case.
func TestGuildAnswersAreEphemeralAndOpenADMChannel(t *testing.T) {
	for _, mode := range []struct {
		name       string
		deferAfter time.Duration
	}{{"at once", time.Minute}, {"deferred", -1}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, func(c *Config) { c.DeferAfter = mode.deferAfter })
			leo := e.guildUser("200", "Léo", "fr")
			r := leo.slash("start")
			expect(t, r, "Bonjour Léo")
			for _, s := range r {
				if s.flags&64 == 0 {
					t.Fatalf("a server answer was not ephemeral:\n%s", show(r))
				}
			}
			pressed, _ := find(t, r, "Paris")
			r = leo.press(r, "Paris")
			expect(t, r, "Fuseau horaire : Europe/Paris")
			if r[0].id != pressed.id || r[0].flags&64 == 0 {
				t.Fatalf("pressing a button of an ephemeral answer should update it (%s):\n%s", pressed.id, show(r))
			}
			if mode.deferAfter > 0 && r[0].kind != 7 {
				t.Fatalf("answered at once, a press updates its message (type 7):\n%s", show(r))
			}
			if a := leo.account(); a.ChatID != "dm-200" || a.Unreachable {
				t.Fatalf("account = %+v, want DM channel dm-200", a)
			}
			r = leo.slash("mybookings")
			for _, s := range r {
				if s.flags&64 == 0 {
					t.Fatalf("bookings shown to the channel:\n%s", show(r))
				}
			}
		})
	}
}

// The gateway: commands registered in the configured guild on READY,
// intents for DMs, a typed DM answered with a message.
func TestGatewayRegistersCommandsAndAnswersDirectMessages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.connect()
	put, _ := e.fake.waitCall(0, func(c call) bool { return c.Method == http.MethodPut })
	if put.Path != "/applications/app1/guilds/g1/commands" {
		t.Fatalf("commands registered at %s, want the guild", put.Path)
	}
	list, _ := put.Body["_list"].([]any)
	names := map[string]map[string]any{}
	for _, x := range list {
		c := x.(map[string]any)
		names[c["name"].(string)] = c
	}
	for _, want := range []string{"start", "book", "mybookings", "link", "coach", "cancelday", "move", "report", "export"} {
		if names[want] == nil {
			t.Fatalf("command /%s not registered; got %d commands", want, len(list))
		}
	}
	opt := names["book"]["options"].([]any)[0].(map[string]any)
	if opt["autocomplete"] != true {
		t.Fatalf("/book type option = %v, want autocomplete", opt)
	}
	lang := names["language"]["options"].([]any)[0].(map[string]any)
	if ch := lang["choices"].([]any); len(ch) != 3 || ch[2].(map[string]any)["name"] != "Русский" {
		t.Fatalf("/language choices = %v", ch)
	}
	if d := names["book"]["description_localizations"].(map[string]any); d["ru"] == nil || d["fr"] == nil {
		t.Fatalf("/book descriptions = %v", d)
	}
	// /report's period is one of the report's, named in each language.
	weeks := names["report"]["options"].([]any)[0].(map[string]any)
	if ch := weeks["choices"].([]any); len(ch) != 3 || ch[2].(map[string]any)["value"] != 52.0 ||
		ch[2].(map[string]any)["name_localizations"].(map[string]any)["ru"] != "52 недели" {
		t.Fatalf("/report weeks = %v", weeks)
	}

	from := len(e.fake.snapshot())
	e.fake.dispatch("MESSAGE_CREATE", map[string]any{"id": "dm1", "channel_id": "dm-300", "content": "hello?",
		"author": map[string]any{"id": "300", "username": "zoe", "global_name": "Zoé"}})
	c, _ := e.fake.waitCall(from, func(c call) bool { return c.Method == http.MethodPost && c.Path == "/channels/dm-300/messages" })
	if !strings.Contains(c.Body["content"].(string), "I found no time zone for “hello?”") {
		t.Fatalf("reply = %v", c.Body)
	}
	// The bot's own messages are not answered.
	from = len(e.fake.snapshot())
	e.fake.dispatch("MESSAGE_CREATE", map[string]any{"id": "dm2", "channel_id": "dm-300", "content": "echo",
		"author": map[string]any{"id": "app1", "username": "slotbot", "bot": true}})
	e.fake.dispatch("MESSAGE_CREATE", map[string]any{"id": "dm3", "channel_id": "dm-300", "content": "/help",
		"author": map[string]any{"id": "300", "username": "zoe"}})
	c, i := e.fake.waitCall(from, func(c call) bool { return c.Path == "/channels/dm-300/messages" })
	if !strings.Contains(c.Body["content"].(string), "Here is what I can do") {
		t.Fatalf("reply to /help = %v", c.Body)
	}
	e.idle()
	for _, c := range e.fake.snapshot()[i+1:] {
		if c.Path == "/channels/dm-300/messages" {
			t.Fatalf("answered the bot's own message: %v", c.Body)
		}
	}
}

// A reply that carries a document (.ics) is sent as an attachment, by
// editing a deferred answer.
func TestDocumentGoesAsAttachment(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := e.dmUser("400", "Ana", "en")
	u.onboard()
	c := u.client()
	if _, err := e.svc.Passes.GrantPass(e.ctx, c.ID, e.demo.Packs[0].ID, "manual"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Bookings.Book(e.ctx, core.BookRequest{ClientID: c.ID, SessionID: e.demo.Classes[0].ID}); err != nil {
		t.Fatal(err)
	}
	r := u.slash("mybookings")
	r = u.press(r, "Thu 4 Jun")
	from := len(e.fake.snapshot())
	r = u.press(r, "calendar")
	if len(r) == 0 || r[0].kind != -1 {
		t.Fatalf("want the deferred answer edited in:\n%s", show(r))
	}
	var files map[string]string
	for _, c := range e.fake.snapshot()[from:] {
		if len(c.Files) > 0 {
			files = c.Files
		}
	}
	for name, body := range files {
		if strings.HasSuffix(name, ".ics") && strings.Contains(body, "BEGIN:VCALENDAR") {
			return
		}
	}
	t.Fatalf("no .ics attachment; files = %v", files)
}

// mustJSON encodes v.
func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Without a guild the commands are registered globally, under the
// application id READY gives when none is configured.
func TestGlobalCommandsUnderTheApplicationFromReady(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *Config) { c.AppID, c.GuildID = "", "" })
	e.connect()
	put, _ := e.fake.waitCall(0, func(c call) bool { return c.Method == http.MethodPut })
	if put.Path != "/applications/app1/commands" {
		t.Fatalf("commands registered at %s, want global under app1", put.Path)
	}
	var identify struct {
		Intents int `json:"intents"`
	}
	_ = json.Unmarshal(<-e.identifyCopy, &identify)
	if identify.Intents&(1<<12) == 0 {
		t.Fatalf("intents %b lack direct messages", identify.Intents)
	}
}
