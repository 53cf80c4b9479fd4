package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/sqlite/sqlitetest"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// tuesday10 is the tests' "now": Tuesday 2 June 2026, 10:00 in Paris,
// the bot harness's clock.
var tuesday10 = time.Date(2026, 6, 2, 8, 0, 0, 0, time.UTC)

// env is a Discord adapter on a real SQLite store with the demo studio,
// talking to a fake Discord, with a test signing key for the HTTP
// endpoint.
type env struct {
	t     testing.TB
	ctx   context.Context
	store core.Store
	clock *storetest.Clock
	svc   *core.Service
	bot   *bot.Bot
	demo  *core.Demo
	fake  *fakeDiscord
	a     *Adapter
	key   ed25519.PrivateKey
	ids   atomic.Int64
	// gateway sends interactions through the fake gateway instead of
	// the HTTP endpoint.
	gateway bool
	// identifyCopy holds the IDENTIFY payload connect saw.
	identifyCopy chan json.RawMessage
	// server, when set, is the adapter's endpoint on a local HTTP server:
	// interactions are posted to it over the network, as Discord does.
	server *httptest.Server
}

// envOption adjusts an env's adapter configuration.
type envOption func(*Config)

func newEnv(t testing.TB, opts ...envOption) *env {
	t.Helper()
	return newEnvWith(t, bot.Options{}, opts...)
}

// newEnvWith is newEnv with a bot of these options (a Mini App, say).
func newEnvWith(t testing.TB, bo bot.Options, opts ...envOption) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), store: sqlitetest.Open(t), clock: storetest.NewClock(tuesday10),
		identifyCopy: make(chan json.RawMessage, 1)}
	e.svc = core.NewService(e.store, e.clock)
	e.bot = bot.New(e.svc, bo)
	d, err := e.svc.Admin.SeedDemo(e.ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	e.demo = d
	e.fake = newFakeDiscord(t)
	pub, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	e.key = key
	cfg := Config{Token: "test-token", AppID: "app1", GuildID: "g1", PublicKey: hex.EncodeToString(pub),
		HTTPClient: e.fake.client(), Logger: testLogger(t)}
	for _, o := range opts {
		o(&cfg)
	}
	e.a, err = New(e.bot, e.svc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.a.Close() })
	return e
}

// testLogger shows the adapter's warnings in verbose test output.
func testLogger(t testing.TB) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// idle waits until the adapter has sent everything it was doing. Work
// after an answer is started before the answer, so once the test has
// seen the answer, "nothing running" means done.
func (e *env) idle() {
	for e.a.busy.Load() != 0 {
		time.Sleep(time.Millisecond)
	}
}

// signed posts a raw body to the HTTP endpoint, signed at ts.
func (e *env) signed(body []byte, ts time.Time) *httptest.ResponseRecorder {
	return e.signedWith(e.key, body, ts)
}

