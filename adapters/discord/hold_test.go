package discord

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// inboxWaiting counts Discord's stored interactions.
func (e *env) inboxWaiting() int {
	e.t.Helper()
	n, _, err := e.svc.Inbox.InboxWaiting(e.ctx, Platform)
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// run runs the adapter a (Run) until the returned stop is called or the
// test ends; stop waits for Run to return.
func (e *env) run(a *Adapter) (stop func()) {
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	var err error
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			cancel()
			err = <-done
		}
		if err != nil {
			e.t.Errorf("Run: %v", err)
		}
	}
	e.t.Cleanup(stop)
	return stop
}

// A deferred answer is stored before the deferral is sent. When the
// replica answering it stops mid-edit (its edit never lands), another
// replica, once the lease has run out, asks the bot again and edits the
// answer in: the person sees it, once.
func TestDeferredAnswerOutlivesItsReplica(t *testing.T) {
	t.Parallel()
	const lease = time.Minute
	e := newEnv(t, func(c *Config) {
		c.DeferAfter, c.HTTPOnly, c.Lease, c.ShutdownTimeout = -1, true, lease, 50*time.Millisecond
	})
	stopA := e.run(e.a)
	e.fake.waitCall(0, func(c call) bool { return c.Method == http.MethodPut }) // commands registered: Run is up
	e.fake.mu.Lock()
	e.fake.stallEdits = true
	e.fake.mu.Unlock()

	eve := e.dmUser("900", "Eve", "en")
	i := eve.interaction(2, map[string]any{"id": "c", "name": "start", "type": 1})
	w := e.signed(mustJSON(t, i), time.Now())
	var first struct {
		Type int `json:"type"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &first); err != nil || first.Type != 5 {
		t.Fatalf("first response %d %s, want a deferral (type 5)", w.Code, w.Body)
	}
	if n := e.inboxWaiting(); n != 1 {
		t.Fatalf("%d interactions stored when the deferral was sent, want 1", n)
	}
	edit := <-e.fake.stalled // replica A is editing the answer in…
	token := i["token"].(string)
	if !strings.Contains(edit.Path, "/"+token+"/messages/@original") {
		t.Fatalf("A's edit went to %s", edit.Path)
	}
	stopA() // …and stops before Discord answers: its edit never lands
	e.fake.mu.Lock()
	e.fake.stallEdits = false
	e.fake.mu.Unlock()
	if n := e.inboxWaiting(); n != 1 {
		t.Fatalf("%d interactions stored after A stopped, want the 1 it did not finish", n)
	}

	b, err := New(e.bot, e.svc, e.a.cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })
	from := len(e.fake.snapshot())
	e.run(b)
	e.fake.waitCall(from, func(c call) bool { return c.Method == http.MethodPut }) // B is up
	e.clock.Advance(lease + time.Second)
	done, _ := e.fake.waitCall(from, func(c call) bool {
		return c.Method == http.MethodPatch && !c.Stalled && strings.Contains(c.Path, "/"+token+"/messages/@original")
	})
	if content, _ := done.Body["content"].(string); !strings.Contains(content, "Hi Eve") {
		t.Fatalf("B edited in %q, want the answer to /start", content)
	}
	for deadline := time.Now().Add(10 * time.Second); e.inboxWaiting() != 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d interactions still stored after B answered", e.inboxWaiting())
		}
	}
	edits := 0
	for _, c := range e.fake.snapshot() {
		if c.Method == http.MethodPatch && !c.Stalled && strings.Contains(c.Path, "/"+token+"/") {
			edits++
		}
	}
	if edits != 1 {
		t.Fatalf("the answer was edited in %d times, want once", edits)
	}
}

// An answer deferred while the inbox runs, and finished, leaves nothing
// stored.
func TestDeferredAnswerFinishedLeavesNothingStored(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *Config) { c.DeferAfter, c.HTTPOnly = -1, true })
	e.run(e.a)
	e.fake.waitCall(0, func(c call) bool { return c.Method == http.MethodPut })
	got := e.dmUser("901", "Noor", "en").slash("start")
	expect(t, got, "Hi Noor")
	if got[0].kind != 5 && got[len(got)-1].kind != -1 {
		t.Fatalf("want a deferral edited in:\n%s", show(got))
	}
	for deadline := time.Now().Add(10 * time.Second); e.inboxWaiting() != 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d interactions still stored after the answer", e.inboxWaiting())
		}
	}
}

// A stored interaction reads back as the request it was: slash commands
// with options, buttons, menus and modals, in a DM and in a server.
func TestStoredInteractionReadsBackTheSame(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	msg := map[string]any{"id": "m1", "channel_id": "c", "flags": 64, "content": "Pick one"}
	for _, p := range []*person{e.dmUser("900", "Eve", "fr"), e.guildUser("901", "Noor", "ru")} {
		button := p.interaction(3, map[string]any{"custom_id": "1:book:42", "component_type": 2})
		button["message"] = msg
		menu := p.interaction(3, map[string]any{"custom_id": idPickPrefix + "x", "component_type": 3, "values": []string{"1:tz:1"}})
		menu["message"] = msg
		for name, i := range map[string]map[string]any{
			"slash":  p.interaction(2, map[string]any{"id": "c1", "name": "book", "type": 1, "options": []any{map[string]any{"name": "type", "value": "Yoga", "type": 3}}}),
			"button": button,
			"menu":   menu,
			"modal": p.interaction(5, map[string]any{"custom_id": idModal, "components": []any{
				map[string]any{"type": 1, "components": []any{map[string]any{"type": 4, "custom_id": idInput, "value": "72.5 kg"}}}}}),
		} {
			var in discordgo.Interaction
			if err := json.Unmarshal(mustJSON(t, i), &in); err != nil {
				t.Fatal(err)
			}
			raw, err := interactionJSON(&in)
			if err != nil {
				t.Fatal(err)
			}
			body := mustJSON(t, storedInteraction{Deferred: 5, Interaction: raw})
			var back storedInteraction
			if err := json.Unmarshal(body, &back); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out, err := back.interaction()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			want, err1 := parseInteraction(&in)
			got, err2 := parseInteraction(out)
			if err1 != nil || err2 != nil || !reflect.DeepEqual(got, want) || back.Deferred != 5 ||
				out.Token != in.Token || out.AppID != in.AppID {
				t.Errorf("%s of %s: stored %s\nread back %+v (%v), want %+v (%v)", name, p.name, body, got, err2, want, err1)
			}
		}
	}
}

// A replica stopped while it registers the slash commands stops cleanly:
// Run returns no error (it once reported "context canceled", failing
// TestDeferredAnswerOutlivesItsReplica when the stop came that early).
func TestStoppedWhileRegisteringCommands(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *Config) { c.HTTPOnly = true })
	e.fake.mu.Lock()
	e.fake.stallCommands = true
	e.fake.mu.Unlock()
	stop := e.run(e.a) // reports Run's error, if any, as the test's
	if c := <-e.fake.stalled; c.Method != http.MethodPut {
		t.Fatalf("stalled %s %s", c.Method, c.Path)
	}
	stop()
}
