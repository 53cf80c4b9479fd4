package scheduler_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/slotbot/slotbot/adapters/scheduler"
	"github.com/slotbot/slotbot/core"
)

// Three replicas' dispatchers race over 1,000 due notices on one
// PostgreSQL: each notice is sent exactly once, and all three take part.
func TestThreeDispatchersRace(t *testing.T) {
	t.Parallel()
	_, st := pgSchema(t)
	w := newWorld(t, st, tuesday10)
	const total = 1000
	w.addNumbered(total, w.crowd(40))
	var seen tally
	var senders []*countingSender
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	start := make(chan struct{})
	for i := 0; i < 3; i++ {
		s := &countingSender{tally: &seen}
		senders = append(senders, s)
		d := scheduler.NewDispatcher(w.svc, w.bot, []scheduler.Sender{s}, scheduler.DispatcherOptions{
			Owner: fmt.Sprintf("replica-%d", i), Batch: 10, InFlight: 20})
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if _, err := d.DrainOnce(w.ctx); err != nil {
				errs <- err
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for i := 0; i < total; i++ {
		if seen.seen[i] != 1 {
			t.Fatalf("notice n%d sent %d times", i, seen.seen[i])
		}
	}
	if len(seen.seen) != total {
		t.Fatalf("%d distinct notices sent, want %d", len(seen.seen), total)
	}
	for i, s := range senders {
		t.Logf("replica-%d sent %d", i, s.sent)
		if s.sent == 0 {
			t.Errorf("replica-%d sent nothing: the race did not happen", i)
		}
	}
	left := w.notices(core.NoticeFilter{Kind: core.NoticeSessionCancelled, Status: core.NoticePending})
	if len(left) != 0 {
		t.Fatalf("%d notices still pending", len(left))
	}
}
