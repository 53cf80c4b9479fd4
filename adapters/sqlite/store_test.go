package sqlite

import (
	"context"
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
	storetest.SeatsAfterMigration(t, s, func(ctx context.Context) error {
		p, err := provider(s.writer)
		if err != nil {
			return err
		}
		if _, err := p.DownTo(ctx, 12); err != nil {
			return err
		}
		_, err = p.Up(ctx)
		return err
	})
}
