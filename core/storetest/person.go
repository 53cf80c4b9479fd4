package storetest

// Contract cases for reading a chat user in one go (ChatTx.Person) and for
// Accounts.Arrive, which starts every chat update. Every package-level name
// here starts with person or testPerson.

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/slotbot/slotbot/core"
)

// testPerson runs the person cases as subtests, so the suite's case list
// needs one line for them.
func testPerson(t *testing.T, open Opener) {
	for _, c := range []struct {
		name string
		fn   func(t *testing.T, f *fixture, writes *atomic.Int64)
	}{
		{"UnknownAccount", testPersonUnknown},
		{"FirstContactThenRedelivery", testPersonFirstContact},
		{"KnownSenderOnlyReads", testPersonKnownOnlyReads},
		{"NewChatRefreshes", testPersonNewChat},
		{"CoachRecord", testPersonCoach},
		{"ConversationRead", testPersonConversation},
		{"UnknownSenderMarksUpdate", testPersonInvalid},
		{"ProfileSaved", testPersonProfile},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			writes := &atomic.Int64{}
			c.fn(t, newFixture(t, func(tb testing.TB) core.Store {
				return &personCounting{Store: open(tb), writes: writes}
			}), writes)
		})
	}
}

// personCounting counts read-write transactions.
type personCounting struct {
	core.Store
	writes *atomic.Int64
}

func (s *personCounting) Update(ctx context.Context, fn func(core.Tx) error) error {
	s.writes.Add(1)
	return s.Store.Update(ctx, fn)
}

// personRead reads a person straight from the store.
func personRead(f *fixture, platform, userID string) (*core.Person, error) {
	var p *core.Person
	err := f.store.View(f.ctx, func(tx core.Tx) (err error) { p, err = tx.Person(platform, userID); return })
	return p, err
}

// personArrive runs Arrive and fails the test on an error.
func personArrive(f *fixture, updateID string, id core.Identity) *core.Arrival {
	f.t.Helper()
	a, err := f.svc.Accounts.Arrive(f.ctx, updateID, id)
	f.must(err)
	return a
}

func testPersonUnknown(t *testing.T, f *fixture, _ *atomic.Int64) {
	_, err := personRead(f, "telegram", "404")
	expectCode(t, err, core.ENOTFOUND)
}

func testPersonFirstContact(t *testing.T, f *fixture, _ *atomic.Int64) {
	id := core.Identity{Platform: "telegram", UserID: "7", ChatID: "7", Name: "  Noor ", Language: "fr"}
	a := personArrive(f, "u1", id)
	if !a.Fresh || a.Person == nil || a.Conversation == nil {
		t.Fatalf("first contact = %+v, want fresh with person and conversation", a)
	}
	c := a.Person.Client
	if c.ID == 0 || c.Name != "Noor" || c.Language != "fr" || !c.Created.Equal(T0) || a.Person.Coach != nil {
		t.Fatalf("client = %+v coach %v, want Noor (fr) created at T0 and no coach", c, a.Person.Coach)
	}
	if acc := a.Person.Account; acc.ClientID != c.ID || acc.ChatID != "7" || acc.Unreachable {
		t.Fatalf("account = %+v", acc)
	}
	if conv := a.Conversation; conv.Flow != "" || conv.Step != 0 || conv.UserID != "7" {
		t.Fatalf("conversation = %+v, want idle", conv)
	}
	again := personArrive(f, "u1", id)
	if again.Fresh || again.Person != nil {
		t.Fatalf("redelivery = %+v, want not fresh and no person", again)
	}
	p, err := personRead(f, "telegram", "7")
	f.must(err)
	if p.Client.ID != c.ID || p.Client.Name != "Noor" || p.Account.ChatID != "7" {
		t.Fatalf("stored person = %+v %+v", p.Client, p.Account)
	}
	// A later update from them finds the same client, never a second one.
	if next := personArrive(f, "u2", id); !next.Fresh || next.Person.Client.ID != c.ID {
		t.Fatalf("second update = %+v", next)
	}
}

func testPersonKnownOnlyReads(t *testing.T, f *fixture, writes *atomic.Int64) {
	id := core.Identity{Platform: "discord", UserID: "8", ChatID: "dm-8", Name: "Ivo"}
	first, err := f.svc.Accounts.Identify(f.ctx, id)
	f.must(err)
	before := writes.Load()
	p, err := f.svc.Accounts.Identify(f.ctx, id)
	f.must(err)
	a := personArrive(f, "", id)
	if n := writes.Load() - before; n != 0 {
		t.Fatalf("a known sender in the same chat took %d read-write transactions, want 0", n)
	}
	if p.Client.ID != first.Client.ID || a.Person.Client.ID != first.Client.ID || a.Conversation == nil {
		t.Fatalf("known sender = %+v / %+v, want client %d", p.Client, a, first.Client.ID)
	}
}