// signedWith posts a raw body signed with key at ts.
func (e *env) signedWith(key ed25519.PrivateKey, body []byte, ts time.Time) *httptest.ResponseRecorder {
	stamp := strconv.FormatInt(ts.Unix(), 10)
	sig := ed25519.Sign(key, append([]byte(stamp), body...))
	req := httptest.NewRequest(http.MethodPost, "/discord/interactions", bytes.NewReader(body))
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	req.Header.Set("X-Signature-Timestamp", stamp)
	w := httptest.NewRecorder()
	if e.server == nil {
		e.a.Handler().ServeHTTP(w, req)
		return w
	}
	req, err := http.NewRequestWithContext(e.ctx, http.MethodPost, e.server.URL+"/discord/interactions", bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	req.Header.Set("X-Signature-Timestamp", stamp)
	res, err := e.server.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	w.Code = res.StatusCode
	_, _ = w.Body.ReadFrom(res.Body)
	return w
}

// person is someone using Discord, in a DM with the bot or in a server
// channel.
type person struct {
	e      *env
	id     string
	name   string
	locale string
	guild  bool
}

func (e *env) dmUser(id, name, locale string) *person {
	return &person{e: e, id: id, name: name, locale: locale}
}

func (e *env) guildUser(id, name, locale string) *person {
	return &person{e: e, id: id, name: name, locale: locale, guild: true}
}

// screen is one message the person sees: a response, a follow-up or an
// edit.
type screen struct {
	kind    int // interaction response type; 0 for a follow-up, -1 for an edit
	id      string
	content string
	flags   int
	comps   []comp
	modal   bool
}

// comp is one button, or one option of a select menu.
type comp struct {
	label, customID, url string
	value, selectID      string // a select menu's option
}

// interaction builds the common part of an interaction payload.
func (p *person) interaction(typ int, data map[string]any) map[string]any {
	n := p.e.ids.Add(1)
	u := map[string]any{"id": p.id, "username": strings.ToLower(p.name), "global_name": p.name}
	i := map[string]any{"id": fmt.Sprintf("i%d", n), "application_id": "app1", "type": typ, "token": fmt.Sprintf("tok%d", n),
		"version": 1, "locale": p.locale, "data": data}
	if p.guild {
		i["guild_id"], i["channel_id"], i["member"], i["context"] = "g1", "ch1", map[string]any{"user": u}, 0
	} else {
		i["channel_id"], i["user"], i["context"] = "dm-"+p.id, u, 1
	}
	return i
}

// slash runs a slash command; options are name, value pairs.
func (p *person) slash(name string, options ...any) []screen {
	p.e.t.Helper()
	var opts []any
	for i := 0; i+1 < len(options); i += 2 {
		o := map[string]any{"name": options[i], "value": options[i+1], "type": 3}
		if _, ok := options[i+1].(int); ok {
			o["type"] = 4
		}
		opts = append(opts, o)
	}
	return p.send(p.interaction(2, map[string]any{"id": "c1", "name": name, "type": 1, "options": opts}))
}

// press taps the button or picks the menu option labelled label (a
// substring) in the last screen that has it.
func (p *person) press(screens []screen, label string) []screen {
	p.e.t.Helper()
	s, c := find(p.e.t, screens, label)
	msg := map[string]any{"id": s.id, "channel_id": "c", "flags": s.flags, "content": s.content}
	if c.selectID != "" {
		i := p.interaction(3, map[string]any{"custom_id": c.selectID, "component_type": 3, "values": []string{c.value}})
		i["message"] = msg
		return p.send(i)
	}
	i := p.interaction(3, map[string]any{"custom_id": c.customID, "component_type": 2})
	i["message"] = msg
	return p.send(i)
}

// submit fills in the modal with text.
func (p *person) submit(text string) []screen {
	p.e.t.Helper()
	return p.send(p.interaction(5, map[string]any{"custom_id": idModal, "components": []any{
		map[string]any{"type": 1, "components": []any{map[string]any{"type": 4, "custom_id": idInput, "value": text}}}}}))
}

// find returns the last screen holding a control labelled label.
func find(t testing.TB, screens []screen, label string) (screen, comp) {
	t.Helper()
	for i := len(screens) - 1; i >= 0; i-- {
		for _, c := range screens[i].comps {
			if strings.Contains(c.label, label) {
				return screens[i], c
			}
		}
	}
	t.Fatalf("no control %q in:\n%s", label, show(screens))
	return screen{}, comp{}
}

// send delivers an interaction (through the HTTP endpoint or the fake
// gateway) and returns what the person then sees.
func (p *person) send(i map[string]any) []screen {
	p.e.t.Helper()
	e := p.e
	body, err := json.Marshal(i)
	if err != nil {
		e.t.Fatal(err)
	}
	from := len(e.fake.snapshot())
	token := i["token"].(string)
	var first map[string]any
	if e.gateway {
		e.fake.dispatch("INTERACTION_CREATE", json.RawMessage(body))
		c, _ := e.fake.waitCall(from, func(c call) bool {
			return c.Method == http.MethodPost && strings.HasSuffix(c.Path, "/"+token+"/callback")
		})
		first = c.Body
	} else {
		w := e.signed(body, time.Now())
		if w.Code != http.StatusOK {
			e.t.Fatalf("endpoint answered %d: %s", w.Code, w.Body)
		}
		if err := json.Unmarshal(w.Body.Bytes(), &first); err != nil {
			e.t.Fatal(err)
		}
	}
	e.idle()
	var out []screen
	kind := int(first["type"].(float64))
	// An edit keeps the flags of the message it edits, as Discord does:
	// a deferred answer's placeholder (type 5) carries its flags; an
	// update (type 7, or 6 then an edit) changes the pressed message.
	keep := 0
	if data, ok := first["data"].(map[string]any); ok && kind == 5 {
		if f, ok := data["flags"].(float64); ok {
			keep = int(f)
		}
	}
	if m, ok := i["message"].(map[string]any); ok && (kind == 6 || kind == 7) {
		if f, ok := m["flags"].(int); ok {
			keep = f
		}
	}
	if data, ok := first["data"].(map[string]any); ok && (kind == 4 || kind == 7 || kind == 9) {
		s := decodeScreen(data)
		s.kind, s.id, s.modal = kind, "orig-"+token, kind == 9
		if _, set := data["flags"]; !set && kind == 7 {
			s.flags = keep
		}
		if kind == 7 {
			s.id = i["message"].(map[string]any)["id"].(string)
		}
		out = append(out, s)
	}
	for _, c := range e.fake.snapshot()[from:] {
		if !strings.Contains(c.Path, "/"+token) || strings.HasSuffix(c.Path, "/callback") {
			continue
		}
		s := decodeScreen(c.Body)
		switch c.Method {
		case http.MethodPatch:
			s.kind, s.id = -1, "orig-"+token
			if _, set := c.Body["flags"]; !set {
				s.flags = keep
			}
			if kind == 6 {
				s.id = i["message"].(map[string]any)["id"].(string)
			}
		default:
			s.id = "f" + strconv.Itoa(len(out)) + token
		}
		out = append(out, s)
	}
	return out
}

// decodeScreen reads a message body: content, flags and controls.
func decodeScreen(m map[string]any) screen {
	s := screen{}
	s.content, _ = m["content"].(string)
	if f, ok := m["flags"].(float64); ok {
		s.flags = int(f)
	}
	if title, ok := m["title"].(string); ok {
		s.content = title
	}
	rows, _ := m["components"].([]any)
	for _, r := range rows {
		row, _ := r.(map[string]any)
		cs, _ := row["components"].([]any)
		for _, x := range cs {
			c, _ := x.(map[string]any)
			switch c["type"].(float64) {
			case 2:
				label, _ := c["label"].(string)
				id, _ := c["custom_id"].(string)
				url, _ := c["url"].(string)
				s.comps = append(s.comps, comp{label: label, customID: id, url: url})
			case 3:
				id, _ := c["custom_id"].(string)
				opts, _ := c["options"].([]any)
				for _, o := range opts {
					om, _ := o.(map[string]any)
					label, _ := om["label"].(string)
					value, _ := om["value"].(string)
					s.comps = append(s.comps, comp{label: label, value: value, selectID: id})
				}
			case 4:
				label, _ := c["label"].(string)
				ph, _ := c["placeholder"].(string)
				id, _ := c["custom_id"].(string)
				s.comps = append(s.comps, comp{label: label + " / " + ph, customID: id})
			}
		}
	}
	return s
}

// show prints screens as a person would read them, for failures.
func show(screens []screen) string {
	var b strings.Builder
	for _, s := range screens {
		fmt.Fprintf(&b, "--- type %d flags %d id %s\n%s\n", s.kind, s.flags, s.id, s.content)
		for _, c := range s.comps {
			switch {
			case c.selectID != "":
				fmt.Fprintf(&b, "<%s> ", c.label)
			case c.url != "":
				fmt.Fprintf(&b, "[%s ↗] ", c.label)
			default:
				fmt.Fprintf(&b, "[%s] ", c.label)
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// expect fails unless the screens show every part.
func expect(t *testing.T, screens []screen, parts ...string) {
	t.Helper()
	text := show(screens)
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Fatalf("want %q in:\n%s", p, text)
		}
	}
}

// onboard sends /start and picks Paris.
func (p *person) onboard() {
	p.e.t.Helper()
	p.press(p.slash("start"), "Paris")
}

// client is the person's client record.
func (p *person) client() *core.Client {
	p.e.t.Helper()
	var c *core.Client
	err := p.e.store.View(p.e.ctx, func(tx core.Tx) error {
		acc, err := tx.Account(Platform, p.id)
		if err != nil {
			return err
		}
		c, err = tx.Client(acc.ClientID)
		return err
	})
	if err != nil {
		p.e.t.Fatal(err)
	}
	return c
}

// account is the person's Discord account as stored.
func (p *person) account() *core.Account {
	p.e.t.Helper()
	var a *core.Account
	if err := p.e.store.View(p.e.ctx, func(tx core.Tx) (err error) { a, err = tx.Account(Platform, p.id); return err }); err != nil {
		p.e.t.Fatal(err)
	}
	return a
}
