package sqlstore

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/slotbot/slotbot/core"
)

// aheadTable names a table whose rows ReadAhead keeps for their readers.
type aheadTable uint8

const (
	aheadClients aheadTable = iota
	aheadAccounts
	aheadSessions
	aheadBookings
	aheadPayments
	aheadPasses
)

// aheadKey is a row read ahead: its table and id (for accounts, their
// client's id, under which all of that client's accounts are kept).
type aheadKey struct {
	table aheadTable
	id    int64
}

// aheadPart is one SELECT of ReadAhead's query and how its rows are kept.
type aheadPart struct {
	table aheadTable
	ids   []int64
	query string // the SELECT, up to the IN list of ids
	order string // its ORDER BY, after the list
	keep  func(t *tx, s rowScanner) error
}

// ReadAhead reads r's rows on PostgreSQL in one round trip: one text of
// several SELECTs, their ids written into it as numbers, which lib/pq
// sends unprepared (the simple protocol, several result sets in one
// answer). The text varies with the ids, so it skips the binder's and the
// prepared statements' caches. In process (SQLite) a read costs no round
// trip and nothing is read ahead; neither in a read-write transaction,
// whose own writes a row read ahead could miss.
func (t *tx) ReadAhead(r core.ReadAhead) error {
	if !t.d.JoinStatements || !t.readOnly {
		return nil
	}
	parts := []aheadPart{
		{aheadClients, r.Clients, `SELECT ` + clientCols + ` FROM clients WHERE id IN `, ``, keepAhead(aheadClients, scanClient, func(c *core.Client) int64 { return c.ID })},
		{aheadAccounts, r.AccountsOf, `SELECT ` + accountCols + ` FROM accounts WHERE client_id IN `, ` ORDER BY platform, user_id`, keepAccount},
		{aheadSessions, r.Sessions, `SELECT ` + sessionCols + ` FROM sessions WHERE id IN `, ``, keepAhead(aheadSessions, scanSession, func(s *core.Session) int64 { return s.ID })},
		{aheadBookings, r.Bookings, `SELECT ` + bookingCols + ` FROM bookings WHERE id IN `, ``, keepAhead(aheadBookings, scanBooking, func(b *core.Booking) int64 { return b.ID })},
		{aheadPayments, r.Payments, `SELECT ` + paymentCols + ` FROM payments WHERE id IN `, ``, keepAhead(aheadPayments, scanPayment, func(p *core.Payment) int64 { return p.ID })},
		{aheadPasses, r.Passes, `SELECT ` + passCols + ` FROM passes WHERE id IN `, ``, keepAhead(aheadPasses, scanPass, func(p *core.Pass) int64 { return p.ID })},
	}
	var q strings.Builder
	sent := parts[:0]
	for _, p := range parts {
		if len(p.ids) == 0 {
			continue
		}
		if q.Len() > 0 {
			q.WriteString("; ")
		}
		q.WriteString(p.query)
		for i, id := range p.ids {
			q.WriteByte(",("[min(i, 1)^1])
			q.WriteString(strconv.FormatInt(id, 10))
		}
		q.WriteByte(')')
		q.WriteString(p.order)
		sent = append(sent, p)
	}
	if len(sent) == 0 {
		return nil
	}
	if t.ahead == nil {
		t.ahead = make(map[aheadKey]any)
	}
	for _, id := range r.AccountsOf { // a client with no account has none, not unknown
		t.ahead[aheadKey{aheadAccounts, id}] = []*core.Account{}
	}
	if err := t.open(); err != nil {
		return err
	}
	t.trips.Add(1)
	rows, err := t.conn().QueryContext(t.ctx, q.String())
	if err != nil {
		return t.fail("read ahead", "", err)
	}
	defer rows.Close()
	for i, p := range sent {
		if i > 0 && !rows.NextResultSet() {
			return t.fail("read ahead", "", fmt.Errorf("no result set for %.40q: %w", p.query, rows.Err()))
		}
		for rows.Next() {
			if err := p.keep(t, rows); err != nil {
				return t.fail("read ahead", "", err)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return t.fail("read ahead", "", err)
	}
	return nil
}

// keepAhead keeps a row scanned with scan under its id.
func keepAhead[T any](table aheadTable, scan func(rowScanner) (*T, error), id func(*T) int64) func(*tx, rowScanner) error {
	return func(t *tx, s rowScanner) error {
		v, err := scan(s)
		if err != nil {
			return err
		}
		t.ahead[aheadKey{table, id(v)}] = v
		return nil
	}
}

// keepAccount adds an account to its client's accounts read ahead.
func keepAccount(t *tx, s rowScanner) error {
	a, err := scanAccount(s)
	if err != nil {
		return err
	}
	k := aheadKey{aheadAccounts, a.ClientID}
	list, _ := t.ahead[k].([]*core.Account)
	t.ahead[k] = append(list, a)
	return nil
}

// ahead returns a copy of the row of table with id read ahead, if it was.
func ahead[T any](t *tx, table aheadTable, id int64) (*T, bool) {
	v, ok := t.ahead[aheadKey{table, id}].(*T)
	if !ok {
		return nil, false
	}
	c := *v
	return &c, true
}

// accountsAhead returns copies of a client's accounts read ahead, if they were.
func (t *tx) accountsAhead(clientID int64) ([]*core.Account, bool) {
	list, ok := t.ahead[aheadKey{aheadAccounts, clientID}].([]*core.Account)
	if !ok {
		return nil, false
	}
	out := make([]*core.Account, len(list))
	for i, a := range list {
		c := *a
		out[i] = &c
	}
	return out, true
}
