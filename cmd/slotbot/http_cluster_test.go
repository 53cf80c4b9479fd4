package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/postgres"
	"github.com/slotbot/slotbot/adapters/telegram"
	"github.com/slotbot/slotbot/core"
)

// replica is one `slotbot serve` process of the test.
type replica struct {
	name string
	cmd  *exec.Cmd
	log  *lockedBuffer
	base string // http://host:port of its listener
	done chan error
}

// startReplica runs the binary with env and waits for its listener.
func startReplica(t testing.TB, bin, name string, env []string) *replica {
	t.Helper()
	r := &replica{name: name, log: &lockedBuffer{}, done: make(chan error, 1)}
	r.cmd = exec.Command(bin, "serve")
	r.cmd.Env = env
	r.cmd.Stdout, r.cmd.Stderr = r.log, r.log
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { r.done <- r.cmd.Wait() }()
	t.Cleanup(func() {
		_ = r.cmd.Process.Kill()
		if t.Failed() {
			t.Logf("log of %s:\n%s", r.name, r.log)
		}
	})
	r.base = "http://" + waitFor(t, r.log, r.done, regexp.MustCompile(`http listening" addr=(\S+)`))
	waitUntil(t, 20*time.Second, name+" ready", func() bool { code, _ := get(t, r.base+"/readyz"); return code == 200 })
	return r
}

// alive reports whether the process still runs.
func (r *replica) alive() bool {
	select {
	case err := <-r.done:
		r.done <- err
		return false
	default:
		return true
	}
}

// owner is the prefix of the names its dispatcher claims notices under.
func (r *replica) owner() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s-%d-", host, r.cmd.Process.Pid)
}

// update posts a Telegram update to the replica's webhook, which must
// take it.
func (r *replica) update(t *testing.T, body []byte) {
	t.Helper()
	if code := r.post(t, body); code != 200 {
		t.Fatalf("%s webhook: %d", r.name, code)
	}
}

// post posts a Telegram update to the replica's webhook and returns the
// status.
func (r *replica) post(t *testing.T, body []byte) int {
	t.Helper()
	return post(t, r.base+telegram.WebhookPath, body, "X-Telegram-Bot-Api-Secret-Token", fakeWebhookSecret)
}

// studio is the test's side of the shared database: the domain on it,
// a free class, and clients with Telegram chats.
type studio struct {
	t       testing.TB
	ctx     context.Context
	svc     *core.Service
	db      *sql.DB
	session *core.Session
	close   func() // its connections, before the test ends (it closes them then too)
}

