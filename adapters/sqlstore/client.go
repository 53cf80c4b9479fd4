package sqlstore

import (
	"strings"

	"github.com/slotbot/slotbot/core"
)

const clientCols = `id, name, zone, language, email, phone, created_at`

func scanClient(s rowScanner) (*core.Client, error) {
	var c core.Client
	err := s.Scan(&c.ID, &c.Name, &c.Zone, &c.Language, &c.Email, &c.Phone, (*dbTime)(&c.Created))
	return &c, err
}

// searchKey is what SearchClients matches: name, email and phone,
// lower-cased in Go so the match is the same (and Unicode-aware) on every
// database.
func searchKey(c *core.Client) string {
	return strings.ToLower(c.Name + "\n" + c.Email + "\n" + c.Phone)
}

func (t *tx) CreateClient(c *core.Client) error {
	id, err := t.insert("create client", `INSERT INTO clients (name, zone, language, email, phone, search, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.Name, c.Zone, c.Language, c.Email, c.Phone, searchKey(c), dbTime(c.Created))
	if err != nil {
		return err
	}
	c.ID = id
	return nil
}

func (t *tx) Client(id int64) (*core.Client, error) {
	if c, ok := ahead[core.Client](t, aheadClients, id); ok {
		return c, nil
	}
	return one(t, "client", "Client", scanClient, `SELECT `+clientCols+` FROM clients WHERE id = ?`, id)
}

func (t *tx) UpdateClient(c *core.Client) error {
	return t.update("update client", "Client", `UPDATE clients
		SET name = ?, zone = ?, language = ?, email = ?, phone = ?, search = ? WHERE id = ?`,
		c.Name, c.Zone, c.Language, c.Email, c.Phone, searchKey(c), c.ID)
}

// SearchClients finds query anywhere in a client's name, email or phone;
// a limit of zero or less means no limit.
func (t *tx) SearchClients(query string, n int) ([]*core.Client, error) {
	pattern := "%" + escapeLike(strings.ToLower(query)) + "%"
	return all(t, "search clients", scanClient, `SELECT `+clientCols+` FROM clients
		WHERE search LIKE ? ESCAPE '\' ORDER BY id`+limit(n), pattern)
}

// escapeLike makes a person's text match itself in a LIKE pattern.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

const accountCols = `platform, user_id, client_id, chat_id, unreachable`

func scanAccount(s rowScanner) (*core.Account, error) {
	var a core.Account
	err := s.Scan(&a.Platform, &a.UserID, &a.ClientID, &a.ChatID, &a.Unreachable)
	return &a, err
}

func (t *tx) PutAccount(a *core.Account) error {
	_, err := t.exec("put account", `INSERT INTO accounts (`+accountCols+`) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (platform, user_id) DO UPDATE SET
		client_id = excluded.client_id, chat_id = excluded.chat_id, unreachable = excluded.unreachable`,
		a.Platform, a.UserID, a.ClientID, a.ChatID, a.Unreachable)
	return err
}

func (t *tx) Account(platform, userID string) (*core.Account, error) {
	return one(t, "account", "Account", scanAccount,
		`SELECT `+accountCols+` FROM accounts WHERE platform = ? AND user_id = ?`, platform, userID)
}

// Accounts lists a client's chat accounts by platform, then user id.
func (t *tx) Accounts(clientID int64) ([]*core.Account, error) {
	if list, ok := t.accountsAhead(clientID); ok {
		return list, nil
	}
	return all(t, "accounts", scanAccount,
		`SELECT `+accountCols+` FROM accounts WHERE client_id = ? ORDER BY platform, user_id`, clientID)
}
