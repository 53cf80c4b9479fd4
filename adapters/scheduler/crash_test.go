package scheduler_test

import (
	"bufio"
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/postgres"
	"github.com/slotbot/slotbot/adapters/scheduler"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// The crash test runs dispatchers in child processes: this test binary
// started again with SLOTBOT_CRASH_CHILD set runs TestCrashChild, which
// sends every due notice of the database named by SLOTBOT_CRASH_DSN and
// appends each notice's number to the file SLOTBOT_CRASH_LOG as the fake
// platform accepts it. Each line is one write(2) on an O_APPEND file, so
// a SIGKILL loses none that the platform "received".
const (
	crashInFlight = 16   // the child's InFlight: what a kill can catch mid-send
	crashRate     = 1000 // sends a second, so the burst lasts long enough to be cut
)

// A dispatcher killed with SIGKILL in the middle of a burst, then a new
// one started: every notice arrives, and no more arrive twice than were
// in flight when the first one died.
func TestDispatcherKilledMidBurst(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts child processes")
	}
	dsn, st := pgSchema(t)
	w := newWorld(t, st, tuesday10)
	const total = 1200
	w.addNumbered(total, w.crowd(50))
	log := t.TempDir() + "/received.log"

	// The first dispatcher's clock stands a minute after the notices fell
	// due; its leases last 30 s of that clock.
	first := crashChild(t, dsn, log, "first", tuesday10.Add(time.Minute))
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for lines(t, log) < total/4 {
		if time.Now().After(deadline) {
			_ = first.Process.Kill()
			t.Fatal("the first dispatcher sent too little")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := first.Process.Kill(); err != nil { // SIGKILL: no deferred code, no settle
		t.Fatal(err)
	}
	_ = first.Wait()
	atKill := lines(t, log)
	inFlight := claimedBy(t, dsn, "first")
	t.Logf("killed after %d sends, %d notices still leased to it", atKill, inFlight)
	if atKill >= total {
		t.Fatal("the burst ended before the kill")
	}
	if inFlight > crashInFlight+20 {
		t.Fatalf("%d notices leased to the dead dispatcher, more than InFlight and a batch", inFlight)
	}

	// The replacement's clock is past the dead one's leases.
	second := crashChild(t, dsn, log, "second", tuesday10.Add(2*time.Minute))
	if out, err := second.CombinedOutput(); err != nil {
		t.Fatalf("second dispatcher: %v\n%s", err, out)
	}
	counts := map[int]int{}
	for _, id := range readLog(t, log) {
		counts[id]++
	}
	dups := 0
	for i := 0; i < total; i++ {
		switch c := counts[i]; {
		case c == 0:
			t.Fatalf("notice n%d was lost", i)
		case c > 1:
			dups += c - 1
		}
	}
	t.Logf("%d notices, %d received, %d twice (bound: %d leased at the kill)", total, len(readLog(t, log)), dups, inFlight)
	if dups > inFlight {
		t.Fatalf("%d duplicates, more than the %d in flight", dups, inFlight)
	}
	if left := w.notices(core.NoticeFilter{Kind: core.NoticeSessionCancelled, Status: core.NoticePending}); len(left) != 0 {
		t.Fatalf("%d notices still pending", len(left))
	}
}

// crashChild prepares this test binary as a dispatcher process.
func crashChild(t *testing.T, dsn, log, owner string, now time.Time) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "SLOTBOT_CRASH_CHILD=1", "SLOTBOT_CRASH_DSN="+dsn, "SLOTBOT_CRASH_LOG="+log,
		"SLOTBOT_CRASH_OWNER="+owner, "SLOTBOT_CRASH_NOW="+now.UTC().Format(time.RFC3339Nano))
	return cmd
}

// claimedBy counts the pending notices leased to owner.
func claimedBy(t *testing.T, dsn, owner string) int {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM notices WHERE status = 'pending' AND claimed_by = $1`, owner).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// readLog reads the notice numbers the fake platform received.
func readLog(t *testing.T, path string) []int {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ids []int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		id, err := strconv.Atoi(strings.TrimSpace(sc.Text()))
		if err != nil {
			t.Fatalf("bad line %q", sc.Text())
		}
		ids = append(ids, id)
	}
	return ids
}

func lines(t *testing.T, path string) int { return len(readLog(t, path)) }

// TestCrashChild is the dispatcher process of TestDispatcherKilledMidBurst.
func TestCrashChild(t *testing.T) {
	if os.Getenv("SLOTBOT_CRASH_CHILD") == "" {
		t.Skip("run by TestDispatcherKilledMidBurst in a child process")
	}
	ctx := context.Background()
	st, err := postgres.Open(ctx, os.Getenv("SLOTBOT_CRASH_DSN"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now, err := time.Parse(time.RFC3339Nano, os.Getenv("SLOTBOT_CRASH_NOW"))
	if err != nil {
		t.Fatal(err)
	}
	svc := core.NewService(st, core.ClockFunc(func() time.Time { return now }))
	f, err := os.OpenFile(os.Getenv("SLOTBOT_CRASH_LOG"), os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The sender keeps a platform's limit as the adapters do, so the
	// burst lasts long enough to be cut.
	pace := core.NewPacer(core.NewMemoryBudgets(), "telegram", core.SendLimits{Overall: core.SendRate{Every: time.Second / crashRate, Burst: 1}}, time.Now)
	d := scheduler.NewDispatcher(svc, bot.New(svc, bot.Options{}), []scheduler.Sender{&logSender{f: f, pace: pace}},
		scheduler.DispatcherOptions{Owner: os.Getenv("SLOTBOT_CRASH_OWNER"), Lease: 30 * time.Second, Batch: 8,
			InFlight: crashInFlight})
	n, err := d.DrainOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s sent %d", d.Owner(), n)
}

// logSender is the child's platform: it appends each numbered notice to
// a file, one write per line.
type logSender struct {
	mu   sync.Mutex
	f    *os.File
	pace *core.Pacer
}

func (s *logSender) Platform() string { return "telegram" }

func (s *logSender) Send(ctx context.Context, chatID string, r bot.Reply) error {
	sent, retryIn, err := s.pace.Notice(ctx, chatID, false)
	if err != nil || retryIn > 0 {
		return cmp.Or(err, error(bot.RetryAfterError{After: retryIn}))
	}
	defer sent()
	m := reasonID.FindStringSubmatch(r.Text)
	if m == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err = fmt.Fprintf(s.f, "%s\n", m[1])
	return err
}
