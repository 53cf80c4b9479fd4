package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/slotbot/slotbot/adapters/postgres/pgtest"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// memAPI is a Bot API answering in memory, without a network, for the
// benchmark: it keeps each chat's newest message with buttons (edits
// applied) so simulated users can read their menus and press buttons, and
// nothing else, so the process's memory is the bot's, not the fake's.
type memAPI struct {
	mu    sync.Mutex
	next  int
	chats map[string]*memChat
}

// memChat is the newest menu of one chat.
type memChat struct {
	last int // its message id
	menu memMsg
}

type memMsg struct {
	kb [][]tgbotapi.InlineKeyboardButton
}

func newMemAPI() *memAPI { return &memAPI{next: 1, chats: map[string]*memChat{}} }

// RoundTrip answers one Bot API call.
func (m *memAPI) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	_ = req.Body.Close()
	form, err := url.ParseQuery(string(body))
	if err != nil {
		form = url.Values{} // multipart (sendDocument): not in this flow
	}
	method := req.URL.Path[strings.LastIndexByte(req.URL.Path, '/')+1:]
	result := "true"
	switch method {
	case "getMe":
		result = `{"id":4242,"is_bot":true,"first_name":"Slot","username":"SlotBenchBot"}`
	case "getUpdates":
		result = "[]"
	case "sendMessage", "editMessageText":
		id := m.record(method, form)
		result = `{"message_id":` + strconv.Itoa(id) + `,"date":0,"chat":{"id":` + form.Get("chat_id") + `,"type":"private"}}`
	}
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(`{"ok":true,"result":` + result + `}`)), Request: req}, nil
}

// record takes a sent or edited message and returns its id.
func (m *memAPI) record(method string, form url.Values) int {
	var kb tgbotapi.InlineKeyboardMarkup
	if raw := form.Get("reply_markup"); raw != "" {
		_ = json.Unmarshal([]byte(raw), &kb)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	chat := m.chats[form.Get("chat_id")]
	if chat == nil {
		chat = &memChat{}
		m.chats[form.Get("chat_id")] = chat
	}
	id := 0
	if method == "editMessageText" {
		id, _ = strconv.Atoi(form.Get("message_id"))
	} else {
		m.next++
		id = m.next
	}
	switch {
	case len(kb.InlineKeyboard) > 0 && id >= chat.last:
		chat.last, chat.menu = id, memMsg{kb: kb.InlineKeyboard}
	case id == chat.last:
		chat.menu = memMsg{} // the menu was edited into a message without buttons
	}
	return id
}

// menu is the newest message with buttons in chat.
func (m *memAPI) menu(chat int64) (int, memMsg) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := m.chats[strconv.FormatInt(chat, 10)]
	if c == nil {
		return 0, memMsg{}
	}
	return c.last, c.menu
}

// countingStore counts the transactions the bot and core run.
type countingStore struct {
	core.Store
	n atomic.Int64
}

func (s *countingStore) Update(ctx context.Context, fn func(core.Tx) error) error {
	s.n.Add(1)
	return s.Store.Update(ctx, fn)
}

func (s *countingStore) View(ctx context.Context, fn func(core.Tx) error) error {
	s.n.Add(1)
	return s.Store.View(ctx, fn)
}

func (s *countingStore) Browse(ctx context.Context, fn func(core.Tx) error) error {
	s.n.Add(1)
	return s.Store.Browse(ctx, fn)
}

func (s *countingStore) Single(ctx context.Context, fn func(core.Tx) error) error {
	s.n.Add(1)
	return s.Store.Single(ctx, fn)
}

// benchUser walks the booking flow as one person, pressing buttons. A
// person is a list of steps, not a goroutine: the worker that processed
// one step makes the next, so the process holds the pool's stacks only,
// as a bot fed by Telegram does.
type benchUser struct {
	p     person
	i     int
	api   *memAPI
	next  *atomic.Int64 // update ids, shared
	steps []func() (tgbotapi.Update, bool)
	took  []time.Duration
	n     int // updates sent
}

// say is the step of sending text in the user's private chat.
func (u *benchUser) say(text string) func() (tgbotapi.Update, bool) {
	return func() (tgbotapi.Update, bool) {
		chat := &tgbotapi.Chat{ID: u.p.id, Type: "private"}
		return tgbotapi.Update{UpdateID: int(u.next.Add(1)), Message: &tgbotapi.Message{MessageID: 1, From: u.p.user(), Chat: chat, Text: text}}, true
	}
}

