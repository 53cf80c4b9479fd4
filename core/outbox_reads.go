package core

// The Outbox area's reads for the bot: what a notice names, and the send
// budgets the senders share.

import "context"

// NoticeReads runs fn, the notice renderer's reads of what a notice
// names (the bot's loadNotice), as one Browse: each statement sees the
// newest data, no snapshot, and no write (PostgreSQL refuses one). A
// notice's words need no snapshot, and Browse spares View's BEGIN and
// COMMIT, two round trips of each notice sent.
func (s *Outbox) NoticeReads(ctx context.Context, fn func(tx NoticeReadTx) error) error {
	return s.store.Browse(ctx, func(tx Tx) error { return fn(tx) })
}

// NoticeReadTx is what the notice renderer may read: the rows a notice
// names, and no write, so the words of a notice never change the domain.
type NoticeReadTx interface {
	ReadAheadTx
	Client(id int64) (*Client, error)
	Accounts(clientID int64) ([]*Account, error)
	Coach(id int64) (*Coach, error)
	SessionType(id int64) (*SessionType, error)
	Session(id int64) (*Session, error)
	Sessions(f SessionFilter) ([]*Session, error)
	Booking(id int64) (*Booking, error)
	Bookings(f BookingFilter) ([]*Booking, error)
	Pass(id int64) (*Pass, error)
	Payment(id int64) (*Payment, error)
	Notices(f NoticeFilter) ([]*Notice, error)
}

// SendBudgets is where the platforms' send budgets are kept: in the
// database for every replica to share (PostgreSQL), or in this process
// (SQLite). Each chat adapter's core.Pacer counts in it.
func (s *Outbox) SendBudgets() SendBudgets { return s.store }
