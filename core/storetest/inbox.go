package storetest

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/slotbot/slotbot/core"
)

// inboxUpdate is a stored update of chat in the test's platform.
func inboxUpdate(id, chat string) *core.InboxUpdate {
	return &core.InboxUpdate{Platform: "telegram", UpdateID: id, Chat: chat, Body: []byte(`{"update_id":"` + id + `"}`)}
}

// inboxIDs lists the platform ids of claimed updates.
func inboxIDs(us []*core.InboxUpdate) []string {
	out := []string{}
	for _, u := range us {
		out = append(out, u.UpdateID)
	}
	return out
}

// testInbox: an update stored is kept until handled; its redelivery is
// dropped at the door; each chat's updates are claimed one at a time in
// the order they came, whoever claims; a lease that runs out (its replica
// died) lets another replica take the update again.
func testInbox(t *testing.T, open Opener) {
	f := newFixture(t, open)
	lease := time.Minute
	n, err := f.svc.Inbox.Receive(f.ctx, inboxUpdate("a1", "A"), inboxUpdate("a2", "A"), inboxUpdate("b1", "B"), inboxUpdate("a3", "A"))
	f.must(err)
	if n != 4 {
		t.Fatalf("stored %d of 4 new updates", n)
	}
	if n, err := f.svc.Inbox.Receive(f.ctx, inboxUpdate("a1", "A")); err != nil || n != 0 {
		t.Fatalf("a redelivery: stored %d, %v; want 0", n, err)
	}
	// A page with redeliveries, one of them twice: only the new one stays,
	// once, after the others of its chat.
	if n, err := f.svc.Inbox.Receive(f.ctx, inboxUpdate("b1", "B"), inboxUpdate("b2", "B"), inboxUpdate("b2", "B"),
		inboxUpdate("a3", "A")); err != nil || n != 1 {
		t.Fatalf("a page of redeliveries and one new update: stored %d, %v; want 1", n, err)
	}
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error {
		fresh, err := tx.MarkUpdate("telegram", "a2", T0)
		if fresh {
			t.Errorf("the door did not record a2 as seen")
		}
		return err
	}))
	if waiting, _, err := f.svc.Inbox.InboxWaiting(f.ctx, "telegram"); err != nil || waiting != 5 {
		t.Fatalf("waiting: %d, %v; want 5", waiting, err)
	}

	first, err := f.svc.Inbox.ClaimUpdates(f.ctx, "telegram", "r1", nil, lease, 10)
	f.must(err)
	if got := inboxIDs(first); !slices.Equal(got, []string{"a1", "b1"}) {
		t.Fatalf("first claim: %v, want the oldest of each chat [a1 b1]", got)
	}
	if string(first[0].Body) != `{"update_id":"a1"}` || first[0].Chat != "A" || first[0].Attempts != 1 {
		t.Fatalf("claimed update: %+v", first[0])
	}
	if got, err := f.svc.Inbox.ClaimUpdates(f.ctx, "telegram", "r2", nil, lease, 10); err != nil || len(got) != 0 {
		t.Fatalf("another replica claimed %v (%v) while both chats are in flight", inboxIDs(got), err)
	}
	next, err := f.svc.Inbox.ClaimUpdates(f.ctx, "telegram", "r1", []int64{first[0].ID}, lease, 10)
	f.must(err)
	if got := inboxIDs(next); !slices.Equal(got, []string{"a2"}) {
		t.Fatalf("after a1 is finished: %v, want [a2]", got)
	}
	if got, _ := f.svc.Inbox.ClaimUpdates(f.ctx, "discord", "r1", nil, lease, 10); len(got) != 0 {
		t.Fatalf("another platform's claim took %v", inboxIDs(got))
	}

	// r1 dies: its leases run out, r2 takes its updates again.
	f.clock.Advance(lease + time.Second)
	again, err := f.svc.Inbox.ClaimUpdates(f.ctx, "telegram", "r2", nil, lease, 10)
	f.must(err)
	if got := inboxIDs(again); !slices.Equal(got, []string{"a2", "b1"}) || again[0].Attempts != 2 {
		t.Fatalf("after r1's leases ran out: %v (attempts %d), want [a2 b1] claimed a second time", got, again[0].Attempts)
	}
	if held, err := f.svc.Inbox.RenewUpdates(f.ctx, "r1", []int64{next[0].ID}, lease); err != nil || held != 0 {
		t.Fatalf("r1 renewed %d leases it lost (%v)", held, err)
	}
	if held, err := f.svc.Inbox.RenewUpdates(f.ctx, "r2", []int64{again[0].ID, again[1].ID}, lease); err != nil || held != 2 {
		t.Fatalf("r2 renewed %d of its 2 leases (%v)", held, err)
	}
	last, err := f.svc.Inbox.ClaimUpdates(f.ctx, "telegram", "r2", []int64{again[0].ID, again[1].ID}, lease, 10)
	f.must(err)
	if got := inboxIDs(last); !slices.Equal(got, []string{"a3", "b2"}) {
		t.Fatalf("after a2 and b1: %v, want [a3 b2]", got)
	}
	if _, err := f.svc.Inbox.ClaimUpdates(f.ctx, "telegram", "r2", []int64{last[0].ID, last[1].ID}, lease, 0); err != nil {
		t.Fatal(err)
	}
	if waiting, _, err := f.svc.Inbox.InboxWaiting(f.ctx, "telegram"); err != nil || waiting != 0 {
		t.Fatalf("waiting after all were handled: %d, %v", waiting, err)
	}

	// An update handled from the inbox arrives with no id to record: the
	// sender is read, and nothing is taken for a redelivery.
	id := core.Identity{Platform: "telegram", UserID: "42", ChatID: "42", Name: "Maria"}
	for i := range 2 {
		a, err := f.svc.Accounts.Arrive(f.ctx, "", id)
		f.must(err)
		if !a.Fresh || a.Person == nil || a.Person.Client.Name != "Maria" || a.Conversation == nil {
			t.Fatalf("arrival %d without an update id: %+v", i+1, a)
		}
	}
}

