package sqlstore

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slotbot/slotbot/core"
)

// storeUpdatesQuery records the updates' ids and stores them, in one
// statement for a whole page of updates: the insert into inbox selects
// from the updates_seen insert, so a redelivery (whose id conflicts)
// stores nothing, and it inserts in the page's order (ord), which is the
// order a chat's updates are handled in. %s is one row of storeUpdateRow
// per update, comma-separated.
const storeUpdatesQuery = `WITH v (platform, update_id, chat, body, received_at, sender, sender_chat, ord) AS (VALUES %s),
	seen AS (INSERT INTO updates_seen (platform, update_id, seen_at) SELECT platform, update_id, received_at FROM v
		ON CONFLICT (platform, update_id) DO NOTHING RETURNING platform, update_id)
	INSERT INTO inbox (platform, update_id, chat, body, received_at, sender, sender_chat)
	SELECT v.platform, v.update_id, v.chat, v.body, v.received_at, v.sender, v.sender_chat
	FROM v JOIN seen USING (platform, update_id) ORDER BY v.ord`

// storeUpdateRow is one update's row of storeUpdatesQuery: platform,
// update id, chat, body, received, sender, sender's chat, its place in
// the page.
const storeUpdateRow = `(CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TIMESTAMPTZ),
	CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS INTEGER))`

