package sqlstore

import (
	"database/sql"
	"time"

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

// knownPersonSelect reads an account with its client and coach record
// (columns COALESCEd: none when co_id is 0); knownPersonQuery and the
// inbox's claim add the conditions.
const knownPersonSelect = `SELECT ` + knownPersonColumns + `
	FROM accounts a JOIN clients c ON c.id = a.client_id LEFT JOIN coaches co ON co.client_id = c.id`

// knownPersonColumns are knownPersonSelect's columns, of accounts a,
// clients c and coaches co.
const knownPersonColumns = `a.platform, a.user_id, a.client_id, a.chat_id, a.unreachable,
	c.id AS cid, c.name, c.zone, c.language, c.email, c.phone, c.created_at,
	COALESCE(co.id, 0) AS co_id, co.client_id AS co_client, COALESCE(co.name, '') AS co_name,
	COALESCE(co.zone, '') AS co_zone, COALESCE(co.cancel_window_s, 0) AS co_cancel,
	COALESCE(co.late_outcome, '') AS co_late, COALESCE(co.late_fee_amount, 0) AS co_fee,
	COALESCE(co.late_fee_currency, '') AS co_cur, COALESCE(co.reschedule_notice_s, 0) AS co_resched,
	COALESCE(co.unpaid_hold_s, 0) AS co_hold, COALESCE(co.reminder_offsets, '[]') AS co_reminders,
	co.created_at AS co_created, COALESCE(co.unpaid_mode, '') AS co_unpaid`

// knownPersonQuery reads a known account that needs no write, with its
// client and coach record: the account must match platform and user id
// and, when a chat id is given, be that chat's and reachable — core's
// mustRefresh, in SQL, so that ArriveKnown can decide inside one
// statement. Arguments: platform, user id, chat id twice.
const knownPersonQuery = knownPersonSelect + `
	WHERE a.platform = ? AND a.user_id = ? AND (? = '' OR (a.chat_id = ? AND NOT a.unreachable))`

// knownPersonDest is where knownPersonQuery's columns are scanned to.
func knownPersonDest(p *core.Person) []any {
	p.Account, p.Client, p.Coach = &core.Account{}, &core.Client{}, &core.Coach{}
	a, c := p.Account, p.Client
	return append([]any{&a.Platform, &a.UserID, &a.ClientID, &a.ChatID, &a.Unreachable,
		&c.ID, &c.Name, &c.Zone, &c.Language, &c.Email, &c.Phone, (*dbTime)(&c.Created)}, coachDest(p.Coach)...)
}

// ArriveKnown is one statement on PostgreSQL: the known person as a CTE,
// the update id inserted only when that person exists, and the
// conversation joined; without an update id, a plain SELECT of the same. Elsewhere it is three statements in the
// transaction Single gives it.
func (t *tx) ArriveKnown(platform, updateID, userID, chatID string, at time.Time) (*core.Arrival, error) {
	var (
		p     core.Person
		conv  = core.Conversation{Platform: platform, UserID: userID}
		seen  int
		found bool
	)
	if !t.d.JoinStatements {
		p2, err := one(t, "arrive", "Account", func(s rowScanner) (*core.Person, error) {
			return &p, s.Scan(knownPersonDest(&p)...)
		}, knownPersonQuery, platform, userID, chatID, chatID)
		if core.ErrorCode(err) == core.ENOTFOUND {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if updateID != "" {
			fresh, err := t.MarkUpdate(platform, updateID, at)
			if err != nil || !fresh {
				return &core.Arrival{}, err
			}
		}
		c, err := t.Conversation(platform, userID)
		if err != nil {
			return nil, err
		}
		return &core.Arrival{Fresh: true, Person: withoutEmptyCoach(p2), Conversation: c}, nil
	}
	dest := append(append([]any{&seen}, knownPersonDest(&p)...),
		&found, &conv.Flow, &conv.Step, (*jsonMap)(&conv.Data), (*dbTime)(&conv.Updated))
	scan := func(s rowScanner) (*core.Person, error) { return &p, s.Scan(dest...) }
	var err error
	if updateID == "" { // a read: a plain SELECT, which Browse runs
		_, err = one(t, "arrive", "Account", scan, `SELECT 1, p.*, f.platform IS NOT NULL, COALESCE(f.flow, ''),
			COALESCE(f.step, 0), COALESCE(f.data, '{}'), f.updated_at
			FROM (`+knownPersonQuery+`) p LEFT JOIN conversations f ON f.platform = ? AND f.user_id = ?`,
			platform, userID, chatID, chatID, platform, userID)
	} else {
		_, err = one(t, "arrive", "Account", scan, `WITH p AS (`+knownPersonQuery+`),
			seen AS (INSERT INTO updates_seen (platform, update_id, seen_at) SELECT ?, ?, ?
				WHERE EXISTS (SELECT 1 FROM p) ON CONFLICT (platform, update_id) DO NOTHING RETURNING 1)
			SELECT (SELECT COUNT(*) FROM seen), p.*, f.platform IS NOT NULL, COALESCE(f.flow, ''),
				COALESCE(f.step, 0), COALESCE(f.data, '{}'), f.updated_at
			FROM p LEFT JOIN conversations f ON f.platform = ? AND f.user_id = ?`,
			platform, userID, chatID, chatID, platform, updateID, dbTime(at), platform, userID)
	}
	switch {
	case core.ErrorCode(err) == core.ENOTFOUND:
		return nil, nil
	case err != nil:
		return nil, err
	case seen == 0:
		return &core.Arrival{}, nil // a redelivery
	}
	if !found {
		conv.Data = map[string]string{} // as Conversation returns an idle one
	}
	return &core.Arrival{Fresh: true, Person: withoutEmptyCoach(&p), Conversation: &conv}, nil
}

// withoutEmptyCoach drops the coach record knownPersonQuery filled with
// zeros for a person who is not a coach.
func withoutEmptyCoach(p *core.Person) *core.Person {
	if p.Coach.ID == 0 {
		p.Coach = nil
	}
	return p
}

// firstContactQuery creates a client and their account unless the
// account exists, and reads the account's conversation, in one
// statement: a first contact's three round trips and its BEGIN and
// COMMIT were a fifth of the statements of a rush of new people.
// Arguments: the client's columns, the account's platform and user id
// (twice), its chat, then platform and user id for the conversation.
const firstContactQuery = `WITH c AS (INSERT INTO clients (name, zone, language, email, phone, search, created_at)
		SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT),
			CAST(? AS TIMESTAMPTZ)
		WHERE NOT EXISTS (SELECT 1 FROM accounts WHERE platform = ? AND user_id = ?) RETURNING id),
	a AS (INSERT INTO accounts (platform, user_id, client_id, chat_id, unreachable)
		SELECT CAST(? AS TEXT), CAST(? AS TEXT), id, CAST(? AS TEXT), FALSE FROM c RETURNING client_id)
	SELECT a.client_id, f.platform IS NOT NULL, COALESCE(f.flow, ''), COALESCE(f.step, 0), COALESCE(f.data, '{}'),
		f.updated_at
	FROM a LEFT JOIN conversations f ON f.platform = ? AND f.user_id = ?`

// FirstContact is firstContactQuery on PostgreSQL; elsewhere the account
// is looked for, then the client and account inserted and the
// conversation read, in the transaction Single gives it.
func (t *tx) FirstContact(c *core.Client, acc *core.Account) (*core.Arrival, error) {
	acc.Unreachable = false
	if !t.d.JoinStatements {
		if _, err := t.Account(acc.Platform, acc.UserID); core.ErrorCode(err) != core.ENOTFOUND {
			return nil, err // nil: the account exists
		}
		if err := t.CreateClient(c); err != nil {
			return nil, err
		}
		acc.ClientID = c.ID
		if err := t.PutAccount(acc); err != nil {
			return nil, err
		}
		conv, err := t.Conversation(acc.Platform, acc.UserID)
		if err != nil {
			return nil, err
		}
		return &core.Arrival{Fresh: true, Person: &core.Person{Client: c, Account: acc}, Conversation: conv}, nil
	}
	conv := core.Conversation{Platform: acc.Platform, UserID: acc.UserID}
	var found bool
	_, err := one(t, "first contact", "Account", func(s rowScanner) (*core.Conversation, error) {
		return &conv, s.Scan(&c.ID, &found, &conv.Flow, &conv.Step, (*jsonMap)(&conv.Data), (*dbTime)(&conv.Updated))
	}, firstContactQuery, c.Name, c.Zone, c.Language, c.Email, c.Phone, searchKey(c), dbTime(c.Created),
		acc.Platform, acc.UserID, acc.Platform, acc.UserID, acc.ChatID, acc.Platform, acc.UserID)
	if core.ErrorCode(err) == core.ENOTFOUND {
		return nil, nil // the account exists: nothing was written
	}
	if err != nil {
		return nil, err
	}
	acc.ClientID = c.ID
	if !found {
		conv.Data = map[string]string{} // as Conversation returns an idle one
	}
	return &core.Arrival{Fresh: true, Person: &core.Person{Client: c, Account: acc}, Conversation: &conv}, nil
}
