package sqlite

import (
	"context"
	"database/sql/driver"
)

// quiet wraps c so that its connections hand the driver contexts that
// are never done, while database/sql itself still sees the caller's:
// waiting for a connection of the pool, and every statement of a
// transaction, still ends with the caller's context, and a statement
// still does not start once it has ended.
//
// modernc.org/sqlite starts a goroutine for every statement whose
// context can end, only to watch it and interrupt the statement, and
// sets up a progress handler and a busy handler that watch it too. In
// the rush, without them, SQLite spent 4-14 % less CPU per update (the
// medians of both slot orders, docs/deploy.md). What
// is lost is interrupting a statement already running when its caller
// gives up: the statements are short and in process, and a wait for a
// lock held by another process is bounded by the busy timeout (dsn).
//
// A connection or statement that lacks one of the context-taking
// methods database/sql looks for is left unwrapped, as is a statement
// that converts its own arguments, so nothing else changes.
func quiet(c driver.Connector) driver.Connector { return quietConnector{c} }

// quietConnector is quiet's connector.
type quietConnector struct{ driver.Connector }

// Connect opens a connection and wraps it, when it has every method the
// wrapper forwards.
func (c quietConnector) Connect(ctx context.Context) (driver.Conn, error) {
	dc, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	if q, ok := dc.(quietable); ok {
		return quietConn{q}, nil
	}
	return dc, nil
}

// quietable is what a connection must implement for quiet to wrap it.
type quietable interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// quietConn is a connection whose driver sees contexts never done.
type quietConn struct{ c quietable }

// Unwrap is the driver's own connection (sqlite.Limit looks for it).
func (q quietConn) Unwrap() driver.Conn { return q.c }

// Prepare prepares a statement without a context.
func (q quietConn) Prepare(query string) (driver.Stmt, error) {
	st, err := q.c.Prepare(query)
	return quietStmtOf(st), err
}

// Close closes the connection.
func (q quietConn) Close() error { return q.c.Close() }

// Begin begins a transaction without a context (database/sql calls
// BeginTx; driver.Conn requires Begin).
func (q quietConn) Begin() (driver.Tx, error) {
	return q.c.Begin()
}

// BeginTx begins a transaction.
func (q quietConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return q.c.BeginTx(context.WithoutCancel(ctx), opts)
}

// PrepareContext prepares a statement.
func (q quietConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	st, err := q.c.PrepareContext(context.WithoutCancel(ctx), query)
	return quietStmtOf(st), err
}

// ExecContext runs a statement unprepared.
func (q quietConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return q.c.ExecContext(context.WithoutCancel(ctx), query, args)
}

// QueryContext runs a query unprepared.
func (q quietConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return q.c.QueryContext(context.WithoutCancel(ctx), query, args)
}

// Ping checks the connection.
func (q quietConn) Ping(ctx context.Context) error { return q.c.Ping(context.WithoutCancel(ctx)) }

// ResetSession readies the connection for its next use.
func (q quietConn) ResetSession(ctx context.Context) error { return q.c.ResetSession(ctx) }

// IsValid reports whether the connection may go back to the pool.
func (q quietConn) IsValid() bool { return q.c.IsValid() }

// CheckNamedValue converts an argument as the driver does, or leaves it
// to database/sql's default when the driver has no conversion of its own.
func (q quietConn) CheckNamedValue(nv *driver.NamedValue) error {
	if nvc, ok := q.c.(driver.NamedValueChecker); ok {
		return nvc.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

// quietStmt is a prepared statement whose driver sees contexts never done.
type quietStmt struct {
	driver.Stmt
	exec  driver.StmtExecContext
	query driver.StmtQueryContext
}

// quietStmtOf wraps st when it runs with a context and leaves the
// conversion of its arguments to the connection.
func quietStmtOf(st driver.Stmt) driver.Stmt {
	exec, ok1 := st.(driver.StmtExecContext)
	query, ok2 := st.(driver.StmtQueryContext)
	_, nvc := st.(driver.NamedValueChecker)
	//lint:ignore SA1019 a statement that still converts this way is left as it is
	_, cc := st.(driver.ColumnConverter)
	if st == nil || !ok1 || !ok2 || nvc || cc {
		return st
	}
	return quietStmt{Stmt: st, exec: exec, query: query}
}

// ExecContext runs the statement.
func (s quietStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.exec.ExecContext(context.WithoutCancel(ctx), args)
}

// QueryContext runs the query.
func (s quietStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.query.QueryContext(context.WithoutCancel(ctx), args)
}
