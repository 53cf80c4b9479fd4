package sqlstore

import (
	"database/sql"
	"errors"
	"time"

	"github.com/slotbot/slotbot/core"
)

// PutFeedToken replaces the client's calendar feed token.
func (t *tx) PutFeedToken(clientID int64, hash string, at time.Time) error {
	if _, err := t.exec("clear feed token", `DELETE FROM calendar_feeds WHERE client_id = ?`, clientID); err != nil {
		return err
	}
	_, err := t.exec("put feed token", `INSERT INTO calendar_feeds (client_id, token_hash, created_at) VALUES (?, ?, ?)`,
		clientID, hash, dbTime(at))
	return err
}

// FeedClient finds the client of a feed token by its hash.
func (t *tx) FeedClient(hash string) (int64, error) {
	var id int64
	if err := t.open(); err != nil {
		return 0, err
	}
	q := t.rebind(`SELECT client_id FROM calendar_feeds WHERE token_hash = ?`)
	if err := t.conn().QueryRowContext(t.ctx, q, hash).Scan(&id); err != nil {
		return 0, t.fail("feed client", "Calendar feed", err)
	}
	return id, nil
}

// HasFeedToken reports whether the client has a feed token.
func (t *tx) HasFeedToken(clientID int64) (bool, error) {
	var one int
	if err := t.open(); err != nil {
		return false, err
	}
	q := t.rebind(`SELECT 1 FROM calendar_feeds WHERE client_id = ?`)
	err := t.conn().QueryRowContext(t.ctx, q, clientID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	} else if err != nil {
		return false, t.fail("has feed token", "", err)
	}
	return true, nil
}

// OutboxHealth reads the outbox's summary with three index walks: the
// oldest due pending notice (the first entry of the partial index on
// (due, id)), the due ones up to core.OutboxDueCap, and the dead ones.
func (t *tx) OutboxHealth(now time.Time) (core.OutboxHealth, error) {
	var h core.OutboxHealth
	if err := t.flush(); err != nil {
		return h, err
	}
	if err := t.open(); err != nil {
		return h, err
	}
	q := t.rebind(`SELECT due FROM notices WHERE status = 'pending' AND due <= ? ORDER BY due, id LIMIT 1`)
	err := t.conn().QueryRowContext(t.ctx, q, dbTime(now)).Scan((*dbTime)(&h.OldestDue))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return h, t.fail("oldest due notice", "", err)
	}
	q = t.rebind(`SELECT COUNT(*) FROM (SELECT 1 FROM notices WHERE status = 'pending' AND due <= ? LIMIT ?) due`)
	if err := t.conn().QueryRowContext(t.ctx, q, dbTime(now), core.OutboxDueCap).Scan(&h.Due); err != nil {
		return h, t.fail("due notices", "", err)
	}
	q = `SELECT COUNT(*) FROM notices WHERE status = 'dead'`
	if err := t.conn().QueryRowContext(t.ctx, q).Scan(&h.Dead); err != nil {
		return h, t.fail("dead notices", "", err)
	}
	return h, nil
}

// Ping runs SELECT 1: a transaction begins with its first statement, so
// a probe needs one to reach the database.
func (t *tx) Ping() error {
	q, args, err := t.query(`SELECT 1`, nil)
	if err != nil {
		return t.fail("ping", "", err)
	}
	var one int
	if err := t.queryRow(q, args).Scan(&one); err != nil {
		return t.fail("ping", "", err)
	}
	return nil
}