func newStudio(t testing.TB, dsn string) *studio {
	ctx := context.Background()
	st, err := postgres.Open(ctx, dsn) // migrates, as the replicas will find it
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	s := &studio{t: t, ctx: ctx, svc: core.NewService(st, core.ClockFunc(time.Now)), db: db,
		close: func() { _ = st.Close(); _ = db.Close() }}
	coach := &core.Coach{Name: "Ana", Zone: "Europe/Paris"} // no chat: her notices are dead letters at once
	must(t, s.svc.Accounts.CreateCoach(ctx, coach))
	typ := &core.SessionType{CoachID: coach.ID, Name: "Open gym", Duration: time.Hour, InPerson: true, Location: "Studio", Capacity: 500}
	must(t, s.svc.Catalog.CreateSessionType(ctx, typ))
	s.session, err = s.svc.Catalog.ScheduleSession(ctx, core.ScheduleRequest{CoachID: coach.ID, TypeID: typ.ID,
		Start: time.Now().Add(7 * 24 * time.Hour), Capacity: 500})
	must(t, err)
	return s
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// client makes a Telegram user known to the bot, in chat id.
func (s *studio) client(id int64) *core.Client {
	p, err := s.svc.Accounts.Identify(s.ctx, core.Identity{Platform: telegram.Platform, UserID: strconv.FormatInt(id, 10),
		ChatID: strconv.FormatInt(id, 10), Name: fmt.Sprintf("Client %d", id), Language: "en"})
	must(s.t, err)
	c := *p.Client
	c.Zone = "Europe/Paris"
	must(s.t, s.svc.Accounts.UpdateProfile(s.ctx, &c))
	return &c
}

// count runs a COUNT query.
func (s *studio) count(q string, args ...any) int {
	var n int
	must(s.t, s.db.QueryRowContext(s.ctx, q, args...).Scan(&n))
	return n
}

// Two replicas share one PostgreSQL database and one (fake) Telegram,
// with a short outbox lease. Bookings pour in; one replica is killed
// with SIGKILL mid-traffic. Every booking accepted is in the database,
// every client hears about theirs, and no notice is sent twice except
// those the killed replica held at its death. Then PostgreSQL is stopped
// for 10 s: the survivor keeps running, tells people to try again, turns
// /readyz red, and recovers by itself when the database is back; SIGTERM
// then stops it cleanly.
func TestReplicasSurviveAKillAndADatabaseOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs processes")
	}
	t.Parallel()
	cluster, err := newPGCluster(t)
	server := os.Getenv("SLOTBOT_TEST_POSTGRES")
	switch {
	case err == nil:
		server = cluster.server()
	case os.Getenv("CI") != "":
		t.Fatalf("a private PostgreSQL is needed for the outage: %v", err)
	default:
		t.Logf("no private PostgreSQL (%v): the outage is not tested", err)
		if server == "" {
			server = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
		}
	}
	dsn := freshDatabase(t, server)
	s := newStudio(t, dsn)
	bin := buildBinary(t)
	api := newBotAPI(t, fakeTelegramToken)
	api.delay = 40 * time.Millisecond
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "DATABASE_URL=" + dsn,
		"SLOTBOT_HTTP_ADDR=127.0.0.1:0", "SLOTBOT_OUTBOX_LEASE=3s", "SLOTBOT_SHUTDOWN_TIMEOUT=10s",
		"TELEGRAM_TOKEN=" + fakeTelegramToken, "TELEGRAM_API_URL=" + api.URL(),
		"TELEGRAM_WEBHOOK_URL=https://lb.example.com/telegram/webhook", "TELEGRAM_WEBHOOK_SECRET=" + fakeWebhookSecret}
	a := startReplica(t, bin, "replica A", env)
	b := startReplica(t, bin, "replica B", env)

	// The load balancer sends people to either replica; both take their
	// updates (into the shared inbox, whose workers on either replica
	// answer them).
	for i, r := range []*replica{a, b} {
		r.update(t, telegramUpdate(100+i, int64(900+i), "Walk-in", "/start"))
	}
	waitUntil(t, 10*time.Second, "both replicas answering", func() bool {
		return len(api.messages("900")) > 0 && len(api.messages("901")) > 0
	})

	// Traffic: bookings written by the domain on the shared database,
	// each writing a notice the replicas race to send.
	const n = 90
	clients := make([]*core.Client, n)
	for i := range clients {
		clients[i] = s.client(int64(10000 + i))
	}
	var accepted []int64
	// Replica A dies in the middle: once it holds notices it is sending
	// (or, failing that, two thirds of the way), while bookings go on.
	held := `SELECT COUNT(*) FROM notices WHERE status = 'pending' AND to_kind = 'client'
		AND claimed_by LIKE $1 AND claimed_until > $2`
	inFlightAtKill := -1
	for i, c := range clients {
		res, err := s.svc.Bookings.Book(s.ctx, core.BookRequest{ClientID: c.ID, SessionID: s.session.ID})
		must(t, err)
		accepted = append(accepted, res.Booking.ID)
		if inFlightAtKill < 0 && i >= n/3 && (i >= 2*n/3 || s.count(held, a.owner()+"%", time.Now()) > 0) {
			must(t, a.cmd.Process.Signal(syscall.SIGKILL))
			<-a.done
			a.done <- nil
			inFlightAtKill = s.count(held, a.owner()+"%", time.Now())
			t.Logf("replica A killed after %d bookings, holding %d notices", i+1, inFlightAtKill)
		}
		time.Sleep(10 * time.Millisecond)
	}
	waitUntil(t, 60*time.Second, "every due notice settled", func() bool {
		return s.count(`SELECT COUNT(*) FROM notices WHERE status = 'pending' AND due <= $1`, time.Now()) == 0
	})

	for _, id := range accepted {
		if got := s.count(`SELECT COUNT(*) FROM bookings WHERE id = $1 AND status = 'confirmed'`, id); got != 1 {
			t.Errorf("accepted booking %d is not in the database", id)
		}
	}
	duplicates := 0
	for i := range clients {
		chat := strconv.Itoa(10000 + i)
		got := api.messages(chat)
		switch {
		case len(got) == 0:
			t.Errorf("client in chat %s never heard about their booking", chat)
		case !strings.Contains(got[0].text, "Open gym"):
			t.Errorf("chat %s got %q", chat, got[0].text)
		}
		duplicates += max(0, len(got)-1)
	}
	if duplicates > inFlightAtKill {
		t.Errorf("%d notices sent twice, more than the %d the killed replica held", duplicates, inFlightAtKill)
	}
	if sent := s.count(`SELECT COUNT(*) FROM notices WHERE status = 'sent' AND to_kind = 'client'`); sent != n {
		t.Errorf("%d client notices marked sent, want %d", sent, n)
	}
	// With A dead, B handles every update: one more, for its metrics.
	b.update(t, telegramUpdate(102, 902, "Walk-in", "/start"))
	waitUntil(t, 10*time.Second, "replica B answering alone", func() bool { return len(api.messages("902")) > 0 })
	_, metrics := get(t, b.base+"/metrics")
	contains(t, "replica B's /metrics", metrics, "slotbot_outbox_up 1", "slotbot_outbox_lag_seconds 0",
		`slotbot_notices_total{outcome="sent"}`, `slotbot_notices_total{outcome="dead"}`,
		`slotbot_updates_total{kind="command",platform="telegram"} `)
	t.Logf("%d bookings, %d duplicate notices, %d in flight at the kill", len(accepted), duplicates, inFlightAtKill)

	if cluster == nil {
		return
	}
	outage(t, cluster, s, b, api)
	figure(t, "kill -9 of one of two replicas mid-traffic (90 bookings), then PostgreSQL stopped 10 s",
		"every booking kept and told; %d notices sent twice (the killed replica held %d at its death); through the outage "+
			"the survivor answered \"try again\", `/readyz` red, and resumed by itself", duplicates, inFlightAtKill)
}

