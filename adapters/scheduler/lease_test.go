package scheduler_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/scheduler"
	"github.com/slotbot/slotbot/adapters/sqlite/sqlitetest"
	"github.com/slotbot/slotbot/bot"
	"github.com/slotbot/slotbot/core"
)

// renewCounter is a store that counts the lease renewals that held
// something.
type renewCounter struct {
	core.Store
	renewed atomic.Int64
}

func (s *renewCounter) Single(ctx context.Context, fn func(core.Tx) error) error {
	return s.Store.Single(ctx, func(tx core.Tx) error { return fn(renewTx{Tx: tx, n: &s.renewed}) })
}

// renewTx counts RenewNotices calls that kept a lease.
type renewTx struct {
	core.Tx
	n *atomic.Int64
}

func (t renewTx) RenewNotices(owner string, ids []int64, until time.Time) (int, error) {
	n, err := t.Tx.RenewNotices(owner, ids, until)
	if err == nil && n > 0 {
		t.n.Add(1)
	}
	return n, err
}

// stuckSender is a platform whose sends wait until released, as one
// waiting for its place in the send limits does.
type stuckSender struct {
	entered chan struct{}
	release chan struct{}
	sent    atomic.Int64
}

func (s *stuckSender) Platform() string { return "telegram" }

func (s *stuckSender) Send(ctx context.Context, chatID string, r bot.Reply) error {
	s.entered <- struct{}{}
	<-s.release
	s.sent.Add(1)
	return nil
}

// A delivery that takes longer than the lease (waiting for its place in
// the send limits, or on a slow machine) keeps its lease while the
// dispatcher lives: another replica's dispatcher does not claim the
// notice and send it too.
func TestSlowDeliveryKeepsItsLease(t *testing.T) {
	t.Parallel()
	store := &renewCounter{Store: sqlitetest.Open(t)}
	w := newWorld(t, store, tuesday10)
	w.addNumbered(1, w.crowd(1))
	const lease = 30 * time.Millisecond
	slow := &stuckSender{entered: make(chan struct{}, 1), release: make(chan struct{})}
	a := scheduler.NewDispatcher(w.svc, w.bot, []scheduler.Sender{slow}, scheduler.DispatcherOptions{Owner: "A", Lease: lease})
	var seen tally
	other := &countingSender{tally: &seen}
	b := scheduler.NewDispatcher(w.svc, w.bot, []scheduler.Sender{other}, scheduler.DispatcherOptions{Owner: "B", Lease: lease})

	drained := make(chan error, 1)
	go func() { _, err := a.DrainOnce(w.ctx); drained <- err }()
	<-slow.entered
	// Long past A's first lease: only a renewal since keeps the notice A's.
	w.clock.Advance(time.Minute)
	from := store.renewed.Load()
	for deadline := time.Now().Add(5 * time.Second); store.renewed.Load() < from+2 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if _, err := b.DrainOnce(w.ctx); err != nil {
		t.Fatal(err)
	}
	close(slow.release)
	if err := <-drained; err != nil {
		t.Fatal(err)
	}
	if other.sent != 0 || slow.sent.Load() != 1 {
		t.Fatalf("the slow notice was sent %d times by its dispatcher and %d by another, want once", slow.sent.Load(), other.sent)
	}
	if left := w.notices(core.NoticeFilter{Kind: core.NoticeSessionCancelled, Status: core.NoticePending}); len(left) != 0 {
		t.Fatalf("%d notices still pending", len(left))
	}
}
