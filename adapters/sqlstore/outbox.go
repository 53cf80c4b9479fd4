package sqlstore

import (
	"cmp"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/slotbot/slotbot/core"
)

// skipLocked is the lock clause of the claim: the dialect's row lock with
// SKIP LOCKED, so racing dispatchers each take different rows instead of
// queueing on the same ones. A dialect that locks no rows (SQLite, one
// writer at a time) needs none.
func (t *tx) skipLocked() string {
	if t.d.Lock == "" {
		return ""
	}
	return t.d.Lock + " SKIP LOCKED"
}

// ClaimNotices leases due, unleased (or expired-lease) pending notices to
// owner and counts an attempt on each. The inner SELECT walks the partial
// index on (due, id) of pending notices and stops at the first row not yet
// due.
func (t *tx) ClaimNotices(owner string, now, until time.Time, n int) ([]*core.Notice, error) {
	if err := t.flushFor("notices"); err != nil {
		return nil, err
	}
	ns, err := all(t, "claim notices", scanNotice, `UPDATE notices
		SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1
		WHERE id IN (SELECT id FROM notices
			WHERE status = 'pending' AND due <= ? AND (claimed_until IS NULL OR claimed_until <= ?)
			ORDER BY due, id LIMIT ?`+t.skipLocked()+`)
		RETURNING `+noticeCols,
		owner, dbTime(until), dbTime(now), dbTime(now), n)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(ns, func(a, b *core.Notice) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return ns, nil
}

// RenewNotices extends owner's leases of the pending notices ids.
func (t *tx) RenewNotices(owner string, ids []int64, until time.Time) (int, error) {
	if err := t.flushFor("notices"); err != nil {
		return 0, err
	}
	return t.exec("renew notices", `UPDATE notices SET claimed_until = ?
		WHERE claimed_by = ? AND status = 'pending' AND id IN (?)`, dbTime(until), owner, ids)
}

// NoticeByID reads one notice.
func (t *tx) NoticeByID(id int64) (*core.Notice, error) {
	if err := t.flushFor("notices"); err != nil {
		return nil, err
	}
	return one(t, "notice", "Notice", scanNotice, `SELECT `+noticeCols+` FROM notices WHERE id = ?`, id)
}

// SettleNotice writes a claimed notice's outcome and frees its lease, if
// owner still holds it and the notice is still pending.
func (t *tx) SettleNotice(n *core.Notice, owner string) (bool, error) {
	if err := t.flushFor("notices"); err != nil {
		return false, err
	}
	k, err := t.exec("settle notice", `UPDATE notices SET status = ?, due = ?, attempts = ?, last_error = ?,
		sent_at = ?, claimed_by = NULL, claimed_until = NULL
		WHERE id = ? AND claimed_by = ? AND status = 'pending'`,
		string(n.Status), dbTime(n.Due), n.Attempts, n.LastError, dbTime(n.Sent), n.ID, owner)
	return k == 1, err
}

// AddNoticeOnce inserts n unless its key exists; the unique partial index
// on dedupe_key decides, so two replicas racing write one row.
func (t *tx) AddNoticeOnce(n *core.Notice, key string) (bool, error) {
	if err := t.flushFor("notices"); err != nil {
		return false, err
	}
	q, args, err := t.query(`INSERT INTO notices (kind, to_kind, to_id, booking_id, session_id, data, due,
		status, attempts, last_error, created_at, sent_at, dedupe_key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id`,
		[]any{string(n.Kind), n.ToKind, n.ToID, nullID(n.BookingID), nullID(n.SessionID), jsonMap(n.Data),
			dbTime(n.Due), string(n.Status), n.Attempts, n.LastError, dbTime(n.Created), dbTime(n.Sent), key})
	if err != nil {
		return false, t.fail("add notice once", "", err)
	}
	var id int64
	switch err := t.queryRow(q, args).Scan(&id); {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, t.fail("add notice once", "", err)
	}
	n.ID = id
	return true, nil
}

// DeadNotices lists the dead notices that concern a coach, newest first.
func (t *tx) DeadNotices(coachID int64, n int) ([]*core.Notice, error) {
	if err := t.flushFor("notices"); err != nil {
		return nil, err
	}
	return all(t, "dead notices", scanNotice, `SELECT `+noticeCols+` FROM notices
		WHERE status = 'dead' AND (
			(to_kind = 'coach' AND to_id = ?)
			OR session_id IN (SELECT id FROM sessions WHERE coach_id = ?)
			OR (to_kind = 'client' AND session_id IS NULL AND (
				to_id IN (SELECT client_id FROM passes WHERE coach_id = ?)
				OR to_id IN (SELECT client_id FROM payments WHERE coach_id = ?))))
		ORDER BY id DESC`+limit(n), coachID, coachID, coachID, coachID)
}

// ExpiringPasses lists passes with credits left expiring in (from, to].
func (t *tx) ExpiringPasses(from, to time.Time) ([]*core.Pass, error) {
	return all(t, "expiring passes", scanPass, `SELECT `+passCols+` FROM passes
		WHERE credits_left > 0 AND expires > ? AND expires <= ? ORDER BY expires, id`, dbTime(from), dbTime(to))
}

// ClaimJob takes or renews the lease of a periodic job: a new row, or an
// update of an expired (or our own) lease; a live lease of another owner
// makes the upsert do nothing and return no row.
func (t *tx) ClaimJob(name, owner string, now, until time.Time) (bool, error) {
	q, args, err := t.query(`INSERT INTO job_leases (name, owner, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
		WHERE job_leases.expires_at <= ? OR job_leases.owner = excluded.owner
		RETURNING name`, []any{name, owner, dbTime(until), dbTime(now)})
	if err != nil {
		return false, t.fail("claim job", "", err)
	}
	var got string
	switch err := t.queryRow(q, args).Scan(&got); {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, t.fail("claim job", "", err)
	}
	return true, nil
}
