package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// The fault tests of the durable inbox: replicas of the compiled binary
// on a real PostgreSQL, a fake Bot API that records every message, and
// processes killed or stopped while updates wait. Their figures are
// written to .artifacts/faults.md (figures_test.go) and kept in
// docs/deploy.md.

// faultGroup is the Telegram group the backlogs come from: one chat, so
// its updates are handled one at a time, in order; each is a command
// from another member, answered privately, so the answers are not held
// by Telegram's one message a second per chat and each update's answer
// is told apart by who receives it.
const faultGroup = -1001234

// groupCommand is /help@SlotTestBot from member user in faultGroup.
func groupCommand(id int, user int64) []byte {
	text := "/help@SlotTestBot"
	msg := map[string]any{"message_id": id, "date": time.Now().Unix(), "text": text,
		"from":     map[string]any{"id": user, "is_bot": false, "first_name": fmt.Sprintf("Member %d", user), "language_code": "en"},
		"chat":     map[string]any{"id": faultGroup, "type": "group", "title": "Morning yoga"},
		"entities": []any{map[string]any{"type": "bot_command", "offset": 0, "length": len(text)}}}
	b, err := json.Marshal(map[string]any{"update_id": id, "message": msg})
	if err != nil {
		panic(err)
	}
	return b
}

// answered counts the members of [first, first+n) who received at least
// one message, and the messages beyond one each (updates handled twice).
func answered(api *botAPI, first, n int) (members, extra int) {
	for u := first; u < first+n; u++ {
		got := len(api.messages(strconv.Itoa(u)))
		if got > 0 {
			members++
		}
		extra += max(0, got-1)
	}
	return members, extra
}

// backlog posts updates n ids from first, from members first.., to r's
// webhook, with a few posters at once, as Telegram's connections do.
func backlog(t *testing.T, r *replica, first, n int) {
	t.Helper()
	var wg sync.WaitGroup
	next := make(chan int)
	for range 8 {
		wg.Go(func() {
			for i := range next {
				if code := r.post(t, groupCommand(i, int64(i))); code != 200 {
					t.Errorf("%s webhook, update %d: %d", r.name, i, code)
				}
			}
		})
	}
	for i := first; i < first+n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// replicaEnv is the environment of a replica on dsn and the fake api.
func replicaEnv(t *testing.T, dsn string, api *botAPI, extra ...string) []string {
	return append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "DATABASE_URL=" + dsn,
		"SLOTBOT_HTTP_ADDR=127.0.0.1:0", "SLOTBOT_INBOX_LEASE=3s", "SLOTBOT_SHUTDOWN_TIMEOUT=10s",
		"TELEGRAM_TOKEN=" + fakeTelegramToken, "TELEGRAM_API_URL=" + api.URL(),
		"TELEGRAM_WEBHOOK_URL=https://lb.example.com/telegram/webhook", "TELEGRAM_WEBHOOK_SECRET=" + fakeWebhookSecret}, extra...)
}

// A replica is killed (SIGKILL) with about 1,100 updates of one chat
// acknowledged and waiting. None is lost: the other replica handles what
// the dead one held once its lease runs out, and the rest in order.
func TestKilledReplicaLosesNoAcknowledgedUpdate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs processes")
	}
	t.Parallel()
	dsn := freshDatabase(t, testPostgres())
	s := newStudio(t, dsn)
	const first, n = 10000, 1100
	for i := range n {
		s.client(int64(first + i)) // members known, as a group's regulars are
	}
	bin := buildBinary(t)
	api := newBotAPI(t, fakeTelegramToken)
	env := replicaEnv(t, dsn, api)
	a := startReplica(t, bin, "replica A", env)

	start := time.Now()
	backlog(t, a, first, n)
	stored := time.Since(start)
	// A works through the chat one update at a time; it dies holding one.
	waitUntil(t, 30*time.Second, "A handling the backlog", func() bool { m, _ := answered(api, first, n); return m >= 50 })
	must(t, a.cmd.Process.Signal(syscall.SIGKILL))
	<-a.done
	a.done <- nil
	before, _ := answered(api, first, n)
	killed := time.Now()
	b := startReplica(t, bin, "replica B", env)
	waitUntil(t, 3*time.Minute, "every acknowledged update answered", func() bool {
		m, _ := answered(api, first, n)
		return m == n
	})
	members, extra := answered(api, first, n)
	// The last update's row is settled just after its answer is sent:
	// give it the moment, then nothing may be left.
	waitUntil(t, 10*time.Second, "the inbox settled", func() bool { return s.count(`SELECT COUNT(*) FROM inbox`) == 0 })
	if extra > 1 {
		t.Errorf("%d updates answered twice; only the one in flight at the kill may be", extra)
	}
	figure(t, fmt.Sprintf("kill -9 of a replica with %s updates of one chat acknowledged", thousands(n)),
		"%d lost, %d handled twice; %d answered before the kill (the backlog stored in %v); the other replica finished "+
			"the rest %v after the kill", n-members, extra, before, stored.Round(100*time.Millisecond),
		time.Since(killed).Round(time.Second))
	_ = b
}

