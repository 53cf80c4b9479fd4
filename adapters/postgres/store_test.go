package postgres

import (
	"testing"

	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) core.Store { return MustOpenTestStore(tb) })
}

func BenchmarkBooking(b *testing.B) {
	storetest.Bench(b, func(tb testing.TB) core.Store { return MustOpenTestStore(tb) })
}
