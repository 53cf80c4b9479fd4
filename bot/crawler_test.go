package bot

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/slotbot/slotbot/adapters/sqlite"
	"github.com/slotbot/slotbot/bot/locales"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// The crawler visits every screen a client and a coach can reach, in
// every language, over several studio states (crawler_states_test.go):
// it sends every command, presses every button it finds breadth-first,
// types the answers a prompt asks for (crawler_answers_test.go), and
// checks every reply (crawler_checks_test.go). Each person and language
// is a subtest, run in parallel, that visits the states one after the
// other, each on a database of its own: a screen already explored in an
// earlier state (a form, a menu) is not explored again, so each state
// costs only what it shows anew.

// crawlMaxDepth bounds how many presses deep the crawl goes from a
// command; the deepest flows (a coach's form, a field, its prompt, Save)
// are within it.
const crawlMaxDepth = 6

// crawlPerAction bounds how many buttons of one list the crawl presses
// per state (crawler.dedupeKey), and crawlFruitless how many of them may
// show a screen like one already seen before the rest of the list is
// left: the eighth weekly class's page is the first one's with another
// date, but each field of a form asks its own question.
const (
	crawlPerAction = 12
	crawlFruitless = 2
)

// crawlMaxTurns bounds one state's requests, so a loop in the button
// graph shows as a failure instead of a test that never ends.
const crawlMaxTurns = 900

// TestCrawlEveryScreen is the crawl; with -v it prints what it covered.
func TestCrawlEveryScreen(t *testing.T) {
	var mu sync.Mutex
	var all []crawlCoverage
	template := crawlTemplate(t)
	t.Run("crawl", func(t *testing.T) {
		for _, persona := range []string{"client", "coach"} {
			for _, lang := range Languages() {
				t.Run(persona+"/"+lang, func(t *testing.T) {
					t.Parallel()
					c := newCrawler(t, persona, lang, template)
					for _, st := range crawlStates() {
						c.run(st)
						mu.Lock()
						all = append(all, c.cov)
						mu.Unlock()
					}
				})
			}
		}
	})
	crawlReport(t, all)
}

// crawlReport logs what the crawl covered, per state, person and
// language and in all.
func crawlReport(t *testing.T, all []crawlCoverage) {
	sort.Slice(all, func(i, j int) bool { return all[i].name < all[j].name })
	var total crawlCoverage
	keys, states, langs := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, c := range all {
		t.Logf("crawl: %-28s %4d screens (%3d new) %4d buttons pressed %3d texts typed %4d requests %4d text keys",
			c.name, len(c.screens), c.fresh, c.presses, c.texts, c.turns, len(c.keys))
		total.presses += c.presses
		total.texts += c.texts
		total.turns += c.turns
		total.fresh += c.fresh
		total.claims += c.claims
		for k := range c.keys {
			keys[k] = true
		}
		states[c.state], langs[c.lang] = true, true
	}
	t.Logf("crawl: in all: %d states × 2 persons × %d languages: %d distinct screens, %d buttons pressed, %d texts typed, %d requests, %d statements checked against the rows, %d of %d text keys shown",
		len(states), len(langs), total.fresh, total.presses, total.texts, total.turns, total.claims, len(keys), len(locales.Default().Keys(locales.Fallback)))
}

// crawlCoverage is what one state's crawl visited.
type crawlCoverage struct {
	name, state, lang string
	screens           map[string]bool // distinct screens: text and button labels
	fresh             int             // screens no earlier state showed
	keys              map[string]bool // text keys rendered
	presses           int             // buttons pressed
	texts             int             // texts typed into prompts
	turns             int             // requests in all
	claims            int             // money, credit and pass statements checked against the rows
}

// crawlItem is a button waiting to be pressed, with the way to it and
// the conversation its screen was shown in.
type crawlItem struct {
	data   string
	family string   // the list it belongs to (crawler.dedupeKey)
	path   []string // what was sent and pressed to reach the button
	depth  int
	conv   crawlConv
}

// crawlConv is a person's conversation row as stored: a screen's
// buttons belong to it (a flow's step, a form's values).
type crawlConv struct {
	flow string
	step int64
	data string
	ok   bool // a row exists
}

