package sqlstore

import (
	"database/sql"

	"github.com/slotbot/slotbot/core"
)

// personQuery reads an account, its client and the id of the coach record
// of that client, if any, in one round trip: every chat update starts with
// it, and most senders are clients, who need nothing more.
const personQuery = `SELECT a.platform, a.user_id, a.client_id, a.chat_id, a.unreachable,
	c.id, c.name, c.zone, c.language, c.email, c.phone, c.created_at,
	(SELECT co.id FROM coaches co WHERE co.client_id = c.id)
	FROM accounts a JOIN clients c ON c.id = a.client_id
	WHERE a.platform = ? AND a.user_id = ?`

// Person reads a chat user; a coach's record takes a second query.
func (t *tx) Person(platform, userID string) (*core.Person, error) {
	var coachID sql.NullInt64
	p, err := one(t, "person", "Account", func(s rowScanner) (*core.Person, error) {
		var a core.Account
		var c core.Client
		err := s.Scan(&a.Platform, &a.UserID, &a.ClientID, &a.ChatID, &a.Unreachable,
			&c.ID, &c.Name, &c.Zone, &c.Language, &c.Email, &c.Phone, (*dbTime)(&c.Created), &coachID)
		return &core.Person{Account: &a, Client: &c}, err
	}, personQuery, platform, userID)
	if err != nil {
		return nil, err
	}
	if coachID.Valid {
		if p.Coach, err = t.Coach(coachID.Int64); err != nil {
			return nil, err
		}
	}
	return p, nil
}
