package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/slotbot/slotbot/adapters/postgres"
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

func (s *countingStore) Single(ctx context.Context, fn func(core.Tx) error) error {
	s.n.Add(1)
	return s.Store.Single(ctx, fn)
}

// benchUser walks the booking flow as one person, pressing buttons.
type benchUser struct {
	p    person
	i    int
	api  *memAPI
	a    *Adapter
	next *int64 // update ids, shared
	mu   *sync.Mutex
	work chan<- benchJob    // the worker pool; nil: process on this goroutine
	done chan time.Duration // this user's answers from the pool
	took []time.Duration
	n    int // updates sent
}

// benchJob is one update handed to the benchmark's worker pool, which
// times its processing and answers on done.
type benchJob struct {
	upd  *tgbotapi.Update
	done chan<- time.Duration
}

// benchWorkers runs n workers processing jobs with a until work closes:
// updates are processed on a fixed pool, as Run's queue does, so the
// simulated people's goroutines stay small and only n deep stacks exist.
func benchWorkers(a *Adapter, n int, work <-chan benchJob, wg *sync.WaitGroup) {
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				start := time.Now()
				a.process(j.upd)
				j.done <- time.Since(start)
			}
		}()
	}
}

// do has one update processed the way a worker does, timing it.
func (u *benchUser) do(upd tgbotapi.Update) {
	if u.work == nil {
		start := time.Now()
		u.a.process(&upd)
		u.took = append(u.took, time.Since(start))
	} else {
		u.work <- benchJob{upd: &upd, done: u.done}
		u.took = append(u.took, <-u.done)
	}
	u.n++
}

func (u *benchUser) id() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	*u.next++
	return int(*u.next)
}

// say sends text in the user's private chat.
func (u *benchUser) say(text string) {
	chat := &tgbotapi.Chat{ID: u.p.id, Type: "private"}
	u.do(tgbotapi.Update{UpdateID: u.id(), Message: &tgbotapi.Message{MessageID: 1, From: u.p.user(), Chat: chat, Text: text}})
}

// press taps the pick-th button whose label contains one of labels, in
// the newest menu; false when there is none.
func (u *benchUser) press(pick int, labels ...string) bool {
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
		return false
	}
	b := found[pick%len(found)]
	chat := &tgbotapi.Chat{ID: u.p.id, Type: "private"}
	u.do(tgbotapi.Update{UpdateID: u.id(), CallbackQuery: &tgbotapi.CallbackQuery{ID: "q", From: u.p.user(), Data: *b.CallbackData,
		Message: &tgbotapi.Message{MessageID: msg, Chat: chat}}})
	return true
}

// walk: /start, pick a zone, then book — a class (even users: book, or
// join the waitlist when full) or a 1:1 through the wizard (odd users:
// type, day, time, confirm) — then look at the booking and cancel it.
func (u *benchUser) walk() {
	u.say("/start")
	u.press(0, "Paris")
	if u.i%2 == 0 {
		u.say("/classes")
		if !u.press(u.i/2, "Yoga flow") || !u.press(0, "✅ Book", "Join the waitlist") {
			return
		}
	} else {
		u.say("/book")
		j := u.i / 2
		if !u.press(0, "Free consultation") || !u.press(j, " Jun", " Jul") || !u.press(j/7, ":00", ":30") || !u.press(0, "Confirm") {
			return
		}
	}
	u.say("/mybookings")
	if !u.press(0, "1. ") || !u.press(0, "Cancel") || !u.press(0, "Travel") {
		return
	}
	u.press(0, "Confirm cancel")
}

// BenchmarkBookingFlow500Users runs 500 simulated people through the
// whole booking flow at once — adapter, bot and core on PostgreSQL, with
// the Bot API answered in memory and no rate limit — on a pool of 16
// workers, as Run does: each person's goroutine hands its update to the
// pool and waits, so only the workers' stacks grow deep. It reports updates per second, the 99th
// percentile of one update's processing time, CPU per update (this
// process: adapter, bot, core, the pq driver and the in-memory API;
// PostgreSQL's own CPU is not counted), the peak resident memory of the
// test process and its resident memory just before the walk (the test
// binary, its stores and 500 people set up), with the store transactions
// and round trips to PostgreSQL (statements, BEGIN and COMMIT) per
// update. BENCH_WORKERS changes the pool size.
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
	updates := 0
	for range b.N {
		b.StopTimer()
		pg := postgres.MustOpenTestStore(b)
		store := &countingStore{Store: pg}
		svc := core.NewService(store, storetest.NewClock(tuesday10))
		demo, err := svc.SeedDemo(context.Background(), 0)
		if err != nil {
			b.Fatal(err)
		}
		api := newMemAPI()
		a, err := New(context.Background(), Config{Token: "1:bench", APIURL: "http://bot.api.invalid",
			HTTPClient: &http.Client{Transport: api}, Limits: Limits{Unlimited: true}}, bot.New(svc, bot.Options{}), svc)
		if err != nil {
			b.Fatal(err)
		}
		// Everyone holds a 10-session pass, granted beforehand.
		for i := range users {
			p, err := svc.Identify(context.Background(), core.Identity{Platform: Platform, UserID: strconv.Itoa(100000 + i),
				ChatID: strconv.Itoa(100000 + i), Name: "User " + strconv.Itoa(i), Language: "en"})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := svc.GrantPass(context.Background(), p.Client.ID, demo.Packs[1].ID, "manual"); err != nil {
				b.Fatal(err)
			}
		}
		debug.FreeOSMemory() // a GC, and the freed pages returned: RSS is what setup left live
		rssBefore = max(rssBefore, currentRSS())
		var next int64
		var mu sync.Mutex
		work := make(chan benchJob)
		var pool sync.WaitGroup
		benchWorkers(a, workers, work, &pool)
		walkers := make([]*benchUser, users)
		for i := range walkers {
			walkers[i] = &benchUser{p: person{id: int64(100000 + i), name: "User", lang: "en"}, i: i, api: api, a: a,
				next: &next, mu: &mu, work: work, done: make(chan time.Duration, 1)}
		}
		cpu0 := cpuTime()
		tx0 := store.n.Load()
		trips0 := pg.Statements()
		start := time.Now()
		b.StartTimer()
		var wg sync.WaitGroup
		for _, w := range walkers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w.walk()
			}()
		}
		wg.Wait()
		close(work)
		pool.Wait()
		b.StopTimer()
		wall += time.Since(start)
		cpu += cpuTime() - cpu0
		txs += store.n.Load() - tx0
		trips += pg.Statements() - trips0
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
	if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "%d updates in %v; p50 %v p90 %v p99 %v max %v\n", updates, wall, p(0.5), p(0.9), p(0.99), took[len(took)-1])
	}
}
