package sqlstore

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
	"time"
)

// maxPrepared caps how many statement texts a pool keeps prepared, so a
// caller building texts without end (IN lists of every length) cannot
// fill the database's memory with plans; past it, texts run unprepared.
const maxPrepared = 1024

// prepareTimeout bounds one background preparation.
const prepareTimeout = 10 * time.Second

// statements keeps the statements of one pool prepared, so the database
// parses and plans each text once per connection instead of on every run
// (on PostgreSQL that planning was a third of a booking's server time).
//
// A statement is prepared in the background the first time its text is
// seen, on a connection of its own, and that run goes unprepared: a
// transaction holds its connection, and waiting inside it for another one
// could deadlock a full pool (SQLite's writer pool has one connection).
// Later runs use it through Tx.StmtContext, which prepares it on the
// transaction's own connection once and reuses it there from then on.
//
// The queries name their columns, so a migration that adds columns while
// statements are prepared does not change their result types (PostgreSQL
// would then refuse the cached plan). Behind PgBouncer in transaction
// mode, PgBouncer must track prepared statements (1.21 or later).
type statements struct {
	db    *sql.DB
	ctx   context.Context // cancelled by close: stops preparations in flight
	stop  context.CancelFunc
	wg    sync.WaitGroup
	ready sync.Map // text → *sql.Stmt, or pending while it is prepared
	size  atomic.Int64
}

// pending marks a text being prepared.
type pending struct{}

// newStatements keeps db's statements prepared.
func newStatements(db *sql.DB) *statements {
	ctx, stop := context.WithCancel(context.Background())
	return &statements{db: db, ctx: ctx, stop: stop}
}

// get returns the prepared statement for q, or nil when q is not (yet)
// prepared; a first sight of q starts its preparation.
func (s *statements) get(q string) *sql.Stmt {
	if v, ok := s.ready.Load(q); ok {
		st, _ := v.(*sql.Stmt)
		return st
	}
	if s.size.Load() >= maxPrepared {
		return nil
	}
	if _, loaded := s.ready.LoadOrStore(q, pending{}); loaded {
		return nil
	}
	s.size.Add(1)
	s.wg.Add(1)
	go s.prepare(q)
	return nil
}

// prepare prepares q on a connection of the pool; a text that fails
// (the database refuses it, or the pool closed) stays unprepared.
func (s *statements) prepare(q string) {
	defer s.wg.Done()
	ctx, cancel := context.WithTimeout(s.ctx, prepareTimeout)
	defer cancel()
	st, err := s.db.PrepareContext(ctx, q)
	if err != nil {
		return // runs unprepared, as before; the pending mark stays so it is not retried
	}
	s.ready.Store(q, st)
}

// close stops preparations in flight and closes the prepared statements;
// it runs before the pool closes.
func (s *statements) close() {
	s.stop()
	s.wg.Wait()
	s.ready.Range(func(_, v any) bool {
		if st, ok := v.(*sql.Stmt); ok {
			_ = st.Close()
		}
		return true
	})
}
