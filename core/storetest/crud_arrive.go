package storetest

import (
	"context"
	"testing"

	"github.com/slotbot/slotbot/core"
)

// crudArriveKnown: for a known account that needs no write, ArriveKnown
// records the update id once and answers the person and conversation
// exactly as Person and Conversation do (a coach with their record, a
// client without; a stored flow and none); for an unknown account, a new
// chat or an unreachable one it records nothing and answers nil.
func crudArriveKnown(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	bea := crudNewClient(t, s, "Bea")
	crudUpdate(t, s, func(tx core.Tx) error {
		w.coach.ClientID = bea.ID
		if err := tx.UpdateCoach(w.coach); err != nil {
			return err
		}
		for _, a := range []*core.Account{
			{Platform: "telegram", UserID: "1", ClientID: w.client.ID, ChatID: "1"},
			{Platform: "telegram", UserID: "2", ClientID: bea.ID, ChatID: "2"},
			{Platform: "telegram", UserID: "3", ClientID: bea.ID, ChatID: "3", Unreachable: true},
		} {
			if err := tx.PutAccount(a); err != nil {
				return err
			}
		}
		return tx.PutConversation(&core.Conversation{Platform: "telegram", UserID: "2", Flow: "book", Step: 1,
			Data: map[string]string{"type": "4"}, Updated: crudStored(crudAt(1))})
	})
	arrive := func(update, user, chat string) *core.Arrival {
		t.Helper()
		var a *core.Arrival
		if err := s.Single(t.Context(), func(tx core.Tx) (err error) {
			a, err = tx.ArriveKnown("telegram", update, user, chat, crudAt(2))
			return err
		}); err != nil {
			t.Fatalf("arrive %s from %s: %v", update, user, err)
		}
		return a
	}
	for _, c := range []struct{ update, user, chat string }{{"u1", "1", "1"}, {"u2", "2", "2"}, {"u3", "1", ""}} {
		got := arrive(c.update, c.user, c.chat)
		var want core.Arrival
		crudView(t, s, func(tx core.Tx) (err error) {
			want.Fresh = true
			if want.Person, err = tx.Person("telegram", c.user); err != nil {
				return err
			}
			want.Conversation, err = tx.Conversation("telegram", c.user)
			return err
		})
		crudEqual(t, "arrival of "+c.update, got, &want)
		crudEqual(t, "redelivery of "+c.update, arrive(c.update, c.user, c.chat), &core.Arrival{})
	}
	for _, c := range []struct{ update, user, chat, why string }{
		{"n1", "9", "9", "unknown account"}, {"n2", "1", "77", "a new chat"}, {"n3", "3", "3", "unreachable"},
	} {
		crudEqual(t, c.why, arrive(c.update, c.user, c.chat), (*core.Arrival)(nil))
		crudUpdate(t, s, func(tx core.Tx) error {
			fresh, err := tx.MarkUpdate("telegram", c.update, crudAt(3))
			crudEqual(t, c.why+": update id left unrecorded", fresh, true)
			return err
		})
	}
}

