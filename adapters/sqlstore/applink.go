package sqlstore

import (
	"time"

	"github.com/slotbot/slotbot/core"
)

const appLinkCols = `nonce_hash, client_id, expires_at, created_at`

func scanAppLink(s rowScanner) (*core.AppLink, error) {
	var l core.AppLink
	err := s.Scan(&l.Hash, &l.ClientID, (*dbTime)(&l.Expires), (*dbTime)(&l.Created))
	return &l, err
}

// PutAppLink stores a calendar link after removing every expired one.
func (t *tx) PutAppLink(l *core.AppLink) error {
	if _, err := t.exec("clear app links", `DELETE FROM app_links WHERE expires_at <= ?`, dbTime(l.Created)); err != nil {
		return err
	}
	_, err := t.exec("put app link", `INSERT INTO app_links (`+appLinkCols+`) VALUES (?, ?, ?, ?)`,
		l.Hash, l.ClientID, dbTime(l.Expires), dbTime(l.Created))
	return err
}

// TakeAppLink deletes a link and returns it, in one statement so two
// openings of the same link cannot both have it.
func (t *tx) TakeAppLink(hash string) (*core.AppLink, error) {
	return one(t, "take app link", "Calendar link", scanAppLink,
		`DELETE FROM app_links WHERE nonce_hash = ? RETURNING `+appLinkCols, hash)
}

// AppSecret stores fresh under name unless a secret is there, then reads
// what is.
func (t *tx) AppSecret(name, fresh string, at time.Time) (string, error) {
	if _, err := t.exec("put app secret", `INSERT INTO app_secrets (name, secret, created_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO NOTHING`, name, fresh, dbTime(at)); err != nil {
		return "", err
	}
	v, err := one(t, "app secret", "App secret", func(s rowScanner) (*string, error) {
		var v string
		return &v, s.Scan(&v)
	}, `SELECT secret FROM app_secrets WHERE name = ?`, name)
	if err != nil {
		return "", err
	}
	return *v, nil
}
