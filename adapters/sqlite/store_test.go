package sqlite_test

import (
	"testing"

	"github.com/slotbot/slotbot/adapters/sqlite"
	"github.com/slotbot/slotbot/adapters/sqlite/sqlitetest"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) core.Store { return sqlitetest.Open(tb) })
}

func BenchmarkBooking(b *testing.B) {
	storetest.Bench(b, func(tb testing.TB) core.Store { return sqlitetest.Open(tb) })
}

// The seats kept on each session are right for a database migrated with
// bookings in it.
func TestSeatsAfterMigration(t *testing.T) {
	s := sqlitetest.Open(t)
	p, err := sqlite.Provider(s)
	if err != nil {
		t.Fatal(err)
	}
	storetest.SeatsAfterMigration(t, s, p)
}
