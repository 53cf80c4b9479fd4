package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/jmoiron/sqlx"
	"github.com/slotbot/slotbot/core"
)

// tx implements core.Tx on one database transaction. Its methods live in
// one file per entity; the helpers below run the SQL and map its errors.
type tx struct {
	ctx      context.Context
	tx       *sqlx.Tx // nil in Single and Browse: statements run on db, each its own transaction
	db       *sqlx.DB
	trips    *atomic.Int64 // the store's count of statements sent
	ran      bool          // Single (tx nil): the one statement has run
	browse   bool          // Browse (tx nil): any number of statements, each a SELECT
	d        *Dialect
	readOnly bool           // a View: locks are refused on every database alike
	binds    *binder        // the store's rebinding of ? placeholders (bind.go)
	stmts    *statements    // the pool's prepared statements (prepared.go)
	pending  []queuedRow    // rows and statements not yet written (writes.go)
	ordered  int            // how many of pending are statements any other statement must follow
	held     map[int64]bool // passes locked in this transaction, whose updates may be written behind
	// next is an id drawn for the next new booking of one client in one
	// session, whose insert may then be written behind (LockSessionToBook).
	next struct{ id, session, client int64 }

	cache *cache          // the store's cache of the catalog (cache.go)
	seen  [nTables]uint64 // the cache's drop counters when the transaction began
	wrote tableSet        // cached tables this transaction wrote: read from the database, dropped at its end

	ahead map[aheadKey]any // rows read ahead for their readers (ReadAhead), in a read-only transaction

	// begin begins the transaction of Update or View when its first
	// statement comes (open); nil once called, and in Single and Browse.
	begin    func() (*sqlx.Tx, error)
	beginErr error // begin failed: every statement fails with it
}

var _ core.Tx = (*tx)(nil)

// rowScanner is what a scan function reads from: *sql.Row or *sql.Rows.
type rowScanner interface {
	Scan(dest ...any) error
}

// fail turns err into what a service should see: a *core.Error for a
// missing row or a constraint a person can understand (keeping the driver
// error in the chain for logs), any other error wrapped with the
// operation's name.
func (t *tx) fail(op, what string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %s: %w", notFound(what), op, err)
	}
	if e := t.d.Error(err); e != nil {
		return fmt.Errorf("%w: %s: %w", e, op, err)
	}
	return fmt.Errorf("%s: %s: %w", t.d.Name, op, err)
}

// query expands slice arguments into IN lists and rebinds ? to the
// driver's placeholders; every statement passes here. Queued ordered
// statements are written first, so no statement reads around them, and
// Single's one-statement rule is kept here.
func (t *tx) query(q string, args []any) (string, []any, error) {
	if err := t.open(); err != nil {
		return "", nil, err
	}
	if t.ordered > 0 {
		if err := t.flush(); err != nil {
			return "", nil, err
		}
	}
	t.trips.Add(1)
	if t.cache != nil && !t.browse {
		t.wrote |= t.cache.writesOf(q)
	}
	if t.browse {
		if !isSelect(q) {
			return "", nil, fmt.Errorf("%s: a write in Browse: %.60q", t.d.Name, q)
		}
	} else if t.tx == nil { // Single: one statement, no transaction
		if t.ran {
			return "", nil, fmt.Errorf("%s: a second statement in Single: %.60q", t.d.Name, q)
		}
		t.ran = true
	}
	return t.binds.bind(q, args)
}

// open begins the transaction before its first statement; a begin that
// failed fails every statement after it.
func (t *tx) open() error {
	if t.begin != nil {
		t.tx, t.beginErr = t.begin()
		t.begin = nil
	}
	return t.beginErr
}

// mustBeOpen panics when a statement of Update or View comes before its
// transaction began (open, which query calls): it would run on the pool,
// outside the transaction, and the Update would no longer be atomic.
// Only a statement added without query or open can get here.
func (t *tx) mustBeOpen() {
	if t.begin != nil {
		panic("sqlstore: a statement before its transaction began: call t.query or t.open first")
	}
}

// isSelect reports whether q is a plain SELECT, the only statement Browse
// runs (a WITH could hide a write).
func isSelect(q string) bool {
	q = strings.TrimLeft(q, " \t\r\n(")
	return len(q) >= 6 && strings.EqualFold(q[:6], "SELECT")
}

