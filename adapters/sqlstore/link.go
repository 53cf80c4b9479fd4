package sqlstore

import (
	"fmt"

	"github.com/slotbot/slotbot/core"
)

const linkCodeCols = `code_hash, client_id, platform, user_id, expires_at, created_at`

func scanLinkCode(s rowScanner) (*core.LinkCode, error) {
	var c core.LinkCode
	err := s.Scan(&c.Hash, &c.ClientID, &c.Platform, &c.UserID, (*dbTime)(&c.Expires), (*dbTime)(&c.Created))
	return &c, err
}

// PutLinkCode stores a code after removing the account's older codes and
// every expired one.
func (t *tx) PutLinkCode(c *core.LinkCode) error {
	if _, err := t.exec("clear link codes", `DELETE FROM link_codes
		WHERE (platform = ? AND user_id = ?) OR expires_at <= ?`, c.Platform, c.UserID, dbTime(c.Created)); err != nil {
		return err
	}
	_, err := t.exec("put link code", `INSERT INTO link_codes (`+linkCodeCols+`) VALUES (?, ?, ?, ?, ?, ?)`,
		c.Hash, c.ClientID, c.Platform, c.UserID, dbTime(c.Expires), dbTime(c.Created))
	return err
}

// TakeLinkCode deletes a code and returns it, in one statement so two
// people racing with the same code cannot both have it.
func (t *tx) TakeLinkCode(hash string) (*core.LinkCode, error) {
	return one(t, "take link code", "Link code", scanLinkCode,
		`DELETE FROM link_codes WHERE code_hash = ? RETURNING `+linkCodeCols, hash)
}

// DropClientIfUnused deletes a client row nothing refers to. The tables
// this package knows are checked in the statement; a reference from any
// other table (a foreign key added later) makes the DELETE fail, which a
// savepoint turns back into "kept" without spoiling the transaction.
func (t *tx) DropClientIfUnused(id int64) (bool, error) {
	if err := t.flush(); err != nil {
		return false, err
	}
	if err := t.savepoint("SAVEPOINT drop_client"); err != nil {
		return false, err
	}
	n, err := t.exec("drop client", `DELETE FROM clients WHERE id = ?
		AND NOT EXISTS (SELECT 1 FROM accounts WHERE client_id = ?)
		AND NOT EXISTS (SELECT 1 FROM bookings WHERE client_id = ?)
		AND NOT EXISTS (SELECT 1 FROM passes WHERE client_id = ?)
		AND NOT EXISTS (SELECT 1 FROM payments WHERE client_id = ?)
		AND NOT EXISTS (SELECT 1 FROM coaches WHERE client_id = ?)`, id, id, id, id, id, id)
	if err != nil {
		if core.ErrorCode(err) != core.ENOTFOUND { // not a foreign key: a real failure
			return false, err
		}
		if err := t.savepoint("ROLLBACK TO SAVEPOINT drop_client"); err != nil {
			return false, err
		}
		n = 0
	}
	if err := t.savepoint("RELEASE SAVEPOINT drop_client"); err != nil {
		return false, err
	}
	return n == 1, nil
}

// savepoint runs a savepoint statement, which reports no row count.
func (t *tx) savepoint(q string) error {
	if err := t.open(); err != nil {
		return err
	}
	if t.tx == nil {
		return fmt.Errorf("%s: %s outside a transaction (Single)", t.d.Name, q)
	}
	if _, err := t.tx.ExecContext(t.ctx, q); err != nil {
		return fmt.Errorf("%s: %s: %w", t.d.Name, q, err)
	}
	return nil
}