// testInboxRace: four replicas' workers claim and finish 60 updates of
// five chats as fast as they can. Every update is handled once, each
// chat's in the order they came, and never two of one chat at a time.
func testInboxRace(t *testing.T, open Opener) {
	f := newFixture(t, open)
	const chats, each = 5, 12
	var us []*core.InboxUpdate
	for i := range each {
		for c := range chats {
			us = append(us, inboxUpdate(fmt.Sprintf("%d-%02d", c, i), fmt.Sprint(c)))
		}
	}
	_, err := f.svc.Inbox.Receive(f.ctx, us...)
	f.must(err)
	var mu sync.Mutex
	busy := map[string]bool{}
	handled := map[string][]string{}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			owner := fmt.Sprintf("r%d", w)
			var done []int64
			for idle := 0; idle < 20; {
				got, err := f.svc.Inbox.ClaimUpdates(f.ctx, "telegram", owner, done, time.Minute, 1)
				if err != nil {
					t.Errorf("%s: %v", owner, err)
					return
				}
				done = nil
				if len(got) == 0 {
					idle++
					time.Sleep(2 * time.Millisecond)
					continue
				}
				u := got[0]
				mu.Lock()
				if busy[u.Chat] {
					t.Errorf("chat %s: %s claimed while another of its updates is in flight", u.Chat, u.UpdateID)
				}
				busy[u.Chat] = true
				handled[u.Chat] = append(handled[u.Chat], u.UpdateID)
				mu.Unlock()
				time.Sleep(time.Millisecond)
				mu.Lock()
				busy[u.Chat] = false
				mu.Unlock()
				done = []int64{u.ID}
			}
			if len(done) > 0 {
				if _, err := f.svc.Inbox.ClaimUpdates(f.ctx, "telegram", owner, done, time.Minute, 0); err != nil {
					t.Errorf("%s: %v", owner, err)
				}
			}
		})
	}
	wg.Wait()
	for c := range chats {
		var want []string
		for i := range each {
			want = append(want, fmt.Sprintf("%d-%02d", c, i))
		}
		if got := handled[fmt.Sprint(c)]; !slices.Equal(got, want) {
			t.Errorf("chat %d handled %v, want %v", c, got, want)
		}
	}
}

