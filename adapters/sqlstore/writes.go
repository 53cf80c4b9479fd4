package sqlstore

import (
	"fmt"
	"strings"
)

// Append-only rows (audit entries, outbox notices, ledger lines) are
// written behind: queued in the transaction and sent in one statement
// before the next read of their tables or before commit. A booking writes
// up to seven such rows; sending them one by one was most of its round
// trips to PostgreSQL. Their IDs are therefore not set on the caller's
// value.

// queuedRow is one row waiting to be inserted.
type queuedRow struct {
	table string // table name
	cols  string // "a, b, c"
	args  []any
}

// queue adds a row to the write-behind queue.
func (t *tx) queue(table, cols string, args ...any) {
	t.pending = append(t.pending, queuedRow{table: table, cols: cols, args: args})
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
	t.pending = nil
	var order []string
	byTable := map[string][]queuedRow{}
	for _, r := range rows {
		if _, ok := byTable[r.table]; !ok {
			order = append(order, r.table)
		}
		byTable[r.table] = append(byTable[r.table], r)
	}
	var stmts []string
	var args [][]any
	for _, table := range order {
		q, a := multiInsert(byTable[table])
		stmts, args = append(stmts, q), append(args, a)
	}
	if t.d.CombineWrites && len(stmts) > 1 {
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
