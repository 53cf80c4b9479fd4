package sqlstore

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// storeUpdateQuery records an update's id and stores the update, in one
// statement: the insert into inbox selects from the updates_seen insert,
// so a redelivery (whose id conflicts) stores nothing. Arguments: platform,
// update id, received, then platform, update id, chat, body, received.
const storeUpdateQuery = `WITH seen AS (INSERT INTO updates_seen (platform, update_id, seen_at) VALUES (?, ?, ?)
		ON CONFLICT (platform, update_id) DO NOTHING RETURNING 1)
	INSERT INTO inbox (platform, update_id, chat, body, received_at)
	SELECT ?, ?, ?, ?, CAST(? AS TIMESTAMPTZ) FROM seen`

// StoreUpdates stores each update not seen before: one statement each
// on PostgreSQL, two (the mark, then the row) elsewhere.
func (t *tx) StoreUpdates(us []*core.InboxUpdate) (int, error) {
	stored := 0
	for _, u := range us {
		if t.d.JoinStatements {
			n, err := t.exec("store update", storeUpdateQuery, u.Platform, u.UpdateID, dbTime(u.Received),
				u.Platform, u.UpdateID, u.Chat, string(u.Body), dbTime(u.Received))
			if err != nil {
				return stored, err
			}
			stored += n
			continue
		}
		fresh, err := t.MarkUpdate(u.Platform, u.UpdateID, u.Received)
		if err != nil {
			return stored, err
		}
		if !fresh {
			continue
		}
		if _, err := t.exec("store update", `INSERT INTO inbox (platform, update_id, chat, body, received_at)
			VALUES (?, ?, ?, ?, ?)`, u.Platform, u.UpdateID, u.Chat, string(u.Body), dbTime(u.Received)); err != nil {
			return stored, err
		}
		stored++
	}
	return stored, nil
}

// claimUpdatesQuery leases the oldest update of each chat with no live
// lease, oldest first, skipping rows another replica is claiming at the
// same moment. The chat's older updates are looked up in inbox_chat_idx;
// those being finished (the first IN list, repeated) no longer count.
// Arguments: owner, until, platform, done, now, done, n.
const claimUpdatesQuery = `UPDATE inbox SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1
	WHERE id IN (SELECT i.id FROM inbox i
		WHERE i.platform = ? AND i.id NOT IN (?) AND (i.claimed_until IS NULL OR i.claimed_until <= ?)
		AND NOT EXISTS (SELECT 1 FROM inbox j
			WHERE j.platform = i.platform AND j.chat = i.chat AND j.id < i.id AND j.id NOT IN (?))
		ORDER BY i.id LIMIT ?%s)
	RETURNING id, platform, update_id, chat, body, received_at, attempts`

// ClaimUpdates finishes done and claims up to n updates: on PostgreSQL
// one statement (the delete as a CTE, which the claim's snapshot does not
// see, hence done is excluded by id); elsewhere a delete, then the claim.
func (t *tx) ClaimUpdates(platform, owner string, done []int64, now, until time.Time, n int) ([]*core.InboxUpdate, error) {
	ids := append([]int64{0}, done...) // never an empty IN list; no row has id 0
	q := strings.Replace(claimUpdatesQuery, "%s", t.skipLocked(), 1)
	args := []any{owner, dbTime(until), platform, ids, dbTime(now), ids, n}
	if t.d.JoinStatements {
		q = `WITH fin AS (DELETE FROM inbox WHERE id IN (?)) ` + q
		args = append([]any{ids}, args...)
	} else if len(done) > 0 {
		if _, err := t.exec("finish updates", `DELETE FROM inbox WHERE id IN (?)`, done); err != nil {
			return nil, err
		}
	}
	us, err := all(t, "claim updates", scanInboxUpdate, q, args...)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(us, func(a, b *core.InboxUpdate) int { return cmp.Compare(a.ID, b.ID) })
	return us, nil
}

// scanInboxUpdate reads a row of the claim.
func scanInboxUpdate(s rowScanner) (*core.InboxUpdate, error) {
	var u core.InboxUpdate
	err := s.Scan(&u.ID, &u.Platform, &u.UpdateID, &u.Chat, &u.Body, (*dbTime)(&u.Received), &u.Attempts)
	return &u, err
}

// HoldUpdate stores an update leased to owner, as its first claim.
func (t *tx) HoldUpdate(u *core.InboxUpdate, owner string, until time.Time) error {
	id, err := t.insert("hold update", `INSERT INTO inbox (platform, update_id, chat, body, received_at,
		claimed_by, claimed_until, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`,
		u.Platform, u.UpdateID, u.Chat, string(u.Body), dbTime(u.Received), owner, dbTime(until))
	if err != nil {
		return err
	}
	u.ID = id
	return nil
}

// RenewUpdates extends owner's leases of ids.
func (t *tx) RenewUpdates(owner string, ids []int64, until time.Time) (int, error) {
	return t.exec("renew updates", `UPDATE inbox SET claimed_until = ? WHERE claimed_by = ? AND id IN (?)`,
		dbTime(until), owner, ids)
}

// InboxWaiting counts a platform's stored updates and the oldest's age,
// in two statements (SQLite loses a column's type in an aggregate).
func (t *tx) InboxWaiting(platform string, now time.Time) (int, time.Duration, error) {
	oldest, err := one(t, "inbox waiting", "Update", func(s rowScanner) (*time.Time, error) {
		var at dbTime
		err := s.Scan(&at)
		return (*time.Time)(&at), err
	}, `SELECT received_at FROM inbox WHERE platform = ? ORDER BY id LIMIT 1`, platform)
	if core.ErrorCode(err) == core.ENOTFOUND {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, err
	}
	n, err := one(t, "inbox waiting", "Update", func(s rowScanner) (*int, error) {
		var n int
		return &n, s.Scan(&n)
	}, `SELECT COUNT(*) FROM inbox WHERE platform = ?`, platform)
	if err != nil {
		return 0, 0, err
	}
	return *n, max(0, now.Sub(*oldest)), nil
}
