package core_test

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// countedBudgets counts the asks for a place: on PostgreSQL each is a
// statement.
type countedBudgets struct {
	*core.MemoryBudgets
	asks atomic.Int64
}

func (b *countedBudgets) TakeSend(ctx context.Context, now time.Time, take core.SendTake) (core.SendGrant, error) {
	b.asks.Add(1)
	return b.MemoryBudgets.TakeSend(ctx, now, take)
}

// A broadcast past the horizon waits in the process's line: every notice
// goes, none is put back to the outbox, and the ones past the horizon ask
// for their places about once each, not every interval.
func TestNoticesPastTheHorizonWaitInLine(t *testing.T) {
	t.Parallel()
	b := &countedBudgets{MemoryBudgets: core.NewMemoryBudgets()}
	limits := core.SendLimits{Overall: core.SendRate{Every: 20 * time.Millisecond, Burst: 1},
		Private: core.SendRate{Every: time.Second, Burst: 2}, Horizon: 400 * time.Millisecond}
	p := core.NewPacer(b, "telegram", limits, time.Now)
	const n = 30 // 600 ms of places: half of them past the horizon
	var wg sync.WaitGroup
	var went, putBack atomic.Int64
	for i := range n {
		wg.Go(func() {
			sent, retryIn, err := p.Notice(t.Context(), strconv.Itoa(i), false)
			switch {
			case err != nil:
				t.Error(err)
			case retryIn > 0:
				putBack.Add(1)
			default:
				went.Add(1)
				sent()
			}
		})
	}
	wg.Wait()
	if went.Load() != n || putBack.Load() != 0 {
		t.Fatalf("%d of %d notices went, %d put back to the outbox", went.Load(), n, putBack.Load())
	}
	if asks := b.asks.Load(); asks > 3*n {
		t.Errorf("%d notices asked %d times for their places", n, asks)
	}
}