// rebind turns q's ? placeholders into the driver's, for the few
// statements that skip query's caching and checks (health queries).
func (t *tx) rebind(q string) string { return sqlx.Rebind(t.binds.bindType, q) }

// querier runs statements: the transaction, or the pool in Single.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// conn is where t's unprepared statements run.
func (t *tx) conn() querier {
	t.mustBeOpen()
	if t.tx == nil {
		return t.db
	}
	return t.tx
}

// prepared is q's prepared statement bound to this transaction, or nil
// while q runs unprepared.
func (t *tx) prepared(q string) *sql.Stmt {
	t.mustBeOpen()
	st := t.stmts.get(q)
	if st == nil || t.tx == nil {
		return st // outside a transaction the pool's statement runs as is
	}
	return t.tx.StmtContext(t.ctx, st)
}

// queryRow runs q (rebound) for one row, prepared when it can be.
func (t *tx) queryRow(q string, args []any) *sql.Row {
	if st := t.prepared(q); st != nil {
		return st.QueryRowContext(t.ctx, args...)
	}
	return t.conn().QueryRowContext(t.ctx, q, args...)
}

// queryRows runs q (rebound) for its rows, prepared when it can be.
func (t *tx) queryRows(q string, args []any) (*sql.Rows, error) {
	if st := t.prepared(q); st != nil {
		return st.QueryContext(t.ctx, args...)
	}
	return t.conn().QueryContext(t.ctx, q, args...)
}

// execute runs q (rebound), prepared when it can be.
func (t *tx) execute(q string, args []any) (sql.Result, error) {
	if st := t.prepared(q); st != nil {
		return st.ExecContext(t.ctx, args...)
	}
	return t.conn().ExecContext(t.ctx, q, args...)
}

// one reads a single row with scan; a missing row is ENOTFOUND "<what> not
// found.".
func one[T any](t *tx, op, what string, scan func(rowScanner) (*T, error), q string, args ...any) (*T, error) {
	q, args, err := t.query(q, args)
	if err != nil {
		return nil, t.fail(op, what, err)
	}
	v, err := scan(t.queryRow(q, args))
	if err != nil {
		return nil, t.fail(op, what, err)
	}
	return v, nil
}

// all reads every row with scan, never returning a nil slice.
func all[T any](t *tx, op string, scan func(rowScanner) (*T, error), q string, args ...any) ([]*T, error) {
	q, args, err := t.query(q, args)
	if err != nil {
		return nil, t.fail(op, "", err)
	}
	rows, err := t.queryRows(q, args)
	if err != nil {
		return nil, t.fail(op, "", err)
	}
	defer rows.Close()
	list := []*T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, t.fail(op, "", err)
		}
		list = append(list, v)
	}
	if err := rows.Err(); err != nil {
		return nil, t.fail(op, "", err)
	}
	return list, nil
}

// insert runs an INSERT … RETURNING id and returns the id.
func (t *tx) insert(op, q string, args ...any) (int64, error) {
	q, args, err := t.query(q, args)
	if err != nil {
		return 0, t.fail(op, "", err)
	}
	var id int64
	if err := t.queryRow(q, args).Scan(&id); err != nil {
		return 0, t.fail(op, "", err)
	}
	return id, nil
}

// exec runs a statement and returns how many rows it touched.
func (t *tx) exec(op, q string, args ...any) (int, error) {
	q, args, err := t.query(q, args)
	if err != nil {
		return 0, t.fail(op, "", err)
	}
	res, err := t.execute(q, args)
	if err != nil {
		return 0, t.fail(op, "", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, t.fail(op, "", err)
	}
	return int(n), nil
}

// update runs an UPDATE of one row by id; no such row is ENOTFOUND.
func (t *tx) update(op, what, q string, args ...any) error {
	n, err := t.exec(op, q, args...)
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound(what)
	}
	return nil
}

// where collects the conditions and arguments of a filtered list.
type where struct {
	conds []string
	args  []any
}

// add appends a condition with its arguments.
func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// String renders " WHERE a AND b", or "" when nothing filters.
func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// limit renders " LIMIT n" for a positive n, else "".
func limit(n int) string {
	if n <= 0 {
		return ""
	}
	return fmt.Sprintf(" LIMIT %d", n)
}

// strs converts a list of string-kinded values (statuses, kinds) for an IN
// list.
func strs[S ~string](list []S) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = string(s)
	}
	return out
}
