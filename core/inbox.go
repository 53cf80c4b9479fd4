package core

import (
	"context"
	"fmt"
	"time"
)

// InboxUpdate is one platform update kept in the database from the moment
// it is acknowledged to the platform until it has been handled: a replica
// that dies holding it leaves it for another, so an update answered 200
// is never lost. Body is the update as the platform sent it, for its
// adapter to read again.
type InboxUpdate struct {
	ID       int64  // the inbox's own id: the order updates of a chat are handled in
	Platform string // "telegram", "discord"
	UpdateID string // the platform's id, unique per platform: redeliveries are dropped at the door
	Chat     string // updates of one chat are handled one at a time, in order
	Body     []byte
	Received time.Time
	Attempts int // claims so far, this one included
	// Sender is the platform's id of who sent it, and SenderChat their
	// private chat's id when they wrote there ("" elsewhere): the Identity
	// Arrive is given, as far as a known sender goes.
	Sender, SenderChat string
	// Arrival is the sender as Arrive would find them (without an update
	// id to record), read by ClaimUpdates with the claim (in its
	// statement on PostgreSQL, its transaction on SQLite): handling a
	// known person's update then reads nothing more to find them. Nil:
	// an unknown sender, a chat the account is not reachable in, or an
	// update with no sender.
	Arrival *Arrival
	// Newcomer says the claim read the sender and found no account
	// Arrive could use as it is (a sender never seen, or one writing
	// from a new chat): Accounts.ArriveNew then creates them without
	// looking again.
	Newcomer bool
}

// InboxTx is the inbox's part of Tx.
type InboxTx interface {
	// StoreUpdates writes the updates whose (Platform, UpdateID) was never
	// seen, recording the id in the same table MarkUpdate writes, and
	// returns how many were new. Their ids differ. The whole list is one
	// statement where the store can (run it with Store.Single).
	StoreUpdates(us []*InboxUpdate) (int, error)
	// ClaimUpdates deletes the handled updates done (any owner's), then
	// leases to owner until until up to n updates of platform, each the
	// oldest of its chat, whose chat has no update under a live lease, in
	// the order they were stored; Attempts counts the claim. One
	// statement where the store can: a worker's finish and its next claim
	// cost one round trip, and that statement may read each known sender
	// (Arrival) with its update.
	ClaimUpdates(platform, owner string, done []int64, now, until time.Time, n int) ([]*InboxUpdate, error)
	// HoldUpdate stores u already leased to owner until until (its first
	// claim), setting u.ID: the replica is handling it and a crash hands
	// it to another once the lease runs out. The update's id is not
	// recorded: whoever began handling it did so (MarkUpdate).
	HoldUpdate(u *InboxUpdate, owner string, until time.Time) error
	// RenewUpdates extends owner's leases of ids to until (updates still
	// being handled), returning how many it still held.
	RenewUpdates(owner string, ids []int64, until time.Time) (int, error)
	// InboxWaiting counts platform's stored updates and the age of the
	// oldest at now, for metrics.
	InboxWaiting(platform string, now time.Time) (int, time.Duration, error)
}

// Receive stores platform updates before they are acknowledged: a
// redelivered one (same platform and update id, or twice in us) is
// dropped here, and the others wait for ClaimUpdates. It returns how many
// were new. A page of updates costs one statement where the store can.
func (s *Inbox) Receive(ctx context.Context, us ...*InboxUpdate) (int, error) {
	if len(us) == 0 {
		return 0, nil
	}
	now := s.now()
	type key struct{ platform, id string }
	seen := make(map[key]bool, len(us))
	fresh := us[:0:0]
	for _, u := range us {
		if u.Platform == "" || u.UpdateID == "" {
			return 0, fmt.Errorf("core: an update to store needs a platform and an id, got %q and %q", u.Platform, u.UpdateID)
		}
		if k := (key{u.Platform, u.UpdateID}); !seen[k] {
			seen[k] = true
			u.Received = now
			fresh = append(fresh, u)
		}
	}
	var n int
	err := s.store.Single(ctx, func(tx Tx) (err error) {
		n, err = tx.StoreUpdates(fresh)
		return err
	})
	return n, err
}

// HoldUpdate stores an update this replica is already handling, leased
// to owner for lease, in one statement: an interaction acknowledged
// before its work is done (a deferred Discord answer) must outlive the
// replica doing the work. Only the owner's inbox renews and finishes it;
// if the owner dies, any replica's ClaimUpdates takes it once the lease
// runs out. It sets u.ID, u.Received and u.Attempts (1).
func (s *Inbox) HoldUpdate(ctx context.Context, owner string, lease time.Duration, u *InboxUpdate) error {
	if u.Platform == "" || owner == "" {
		return fmt.Errorf("core: an update to hold needs a platform and an owner, got %q and %q", u.Platform, owner)
	}
	return s.single(ctx, func(tx InboxTx, now time.Time) error {
		u.Received, u.Attempts = now, 1
		return tx.HoldUpdate(u, owner, now.Add(lease))
	})
}

// ClaimUpdates finishes the handled updates done and leases up to n
// more of platform to owner for lease, one per chat with none in flight
// (InboxTx.ClaimUpdates), in one statement where the store can. n may be
// 0 to only finish.
func (s *Inbox) ClaimUpdates(ctx context.Context, platform, owner string, done []int64, lease time.Duration, n int) ([]*InboxUpdate, error) {
	var us []*InboxUpdate
	err := s.single(ctx, func(tx InboxTx, now time.Time) (err error) {
		us, err = tx.ClaimUpdates(platform, owner, done, now, now.Add(lease), n)
		return err
	})
	return us, err
}

// RenewUpdates extends owner's leases of the updates ids it is still
// handling by lease from now, and returns how many it still held.
func (s *Inbox) RenewUpdates(ctx context.Context, owner string, ids []int64, lease time.Duration) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	var n int
	err := s.single(ctx, func(tx InboxTx, now time.Time) (err error) {
		n, err = tx.RenewUpdates(owner, ids, now.Add(lease))
		return err
	})
	return n, err
}

// InboxWaiting counts platform's stored updates not yet handled and how
// long the oldest has waited.
func (s *Inbox) InboxWaiting(ctx context.Context, platform string) (int, time.Duration, error) {
	var n int
	var age time.Duration
	err := s.browse(ctx, func(tx InboxTx, now time.Time) (err error) {
		n, age, err = tx.InboxWaiting(platform, now)
		return err
	})
	return n, age, err
}