// crawler is one person's crawl in one language, state after state.
type crawler struct {
	t        *testing.T
	persona  string
	lang     string
	template string // an empty migrated database (crawlTemplate)
	rec      *crawlRecorder
	seen     map[string]bool // screens shown in any state
	forms    map[string]bool // form screens whose buttons were queued, in any state
	prompts  map[string]bool // prompts answered, in any state
	failed   map[string]bool // failures reported, so one shows once
	refused  map[string]bool // commands refused to a non-coach: not sent again

	// One state's crawl.
	st    crawlState
	h     *harness
	world *crawlWorld
	u     user
	get   *sql.Stmt // reads the persona's conversation row
	put   *sql.Stmt // writes it back
	// countReturns counts the credits given back to passes (crawlClaims).
	countReturns *sql.Stmt
	cur          crawlConv // the persona's conversation after the last request
	queue        []crawlItem
	shapes       map[string]bool // screens whose buttons were queued
	pressed      map[string]bool // dedupe keys of buttons pressed
	actions      map[string]int  // buttons pressed per list
	useless      map[string]int  // presses per list that showed nothing new
	cov          crawlCoverage
	// lastKeys are the text keys of the last request's replies.
	lastKeys []string
	argsSent bool // crawlArgs typed (in the first state)
}

// crawlTemplate makes an empty database with every migration applied,
// which each state's database starts as a copy of: migrating is most of
// the cost of opening one.
func crawlTemplate(t *testing.T) string {
	path := filepath.Join(t.TempDir(), "template.db")
	store, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// newCrawler starts persona's crawl in lang.
func newCrawler(t *testing.T, persona, lang, template string) *crawler {
	return &crawler{t: t, persona: persona, lang: lang, template: template, rec: &crawlRecorder{}, seen: map[string]bool{},
		forms: map[string]bool{}, prompts: map[string]bool{}, failed: map[string]bool{}, refused: map[string]bool{}}
}

// open builds the state st on a database of its own: the demo studio in
// the crawl's language, then what the state adds.
func (c *crawler) open(st crawlState) {
	t := c.t
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "slotbot.db")
	empty, err := os.ReadFile(c.template)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, empty, 0o600); err != nil {
		t.Fatal(err)
	}
	store, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	t.Cleanup(func() {
		_ = raw.Close()
		_ = store.Close()
	})
	c.get, err = raw.PrepareContext(ctx, `SELECT flow, step, data FROM conversations WHERE platform = 'test' AND user_id = ?`)
	if err != nil {
		t.Fatal(err)
	}
	c.put, err = raw.PrepareContext(ctx, `UPDATE conversations SET flow = ?, step = ?, data = ? WHERE platform = 'test' AND user_id = ?`)
	if err != nil {
		t.Fatal(err)
	}
	c.countReturns, err = raw.PrepareContext(ctx, `SELECT count(*) FROM pass_entries WHERE kind = 'return'`)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, ctx: ctx, store: store, clock: storetest.NewClock(tuesday10)}
	h.svc = core.NewService(h.store, h.clock)
	h.bot = New(h.svc, Options{Logger: slog.New(c.rec)})
	d, err := h.svc.Admin.SeedDemoNamed(h.ctx, 0, crawlDemoNames(c.lang))
	if err != nil {
		t.Fatal(err)
	}
	h.demo = d
	c.st, c.h, c.queue, c.cur = st, h, nil, crawlConv{}
	c.pressed, c.actions, c.useless, c.shapes = map[string]bool{}, map[string]int{}, map[string]int{}, map[string]bool{}
	c.cov = crawlCoverage{name: st.name + "/" + c.persona + "/" + c.lang, state: st.name, lang: c.lang,
		screens: map[string]bool{}, keys: map[string]bool{}}
	c.world = newCrawlWorld(c)
	st.build(c.world)
	if c.persona == "coach" {
		c.u = c.world.coach
	} else {
		c.u = c.world.client
	}
	c.rec.take()
}

// crawlDemoNames are the demo studio's names in lang, as the terminal
// chat seeds them: a French studio's classes have French names.
func crawlDemoNames(lang string) core.DemoNames {
	return core.DemoNames{Consultation: Text(lang, "demo.consultation"), Standard: Text(lang, "demo.standard"),
		Extended: Text(lang, "demo.extended"), Class: Text(lang, "demo.class"),
		Pack: func(n int) string { return Text(lang, "demo.pack", "Count", n) }, Notes: Text(lang, "demo.notes")}
}

