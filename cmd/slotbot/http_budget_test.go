package main

import (
	"fmt"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// Two replicas on one PostgreSQL send a burst of notices through a fake
// Telegram that refuses (429) what Telegram's limits refuse: together
// they keep the bot's one budget, under 30 messages a second, using at
// least 95 % of it, and are never refused.
func TestReplicasShareOneSendBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs processes")
	}
	server := os.Getenv("SLOTBOT_TEST_POSTGRES")
	if server == "" {
		server = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	dsn := freshDatabase(t, server)
	s := newStudio(t, dsn)
	const n = 300
	for i := range n {
		c := s.client(int64(20000 + i))
		if _, err := s.svc.Book(s.ctx, core.BookRequest{ClientID: c.ID, SessionID: s.session.ID}); err != nil {
			t.Fatal(err)
		}
	}
	bin := buildBinary(t)
	api := newBotAPI(t, fakeTelegramToken)
	api.floodLimits = true
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "DATABASE_URL=" + dsn,
		"SLOTBOT_HTTP_ADDR=127.0.0.1:0", "TELEGRAM_TOKEN=" + fakeTelegramToken, "TELEGRAM_API_URL=" + api.URL(),
		"TELEGRAM_WEBHOOK_URL=https://lb.example.com/telegram/webhook", "TELEGRAM_WEBHOOK_SECRET=" + fakeWebhookSecret}
	a := startReplica(t, bin, "replica A", env)
	b := startReplica(t, bin, "replica B", env)
	waitUntil(t, 60*time.Second, "every notice sent", func() bool {
		return s.count(`SELECT COUNT(*) FROM notices WHERE status = 'pending' AND to_kind = 'client' AND due <= $1`, time.Now()) == 0
	})

	api.mu.Lock()
	var at []time.Time
	chats := map[string]int{}
	for _, m := range api.sent {
		at = append(at, m.at)
		chats[m.chat]++
	}
	refused := api.refused
	api.mu.Unlock()
	slices.SortFunc(at, func(a, b time.Time) int { return a.Compare(b) })
	rate := float64(len(at)-1) / at[len(at)-1].Sub(at[0]).Seconds()
	most := 0
	for i := range at {
		j := i
		for j < len(at) && at[j].Sub(at[i]) < time.Second {
			j++
		}
		most = max(most, j-i)
	}
	figure(t, fmt.Sprintf("two replicas sending %d notices, a fake Bot API refusing (429) what Telegram refuses", n),
		"%.1f a second together (%.0f %% of 30), never more than %d within a second, %d refused (load average %.1f)",
		rate, 100*rate/30, most, refused, loadAverage())
	if refused != 0 {
		t.Errorf("Telegram refused %d messages (429)", refused)
	}
	if most > 30 || rate > 30 {
		t.Errorf("the bot sent at %.1f a second, %d within a second: over 30", rate, most)
	}
	// Using 95 % of the budget takes a machine that runs the replicas on
	// time: on one loaded past twice its cores, timers and calls run late
	// and notices give up their places (the limit is kept all the same).
	if load := loadAverage(); rate < 0.95*30 && load <= float64(2*runtime.NumCPU()) {
		t.Errorf("the bot sent at %.1f a second, under 95 %% of 30 (load %.1f)", rate, load)
	} else if rate < 0.95*30 {
		t.Logf("the bot sent at %.1f a second, under 95 %% of 30, on a machine loaded %.1f on %d cores: not counted", rate, load, runtime.NumCPU())
	}
	for i := range n {
		if got := chats[strconv.Itoa(20000+i)]; got != 1 {
			t.Errorf("client %d got %d notices, want 1", 20000+i, got)
		}
	}
	sentBy := regexp.MustCompile(`(?m)^slotbot_notices_total\{outcome="sent"\} (\d+)$`)
	for _, r := range []*replica{a, b} {
		_, metrics := get(t, r.base+"/metrics")
		if m := sentBy.FindStringSubmatch(metrics); m == nil || m[1] == "0" {
			t.Errorf("%s sent no notice: both replicas must share the work", r.name)
		} else {
			t.Logf("%s sent %s", r.name, m[1])
		}
	}
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
