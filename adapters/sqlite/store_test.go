package sqlite_test

import (
	"testing"
	"time"

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

// The claim reads a known sender with the update, in its transaction,
// so handling it needs no transaction to find them; an unknown sender
// comes without, said to be a newcomer.
func TestClaimReadsTheSender(t *testing.T) {
	s := sqlitetest.Open(t)
	svc := core.NewService(s, storetest.NewClock(storetest.T0))
	who := core.Identity{Platform: "telegram", UserID: "42", ChatID: "42", Name: "Maria"}
	if _, err := svc.Accounts.Arrive(t.Context(), "u0", who); err != nil {
		t.Fatal(err)
	}
	mk := func(id, sender string) *core.InboxUpdate {
		return &core.InboxUpdate{Platform: "telegram", UpdateID: id, Chat: sender, Sender: sender, SenderChat: sender, Body: []byte("{}")}
	}
	if _, err := svc.Inbox.Receive(t.Context(), mk("1", "42"), mk("2", "77")); err != nil {
		t.Fatal(err)
	}
	got, err := svc.Inbox.ClaimUpdates(t.Context(), "telegram", "r1", nil, time.Minute, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].UpdateID != "1" || got[1].UpdateID != "2" || got[0].Attempts != 1 {
		t.Fatalf("claimed %+v", got)
	}
	if a := got[0].Arrival; a == nil || a.Person.Client.Name != "Maria" || a.Conversation == nil {
		t.Fatalf("the known sender's arrival: %+v", a)
	}
	if got[1].Arrival != nil || !got[1].Newcomer || got[0].Newcomer {
		t.Fatalf("an unknown sender came with %+v, newcomer %v (the known one: %v)", got[1].Arrival, got[1].Newcomer, got[0].Newcomer)
	}
}