// press is the step of tapping the pick-th button whose label contains
// one of labels, in the newest menu; false (the walk ends) when there is
// none.
func (u *benchUser) press(pick int, labels ...string) func() (tgbotapi.Update, bool) {
	return func() (tgbotapi.Update, bool) {
		msg, m := u.api.menu(u.p.id)
		var found []tgbotapi.InlineKeyboardButton
		for _, row := range m.kb {
			for _, b := range row {
				for _, l := range labels {
					if strings.Contains(b.Text, l) && b.CallbackData != nil {
						found = append(found, b)
						break
					}
				}
			}
		}
		if len(found) == 0 {
			return tgbotapi.Update{}, false
		}
		b := found[pick%len(found)]
		chat := &tgbotapi.Chat{ID: u.p.id, Type: "private"}
		return tgbotapi.Update{UpdateID: int(u.next.Add(1)), CallbackQuery: &tgbotapi.CallbackQuery{ID: "q", From: u.p.user(), Data: *b.CallbackData,
			Message: &tgbotapi.Message{MessageID: msg, Chat: chat}}}, true
	}
}

// plan lays out the walk: /start, pick a zone, then book — a class (even
// users: book, or join the waitlist when full) or a 1:1 through the wizard
// (odd users: type, day, time, confirm) — then look at the booking and
// cancel it. A button not found ends the walk there.
func (u *benchUser) plan() {
	u.steps = append(u.steps, u.say("/start"), u.press(0, "Paris"))
	if u.i%2 == 0 {
		u.steps = append(u.steps, u.say("/classes"), u.press(u.i/2, "Yoga flow"), u.press(0, "✅ Book", "Join the waitlist"))
	} else {
		j := u.i / 2
		u.steps = append(u.steps, u.say("/book"), u.press(0, "Free consultation"), u.press(j, " Jun", " Jul"),
			u.press(j/7, ":00", ":30"), u.press(0, "Confirm"))
	}
	u.steps = append(u.steps, u.say("/mybookings"), u.press(0, "1. "), u.press(0, "Cancel"), u.press(0, "Travel"),
		u.press(0, "Confirm cancel"))
}

// step makes the user's next update; false when the walk is over.
func (u *benchUser) step() (tgbotapi.Update, bool) {
	if u.n >= len(u.steps) {
		return tgbotapi.Update{}, false
	}
	upd, ok := u.steps[u.n]()
	if ok {
		u.n++
	}
	return upd, ok
}

// benchFeeders runs n feeders until ready closes: each takes a person,
// makes their next update and stores it, as the webhook does (the
// inbox's workers handle it, and benchHandled puts the person back in
// line), or marks them done when their walk is over.
func benchFeeders(a *Adapter, n int, ready chan *benchUser, walking *sync.WaitGroup, pool *sync.WaitGroup) {
	for range n {
		pool.Add(1)
		go func() {
			defer pool.Done()
			for u := range ready {
				upd, ok := u.step()
				if !ok {
					walking.Done()
					continue
				}
				if err := a.store(context.Background(), &upd); err != nil {
					panic(fmt.Sprintf("store: %v", err))
				}
			}
		}()
	}
}

// benchHandled makes the inbox of a time each stored update's handling
// (from its claim to its last reply sent, as before the inbox) and hand
// its person back to the feeders.
func benchHandled(a *Adapter, users map[string]*benchUser, ready chan *benchUser, workers int) {
	a.inbox = bot.NewInbox(a.svc, func(ctx context.Context, su *core.InboxUpdate) {
		start := time.Now()
		a.handleStored(ctx, su)
		u := users[su.Chat]
		u.took = append(u.took, time.Since(start))
		ready <- u // never blocks: the line holds every person
	}, bot.InboxOptions{Platform: Platform, Workers: workers})
}