// SIGTERM with 40 updates of one chat waiting: the process stops within
// SLOTBOT_SHUTDOWN_TIMEOUT, finishing the update it is handling; those
// not yet handled stay stored and are handled at the next start.
func TestSIGTERMWithABacklogLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs processes")
	}
	t.Parallel()
	dsn := freshDatabase(t, testPostgres())
	newStudio(t, dsn)
	bin := buildBinary(t)
	api := newBotAPI(t, fakeTelegramToken)
	api.delay = 100 * time.Millisecond // each answer takes a while: the backlog is still there at SIGTERM
	env := replicaEnv(t, dsn, api)
	a := startReplica(t, bin, "replica A", env)

	const first, n = 20000, 40
	backlog(t, a, first, n)
	waitUntil(t, 10*time.Second, "the first answers", func() bool { m, _ := answered(api, first, n); return m >= 3 })
	term := time.Now()
	must(t, a.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case err := <-a.done:
		if err != nil {
			t.Fatalf("SIGTERM: %v\n%s", err, a.log)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("not stopped 15 s after SIGTERM (SLOTBOT_SHUTDOWN_TIMEOUT=10s)\n%s", a.log)
	}
	stopped := time.Since(term)
	before, _ := answered(api, first, n)
	if before == n {
		t.Fatalf("the whole backlog was answered before SIGTERM took effect: nothing tested")
	}
	s := &studio{t: t, ctx: context.Background(), db: mustDB(t, dsn)}
	waiting := s.count(`SELECT COUNT(*) FROM inbox`)
	if before+waiting != n {
		t.Errorf("%d answered and %d stored after SIGTERM: %d lost", before, waiting, n-before-waiting)
	}
	again := startReplica(t, bin, "replica A again", env)
	waitUntil(t, 30*time.Second, "the rest answered after the restart", func() bool {
		m, _ := answered(api, first, n)
		return m == n
	})
	members, extra := answered(api, first, n)
	if extra > 0 {
		t.Errorf("%d updates answered twice", extra)
	}
	figure(t, fmt.Sprintf("SIGTERM with %d updates of one chat waiting (`SLOTBOT_SHUTDOWN_TIMEOUT=10s`)", n),
		"stopped in %v; %d answered before, %d left stored and answered after the restart; %d lost, %d twice",
		stopped.Round(time.Millisecond), before, waiting, n-members, extra)
	_ = again
}

// mustDB opens dsn for the test's own queries.
func mustDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// processes lists the PostgreSQL server's processes: the postmaster
// (from postmaster.pid) and its children, found in /proc.
func (c *pgCluster) processes(t *testing.T) []int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(c.data(), "postmaster.pid"))
	if err != nil {
		t.Fatalf("postmaster.pid: %v", err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	master, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		t.Fatalf("postmaster.pid: %q", line)
	}
	pids := []int{master}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so read after ')'.
		s := string(stat)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) > 1 && fields[1] == strconv.Itoa(master) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// freeze stops every process of the server (SIGSTOP): it still accepts
// TCP connections (the kernel does) and never answers. thaw (SIGCONT)
// undoes it, and runs when the test ends whatever happens.
func (c *pgCluster) freeze(t *testing.T) (thaw func()) {
	t.Helper()
	pids := c.processes(t)
	for _, pid := range pids {
		_ = syscall.Kill(pid, syscall.SIGSTOP)
	}
	var once sync.Once
	thaw = func() {
		once.Do(func() {
			for i := len(pids) - 1; i >= 0; i-- {
				_ = syscall.Kill(pids[i], syscall.SIGCONT)
			}
		})
	}
	t.Cleanup(thaw)
	return thaw
}