// StoreUpdates stores each update not seen before: on PostgreSQL one
// statement for them all, the page a poll brought; elsewhere two for them
// all (the marks, returning the fresh ones, then their rows), not two per
// update. The updates' ids must differ.
func (t *tx) StoreUpdates(us []*core.InboxUpdate) (int, error) {
	if len(us) == 0 {
		return 0, nil
	}
	if t.d.JoinStatements {
		rows := strings.TrimSuffix(strings.Repeat(storeUpdateRow+", ", len(us)), ", ")
		args := make([]any, 0, 8*len(us))
		for i, u := range us {
			args = append(args, u.Platform, u.UpdateID, u.Chat, string(u.Body), dbTime(u.Received), u.Sender, u.SenderChat, i)
		}
		return t.exec("store updates", strings.Replace(storeUpdatesQuery, "%s", rows, 1), args...)
	}
	marks := make([]any, 0, 3*len(us))
	for _, u := range us {
		marks = append(marks, u.Platform, u.UpdateID, dbTime(u.Received))
	}
	seen, err := all(t, "mark updates", func(s rowScanner) (*[2]string, error) {
		var k [2]string
		return &k, s.Scan(&k[0], &k[1])
	}, `INSERT INTO updates_seen (platform, update_id, seen_at) VALUES `+
		strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(us)), ", ")+
		` ON CONFLICT (platform, update_id) DO NOTHING RETURNING platform, update_id`, marks...)
	if err != nil || len(seen) == 0 {
		return 0, err
	}
	fresh := make(map[[2]string]bool, len(seen))
	for _, k := range seen {
		fresh[*k] = true
	}
	args := make([]any, 0, 7*len(seen))
	for _, u := range us { // in the page's order, which is the order a chat's updates are handled in
		if fresh[[2]string{u.Platform, u.UpdateID}] {
			args = append(args, u.Platform, u.UpdateID, u.Chat, string(u.Body), dbTime(u.Received), u.Sender, u.SenderChat)
		}
	}
	if _, err := t.exec("store updates", `INSERT INTO inbox (platform, update_id, chat, body, received_at, sender, sender_chat) VALUES `+
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?), ", len(seen)), ", "), args...); err != nil {
		return 0, err
	}
	return len(seen), nil
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
	RETURNING id, platform, update_id, chat, body, received_at, attempts, sender, sender_chat`

// claimHeadsQuery is claimUpdatesQuery on PostgreSQL: each chat's oldest
// update (those being finished, the first array, no longer count) is
// found in one pass over the platform's updates, an InitPlan run once,
// and only those heads are looked up by id and locked. The NOT EXISTS of
// claimUpdatesQuery was planned as a nested loop that scanned the whole
// inbox again for every stored update, since the inbox's statistics,
// when it has any, are of a queue at rest (1 row estimated where a rush
// keeps 200): in the rush of 200 that was 3,000-6,000 buffers a claim,
// nine tenths of the server's buffer reads. The lease is checked again on the locked
// row, so a row another replica claimed meanwhile is not claimed twice.
// Arguments: owner, until, platform, done, now, now, n.
const claimHeadsQuery = `UPDATE inbox SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1
	WHERE id IN (SELECT i.id FROM inbox i
		WHERE i.id = ANY (ARRAY(SELECT h.id FROM (SELECT DISTINCT ON (chat) id, claimed_until FROM inbox
				WHERE platform = ? AND id <> ALL (CAST(? AS BIGINT[])) ORDER BY chat, id) h
			WHERE h.claimed_until IS NULL OR h.claimed_until <= ?))
		AND (i.claimed_until IS NULL OR i.claimed_until <= ?)
		ORDER BY i.id LIMIT ?%s)
	RETURNING id, platform, update_id, chat, body, received_at, attempts, sender, sender_chat`

// claimArrivingQuery is claimHeadsQuery (%s) with each claimed update's
// sender read as ArriveKnown reads them (every column of
// knownPersonSelect, the conversation joined), in the same statement; a
// sender with no row comes with known false and NULLs (scanned as zeros).
const claimArrivingQuery = `WITH u AS (%s)
	SELECT u.id, u.platform, u.update_id, u.chat, u.body, u.received_at, u.attempts, u.sender, u.sender_chat,
		p.platform IS NOT NULL, p.*,
		f.platform IS NOT NULL, COALESCE(f.flow, ''), COALESCE(f.step, 0), COALESCE(f.data, '{}'), f.updated_at
	FROM u LEFT JOIN LATERAL (` + knownPersonSelect + `
			WHERE u.sender <> '' AND a.platform = u.platform AND a.user_id = u.sender
			AND (u.sender_chat = '' OR (a.chat_id = u.sender_chat AND NOT a.unreachable)) LIMIT 1) p ON TRUE
		LEFT JOIN conversations f ON p.platform IS NOT NULL AND f.platform = u.platform AND f.user_id = u.sender`

// claimedArrivingQuery reads claimed updates (by id, the IN list) as
// claimArrivingQuery returns them, for SQLite, which has no LATERAL: an
// account is one row at most (its key is platform and user id), and so
// is a client's coach record (coaches_client_id_idx).
const claimedArrivingQuery = `SELECT u.id, u.platform, u.update_id, u.chat, u.body, u.received_at, u.attempts,
		u.sender, u.sender_chat, c.id IS NOT NULL, ` + knownPersonColumns + `,
		f.platform IS NOT NULL, COALESCE(f.flow, ''), COALESCE(f.step, 0), COALESCE(f.data, '{}'), f.updated_at
	FROM inbox u LEFT JOIN accounts a ON u.sender <> '' AND a.platform = u.platform AND a.user_id = u.sender
			AND (u.sender_chat = '' OR (a.chat_id = u.sender_chat AND NOT a.unreachable))
		LEFT JOIN clients c ON c.id = a.client_id LEFT JOIN coaches co ON co.client_id = c.id
		LEFT JOIN conversations f ON c.id IS NOT NULL AND f.platform = u.platform AND f.user_id = u.sender
	WHERE u.id IN (?)`

// ClaimUpdates finishes done and claims up to n updates: on PostgreSQL
// one statement (the delete as a CTE, which the claim's snapshot does not
// see, hence done is excluded by id); elsewhere a delete, then the claim,
// then the claimed updates read with their senders (Arrival), which the
// update's handling would otherwise read in a transaction of its own.
func (t *tx) ClaimUpdates(platform, owner string, done []int64, now, until time.Time, n int) ([]*core.InboxUpdate, error) {
	ids := append([]int64{0}, done...) // never an empty IN list; no row has id 0
	if t.d.JoinStatements {
		// The finished ids go as one array, not an IN list whose length
		// varies: the text stays the same, so it is prepared once per
		// connection (PostgreSQL planned this join on every claim) and
		// no list is expanded and rebound here.
		q := strings.Replace(claimHeadsQuery, "%s", t.skipLocked(), 1)
		q = `WITH fin AS (DELETE FROM inbox WHERE id = ANY (CAST(? AS BIGINT[]))), ` +
			strings.TrimPrefix(strings.Replace(claimArrivingQuery, "%s", q, 1), "WITH ")
		list := pgArray(ids)
		args := []any{list, owner, dbTime(until), platform, list, dbTime(now), dbTime(now), n}
		us, err := all(t, "claim updates", scanArrivingUpdate, q, args...)
		if err != nil {
			return nil, err
		}
		slices.SortFunc(us, func(a, b *core.InboxUpdate) int { return cmp.Compare(a.ID, b.ID) })
		return us, nil
	}
	q := strings.Replace(claimUpdatesQuery, "%s", t.skipLocked(), 1)
	args := []any{owner, dbTime(until), platform, ids, dbTime(now), ids, n}
	// SQLite would find the candidates through inbox_chat_idx (by
	// platform), every stored update of the platform, in flight or not,
	// and sort them; "+" keeps the index out of it, so it walks the inbox
	// in id order and stops once it has n (a fifth of the CPU under the
	// rush went to the claim's scan and sort).
	q = strings.Replace(q, "WHERE i.platform = ?", "WHERE +i.platform = ?", 1)
	q = q[:strings.LastIndex(q, "RETURNING ")] + "RETURNING id"
	if len(done) > 0 {
		if _, err := t.exec("finish updates", `DELETE FROM inbox WHERE id IN (?)`, done); err != nil {
			return nil, err
		}
	}
	claimed, err := all(t, "claim updates", func(s rowScanner) (*int64, error) {
		var id int64
		return &id, s.Scan(&id)
	}, q, args...)
	if err != nil {
		return nil, err
	}
	if len(claimed) == 0 {
		return []*core.InboxUpdate{}, nil
	}
	// Their senders are read in this transaction, on the writer's
	// connection, instead of in a read transaction each when handled:
	// that was a sixth of SQLite's statements in the rush, and a
	// reader finds its page cache stale whenever the WAL has grown.
	claimedIDs := make([]int64, len(claimed))
	for i, id := range claimed {
		claimedIDs[i] = *id
	}
	us, err := all(t, "claim updates", scanArrivingUpdate, claimedArrivingQuery, claimedIDs)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(us, func(a, b *core.InboxUpdate) int { return cmp.Compare(a.ID, b.ID) })
	return us, nil
}

// pgArray writes ids as a PostgreSQL array literal, "{0,12,13}".
func pgArray(ids []int64) string {
	b := make([]byte, 0, 2+8*len(ids))
	b = append(b, '{')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, '}'))
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

// inboxDest is where the claim's columns of the update are scanned to.
func inboxDest(u *core.InboxUpdate) []any {
	return []any{&u.ID, &u.Platform, &u.UpdateID, &u.Chat, &u.Body, (*dbTime)(&u.Received), &u.Attempts,
		&u.Sender, &u.SenderChat}
}

// scanArrivingUpdate reads a row of claimArrivingQuery: the update, and
// its sender's Arrival when they are known, else whether they are a
// Newcomer.
func scanArrivingUpdate(s rowScanner) (*core.InboxUpdate, error) {
	var (
		u            core.InboxUpdate
		p            core.Person
		known, found bool
	)
	conv := core.Conversation{}
	person := knownPersonDest(&p)
	zs := make([]orZero, len(person)) // one allocation, not one per column boxed into an interface
	for i, d := range person {
		zs[i].dest = d
		person[i] = &zs[i]
	}
	dest := append(append(append(inboxDest(&u), &known), person...),
		&found, &conv.Flow, &conv.Step, (*jsonMap)(&conv.Data), (*dbTime)(&conv.Updated))
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	if known {
		conv.Platform, conv.UserID = u.Platform, u.Sender
		if !found {
			conv.Data = map[string]string{} // as Conversation returns an idle one
		}
		u.Arrival = &core.Arrival{Fresh: true, Person: withoutEmptyCoach(&p), Conversation: &conv}
	}
	u.Newcomer = !known && u.Sender != ""
	return &u, nil
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
