package sqlstore

import (
	"fmt"
	"strings"

	"github.com/slotbot/slotbot/core"
)

// Append-only rows (audit entries, outbox notices, ledger lines) are
// written behind: queued in the transaction and sent in one statement
// before the next read of their tables or before commit. A booking writes
// up to seven such rows; sending them one by one was most of its round
// trips to PostgreSQL. Their IDs are therefore not set on the caller's
// value.
//
// Two more writes may go behind on PostgreSQL, in the same statement: the
// update of a row this transaction holds locked (a pass being charged),
// which cannot vanish before commit, so nothing is lost by not counting
// the rows it touched; and the insert of a booking whose id was drawn
// beforehand (LockSessionToBook). Unlike the append-only rows, other
// statements may read these rows, so while one is queued every other
// statement of the transaction writes the queue first (tx.query).

// queuedRow is one row waiting to be inserted, or one ordered statement.
type queuedRow struct {
	table string // table name
	cols  string // "a, b, c"
	args  []any
	stmt  string // a statement written behind, instead of an insert into table
	key   string // the row stmt writes, "table:id": a later stmt replaces an earlier one
}

// queue adds a row to the write-behind queue.
func (t *tx) queue(table, cols string, args ...any) {
	t.pending = append(t.pending, queuedRow{table: table, cols: cols, args: args})
}

// queueOrdered adds q, which writes the row named by key ("table:id"),
// to the write-behind queue, replacing a queued statement of the same row
// (two writes of one row may not share a statement); every other
// statement now waits for the queue to be written.
func (t *tx) queueOrdered(key, q string, args ...any) {
	for i, r := range t.pending {
		if r.key == key {
			t.pending[i].stmt, t.pending[i].args = q, args
			return
		}
	}
	t.pending = append(t.pending, queuedRow{stmt: q, key: key, args: args})
	t.ordered++
}

// hold records passes this transaction has locked.
func (t *tx) hold(passes ...*core.Pass) {
	if t.held == nil {
		t.held = map[int64]bool{}
	}
	for _, p := range passes {
		t.held[p.ID] = true
	}
}

// flush writes every queued row: one multi-row INSERT per table, joined
// into a single statement with data-modifying CTEs where the database
// allows it (PostgreSQL), else one statement per table (SQLite, where a
// statement costs no round trip).
func (t *tx) flush() error {
	if len(t.pending) == 0 {
		return nil
	}
	rows := t.pending
	t.pending, t.ordered = nil, 0
	var stmts []string
	var args [][]any
	var order []string
	byTable := map[string][]queuedRow{}
	for _, r := range rows {
		if r.stmt != "" {
			stmts, args = append(stmts, r.stmt), append(args, r.args)
			continue
		}
		if _, ok := byTable[r.table]; !ok {
			order = append(order, r.table)
		}
		byTable[r.table] = append(byTable[r.table], r)
	}
	for _, table := range order {
		q, a := multiInsert(byTable[table])
		stmts, args = append(stmts, q), append(args, a)
	}
	if t.d.JoinStatements && len(stmts) > 1 {
		var b strings.Builder
		var all []any
		b.WriteString("WITH ")
		for i, q := range stmts[:len(stmts)-1] {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "w%d AS (", i)
			b.WriteString(q)
			b.WriteString(")")
			all = append(all, args[i]...)
		}
		b.WriteString(" ")
		b.WriteString(stmts[len(stmts)-1])
		all = append(all, args[len(args)-1]...)
		stmts, args = []string{b.String()}, [][]any{all}
	}
	for i, q := range stmts {
		if _, err := t.exec("write queued rows", q, args[i]...); err != nil {
			return err
		}
	}
	return nil
}

// flushFor flushes before a statement on table: only when a row for it
// waits, so an unrelated statement (withdrawing notices after an audit
// line was queued) does not cost its own round trip.
func (t *tx) flushFor(table string) error {
	for _, r := range t.pending {
		if r.table == table {
			return t.flush()
		}
	}
	return nil
}

// multiInsert builds one INSERT for rows of the same table and columns.
func multiInsert(rows []queuedRow) (string, []any) {
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	b.WriteString(rows[0].table)
	b.WriteString(" (")
	b.WriteString(rows[0].cols)
	b.WriteString(") VALUES ")
	var args []any
	for i, r := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		b.WriteString(strings.TrimSuffix(strings.Repeat("?, ", len(r.args)), ", "))
		b.WriteString(")")
		args = append(args, r.args...)
	}
	return b.String(), args
}