// BenchmarkBookingFlow500Users runs 500 simulated people through the
// whole booking flow at once — adapter, bot and core on PostgreSQL, with
// the Bot API answered in memory and no rate limit — as Run does with a
// webhook: the 500 wait in one line, a feeder takes the first and stores
// their next update in the inbox (the webhook's one statement), the
// inbox's 16 workers claim and handle it and put them back at the end. It
// reports updates per second, the median and 99th percentile of one
// update's handling (claimed to last reply sent), CPU per update (this process: adapter, bot,
// core, the pq driver and the in-memory API; PostgreSQL's own CPU is not
// counted), the peak resident memory of the test process during the walk
// and its resident memory just before it (the test binary, its stores and
// 500 people set up), with the store transactions and round trips to
// PostgreSQL (statements, BEGIN and COMMIT) per update, the inbox's
// store and claims included, and the goroutines started per update (each
// start hands work over and may wake an idle thread to look for it: the
// scheduler's spinning and sleeping were a quarter of the rush's CPU).
// BENCH_WORKERS changes the pool size.
//
//	go test -run '^$' -bench BookingFlow500Users -benchtime 1x ./adapters/telegram
func BenchmarkBookingFlow500Users(b *testing.B) {
	users, workers := 500, 16
	if w, err := strconv.Atoi(os.Getenv("BENCH_WORKERS")); err == nil {
		workers = w
	}
	var took []time.Duration
	var cpu time.Duration
	var wall time.Duration
	var rssBefore, txs, trips int64
	var spawned uint64
	updates := 0
	for range b.N {
		b.StopTimer()
		pg := pgtest.Open(b)
		store := &countingStore{Store: pg}
		svc := core.NewService(store, storetest.NewClock(tuesday10))
		demo, err := svc.Admin.SeedDemo(context.Background(), 0)
		if err != nil {
			b.Fatal(err)
		}
		api := newMemAPI()
		a, err := New(context.Background(), Config{Token: "1:bench", APIURL: "http://bot.api.invalid",
			WebhookURL: "https://bench.invalid" + WebhookPath, HTTPClient: &http.Client{Transport: api},
			Limits: Limits{Unlimited: true}, CommandsEvery: time.Hour}, bot.New(svc, bot.Options{}), svc)
		if err != nil {
			b.Fatal(err)
		}
		// Everyone holds a 10-session pass, granted beforehand.
		for i := range users {
			p, err := svc.Accounts.Identify(context.Background(), core.Identity{Platform: Platform, UserID: strconv.Itoa(100000 + i),
				ChatID: strconv.Itoa(100000 + i), Name: "User " + strconv.Itoa(i), Language: "en"})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := svc.Passes.GrantPass(context.Background(), p.Client.ID, demo.Packs[1].ID, "manual"); err != nil {
				b.Fatal(err)
			}
		}
		// Two collections, the freed pages returned, as slotbot does once
		// migrated (releaseMigrationBuffers): RSS is what setup left live.
		runtime.GC()
		debug.FreeOSMemory()
		rssBefore = max(rssBefore, currentRSS())
		resetPeakRSS() // the peak reported is the walk's, not the setup's
		var next atomic.Int64
		walkers := make([]*benchUser, users)
		byChat := map[string]*benchUser{}
		ready := make(chan *benchUser, users)
		var walking sync.WaitGroup
		for i := range walkers {
			walkers[i] = &benchUser{p: person{id: int64(100000 + i), name: "User", lang: "en"}, i: i, api: api, next: &next}
			walkers[i].plan()
			byChat[strconv.Itoa(100000+i)] = walkers[i]
		}
		benchHandled(a, byChat, ready, workers)
		ctx, stop := context.WithCancel(context.Background())
		ran := make(chan error, 1)
		go func() { ran <- a.Run(ctx) }()
		cpu0 := cpuTime()
		tx0 := store.n.Load()
		trips0 := pg.Statements()
		spawned0 := goroutinesCreated()
		start := time.Now()
		b.StartTimer()
		walking.Add(users)
		for _, w := range walkers {
			ready <- w
		}
		var pool sync.WaitGroup
		benchFeeders(a, workers, ready, &walking, &pool)
		walking.Wait()
		close(ready)
		pool.Wait()
		b.StopTimer()
		wall += time.Since(start)
		cpu += cpuTime() - cpu0
		txs += store.n.Load() - tx0
		trips += pg.Statements() - trips0
		spawned += goroutinesCreated() - spawned0
		stop()
		if err := <-ran; err != nil {
			b.Fatal(err)
		}
		for _, w := range walkers {
			took = append(took, w.took...)
			updates += w.n
		}

	}
	slices.Sort(took)
	p := func(q float64) time.Duration { return took[min(len(took)-1, int(q*float64(len(took))))] }
	b.ReportMetric(float64(updates)/wall.Seconds(), "updates/s")
	b.ReportMetric(float64(p(0.50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(p(0.99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(updates), "cpu-ms/update")
	b.ReportMetric(float64(peakRSS())/(1<<20), "peak-RSS-MiB")
	b.ReportMetric(float64(rssBefore)/(1<<20), "RSS-before-MiB")
	b.ReportMetric(float64(updates)/float64(b.N), "updates/run")
	b.ReportMetric(float64(txs)/float64(updates), "tx/update")
	b.ReportMetric(float64(trips)/float64(updates), "statements/update")
	b.ReportMetric(float64(spawned)/float64(updates), "goroutines/update")
	if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "%d updates in %v; p50 %v p90 %v p99 %v max %v\n", updates, wall, p(0.5), p(0.9), p(0.99), took[len(took)-1])
	}
}

// goroutinesCreated is how many goroutines this process has started.
func goroutinesCreated() uint64 {
	s := []metrics.Sample{{Name: "/sched/goroutines-created:goroutines"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
