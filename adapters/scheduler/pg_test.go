package scheduler_test

import (
	"context"
	"regexp"
	"strconv"
	"sync"
	"testing"

	"github.com/slotbot/slotbot/adapters/postgres"
	"github.com/slotbot/slotbot/adapters/postgres/pgtest"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// pgSchema opens a store on a fresh schema of the PostgreSQL test server
// (pgtest.DSN: dropped when tb ends, the test skipped without a server)
// and returns the DSN that reaches it, so a child process can open the
// same database. The store's pool is the one a replica has.
func pgSchema(tb testing.TB) (string, *postgres.Store) {
	tb.Helper()
	dsn := pgtest.DSN(tb)
	st, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = st.Close() })
	return dsn, st
}

// reasonID reads the notice number a numbered notice's text carries.
var reasonID = regexp.MustCompile(`Reason: n(\d+)`)

// addNumbered writes n due session-cancelled notices to the world's
// people in turn, numbered 0..n-1 in their reason so a fake platform can
// tell them apart.
func (w *world) addNumbered(n int, people []*core.Person) {
	w.t.Helper()
	now := core.DBTime(w.clock.Now())
	w.must(w.store.Update(w.ctx, func(tx core.Tx) error {
		for i := 0; i < n; i++ {
			p := people[i%len(people)]
			if err := tx.AddNotice(&core.Notice{Kind: core.NoticeSessionCancelled, ToKind: core.ToClient, ToID: p.Client.ID,
				SessionID: w.class().ID, Data: map[string]string{"reason": "n" + strconv.Itoa(i)},
				Due: now, Status: core.NoticePending, Created: now}); err != nil {
				return err
			}
		}
		return nil
	}))
}

// crowd makes n people on Telegram, chats "c0".."c<n-1>".
func (w *world) crowd(n int) []*core.Person {
	w.t.Helper()
	var ps []*core.Person
	for i := 0; i < n; i++ {
		ps = append(ps, w.person("c"+strconv.Itoa(i), "Client "+strconv.Itoa(i), "en"))
	}
	return ps
}

// tally counts numbered notices received, safely from many goroutines.
type tally struct {
	mu   sync.Mutex
	seen map[int]int
}

func (t *tally) add(text string) {
	m := reasonID.FindStringSubmatch(text)
	if m == nil {
		return
	}
	id, _ := strconv.Atoi(m[1])
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.seen == nil {
		t.seen = map[int]int{}
	}
	t.seen[id]++
}

// countingSender is a platform that tallies numbered notices.
type countingSender struct {
	tally *tally
	sent  int
	mu    sync.Mutex
}

func (s *countingSender) Platform() string { return "telegram" }

func (s *countingSender) Send(ctx context.Context, chatID string, r bot.Reply) error {
	s.tally.add(r.Text)
	s.mu.Lock()
	s.sent++
	s.mu.Unlock()
	return nil
}