// privateCluster starts a PostgreSQL of the test's own (never the shared
// one, which other tests use), or skips (fails under CI) without one.
func privateCluster(t *testing.T) *pgCluster {
	t.Helper()
	c, err := newPGCluster(t)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("a private PostgreSQL is needed: %v", err)
		}
		t.Skipf("no private PostgreSQL: %v", err)
	}
	return c
}

// thousands writes n with a comma between thousands, as the docs do.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// timed runs fn and returns how long it took.
func timed(fn func()) time.Duration {
	start := time.Now()
	fn()
	return time.Since(start)
}

// PostgreSQL frozen (SIGSTOP: it accepts TCP and never answers): /readyz
// turns red within 3 s and /metrics still answers; each person writing
// meanwhile is told to try again within 5 s, their update left
// unacknowledged for Telegram to send again; a person whose message was
// stored just before, waiting behind their previous one, is told within
// 5 s that it is kept and will be answered; once the database thaws,
// everything resumes and that message is answered.
func TestFrozenDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs processes")
	}
	t.Parallel()
	cluster := privateCluster(t)
	dsn := freshDatabase(t, cluster.server())
	newStudio(t, dsn)
	bin := buildBinary(t)
	api := newBotAPI(t, fakeTelegramToken)
	r := startReplica(t, bin, "replica", replicaEnv(t, dsn, api))
	r.update(t, telegramUpdate(1, 600, "Walk-in", "/start"))
	waitUntil(t, 10*time.Second, "an answer before the freeze", func() bool { return len(api.messages("600")) > 0 })

	// Sam's /start is being answered (slowly: Telegram takes 4 s) when the
	// database freezes; his /help, stored and acknowledged, waits behind
	// it for a claim the frozen database never answers.
	const sam = "650"
	api.mu.Lock()
	api.slow = func(chat, text string) time.Duration {
		if chat == sam && strings.Contains(text, "Hi Sam") {
			return 4 * time.Second
		}
		return 0
	}
	api.mu.Unlock()
	r.update(t, telegramUpdate(50, 650, "Sam", "/start"))
	waitUntil(t, 10*time.Second, "Sam's first answer on the wire", func() bool { return len(api.messages(sam)) > 0 })
	r.update(t, telegramUpdate(51, 650, "Sam", "/help"))

	thaw := cluster.freeze(t)
	frozen := time.Now()
	var keptIn time.Duration
	keptTold := make(chan struct{})
	go func() {
		defer close(keptTold)
		for time.Since(frozen) < 10*time.Second {
			for _, m := range api.messages(sam) {
				if strings.Contains(m.text, "no need to send it again") {
					keptIn = m.at.Sub(frozen)
					return
				}
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	var readyIn time.Duration
	waitUntil(t, 10*time.Second, "/readyz red", func() bool {
		code, body := get(t, r.base+"/readyz")
		if code == 503 && strings.Contains(body, "database: unreachable") {
			readyIn = time.Since(frozen)
			return true
		}
		return false
	})
	var metricsCode int
	var metrics string
	metricsIn := timed(func() { metricsCode, metrics = get(t, r.base+"/metrics") })
	if metricsCode != 200 || !strings.Contains(metrics, "slotbot_outbox_up 0") {
		t.Fatalf("/metrics while frozen: %d, outbox_up 0: %v", metricsCode, strings.Contains(metrics, "slotbot_outbox_up 0"))
	}

	// Ten people write while it is frozen.
	const people = 10
	codes := make([]int, people)
	toldIn := make([]time.Duration, people)
	var wg sync.WaitGroup
	for i := range people {
		wg.Go(func() {
			user := 700 + i
			sent := time.Now()
			codes[i] = r.post(t, telegramUpdate(100+i, int64(user), "Waiting", "/start"))
			deadline := sent.Add(10 * time.Second)
			for time.Now().Before(deadline) {
				m := api.messages(strconv.Itoa(user))
				if len(m) > 0 && strings.Contains(m[0].text, "try again in a moment") {
					toldIn[i] = time.Since(sent)
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
	wg.Wait()
	slowest := time.Duration(0)
	for i := range people {
		switch {
		case codes[i] != 503:
			t.Errorf("person %d: webhook %d while frozen, want 503 (not acknowledged)", i, codes[i])
		case toldIn[i] == 0:
			t.Errorf("person %d was never told to try again: %v", i, api.messages(strconv.Itoa(700+i)))
		case toldIn[i] > 5*time.Second:
			t.Errorf("person %d told to try again after %v, want within 5 s", i, toldIn[i])
		}
		slowest = max(slowest, toldIn[i])
	}
	<-keptTold
	switch {
	case keptIn == 0:
		t.Errorf("Sam, whose /help was stored before the freeze, was told nothing within 10 s: %v", api.messages(sam))
	case keptIn > 5*time.Second:
		t.Errorf("Sam was told his message is kept %v after the freeze, want within 5 s", keptIn)
	}
	if readyIn > 3*time.Second {
		t.Errorf("/readyz turned red %v after the freeze, want within 3 s", readyIn)
	}
	if metricsIn > 3*time.Second {
		t.Errorf("/metrics took %v while frozen", metricsIn)
	}
	// Held long enough for the connections' read deadline
	// (statement_timeout + 2 s) to fail the calls stuck on it.
	time.Sleep(time.Until(frozen.Add(16 * time.Second)))
	var late int
	lateIn := timed(func() { late, _ = get(t, r.base+"/readyz") })
	if late != 503 || lateIn > 3*time.Second {
		t.Errorf("/readyz 16 s into the freeze: %d after %v", late, lateIn)
	}
	frozenFor := time.Since(frozen)
	thaw()

	// Telegram sends the refused updates again; they are answered.
	waitUntil(t, 30*time.Second, "/readyz green again", func() bool { code, _ := get(t, r.base+"/readyz"); return code == 200 })
	for i := range people {
		r.update(t, telegramUpdate(100+i, int64(700+i), "Waiting", "/start"))
	}
	waitUntil(t, 30*time.Second, "every person answered after the thaw", func() bool {
		for i := range people {
			m := api.messages(strconv.Itoa(700 + i))
			if len(m) < 2 || !strings.Contains(m[len(m)-1].text, "Which time zone") && !strings.Contains(m[1].text, "Hi Waiting") {
				return false
			}
		}
		return true
	})
	waitUntil(t, 30*time.Second, "Sam's /help answered after the thaw", func() bool {
		m := api.messages(sam)
		return strings.Contains(m[len(m)-1].text, "Here is what I can do")
	})
	if !r.alive() {
		t.Fatalf("the replica died:\n%s", r.log)
	}
	figure(t, fmt.Sprintf("PostgreSQL frozen (SIGSTOP) for %v", frozenFor.Round(time.Second)),
		"`/readyz` 503 after %v (and within 3 s at 16 s), `/metrics` answered in %v; %d people writing meanwhile told "+
			"to try again within %v, webhook 503, not acknowledged; one whose message was stored just before, behind "+
			"their previous one, told it is kept after %v; all answered after the thaw",
		readyIn.Round(100*time.Millisecond), metricsIn.Round(100*time.Millisecond), people,
		slowest.Round(100*time.Millisecond), keptIn.Round(100*time.Millisecond))
}

// PostgreSQL stopped for 10 s while two replicas send a burst of 600
// notices: what was sent while it was away is settled when it is back,
// so at most 1 % of the people hear twice.
func TestOutageDuringANoticeBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs processes")
	}
	t.Parallel()
	cluster := privateCluster(t)
	dsn := freshDatabase(t, cluster.server())
	s := newStudio(t, dsn)
	bin := buildBinary(t)
	api := newBotAPI(t, fakeTelegramToken)
	api.delay = 20 * time.Millisecond
	const n, first = 600, 30000
	clients := make([]*core.Client, n)
	for i := range clients {
		clients[i] = s.client(int64(first + i))
	}
	typ := &core.SessionType{CoachID: s.session.CoachID, Name: "Open day", Duration: time.Hour, InPerson: true,
		Location: "Studio", Capacity: n}
	must(t, s.svc.Catalog.CreateSessionType(s.ctx, typ))
	open, err := s.svc.Catalog.ScheduleSession(s.ctx, core.ScheduleRequest{CoachID: typ.CoachID, TypeID: typ.ID,
		Start: time.Now().Add(7 * 24 * time.Hour), Capacity: n})
	must(t, err)
	// The lease outlasts the outage, as the default (2m) does: a notice
	// whose claim was lost with the connection waits for it, then goes.
	env := replicaEnv(t, dsn, api, "SLOTBOT_OUTBOX_LEASE=20s")
	a := startReplica(t, bin, "replica A", env)
	b := startReplica(t, bin, "replica B", env)

	var wg sync.WaitGroup
	next := make(chan *core.Client)
	for range 8 {
		wg.Go(func() {
			for c := range next {
				if _, err := s.svc.Bookings.Book(s.ctx, core.BookRequest{ClientID: c.ID, SessionID: open.ID}); err != nil {
					t.Errorf("book: %v", err)
				}
			}
		})
	}
	for _, c := range clients {
		next <- c
	}
	close(next)
	wg.Wait()
	sentBy := func() int { m, _ := answered(api, first, n); return m }
	waitUntil(t, 60*time.Second, "the burst under way", func() bool { return sentBy() >= n/4 })
	t.Cleanup(func() { _ = cluster.start() })
	must(t, cluster.stop())
	stopped := time.Now()
	atStop := sentBy()
	time.Sleep(10 * time.Second)
	duringOutage := sentBy() - atStop
	must(t, cluster.start())
	for deadline := time.Now().Add(2 * time.Minute); s.count(`SELECT COUNT(*) FROM notices
		WHERE status <> 'sent' AND to_kind = 'client' AND due <= now()`) > 0; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			rows, err := s.db.QueryContext(s.ctx, `SELECT status, attempts, last_error, claimed_until > now(), due > now(), COUNT(*)
				FROM notices WHERE status <> 'sent' AND to_kind = 'client' AND due <= now() GROUP BY 1, 2, 3, 4, 5`)
			must(t, err)
			for rows.Next() {
				var status, last string
				var attempts, n int
				var leased, later sql.NullBool
				must(t, rows.Scan(&status, &attempts, &last, &leased, &later, &n))
				t.Logf("unsent: %d %s, %d attempts, leased %v, later %v: %s", n, status, attempts, leased, later, last)
			}
			t.Fatal("notices still unsent 2 minutes after the outage")
		}
	}
	waitUntil(t, time.Minute, "everyone told (postponed notices are due 5 s after the outage)", func() bool {
		return sentBy() == n
	})
	took := time.Since(stopped)
	members, extra := answered(api, first, n)
	if members != n {
		t.Errorf("%d of %d people heard of their booking", members, n)
		shown := 0
		for i, c := range clients {
			if len(api.messages(strconv.Itoa(first+i))) > 0 || shown == 5 {
				continue
			}
			shown++
			rows, err := s.db.QueryContext(s.ctx, `SELECT status, kind, attempts, last_error, due::text FROM notices
				WHERE to_kind = 'client' AND to_id = $1`, c.ID)
			must(t, err)
			for rows.Next() {
				var status, last, kind, due string
				var attempts int
				must(t, rows.Scan(&status, &kind, &attempts, &last, &due))
				t.Logf("chat %d heard nothing; its notice: %s %s, %d attempts, due %s: %s", first+i, kind, status, attempts, due, last)
			}
			var bookings int
			must(t, s.db.QueryRowContext(s.ctx, `SELECT COUNT(*) FROM bookings WHERE client_id = $1`, c.ID).Scan(&bookings))
			t.Logf("chat %d: %d bookings", first+i, bookings)
		}
	}
	if extra > n/100 {
		t.Errorf("%d people heard twice, more than 1 %% (%d)", extra, n/100)
	}
	if !a.alive() || !b.alive() {
		t.Fatalf("a replica died during the outage")
	}
	figure(t, fmt.Sprintf("PostgreSQL stopped 10 s during a burst of %d notices, 2 replicas", n),
		"%d duplicates (limit %d); %d sent before the stop, %d during it, all %d %v after the stop",
		extra, n/100, atStop, duringOutage, n, took.Round(time.Second))
}
