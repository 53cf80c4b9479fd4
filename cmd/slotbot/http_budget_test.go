package main

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// budgetBurst is what one run of sendBurst saw: the notices' times, how
// many arrived in each chat, the refusals and each replica's count.
type budgetBurst struct {
	rate    float64 // notices a second, first to last
	most    int     // most notices within any one second (Telegram's bulk limit; a reply to someone who wrote is not one)
	refused int     // calls the fake Bot API refused (429)
	chats   map[string]int
	first   map[string]time.Time // each chat's first message
	notices []time.Time          // the notices' arrivals, in order
	sentBy  map[string]string    // replica → its slotbot_notices_total{outcome="sent"}, "" if none
}

// sendBurst books n clients into one class on a fresh PostgreSQL, starts
// replicas processes against a fake Telegram that refuses (429) what
// Telegram's limits refuse, runs during (if not nil) while they send,
// and waits until every notice of the bookings is sent.
func sendBurst(tb testing.TB, n, replicas int, during func(api *botAPI, rs []*replica)) budgetBurst {
	server := os.Getenv("SLOTBOT_TEST_POSTGRES")
	if server == "" {
		server = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	dsn := freshDatabase(tb, server)
	s := newStudio(tb, dsn)
	for i := range n {
		c := s.client(int64(20000 + i))
		if _, err := s.svc.Bookings.Book(s.ctx, core.BookRequest{ClientID: c.ID, SessionID: s.session.ID}); err != nil {
			tb.Fatal(err)
		}
	}
	bin := buildBinary(tb)
	api := newBotAPI(tb, fakeTelegramToken)
	api.floodLimits = true
	api.delay = 60 * time.Millisecond // a sendMessage takes its time, as Telegram's does
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + tb.TempDir(), "DATABASE_URL=" + dsn,
		"SLOTBOT_HTTP_ADDR=127.0.0.1:0", "TELEGRAM_TOKEN=" + fakeTelegramToken, "TELEGRAM_API_URL=" + api.URL(),
		"TELEGRAM_WEBHOOK_URL=https://lb.example.com/telegram/webhook", "TELEGRAM_WEBHOOK_SECRET=" + fakeWebhookSecret}
	var rs []*replica
	for i := range replicas {
		rs = append(rs, startReplica(tb, bin, "replica "+string(rune('A'+i)), env))
	}
	if during != nil {
		during(api, rs)
	}
	waitUntil(tb, 60*time.Second, "every notice sent", func() bool {
		return s.count(`SELECT COUNT(*) FROM notices WHERE status = 'pending' AND to_kind = 'client' AND due <= $1`, time.Now()) == 0
	})

	out := budgetBurst{chats: map[string]int{}, first: map[string]time.Time{}, sentBy: map[string]string{}}
	api.mu.Lock()
	var at []time.Time
	for _, m := range api.sent {
		if out.chats[m.chat]++; out.chats[m.chat] == 1 {
			out.first[m.chat] = m.at
		}
		if id, err := strconv.Atoi(m.chat); err == nil && id >= 20000 && id < 20000+n {
			at = append(at, m.at)
		}
	}
	out.refused = api.refused
	api.mu.Unlock()
	slices.SortFunc(at, func(a, b time.Time) int { return a.Compare(b) })
	out.notices = at
	out.rate = float64(len(at)-1) / at[len(at)-1].Sub(at[0]).Seconds()
	for i := range at {
		j := i
		for j < len(at) && at[j].Sub(at[i]) < time.Second {
			j++
		}
		out.most = max(out.most, j-i)
	}
	sent := regexp.MustCompile(`(?m)^slotbot_notices_total\{outcome="sent"\} (\d+)$`)
	for _, r := range rs {
		_, metrics := get(tb, r.base+"/metrics")
		if m := sent.FindStringSubmatch(metrics); m != nil {
			out.sentBy[r.name] = m[1]
		}
	}
	// Their connections go now, not when the test ends: a benchmark runs
	// this again and PostgreSQL takes 100 clients.
	for _, r := range rs {
		_ = r.cmd.Process.Kill()
		<-r.done
		r.done <- nil
	}
	s.close()
	return out
}

