package bot

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/sqlite/sqlitetest"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

// inboxWaiting counts platform's stored updates.
func inboxWaiting(t *testing.T, svc *core.Service, platform string) int {
	t.Helper()
	n, _, err := svc.Inbox.InboxWaiting(context.Background(), platform)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// eventually polls cond for up to ten seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(2 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// runInbox runs in until the test ends or stop is called, and returns
// stop, which waits for Run to return.
func runInbox(t *testing.T, in *Inbox) (stop func()) {
	var once sync.Once
	end := in.Start(context.Background())
	stop = func() { once.Do(end) }
	t.Cleanup(stop)
	return stop
}

// An update held while its work runs (a deferred answer) is stored
// until the work is done, then finished; if its replica dies first,
// another replica's inbox handles it from the stored row once the lease
// runs out.
func TestInboxHoldsWorkInFlight(t *testing.T) {
	t.Parallel()
	clock := storetest.NewClock(tuesday10)
	svc := core.NewService(sqlitetest.Open(t), clock)
	ctx := context.Background()
	const lease = time.Minute
	opts := func(owner string) InboxOptions {
		return InboxOptions{Platform: "discord", Owner: owner, Lease: lease, Poll: 5 * time.Millisecond,
			ShutdownTimeout: 50 * time.Millisecond}
	}
	var handledByB atomic.Pointer[core.InboxUpdate]
	a := NewInbox(svc, func(context.Context, *core.InboxUpdate) { t.Error("A claimed a stored update") }, opts("A"))
	b := NewInbox(svc, func(_ context.Context, u *core.InboxUpdate) { handledByB.Store(u) }, opts("B"))

	if err := a.Hold(ctx, &core.InboxUpdate{Platform: "discord", UpdateID: "i0", Chat: "u0"}, func(context.Context) {}); !errors.Is(err, ErrInboxStopped) {
		t.Fatalf("hold before Run: %v, want ErrInboxStopped", err)
	}
	if n := inboxWaiting(t, svc, "discord"); n != 0 {
		t.Fatalf("%d updates stored by a hold refused", n)
	}

	stopA := runInbox(t, a)
	runInbox(t, b)
	release := make(chan struct{})
	ran := make(chan struct{})
	if err := a.Hold(ctx, &core.InboxUpdate{Platform: "discord", UpdateID: "i1", Chat: "u1", Body: []byte("one")},
		func(context.Context) { close(ran); <-release }); err != nil {
		t.Fatal(err)
	}
	<-ran
	if n := inboxWaiting(t, svc, "discord"); n != 1 {
		t.Fatalf("%d updates stored while the held one's work runs, want 1", n)
	}
	close(release)
	eventually(t, "the held update finished", func() bool { return inboxWaiting(t, svc, "discord") == 0 })

	// A dies holding one: its work never ends, its inbox stops, and once
	// the lease has run out B handles the stored update.
	stuck := make(chan struct{})
	defer close(stuck)
	if err := a.Hold(ctx, &core.InboxUpdate{Platform: "discord", UpdateID: "i2", Chat: "u2", Body: []byte("two")},
		func(context.Context) { <-stuck }); err != nil {
		t.Fatal(err)
	}
	stopA()
	time.Sleep(20 * time.Millisecond) // B polls meanwhile: the lease is still A's
	if u := handledByB.Load(); u != nil {
		t.Fatalf("B handled %s while A's lease ran", u.UpdateID)
	}
	clock.Advance(lease + time.Second)
	eventually(t, "B handling what A held", func() bool { return handledByB.Load() != nil })
	if u := handledByB.Load(); u.UpdateID != "i2" || string(u.Body) != "two" || u.Attempts != 2 {
		t.Fatalf("B handled %+v, want i2 on its second attempt", u)
	}
	eventually(t, "the inbox empty", func() bool { return inboxWaiting(t, svc, "discord") == 0 })
}

// gatedStore holds back the Single calls whose context carries gateKey
// until gate is closed, and closes passed once one went through: a
// database that answers late, at the moment the test chooses.
type gatedStore struct {
	core.Store
	gate, passed chan struct{}
}

// gateKey marks the contexts of the calls gatedStore holds back.
type gateKey struct{}

func (s *gatedStore) Single(ctx context.Context, fn func(core.Tx) error) error {
	if ctx.Value(gateKey{}) == nil {
		return s.Store.Single(ctx, fn)
	}
	<-s.gate
	defer close(s.passed)
	return s.Store.Single(ctx, fn)
}

// A hold whose caller stops waiting (the database is slow) reports an
// error, and the work is not run: the caller does it. When the store
// ends after all, the row is finished, not left to be handled again.
func TestInboxHoldGivenUp(t *testing.T) {
	t.Parallel()
	store := &gatedStore{Store: sqlitetest.Open(t), gate: make(chan struct{}), passed: make(chan struct{})}
	svc := core.NewService(store, storetest.NewClock(tuesday10))
	in := NewInbox(svc, func(context.Context, *core.InboxUpdate) { t.Error("claimed a held update") },
		InboxOptions{Platform: "discord", Owner: "A", Poll: 5 * time.Millisecond})
	runInbox(t, in)
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), gateKey{}, true))
	var ran atomic.Bool
	held := make(chan error, 1)
	go func() {
		held <- in.Hold(ctx, &core.InboxUpdate{Platform: "discord", UpdateID: "i1", Chat: "u1"}, func(context.Context) { ran.Store(true) })
	}()
	cancel()
	if err := <-held; !errors.Is(err, context.Canceled) {
		t.Fatalf("hold given up: %v, want context.Canceled", err)
	}
	close(store.gate)
	<-store.passed
	eventually(t, "the late row finished", func() bool { return inboxWaiting(t, svc, "discord") == 0 })
	if ran.Load() {
		t.Fatal("the work ran although Hold failed")
	}
}