// outage stops the database for 10 s under r and checks that people are
// told to try again, readiness turns red, and everything resumes.
func outage(t *testing.T, cluster *pgCluster, s *studio, r *replica, api *botAPI) {
	const user = 777
	t.Cleanup(func() { _ = cluster.start() }) // whatever happens, the server comes back
	stopped := time.Now()
	must(t, cluster.stop())

	// The update cannot be stored: it is not acknowledged (Telegram will
	// send it again), and its sender is told to try again.
	if code := r.post(t, telegramUpdate(500, user, "Maria", "/start")); code != 503 {
		t.Fatalf("webhook during the outage: %d, want 503", code)
	}
	waitUntil(t, 15*time.Second, "the apology", func() bool {
		m := api.messages(strconv.Itoa(user))
		return len(m) > 0 && strings.Contains(m[len(m)-1].text, "Please try again in a moment.")
	})
	var ready string
	waitUntil(t, 10*time.Second, "/readyz red", func() bool {
		code, body := get(t, r.base+"/readyz")
		ready = body
		return code == 503
	})
	contains(t, "/readyz during the outage", ready, "database: unreachable")
	code, metrics := get(t, r.base+"/metrics")
	if code != 200 {
		t.Fatalf("/metrics during the outage: %d", code)
	}
	contains(t, "/metrics during the outage", metrics, "slotbot_outbox_up 0")
	if _, err := s.svc.Bookings.Book(s.ctx, core.BookRequest{ClientID: 1, SessionID: s.session.ID}); core.ErrorCode(err) != core.EUNAVAILABLE {
		t.Fatalf("booking during the outage: %v, want EUNAVAILABLE", err)
	}
	time.Sleep(time.Until(stopped.Add(10 * time.Second)))
	if !r.alive() {
		t.Fatalf("the replica died during the outage:\n%s", r.log)
	}
	must(t, cluster.start())

	waitUntil(t, 30*time.Second, "/readyz green again", func() bool { code, _ := get(t, r.base+"/readyz"); return code == 200 })
	before := len(api.messages(strconv.Itoa(user)))
	r.update(t, telegramUpdate(501, user, "Maria", "/start"))
	waitUntil(t, 15*time.Second, "an answer after the outage", func() bool { return len(api.messages(strconv.Itoa(user))) > before })
	if m := api.messages(strconv.Itoa(user)); strings.Contains(m[len(m)-1].text, "try again") {
		t.Fatalf("still apologising after the outage: %q", m[len(m)-1].text)
	}
	c := s.client(888)
	var err error
	waitUntil(t, 15*time.Second, "a booking after the outage", func() bool {
		_, err = s.svc.Bookings.Book(s.ctx, core.BookRequest{ClientID: c.ID, SessionID: s.session.ID})
		return err == nil
	})
	waitUntil(t, 15*time.Second, "its notice", func() bool { return len(api.messages("888")) > 0 })

	must(t, r.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case err := <-r.done:
		if err != nil {
			t.Fatalf("SIGTERM: %v\n%s", err, r.log)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the replica did not stop on SIGTERM")
	}
	contains(t, "the log", r.log.String(), "slotbot: shutting down", "slotbot: stopped")
}