func testPersonNewChat(t *testing.T, f *fixture, _ *atomic.Int64) {
	id := core.Identity{Platform: "telegram", UserID: "9", ChatID: "old", Name: "Lea"}
	p, err := f.svc.Accounts.Identify(f.ctx, id)
	f.must(err)
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error {
		p.Account.Unreachable = true // the bot was blocked
		return tx.PutAccount(p.Account)
	}))
	// A group message carries no private chat: nothing changes.
	a := personArrive(f, "", core.Identity{Platform: "telegram", UserID: "9"})
	if a.Person.Account.ChatID != "old" || !a.Person.Account.Unreachable {
		t.Fatalf("group message changed the account: %+v", a.Person.Account)
	}
	id.ChatID = "new"
	a = personArrive(f, "", id)
	stored, err := personRead(f, "telegram", "9")
	f.must(err)
	for _, acc := range []*core.Account{a.Person.Account, stored.Account} {
		if acc.ChatID != "new" || acc.Unreachable || acc.ClientID != p.Client.ID {
			t.Fatalf("account after a private message = %+v, want chat new, reachable", acc)
		}
	}
}

func testPersonCoach(t *testing.T, f *fixture, _ *atomic.Int64) {
	id := core.Identity{Platform: "telegram", UserID: "10", ChatID: "10", Name: "Ana"}
	p, err := f.svc.Accounts.Identify(f.ctx, id)
	f.must(err)
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error {
		f.coach.ClientID = p.Client.ID
		return tx.UpdateCoach(f.coach)
	}))
	a := personArrive(f, "u10", id)
	if a.Person.Coach == nil || a.Person.Coach.ID != f.coach.ID || a.Person.Coach.Name != "Ana" ||
		a.Person.Coach.Zone != "Europe/Paris" {
		t.Fatalf("coach = %+v, want Ana's record %d", a.Person.Coach, f.coach.ID)
	}
}

func testPersonConversation(t *testing.T, f *fixture, _ *atomic.Int64) {
	id := core.Identity{Platform: "telegram", UserID: "11", ChatID: "11"}
	personArrive(f, "", id)
	c := &core.Conversation{Platform: "telegram", UserID: "11", Flow: "book", Step: 1,
		Data: map[string]string{"type": "3"}, Updated: T0}
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error { return tx.PutConversation(c) }))
	for _, upd := range []string{"", "u11"} {
		a := personArrive(f, upd, id)
		if got := a.Conversation; got.Flow != "book" || got.Step != 1 || got.Data["type"] != "3" {
			t.Fatalf("conversation (update %q) = %+v, want the book flow at step 1", upd, got)
		}
	}
}

func testPersonInvalid(t *testing.T, f *fixture, _ *atomic.Int64) {
	_, err := f.svc.Accounts.Arrive(f.ctx, "u12", core.Identity{Platform: "telegram"})
	expectCode(t, err, core.EINVALID)
	// The update was recorded all the same: its redelivery stays silent.
	a, err := f.svc.Accounts.Arrive(f.ctx, "u12", core.Identity{Platform: "telegram"})
	f.must(err)
	if a.Fresh {
		t.Fatalf("redelivered invalid update = %+v, want not fresh", a)
	}
	_, err = f.svc.Accounts.Arrive(f.ctx, "", core.Identity{Platform: "telegram"})
	expectCode(t, err, core.EINVALID)
}

// testPersonProfile: a client's own profile is saved as given, keeping
// when the client was created; a missing client is not found, and an
// invalid zone is refused, neither changing anything.
func testPersonProfile(t *testing.T, f *fixture, _ *atomic.Int64) {
	c, _ := f.withPass("Maria", f.pack)
	before := f.snapshot()
	edit := *c
	edit.Zone = "Nowhere/Atlantis"
	expectCode(t, f.svc.Accounts.UpdateProfile(f.ctx, &edit), core.EINVALID)
	ghost := *c
	ghost.ID = 987654
	expectCode(t, f.svc.Accounts.UpdateProfile(f.ctx, &ghost), core.ENOTFOUND)
	if after := f.snapshot(); after != before {
		t.Fatalf("a refused profile changed the database:\n%s\nthen\n%s", before, after)
	}
	edit = *c
	edit.Zone, edit.Language, edit.Email, edit.Name = "Asia/Tokyo", "fr", "maria@example.com", "Maria S."
	f.must(f.svc.Accounts.UpdateProfile(f.ctx, &edit))
	var got *core.Client
	f.must(f.store.View(f.ctx, func(tx core.Tx) (err error) { got, err = tx.Client(c.ID); return err }))
	if got.Zone != "Asia/Tokyo" || got.Language != "fr" || got.Email != "maria@example.com" || got.Name != "Maria S." ||
		!got.Created.Equal(c.Created) {
		t.Fatalf("saved %+v, from %+v", got, c)
	}
}
