package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/slotbot/slotbot/adapters/postgres"
	"github.com/slotbot/slotbot/adapters/postgres/pgtest"
	"github.com/slotbot/slotbot/core"
	"github.com/slotbot/slotbot/core/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) core.Store { return pgtest.Open(tb) })
}

func BenchmarkBooking(b *testing.B) {
	storetest.Bench(b, func(tb testing.TB) core.Store { return pgtest.Open(tb) })
}

// TestSingleRefusesASecondStatement: Single runs without a transaction
// here, so a second statement — which would not share the first one's
// atomicity — is refused, and the first one stays.
func TestSingleRefusesASecondStatement(t *testing.T) {
	s := pgtest.Open(t)
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
	s := pgtest.Open(t)
	p, err := postgres.Provider(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	storetest.SeatsAfterMigration(t, s, p)
}

// The send budgets live in send_budget, one row per key, shared by every
// replica; the daily prune drops the spent ones (their time has passed:
// the same as no row) and keeps the others.
func TestPruneDropsSpentSendBudgets(t *testing.T) {
	s := pgtest.Open(t)
	now := storetest.T0
	rate := core.SendRate{Every: time.Second, Burst: 1}
	for _, chat := range []string{"t:1", "t:2"} {
		if _, err := s.TakeSend(t.Context(), now, core.SendTake{Chat: chat, ChatRate: rate, Overall: "t", OverallRate: rate, Reply: true}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.HoldSend(t.Context(), "t:3", rate, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	svc := core.NewService(s, core.ClockFunc(func() time.Time { return now.Add(time.Minute) }))
	res, err := svc.Outbox.Prune(t.Context(), core.DefaultRetention())
	if err != nil {
		t.Fatal(err)
	}
	if res.SendBudgets != 3 { // t:1, t:2 and t (overall); t:3 is held an hour
		t.Fatalf("pruned %d send budgets, want 3", res.SendBudgets)
	}
	g, err := s.TakeSend(t.Context(), now.Add(time.Minute), core.SendTake{Chat: "t:3", ChatRate: rate, Overall: "t", OverallRate: rate, Reply: true})
	if err != nil || g.OK {
		t.Fatalf("the held chat after the prune: %+v %v, want still held", g, err)
	}
}

// TestClaimReadsTheSender: here the claim reads a known sender with the
// update, in its one statement, so handling it needs no statement to
// find them; an unknown sender comes without, said to be a newcomer.
func TestClaimReadsTheSender(t *testing.T) {
	s := pgtest.Open(t)
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
	before := s.Statements()
	got, err := svc.Inbox.ClaimUpdates(t.Context(), "telegram", "r1", nil, time.Minute, 10)
	if err != nil {
		t.Fatal(err)
	}
	if n := s.Statements() - before; n != 1 || len(got) != 2 {
		t.Fatalf("claimed %d updates in %d statements, want 2 in 1", len(got), n)
	}
	if a := got[0].Arrival; a == nil || a.Person.Client.Name != "Maria" || a.Conversation == nil {
		t.Fatalf("the known sender's arrival: %+v", a)
	}
	if got[1].Arrival != nil || !got[1].Newcomer || got[0].Newcomer {
		t.Fatalf("an unknown sender came with %+v, newcomer %v (the known one: %v)", got[1].Arrival, got[1].Newcomer, got[0].Newcomer)
	}
}

// TestReadAheadIsOneStatement: here the rows a notice names are read in
// one round trip, and the reads that follow send nothing.
func TestReadAheadIsOneStatement(t *testing.T) {
	s := pgtest.Open(t)
	svc := core.NewService(s, storetest.NewClock(storetest.T0))
	maria, err := svc.Accounts.Identify(t.Context(), core.Identity{Platform: "telegram", UserID: "42", ChatID: "42", Name: "Maria"})
	if err != nil {
		t.Fatal(err)
	}
	id := maria.Client.ID
	before := s.Statements()
	err = svc.Outbox.NoticeReads(t.Context(), func(tx core.NoticeReadTx) error {
		if err := tx.ReadAhead(core.ReadAhead{Clients: []int64{id}, AccountsOf: []int64{id}, Sessions: []int64{7}}); err != nil {
			return err
		}
		c, err := tx.Client(id)
		if err != nil || c.Name != "Maria" {
			t.Errorf("the client read ahead: %+v, %v", c, err)
		}
		accs, err := tx.Accounts(id)
		if err != nil || len(accs) != 1 || accs[0].ChatID != "42" {
			t.Errorf("the accounts read ahead: %v, %v", accs, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := s.Statements() - before; n != 1 {
		t.Fatalf("a read ahead and two reads of its rows: %d statements, want 1", n)
	}
}

// TestFirstContactIsOneStatement: here a sender never seen, handled from
// the inbox, is stored with their conversation read in one statement
// (ArriveNew: the claim looked for them), or in two when Arrive looks
// first, and found as stored; a newcomer whose account exists (a new
// chat) is refreshed as Arrive does.
func TestFirstContactIsOneStatement(t *testing.T) {
	s := pgtest.Open(t)
	svc := core.NewService(s, storetest.NewClock(storetest.T0))
	for _, c := range []struct {
		user       string
		arrive     func(ctx context.Context, id core.Identity) (*core.Arrival, error)
		statements int64
	}{
		{"42", svc.Accounts.ArriveNew, 1},
		{"43", func(ctx context.Context, id core.Identity) (*core.Arrival, error) {
			return svc.Accounts.Arrive(ctx, "", id)
		}, 2},
	} {
		before := s.Statements()
		a, err := c.arrive(t.Context(), core.Identity{Platform: "telegram", UserID: c.user, ChatID: c.user, Name: "Maria", Language: "fr"})
		if err != nil {
			t.Fatal(err)
		}
		if n := s.Statements() - before; n != c.statements {
			t.Fatalf("a first contact took %d statements, want %d", n, c.statements)
		}
		if !a.Fresh || a.Person.Client.Name != "Maria" || a.Person.Account.ChatID != c.user || a.Conversation.Step != 0 {
			t.Fatalf("first contact = %+v %+v", a.Person, a.Conversation)
		}
		again, err := svc.Accounts.Identify(t.Context(), core.Identity{Platform: "telegram", UserID: c.user, ChatID: c.user})
		if err != nil || again.Client.ID != a.Person.Client.ID || again.Client.Language != "fr" {
			t.Fatalf("Maria stored as %+v, %v; want client %d", again, err, a.Person.Client.ID)
		}
	}
	moved, err := svc.Accounts.ArriveNew(t.Context(), core.Identity{Platform: "telegram", UserID: "42", ChatID: "new"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := svc.Accounts.KnownPerson(t.Context(), "telegram", "42")
	if err != nil || moved.Person.Account.ChatID != "new" || p.Account.ChatID != "new" || p.Client.ID != moved.Person.Client.ID {
		t.Fatalf("a newcomer from a new chat: %+v, stored %+v, %v", moved.Person.Account, p, err)
	}
}