// run crawls one state: every command, then every button breadth-first.
func (c *crawler) run(st crawlState) {
	c.open(st)
	names := make([]string, 0, len(c.h.bot.commands))
	for name := range c.h.bot.commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if c.clientOnly(name) || c.refused[name] {
			continue
		}
		path := []string{"/" + name}
		r := c.turn(Request{Command: name}, path, true)
		if c.persona != "coach" && slices.ContainsFunc(c.lastKeys, func(k string) bool { return k == "coach.only" || k == "channel.coaches_only" }) {
			c.refused[name] = true // a refusal to a non-coach is the same in every state
		}
		c.follow(r, path, 0)
	}
	for len(c.queue) > 0 && c.cov.turns < crawlMaxTurns {
		it := c.queue[0]
		c.queue = c.queue[1:]
		if c.useless[it.family] >= crawlFruitless {
			continue
		}
		c.putConv(it.conv)
		r := c.turn(Request{Data: it.data, MessageID: "m1"}, it.path, true)
		c.cov.presses++
		if !c.follow(r, it.path, it.depth) {
			c.useless[it.family]++
		}
	}
	if c.cov.turns >= crawlMaxTurns {
		c.t.Errorf("%s: crawl stopped at %d requests with %d buttons still to press", c.st.name, c.cov.turns, len(c.queue))
	}
	if !c.argsSent {
		c.argsSent = true
		c.sendArgs(names)
	}
	if st.group != "" {
		c.inGroup(names, st.group)
	}
}

// crawlArgs are commands typed with their arguments, right and wrong,
// as people type them instead of pressing buttons; "{session}" is a
// class of the demo studio.
var crawlArgs = map[string][]string{
	"addcoach":  {"nobody", "test:ghost"},
	"announce":  {"Cours annulé"},
	"book":      {"42", "yoga"},
	"cancelday": {"someday", "2026-06-05 grippe"},
	"coach":     {"WRONG-CODE"},
	"language":  {"xx"},
	"late":      {"abc", "400", "10"},
	"link":      {"000000"},
	"move":      {"999 19:00", "{session} 25:99", "{session} 2026-06-17 15:00"},
	"progress":  {"weight 72.5", "weight -5", "{client}"},
	"share":     {"https://example.com/plan.pdf"},
	"start":     {"book_999", "nonsense"},
	"timezone":  {"Tokyo", "Atlantis"},
}

// sendArgs types each command of crawlArgs with its arguments, in the
// first state only: what they do does not depend on the studio's state.
func (c *crawler) sendArgs(names []string) {
	for _, name := range names {
		if c.clientOnly(name) {
			continue
		}
		for _, a := range crawlArgs[name] {
			a = c.fill(a)
			path := []string{"/" + name + " " + a}
			r := c.turn(Request{Command: name, Args: a}, path, false)
			c.cov.texts++
			if len(r) > 0 && r[len(r)-1].ExpectText {
				c.answer(r, path, crawlMaxDepth, 0)
			}
		}
	}
}

// inGroup sends every command in the group chat the state linked, and
// presses once the buttons of what is said there for everyone to see
// (what is said privately is the private chat's, crawled already).
func (c *crawler) inGroup(names []string, chat string) {
	for _, name := range names {
		path := []string{"/" + name + " (in the group)"}
		r := c.turn(Request{Command: name, ChatID: chat, ChatKind: ChatGroup}, path, true)
		for _, rep := range r {
			for _, rw := range rep.Buttons {
				for _, b := range rw {
					if rep.Private || b.Data == "" || c.skipButton(b) || c.pressed["group|"+b.Data] {
						continue
					}
					c.pressed["group|"+b.Data] = true
					c.turn(Request{Data: b.Data, MessageID: "m1", ChatID: chat, ChatKind: ChatGroup}, append(slices.Clip(path), "["+b.Label+"]"), true)
					c.cov.presses++
				}
			}
		}
	}
}

// follow answers a prompt the replies ask, then queues their buttons;
// it reports whether the replies showed a screen not seen before.
func (c *crawler) follow(r []Reply, path []string, depth int) bool {
	if len(r) > 0 && r[len(r)-1].ExpectText {
		_, fresh := c.answer(r, path, depth, 0)
		return fresh
	}
	return c.enqueue(r, path, depth)
}

