package core

// The Outbox area's reads for the bot: what a notice names, and the send
// budgets the senders share.

import "context"

// NoticeReads runs fn, the notice renderer's reads of what a notice
// names (the bot's loadNotice), as one Browse: each statement sees the
// newest data, no snapshot, and no write (PostgreSQL refuses one). A
// notice's words need no snapshot, and Browse spares View's BEGIN and
// COMMIT, two round trips of each notice sent.
func (s *Outbox) NoticeReads(ctx context.Context, fn func(tx Tx) error) error {
	return s.store.Browse(ctx, fn)
}

// SendBudgets is where the platforms' send budgets are kept: in the
// database for every replica to share (PostgreSQL), or in this process
// (SQLite). Each chat adapter's core.Pacer counts in it.
func (s *Outbox) SendBudgets() SendBudgets { return s.store }
