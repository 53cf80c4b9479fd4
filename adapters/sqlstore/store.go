// Package sqlstore is the one implementation of core.Store over SQL, shared
// by the PostgreSQL and SQLite adapters.
//
// The two schemas hold the same tables and the queries use only what both
// databases speak (RETURNING, ON CONFLICT, partial indexes), so the SQL is
// written once here, with ? placeholders rebound per driver. What differs
// (row locking, the meaning of driver errors, which errors are worth a
// retry) comes in a Dialect from the adapter, which also opens the
// connections and migrates the schema.
//
// On PostgreSQL every statement is a network round trip, and round trips,
// not the SQL, are most of what a booking or a chat update costs (its
// CPU is spent mostly in the kernel and the Go scheduler per trip). So
// the store keeps them few: statements stay prepared per connection
// (prepared.go); append-only rows, the update of a locked pass and the
// insert of a booking whose id was drawn in advance are written behind,
// all in one statement (writes.go); reads that always go together are
// joined (LockSessionToBook, SessionDetails, ArriveKnown, FirstInLine);
// Single runs a lone statement without BEGIN and COMMIT; Browse runs
// the reads of a chat screen likewise, each statement on its own; and
// ReadAhead reads the rows a notice names in one round trip. A
// booking paid by pass is four round trips (BEGIN, LockSessionToBook, the
// writes, COMMIT); Statements counts them.
package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/slotbot/slotbot/core"
)

// Dialect is what an adapter tells the shared store about its database.
type Dialect struct {
	// Name names the database in error messages ("postgres", "sqlite").
	Name string
	// Lock is appended to the SELECT of LockSession and LockPass:
	// " FOR UPDATE" on PostgreSQL, "" on SQLite, whose write transactions
	// already run one at a time (BEGIN IMMEDIATE).
	Lock string
	// Error maps a driver error to the *core.Error a person should see
	// (constraint violations), or returns nil when err means nothing to
	// them.
	Error func(err error) *core.Error
	// JoinStatements says each statement costs a network round trip
	// (PostgreSQL), so the store joins statements where the SQL allows:
	// queued writes of several tables in one statement with
	// data-modifying CTEs, the reads of a booking with a LATERAL join.
	// SQLite, in process, speaks neither and needs neither.
	JoinStatements bool
	// Retryable reports whether a transaction that failed with err may
	// succeed if run again (serialisation failure, deadlock, busy database).
	Retryable func(err error) bool
	// Replicas says other processes may write the database (replicas of
	// one studio): the store's cache of the catalog (cache.go) is then
	// used only while the adapter says it hears their writes
	// (SetCacheTrusted); without it, the one process's own writes keep it.
	Replicas bool
	// SharedBudgets keeps the send budgets in the database (the table
	// send_budget and its function send_budget_take), for replicas to
	// share; without it they stay in the process (sendbudget.go).
	SharedBudgets bool
	// UnixSeconds is the SQL for a timestamp column's whole seconds since
	// 1970, for reads of many rows that count rather than show (a year of
	// a coach's report): the driver then parses no time per row.
	UnixSeconds func(column string) string
}

// maxAttempts bounds how often Update runs fn when the database asks for a
// retry; past it the caller is told to try again shortly.
const maxAttempts = 10

// Store implements core.Store on a writer and a reader connection pool.
type Store struct {
	writer  *sqlx.DB
	reader  *sqlx.DB
	dialect Dialect
	binds   *binder
	wstmts  *statements         // prepared on writer
	rstmts  *statements         // prepared on reader (the same as wstmts when one pool)
	trips   atomic.Int64        // statements sent, BEGIN and COMMIT included (Statements)
	budgets *core.MemoryBudgets // the send budgets, unless Dialect.SharedBudgets
	cache   *cache              // the catalog, kept in memory (cache.go)
}

// Statements is how many statements the store has sent, BEGIN, COMMIT
// and ROLLBACK included: on PostgreSQL each is a network round trip, the
// cost benchmarks count per booking and per chat update (on SQLite, in
// process, a statement is far cheaper).
func (s *Store) Statements() int64 { return s.trips.Load() }

var _ core.Store = (*Store)(nil)

// New returns a store that runs Update on writer and View on reader, which
// may be the same pool. The store owns both and closes them in Close.
func New(writer, reader *sqlx.DB, d Dialect) *Store {
	s := &Store{writer: writer, reader: reader, dialect: d, binds: newBinder(writer), cache: newCache(!d.Replicas)}
	if !d.SharedBudgets {
		s.budgets = core.NewMemoryBudgets()
	}
	s.wstmts = newStatements(writer.DB)
	s.rstmts = s.wstmts
	if reader != writer {
		s.rstmts = newStatements(reader.DB)
	}
	return s
}

// Update runs fn in one read-write transaction, running it again (up to
// maxAttempts times, after a short jittered pause) when the database
// reports a serialisation failure, a deadlock or a busy lock. fn must
// therefore have no effect outside the transaction it is given.
func (s *Store) Update(ctx context.Context, fn func(core.Tx) error) error {
	return s.retry(ctx, func() error { return s.run(ctx, s.writer, nil, fn) })
}