// Two replicas on one PostgreSQL send a burst of notices through a fake
// Telegram that refuses (429) what Telegram's limits refuse: together
// they keep the bot's one budget, under 30 messages a second, are never
// refused, send each notice once, and share the work. A person who
// writes in the middle of it is answered at once, not behind the
// notices booked up to 5 s ahead nor those waiting in line, and the
// notices keep going meanwhile. How much of the budget they use is a
// speed, measured by BenchmarkReplicasSendBudget.
func TestReplicasShareOneSendBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs processes")
	}
	const n = 300
	var asked time.Time
	got := sendBurst(t, n, 2, func(api *botAPI, rs []*replica) {
		waitUntil(t, 60*time.Second, "notices going out for 2 s", func() bool {
			api.mu.Lock()
			defer api.mu.Unlock()
			return len(api.sent) >= 60
		})
		asked = time.Now()
		rs[1].update(t, telegramUpdate(1, 900, "Walk-in", "/start"))
	})
	replied, ok := got.first["900"]
	if !ok {
		t.Fatal("the person who wrote during the notices got no reply")
	}
	wait := replied.Sub(asked)
	before, after := 0, 0
	for _, at := range got.notices {
		switch {
		case at.Before(replied) && replied.Sub(at) < time.Second:
			before++
		case at.After(replied) && at.Sub(replied) < time.Second:
			after++
		}
	}
	figure(t, fmt.Sprintf("two replicas sending %d notices, a fake Bot API refusing (429) what Telegram refuses", n),
		"%.1f a second together (%.0f %% of 30), never more than %d within a second, %d refused; "+
			"a person writing meanwhile answered in %v, with %d notices in the second before and %d after (load average %.1f)",
		got.rate, 100*got.rate/30, got.most, got.refused, wait.Round(time.Millisecond), before, after, loadAverage())
	if got.refused != 0 {
		t.Errorf("Telegram refused %d messages (429)", got.refused)
	}
	if got.most > 30 || got.rate > 30 {
		t.Errorf("the bot sent at %.1f a second, %d within a second: over 30", got.rate, got.most)
	}
	// Behind the notices, the reply would have waited for a place past
	// the ones booked (up to 5 s ahead) and those in line.
	if wait > 2500*time.Millisecond {
		t.Errorf("the person waited %v for the reply: it queued behind the notices", wait)
	}
	if before < 10 || after < 10 {
		t.Errorf("%d notices in the second before the reply, %d after: the reply should come while they flow", before, after)
	}
	for i := range n {
		if c := got.chats[strconv.Itoa(20000+i)]; c != 1 {
			t.Errorf("client %d got %d notices, want 1", 20000+i, c)
		}
	}
	for _, name := range []string{"replica A", "replica B"} {
		if m := got.sentBy[name]; m == "" || m == "0" {
			t.Errorf("%s sent no notice: both replicas must share the work", name)
		} else {
			t.Logf("%s sent %s", name, m)
		}
	}
}

// BenchmarkReplicasSendBudget measures how much of Telegram's broadcast
// limit two replicas use together when nobody waits for a reply (the
// target: at least 95 % of 30 a second):
//
//	go test -run '^$' -bench ReplicasSendBudget -benchtime 3x ./cmd/slotbot
func BenchmarkReplicasSendBudget(b *testing.B) { benchSendBudget(b, 2) }

// BenchmarkReplicaSendBudget is BenchmarkReplicasSendBudget with one
// replica, whose notices alone fill the budget: a place it gives up is
// one nobody sends in.
//
//	go test -run '^$' -bench 'ReplicaSendBudget$' -benchtime 3x ./cmd/slotbot
func BenchmarkReplicaSendBudget(b *testing.B) { benchSendBudget(b, 1) }

// benchSendBudget sends 300 notices through replicas processes and
// reports their rate, the most within a second and the machine's load.
func benchSendBudget(b *testing.B, replicas int) {
	const n = 300
	var rate, load float64
	runs, most := 0, 0
	for b.Loop() {
		got := sendBurst(b, n, replicas, nil)
		if got.refused != 0 || got.most > 30 {
			b.Fatalf("over the limit: %d within a second, %d refused", got.most, got.refused)
		}
		var gaps []string
		for i := 1; i < len(got.notices); i++ {
			if d := got.notices[i].Sub(got.notices[i-1]); d > 50*time.Millisecond {
				gaps = append(gaps, fmt.Sprintf("%d:%v", i, d.Round(time.Millisecond)))
			}
		}
		b.Logf("run %d: %.2f a second (%.1f %% of 30), at most %d within a second, load %.1f; gaps over 50 ms %v",
			runs+1, got.rate, 100*got.rate/30, got.most, loadAverage(), gaps)
		rate, load, runs, most = rate+got.rate, load+loadAverage(), runs+1, max(most, got.most)
	}
	b.ReportMetric(rate/float64(runs), "notices/s")
	b.ReportMetric(100*rate/float64(runs)/30, "%-of-limit")
	b.ReportMetric(float64(most), "most-in-1s")
	b.ReportMetric(load/float64(runs), "load")
}

// loadAverage is the machine's load over the last minute, 0 if unknown.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f, _ := strconv.ParseFloat(strings.Fields(string(b))[0], 64)
	return f
}