// crudSingle: Single runs a statement that is kept, and its writes are
// read back by the next transaction.
func crudSingle(t *testing.T, open Opener) {
	s := open(t)
	c := &core.Conversation{Platform: "discord", UserID: "5", Flow: "cancel", Step: 1,
		Data: map[string]string{"booking": "8"}, Updated: crudStored(crudAt(1))}
	if err := s.Single(t.Context(), func(tx core.Tx) error { return tx.PutConversation(c) }); err != nil {
		t.Fatal(err)
	}
	var got *core.Conversation
	if err := s.Single(t.Context(), func(tx core.Tx) (err error) {
		got, err = tx.Conversation("discord", "5")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	crudEqual(t, "conversation", got, c)
}

// crudBrowse: Browse reads committed rows with several statements, and a
// write or a lock in it is refused with nothing written (on either store).
func crudBrowse(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	var got *core.Client
	var sess *core.Session
	if err := s.Browse(t.Context(), func(tx core.Tx) (err error) {
		if got, err = tx.Client(w.client.ID); err != nil {
			return err
		}
		sess, err = tx.Session(w.session.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	crudEqual(t, "client", got.Name, "Ana")
	crudEqual(t, "session", sess.ID, w.session.ID)

	err := s.Browse(t.Context(), func(tx core.Tx) error {
		return tx.CreateClient(&core.Client{Name: "Writer", Created: crudAt(0)})
	})
	if err == nil {
		t.Fatal("a browse wrote a client")
	}
	b := &core.Booking{SessionID: w.session.ID, ClientID: w.client.ID, Status: core.BookingConfirmed,
		Created: crudAt(0), Updated: crudAt(0)}
	crudUpdate(t, s, func(tx core.Tx) error { return tx.CreateBooking(b) })
	err = s.Browse(t.Context(), func(tx core.Tx) error {
		return tx.AddAudit(&core.AuditEntry{BookingID: b.ID, To: core.BookingConfirmed, Actor: "client:1", At: crudAt(0)})
	})
	if err == nil {
		t.Fatal("a browse queued a write and succeeded")
	}
	crudViewMayNotLock(t, browseStore{s}, "a browse locked a session", func(tx core.Tx) error {
		_, err := tx.LockSession(w.session.ID)
		return err
	})
	crudView(t, s, func(tx core.Tx) error {
		crudEqual(t, "clients after browse", len(crudMust[[]*core.Client](t)(tx.SearchClients("", 0))), 1)
		crudEqual(t, "audit after browse", len(crudMust[[]*core.AuditEntry](t)(tx.Audit(b.ID))), 0)
		return nil
	})
}

// browseStore is a store whose View is its Browse, for checks written
// against View.
type browseStore struct{ core.Store }

func (b browseStore) View(ctx context.Context, fn func(core.Tx) error) error {
	return b.Browse(ctx, fn)
}

// crudFirstContact: for an account never seen, FirstContact stores the
// client and the account and answers them as Person and Conversation
// then read them (no coach record, an idle conversation, or the one
// stored under that account's name); for an existing account it writes
// nothing and answers nil, whatever chat it now comes from.
func crudFirstContact(t *testing.T, open Opener) {
	s := open(t)
	w := crudNewWorld(t, s)
	crudUpdate(t, s, func(tx core.Tx) error {
		if err := tx.PutAccount(&core.Account{Platform: "telegram", UserID: "1", ClientID: w.client.ID, ChatID: "1"}); err != nil {
			return err
		}
		return tx.PutConversation(&core.Conversation{Platform: "discord", UserID: "5", Flow: "book", Step: 1,
			Data: map[string]string{"type": "4"}, Updated: crudStored(crudAt(1))})
	})
	first := func(platform, user, chat, name string) (*core.Client, *core.Arrival) {
		t.Helper()
		c := &core.Client{Name: name, Language: "fr", Created: crudStored(crudAt(2))}
		var a *core.Arrival
		if err := s.Single(t.Context(), func(tx core.Tx) (err error) {
			a, err = tx.FirstContact(c, &core.Account{Platform: platform, UserID: user, ChatID: chat})
			return err
		}); err != nil {
			t.Fatalf("first contact of %s/%s: %v", platform, user, err)
		}
		return c, a
	}
	for _, c := range []struct{ platform, user, chat, name string }{
		{"telegram", "9", "9", "Noor"}, {"discord", "5", "dm-5", "Ivo"}, {"telegram", "10", "", "Guest"},
	} {
		client, got := first(c.platform, c.user, c.chat, c.name)
		if client.ID == 0 || client.ID == w.client.ID {
			t.Fatalf("%s: client id %d, want a new one", c.name, client.ID)
		}
		var want core.Arrival
		crudView(t, s, func(tx core.Tx) (err error) {
			want.Fresh = true
			if want.Person, err = tx.Person(c.platform, c.user); err != nil {
				return err
			}
			want.Conversation, err = tx.Conversation(c.platform, c.user)
			return err
		})
		crudEqual(t, "first contact of "+c.name, got, &want)
		crudEqual(t, c.name+"'s stored client", want.Person.Client,
			&core.Client{ID: client.ID, Name: c.name, Language: "fr", Created: crudStored(crudAt(2))})
		if c.name == "Ivo" && (got.Conversation.Flow != "book" || got.Conversation.Data["type"] != "4") {
			t.Fatalf("Ivo's conversation = %+v, want the one stored under discord/5", got.Conversation)
		}
	}
	for _, c := range []struct{ user, chat, why string }{{"1", "1", "a known account"}, {"1", "77", "a new chat"}, {"9", "9", "a second contact"}} {
		var before, after []*core.Client
		crudView(t, s, func(tx core.Tx) (err error) { before, err = tx.SearchClients("", 0); return err })
		_, got := first("telegram", c.user, c.chat, "Twice")
		crudEqual(t, c.why, got, (*core.Arrival)(nil))
		crudView(t, s, func(tx core.Tx) (err error) { after, err = tx.SearchClients("", 0); return err })
		crudEqual(t, c.why+": clients", len(after), len(before))
		var acc *core.Account
		crudView(t, s, func(tx core.Tx) (err error) { acc, err = tx.Account("telegram", c.user); return err })
		if c.user == "1" && (acc.ClientID != w.client.ID || acc.ChatID != "1") {
			t.Fatalf("%s changed the account: %+v", c.why, acc)
		}
	}
}