// enqueue queues the buttons of replies not pressed yet, and reports
// whether they are a screen not seen before.
func (c *crawler) enqueue(r []Reply, path []string, depth int) bool {
	// A screen like one seen before (another class's page, the same menu
	// reached another way) has the same buttons for other ids: its
	// buttons are pressed once, where it was first seen. A coach's form
	// does not depend on the studio's state: its buttons are pressed in
	// the first state that shows it.
	shape := screenShape(r, c.lastKeys)
	seen := c.shapes
	if strings.Contains(c.cur.data, `"form"`) {
		seen = c.forms
	}
	if seen[shape] {
		return false
	}
	seen[shape] = true
	if depth >= crawlMaxDepth {
		return true
	}
	conv := c.cur
	step := strconv.FormatInt(conv.step, 36)
	for _, rep := range r {
		for _, rw := range rep.Buttons {
			for _, b := range rw {
				if b.Data == "" || c.skipButton(b) {
					continue
				}
				key, family := c.dedupeKey(b, step)
				if c.pressed[key] {
					continue
				}
				if c.actions[family] >= crawlPerAction {
					continue
				}
				c.pressed[key] = true
				c.actions[family]++
				c.queue = append(c.queue, crawlItem{data: b.Data, path: append(slices.Clip(path), "["+b.Label+"]"), depth: depth + 1, conv: conv, family: family})
			}
		}
	}
	return true
}

// dedupeKey names a button for "already pressed": its label and data
// with the conversation's step (which flow buttons carry) left out. Its
// family is its data without the last argument: the buttons of one list
// ("clsd:<class>", "bk:<step>:t:<type>", a form's fields), of which
// crawlPerAction are pressed.
func (c *crawler) dedupeKey(b Button, step string) (key, family string) {
	cb, err := decode(b.Data)
	if err != nil {
		return b.Data, b.Data
	}
	parts := []string{cb.Action}
	for _, a := range cb.Args {
		if a == step {
			a = "·"
		}
		parts = append(parts, a)
	}
	family = cb.Action
	if len(cb.Args) > 1 {
		family += ":" + strings.Join(cb.Args[:len(cb.Args)-1], ":")
	}
	return strings.Join(parts, ":") + "|" + b.Label, family
}

// skipButton leaves out buttons that would change who is crawling (a
// language switch: the crawl is per language; a zone other than Paris,
// where the studio's times are checked) and, for the coach, the client's
// menu, which the client's crawl visits.
func (c *crawler) skipButton(b Button) bool {
	cb, err := decode(b.Data)
	if err != nil || len(cb.Args) == 0 {
		return false
	}
	switch cb.Action {
	case "lang":
		return cb.Args[0] != c.lang
	case "tz":
		return !strings.Contains(b.Label, "Europe/Paris")
	case "m":
		return c.clientOnly(cb.Args[0])
	}
	return false
}

// clientOnly tells the commands of the client's menu, which the coach's
// crawl leaves to the client's.
func (c *crawler) clientOnly(command string) bool {
	if c.persona != "coach" {
		return false
	}
	for _, m := range c.h.bot.menu {
		if m.command == command {
			return true
		}
	}
	return false
}

// getConv reads the persona's conversation row as stored.
func (c *crawler) getConv() crawlConv {
	var v crawlConv
	err := c.get.QueryRowContext(c.h.ctx, c.u.id).Scan(&v.flow, &v.step, &v.data)
	switch {
	case err == sql.ErrNoRows:
		return v
	case err != nil:
		c.t.Fatal(err)
	}
	v.ok = true
	return v
}

// putConv puts the persona's conversation back as a screen had it, so
// its buttons are pressed in the flow they were drawn for (pressing
// them in order would otherwise find every flow's buttons expired by
// the sibling pressed before).
func (c *crawler) putConv(v crawlConv) {
	if !v.ok || c.cur == v {
		return
	}
	if _, err := c.put.ExecContext(c.h.ctx, v.flow, v.step, v.data, c.u.id); err != nil {
		c.t.Fatal(err)
	}
	c.cur = v
}

// conversation is the persona's flow state.
func (c *crawler) conversation() *core.Conversation {
	var conv *core.Conversation
	if err := c.h.store.View(c.h.ctx, func(tx core.Tx) (err error) {
		conv, err = tx.Conversation("test", c.u.id)
		return err
	}); err != nil {
		c.t.Fatal(err)
	}
	return conv
}

