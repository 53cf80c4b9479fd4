package sqlite

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

// The seats kept on each session are right for a database migrated with
// bookings in it.
func TestSeatsAfterMigration(t *testing.T) {
	s := MustOpenTestStore(t)
	p, err := provider(s.writer)
	if err != nil {
		t.Fatal(err)
	}
	storetest.SeatsAfterMigration(t, s, p)
}
