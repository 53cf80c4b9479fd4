package discord

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/slotbot/slotbot/core"
)

// suggest asks for autocomplete of option focused while typing typed;
// others are the options already filled in (name, value pairs).
func (p *person) suggest(command, focused, typed string, others ...string) [][2]string {
	p.e.t.Helper()
	opts := []any{map[string]any{"name": focused, "value": typed, "type": 3, "focused": true}}
	for i := 0; i+1 < len(others); i += 2 {
		opts = append(opts, map[string]any{"name": others[i], "value": others[i+1], "type": 3})
	}
	body := mustJSON(p.e.t, p.interaction(4, map[string]any{"id": "c", "name": command, "type": 1, "options": opts}))
	w := p.e.signed(body, time.Now())
	if w.Code != http.StatusOK {
		p.e.t.Fatalf("autocomplete → %d %s", w.Code, w.Body)
	}
	var resp struct {
		Type int `json:"type"`
		Data struct {
			Choices []struct {
				Name  string `json:"name"`
				Value any    `json:"value"`
			} `json:"choices"`
		} `json:"data"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil || resp.Type != 8 {
		p.e.t.Fatalf("autocomplete answer %s: %v", w.Body, err)
	}
	var out [][2]string
	for _, c := range resp.Data.Choices {
		out = append(out, [2]string{c.Name, fmt.Sprint(c.Value)})
	}
	return out
}

// hasChoice fails unless a choice's label contains label and its value
// is value.
func hasChoice(t *testing.T, choices [][2]string, label, value string) {
	t.Helper()
	for _, c := range choices {
		if strings.Contains(c[0], label) && c[1] == value {
			return
		}
	}
	t.Fatalf("no choice %q = %q in %v", label, value, choices)
}

// Session types are suggested from what the coaches offer; the chosen
// one opens the wizard at that type.
func TestAutocompleteSessionTypesThenBook(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := e.dmUser("1100", "Maria", "en")
	u.onboard()
	std := strconv.FormatInt(e.demo.Standard.ID, 10)
	all := u.suggest("book", "type", "")
	if len(all) != 4 {
		t.Fatalf("choices = %v, want the 4 demo types", all)
	}
	hasChoice(t, u.suggest("book", "type", "stand"), "Standard session · 60 min · EUR 50.00", std)
	if got := u.suggest("book", "type", "zumba"); len(got) != 0 {
		t.Fatalf("choices for zumba = %v", got)
	}
	r := u.slash("book", "type", std)
	expect(t, r, "Standard session: online or in person?")
}

// Coaches get their days, sessions and open times; clients get nothing
// from coach commands.
func TestAutocompleteCoachDaysSessionsAndOpenTimes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	client := e.dmUser("1200", "Maria", "en")
	client.onboard()
	if got := client.suggest("cancelday", "date", ""); len(got) != 0 {
		t.Fatalf("a client was offered %v", got)
	}
	ana := e.dmUser("1201", "Ana", "en")
	ana.onboard()
	coach := *e.demo.Coach
	coach.ClientID = ana.client().ID
	if err := e.store.Update(e.ctx, func(tx core.Tx) error { return tx.UpdateCoach(&coach) }); err != nil {
		t.Fatal(err)
	}
	one, err := e.svc.Catalog.ScheduleSession(e.ctx, core.ScheduleRequest{CoachID: coach.ID, TypeID: e.demo.Standard.ID,
		Start: time.Date(2026, 6, 5, 8, 0, 0, 0, time.UTC), Mode: core.ModeOnline})
	if err != nil {
		t.Fatal(err)
	}
	days := ana.suggest("cancelday", "date", "")
	hasChoice(t, days, "Thu 4 Jun (1)", "2026-06-04")
	hasChoice(t, days, "Fri 5 Jun (1)", "2026-06-05")
	id := strconv.FormatInt(one.ID, 10)
	hasChoice(t, ana.suggest("move", "session", "fri"), "Fri 5 Jun 10:00 · Standard session", id)
	times := ana.suggest("move", "time", "", "session", id)
	hasChoice(t, times, "Wed 3 Jun 10:00", "2026-06-03 10:00")
	if len(times) != 25 {
		t.Fatalf("%d open times offered, want Discord's 25", len(times))
	}
	if got := ana.suggest("move", "time", "", "session", "999999"); len(got) != 0 {
		t.Fatalf("times for an unknown session: %v", got)
	}

	// The values picked run the coach commands as typed ones would; a
	// client trying them is refused by the bot.
	expect(t, ana.slash("move", "time", "2026-06-03 10:00", "session", id), "🕒 Moved to Wed 3 Jun, 10:00")
	expect(t, ana.slash("cancelday", "date", "2026-06-04", "reason", "ill"), "[❌ Cancel the day]")
	expect(t, client.slash("cancelday", "date", "2026-06-04", "reason", "ill"), "🔒 This is for coaches only")
	var moved *core.Session
	_ = e.store.View(e.ctx, func(tx core.Tx) (err error) { moved, err = tx.Session(one.ID); return err })
	if !moved.Start.Equal(time.Date(2026, 6, 3, 8, 0, 0, 0, time.UTC)) {
		t.Fatalf("session starts %v", moved.Start)
	}
}

// Option values become the command's arguments in declared order, as
// they would be typed.
func TestCommandArguments(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := e.dmUser("1300", "Maria", "en")
	for _, c := range []struct {
		name string
		opts []any
		cmd  string
		args string
	}{
		{"cancelday", []any{"reason", "  the  flu ", "date", "2026-06-04"}, "cancelday", "2026-06-04 the flu"},
		{"late", []any{"minutes", 15}, "late", "15"},
		{"book", []any{"type", "42"}, "start", "book_t42"},
		{"book", []any{"type", "yoga"}, "book", "yoga"},
		{"link", nil, "link", ""},
		{"unknown", []any{"b", "2", "a", "1"}, "unknown", "2 1"},
	} {
		var opts []any
		for i := 0; i+1 < len(c.opts); i += 2 {
			o := map[string]any{"name": c.opts[i], "value": c.opts[i+1], "type": 3}
			if _, ok := c.opts[i+1].(int); ok {
				o["type"] = 4
			}
			opts = append(opts, o)
		}
		raw := mustJSON(t, u.interaction(2, map[string]any{"id": "c", "name": c.name, "type": 1, "options": opts}))
		var i discordgo.Interaction
		if err := json.Unmarshal(raw, &i); err != nil {
			t.Fatal(err)
		}
		p, err := parseInteraction(&i)
		if err != nil || p.req.Command != c.cmd || p.req.Args != c.args {
			t.Errorf("/%s %v → %q %q (%v), want %q %q", c.name, c.opts, p.req.Command, p.req.Args, err, c.cmd, c.args)
		}
	}
}