// turn sends one request as the persona, checks the replies and records
// what they covered.
func (c *crawler) turn(req Request, path []string, pressed bool) []Reply {
	c.cov.turns++
	req.Platform, req.UserID = "test", c.u.id
	if req.ChatKind == "" {
		req.ChatID, req.ChatKind = "chat-"+c.u.id, ChatPrivate
	}
	req.Name, req.Language = c.u.name, c.u.lang
	before := c.returns()
	c.rec.reset()
	r := c.h.bot.Handle(c.h.ctx, req)
	c.cur = c.getConv()
	keys, faults := c.rec.take()
	for _, k := range keys {
		c.cov.keys[k] = true
	}
	for _, f := range faults {
		c.fail(path, f, r)
	}
	c.lastKeys = keys
	k := screenShape(r, keys)
	c.cov.screens[k] = true
	if !c.seen[k] {
		c.seen[k] = true
		c.cov.fresh++
	}
	c.check(path, req, r, keys, pressed)
	c.checkClaims(path, r, keys, before)
	if os.Getenv("CRAWL_TRACE") != "" {
		c.t.Logf("%s (%s)\n%s", strings.Join(path, " → "), req.Data, indent(render(r)))
	}
	return r
}

// screenShape names a kind of screen: the texts it is made of and the
// actions of its buttons, whatever dates, names and ids fill them, so two
// classes' pages are one screen and a full class's page another.
func screenShape(r []Reply, keys []string) string {
	parts := slices.Clone(keys)
	for _, rep := range r {
		for _, rw := range rep.Buttons {
			for _, b := range rw {
				if cb, err := decode(b.Data); err == nil {
					parts = append(parts, "["+cb.Action)
				} else {
					parts = append(parts, "[url")
				}
			}
		}
	}
	slices.Sort(parts)
	return strings.Join(slices.Compact(parts), " ")
}

// screenKey names a screen for failure messages shown once: its text and
// button labels with digits left out.
func screenKey(r Reply) string {
	var b strings.Builder
	noDigits := func(s string) {
		for _, ch := range s {
			if ch < '0' || ch > '9' {
				b.WriteRune(ch)
			}
		}
	}
	noDigits(r.Text)
	for _, rw := range r.Buttons {
		for _, x := range rw {
			b.WriteString("|")
			noDigits(x.Label)
		}
	}
	return b.String()
}

// fail reports a failure once per message, with the way to it.
func (c *crawler) fail(path []string, msg string, r []Reply) {
	c.t.Helper()
	once := msg
	if len(r) > 0 {
		once += "\x00" + screenKey(r[len(r)-1])
	}
	if c.failed[once] {
		return
	}
	c.failed[once] = true
	c.t.Errorf("%s\n  in state %s, after: %s\n  reply:\n%s", msg, c.st.name, strings.Join(path, " → "), indent(render(r)))
}

// indent shifts text right for failure messages.
func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}

// crawlRecorder is the crawled bot's log: the text keys it rendered
// during a request, and the faults it logged.
type crawlRecorder struct {
	mu     sync.Mutex
	keys   []string
	faults []string
}

func (r *crawlRecorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.keys, r.faults = nil, nil
}

func (r *crawlRecorder) take() ([]string, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.keys, r.faults
}

func (r *crawlRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *crawlRecorder) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r *crawlRecorder) WithGroup(string) slog.Handler            { return r }
func (r *crawlRecorder) Handle(_ context.Context, rec slog.Record) error {
	if rec.Message == "bot: text shown" {
		rec.Attrs(func(a slog.Attr) bool {
			if a.Key == "key" {
				r.mu.Lock()
				r.keys = append(r.keys, a.Value.String())
				r.mu.Unlock()
			}
			return true
		})
		return nil
	}
	if rec.Level < slog.LevelError && rec.Message != "bot: text" {
		return nil
	}
	attrs := map[string]string{}
	rec.Attrs(func(a slog.Attr) bool {
		attrs[a.Key] = a.Value.String()
		return true
	})
	r.mu.Lock()
	defer r.mu.Unlock()
	r.faults = append(r.faults, fmt.Sprintf("logged %q: %v", rec.Message, attrs))
	return nil
}