// testInboxHold: an update stored while its replica already handles it
// (a deferred Discord answer) is that replica's until its lease runs
// out: no other claim takes it, nor a newer update of its chat; its
// owner renews and finishes it; if the owner dies, another replica takes
// it once the lease has run out, as its second attempt.
func testInboxHold(t *testing.T, open Opener) {
	f := newFixture(t, open)
	lease := time.Minute
	held := &core.InboxUpdate{Platform: "discord", UpdateID: "i1", Chat: "u1", Body: []byte(`{"id":"i1"}`)}
	f.must(f.svc.Inbox.HoldUpdate(f.ctx, "r1", lease, held))
	if held.ID == 0 || held.Attempts != 1 || !held.Received.Equal(f.clock.Now()) {
		t.Fatalf("held update: %+v", held)
	}
	if _, err := f.svc.Inbox.Receive(f.ctx, &core.InboxUpdate{Platform: "discord", UpdateID: "i2", Chat: "u1", Body: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	if got, err := f.svc.Inbox.ClaimUpdates(f.ctx, "discord", "r2", nil, lease, 10); err != nil || len(got) != 0 {
		t.Fatalf("r2 claimed %v (%v) while r1 holds the chat's first update", inboxIDs(got), err)
	}
	if n, err := f.svc.Inbox.RenewUpdates(f.ctx, "r1", []int64{held.ID}, lease); err != nil || n != 1 {
		t.Fatalf("r1 renewed %d of its 1 lease (%v)", n, err)
	}

	// r1 dies: once its lease runs out, r2 takes the held update again.
	f.clock.Advance(lease + time.Second)
	again, err := f.svc.Inbox.ClaimUpdates(f.ctx, "discord", "r2", nil, lease, 10)
	f.must(err)
	if got := inboxIDs(again); !slices.Equal(got, []string{"i1"}) || again[0].Attempts != 2 || string(again[0].Body) != `{"id":"i1"}` {
		t.Fatalf("after r1's lease ran out: %v (%+v), want [i1] on its second attempt", got, again)
	}
	next, err := f.svc.Inbox.ClaimUpdates(f.ctx, "discord", "r2", []int64{again[0].ID}, lease, 10)
	f.must(err)
	if got := inboxIDs(next); !slices.Equal(got, []string{"i2"}) {
		t.Fatalf("after i1 was finished: %v, want [i2]", got)
	}

	// A held update its owner finishes is gone.
	other := &core.InboxUpdate{Platform: "discord", UpdateID: "i3", Chat: "u3", Body: []byte(`{}`)}
	f.must(f.svc.Inbox.HoldUpdate(f.ctx, "r1", lease, other))
	if _, err := f.svc.Inbox.ClaimUpdates(f.ctx, "discord", "r1", []int64{other.ID, next[0].ID}, lease, 0); err != nil {
		t.Fatal(err)
	}
	if waiting, _, err := f.svc.Inbox.InboxWaiting(f.ctx, "discord"); err != nil || waiting != 0 {
		t.Fatalf("waiting after all were finished: %d, %v", waiting, err)
	}
}

// testInboxArrival: a claimed update comes with its known sender read
// (InboxUpdate.Arrival), which is what Arrive reads for the same sender
// without an update id — the person, their coach record, and the
// conversation as it stands; a sender who is unknown or wrote from a chat
// their account is not reachable in comes without, as a Newcomer, and an
// update with no sender as neither.
func testInboxArrival(t *testing.T, open Opener) {
	f := newFixture(t, open)
	known := core.Identity{Platform: "telegram", UserID: "42", ChatID: "42", Name: "Maria", Language: "fr"}
	a, err := f.svc.Accounts.Arrive(f.ctx, "u0", known)
	f.must(err)
	c := a.Conversation
	c.Flow, c.Step, c.Data, c.Updated = "book", c.Step+1, map[string]string{"coach": "1"}, core.DBTime(f.clock.Now())
	f.must(f.store.Single(f.ctx, func(tx core.Tx) error { return tx.PutConversation(c) }))
	coach := core.Identity{Platform: "telegram", UserID: "7", ChatID: "7", Name: "Ana"}
	ca, err := f.svc.Accounts.Arrive(f.ctx, "u1", coach)
	f.must(err)
	f.coach.ClientID = ca.Person.Client.ID
	f.must(f.store.Update(f.ctx, func(tx core.Tx) error { return tx.UpdateCoach(f.coach) }))

	sent := func(id, chat, sender, senderChat string) *core.InboxUpdate {
		u := inboxUpdate(id, chat)
		u.Sender, u.SenderChat = sender, senderChat
		return u
	}
	_, err = f.svc.Inbox.Receive(f.ctx, sent("p1", "42", "42", "42"), sent("p2", "-100", "42", ""), sent("p3", "7", "7", "7"),
		sent("p4", "77", "77", "77"), sent("p5", "43", "42", "43"), inboxUpdate("p6", "9"))
	f.must(err)
	got, err := f.svc.Inbox.ClaimUpdates(f.ctx, "telegram", "r1", nil, time.Minute, 10)
	f.must(err)
	if ids := inboxIDs(got); !slices.Equal(ids, []string{"p1", "p2", "p3", "p4", "p5", "p6"}) {
		t.Fatalf("claimed %v", ids)
	}
	for _, u := range got {
		known := u.UpdateID == "p1" || u.UpdateID == "p2" || u.UpdateID == "p3"
		if newcomer := u.UpdateID == "p4" || u.UpdateID == "p5"; u.Newcomer != newcomer {
			t.Errorf("%s: newcomer %v, want %v", u.UpdateID, u.Newcomer, newcomer)
		}
		if !known {
			if u.Arrival != nil {
				t.Errorf("%s: an arrival was read for a sender Arrive does not know in that chat: %+v", u.UpdateID, u.Arrival.Person)
			}
			continue
		}
		if u.Arrival == nil {
			t.Errorf("%s: the known sender was not read with the claim", u.UpdateID)
			continue
		}
		want, err := f.svc.Accounts.Arrive(f.ctx, "", core.Identity{Platform: u.Platform, UserID: u.Sender, ChatID: u.SenderChat})
		f.must(err)
		crudEqual(t, u.UpdateID+": arrival", u.Arrival, want)
	}
}