// Single runs fn's one statement on its own, without BEGIN and COMMIT,
// where statements cost a round trip; elsewhere it is Update. Retried as
// Update is (a lone statement can still lose a deadlock).
func (s *Store) Single(ctx context.Context, fn func(core.Tx) error) error {
	if !s.dialect.JoinStatements {
		return s.Update(ctx, fn)
	}
	return s.retry(ctx, func() error {
		t := s.newTx(ctx, s.writer, s.wstmts)
		defer func() { s.cache.drop(t.wrote) }()
		if err := fn(t); err != nil {
			return err
		}
		return t.flush()
	})
}

// Browse runs fn's reads each on its own, without BEGIN and COMMIT, on
// the reader pool, where statements cost a round trip; a statement that
// is not a SELECT is refused. Elsewhere it is View: SQLite's reads are in
// process, and a snapshot costs it nothing.
func (s *Store) Browse(ctx context.Context, fn func(core.Tx) error) error {
	if !s.dialect.JoinStatements {
		return s.View(ctx, fn)
	}
	t := s.newTx(ctx, s.reader, s.rstmts)
	t.readOnly, t.browse = true, true
	if err := fn(t); err != nil {
		return err
	}
	return t.flush() // refuses any write fn queued
}

// newTx is a transaction of Single or Browse: each statement on its own,
// on db.
func (s *Store) newTx(ctx context.Context, db *sqlx.DB, stmts *statements) *tx {
	return &tx{ctx: ctx, db: db, d: &s.dialect, binds: s.binds, stmts: stmts, trips: &s.trips,
		cache: s.cache, seen: s.cache.snapshot()}
}

// retry runs attempt until it succeeds, fails for good, or has failed
// maxAttempts times with an error the dialect calls retryable.
func (s *Store) retry(ctx context.Context, attempt func() error) error {
	var err error
	for n := 1; n <= maxAttempts; n++ {
		err = attempt()
		if err == nil || !s.dialect.Retryable(err) {
			return err
		}
		if n == maxAttempts {
			break
		}
		pause := time.Duration(n) * (5*time.Millisecond + rand.N(10*time.Millisecond))
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: waiting to retry: %w (after %w)", s.dialect.Name, ctx.Err(), err)
		case <-time.After(pause):
		}
	}
	busy := core.NewError(core.EUNAVAILABLE, "err.store.busy", "The calendar is busy right now. Please try again in a moment.")
	return fmt.Errorf("%w: %s: gave up after %d attempts: %w", busy, s.dialect.Name, maxAttempts, err)
}

// View runs fn in a read-only transaction. On PostgreSQL it reads one
// snapshot (repeatable read); SQLite transactions always do.
func (s *Store) View(ctx context.Context, fn func(core.Tx) error) error {
	return s.run(ctx, s.reader, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}, fn)
}

// run is one attempt: begin, fn, commit, with a rollback on any failure.
// The transaction begins with fn's first statement (tx.open): one whose
// reads all come from the cache (cache.go) sends neither BEGIN nor
// COMMIT, as a wizard step that checks its offer again does (a fifth of
// SQLite's transactions in the rush ran no statement).
func (s *Store) run(ctx context.Context, db *sqlx.DB, opts *sql.TxOptions, fn func(core.Tx) error) error {
	seen := s.cache.snapshot() // before BEGIN: the snapshot the database gives is no older
	stmts := s.wstmts
	if db == s.reader {
		stmts = s.rstmts
	}
	t := &tx{ctx: ctx, d: &s.dialect, readOnly: opts != nil && opts.ReadOnly,
		binds: s.binds, stmts: stmts, trips: &s.trips, cache: s.cache, seen: seen}
	t.begin = func() (*sqlx.Tx, error) {
		s.trips.Add(2) // BEGIN, and COMMIT or ROLLBACK
		sqlTx, err := db.BeginTxx(ctx, opts)
		if err != nil {
			return nil, fmt.Errorf("%s: begin: %w", s.dialect.Name, err)
		}
		return sqlTx, nil
	}
	defer func() {
		if t.tx != nil {
			_ = t.tx.Rollback()
		}
	}()
	defer func() { s.cache.drop(t.wrote) }() // after the commit or the rollback
	if err := fn(t); err != nil {
		return err
	}
	if err := t.flush(); err != nil {
		return err
	}
	if err := t.beginErr; err != nil {
		return err // fn did not return it; nothing of fn's was written
	}
	if t.tx == nil {
		return nil // no statement ran
	}
	if err := t.tx.Commit(); err != nil {
		return fmt.Errorf("%s: commit: %w", s.dialect.Name, err)
	}
	return nil
}

// Close closes the store's pools.
func (s *Store) Close() error {
	s.wstmts.close()
	if s.rstmts != s.wstmts {
		s.rstmts.close()
	}
	err := s.writer.Close()
	if s.reader != s.writer {
		if rerr := s.reader.Close(); err == nil {
			err = rerr
		}
	}
	if err != nil {
		return fmt.Errorf("%s: close: %w", s.dialect.Name, err)
	}
	return nil
}
