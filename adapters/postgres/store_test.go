package postgres

import (
	"strings"
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

// TestSingleRefusesASecondStatement: Single runs without a transaction
// here, so a second statement — which would not share the first one's
// atomicity — is refused, and the first one stays.
func TestSingleRefusesASecondStatement(t *testing.T) {
	s := MustOpenTestStore(t)
	c := &core.Conversation{Platform: "telegram", UserID: "1", Flow: "book", Step: 1, Data: map[string]string{}, Updated: storetest.T0}
	err := s.Single(t.Context(), func(tx core.Tx) error {
		if err := tx.PutConversation(c); err != nil {
			return err
		}
		_, err := tx.Conversation("telegram", "1")
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "second statement") {
		t.Fatalf("second statement: %v", err)
	}
	err = s.View(t.Context(), func(tx core.Tx) error {
		got, err := tx.Conversation("telegram", "1")
		if err == nil && got.Flow != "book" {
			t.Errorf("first statement lost: %+v", got)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The seats kept on each session are right for a database migrated with
// bookings in it.
func TestSeatsAfterMigration(t *testing.T) {
	s := MustOpenTestStore(t)
	p, err := provider(t.Context(), s.db)
	if err != nil {
		t.Fatal(err)
	}
	storetest.SeatsAfterMigration(t, s, p)
}
